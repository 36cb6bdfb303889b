"""Walking a widget's keyboard focus chain, for the tests of tab order."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget


def focus_chain(start: QWidget) -> list[QWidget]:
    """The widgets Tab visits from ``start``, once round (each once)."""
    seen: list[QWidget] = []
    widget = start
    while True:
        seen.append(widget)
        widget = widget.nextInFocusChain()
        if widget is start or widget in seen:
            return seen
