"""The first thing a new user sees: start with your own data, or look at an example.

Shown instead of a household when nothing is open (a first start, or after "Nieuw huishouden"):
a demo is never presented as if it were the user's own. Layout only; what the buttons do is
given in by the window's household actions.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QMimeData, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.controller import DossierController

CARD_STYLE = (
    "QFrame#welcomeCard { border: 1px solid palette(mid); border-radius: 6px; padding: 12px; }"
)


class WelcomePage(QWidget):
    """Two ways in: the user's own files, or one of the synthetic demo households."""

    def __init__(
        self,
        controller: DossierController,
        demos: Sequence[str],
        start_own: Callable[[], None],
        open_files: Callable[[], None],
        show_demo: Callable[[str], None],
        open_paths: Callable[[list[Path]], None] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("page-welcome")
        self.controller = controller
        self.open_paths = open_paths
        self.setAcceptDrops(open_paths is not None)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        self.title.setFont(font)
        self.intro = QLabel()
        self.intro.setWordWrap(True)

        self.own_button = QPushButton()
        self.own_button.setObjectName("welcomeOwn")
        self.own_button.setDefault(True)
        self.own_button.clicked.connect(start_own)
        self.open_button = QPushButton()
        self.open_button.setObjectName("welcomeOpen")
        self.open_button.clicked.connect(open_files)
        self.own_text = QLabel()
        self.own_text.setWordWrap(True)

        self.demo_choice = QComboBox()
        self.demo_choice.setObjectName("welcomeDemoChoice")
        for name in demos:
            self.demo_choice.addItem(name, name)
        self.demo_button = QPushButton()
        self.demo_button.setObjectName("welcomeDemo")
        self.demo_button.clicked.connect(lambda: show_demo(self.chosen_demo()))
        self.demo_button.setEnabled(bool(demos))
        self.demo_text = QLabel()
        self.demo_text.setWordWrap(True)

        own_card = self._card(self.own_text, self.own_button, self.open_button)
        demo_card = self._card(self.demo_text, self.demo_choice, self.demo_button)
        cards = QHBoxLayout()
        cards.addWidget(own_card, 1)
        cards.addSpacing(16)
        cards.addWidget(demo_card, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addSpacing(16)
        layout.addLayout(cards)
        layout.addStretch(1)
        controller.language_changed.connect(lambda _lang: self.retranslate())
        self.retranslate()

    @staticmethod
    def _card(*widgets: QWidget) -> QFrame:
        card = QFrame()
        card.setObjectName("welcomeCard")
        card.setStyleSheet(CARD_STYLE)
        inner = QVBoxLayout(card)
        for widget in widgets:
            inner.addWidget(widget)
        inner.addStretch(1)
        return card

    @staticmethod
    def _paths(mime: QMimeData) -> list[Path]:
        if not mime.hasUrls():
            return []
        found = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
        return [path for path in found if path.is_file()]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        """Files dragged onto the welcome page are the user's own: they are opened."""
        self.dragMoveEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:  # noqa: N802 - Qt's name
        """Accept a drag that carries local files."""
        if self._paths(event.mimeData()):
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        """Open the dropped files as the household."""
        if self.drop_mime(event.mimeData()):
            event.acceptProposedAction()

    def drop_mime(self, mime: QMimeData) -> bool:
        """Open the local files a drop carries; False when it carries none."""
        paths = self._paths(mime)
        if not paths or self.open_paths is None:
            return False
        self.open_paths(paths)
        return True

    def chosen_demo(self) -> str:
        """The demo household chosen in the list (its folder name)."""
        return str(self.demo_choice.currentData())

    def retranslate(self) -> None:
        """Every text and accessible name in the current language."""
        t = self.controller.texts.t
        self.title.setText(t("welcome.title"))
        self.intro.setText(t("welcome.intro"))
        self.own_button.setText(t("welcome.own"))
        self.own_button.setAccessibleName(t("welcome.own").replace("&", ""))
        self.open_button.setText(t("household.open"))
        self.open_button.setAccessibleName(t("household.open").replace("&", ""))
        self.own_text.setText(t("welcome.own.text"))
        self.demo_button.setText(t("welcome.demo"))
        self.demo_button.setAccessibleName(t("welcome.demo").replace("&", ""))
        self.demo_text.setText(t("welcome.demo.text"))
        self.demo_choice.setAccessibleName(t("welcome.demo.choice"))
        for row in range(self.demo_choice.count()):
            self.demo_choice.setItemText(row, t(f"demo.name.{self.demo_choice.itemData(row)}"))
        for label in (self.title, self.intro, self.own_text, self.demo_text):
            label.setTextFormat(Qt.TextFormat.PlainText)
