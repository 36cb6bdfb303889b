"""The size of text in the whole window: one scale, kept here and nowhere else.

People show their figures to others — a fund at an event, an adviser with a client beside
them — so every text follows one factor: the labels, tables and buttons through the
application font, the larger titles and the headline through ``emphasise``, and the charts
through the ``changed`` signal (their fonts are matplotlib's, not Qt's). The presentation view
is a zoom of at least ``PRESENTATION_SCALE``; leaving it returns to the zoom chosen before.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHeaderView,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QWidget,
)

STEPS = (0.8, 0.9, 1.0, 1.1, 1.25, 1.5, 1.75, 2.0)
"""The zoom levels Ctrl+= and Ctrl+- step through."""
PRESENTATION_SCALE = 1.5
"""The least zoom of the presentation view: large type for walking a client through."""
FACTOR_PROPERTY = "zoomFontFactor"
BOLD_PROPERTY = "zoomFontBold"


class Zoom(QObject):
    """The window's text scale; ``changed`` carries the new one after the fonts are set."""

    changed = Signal(float)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._base = QFont(app.font())
        self._chosen = 1.0
        self._presentation = False

    @property
    def scale(self) -> float:
        """The factor text is drawn at (1.0 = the system's size)."""
        if self._presentation:
            return max(self._chosen, PRESENTATION_SCALE)
        return self._chosen

    @property
    def presentation(self) -> bool:
        """Whether the presentation view is on."""
        return self._presentation

    def base_point_size(self) -> float:
        """The system's text size in points, before any zoom."""
        return self._base.pointSizeF()

    def set_scale(self, scale: float) -> None:
        """Zoom to ``scale`` (kept between the smallest and largest step)."""
        self._chosen = min(max(scale, STEPS[0]), STEPS[-1])
        self._apply()

    def zoom_in(self) -> None:
        """The next larger step (Ctrl+=)."""
        self.set_scale(next((s for s in STEPS if s > self.scale + 1e-9), STEPS[-1]))

    def zoom_out(self) -> None:
        """The next smaller step (Ctrl+-)."""
        self.set_scale(next((s for s in reversed(STEPS) if s < self.scale - 1e-9), STEPS[0]))

    def reset(self) -> None:
        """The system's size again (Ctrl+0); the presentation view ends too."""
        self._presentation = False
        self.set_scale(1.0)

    def set_presentation(self, on: bool) -> None:
        """Large type on or off; off returns to the zoom chosen before."""
        self._presentation = on
        self._apply()

    def font(self, factor: float = 1.0, bold: bool = False) -> QFont:
        """The window's font at the current zoom, ``factor`` times as large."""
        font = QFont(self._base)
        font.setPointSizeF(self._base.pointSizeF() * self.scale * factor)
        font.setBold(bold)
        return font

    def _apply(self) -> None:
        self._app.setFont(self.font())
        # Qt posts the change to every widget; deliver it now, so sizes are right on return.
        self._app.sendPostedEvents(None, QEvent.Type.ApplicationFontChange)
        for widget in self._app.allWidgets():
            factor = widget.property(FACTOR_PROPERTY)
            if isinstance(factor, float):
                widget.setFont(self.font(factor, bool(widget.property(BOLD_PROPERTY))))
        self.changed.emit(self.scale)


def zoom() -> Zoom:
    """The one zoom of the running application (made on first use)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("the zoom needs a running QApplication")
    found = app.findChild(Zoom)
    return found if found is not None else Zoom(app)


def emphasise(widget: QWidget, factor: float, bold: bool = False) -> None:
    """A title or headline: ``factor`` times the window's text, at every zoom."""
    widget.setProperty(FACTOR_PROPERTY, float(factor))
    widget.setProperty(BOLD_PROPERTY, bold)
    widget.setFont(zoom().font(factor, bold))


SHORT_TEXT = 30
"""Cells up to this many characters (dates, amounts, names) are shown whole; longer free text
(a file's path, a description) may be shortened with "…" rather than widen the window."""


def column_needs(table: QTableView, column: int) -> int:
    """The width that shows the column's header and every short cell whole."""
    model = table.model()
    widest = table.horizontalHeader().sectionSizeHint(column)
    if model is None:
        return widest
    grid = 1 if table.showGrid() else 0  # as Qt measures a column: the grid line included
    for row in range(model.rowCount()):
        index = model.index(row, column)
        text = model.data(index)
        if text and len(str(text)) <= SHORT_TEXT and not table.isRowHidden(row):
            widest = max(widest, table.sizeHintForIndex(index).width() + grid)
    return widest


def column_widths_needed(table: QTableView) -> int:
    """The width that shows every header and cell of ``table`` whole (frame included)."""
    model = table.model()
    if model is None:
        return 0
    header = table.horizontalHeader()
    needed = sum(
        column_needs(table, column)
        for column in range(model.columnCount())
        if not header.isSectionHidden(column)
    )
    # Room for the scroll bar whether it shows now or not: rows come and go, the width stays.
    always_off = table.verticalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    bar = 0 if always_off else table.verticalScrollBar().sizeHint().width()
    return needed + 2 * table.frameWidth() + bar


def fit_columns(table: QTableView) -> None:
    """The table is never narrower than its columns' texts: its layout makes room instead.

    Call it after filling the table; with ``keep_columns_whole`` the columns are spread too.
    """
    table.setMinimumWidth(column_widths_needed(table))
    keeper = table.findChild(_ColumnKeeper)
    if keeper is not None:
        keeper.spread()


class _ColumnKeeper(QObject):
    """Stretched columns that never get narrower than their texts, at any size or zoom.

    Qt's stretched columns are all equally wide, so a long header is cut off while a short
    column has room to spare; these share the spare room out over what each one needs.
    """

    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        header = table.horizontalHeader()
        model = table.model()
        count = model.columnCount() if model is not None else 0
        self.stretched = [
            column
            for column in range(count)
            if header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch
        ]
        for column in self.stretched:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        # The view port: its new size is known when it is told (the table's comes first).
        table.viewport().installEventFilter(self)

    def spread(self) -> None:
        """Each stretched column its texts' width, then the room left over.

        The room goes first to columns whose long texts are shortened (as far as they need),
        then to all alike.
        """
        table, header = self.table, self.table.horizontalHeader()
        shown = [c for c in self.stretched if not header.isSectionHidden(c)]
        if not shown:
            return
        widths = {column: column_needs(table, column) for column in shown}
        others = sum(
            header.sectionSize(column)
            for column in range(header.count())
            if column not in widths and not header.isSectionHidden(column)
        )
        spare = max(0, table.viewport().width() - others - sum(widths.values()))
        short_of = {c: max(0, table.sizeHintForColumn(c) - widths[c]) for c in shown}
        wanted = sum(short_of.values())
        if wanted:
            given = min(spare, wanted)
            for column in shown:
                widths[column] += given * short_of[column] // wanted
            spare = max(0, table.viewport().width() - others - sum(widths.values()))
        for index, column in enumerate(shown):
            share = spare // len(shown) + (1 if index < spare % len(shown) else 0)
            table.setColumnWidth(column, widths[column] + share)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """A new font (the zoom changed) measures anew; a new width spreads anew."""
        if event.type() == QEvent.Type.FontChange:
            fit_columns(self.table)
        elif event.type() == QEvent.Type.Resize:
            self.spread()
        return False


def keep_columns_whole(table: QTableView) -> None:
    """Stretched columns never narrower than their texts, now and at every size and zoom."""
    _ColumnKeeper(table)
    fit_columns(table)


def scrolling(widget: QWidget, sideways: bool = False) -> QScrollArea:
    """``widget`` in a frameless area that scrolls when it is taller than its room.

    Text wraps to the area's width; ``sideways`` lets wide content (a table whose columns must
    stay whole) scroll left and right as a last resort instead.
    """
    area = QScrollArea()
    if not sideways:
        widget.setSizePolicy(QSizePolicy.Policy.Ignored, widget.sizePolicy().verticalPolicy())
        area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    return area
