"""The overview: net per month from the AOW date, what lands in the account, today, the chart.

Every figure comes from the projection; this page only chooses which phase to show and formats
it. The view switch (me / partner / household) filters the payment lines by person for the chart
and uses that person's own figures for the headline; the household view uses the phase totals.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.dates import age_on, years_between
from pensioenchecker.money import half_up_div
from pensioenchecker.projection.headline import earlier_phases, work_lines
from pensioenchecker.projection.settlement import (
    Settlement,
    household_settlements,
    person_settlement,
    settlement_total,
)
from pensioenchecker.projection.timeline import (
    HouseholdProjection,
    Phase,
    ProjectedPerson,
    headline_index,
    headline_person,
)
from pensioenchecker.sources.bank import spending_profile
from pensioenchecker.sources.freshness import stale_sources
from ui.charts import ChartData, IncomeChart
from ui.controller import DossierController
from ui.formatting import age_text, long_date, money, per_currency, percentage
from ui.pages.base import Page
from ui.pages.disposable_block import DisposableBlock
from ui.zoom import emphasise, fit_columns, keep_columns_whole, scrolling

if TYPE_CHECKING:
    from matplotlib.typing import LineStyleType

HORIZON_AGE = 100
BANNER_STYLE = (
    "QLabel { background: #fff4ce; color: #3b2f00; border: 1px solid #c19c00; "
    "border-radius: 4px; padding: 8px; }"
)
NBSP = "\u00a0"
# Selectable with the mouse only: a keyboard-selectable label would take focus and swallow the
# window's Ctrl+1..5 shortcuts. Tab goes to the controls (switch, chart, table); screen readers
# read the labels through their accessible names and text.
SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse


@dataclass(frozen=True)
class Figures:
    """One phase's monthly figures for the chosen view, in cents."""

    gross: int
    net: int
    withheld: int


def amount(cents: int, lang: str) -> str:
    """Whole euros for a sentence: the euro sign never ends up alone on a line."""
    return money(cents, decimals=False).replace(" ", NBSP)


def view_figures(phase: Phase, person_id: str | None) -> Figures:
    """Household totals (``person_id`` None) or one person's own figures for a phase."""
    if person_id is None:
        return Figures(phase.gross_monthly, phase.net_monthly, phase.net_monthly_withheld)
    own = phase.figures_of(person_id)
    untaxed = own.net_untaxed_monthly
    return Figures(
        int(half_up_div(own.gross, 12)) + untaxed,
        own.net_monthly + untaxed,
        sum(line.net_withheld for line in phase.lines if line.person_id == person_id),
    )


class OverviewPage(Page):
    """Headline, withholding and settlement, today's income, chart with table twin, banner."""

    name = "overview"
    explain_requested = Signal(str, int)
    """The headline's person and phase index: the Explain page opens on them."""

    def __init__(self, controller: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.projection: HouseholdProjection | None = None
        self.person_id: str | None = None
        self._bank_income: int | None = None
        self._bank_left_out: dict[str, dict[str, int]] = {}
        """Transactions the bank figure leaves out, per currency ("3 in CHF"), if any."""
        self._persons_key: tuple[str, ...] = ()

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        emphasise(self.title, 1.4, bold=True)

        self.empty = QLabel()
        self.empty.setWordWrap(True)

        self.banner = QLabel()
        self.banner.setObjectName("overviewBanner")
        self.banner.setWordWrap(True)
        self.banner.setStyleSheet(BANNER_STYLE)
        self.banner.setTextInteractionFlags(SELECTABLE)
        self.banner.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.banner.hide()

        self.view_label = QLabel()
        self.view = QComboBox()
        self.view.setObjectName("overviewView")
        self.view_label.setBuddy(self.view)
        self.view.currentIndexChanged.connect(self._view_changed)

        self.headline = self._label("overviewHeadline")
        emphasise(self.headline, 1.5, bold=True)
        self.headline_note = self._label("overviewHeadlineNote")
        self.earlier = self._label("overviewEarlier")
        self.explain_button = QPushButton()
        self.explain_button.setObjectName("overviewExplain")
        self.explain_button.clicked.connect(self._explain_headline)
        self.withheld = self._label("overviewWithheld")
        emphasise(self.withheld, 1.0, bold=True)
        self.settlement = self._label("overviewSettlement")
        self.today = self._label("overviewToday")
        self.disposable = DisposableBlock(controller)
        self.ratio = self._label("overviewRatio")

        self.chart = IncomeChart(lambda euros: money(round(euros * 100), decimals=False))
        self.chart.setObjectName("overviewChart")

        self.table = QTableWidget(0, 5)
        self.table.setObjectName("overviewTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        keep_columns_whole(self.table)

        view_row = QHBoxLayout()
        view_row.addWidget(self.view_label)
        view_row.addWidget(self.view)
        view_row.addStretch(1)

        left = QVBoxLayout()
        left.addWidget(self.headline)
        left.addWidget(self.headline_note)
        left.addWidget(self.disposable)
        explain_row = QHBoxLayout()
        explain_row.addWidget(self.explain_button)
        explain_row.addStretch(1)
        left.addLayout(explain_row)
        left.addWidget(self.earlier)
        left.addWidget(self.today)
        left.addWidget(self.ratio)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.withheld)
        right.addWidget(self.settlement)
        right.addStretch(1)
        figures = QHBoxLayout()
        figures.addLayout(left, 3)
        figures.addSpacing(24)
        figures.addLayout(right, 2)

        self.content = QFrame()
        body = QVBoxLayout(self.content)
        body.setContentsMargins(0, 0, 0, 0)
        body.addLayout(view_row)
        body.addLayout(figures)
        body.addWidget(self.chart, 3)
        body.addWidget(self.table, 2)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.banner)
        layout.addWidget(self.empty)
        layout.addWidget(scrolling(self.content, sideways=True), 1)  # large type: it scrolls
        self.content.hide()

        self.setTabOrder(self.view, self.explain_button)
        self.setTabOrder(self.explain_button, self.chart)
        self.setTabOrder(self.chart, self.table)

        self.retranslate()
        controller.household_changed.connect(self.forget_view)
        if controller.projection is not None:
            self.show_projection(controller.projection)

    def forget_view(self) -> None:
        """Another household: the person chosen in the old one means nothing in it."""
        self.person_id = None

    def _label(self, name: str) -> QLabel:
        label = QLabel()
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextInteractionFlags(SELECTABLE)
        label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        return label

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Labels and accessible names in the current language; the figures are re-formatted."""
        self.title.setText(self.t("overview.title"))
        self.empty.setText(self.t("overview.empty"))
        self.view_label.setText(self.t("overview.view") + ":")
        self.view.setAccessibleName(self.t("overview.view"))
        self.banner.setAccessibleName(self.t("overview.banner.name"))
        self.headline.setAccessibleName(self.t("overview.headline.name"))
        self.explain_button.setText(self.t("overview.explain"))
        self.explain_button.setAccessibleName(self.t("overview.explain.name"))
        self.chart.setAccessibleName(self.t("overview.chart.name"))
        self.table.setAccessibleName(self.t("overview.table.name"))
        self.table.setHorizontalHeaderLabels(
            [
                self.t("overview.table.start"),
                self.t("overview.table.end"),
                self.t("overview.table.gross"),
                self.t("overview.table.net"),
                self.t("overview.table.paid"),
            ]
        )
        self._fill_view_items()
        self._render()

    def _fill_view_items(self) -> None:
        """The switch's items: me, partner (with names), household; the choice is kept."""
        persons = self.projection.persons if self.projection else []
        wanted: list[tuple[str | None, str]] = [
            (p.id, self._person_label(i, p)) for i, p in enumerate(persons[:2])
        ]
        if len(persons) != 1:
            wanted.append((None, self.t("overview.view.household")))
        self.view.blockSignals(True)
        try:
            if [self.view.itemData(i) for i in range(self.view.count())] == [w[0] for w in wanted]:
                for i, (_pid, text) in enumerate(wanted):
                    self.view.setItemText(i, text)
            else:
                self.view.clear()
                for pid, text in wanted:
                    self.view.addItem(text, pid)
            ids = [w[0] for w in wanted]
            if self.person_id not in ids:
                self.person_id = ids[-1] if ids else None
            if ids:
                self.view.setCurrentIndex(ids.index(self.person_id))
        finally:
            self.view.blockSignals(False)
        self.view.setEnabled(len(wanted) > 1)

    def _person_label(self, index: int, person: ProjectedPerson) -> str:
        key = "overview.view.me" if index == 0 else "overview.view.partner"
        return self.t(key, name=person.label)

    # --- data -----------------------------------------------------------------------------

    def show_projection(self, projection: HouseholdProjection) -> None:
        """Show a new projection; the figure and axes are reused."""
        self.projection = projection
        transactions = projection.dossier.transactions
        profile = spending_profile(transactions) if transactions else None
        self._bank_income = int(profile["net_income_per_month"]) if profile else None
        self._bank_left_out = dict(profile["other_currencies"]) if profile else {}
        self._fill_view_items()
        self._render()

    def set_view(self, person_id: str | None) -> None:
        """Choose a person (by id) or the household (None)."""
        for i in range(self.view.count()):
            if self.view.itemData(i) == person_id:
                self.view.setCurrentIndex(i)
                return
        raise KeyError(person_id)

    def _view_changed(self, index: int) -> None:
        self.person_id = self.view.itemData(index) if index >= 0 else None
        self._render()

    def _render(self) -> None:
        projection = self.projection
        has_data = projection is not None and bool(projection.phases)
        self.empty.setVisible(not has_data)
        self.content.setVisible(has_data)
        if projection is None or not has_data:
            self.banner.hide()
            self.chart.plot(None)
            self.table.setRowCount(0)
            return
        self._render_figures(projection)
        self._render_disposable(projection)
        self._render_banner(projection)
        self._render_chart(projection)
        self._render_table(projection)

    def _render_figures(self, projection: HouseholdProjection) -> None:
        lang, pid = self.lang, self.person_id
        index = headline_index(projection, pid)
        phase = projection.phases[index]
        figures = view_figures(phase, pid)
        couple = pid is None and len(projection.persons) > 1
        if couple:
            text = self.t(
                "overview.headline.household",
                date=long_date(phase.start, lang),
                amount=amount(figures.net, lang),
            )
        else:
            person = headline_person(projection, pid)
            years, months = age_on(person.birth_date, phase.start)
            text = self.t(
                "overview.headline",
                date=long_date(phase.start, lang),
                age=age_text(years, months, lang),
                amount=amount(figures.net, lang),
            )
        self.headline.setText(text)
        wages = self._wage_payers(projection, phase, pid)
        self.headline_note.setText(self.t("overview.headline.wage", payers=wages) if wages else "")
        self.headline_note.setVisible(bool(wages))
        self._render_earlier(projection, pid)
        self.withheld.setText(self.t("overview.withheld", amount=amount(figures.withheld, lang)))
        self.settlement.setText(self._settlement_text(projection, phase, pid))
        self._render_today(projection, figures.net)

    def headline_target(self) -> tuple[str, int]:
        """The person and phase the headline shows (the household's: its headline person)."""
        projection = self.projection
        assert projection is not None
        return (
            headline_person(projection, self.person_id).id,
            headline_index(projection, self.person_id),
        )

    def _explain_headline(self) -> None:
        """One click from the headline to its explanation: the same person and phase."""
        if self.projection is None or not self.projection.phases:
            return
        person_id, index = self.headline_target()
        self.explain_requested.emit(person_id, index)
        from ui.main_window import MainWindow
        from ui.pages.explain import ExplainPage

        window = self.window()
        if isinstance(window, MainWindow) and "explain" in window.names:
            explain = window.page("explain")
            if isinstance(explain, ExplainPage):
                explain.select_phase(person_id, index)
                window.show_page("explain")

    def _wage_payers(
        self, projection: HouseholdProjection, phase: Phase, person_id: str | None
    ) -> str:
        """Whose wage a phase's figure still includes (the persons' names), or empty."""
        names = {p.id: p.label for p in projection.persons}
        return ", ".join(
            dict.fromkeys(
                names.get(line.person_id, line.person_id) for line in work_lines(phase, person_id)
            )
        )

    def _render_earlier(self, projection: HouseholdProjection, person_id: str | None) -> None:
        """The household's phases from the first AOW date up to the headline, each said plainly."""
        rows = []
        for index in earlier_phases(projection, person_id):
            phase = projection.phases[index]
            wages = self._wage_payers(projection, phase, person_id)
            values = {
                "date": long_date(phase.start, self.lang),
                "amount": amount(view_figures(phase, person_id).net, self.lang),
            }
            if wages:
                rows.append(self.t("overview.earlier.wage", payers=wages, **values))
            else:
                rows.append(self.t("overview.earlier.phase", **values))
        text = "\n".join([self.t("overview.earlier"), *(f"• {row}" for row in rows)])
        self.earlier.setText(text if rows else "")
        self.earlier.setVisible(bool(rows))

    def settlements(self) -> list[Settlement]:
        """The settlements the headline's phase leads to: the person's, or everyone's."""
        projection = self.projection
        assert projection is not None
        phase = projection.phases[headline_index(projection, self.person_id)]
        if self.person_id is None:
            return household_settlements(phase)
        return [person_settlement(phase, self.person_id)]

    def _settlement_text(
        self, projection: HouseholdProjection, phase: Phase, person_id: str | None
    ) -> str:
        """The year-end settlement of the headline's phase (projection.settlement), per person."""
        lang = self.lang
        settlements = self.settlements()
        total = settlement_total(settlements)
        key = "refund" if total > 0 else "pay" if total < 0 else "none"
        parts = [self.t(f"overview.settle.{key}", amount=amount(abs(total), lang))]
        names = {p.id: p.label for p in projection.persons}
        if len(settlements) > 1:
            each = []
            for one in settlements:
                value = one.settlement_annual
                part = "refund" if value > 0 else "pay" if value < 0 else "none"
                each.append(
                    self.t(
                        f"overview.settle.part.{part}",
                        name=names.get(one.person_id, one.person_id),
                        amount=amount(abs(value), lang),
                    )
                )
            parts.append(self.t("overview.settle.persons", parts="; ".join(each)))
        statuses = sorted({s.holiday_rate_status for s in settlements if s.holiday_rate_status})
        status = ", ".join(self.t(f"overview.status.{s}") for s in statuses) or self.t(
            "overview.status.none"
        )
        parts.append(self.t("overview.settle.basis", status=status))
        return " ".join(parts)

    def _render_today(self, projection: HouseholdProjection, pension: int) -> None:
        """Today's net beside the headline: household with household, person with person."""
        lang, pid = self.lang, self.person_id
        whole_household = pid is None or len(projection.persons) == 1
        bank = self._bank_income if whole_household else None
        if bank:
            today = bank
            if self._bank_left_out:
                text = self.t(
                    "overview.today.bank.euros",
                    items=per_currency(self._bank_left_out, self.controller.texts.lang),
                    amount=amount(today, lang),
                )
            else:
                text = self.t("overview.today.bank", amount=amount(today, lang))
        elif pid is not None and len(projection.persons) > 1:
            today = view_figures(projection.phases[0], pid).net
            name = headline_person(projection, pid).label
            text = self.t("overview.today.person", name=name, amount=amount(today, lang))
        else:
            today = view_figures(projection.phases[0], pid).net
            text = self.t("overview.today.phase", amount=amount(today, lang))
        self.today.setText(text)
        if today > 0:
            share = percentage(round(100 * pension / today) / 100, 0)
            self.ratio.setText(self.t("overview.ratio", percent=share))
        else:
            self.ratio.setText(self.t("overview.ratio.none"))

    def _render_disposable(self, projection: HouseholdProjection) -> None:
        """Besteedbaar per maand of the headline phase, under the net (its own widget)."""
        index = headline_index(projection, self.person_id)
        self.disposable.show_phase(projection, projection.phases[index])

    def _render_banner(self, projection: HouseholdProjection) -> None:
        dossier, as_of = projection.dossier, self.controller.as_of
        messages = []
        stale = [
            self.t(
                "overview.banner.stale.source",
                source=self.t(f"ophalen.source.{source.key}"),
                date=long_date(state.reference or state.read_on or as_of, self.lang),
            )
            for source, state in stale_sources(dossier, as_of)
        ]
        if stale:
            messages.append(self.t("overview.banner.stale", sources=", ".join(stale)))
        uncertain = list(dict.fromkeys(line.payer for line in projection.lines if not line.certain))
        if uncertain:
            messages.append(self.t("overview.banner.indicative", providers=", ".join(uncertain)))
        incomplete = [self.controller.texts.message(w) for w in dossier.warnings if w.incomplete()]
        if incomplete:
            messages.append(self.t("overview.banner.incomplete", detail=" ".join(incomplete)))
        self.banner.setText("\n".join(messages))
        self.banner.setVisible(bool(messages))

    def _render_chart(self, projection: HouseholdProjection) -> None:
        pid = self.person_id
        reference = projection.persons[0] if pid is None else headline_person(projection, pid)
        birth = reference.birth_date
        name = reference.label
        phases = [p for p in projection.phases if years_between(birth, p.start) < HORIZON_AGE]
        if not phases:
            self.chart.plot(None)
            return
        edges = [years_between(birth, p.start) for p in phases]
        last = phases[-1].end
        edges.append(
            min(HORIZON_AGE, years_between(birth, last + dt.timedelta(days=1)))
            if last is not None
            else HORIZON_AGE
        )
        stacks: dict[str, list[float]] = {}
        markers: list[tuple[float, str, LineStyleType]] = []
        previous: set[str] = set()
        for i, phase in enumerate(phases):
            current: set[str] = set()
            for line in phase.lines:
                if pid is not None and line.person_id != pid:
                    continue
                current.add(line.stream_id)
                values = stacks.setdefault(
                    self._kind_label(line.kind, line.payer), [0.0] * len(phases)
                )
                values[i] += (line.gross_monthly + line.holiday_accrual_monthly) / 100
                if i and line.kind == "old_age" and line.stream_id not in previous:
                    markers.append((edges[i], self.t("overview.chart.pension_marker"), ":"))
            previous = current
        for person in projection.persons:
            if pid is not None and person.id != pid:
                continue
            age = years_between(birth, person.aow_date)
            if edges[0] <= age <= edges[-1]:
                markers.append((age, self.t("overview.chart.aow_marker"), "--"))
        markers.sort(key=lambda m: m[2] != "--")  # AOW first in the legend
        self.chart.plot(
            ChartData(
                edges=edges,
                stacks=list(stacks.items()),
                net=[view_figures(p, pid).net / 100 for p in phases],
                net_label=self.t("overview.chart.net"),
                markers=markers,
                x_label=self.t("overview.chart.age", name=name),
                y_label=self.t("overview.chart.gross"),
            )
        )
        self.chart.setAccessibleDescription(self.t("overview.chart.description", name=name))

    def _kind_label(self, kind: str, payer: str) -> str:
        if kind == "aow":
            return self.t("overview.kind.aow")
        if kind == "wage":
            return self.t("overview.kind.wage", payer=payer)
        if kind == "old_age":
            return payer
        return self.t("overview.kind.other", payer=payer)

    def _render_table(self, projection: HouseholdProjection) -> None:
        lang, pid = self.lang, self.person_id
        self.table.setRowCount(len(projection.phases))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, phase in enumerate(projection.phases):
            figures = view_figures(phase, pid)
            cells = [
                long_date(phase.start, lang),
                long_date(phase.end, lang) if phase.end else self.t("overview.table.open"),
                money(figures.gross, decimals=False),
                money(figures.net, decimals=False),
                money(figures.withheld, decimals=False),
            ]
            for column, text in enumerate(cells):
                item = self.table.item(row, column)
                if item is None:
                    item = QTableWidgetItem()
                    self.table.setItem(row, column, item)
                item.setText(text)
                if column >= 2:  # noqa: PLR2004 - the money columns
                    item.setTextAlignment(right)
        self._fit_table()

    def _fit_table(self) -> None:
        """No empty space under the last row: the chart gets the room instead."""
        table = self.table
        height = (
            table.horizontalHeader().sizeHint().height()
            + 2 * table.frameWidth()
            + sum(table.rowHeight(row) for row in range(table.rowCount()))
        )
        table.setMaximumHeight(max(height, 80))
        fit_columns(table)
