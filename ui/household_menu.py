"""Which household the window shows: the File menu, the welcome page and the demo mode's banner.

People come to see their own figures; a demo is shown only when they ask for one, and then it
is marked as an example on every page (a bar above them) and in every export. Opening files
replaces the household, adding files extends it, and a new household starts from the welcome
page. The same actions are on the welcome page and the Data page as buttons.
"""

from __future__ import annotations

import dataclasses
import functools
import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QToolBar,
    QWidget,
)

from pensioenchecker.model import Dossier
from pensioenchecker.storage import write_atomic
from ui.controller import DossierController
from ui.main_window import MainWindow
from ui.pages.welcome import WelcomePage

MAX_RECENT = 6
RECENT_KEY = "recent"
BANNER_STYLE = (
    "QLabel#demoBanner { background: #fde7c8; color: #4a2a00; border: 1px solid #c27400; "
    "border-radius: 4px; padding: 6px; font-weight: bold; }"
)


def households_of(window: MainWindow) -> Households:
    """The household actions installed on a window."""
    found = window.findChild(Households)
    assert found is not None, "the window was built without household actions"
    return found


def own_data_page(window: MainWindow) -> str:
    """Where "Begin met uw eigen gegevens" leads: the collection page once there is one."""
    return "ophalen" if "ophalen" in window.names else "data"


def marked(dossier: Dossier, controller: DossierController) -> Dossier:
    """The dossier as an export shows it: a demo says it is synthetic (the PDF prints that)."""
    if controller.demo is None:
        return dossier
    marker = controller.texts.t("demo.marker")
    label = f"{marker}: {dossier.label}" if dossier.label else marker
    return dossier.model_copy(update={"label": label})


class Households(QObject):
    """The File menu, the welcome page and the demo bar of one main window."""

    def __init__(
        self,
        window: MainWindow,
        controller: DossierController,
        demos: Mapping[str, Sequence[Path]],
        settings: QSettings | None = None,
        show_dialogs: bool = True,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.controller = controller
        self.demos = {name: list(files) for name, files in demos.items()}
        self.settings = settings
        self.show_dialogs = show_dialogs
        self._recent: list[list[str]] = self._read_recent()
        if show_dialogs:
            controller.ask_partners = self.ask_partners

        self.welcome = WelcomePage(
            controller,
            list(self.demos),
            self.start_own,
            self.open_files,
            self.show_demo,
            self.open_files,
        )
        window.stack.addWidget(self.welcome)
        self._build_menu()
        self._build_demo_bar()

        controller.language_changed.connect(lambda _lang: self.retranslate())
        controller.mode_changed.connect(self._show_mode)
        controller.household_changed.connect(self._household_changed)
        controller.projection_changed.connect(self._projection_arrived)
        self.retranslate()
        self._show_mode()

    # --- building -----------------------------------------------------------------------------

    def _action(
        self,
        menu: QMenu,
        name: str,
        slot: Callable[[], object],
        keys: QKeySequence | None = None,
    ) -> QAction:
        action = QAction(self.window)
        action.setObjectName(name)
        action.triggered.connect(lambda _checked=False: slot())
        if keys is not None:
            action.setShortcut(keys)
        menu.addAction(action)
        return action

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        self.menu = bar.addMenu("")
        self.menu.setObjectName("fileMenu")
        std = QKeySequence.StandardKey
        self.new_action = self._action(
            self.menu, "newHousehold", lambda: self.new_household(), QKeySequence(std.New)
        )
        self.open_action = self._action(
            self.menu, "openFiles", lambda: self.open_files(), QKeySequence(std.Open)
        )
        self.add_action = self._action(
            self.menu, "addFiles", lambda: self.add_files(), QKeySequence("Ctrl+Shift+O")
        )
        self.recent_menu = self.menu.addMenu("")
        self.recent_menu.setObjectName("recentMenu")
        self.demos_menu = self.menu.addMenu("")
        self.demos_menu.setObjectName("demosMenu")
        self.demo_actions: dict[str, QAction] = {}
        for name in self.demos:
            self.demo_actions[name] = self._action(
                self.demos_menu, f"demo-{name}", functools.partial(self.show_demo, name)
            )
        self.reset_action = self._action(self.menu, "resetDemo", lambda: self.reset_demo())
        self.menu.addSeparator()
        self.save_action = self._action(
            self.menu, "saveAs", lambda: self.save_as(), QKeySequence(std.SaveAs)
        )
        self.export_action = self._action(
            self.menu, "exportPdf", lambda: self.export_pdf(), QKeySequence("Ctrl+E")
        )
        self._fill_recent()

    def _build_demo_bar(self) -> None:
        self.demo_bar = QToolBar()
        self.demo_bar.setObjectName("demoBar")
        self.demo_bar.setMovable(False)
        self.demo_bar.setFloatable(False)
        self.demo_bar.toggleViewAction().setEnabled(False)
        self.banner = QLabel()
        self.banner.setObjectName("demoBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.switch_label = QLabel()
        self.switcher = QComboBox()
        self.switcher.setObjectName("demoSwitcher")
        for name in self.demos:
            self.switcher.addItem(name, name)
        self.switch_label.setBuddy(self.switcher)
        self.switcher.activated.connect(
            lambda index: self.show_demo(str(self.switcher.itemData(index)))
        )
        self.reset_button = QPushButton()
        self.reset_button.setObjectName("demoReset")
        self.reset_button.clicked.connect(self.reset_demo)
        self.demo_bar.addWidget(self.banner)
        spacer = QWidget()
        spacer.setFixedWidth(12)
        self.demo_bar.addWidget(spacer)
        self.demo_bar.addWidget(self.switch_label)
        self.demo_bar.addWidget(self.switcher)
        self.demo_bar.addWidget(self.reset_button)
        self.window.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.demo_bar)

    def retranslate(self) -> None:
        """Menu, bar and accessible names in the current language."""
        t = self.controller.texts.t
        self.menu.setTitle(t("household.menu"))
        for action, key in (
            (self.new_action, "household.new"),
            (self.open_action, "household.open"),
            (self.add_action, "household.add"),
            (self.reset_action, "household.reset_demo"),
            (self.save_action, "household.save_as"),
            (self.export_action, "household.export"),
        ):
            action.setText(t(key))
            action.setStatusTip(t(key).replace("&", ""))
        self.recent_menu.setTitle(t("household.recent"))
        self.demos_menu.setTitle(t("household.demos"))
        for name, action in self.demo_actions.items():
            action.setText(t(f"demo.name.{name}"))
        self.switch_label.setText(t("demo.switch") + ":")
        self.switcher.setAccessibleName(t("demo.switch"))
        for row in range(self.switcher.count()):
            self.switcher.setItemText(row, t(f"demo.name.{self.switcher.itemData(row)}"))
        self.reset_button.setText(t("household.reset_demo").replace("&", ""))
        self.reset_button.setAccessibleName(t("household.reset_demo").replace("&", ""))
        self.banner.setAccessibleName(t("demo.banner.name"))
        self._fill_recent()
        self._show_mode()

    # --- the mode -----------------------------------------------------------------------------

    def _show_mode(self) -> None:
        demo = self.controller.demo
        self.demo_bar.setVisible(demo is not None)
        self.reset_action.setEnabled(demo is not None)
        if demo is not None:
            t = self.controller.texts.t
            self.banner.setText(t("demo.banner", name=t(f"demo.name.{demo}")))
            self.banner.setToolTip(t("demo.banner.tip"))
            index = self.switcher.findData(demo)
            if index >= 0:
                self.switcher.setCurrentIndex(index)

    def _household_changed(self) -> None:
        if self.controller.dossier is None:
            self.show_welcome()

    def _projection_arrived(self, _projection: object) -> None:
        if self.window.stack.currentWidget() is self.welcome:
            self.window.show_page("overview")
        if self.controller.demo is None and self.controller.own and self.controller.files:
            self._remember([str(f) for f in self.controller.files])

    def show_welcome(self) -> None:
        """The welcome page in front (no page marked in the navigation)."""
        self.window.nav.clearSelection()
        self.window.stack.setCurrentWidget(self.welcome)

    def welcome_shown(self) -> bool:
        """Whether the welcome page is in front."""
        return self.window.stack.currentWidget() is self.welcome

    # --- the actions --------------------------------------------------------------------------

    def start_own(self) -> None:
        """To the page where files are opened or collected ("Begin met uw eigen gegevens")."""
        self.window.show_page(own_data_page(self.window))

    def new_household(self) -> None:
        """Forget the household on screen (the kept one stays in the vault) and start over."""
        self.controller.new_household()

    def _choose(self, title_key: str) -> list[Path]:
        if not self.show_dialogs:
            return []
        t = self.controller.texts.t
        names, _filter = QFileDialog.getOpenFileNames(
            self.window, t(title_key), "", t("data.open.filter")
        )
        return [Path(name) for name in names]

    def open_files(self, paths: Sequence[Path] | None = None) -> None:
        """Open files as the household, in place of what is shown (a demo is left)."""
        chosen = list(paths) if paths is not None else self._choose("household.open.title")
        if chosen:
            self.controller.load_files(chosen)

    def add_files(self, paths: Sequence[Path] | None = None) -> None:
        """Add files to the household shown (to a demo: they replace it, never mix with it)."""
        chosen = list(paths) if paths is not None else self._choose("household.add.title")
        if chosen:
            self.controller.load_files(chosen, add=True)

    def show_demo(self, name: str) -> None:
        """One of the synthetic demo households, in demo mode."""
        self.controller.load_demo(name, self.demos[name])

    def reset_demo(self) -> None:
        """The demo as it was, every edit and choice gone ("Opnieuw beginnen")."""
        self.controller.reset_demo()

    def _target(self, title_key: str, filter_key: str, suffix: str) -> Path | None:
        if not self.show_dialogs:
            return None
        t = self.controller.texts.t
        name, _filter = QFileDialog.getSaveFileName(
            self.window, t(title_key), f"pensioenchecker{suffix}", t(filter_key)
        )
        if not name:
            return None
        path = Path(name)
        return path if path.suffix else path.with_suffix(suffix)

    def save_as(self, path: Path | None = None) -> Path | None:
        """Save the household as a dossier file (a demo's is marked synthetic)."""
        dossier = self.controller.dossier
        if dossier is None:
            self.controller.problem.emit(self.controller.texts.t("household.nothing"))
            return None
        path = path or self._target("household.save.title", "household.save.filter", ".json")
        if path is None:
            return None
        write_atomic(path, marked(dossier, self.controller).to_json().encode("utf-8"))
        self.controller.notice.emit(self.controller.texts.t("household.saved", path=path))
        return path

    def export_pdf(self, path: Path | None = None) -> Path | None:
        """The PDF report of the household shown (a demo's says it is synthetic)."""
        controller = self.controller
        projection = controller.projection
        if projection is None:
            controller.problem.emit(controller.texts.t("household.nothing"))
            return None
        path = path or self._target("household.export.title", "household.export.filter", ".pdf")
        if path is None:
            return None
        from pensioenchecker.exports.pdf import render_pdf
        from pensioenchecker.exports.report import ExportInput

        dossier = marked(projection.dossier, controller)
        shown = dataclasses.replace(projection, dossier=dossier)
        data = ExportInput(dossier, shown, parameters=controller.engine.parameters)
        write_atomic(path, render_pdf(data, controller.lang))
        controller.notice.emit(controller.texts.t("household.exported", path=path))
        return path

    def ask_partners(self, names: tuple[str, str]) -> bool:
        """The clear question: do these two people live together? (No is the default.)"""
        t = self.controller.texts.t
        answer = QMessageBox.question(
            self.window,
            t("household.partners.title"),
            t("household.partners.question", first=names[0], second=names[1]),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # --- recent households --------------------------------------------------------------------

    def _read_recent(self) -> list[list[str]]:
        if self.settings is None:
            return []
        raw = self.settings.value(RECENT_KEY, "")
        try:
            entries = json.loads(str(raw)) if raw else []
        except ValueError:
            return []
        return [[str(f) for f in entry] for entry in entries if isinstance(entry, list) and entry][
            :MAX_RECENT
        ]

    def _remember(self, files: list[str]) -> None:
        if self._recent and self._recent[0] == files:
            return
        self._recent = [files, *(e for e in self._recent if e != files)][:MAX_RECENT]
        if self.settings is not None:
            self.settings.setValue(RECENT_KEY, json.dumps(self._recent))
        self._fill_recent()

    def recent(self) -> list[list[str]]:
        """The households opened lately (their files), newest first."""
        return list(self._recent)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        if not self._recent:
            empty = self.recent_menu.addAction(self.controller.texts.t("household.recent.none"))
            empty.setEnabled(False)
            return
        for files in self._recent:
            label = ", ".join(Path(f).name for f in files)
            action = self.recent_menu.addAction(label if len(label) < 80 else label[:77] + "…")
            action.setToolTip("\n".join(files))
            action.triggered.connect(
                lambda _c=False, f=files: self.open_files([Path(x) for x in f])
            )
