"""The Share page's state and work, apart from its widgets.

It holds what the page knows (the request being answered, the adviser's keys, the vault) and
does what the page's buttons ask, through the core (``pensioenchecker.share``). Making and
opening packages (encryption, upload) runs on the window's task runner, off the GUI thread; the
panels only listen to its signals and show. The vault is opened when first needed, not at
start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.messages import say
from pensioenchecker.passphrase import weakness
from pensioenchecker.share import (
    SharedPackage,
    ShareRequest,
    UploadFailedError,
    matching_files,
    open_package,
    read_request,
    read_share_file,
    share_package,
)
from pensioenchecker.share.keys import (
    KeyPassphraseNeededError,
    RecipientKeys,
    key_fingerprint,
    load_recipient_keys,
    make_keys,
    own_signing_key,
    save_recipient_keys,
)
from pensioenchecker.share.ledger import apply_revocation, record_revoked, store_received
from pensioenchecker.share.package import read_header
from pensioenchecker.share.request import make_request, url_host
from pensioenchecker.share.revoke import is_revocation, make_revocation
from pensioenchecker.storage import write_atomic
from pensioenchecker.vault import DossierEntry, Vault
from ui.controller import DossierController
from ui.formatting import long_date
from ui.vault_access import VaultAccess

PURGE_EVERY_MS = 10 * 60 * 1000
"""How often the open vault deletes what has passed its retention date."""

Passphrase = Callable[[str], str | None]
"""Asks for a passphrase with the text of the given key; None when cancelled or not asked."""


@dataclass(frozen=True)
class Received:
    """What opening a file on the adviser's side did: stored a client, or applied a notice."""

    dossier_id: str | None
    """The stored client's id; None for a revocation notice."""
    share_id: str
    expires_at: dt.datetime | None


class ShareController(QObject):
    """The page's state: the vault, the request being answered, the adviser's keys."""

    said = Signal(str, bool)
    """A line for the user, and whether it tells of a problem."""
    changed = Signal()
    """The vault's shares, clients or log changed: the tables are filled again."""
    request_changed = Signal()
    key_changed = Signal()
    making_changed = Signal(bool)
    """A package is being made (the button to make one waits)."""
    _saved = Signal(object, str)
    """From the worker: the package is written and recorded; the host it goes to, or empty."""

    def __init__(
        self,
        controller: DossierController,
        data_folder: Path,
        access: VaultAccess,
        passphrase: Passphrase,
        *,
        ask: bool = True,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        """The window's controller: the household, its files, the texts, the task runner."""
        self.data_folder = data_folder
        self.access = access
        self.passphrase = passphrase
        self.ask = ask
        """False in tests and screenshots: no file or passphrase dialogs."""
        self.request: ShareRequest | None = None
        self._adviser_keys: RecipientKeys | None = None
        """The adviser's keys once read (a protected file asks its passphrase only once)."""
        self._purge_timer = QTimer(self)
        self._purge_timer.setInterval(PURGE_EVERY_MS)
        self._purge_timer.timeout.connect(self._purge)
        self._saved.connect(self._package_saved)

    def t(self, key: str, **values: object) -> str:
        """A text in the current language."""
        return self.controller.texts.t(key, **values)

    @property
    def lang(self) -> str:
        """The current language."""
        return self.controller.lang

    def say(self, text: str, problem: bool = False) -> None:
        """Tell the user what just happened, or what went wrong (a sentence in the language)."""
        self.said.emit(say(text, self.lang), problem)

    def _failed(self, error: BaseException) -> None:
        """A task's error as one line; anything but our own errors also names its kind."""
        if isinstance(error, PensioencheckerError):
            self.say(error.text(self.lang), problem=True)
        else:
            self.say(f"{type(error).__name__}: {error}", problem=True)

    # --- the vault --------------------------------------------------------------------------

    def vault(self) -> Vault | None:
        """The vault, opened on first use (shared with the window's autosave)."""
        first = self.access.opened() is None
        vault = self.access.get()
        if vault is None:
            self.say(self.access.problem, problem=True)
        elif first:
            self.say(self.t(f"share.vault.{vault.key_source}"))
            self._purge_timer.start()
        return vault

    def _purge(self) -> None:
        """Retention dates are kept while the program runs, not only when it starts."""
        vault = self.access.opened()
        if vault is not None and vault.purge_expired():
            self.changed.emit()

    def client_entries(self) -> list[DossierEntry]:
        """The clients' households received in packages (never asks to open the vault)."""
        vault = self.access.opened()
        return [e for e in vault.list_dossiers() if e.origin == "received"] if vault else []

    # --- the user's side --------------------------------------------------------------------

    def read_request(self, data: bytes | str) -> bool:
        """Read a request (file bytes or text code); the page then shows what it asks."""
        try:
            self.request = read_request(data, "request")
        except PensioencheckerError as exc:
            self.say(exc.text(self.lang), problem=True)
            return False
        self.request_changed.emit()
        return True

    def read_request_file(self, path: Path) -> bool:
        """Read a request from a file the user chose."""
        try:
            data = read_share_file(path, 1024 * 1024)
        except PensioencheckerError as exc:
            self.say(exc.text(self.lang), problem=True)
            return False
        return self.read_request(data)

    def own_key_path(self) -> Path:
        """The user's own signing key: one for all shares, so revocations can be checked."""
        return self.data_folder / "keys" / "own-signing.key"

    def create(
        self,
        target: Path,
        chosen: Sequence[str],
        now: dt.datetime | None = None,
        then: Callable[[SharedPackage], None] | None = None,
    ) -> bool:
        """Start making the package for the current request and the chosen categories.

        It is written to ``target`` with its receipt, recorded, and sent when the request has an
        upload address, all off the GUI thread; the outcome is told by ``said``, and ``then``
        gets the package once everything succeeded. False when there is nothing to make it from.
        """
        request, dossier, vault = self.request, self.controller.dossier, self.vault()
        if request is None or dossier is None or vault is None:
            return False
        chosen = tuple(chosen)
        originals = list(self.controller.files) if "files" in chosen else []
        key_path = self.own_key_path()
        host = url_host(request.upload_url) if request.upload_url else ""

        def work() -> SharedPackage:
            return share_package(
                request,
                dossier,
                chosen,
                own_signing_key(key_path),
                target,
                files=matching_files(originals, dossier),
                vault=vault,
                send=bool(host),
                now=now,
                on_saved=lambda saved: self._saved.emit(saved, host),
            )

        def done(shared: SharedPackage) -> None:
            self.making_changed.emit(False)
            if shared.host is not None:
                self.say(self.t("share.sent", host=shared.host))
                self.changed.emit()
            if then is not None:
                then(shared)

        self.making_changed.emit(True)
        self.controller.tasks.run(work, done, self._not_made)
        return True

    def _package_saved(self, saved: SharedPackage, host: str) -> None:
        """Written and recorded: show it now, before a slow upload ends."""
        self.say(self.t("share.created", file=saved.path.name))
        self.changed.emit()
        if host:
            self.say(self.t("share.sending", host=host))

    def _not_made(self, error: BaseException) -> None:
        self.making_changed.emit(False)
        if isinstance(error, UploadFailedError):
            # The package is on disk and recorded: say where, and why it did not go.
            file, reason = str(error.saved.path), str(error.reason)
            self.say(self.t("share.send.failed", file=file, reason=reason), problem=True)
        else:
            self._failed(error)

    def revoke(self, package: Path, notice_path: Path) -> bool:
        """Write a signed revocation notice for a package this user made; mark it revoked."""
        vault = self.vault()
        if vault is None:
            return False
        try:
            header = read_header(read_share_file(package), str(package))
            if header.share_id not in {s.id for s in vault.shares("sent")}:
                self.say(self.t("share.revoke.unknown", file=package.name), problem=True)
                return False
            # Revoking never makes a key: only the key that signed the package can revoke it.
            key = own_signing_key(self.own_key_path(), create=False)
            write_atomic(notice_path, make_revocation(header, key))
            record_revoked(vault, header.share_id, notice_path.name)
        except OSError as exc:
            self.say(f"{package}: {exc.strerror}", problem=True)
            return False
        except PensioencheckerError as exc:
            self.say(exc.text(self.lang), problem=True)
            return False
        self.say(self.t("share.revoked", file=notice_path.name))
        self.changed.emit()
        return True

    # --- the adviser's side -----------------------------------------------------------------

    def key_path(self) -> Path:
        """The adviser's key pair."""
        return self.data_folder / "keys" / "adviser.key"

    def key_print(self) -> str | None:
        """The adviser key's fingerprint, from its public part (a protected key stays locked)."""
        if not self.key_path().exists():
            return None
        try:
            return key_fingerprint(self.key_path())
        except PensioencheckerError as exc:
            self.say(exc.text(self.lang), problem=True)
            return None

    def adviser_keys(self) -> RecipientKeys | None:
        """The adviser's key pair, if made; a protected one asks its passphrase once a session."""
        path = self.key_path()
        if not path.exists():
            return None
        if self._adviser_keys is not None:
            return self._adviser_keys
        try:
            try:
                keys = load_recipient_keys(path)
            except KeyPassphraseNeededError:
                phrase = self.passphrase("share.key.passphrase.existing")
                if phrase is None:
                    self.say(self.t("share.key.locked"), problem=True)
                    return None
                keys = load_recipient_keys(path, phrase)
        except PensioencheckerError as exc:
            self.say(exc.text(self.lang), problem=True)
            return None
        self._adviser_keys = keys
        return keys

    def make_adviser_key(self) -> None:
        """Make the adviser's key pair once (a second one would orphan earlier requests).

        Asked for a passphrase (twice, alike), the private keys are sealed with it; left empty,
        the key file is protected by its permissions only.
        """
        if not self.key_path().exists():
            phrase = None
            if self.ask:
                phrase = self.passphrase("share.key.passphrase.new")
                weak = weakness(phrase) if phrase else None
                if weak is not None:  # too short or easy to guess: said, and nothing made
                    self.say(weak, problem=True)
                    return
                if phrase and self.passphrase("share.key.passphrase.again") != phrase:
                    self.say(self.t("share.key.passphrase.differs"), problem=True)
                    return
            self.key_path().parent.mkdir(parents=True, exist_ok=True)
            self._adviser_keys = save_recipient_keys(
                make_keys(), self.key_path(), passphrase=phrase
            )
        self.key_changed.emit()

    def make_request(
        self,
        target: Path | None,
        *,
        name: str,
        purpose: str,
        categories: Sequence[str],
        days: int,
        organisation: str,
        now: dt.datetime | None = None,
    ) -> tuple[ShareRequest, bytes] | None:
        """A signed request (written to ``target`` when given), logged in the vault."""
        keys = self.adviser_keys()
        if keys is None:
            return None
        try:
            request, data = make_request(
                keys,
                name=name,
                purpose=purpose,
                categories=list(categories),
                days=days,
                organisation=organisation,
                now=now,
            )
            if target is not None:
                write_atomic(target, data)
        except PensioencheckerError as exc:
            self.say(exc.text(self.lang), problem=True)
            return None
        vault = self.vault()
        if vault is not None:
            vault.log("request made", request=request.request_id, purpose=request.purpose)
        self.say(self.t("share.request.made", days=request.days))
        self.changed.emit()
        return request, data

    def open_package(
        self,
        data: bytes,
        where: str,
        at: dt.datetime | None = None,
        then: Callable[[Received], None] | None = None,
    ) -> bool:
        """Start opening a package (kept with its purge date) or applying a revocation notice.

        The checks and decryption run off the GUI thread; ``then`` gets what was done once it
        succeeded. False when there is no key or vault to open it with.
        """
        keys, vault = self.adviser_keys(), self.vault()
        if keys is None or vault is None:
            self.say(self.t("share.key.none"), problem=True)
            return False

        def work() -> Received:
            if is_revocation(data):
                return Received(None, apply_revocation(vault, data, keys, where), None)
            opened = open_package(data, keys, at=at, where=where)
            return Received(store_received(vault, opened, data), opened.share_id, opened.expires_at)

        def done(received: Received) -> None:
            if received.dossier_id is None or received.expires_at is None:
                self.say(self.t("share.revocation.applied"))
            else:
                until = long_date(received.expires_at.date(), self.lang)
                self.say(self.t("share.package.opened", until=until))
            self.changed.emit()
            if then is not None:
                then(received)

        self.controller.tasks.run(work, done, self._failed)
        return True

    def show_client(self, dossier_id: str) -> None:
        """Load a client's dossier into the window (Overview, What if show it)."""
        vault = self.vault()
        if vault is None:
            return
        try:
            self.controller.show_received(vault.load_dossier(dossier_id))
        except PensioencheckerError as exc:
            self.say(exc.text(self.lang), problem=True)
