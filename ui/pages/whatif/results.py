"""The What if page's results: the variant beside the baseline, and the kept variants.

A chart of the variant's gross with both net lines, a table per stretch, the notes with every
factor and its basis, the refusal in red, and a small table of kept variants. These widgets
only show what the controller computed; they compute nothing but the display of euros.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.dates import years_between
from pensioenchecker.messages import say
from pensioenchecker.projection.settlement import person_settlement
from pensioenchecker.projection.timeline import HouseholdProjection, headline_index
from pensioenchecker.projection.whatif import in_todays_euros, phase_at
from ui.charts import ChartData, IncomeChart
from ui.controller import DossierController
from ui.formatting import long_date, money, percentage
from ui.pages.overview import HORIZON_AGE, SELECTABLE
from ui.pages.whatif.controller import DEFAULT_INFLATION, MAX_SAVED, Saved, Variant
from ui.zoom import fit_columns, keep_columns_whole, zoom

if TYPE_CHECKING:
    from matplotlib.typing import LineStyleType

REFUSED_STYLE = "QLabel { color: #c62828; font-weight: bold; }"
MIN_TABLE_HEIGHT = 80
YEARS_AFTER_LAST_CHANGE = 10
"""The chart ends this many years after the last stretch starts: the changes stay wide."""
CHART_HEIGHT = 300
LEGEND_CHARS = 24
MONEY_COLUMNS = 2
"""Columns from this one on hold amounts, aligned right."""
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def percent(rate: Decimal) -> str:
    """A rate as a percentage without trailing zeros: 0.02 → 2 %."""
    return percentage(rate, 2)


def lump_sum_cents(variant: Variant) -> int:
    """The gross lump sums (bedrag ineens) the variant adds."""
    return sum(
        lump.amount.cents
        for lump in variant.dossier.lump_sums
        if lump.amount.provenance.source == "whatif"
    )


def shown_cents(variant: Variant, cents: int, day: dt.date, as_of: dt.date) -> int:
    """Cents as shown: nominal, or in today's euros when chosen."""
    if variant.spec.euros != "today":
        return cents
    inflation = variant.spec.inflation or DEFAULT_INFLATION
    return in_todays_euros(cents, as_of, day, inflation)


def _table(name: str, columns: int) -> QTableWidget:
    table = QTableWidget(0, columns)
    table.setObjectName(name)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
    return table


def fit(table: QTableWidget) -> None:
    """No empty space under the last row: the chart gets the room instead."""
    height = (
        table.horizontalHeader().sizeHint().height()
        + 2 * table.frameWidth()
        + sum(table.rowHeight(row) for row in range(table.rowCount()))
    )
    table.setFixedHeight(max(height, MIN_TABLE_HEIGHT) if table.rowCount() else MIN_TABLE_HEIGHT)
    fit_columns(table)


class WhatIfResults(QWidget):
    """The variant's chart, table and notes, and the row to keep it under a name."""

    save_requested = Signal(str)  # the name typed (may be empty)
    remove_requested = Signal(int)  # index of a kept variant

    def __init__(self, state: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.t: Callable[..., str] = state.texts.t
        self._build_variant()
        self._build_saved()
        from ui.pages.whatif.disposable import DisposableTable  # it reuses this module's helpers

        self.disposable = DisposableTable(state)
        for table in (self.table, self.saved_table, self.disposable.table):
            keep_columns_whole(table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.message, self.chart, self.euros_note, self.table, self.notes):
            layout.addWidget(widget)
        layout.insertWidget(layout.indexOf(self.table) + 1, self.disposable)
        save_row = QHBoxLayout()
        save_row.addWidget(self.save_label)
        save_row.addWidget(self.save_name, 1)
        save_row.addWidget(self.save_button)
        layout.addLayout(save_row)
        layout.addWidget(self.saved_table)
        zoom().changed.connect(self._follow_zoom)

    def _follow_zoom(self, scale: float) -> None:
        """Larger text: a taller chart and tables as wide and high as their rows."""
        self.chart.setFixedHeight(round(CHART_HEIGHT * scale))
        for table in (self.table, self.saved_table, self.disposable.table):
            table.resizeRowsToContents()
            fit(table)

    def _build_variant(self) -> None:
        self.message = QLabel()
        self.message.setObjectName("whatifMessage")
        self.message.setWordWrap(True)
        self.message.setStyleSheet(REFUSED_STYLE)
        self.message.setTextInteractionFlags(SELECTABLE)
        self.message.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.message.hide()
        self.chart = IncomeChart(lambda euros: money(round(euros * 100), decimals=False))
        self.chart.setObjectName("whatifChart")
        # A fixed height: notes and advice change length with every step, and a chart that
        # resized with them would be drawn whole instead of repainting only its data.
        self.chart.setFixedHeight(round(CHART_HEIGHT * zoom().scale))
        self.table = _table("whatifTable", 5)
        self.notes = QLabel()
        self.notes.setObjectName("whatifNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(SELECTABLE)
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.euros_note = QLabel()
        self.euros_note.setObjectName("whatifEuros")
        self.euros_note.setWordWrap(True)

    def _build_saved(self) -> None:
        self.save_label = QLabel()
        self.save_name = QLineEdit()
        self.save_name.setObjectName("whatifSaveName")
        self.save_label.setBuddy(self.save_name)
        self.save_button = QPushButton()
        self.save_button.setObjectName("whatifSave")
        self.save_button.clicked.connect(lambda: self.save_requested.emit(self.save_name.text()))
        self.saved_table = _table("whatifSaved", 4)
        self.saved_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.ResizeToContents
        )

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Names, headers and buttons in the current language."""
        t = self.t
        self.message.setAccessibleName(t("whatif.message.name"))
        self.notes.setAccessibleName(t("whatif.notes.name"))
        self.chart.setAccessibleName(t("whatif.chart.name"))
        self.chart.setAccessibleDescription(t("whatif.chart.description"))
        self.table.setAccessibleName(t("whatif.table.name"))
        columns = ("start", "end", "baseline", "variant", "difference")
        self.table.setHorizontalHeaderLabels([t(f"whatif.table.{c}") for c in columns])
        self.save_label.setText(t("whatif.save.name") + ":")
        self.save_name.setAccessibleName(t("whatif.save.name"))
        self.save_button.setText(t("whatif.save"))
        self.save_button.setAccessibleName(t("whatif.save"))
        self.saved_table.setAccessibleName(t("whatif.saved.name"))
        self.disposable.retranslate()
        saved_columns = ("variant", "net", "lump")
        self.saved_table.setHorizontalHeaderLabels(
            [*(t(f"whatif.saved.{c}") for c in saved_columns), ""]
        )

    # --- the variant ----------------------------------------------------------------------

    def show_refusal(self, reason: str | None) -> None:
        """The reason in red; the figures stay those of the last variant the rules allowed."""
        if reason:
            self.message.setText(self.t("whatif.refused", reason=say(reason, self.state.lang)))
        self.message.setVisible(bool(reason))

    def show_variant(self, variant: Variant | None, person_id: str, latest_start: float) -> None:
        """The variant (or nothing): table, chart from ``person_id``'s age, notes."""
        self.disposable.show_variant(variant)
        if variant is None:
            self.chart.plot(None)
            self.table.setRowCount(0)
            self.notes.setText("")
            return
        self._render_table(variant)
        self.chart.plot(self.chart_data(variant, person_id, latest_start))
        lang = self.state.lang
        notes = [f"• {say(note, lang)}" for note in variant.notes]
        notes = notes or [self.t("whatif.notes.none")]
        notes.append(self.t("whatif.basis", label=variant.basis.label().text(lang)))
        notes.extend(self._advice_lines(variant))
        self.notes.setText("\n".join(notes))
        inflation = variant.spec.inflation or DEFAULT_INFLATION
        self.euros_note.setText(
            self.t(
                "whatif.euros.today" if variant.spec.euros == "today" else "whatif.euros.nominal",
                date=long_date(self.state.as_of, lang),
                rate=percent(inflation),
            )
        )

    def settlement_lines(self, variant: Variant) -> list[str]:
        """Each person's year-end settlement from their AOW date (projection.settlement).

        Today's figure is the Overview's person view, the advice's today's option and
        ``project --json``'s; the variant's follows when it differs.
        """
        projection = variant.projection
        baseline = variant.baseline or projection
        if not projection.phases or not baseline.phases:
            return []
        lines = []
        for person in baseline.persons:
            phase = baseline.phases[headline_index(baseline, person.id)]
            now = person_settlement(phase, person.id).settlement_annual
            other = projection.phases[headline_index(projection, person.id)]
            then = person_settlement(other, person.id).settlement_annual
            current = next(
                (
                    line.payer
                    for line in phase.lines
                    if line.person_id == person.id and line.loonheffingskorting
                ),
                "—",
            )
            values = {
                "person": person.label,
                "date": long_date(phase.start, self.state.lang),
                "now": self._settle_amount(now),
                "current": current,
            }
            if then == now:
                lines.append(self.t("whatif.settle.same", **values))
            else:
                lines.append(self.t("whatif.settle", variant=self._settle_amount(then), **values))
        return lines

    def _settle_amount(self, cents: int) -> str:
        key = "whatif.settle.refund" if cents >= 0 else "whatif.settle.pay"
        return self.t(key, amount=money(abs(cents), decimals=False))

    def _advice_lines(self, variant: Variant) -> list[str]:
        """The settlement, then which payer should apply the loonheffingskorting, per person.

        Advice that keeps today's payer adds nothing to the settlement line, so only a change
        is advised.
        """
        lines = self.settlement_lines(variant)
        people = {p.id: p.name or p.id for p in variant.dossier.household.persons}
        changes = [a for a in variant.advice if a.advised != a.current]
        for advice in changes:
            best = next(o for o in advice.options if o.line_id == advice.advised)
            current = next((o for o in advice.options if o.line_id == advice.current), None)
            key = "whatif.advice.refund" if best.settlement >= 0 else "whatif.advice.pay"
            lines.append(
                self.t(
                    key,
                    person=people.get(advice.person_id, advice.person_id),
                    payer=best.payer,
                    amount=money(abs(best.settlement)),
                    current=current.payer if current else "—",
                )
            )
        return lines

    def _value(self, variant: Variant, cents: int, day: dt.date) -> int:
        return shown_cents(variant, cents, day, self.state.as_of)

    def _render_table(self, variant: Variant) -> None:
        lang = self.state.lang
        rows = variant.rows
        self.table.setRowCount(len(rows))
        for row, stretch in enumerate(rows):
            base = self._value(variant, stretch["baseline_net_monthly"], stretch["start"])
            other = self._value(variant, stretch["variant_net_monthly"], stretch["start"])
            difference = other - base
            sign = "+" if difference > 0 else "−" if difference < 0 else ""
            cells = [
                long_date(stretch["start"], lang),
                long_date(stretch["end"], lang) if stretch["end"] else self.t("whatif.table.open"),
                money(base),
                money(other),
                f"{sign} {money(abs(difference))}".strip(),
            ]
            for column, text in enumerate(cells):
                item = self.table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(row, column, item)
                    if column >= MONEY_COLUMNS:
                        item.setTextAlignment(RIGHT)
                item.setText(text)
        fit(self.table)

    # --- the chart ------------------------------------------------------------------------

    def chart_data(self, variant: Variant, person_id: str, latest_start: float) -> ChartData | None:
        """The variant's gross per kind of income from one person's age, with both nets."""
        baseline = variant.baseline
        assert baseline is not None
        persons = {p.id: p for p in baseline.persons}
        reference = persons.get(person_id) or baseline.persons[0]
        birth = reference.birth_date
        rows = [r for r in variant.rows if years_between(birth, r["start"]) < HORIZON_AGE]
        if not rows:
            return None
        edges = [years_between(birth, r["start"]) for r in rows]
        last = rows[-1]["end"]
        # The axis reaches past the latest start the slider allows, so moving the slider keeps
        # the chart's frame (and it repaints only the data).
        horizon = min(HORIZON_AGE, max(edges[-1], latest_start) + YEARS_AFTER_LAST_CHANGE)
        edges.append(
            min(horizon, years_between(birth, last + dt.timedelta(days=1)))
            if last is not None
            else horizon
        )
        markers: list[tuple[float, str, LineStyleType]] = []
        for person in baseline.persons:
            age = years_between(birth, person.aow_date)
            if edges[0] <= age <= edges[-1]:
                markers.append((age, self.t("whatif.chart.aow_marker"), "--"))
        return ChartData(
            edges=edges,
            stacks=self._stacks(variant, rows),
            net=self._nets(variant, rows, "baseline_net_monthly"),
            net_label=self.t("whatif.chart.baseline"),
            markers=markers,
            x_label=self.t("whatif.chart.age", name=reference.label),
            y_label=self.t("whatif.chart.gross"),
            compare=self._nets(variant, rows, "variant_net_monthly"),
            compare_label=self.t("whatif.chart.variant"),
            band=self._band(variant, rows),
            band_label=self.t("whatif.chart.band"),
        )

    def _nets(self, variant: Variant, rows: list[dict[str, Any]], key: str) -> list[float]:
        return [self._value(variant, r[key], r["start"]) / 100 for r in rows]

    def _stacks(
        self, variant: Variant, rows: list[dict[str, Any]]
    ) -> list[tuple[str, list[float]]]:
        """Gross per month per kind of income (and payer), per stretch, in euros."""
        stacks: dict[str, list[float]] = {}
        for i, row in enumerate(rows):
            phase = phase_at(variant.projection.phases, row["start"])
            if phase is None:
                continue
            for line in phase.lines:
                values = stacks.setdefault(
                    self._kind_label(line.kind, line.payer), [0.0] * len(rows)
                )
                gross = line.gross_monthly + line.holiday_accrual_monthly
                values[i] += self._value(variant, gross, row["start"]) / 100
        return list(stacks.items())

    def _band(
        self, variant: Variant, rows: list[dict[str, Any]]
    ) -> tuple[list[float], list[float]] | None:
        """Net per month of the variant with the line at its UPO pessimistic and optimistic."""
        if not variant.scenarios:
            return None
        nets = [
            [
                self._value(variant, phase.net_monthly, r["start"]) / 100
                if (phase := phase_at(phases, r["start"]))
                else 0.0
                for r in rows
            ]
            for phases in variant.scenarios
        ]
        low = [min(a, b) for a, b in zip(*nets, strict=True)]
        high = [max(a, b) for a, b in zip(*nets, strict=True)]
        return low, high

    def _kind_label(self, kind: str, payer: str) -> str:
        if len(payer) > LEGEND_CHARS:  # the legend beside the chart has little room
            payer = payer[: LEGEND_CHARS - 1].rstrip() + "…"
        if kind == "aow":
            return self.t("overview.kind.aow")
        if kind == "wage":
            return self.t("overview.kind.wage", payer=payer)
        if kind == "old_age":
            return payer
        return self.t("overview.kind.other", payer=payer)

    # --- kept variants --------------------------------------------------------------------

    def update_save_button(self, kept: int, has_variant: bool) -> None:
        """Saving needs a variant on screen and room for one more."""
        full = kept >= MAX_SAVED
        self.save_button.setEnabled(not full and has_variant)
        self.save_button.setToolTip(self.t("whatif.save.full") if full else "")
        self.save_name.setPlaceholderText(
            self.t("whatif.save.full") if full else self.t("whatif.save.default", number=kept + 1)
        )

    def show_saved(self, baseline: HouseholdProjection | None, saved: list[Saved]) -> None:
        """The current situation, then every kept variant: net per month from the AOW."""
        rows: list[tuple[str, str, str, int | None]] = []
        if baseline is not None and baseline.phases:
            phase = baseline.phases[headline_index(baseline)]
            rows.append((self.t("whatif.saved.current"), money(phase.net_monthly), "—", None))
        for index, kept in enumerate(saved):
            if kept.variant is None:
                rows.append((kept.name, self.t("whatif.saved.refused"), "—", index))
                continue
            projection = kept.variant.projection
            phase = projection.phases[headline_index(projection)]
            lump = lump_sum_cents(kept.variant)
            rows.append((kept.name, money(phase.net_monthly), money(lump) if lump else "—", index))
        self._fill_saved(rows)

    def _fill_saved(self, rows: list[tuple[str, str, str, int | None]]) -> None:
        """Rows of name, net per month from the AOW, lump sum, and the kept variant's index."""
        table = self.saved_table
        table.setRowCount(len(rows))
        for row, (name, net, lump, index) in enumerate(rows):
            for column, text in enumerate((name, net, lump)):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(RIGHT)
                table.setItem(row, column, item)
            if index is None:
                table.removeCellWidget(row, 3)
                table.setItem(row, 3, QTableWidgetItem(""))
            else:
                button = QPushButton(self.t("whatif.saved.remove"))
                button.setObjectName(f"whatifRemove{index}")
                button.setAccessibleName(self.t("whatif.saved.remove.name", name=name))
                button.clicked.connect(lambda _c=False, i=index: self.remove_requested.emit(i))
                table.setCellWidget(row, 3, button)
        fit(table)
