"""Full screen, zoom and the presentation view: every page whole at large type.

Each page is shown at 1280×800 and 1920×1080 with the text at 150 % and the presentation view
on; every visible widget must lie inside its parent (or inside what its scroll area scrolls),
show its text whole, and the charts' tick labels must not run into one another.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.text import Text
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QScrollArea,
    QTableView,
    QTabWidget,
    QWidget,
)

from ui.application import build_window, demo_files
from ui.charts import IncomeChart
from ui.i18n import Texts
from ui.main_window import PAGE_ORDER, MainWindow
from ui.zoom import PRESENTATION_SCALE, SHORT_TEXT, zoom

SIZES = ((1280, 800), (1920, 1080))


def name_of(widget: QWidget) -> str:
    """How a clipped widget is reported: its object name, class and text."""
    text = ""
    if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
        text = widget.text()[:40]
    return f"{widget.objectName() or '-'} {type(widget).__name__} {text!r}"


def scrolled_by(widget: QWidget) -> bool:
    """Whether the widget is what a scroll area scrolls (it may be taller than the view).

    It may be wider too, but only where the area scrolls sideways.
    """
    parent = widget.parentWidget()
    holder = parent.parentWidget() if parent is not None else None
    if not (isinstance(holder, QAbstractScrollArea) and holder.viewport() is parent):
        return False
    sideways = holder.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    return sideways or widget.width() <= parent.width()


def part_of_a_field(widget: QWidget) -> bool:
    """The line edit inside a spin box or combo box: the field itself is checked."""
    return isinstance(widget.parentWidget(), QAbstractSpinBox | QComboBox)


def clipped(window: QWidget, size: tuple[int, int] | None = None) -> list[str]:
    """Every visible widget that is cut off, or whose text does not fit, with the reason.

    With ``size``, a window that had to grow past it to hold its pages is reported too.
    """
    problems: list[str] = []
    if size is not None and (window.width(), window.height()) != size:
        problems.append(f"the window grew to {window.width()}×{window.height()}")
    for widget in window.findChildren(QWidget):
        if not widget.isVisible() or widget.width() <= 0 or part_of_a_field(widget):
            continue
        parent = widget.parentWidget()
        if parent is not None and not widget.isWindow() and not scrolled_by(widget):
            inside = parent.rect()
            if not inside.contains(widget.geometry()):
                problems.append(f"{name_of(widget)}: {widget.geometry()} outside {inside}")
        problems.extend(f"{name_of(widget)}: {why}" for why in text_problems(widget))
    return problems


def text_problems(widget: QWidget) -> Iterator[str]:
    """Why a widget's own text is not shown whole, if it is not."""
    hint = widget.sizeHint()
    if isinstance(widget, QLabel) and widget.text():
        if widget.wordWrap():
            needed = widget.heightForWidth(widget.width())
            if needed > widget.height():
                yield f"wrapped text needs {needed} px high, has {widget.height()}"
        elif hint.width() > widget.width() or hint.height() > widget.height():
            yield f"text needs {hint.width()}×{hint.height()}, has {widget.size()}"
    elif isinstance(widget, QAbstractButton) and widget.text():
        if hint.width() > widget.width() or hint.height() > widget.height():
            yield f"button needs {hint.width()}×{hint.height()}, has {widget.size()}"
    elif isinstance(widget, QComboBox | QLineEdit | QAbstractSpinBox):
        smallest = widget.minimumSizeHint()
        if smallest.height() > widget.height() or smallest.width() > widget.width():
            yield f"field needs {smallest.width()}×{smallest.height()}, has {widget.size()}"
    elif isinstance(widget, QTableView) and widget.model() is not None:
        header = widget.horizontalHeader()
        sideways = widget.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        last = widget.model().columnCount() - 1
        for column in range(widget.model().columnCount()):
            if header.isSectionHidden(column):
                continue
            user_sized = header.sectionResizeMode(column) == QHeaderView.ResizeMode.Interactive
            if user_sized and sideways and not (column == last and header.stretchLastSection()):
                continue  # a column the user drags wider; the table scrolls sideways
            has = header.sectionSize(column)
            needs = max(header.sectionSizeHint(column), short_cells_width(widget, column))
            if needs > has:
                yield f"column {column} needs {needs} px, has {has}"


def short_cells_width(table: QTableView, column: int) -> int:
    """The width the column's short texts need (as the table measures a cell)."""
    model = table.model()
    widest = 0
    for row in range(model.rowCount()):
        index = model.index(row, column)
        text = str(model.data(index) or "")
        if text and len(text) <= SHORT_TEXT and not table.isRowHidden(row):
            widest = max(widest, table.sizeHintForIndex(index).width() + table.showGrid())
    return widest


def tick_labels_overlap(chart: IncomeChart) -> list[str]:
    """Pairs of tick labels (per axis) whose boxes intersect, and labels outside the figure."""
    chart.draw()
    renderer = chart.get_renderer()
    assert isinstance(renderer, RendererAgg)
    figure_box = chart.figure.bbox
    problems: list[str] = []
    axes = chart.axes
    low_x, high_x = sorted(axes.get_xlim())
    low_y, high_y = sorted(axes.get_ylim())
    # (matplotlib keeps labels for ticks just outside the axes too; it does not draw them)
    labels: list[list[Text]] = [
        [
            t
            for t in axes.get_xticklabels()
            if t.get_text() and low_x <= t.get_position()[0] <= high_x
        ],
        [
            t
            for t in axes.get_yticklabels()
            if t.get_text() and low_y <= t.get_position()[1] <= high_y
        ],
    ]
    for texts in labels:
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts]
        for index, (text, box) in enumerate(boxes):
            if box.x0 < figure_box.x0 - 1 or box.x1 > figure_box.x1 + 1 or box.y0 < -1:
                problems.append(f"{text!r} outside the figure")
            for other, other_box in boxes[index + 1 :]:
                if box.overlaps(other_box):
                    problems.append(f"{text!r} overlaps {other!r}")
    titles = [axes.xaxis.label, axes.yaxis.label]
    for title in titles:
        box = title.get_window_extent(renderer)
        if title.get_text() and (box.x0 < -1 or box.y0 < -1 or box.x1 > figure_box.x1 + 1):
            problems.append(f"axis title {title.get_text()!r} outside the figure")
    legend = axes.get_legend()
    if legend is not None:
        box = legend.get_window_extent(renderer)
        if box.x1 > figure_box.x1 + 1 or box.y0 < -1:
            problems.append("the legend is cut off")
    return problems


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:  # type: ignore[no-untyped-def]
    win, controller = build_window(
        Texts("nl"), "2026-11-28", show_dialogs=False, data_folder=tmp_path, demo=True
    )
    qtbot.addWidget(win)
    controller.load_files(demo_files("couple"))
    return win


def settle() -> None:
    """Let every layout request run (a layout that moves a widget posts its children's)."""
    for _ in range(8):
        QApplication.processEvents()


def shown(window: MainWindow, size: tuple[int, int], page: str) -> None:
    window.resize(*size)
    window.show()
    window.show_page(page)
    settle()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("page", PAGE_ORDER)
def test_every_page_is_whole_at_large_type(window: MainWindow, size, page: str) -> None:  # type: ignore[no-untyped-def]
    zoom().set_scale(1.5)
    zoom().set_presentation(True)
    shown(window, size, page)
    tabs = window.page(page).findChild(QTabWidget)
    for tab in range(tabs.count()) if tabs is not None else [0]:
        if tabs is not None:
            tabs.setCurrentIndex(tab)
            settle()
        assert clipped(window, size) == []
        for chart in window.page(page).findChildren(IncomeChart):
            if chart.isVisible():
                assert tick_labels_overlap(chart) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_qr_code_is_whole(window: MainWindow, size) -> None:  # type: ignore[no-untyped-def]
    zoom().set_presentation(True)
    shown(window, size, "share")
    share = window.page("share")
    tabs = share.findChild(QTabWidget)
    assert tabs is not None
    tabs.setCurrentIndex(1)
    settle()
    qr = share.findChild(QLabel, "shareQr")
    assert qr is not None and qr.isVisible()
    pixmap = qr.pixmap()
    assert not pixmap.isNull()
    assert qr.contentsRect().contains(QRect(qr.contentsRect().topLeft(), pixmap.size()))
    # Whole at once on screen: scrolled to, it fits in the view (never cut by its edge).
    area = qr.parentWidget()
    while area is not None and not isinstance(area, QScrollArea):
        area = area.parentWidget()
    assert area is not None
    area.ensureWidgetVisible(qr, 0, 0)
    settle()
    view = area.viewport()
    assert view.rect().contains(QRect(qr.mapTo(view, qr.rect().topLeft()), qr.size()))
    top = qr.mapTo(window, qr.rect().topLeft())
    assert window.rect().contains(QRect(top, qr.size()))


def test_zoom_keys_scale_the_headline_and_reset(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    shown(window, SIZES[0], "overview")
    headline = window.page("overview").findChild(QLabel, "overviewHeadline")
    assert headline is not None
    normal = headline.font().pointSizeF()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert zoom().scale == pytest.approx(1.1)
    assert headline.font().pointSizeF() == pytest.approx(normal * 1.1)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert zoom().scale == pytest.approx(0.9)
    assert headline.font().pointSizeF() == pytest.approx(normal * 0.9)
    zoom().set_presentation(True)
    assert headline.font().pointSizeF() == pytest.approx(normal * PRESENTATION_SCALE)
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert zoom().scale == 1.0 and not zoom().presentation
    assert headline.font().pointSizeF() == pytest.approx(normal)


def test_chart_text_follows_the_zoom(window: MainWindow) -> None:
    shown(window, SIZES[1], "overview")
    chart = window.page("overview").findChild(IncomeChart)
    assert chart is not None
    before = chart.axes.xaxis.get_ticklabels()[0].get_fontsize()
    zoom().set_scale(1.5)
    assert chart.axes.xaxis.get_ticklabels()[0].get_fontsize() == pytest.approx(before * 1.5)
    assert chart.axes.xaxis.label.get_fontsize() == pytest.approx(before * 1.5)


def test_f11_toggles_full_screen(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    shown(window, SIZES[0], "overview")
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert window.windowState() & Qt.WindowState.WindowFullScreen
    qtbot.keyClick(window, Qt.Key.Key_F11)
    assert not window.windowState() & Qt.WindowState.WindowFullScreen


def test_the_presentation_switch_follows_ctrl_0(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    shown(window, SIZES[0], "share")
    switch = window.page("share").findChild(QAbstractButton, "sharePresentation")
    assert switch is not None
    switch.setChecked(True)
    assert zoom().presentation and zoom().scale == PRESENTATION_SCALE
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert not zoom().presentation and not switch.isChecked()


def test_a_screenshot_in_the_presentation_view_at_a_size(tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    from ui.application import main

    shot = tmp_path / "whatif.png"
    previous = sys.excepthook  # the window installs its crash handler
    try:
        code = main(
            ["--demo", "--page", "whatif", "--presentation", "--size", "1280x800", "--screenshot",
             str(shot), "--no-crash-dialog", "--as-of", "2026-11-28", "--data-dir", str(tmp_path)]
        )  # fmt: skip
    finally:
        sys.excepthook = previous
    assert code == 0
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    assert zoom().presentation and zoom().scale == PRESENTATION_SCALE


@pytest.mark.parametrize(
    ("option", "value"),
    [("--zoom", "300"), ("--zoom", "50"), ("--size", "1920"), ("--size", "0x800")],
)
def test_window_options_out_of_range_are_refused(option: str, value: str, capsys) -> None:  # type: ignore[no-untyped-def]
    from ui.application import parse_arguments

    with pytest.raises(SystemExit) as stop:
        parse_arguments([option, value])
    assert stop.value.code == 2
    assert option in capsys.readouterr().err


def test_window_options_are_read() -> None:
    from ui.application import parse_arguments

    args = parse_arguments(["--zoom", "150", "--size", "1920x1080", "--presentation"])
    assert (args.zoom, args.size, args.presentation) == (150, (1920, 1080), True)
