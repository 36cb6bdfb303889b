"""Pages whose issues are still to come say what they will do."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ui.controller import DossierController
from ui.pages.base import Page


class PlaceholderPage(Page):
    """A page that explains what it will offer."""

    def __init__(
        self, name: str, controller: DossierController, parent: QWidget | None = None
    ) -> None:
        self.name = name
        super().__init__(controller, parent)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.TextSelectableByMouse
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.t(f"page.{self.name}"))
        self.body.setText(self.t(f"placeholder.{self.name}"))
        self.body.setAccessibleName(self.t(f"page.{self.name}"))
