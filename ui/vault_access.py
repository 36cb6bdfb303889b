"""The window's way into the vault, shared by the pages that need it (no global state).

It is opened on first need, with a passphrase dialog when the system has no keyring.

The household the user works on is kept in the vault (encrypted), not in a plain file; a plain
``last-dossier.json`` from an earlier version is moved into the vault and deleted.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QInputDialog, QLineEdit, QWidget

from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.messages import say
from pensioenchecker.model import Dossier
from pensioenchecker.paths import VAULT_FILE
from pensioenchecker.tempfolders import session_folder

if TYPE_CHECKING:
    from pensioenchecker.vault import Vault

LAST = "last"
"""The vault id of the household last worked on."""
LEGACY_LAST = "last-dossier.json"
LEGACY_FORMS = "forms"
"""Where earlier versions kept filled-in manual forms in plain text (moved into the vault)."""
FORM_PREFIX = "forms/"
"""A filled-in manual form is kept in the vault as a file of the household, under this name."""


class VaultAccess:
    """Opens the vault once, when first needed; tells the caller what went wrong."""

    def __init__(
        self,
        folder: Path,
        *,
        ask: bool = True,
        demo: bool = False,
        texts: Callable[[str], str] = str,
        parent: Callable[[], QWidget | None] = lambda: None,
    ) -> None:
        self.folder = folder
        self.ask = ask
        self.demo = demo
        self.texts = texts
        self.parent = parent
        self.problem = ""
        self.declined = False
        """The user cancelled the passphrase once: do not ask again in this run."""
        self._vault: Vault | None = None
        self._forms: Path | None = None

    @property
    def forms_folder(self) -> Path:
        """Where the window puts a filled-in form for the moment of its import.

        A private folder of this session, removed on exit; the forms themselves are kept in the
        vault with the household (``save_last``), and written as a file only when the user
        asks (the form dialog's Save as).
        """
        if self._forms is None:
            self._forms = session_folder("pensioenchecker-forms-")
        return self._forms

    def exists(self) -> bool:
        """Whether a vault was made in this folder before."""
        return (self.folder / VAULT_FILE).is_file()

    def leave_demo(self) -> None:
        """The user's own household is shown now: from here on the user's own vault is used.

        A run started on a demo kept a throw-away vault; the own household must not be
        autosaved there (it is deleted at exit).
        """
        if self.demo:
            if self._vault is not None:
                self._vault.close()
            self._vault = None
            self.demo = False

    def opened(self) -> Vault | None:
        """The vault if it is open already (never asks)."""
        return self._vault

    def get(self) -> Vault | None:
        """The vault, opened now if needed; None when the user cancels or it cannot open."""
        if self._vault is not None:
            return self._vault
        if self.declined:
            return None
        # Imported here: the vault's cryptography is not needed to start the window.
        from pensioenchecker.vault import PassphraseNeededError, Vault

        try:
            if self.demo:
                # A demo never touches the user's own vault: a throw-away one with its own key.
                folder = session_folder("pensioenchecker-demo-vault-")
                self._vault = Vault.open(folder, key=os.urandom(32))
            else:
                try:
                    self._vault = Vault.open(self.folder)
                except PassphraseNeededError:
                    phrase = self._ask_passphrase()
                    if phrase is None:
                        self.problem = self.texts("vault.cancelled")
                        self.declined = True
                        return None
                    self._vault = Vault.open(self.folder, passphrase=phrase)
        except PensioencheckerError as exc:
            self.problem = exc.text(self._lang())
            return None
        self._move_legacy_file()
        return self._vault

    def _lang(self) -> str | None:
        """The window's language: that of the object whose ``t`` gave ``texts``."""
        return getattr(getattr(self.texts, "__self__", None), "lang", None)

    def _ask_passphrase(self) -> str | None:
        if not self.ask:
            return os.environ.get("PENSIOENCHECKER_VAULT_PASSPHRASE")
        from pensioenchecker.passphrase import weakness

        new = not self.exists()
        prompt = self.texts("vault.passphrase.new" if new else "vault.passphrase.existing")
        shown = prompt
        while True:
            text, ok = QInputDialog.getText(
                self.parent(), self.texts("vault.passphrase.title"), shown,
                QLineEdit.EchoMode.Password,
            )  # fmt: skip
            if not ok or not text:
                return None
            problem = weakness(text) if new else None
            if problem is None:
                return text
            shown = (
                f"{prompt}\n\n{say(problem, self._lang())}"  # a new vault: ask again, saying why
            )

    def _move_legacy_file(self) -> None:
        """A plain dossier file from before the vault: into the vault, then gone."""
        legacy = self.folder / LEGACY_LAST
        if self._vault is None or self.demo or not legacy.is_file():
            return
        try:
            dossier = Dossier.from_json(legacy.read_bytes(), str(legacy))
        except (OSError, PensioencheckerError):
            return
        self._vault.save_dossier(dossier, dossier_id=LAST, label=dossier.label)
        legacy.unlink(missing_ok=True)

    def save_last(self, dossier: Dossier) -> bool:
        """Keep the household for next time (encrypted), with the forms filled in for it."""
        vault = self.get()
        if vault is None:
            return False
        with vault.transaction():
            vault.save_dossier(dossier, dossier_id=LAST, label=dossier.label)
            moved = self._keep_forms(vault)
        for path in moved:  # plain copies of earlier versions: gone once in the vault
            path.unlink(missing_ok=True)
        legacy = self.folder / LEGACY_FORMS
        if moved and legacy.is_dir() and not any(legacy.iterdir()):
            legacy.rmdir()
        return True

    def _keep_forms(self, vault: Vault) -> list[Path]:
        """Store new forms as files of the kept household; the legacy plain files stored."""
        if self.demo:
            return []
        session = sorted(self._forms.glob("*.json")) if self._forms is not None else []
        legacy = sorted((self.folder / LEGACY_FORMS).glob("*.json"))
        if not session and not legacy:
            return []
        kept = {name for name, _ in vault.files(LAST) if name.startswith(FORM_PREFIX)}
        for path in [*session, *legacy]:
            name = FORM_PREFIX + path.name
            if name not in kept:
                try:
                    vault.save_file(LAST, name, path.read_bytes())
                except OSError:
                    continue
                kept.add(name)
        # Only plain forms that are safely in the vault may be deleted by the caller.
        return [path for path in legacy if FORM_PREFIX + path.name in kept]

    def kept_forms(self) -> list[tuple[str, bytes]]:
        """The forms kept with the household, as (file name, JSON bytes)."""
        vault = self.opened()
        if vault is None or LAST not in {entry.id for entry in vault.list_dossiers()}:
            return []
        return [
            (name.removeprefix(FORM_PREFIX), data)
            for name, data in vault.files(LAST)
            if name.startswith(FORM_PREFIX)
        ]

    def load_last(self) -> Dossier | None:
        """The household kept last time, if there is a vault with one."""
        if not self.exists() and not (self.folder / LEGACY_LAST).is_file():
            return None
        vault = self.get()
        if vault is None:
            return None
        if LAST not in {entry.id for entry in vault.list_dossiers()}:
            return None
        try:
            return vault.load_dossier(LAST)
        except PensioencheckerError as exc:
            self.problem = exc.text(self._lang())
            return None
