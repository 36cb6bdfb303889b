"""The overview's chart: gross income per month by age, stacked per source, net as a line.

Built on ``matplotlib.figure.Figure`` and the Qt canvas (never pyplot, so no global state).
The figure and its axes are made once; ``plot`` clears the axes and draws the new data, and the
canvas repaints with ``draw_idle`` when Qt gets round to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from matplotlib.backends.backend_qtagg import FigureCanvasQTAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QSizePolicy, QWidget

# Colour-blind friendly (Okabe-Ito), in stacking order.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")
NET_COLOUR = "#000000"


@dataclass
class ChartData:
    """What to draw: steps over ages (``edges`` has one more entry than each series)."""

    edges: list[float]
    stacks: list[tuple[str, list[float]]]  # label, euros per month for each step
    net: list[float]  # euros per month for each step
    net_label: str
    markers: list[tuple[float, str, str]] = field(default_factory=list)  # age, label, style
    x_label: str = ""
    y_label: str = ""


class IncomeChart(FigureCanvasQTAgg):
    """A canvas with one axes that is reused for every projection."""

    def __init__(self, money_format: Callable[[float], str], parent: QWidget | None = None) -> None:
        # Fixed margins instead of a layout engine: a constrained layout measures every label
        # on every redraw and took half of the redraw time.
        self.figure = Figure(figsize=(8, 3.2), dpi=100)
        self.figure.subplots_adjust(left=0.085, right=0.70, top=0.96, bottom=0.16)
        super().__init__(self.figure)
        self.setParent(parent)
        self.axes = self.figure.add_subplot(1, 1, 1)
        self.money_format = money_format
        self.axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        self.axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: self.money_format(v)))
        self.axes.grid(axis="y", color="#dddddd", linewidth=0.8)
        self.axes.spines[["top", "right"]].set_visible(False)
        self.setMinimumHeight(240)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # reachable so its description is read
        self.data: ChartData | None = None

    def plot(self, data: ChartData | None) -> None:
        """Draw ``data`` on the cleared axes (``None`` leaves them empty)."""
        self.data = data
        ax = self.axes
        # Remove only the previous data; the axes keep their ticks, formatters and grid, which
        # matplotlib would otherwise rebuild on every redraw (most of a redraw's cost).
        for artist in [*ax.collections, *ax.lines]:
            artist.remove()
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        if data is None or len(data.edges) < 2:  # noqa: PLR2004 - a step needs two edges
            ax.set_axis_off()
            self.draw_idle()
            return
        ax.set_axis_on()
        x = list(data.edges)
        bottom = [0.0] * len(data.net)
        for i, (label, values) in enumerate(data.stacks):
            top = [b + v for b, v in zip(bottom, values, strict=True)]
            ax.fill_between(
                x,
                _steps(bottom),
                _steps(top),
                step="post",
                linewidth=0,
                color=PALETTE[i % len(PALETTE)],
                alpha=0.85,
                label=label,
            )
            bottom = top
        ax.step(
            x, _steps(data.net), where="post", color=NET_COLOUR, linewidth=2, label=data.net_label
        )
        seen: set[str] = set()
        for age, label, style in data.markers:
            ax.axvline(
                age,
                color="#444444",
                linestyle=style,
                linewidth=1.2,
                label=None if label in seen else label,
            )
            seen.add(label)
        ax.set_xlim(x[0], x[-1])
        ax.set_ylim(0, max([*bottom, *data.net, 1.0]) * 1.1)
        ax.set_xlabel(data.x_label)
        ax.set_ylabel(data.y_label)
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
        self.draw_idle()


def _steps(values: Sequence[float]) -> list[float]:
    """Step values for ``step='post'``: the last value repeated at the last edge."""
    return [*values, values[-1]] if values else []
