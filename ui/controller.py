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
from pensioenchecker.sources.household import PartnersUnconfirmed, move_document
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
    household_changed = Signal()
    import_failed = Signal(str)  # files could not be imported (the household is as it was)
    """Another household (a new one, opened files, a demo, a client's): not an edit of this one.
    Emitted before the new projection, so pages forget what belonged to the old one first."""
    mode_changed = Signal()  # demo mode was entered or left

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
        self._imports = 0
        """How many imports were started: only the newest one's result is taken."""
        self.own = True
        """False while a client's received household is shown: it is never kept as the user's."""
        self.demo: str | None = None
        """The demo household shown (its name), or None for the user's own: a demo is a mode,
        marked on every page and export, and nothing of it is ever kept."""
        self.moves: dict[str, dt.date] = {}
        """Files the user gave to another person (by file name: that person's birth date)."""
        self.partners = False
        """The user confirmed that the two people of this household live together."""
        self.ask_partners: Callable[[tuple[str, str]], bool] | None = None
        """Asks the user whether two people whose files say single live together (the window
        asks in a dialog); None answers no."""
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

    @property
    def is_demo(self) -> bool:
        """Whether a synthetic demo household is shown."""
        return self.demo is not None

    def _set_demo(self, name: str | None) -> None:
        if name != self.demo:
            self.demo = name
            self.mode_changed.emit()

    def set_dossier(self, dossier: Dossier) -> None:
        """Take a new dossier, recompute (a few milliseconds), and keep it for next time."""
        self.dossier = dossier
        self.recompute()
        if self.autosave is not None and self.own and self.demo is None:
            # On this thread: the vault's connection is used by one thread at a time.
            self.autosave(dossier)

    def recompute(self) -> None:
        """Project the current dossier and tell the pages."""
        if self.dossier is None:
            return
        self.projection = project(self.dossier, self.engine.book, self.engine.aow_table, self.as_of)
        self.projection_changed.emit(self.projection)

    def load_files(self, paths: Sequence[Path], add: bool = False) -> None:
        """Import files off the GUI thread as the user's own household.

        ``add`` merges them with the files already loaded; otherwise they replace the
        household (a list that keeps some of its files updates it). A demo's files are never
        merged with the user's: the first own file leaves demo mode, the demo's data dropped.
        """
        continuing = self.demo is None and self.own and self.dossier is not None
        files = [*self.files, *paths] if add and continuing else list(paths)
        # A list that keeps some of the household's files (a newer download in place of an
        # older one) is the same household, updated: the pages keep their choices.
        same = continuing and (add or bool(set(files) & set(self.files)))
        self._import(files, None, self.partners if same else False, same)

    def load_demo(self, name: str, files: Sequence[Path]) -> None:
        """Show a synthetic demo household (replacing whatever was shown; never kept)."""
        self._import(list(files), name, False, False)

    def new_household(self) -> None:
        """Start over with no household: the welcome page until files are opened."""
        self.files = []
        self.own = True
        self.partners = False
        self.moves = {}
        self.dossier = None
        self.projection = None
        self._set_demo(None)
        self.household_changed.emit()

    def reset_demo(self) -> None:
        """Load the demo shown afresh: every edit and choice made in it is gone."""
        if self.demo is not None:
            self.load_demo(self.demo, self.files)

    def _import(self, files: list[Path], demo: str | None, partners: bool, adding: bool) -> None:
        """Import on the task runner; a new household (not ``adding``) resets the pages.

        Only the newest import counts: one that ends after a later one was started is dropped,
        so two files arriving together cannot undo each other.
        """
        self._imports += 1
        generation = self._imports

        def work() -> tuple[list[Path], Dossier]:
            return files, load_paths(files, self.engine, partners=partners)

        def done(outcome: tuple[list[Path], Dossier]) -> None:
            if generation != self._imports:
                return
            self.files, dossier = outcome
            if not adding:
                self.moves = {}
            dossier = self._moved(dossier)
            self.own = True
            self.partners = partners
            self._set_demo(demo)
            if not adding:
                self._changed_to(dossier)
            self.set_dossier(dossier)

        def failed(error: BaseException) -> None:
            if generation != self._imports:
                return
            if isinstance(error, PartnersUnconfirmed) and not partners:
                ask = self.ask_partners
                if ask is not None and ask(error.names):
                    self._import(files, demo, True, adding)
                else:
                    first, second = error.names
                    text = self.texts.t("household.partners.no", first=first, second=second)
                    self.import_failed.emit(text)
                    self.problem.emit(text)
                return
            self.import_failed.emit(self.failure_text(error))
            self._failed(error)

        self.tasks.run(work, done, failed)

    def show_received(self, dossier: Dossier) -> None:
        """A client's household from a package: shown and explained, never kept as one's own.

        It stays in the vault under its own retention date and revocation.
        """
        self.files = []
        self.own = False
        self.partners = False
        self._set_demo(None)
        self._changed_to(dossier)
        self.set_dossier(dossier)

    def show_kept(self, dossier: Dossier) -> None:
        """The user's own household kept from last time (from the vault)."""
        self.files = []
        self.own = True
        self._set_demo(None)
        self._changed_to(dossier)
        self.set_dossier(dossier)

    def _changed_to(self, dossier: Dossier) -> None:
        """Tell the pages another household comes (they read it here; its projection follows)."""
        self.dossier = dossier
        self.projection = None
        self.household_changed.emit()

    def remove_file(self, name: str) -> bool:
        """Leave one file out of the household (imported again without it).

        False when the household's files are not known (a household kept in the vault).
        """
        remaining = [f for f in self.files if f.name != name]
        if len(remaining) == len(self.files):
            return False
        if not remaining:
            self.new_household()
        else:
            self._import(remaining, self.demo, self.partners, True)
        return True

    def move_file(self, name: str, person_id: str) -> None:
        """Give a file, and every line read from it, to the other person of the household."""
        if self.dossier is None:
            return
        self.moves[name] = self.dossier.person(person_id).birth_date
        self.set_dossier(move_document(self.dossier, name, person_id))

    def _moved(self, dossier: Dossier) -> Dossier:
        """The user's earlier moves, applied again after the files were imported anew."""
        for name, born in self.moves.items():
            person = next((p for p in dossier.household.persons if p.birth_date == born), None)
            if person is not None and any(d.name == name for d in dossier.documents):
                dossier = move_document(dossier, name, person.id)
        return dossier

    def _failed(self, error: BaseException) -> None:
        self.problem.emit(self.failure_text(error))

    def failure_text(self, error: BaseException) -> str:
        """What went wrong, for the user: a refusal in the window's language, anything else short.

        An unexpected error's text may quote an input, so identifiers are masked.
        """
        if isinstance(error, PensioencheckerError):
            return error.text(self.lang)
        text = mask_identifiers(" ".join(str(error).split()))[:200]
        return f"{type(error).__name__}: {text}"

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
