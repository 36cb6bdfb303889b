"""What every page shares: the controller, its texts, and the two signals it follows."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from pensioenchecker.projection.timeline import HouseholdProjection
from ui.controller import DossierController


class Page(QWidget):
    """A page of the main window; ``name`` is its key for --page and the navigation."""

    name = ""

    def __init__(self, controller: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName(f"page-{self.name}")
        controller.language_changed.connect(lambda _lang: self.retranslate())
        controller.projection_changed.connect(self.show_projection)

    def t(self, key: str, **values: object) -> str:
        """A text in the current language."""
        return self.controller.texts.t(key, **values)

    @property
    def lang(self) -> str:
        """The current language."""
        return self.controller.lang

    def retranslate(self) -> None:
        """Set every visible text (and accessible name) in the current language."""

    def show_projection(self, projection: HouseholdProjection) -> None:
        """Show a new projection (the dossier changed)."""
