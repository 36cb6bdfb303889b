"""Income charts: gross income per month by age, stacked per source, net as a line.

Built on ``matplotlib.figure.Figure`` and the Qt canvas (never pyplot, so no global state).
The figure and its axes are made once. The data (areas, lines, markers) are *animated* artists:
a full draw paints only the frame (axes, ticks, labels, legend) and keeps a copy of it; an
edit that leaves the frame as it was restores that copy and paints just the data on top
(blitting). Text is most of matplotlib's drawing time, so a recompute-and-repaint after an
edit costs a few milliseconds instead of a full redraw.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from matplotlib.artist import Artist
from matplotlib.backend_bases import DrawEvent
from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from ui.zoom import zoom

if TYPE_CHECKING:
    from matplotlib.typing import LineStyleType

# Colour-blind friendly (Okabe-Ito), in stacking order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
COMPARE_COLOUR = "#D55E00"
TEXT_POINTS = 10.0
"""Tick labels and axis titles at the system's text size (they grow with the zoom)."""
LEGEND_POINTS = 8.0
LAYOUT_PAD = 0.4
"""Room around the figure's text when the margins are measured, in font sizes."""


@dataclass
class ChartData:
    """What to draw: steps over ages (``edges`` has one more entry than each series)."""

    edges: list[float]
    stacks: list[tuple[str, list[float]]]  # label, euros per month for each step
    net: list[float]  # euros per month for each step
    net_label: str
    # age, label, line style
    markers: list[tuple[float, str, LineStyleType]] = field(default_factory=list)
    x_label: str = ""
    y_label: str = ""
    compare: list[float] | None = None  # a second net line (a variant), same edges
    compare_label: str = ""
    band: tuple[list[float], list[float]] | None = None  # low and high net (UPO scenarios)
    band_label: str = ""


Frame = tuple[tuple[float, float], float, tuple[tuple[object, tuple[object, ...]], ...], str, str]
"""What the cached frame shows: x range, axis top, legend entries, axis titles."""


def nice_ceiling(value: float) -> float:
    """The axis top: ``value`` plus 5 %, rounded up to a half of its order of magnitude.

    Rounding keeps the axis (and so the cached frame) the same across small edits.
    """
    target = max(value, 1.0) * 1.05
    step = math.pow(10, math.floor(math.log10(target))) / 2
    return math.ceil(target / step) * step


class IncomeChart(FigureCanvasQTAgg):
    """A canvas with one axes that is reused for every projection.

    matplotlib's Qt canvas carries no annotations: the calls into it are marked
    ``no-untyped-call`` one by one, so the rest of the class stays checked.
    """

    def __init__(self, money_format: Callable[[float], str], parent: QWidget | None = None) -> None:
        # Margins measured once per frame, size or zoom instead of a layout engine: a
        # constrained layout measures every label on every redraw and took half of its time.
        self.figure = Figure(figsize=(8, 3.2), dpi=100)
        self.figure.subplots_adjust(left=0.085, right=0.70, top=0.96, bottom=0.16)
        self.text_scale = zoom().scale
        """The window's zoom: every text of the chart is this many times its normal size."""
        super().__init__(self.figure)  # type: ignore[no-untyped-call]
        self.setPalette(QPalette())  # the canvas sets plain white; inherit the window's instead
        self.setParent(parent)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self.money_format = money_format
        # As many ticks as fit at the text's size: the labels never run into one another.
        self.axes.xaxis.set_major_locator(MaxNLocator(nbins="auto", integer=True))
        self.axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: self.money_format(v)))
        self.axes.set_axisbelow(True)  # the grid under the data, in full draws and blits alike
        self.axes.spines[["top", "right"]].set_visible(False)
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable so its description is read
        self.data: ChartData | None = None
        self._data_artists: list[Artist] = []
        self._frame: Frame | None = None
        self._background: Any = None
        self.full_draws = 0
        """How many times the whole figure was drawn (the benchmark and tests read it)."""
        self.ink = "#000000"
        """The colour of text, axes and the net line: the window's text colour."""
        self.mpl_connect("draw_event", self._on_draw)
        self._apply_text_scale()
        zoom().changed.connect(self.set_text_scale)
        self.follow_palette()

    def set_text_scale(self, scale: float) -> None:
        """The window's text grew or shrank: the chart's text follows, the margins are measured."""
        self.text_scale = scale
        self._apply_text_scale()
        self._frame = None
        if self.data is not None:
            self.plot(self.data)
        else:
            self._fit_margins()
            self.draw_idle()  # type: ignore[no-untyped-call]

    def _apply_text_scale(self) -> None:
        size = TEXT_POINTS * self.text_scale
        self.axes.tick_params(labelsize=size, which="both")
        self.axes.xaxis.label.set_fontsize(size)
        self.axes.yaxis.label.set_fontsize(size)

    def _fit_margins(self) -> None:
        """Margins that hold the tick labels, axis titles and legend at this size and zoom."""
        if self.width() <= 1 or self.height() <= 1 or not self.axes.axison:
            return
        self.figure.tight_layout(pad=LAYOUT_PAD)

    def follow_palette(self) -> None:
        """Take the window's colours, so the chart is light or dark with the system."""
        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base).name()
        self.ink = palette.color(QPalette.ColorRole.Text).name()
        grid = palette.color(QPalette.ColorRole.Mid).name()
        self.figure.set_facecolor(background)
        ax = self.axes
        ax.set_facecolor(background)
        ax.tick_params(colors=self.ink, which="both")
        ax.xaxis.label.set_color(self.ink)
        ax.yaxis.label.set_color(self.ink)
        for spine in ax.spines.values():
            spine.set_color(self.ink)
        ax.grid(axis="y", color=grid, linewidth=0.8, alpha=0.5)
        self._frame = None  # the whole figure again, in the new colours
        if self.data is not None:
            self.plot(self.data)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Margins measured for the new size: room for "€ 6.000" and the legend at any width."""
        super().resizeEvent(event)  # type: ignore[no-untyped-call]
        self._fit_margins()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """The system switched between light and dark (or another palette)."""
        super().changeEvent(event)
        # (Qt also sends one while the canvas is being made, before the axes exist.)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "ink"):
            self.follow_palette()

    def plot(self, data: ChartData | None) -> None:
        """Show ``data`` (``None`` leaves the axes empty)."""
        self.data = data
        ax = self.axes
        for artist in self._data_artists:
            artist.remove()
        self._data_artists = []
        if data is None or len(data.edges) < 2:  # noqa: PLR2004 - a step needs two edges
            self._set_frame(None, data)
            return
        x = list(data.edges)
        bottom = [0.0] * len(data.net)
        handles: list[Artist] = []

        def area(
            low: Sequence[float], high: Sequence[float], colour: str, alpha: float, label: str
        ) -> None:
            band = ax.fill_between(
                x, _steps(low), _steps(high), step="post", linewidth=0, color=colour, alpha=alpha
            )
            self._data_artists.append(band)
            handles.append(Patch(color=colour, alpha=alpha, label=label))

        def line(values: Sequence[float], colour: str, style: LineStyleType, label: str) -> None:
            (drawn,) = ax.step(
                x, _steps(values), where="post", color=colour, linewidth=2, linestyle=style
            )
            self._data_artists.append(drawn)
            handles.append(Line2D([], [], color=colour, linewidth=2, linestyle=style, label=label))

        for i, (label, values) in enumerate(data.stacks):
            top = [b + v for b, v in zip(bottom, values, strict=True)]
            area(bottom, top, PALETTE[i % len(PALETTE)], 0.85, label)
            bottom = top
        line(data.net, self.ink, "-", data.net_label)
        highest = max([*bottom, *data.net, 1.0])
        if data.compare is not None:
            line(data.compare, COMPARE_COLOUR, "--", data.compare_label)
            highest = max(highest, *data.compare)
        if data.band is not None:
            low, high = data.band
            area(low, high, COMPARE_COLOUR, 0.25, data.band_label)
            highest = max(highest, *high)
        seen: set[str] = set()
        for age, label, style in data.markers:
            self._data_artists.append(
                ax.axvline(age, color=self.ink, linestyle=style, linewidth=1.2, alpha=0.75)
            )
            if label not in seen:
                handles.append(
                    Line2D([], [], color=self.ink, linestyle=style, linewidth=1.2, label=label)
                )
            seen.add(label)
        for artist in self._data_artists:
            artist.set_animated(True)
        frame: Frame = (
            (x[0], x[-1]),
            nice_ceiling(highest),
            tuple((h.get_label(), _style_of(h)) for h in handles),
            data.x_label,
            data.y_label,
        )
        self._set_frame(frame, data, handles)

    def _set_frame(
        self, frame: Frame | None, data: ChartData | None, handles: list[Artist] | None = None
    ) -> None:
        """Redraw the frame when it changed; otherwise paint the data over the cached one."""
        if frame == self._frame and self._background is not None:
            self.restore_region(self._background)  # type: ignore[no-untyped-call]
            self._draw_data()
            self.blit(self.figure.bbox)  # type: ignore[no-untyped-call]
            return
        ax = self.axes
        self._frame = frame
        self._background = None
        legend = ax.get_legend()
        if legend is not None:
            legend.remove()
        if frame is None or data is None:
            ax.set_axis_off()
        else:
            (low, high), top, _legend, x_label, y_label = frame
            ax.set_axis_on()
            ax.set_xlim(low, high)
            ax.set_ylim(0, top)
            ax.set_xlabel(x_label)
            ax.set_ylabel(y_label)
            ax.legend(
                handles=handles,
                loc="upper left",
                bbox_to_anchor=(1.01, 1.0),
                fontsize=LEGEND_POINTS * self.text_scale,
                frameon=False,
                labelcolor=self.ink,
            )
            self._fit_margins()
        self.draw_idle()  # type: ignore[no-untyped-call]

    def _on_draw(self, _event: DrawEvent | None) -> None:
        """After a full draw: keep the frame, then paint the data over it."""
        self.full_draws += 1
        self._background = self.copy_from_bbox(self.figure.bbox)  # type: ignore[no-untyped-call]
        self._draw_data()

    def _draw_data(self) -> None:
        for artist in self._data_artists:
            self.figure.draw_artist(artist)


def _style_of(handle: Artist) -> tuple[object, ...]:
    """A legend entry's look, so a change of colour or dash redraws the frame."""
    if isinstance(handle, Line2D):
        return ("line", handle.get_color(), handle.get_linestyle())
    if isinstance(handle, Patch):
        return ("patch", handle.get_facecolor())
    return ()


def _steps(values: Sequence[float]) -> list[float]:
    """Step values for ``step='post'``: the last value repeated at the last edge."""
    return [*values, values[-1]] if values else []
