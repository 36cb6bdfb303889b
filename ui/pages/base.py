"""What every page shares: the controller, its texts, and the two signals it follows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QWidget

from pensioenchecker.projection.timeline import HouseholdProjection
from ui.controller import DossierController


def plain_text_labels(widget: QWidget) -> None:
    """Every label shows its text as text, never as HTML.

    Labels show what files and other people wrote (provider names, an adviser's request); Qt
    would render anything that looks like markup, which could hide part of a consent text.
    """
    for label in widget.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)


class Page(QWidget):
    """A page of the main window; ``name`` is its key for --page and the navigation."""

    name = ""

    def __init__(self, controller: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName(f"page-{self.name}")
        self._pending: HouseholdProjection | None = None
        controller.language_changed.connect(lambda _lang: self.retranslate())
        controller.projection_changed.connect(self._projection_arrived)

    def t(self, key: str, **values: object) -> str:
        """A text in the current language."""
        return self.controller.texts.t(key, **values)

    @property
    def lang(self) -> str:
        """The current language."""
        return self.controller.lang

    def _projection_arrived(self, projection: HouseholdProjection) -> None:
        """Show it now, or when this page comes to the front if another page is in front."""
        in_window_behind = (
            self.parentWidget() is not None and self.window().isVisible() and not self.isVisible()
        )
        if in_window_behind:
            self._pending = projection
        else:
            self._pending = None
            self.show_projection(projection)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        """Catch up with a projection that arrived while the page was behind another."""
        plain_text_labels(self)
        super().showEvent(event)
        if self._pending is not None:
            projection, self._pending = self._pending, None
            self.show_projection(projection)

    def retranslate(self) -> None:
        """Set every visible text (and accessible name) in the current language."""

    def show_projection(self, projection: HouseholdProjection) -> None:
        """Show a new projection (the dossier changed)."""
