"""The What if page's disposable income per calendar year: now, in the variant, the difference.

The toeslagen follow the calendar year's whole income, so a lump sum (bedrag ineens) can cost
more in lost zorgtoeslag and huurtoeslag than it seems to bring: the table shows that per year,
and a line names the toeslagen a lump sum costs in its year. Years whose figures were not found
say so, with no amount.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QTableWidgetItem, QVBoxLayout, QWidget

from pensioenchecker.projection.timeline import DisposableFigures, HouseholdProjection
from ui.controller import DossierController
from ui.formatting import money
from ui.pages.overview import SELECTABLE
from ui.pages.whatif.controller import Variant
from ui.pages.whatif.results import RIGHT, _table, fit, shown_cents

COLUMNS = ("year", "baseline", "variant", "difference", "lost")


def toeslagen(figures: DisposableFigures) -> int:
    """Zorgtoeslag and huurtoeslag of a year together (cents), counting an unknown one as 0."""
    return (figures.zorgtoeslag or 0) + (figures.huurtoeslag or 0)


def signed(cents: int) -> str:
    """+ € 12,00 / − € 12,00 / € 0,00."""
    sign = "+" if cents > 0 else "−" if cents < 0 else ""
    return f"{sign} {money(abs(cents))}".strip()


class DisposableTable(QWidget):
    """Per calendar year with known figures: disposable per month now and in the variant."""

    def __init__(self, state: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.t: Callable[..., str] = state.texts.t
        self.title = QLabel()
        self.title.setObjectName("whatifDisposableTitle")
        self.table = _table("whatifDisposable", len(COLUMNS))
        self.note = QLabel()
        self.note.setObjectName("whatifDisposableNote")
        self.note.setWordWrap(True)
        self.note.setTextInteractionFlags(SELECTABLE)
        self.note.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        compact = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        for widget in (self, self.title, self.note):
            widget.setSizePolicy(compact)  # the chart above takes the room, not these lines
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        self.lost: dict[int, tuple[int, int]] = {}
        """Per year: zorgtoeslag and huurtoeslag the variant loses (cents), for tests."""
        self._variant: Variant | None = None

    def retranslate(self) -> None:
        """Headers and texts in the current language."""
        self.title.setText(self.t("whatif.disposable.title"))
        self.table.setAccessibleName(self.t("whatif.disposable.name"))
        self.table.setHorizontalHeaderLabels([self.t(f"whatif.disposable.{c}") for c in COLUMNS])
        self.show_variant(self._variant)

    def show_variant(self, variant: Variant | None) -> None:
        """The years of the baseline and the variant side by side (nothing without a variant)."""
        self._variant = variant
        self.lost = {}
        baseline = variant.baseline if variant else None
        if variant is None or baseline is None:
            self.table.setRowCount(0)
            self.note.setText("")
            return
        rows, later = self._rows(variant, baseline)
        self.table.setRowCount(len(rows) + (1 if later else 0))
        for row, cells in enumerate(rows):
            self._fill(row, cells)
        if later:
            self.table.setSpan(len(rows), 0, 1, len(COLUMNS))
            self._fill(len(rows), [self.t("whatif.disposable.later", year=later)])
        fit(self.table)
        self.note.setText("\n".join(self._lump_lines(variant)))

    def _rows(
        self, variant: Variant, baseline: HouseholdProjection
    ) -> tuple[list[list[str]], int | None]:
        """One row per year with known figures in either; the first unknown year after them."""
        after = variant.projection.year_disposable
        unknown = self.t("whatif.disposable.unknown")
        rows: list[list[str]] = []
        later: int | None = None
        for year, base in sorted(baseline.year_disposable.items()):
            other = after.get(year)
            if other is None:
                continue
            if not base.known and not other.known:
                later = year if later is None else later
                continue
            day = dt.date(year, 1, 1)

            def shown(cents: int, day: dt.date = day) -> int:
                return shown_cents(variant, cents, day, self.state.as_of)

            cells = [str(year)]
            for figures in (base, other):
                monthly = figures.disposable_monthly
                cells.append(unknown if monthly is None else money(shown(monthly)))
            if base.disposable_monthly is not None and other.disposable_monthly is not None:
                cells.append(signed(shown(other.disposable_monthly - base.disposable_monthly)))
                lost = toeslagen(base) - toeslagen(other)
                cells.append(money(shown(lost)) if lost > 0 else "—")
                self.lost[year] = (
                    (base.zorgtoeslag or 0) - (other.zorgtoeslag or 0),
                    (base.huurtoeslag or 0) - (other.huurtoeslag or 0),
                )
            else:
                cells += [unknown, unknown]
            rows.append(cells)
        return rows, later

    def _fill(self, row: int, cells: list[str]) -> None:
        for column, text in enumerate(cells):
            item = self.table.item(row, column)
            if item is None:
                item = QTableWidgetItem()
                self.table.setItem(row, column, item)
            if column > 0:
                item.setTextAlignment(RIGHT)
            item.setText(text)

    def _lump_lines(self, variant: Variant) -> list[str]:
        """The toeslagen a lump sum costs in the year it is paid, said in words."""
        lines = []
        years = sorted(
            {
                lump.date.year
                for lump in variant.dossier.lump_sums
                if lump.amount.provenance.source == "whatif"
            }
        )
        for year in years:
            zt, ht = self.lost.get(year, (0, 0))
            if zt > 0 or ht > 0:
                lines.append(
                    self.t("whatif.disposable.lump", year=year, zt=money(zt), ht=money(ht))
                )
        return lines
