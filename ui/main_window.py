"""The main window: a navigation bar on the left, one page at a time on the right.

Layout only; the state lives in the controller that is passed in. Every page is reachable by
keyboard (Ctrl+1 … Ctrl+6, or the arrow keys in the navigation list). A page may be given as a
factory: it is made (and its module imported) when it first comes to the front, so start-up
pays only for the page people see first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.controller import DossierController
from ui.pages.base import Page
from ui.zoom import zoom

PAGE_ORDER = ("ophalen", "overview", "data", "explain", "whatif", "share")
PageFactory = Callable[[], Page]
NAV_WIDTH = 180
"""The navigation column's width at the system's text size (it grows with the zoom)."""


class MainWindow(QMainWindow):
    """Navigation + pages; shows problems as readable messages."""

    def __init__(
        self,
        controller: DossierController,
        pages: Sequence[Page | tuple[str, PageFactory]],
        settings: QSettings | None = None,
        show_dialogs: bool = True,
    ) -> None:
        super().__init__()
        self.controller = controller
        self.settings = settings
        self.show_dialogs = show_dialogs
        self.pages: dict[str, Page] = {}
        """The pages made so far, by key (``page(name)`` makes one that is not yet made)."""
        self._factories: dict[str, PageFactory] = {}
        self.names: list[str] = []
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(NAV_WIDTH)
        self.stack = QStackedWidget()
        for entry in pages:
            if isinstance(entry, tuple):
                name, factory = entry
                self._factories[name] = factory
                widget = QWidget()  # stands in until the page is first shown
            else:
                name, widget = entry.name, entry
                self.pages[name] = entry
            self.names.append(name)
            self.nav.addItem(name)
            self.stack.addWidget(widget)
        self.nav.currentRowChanged.connect(self._show_row)
        # A click on the current row still brings its page back over a page outside the list.
        self.nav.itemClicked.connect(lambda item: self._show_row(self.nav.row(item)))
        self.language_button = QPushButton()
        self.language_button.clicked.connect(self._toggle_language)
        self.rules_button = QPushButton()
        self.rules_button.setObjectName("checkRules")
        self.rules_button.clicked.connect(self._check_rules)
        self.status = QLabel()
        self.status.setObjectName("status")
        side = QVBoxLayout()
        side.addWidget(self.nav, 1)
        side.addWidget(self.rules_button)
        side.addWidget(self.language_button)
        body = QHBoxLayout()
        body.addLayout(side)
        body.addWidget(self.stack, 1)
        centre = QWidget()
        centre.setLayout(body)
        self.setCentralWidget(centre)
        self.statusBar().addWidget(self.status)
        for number, name in enumerate(self.names, start=1):
            shortcut = QShortcut(QKeySequence(f"Ctrl+{number}"), self)
            shortcut.activated.connect(lambda n=name: self.show_page(n))
        self._view_shortcuts()
        controller.language_changed.connect(lambda _lang: self.retranslate())
        controller.problem.connect(self._show_problem)
        controller.notice.connect(self.status.setText)
        controller.busy_changed.connect(self._busy)
        self.retranslate()
        self.nav.setCurrentRow(0)
        if settings is not None and settings.contains("geometry"):
            self.restoreGeometry(settings.value("geometry"))
        else:
            self.resize(1280, 820)

    def _view_shortcuts(self) -> None:
        """F11 full screen; Ctrl+= / Ctrl+- / Ctrl+0 larger, smaller and normal text."""
        scale = zoom()
        for keys, action in (
            (("F11",), self.toggle_full_screen),
            (("Ctrl+=", "Ctrl++"), scale.zoom_in),
            (("Ctrl+-",), scale.zoom_out),
            (("Ctrl+0",), scale.reset),
        ):
            for key in keys:
                QShortcut(QKeySequence(key), self).activated.connect(action)
        scale.changed.connect(self._follow_zoom)

    def _follow_zoom(self, scale: float) -> None:
        """The navigation column grows with the text, so its names and buttons stay whole."""
        wanted = max(
            round(NAV_WIDTH * scale),
            self.rules_button.sizeHint().width(),
            self.language_button.sizeHint().width(),
            self.nav.sizeHintForColumn(0) + 2 * self.nav.frameWidth() + 8,
        )
        self.nav.setFixedWidth(wanted)

    def toggle_full_screen(self) -> None:
        """Full screen on or off (F11): for showing the figures to others."""
        self.setWindowState(self.windowState() ^ Qt.WindowState.WindowFullScreen)

    def show_page(self, name: str) -> None:
        """Bring a page to the front (by its key: overview, data, explain, whatif, share)."""
        row = self.names.index(name)
        self.nav.setCurrentRow(row)
        self.nav.item(row).setSelected(True)
        self._show_row(row)  # also when its row was current under the welcome page

    def current_page(self) -> str:
        """The key of the page in front."""
        return self.names[self.nav.currentRow()]

    def page(self, name: str) -> Page:
        """The page with this key, made now if it was not yet."""
        if name not in self.pages:
            page = self._factories.pop(name)()
            index = self.names.index(name)
            stand_in = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            if stand_in is not None:  # every name has a stand-in until its page is made
                self.stack.removeWidget(stand_in)
                stand_in.deleteLater()
            self.pages[name] = page
            if self.controller.projection is not None:
                page.show_projection(self.controller.projection)
        return self.pages[name]

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(self.names):
            self.page(self.names[row])
            self.stack.setCurrentIndex(row)

    def retranslate(self) -> None:
        """Texts of the window itself in the current language."""
        texts = self.controller.texts
        self.setWindowTitle(texts.t("app.title"))
        for row, name in enumerate(self.names):
            self.nav.item(row).setText(f"{texts.t(f'page.{name}')}")
        self.nav.setAccessibleName(texts.t("nav.label"))
        self.language_button.setText(texts.t("lang.switch"))
        self.rules_button.setText(texts.t("rules.check"))
        self.rules_button.setAccessibleName(texts.t("rules.check"))
        self.rules_button.setToolTip(texts.t("rules.what"))
        self.language_button.setAccessibleName(texts.t("lang.switch"))
        self._follow_zoom(zoom().scale)

    def _check_rules(self) -> None:
        """Opt-in each time: the user sees what is fetched and that nothing is sent."""
        texts = self.controller.texts
        if self.show_dialogs:
            answer = QMessageBox.question(self, texts.t("rules.check"), texts.t("rules.what"))
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.controller.check_rules()

    def _toggle_language(self) -> None:
        self.controller.set_language("en" if self.controller.lang == "nl" else "nl")

    def _busy(self, busy: bool) -> None:
        self.status.setText(self.controller.texts.t("busy") if busy else "")
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _show_problem(self, message: str) -> None:
        self.status.setText(message)
        if self.show_dialogs:
            QMessageBox.warning(self, self.controller.texts.t("error.title"), message)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        """Remember the window's size and place."""
        if self.settings is not None:
            self.settings.setValue("geometry", self.saveGeometry())
        super().closeEvent(event)
