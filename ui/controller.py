"""The one place the window's state lives: the dossier, its projection, the language.

Widgets get this object passed in (no global application object). It recomputes the projection
whenever the dossier changes and tells every page by signal; imports run on the task runner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from pensioenchecker import clock
from pensioenchecker.engine import Engine
from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.masking import mask_identifiers
from pensioenchecker.model import Amount, Dossier, Provenance
from pensioenchecker.projection.timeline import HouseholdProjection, project
from pensioenchecker.sources.registry import load_paths
from pensioenchecker.tempfolders import session_folder
from ui.i18n import Texts
from ui.tasks import TaskRunner


class DossierController(QObject):
    """Holds the dossier and its projection; pages listen to its signals."""

    projection_changed = Signal(object)  # HouseholdProjection
    language_changed = Signal(str)
    problem = Signal(str)  # a readable message for the user
    notice = Signal(str)  # good news for the status line
    busy_changed = Signal(bool)

    def __init__(
        self,
        engine: Engine,
        tasks: TaskRunner,
        texts: Texts,
        as_of: dt.date | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine = engine
        self.tasks = tasks
        self.texts = texts
        self.as_of = as_of or clock.today()
        self.dossier: Dossier | None = None
        self.projection: HouseholdProjection | None = None
        self.files: list[Path] = []
        self.own = True
        """False while a client's received household is shown: it is never kept as the user's."""
        self.autosave: Callable[[Dossier], None] | None = None
        """Keeps the dossier between sessions (the window keeps it in the vault)."""
        self._forms_folder: Path | None = None
        tasks.busy_changed.connect(self.busy_changed)

    @property
    def forms_folder(self) -> Path:
        """Where a filled-in form waits for its import: a private folder removed on exit.

        The window keeps the forms themselves in the vault (``VaultAccess.forms_folder``).
        """
        if self._forms_folder is None:
            self._forms_folder = session_folder("pensioenchecker-forms-")
        return self._forms_folder

    @forms_folder.setter
    def forms_folder(self, folder: Path) -> None:
        self._forms_folder = folder

    @property
    def lang(self) -> str:
        """The current language code (nl or en)."""
        return self.texts.lang

    def set_language(self, lang: str) -> None:
        """Switch the interface language; figures stay as they are."""
        if lang != self.texts.lang:
            self.texts.lang = lang
            self.language_changed.emit(lang)

    def set_dossier(self, dossier: Dossier) -> None:
        """Take a new dossier, recompute (a few milliseconds), and keep it for next time."""
        self.dossier = dossier
        self.recompute()
        if self.autosave is not None and self.own:
            # On this thread: the vault's connection is used by one thread at a time.
            self.autosave(dossier)

    def recompute(self) -> None:
        """Project the current dossier and tell the pages."""
        if self.dossier is None:
            return
        self.projection = project(self.dossier, self.engine.book, self.engine.aow_table, self.as_of)
        self.projection_changed.emit(self.projection)

    def load_files(self, paths: Sequence[Path], add: bool = False) -> None:
        """Import files off the GUI thread; ``add`` merges them with the files already loaded."""
        files = [*self.files, *paths] if add else list(paths)

        def work() -> tuple[list[Path], Dossier]:
            return files, load_paths(files, self.engine)

        self.tasks.run(work, self._loaded, self._failed)

    def _loaded(self, outcome: tuple[list[Path], Dossier]) -> None:
        self.files, dossier = outcome
        self.own = True
        self.set_dossier(dossier)

    def show_received(self, dossier: Dossier) -> None:
        """A client's household from a package: shown and explained, never kept as one's own.

        It stays in the vault under its own retention date and revocation.
        """
        self.files = []
        self.own = False
        self.set_dossier(dossier)

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, PensioencheckerError):
            self.problem.emit(str(error))
        else:  # unexpected: its text may quote an input, so identifiers are masked, and short
            text = mask_identifiers(" ".join(str(error).split()))[:200]
            self.problem.emit(f"{type(error).__name__}: {text}")

    def check_rules(self, url: str | None = None) -> None:
        """Fetch newer signed figures, then recompute with them.

        Only when the user asks: a plain download, nothing sent about anyone. A refusal keeps
        the figures in use.
        """

        def work() -> str:
            from pensioenchecker.rules.update import rules_url, update

            return update(rules_url(url)).pack.version

        def done(version: str) -> None:
            self.engine = Engine()  # picks up the newest valid pack
            self.recompute()
            self.notice.emit(self.texts.t("rules.installed", version=version))

        self.tasks.run(work, done, self._failed)

    def edit_amount(self, line_id: str, cents: int) -> None:
        """The user changes an entitlement's or income's annual amount: marked as edited."""
        if self.dossier is None:
            return
        changed: dict[str, Any] = {}
        for field in ("entitlements", "income_lines"):
            items = []
            for item in getattr(self.dossier, field):
                if item.id == line_id:
                    old = item.annual_gross
                    provenance = (
                        old.provenance.model_copy(update={"edited": True})
                        if old
                        else Provenance(source="manual", edited=True)
                    )
                    item = item.model_copy(
                        update={"annual_gross": Amount(cents=cents, provenance=provenance)}
                    )
                items.append(item)
            changed[field] = items
        self.set_dossier(self.dossier.model_copy(update=changed))
