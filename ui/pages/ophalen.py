"""The "Gegevens ophalen" page: where to fetch each source, and the file picked up on arrival.

One row per source (Mijnpensioenoverzicht, Belastingdienst, UWV, DUO, MijnOverheid, the bank):
what it gives the projection, whether it is needed, the official address and the steps, a button
that opens that address in the system's browser, a form where no download exists, the status
(not yet / read on X, as of Y / more than two months old) and a button to delete its data.

The program never logs in anywhere. While the page is in front it watches the Downloads folder
(chosen once, kept in the window's settings): a new, complete file that an importer recognises
is added to the household through the controller, as a drop on the Data page is; anything else
gets one line and changes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QFont, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMenu,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker import clock
from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.projection.timeline import HouseholdProjection
from pensioenchecker.sources.base import MAX_IMPORT_BYTES, read_limited
from pensioenchecker.sources.freshness import (
    SOURCES,
    Source,
    Status,
    claimed,
    status,
    superseded,
    without_source,
)
from ui.controller import DossierController
from ui.downloads import DownloadWatcher
from ui.formatting import long_date
from ui.pages.base import Page
from ui.zoom import emphasise

FOLDER_SETTING = "ophalen/downloads"
"""Where the chosen Downloads folder is kept in the window's settings."""
LOG_LINES = 50
"""The newest lines of what happened to new files; older ones drop off."""
BUTTON_WIDTH = 170
"""One width for the rows' buttons, so they line up."""
DONE_STYLE = "color: #1b5e20; font-weight: bold;"
STALE_STYLE = "color: #8a4b00; font-weight: bold;"


def default_downloads() -> Path:
    """The platform's Downloads folder (the home folder when the platform names none)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DownloadLocation)
    return Path(location) if location else Path.home()


def plain(text: str) -> str:
    """A button text without its keyboard marker, for accessible names."""
    return text.replace("&", "")


class SourceRow(QFrame):
    """One source: what it gives, the way to get it, its status and its buttons."""

    def __init__(self, page: OphalenPage, source: Source) -> None:
        super().__init__()
        self.page = page
        self.source = source
        self.setObjectName(f"source-{source.key}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.name = QLabel()
        bold = QFont(self.name.font())
        bold.setBold(True)
        self.name.setFont(bold)
        self.needed = QLabel()
        self.status = QLabel()
        self.status.setObjectName(f"status-{source.key}")
        self.status.setFont(bold)
        self.gives = self._wrapped()
        self.steps = self._wrapped()
        self.address = QLabel()
        self.address.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_button = QPushButton()
        self.open_button.setObjectName(f"open-{source.key}")
        self.open_button.clicked.connect(lambda: page.open_site(source.key))
        self.open_button.setVisible(source.url is not None)
        self.form_button = QPushButton()
        self.form_button.setObjectName(f"form-{source.key}")
        self.form_button.setVisible(bool(source.forms))
        if len(source.forms) == 1:
            self.form_button.clicked.connect(lambda: page.open_form(source.forms[0]))
        elif source.forms:
            self.menu = QMenu(self.form_button)
            for form in source.forms:
                action = self.menu.addAction(form)
                action.setData(form)
                action.triggered.connect(lambda _checked=False, f=form: page.open_form(f))
            self.form_button.setMenu(self.menu)
        self.purge_button = QPushButton()
        self.purge_button.setObjectName(f"purge-{source.key}")
        self.purge_button.clicked.connect(lambda: page.ask_purge(source.key))

        if source.needed:
            self.needed.setFont(bold)
        top = QHBoxLayout()
        top.setSpacing(6)
        top.addWidget(self.name)
        top.addWidget(self.needed)
        top.addStretch(1)
        top.addWidget(self.status)
        buttons = QVBoxLayout()
        for button in (self.open_button, self.form_button, self.purge_button):
            button.setMinimumWidth(BUTTON_WIDTH)
            buttons.addWidget(button)
        buttons.addStretch(1)
        grid = QGridLayout(self)
        grid.setContentsMargins(8, 6, 8, 6)
        grid.setVerticalSpacing(2)
        grid.addLayout(top, 0, 0)
        grid.addWidget(self.gives, 1, 0)
        grid.addWidget(self.steps, 2, 0)
        grid.addWidget(self.address, 3, 0)
        grid.addLayout(buttons, 0, 1, 4, 1)
        grid.setColumnStretch(0, 1)

    @staticmethod
    def _wrapped() -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def source_name(self) -> str:
        """The source's name in the current language."""
        return self.page.t(f"ophalen.source.{self.source.key}")

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        t, key, name = self.page.t, self.source.key, self.source_name()
        self.name.setText(name)
        needed = t("ophalen.needed" if self.source.needed else "ophalen.optional")
        self.needed.setText(f"({needed})")
        self.gives.setText(t("ophalen.gives", what=t(f"ophalen.gives.{key}")))
        self.steps.setText(t(f"ophalen.steps.{key}"))
        self.address.setText(t("ophalen.address", url=self.source.url) if self.source.url else "")
        self.address.setVisible(self.source.url is not None)
        self.form_button.setText(t("ophalen.form"))
        self.form_button.setAccessibleName(t("ophalen.form.name", source=name))
        if self.source.forms and len(self.source.forms) > 1:
            for action in self.menu.actions():
                action.setText(t(f"data.form.{action.data()}"))
        self.purge_button.setText(t("ophalen.purge"))
        self.purge_button.setAccessibleName(t("ophalen.purge.name", source=name))
        self.setAccessibleName(name)

    def show_status(self, state: Status) -> None:
        """The status line, the open/refresh button and whether there is anything to delete."""
        t, lang, name = self.page.t, self.page.lang, self.source_name()
        if not state.present or state.read_on is None:
            text, style = t("ophalen.status.none"), ""
        elif state.stale:
            reference = state.reference or state.read_on
            text = t("ophalen.status.stale", reference=long_date(reference, lang))
            style = STALE_STYLE
        elif state.reference is not None:
            text = t(
                "ophalen.status.read",
                read=long_date(state.read_on, lang),
                reference=long_date(state.reference, lang),
            )
            style = DONE_STYLE
        else:
            text = t("ophalen.status.read.undated", read=long_date(state.read_on, lang))
            style = DONE_STYLE
        self.status.setText(text)
        self.status.setStyleSheet(style)
        self.status.setAccessibleName(f"{name}: {text}")
        refresh = state.stale
        self.open_button.setText(t("ophalen.refresh" if refresh else "ophalen.open"))
        self.open_button.setAccessibleName(
            t("ophalen.refresh.name" if refresh else "ophalen.open.name", source=name)
        )
        self.purge_button.setEnabled(state.present)


class OphalenPage(Page):
    """Six sources, the Downloads folder, and what happened to the files that arrived there."""

    name = "ophalen"

    def __init__(
        self,
        controller: DossierController,
        settings: QSettings | None = None,
        ask: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(controller, parent)
        self.settings = settings
        self.ask = ask
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        """Opens an address in the system's browser (tests put a recorder here)."""
        kept = settings.value(FOLDER_SETTING) if settings is not None else None
        self.folder = Path(str(kept)) if kept else default_downloads()
        self.watcher = DownloadWatcher(self)
        self.watcher.finished.connect(self.arrived)
        self._waiting: list[Path] = []
        """Files handed to the controller whose import has not yet ended, oldest first."""
        controller.import_failed.connect(self._import_failed)

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        emphasise(self.title, 1.4, bold=True)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.folder_label = QLabel()
        self.folder_label.setObjectName("downloadsFolder")
        self.folder_label.setWordWrap(True)
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder_button = QPushButton()
        self.folder_button.setObjectName("chooseDownloads")
        self.folder_button.clicked.connect(self.choose_folder)
        self.rows = {source.key: SourceRow(self, source) for source in SOURCES}
        self.log_label = QLabel()
        self.log = QListWidget()
        self.log.setObjectName("ophalenLog")
        self.log.setWordWrap(True)
        self.log.setMaximumHeight(90)
        self.log_label.setBuddy(self.log)

        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.folder_button)
        inner = QWidget()
        rows = QVBoxLayout(inner)
        rows.setContentsMargins(0, 0, 0, 0)
        for row in self.rows.values():
            rows.addWidget(row)
        rows.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(folder_row)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.log_label)
        layout.addWidget(self.log)
        self.retranslate()

    # -- the Downloads folder -----------------------------------------------------------------

    def set_folder(self, folder: Path) -> None:
        """Use this Downloads folder from now on (kept in the window's settings)."""
        self.folder = folder
        if self.settings is not None:
            self.settings.setValue(FOLDER_SETTING, str(folder))
        if self.isVisible():
            self.watcher.start(folder)
        self._show_folder()

    def choose_folder(self) -> None:
        """Ask for the folder with the system's folder dialog."""
        chosen = QFileDialog.getExistingDirectory(
            self, self.t("ophalen.folder.dialog"), str(self.folder)
        )
        if chosen:
            self.set_folder(Path(chosen))

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Watch the folder while the page is in front; bring the rows up to date."""
        super().showEvent(event)
        self.watcher.start(self.folder)
        self._show_folder()
        self._fill()

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt's name
        """Another page in front: nothing is watched."""
        self.watcher.stop()
        super().hideEvent(event)

    # -- a file arrived -----------------------------------------------------------------------

    def arrived(self, path: Path) -> None:
        """A new, complete file: import it when an importer knows it, else say so in one line.

        A newer register file of the same person replaces the earlier one; anything else is
        added to what is loaded.
        """
        try:
            data = read_limited(path, MAX_IMPORT_BYTES)
            owner = claimed(data, str(path))
            replaced = superseded(data, str(path), self.controller.files) if owner else []
        except PensioencheckerError as exc:
            self._refused(path, exc.text(self.lang))
            return
        if owner is None:
            self.say(self.t("ophalen.log.unknown", file=path.name))
            return
        digest = hashlib.sha256(data).hexdigest()
        dossier = self.controller.dossier
        if dossier is not None and any(d.sha256 == digest for d in dossier.documents):
            self.say(self.t("ophalen.log.seen", file=path.name))
            return
        if not self.controller.files and dossier is not None and not self.controller.is_demo:
            # A household kept from before (or a client's) has no files to import again:
            # importing the download alone would replace it. Opening it is the user's choice.
            self.say(self.t("ophalen.log.kept", file=path.name))
            return
        # A demo's files are never mixed with the user's: the first own file starts afresh.
        loaded = [] if self.controller.is_demo else self.controller.files
        kept = [f for f in loaded if f not in replaced]
        # Files still being imported go along: only the newest import counts.
        pending = [f for f in self._waiting if f not in kept and f not in replaced]
        self._waiting.append(path)
        self.controller.load_files([*kept, *pending, path])

    def _import_failed(self, message: str) -> None:
        """The newest import, with every waiting file, was refused: one line; nothing changed."""
        if self._waiting:
            self._refused(self._waiting[-1], message)
            self._waiting.clear()

    def _refused(self, path: Path, message: str) -> None:
        """One line: the file's name once, then what is wrong with it."""
        for prefix in (f"{path}: ", f"{path.name}: "):
            message = message.removeprefix(prefix)
        self.say(self.t("ophalen.log.problem", file=path.name, problem=message))

    def _imported(self) -> None:
        """The oldest waiting file is in the household now: say what it gave."""
        path = self._waiting.pop(0)
        dossier = self.controller.dossier
        for source in SOURCES:
            state = status(dossier, source, clock.today())
            if path.name in state.files:
                reference = (
                    self.t("ophalen.log.reference", date=long_date(state.reference, self.lang))
                    if state.reference
                    else ""
                )
                name = self.t(f"ophalen.source.{source.key}")
                self.say(
                    self.t(
                        "ophalen.log.read",
                        file=path.name,
                        source=name,
                        lines=state.lines,
                        reference=reference,
                    )
                )
                return
        self.say(self.t("ophalen.log.no_source", file=path.name))

    def say(self, line: str) -> None:
        """One line about a file, newest on top (also in the window's status bar)."""
        self.log.insertItem(0, line)
        while self.log.count() > LOG_LINES:
            self.log.takeItem(self.log.count() - 1)
        self.controller.notice.emit(line)

    # -- the buttons of a row -----------------------------------------------------------------

    def open_site(self, key: str) -> None:
        """Open the source's official page in the system's browser (nothing else is sent)."""
        url = next(s.url for s in SOURCES if s.key == key)
        if url:
            self.open_url(QUrl(url))

    def open_form(self, kind: str) -> None:
        """Fill in a manual-entry form; the saved form is added like any file."""
        from ui.forms import ManualFormDialog

        folder = self.controller.forms_folder
        dialog = ManualFormDialog(kind, self.lang, folder, self)
        if dialog.exec() and dialog.saved is not None:
            self.controller.load_files([dialog.saved], add=True)

    def ask_purge(self, key: str) -> None:
        """Delete a source's data after the user says yes."""
        name = self.t(f"ophalen.source.{key}")
        if self.ask:
            answer = QMessageBox.question(
                self, plain(self.t("ophalen.purge")), self.t("ophalen.purge.ask", source=name)
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.purge(key)

    def purge(self, key: str) -> None:
        """Remove every line and file of one source from the household and from later imports."""
        dossier = self.controller.dossier
        if dossier is None:
            return
        source = next(s for s in SOURCES if s.key == key)
        remaining, files = without_source(dossier, source)
        gone = set(files)
        self.controller.files = [f for f in self.controller.files if f.name not in gone]
        self.controller.set_dossier(remaining)
        self.say(self.t("ophalen.purged", source=self.t(f"ophalen.source.{key}")))

    # -- showing ------------------------------------------------------------------------------

    def show_projection(self, projection: HouseholdProjection) -> None:
        """A new household: the rows' status, and a line for each file that was waiting."""
        while self._waiting:
            self._imported()
        self._fill()

    def _fill(self) -> None:
        today = clock.today()
        for row in self.rows.values():
            row.show_status(status(self.controller.dossier, row.source, today))

    def _show_folder(self) -> None:
        exists = self.folder.is_dir()
        key = "ophalen.folder" if exists else "ophalen.folder.missing"
        text = self.t(key, folder=str(self.folder))
        if exists and self.watcher.active:
            text = f"{text}\n{self.t('ophalen.folder.watching')}"
        self.folder_label.setText(text)

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        self.title.setText(self.t("ophalen.title"))
        self.intro.setText(self.t("ophalen.intro"))
        self.folder_button.setText(self.t("ophalen.folder.choose"))
        self.folder_button.setAccessibleName(plain(self.t("ophalen.folder.choose")))
        self.log_label.setText(self.t("ophalen.log"))
        self.log.setAccessibleName(self.t("ophalen.log.name"))
        for row in self.rows.values():
            row.retranslate()
        self._show_folder()
        self._fill()
