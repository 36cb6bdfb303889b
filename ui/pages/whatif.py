"""What if: a variant of the dossier beside the current situation.

Retire earlier or later, part-time, hoog-laag, a lump sum, an AOW bridge, an exchange of
partner pension, a death, other work.

Every change of a control builds a ``WhatIf``, applies it to the dossier and projects the
result at once; the table shows baseline and variant per stretch, the chart draws the variant's
gross with both net lines, and the notes give every factor with the basis it came from. A choice
the rules refuse shows the reason in red and leaves the last good variant on screen. Up to three
variants can be kept side by side.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pydantic import ValidationError
from PySide6.QtCore import QDate, QLocale, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSlider,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.model import Age, Dossier
from pensioenchecker.projection.actuarial import Basis, load_defaults
from pensioenchecker.projection.advice import withholding_advice
from pensioenchecker.projection.timeline import HouseholdProjection, project
from pensioenchecker.projection.whatif import (
    LIMITS,
    AowBridge,
    Exchange,
    HighLow,
    LumpSumChoice,
    Retire,
    Scenario,
    Survivor,
    WageChange,
    WhatIf,
    apply_whatif,
    basis_for,
    differences,
    in_todays_euros,
    phase_at,
    scenario_dossiers,
)
from pensioenchecker.projection.whatif_texts import say
from ui.charts import ChartData, IncomeChart
from ui.controller import DossierController
from ui.formatting import long_date, money
from ui.pages.base import Page
from ui.pages.overview import DAYS_PER_YEAR, HORIZON_AGE, SELECTABLE, headline_index

MAX_SAVED = 3
REFUSED_STYLE = "QLabel { color: #c62828; font-weight: bold; }"
DEFAULTS = load_defaults()
DEFAULT_DISCOUNT = Decimal(DEFAULTS["discount_rate"]["value"])
DEFAULT_INFLATION = Decimal(DEFAULTS["inflation"]["value"])
DEFAULT_BRIDGE_EUROS = 15_000.0
DEFAULT_EXCHANGE_FACTOR = 0.25
DEFAULT_SURVIVOR_AGE = 80
MIN_TABLE_HEIGHT = 80
YEARS_AFTER_LAST_CHANGE = 10
CHART_HEIGHT = 300
"""The chart ends this many years after the last stretch starts: the changes stay wide."""
LEGEND_CHARS = 24


@dataclass
class Variant:
    """What a variant gives: its projection, the stretches beside the baseline, its notes."""

    spec: WhatIf
    dossier: Dossier
    projection: HouseholdProjection
    rows: list[dict[str, Any]]
    notes: list[str]
    basis: Basis


@dataclass
class Saved:
    """A kept variant: its name, its choices and (if the rules still allow it) its result."""

    name: str
    spec: WhatIf
    variant: Variant | None


def age_years(birth: dt.date, day: dt.date) -> float:
    """Age in (fractional) years, for the chart's x axis."""
    return (day - birth).days / DAYS_PER_YEAR


def _percent(rate: Decimal) -> str:
    return f"{rate * 100:.2f}".rstrip("0").rstrip(".")


def lump_sum_cents(variant: Variant) -> int:
    """The gross lump sums (bedrag ineens) the variant adds."""
    return sum(
        lump.amount.cents
        for lump in variant.dossier.lump_sums
        if lump.amount.provenance.source == "whatif"
    )


class WhatIfPage(Page):
    """Controls on the left; the variant beside the baseline (table, chart, notes) on the right."""

    name = "whatif"

    def __init__(self, controller: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.baseline: HouseholdProjection | None = None
        self.variant: Variant | None = None
        self.refusal: str | None = None
        self.saved: list[Saved] = []
        self._bases: dict[tuple[Decimal, Decimal], Basis] = {}
        self._structure: tuple[Any, ...] = ()
        self._updating = False
        self._aow_months: dict[str, int] = {}
        self._start_months: dict[str, int] = {}
        self._partner_lines: dict[str, str] = {}

        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        title_font = QFont(self.title.font())
        title_font.setPointSizeF(title_font.pointSizeF() * 1.4)
        title_font.setBold(True)
        self.title.setFont(title_font)
        self.empty = QLabel()
        self.empty.setWordWrap(True)

        self._build_controls()
        self._build_results()

        self.content = QFrame()
        row = QHBoxLayout(self.content)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.controls_area)
        row.addLayout(self.results, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.empty)
        layout.addWidget(self.content, 1)
        self.content.hide()

        order = [*self.inputs(), self.chart, self.table, self.save_name, self.save_button]
        for first, second in zip(order, order[1:], strict=False):
            self.setTabOrder(first, second)
        self.setTabOrder(self.save_button, self.saved_table)
        # Rates and amounts with a decimal comma and Dutch grouping, as everywhere in the window.
        dutch = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
        dutch.setNumberOptions(QLocale.NumberOption.OmitGroupSeparator)
        for spin in self.findChildren(QDoubleSpinBox):
            spin.setLocale(dutch)

        self.retranslate()
        if controller.projection is not None:
            self.show_projection(controller.projection)

    # --- building -------------------------------------------------------------------------

    def _build_controls(self) -> None:
        self.line = QComboBox()
        self.line.setObjectName("whatifLine")
        self.retire = QSlider(Qt.Orientation.Horizontal)
        self.retire.setObjectName("whatifRetire")
        self.retire.setSingleStep(1)
        self.retire.setPageStep(12)
        self.retire.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.retire_age = QLabel()
        self.retire_age.setObjectName("whatifRetireAge")
        self.part = QSpinBox()
        self.part.setObjectName("whatifPart")
        self.part.setRange(1, 100)
        self.part.setValue(100)
        self.part.setSuffix(" %")

        self.high_low = QCheckBox()
        self.high_low.setObjectName("whatifHighLow")
        self.high_years = QSpinBox()
        self.high_years.setObjectName("whatifHighYears")
        self.high_years.setRange(1, LIMITS["high_low_max_years"])
        self.high_years.setValue(5)
        self.low_percent = QSpinBox()
        self.low_percent.setObjectName("whatifLowPercent")
        self.low_percent.setRange(LIMITS["high_low_min_low_percent"], 100)
        self.low_percent.setValue(LIMITS["high_low_min_low_percent"])
        self.low_percent.setSuffix(" %")

        self.lump = QDoubleSpinBox()
        self.lump.setObjectName("whatifLump")
        self.lump.setRange(0, LIMITS["lump_sum_max_percent"])
        self.lump.setDecimals(1)
        self.lump.setSingleStep(0.5)
        self.lump.setSuffix(" %")

        self.bridge = QCheckBox()
        self.bridge.setObjectName("whatifBridge")
        self.bridge_annual = QDoubleSpinBox()
        self.bridge_annual.setObjectName("whatifBridgeAnnual")
        self.bridge_annual.setRange(1, 100_000)
        self.bridge_annual.setDecimals(0)
        self.bridge_annual.setSingleStep(500)
        self.bridge_annual.setPrefix("€ ")
        self.bridge_annual.setValue(DEFAULT_BRIDGE_EUROS)

        self.exchange = QCheckBox()
        self.exchange.setObjectName("whatifExchange")
        self.exchange_direction = QComboBox()
        self.exchange_direction.setObjectName("whatifExchangeDirection")
        self.exchange_direction.addItem("", "partner_to_old_age")
        self.exchange_direction.addItem("", "old_age_to_partner")
        self.exchange_percent = QSpinBox()
        self.exchange_percent.setObjectName("whatifExchangePercent")
        self.exchange_percent.setRange(1, 100)
        self.exchange_percent.setValue(100)
        self.exchange_percent.setSuffix(" %")
        self.exchange_factor = QDoubleSpinBox()
        self.exchange_factor.setObjectName("whatifExchangeFactor")
        self.exchange_factor.setRange(0.0001, 10)
        self.exchange_factor.setDecimals(4)
        self.exchange_factor.setSingleStep(0.01)
        self.exchange_factor.setValue(DEFAULT_EXCHANGE_FACTOR)

        self.survivor = QComboBox()
        self.survivor.setObjectName("whatifSurvivor")
        self.survivor_age = QSpinBox()
        self.survivor_age.setObjectName("whatifSurvivorAge")
        self.survivor_age.setRange(18, 110)
        self.survivor_age.setValue(DEFAULT_SURVIVOR_AGE)

        self.wage = QCheckBox()
        self.wage.setObjectName("whatifWage")
        self.wage_line = QComboBox()
        self.wage_line.setObjectName("whatifWageLine")
        self.wage_until = QDateEdit()
        self.wage_until.setObjectName("whatifWageUntil")
        self.wage_until.setCalendarPopup(True)
        self.wage_until.setDisplayFormat("dd-MM-yyyy")
        self.wage_hours = QSpinBox()
        self.wage_hours.setObjectName("whatifWageHours")
        self.wage_hours.setRange(1, 200)
        self.wage_hours.setValue(100)
        self.wage_hours.setSuffix(" %")

        self.today = QCheckBox()
        self.today.setObjectName("whatifToday")
        self.inflation = QDoubleSpinBox()
        self.inflation.setObjectName("whatifInflation")
        self.inflation.setRange(0, 20)
        self.inflation.setDecimals(2)
        self.inflation.setSingleStep(0.1)
        self.inflation.setSuffix(" %")
        self.inflation.setValue(float(DEFAULT_INFLATION * 100))
        self.discount = QDoubleSpinBox()
        self.discount.setObjectName("whatifDiscount")
        self.discount.setRange(0, 10)
        self.discount.setDecimals(2)
        self.discount.setSingleStep(0.1)
        self.discount.setSuffix(" %")
        self.discount.setValue(float(DEFAULT_DISCOUNT * 100))

        self.scenario_low = self._euro_spin("whatifScenarioLow")
        self.scenario_high = self._euro_spin("whatifScenarioHigh")

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.labels: dict[str, QLabel] = {}
        retire_box = QVBoxLayout()
        retire_box.setContentsMargins(0, 0, 0, 0)
        retire_box.addWidget(self.retire)
        retire_box.addWidget(self.retire_age)
        retire_field = QWidget()
        retire_field.setLayout(retire_box)
        rows: list[tuple[str, QWidget, QWidget | None]] = [
            ("line", self.line, self.line),
            ("retire", retire_field, self.retire),
            ("part", self.part, self.part),
            ("high_low", self.high_low, None),
            ("high_years", self.high_years, self.high_years),
            ("low_percent", self.low_percent, self.low_percent),
            ("lump", self.lump, self.lump),
            ("bridge", self.bridge, None),
            ("bridge_annual", self.bridge_annual, self.bridge_annual),
            ("exchange", self.exchange, None),
            ("exchange_direction", self.exchange_direction, self.exchange_direction),
            ("exchange_percent", self.exchange_percent, self.exchange_percent),
            ("exchange_factor", self.exchange_factor, self.exchange_factor),
            ("survivor", self.survivor, self.survivor),
            ("survivor_age", self.survivor_age, self.survivor_age),
            ("wage", self.wage, None),
            ("wage_line", self.wage_line, self.wage_line),
            ("wage_until", self.wage_until, self.wage_until),
            ("wage_hours", self.wage_hours, self.wage_hours),
            ("scenario_low", self.scenario_low, self.scenario_low),
            ("scenario_high", self.scenario_high, self.scenario_high),
            ("today", self.today, None),
            ("inflation", self.inflation, self.inflation),
            ("discount", self.discount, self.discount),
        ]
        self._fields: dict[str, QWidget] = {}
        for key, field, buddy in rows:
            label = QLabel()
            if buddy is not None:
                label.setBuddy(buddy)
            self.labels[key] = label
            self._fields[key] = field
            self.form.addRow(label, field)

        inner = QWidget()
        inner.setObjectName("whatifControls")
        inner.setLayout(self.form)
        self.controls_area = QScrollArea()
        self.controls_area.setWidget(inner)
        self.controls_area.setWidgetResizable(True)
        self.controls_area.setFrameShape(QFrame.Shape.NoFrame)
        self.controls_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.controls_area.setMinimumWidth(350)
        self.controls_area.setMaximumWidth(360)

        for combo in (self.line, self.exchange_direction, self.survivor, self.wage_line):
            # long names are elided instead of widening the column of controls
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.controls_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.line.currentIndexChanged.connect(self._line_changed)
        self.retire.valueChanged.connect(self._changed)
        for spin in (
            self.part,
            self.high_years,
            self.low_percent,
            self.lump,
            self.bridge_annual,
            self.exchange_percent,
            self.exchange_factor,
            self.survivor_age,
            self.wage_hours,
            self.scenario_low,
            self.scenario_high,
            self.inflation,
            self.discount,
        ):
            spin.valueChanged.connect(self._changed)
        for box in (self.high_low, self.bridge, self.exchange, self.wage, self.today):
            box.toggled.connect(self._changed)
        for combo in (self.exchange_direction, self.survivor, self.wage_line):
            combo.currentIndexChanged.connect(self._changed)
        self.wage_until.dateChanged.connect(self._changed)

    @staticmethod
    def _euro_spin(name: str) -> QDoubleSpinBox:
        """Euros a year from the UPO; 0 means: not entered."""
        spin = QDoubleSpinBox()
        spin.setObjectName(name)
        spin.setRange(0, 1_000_000)
        spin.setDecimals(0)
        spin.setSingleStep(500)
        spin.setPrefix("€ ")
        return spin

    def _build_results(self) -> None:
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
        self.chart.setFixedHeight(CHART_HEIGHT)

        self.table = self._table("whatifTable", 5)
        self.notes = QLabel()
        self.notes.setObjectName("whatifNotes")
        self.notes.setWordWrap(True)
        self.notes.setTextInteractionFlags(SELECTABLE)
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.euros_note = QLabel()
        self.euros_note.setObjectName("whatifEuros")
        self.euros_note.setWordWrap(True)

        self.save_label = QLabel()
        self.save_name = QLineEdit()
        self.save_name.setObjectName("whatifSaveName")
        self.save_label.setBuddy(self.save_name)
        self.save_button = QPushButton()
        self.save_button.setObjectName("whatifSave")
        self.save_button.clicked.connect(lambda: self.save_variant())
        self.saved_table = self._table("whatifSaved", 4)
        self.saved_table.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.ResizeToContents
        )

        save_row = QHBoxLayout()
        save_row.addWidget(self.save_label)
        save_row.addWidget(self.save_name, 1)
        save_row.addWidget(self.save_button)

        self.results = QVBoxLayout()
        self.results.addWidget(self.message)
        self.results.addWidget(self.chart)
        self.results.addWidget(self.euros_note)
        self.results.addWidget(self.table)
        self.results.addWidget(self.notes)
        self.results.addLayout(save_row)
        self.results.addWidget(self.saved_table)

    def _table(self, name: str, columns: int) -> QTableWidget:
        table = QTableWidget(0, columns)
        table.setObjectName(name)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setAlternatingRowColors(True)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        return table

    def inputs(self) -> list[QWidget]:
        """Every control of the variant, in tab order."""
        return [
            self.line,
            self.retire,
            self.part,
            self.high_low,
            self.high_years,
            self.low_percent,
            self.lump,
            self.bridge,
            self.bridge_annual,
            self.exchange,
            self.exchange_direction,
            self.exchange_percent,
            self.exchange_factor,
            self.survivor,
            self.survivor_age,
            self.wage,
            self.wage_line,
            self.wage_until,
            self.wage_hours,
            self.scenario_low,
            self.scenario_high,
            self.today,
            self.inflation,
            self.discount,
        ]

    # --- language -------------------------------------------------------------------------

    def retranslate(self) -> None:
        """Labels and accessible names in the current language; the figures are re-formatted."""
        self.title.setText(self.t("whatif.title"))
        self.empty.setText(self.t("whatif.empty"))
        for key, label in self.labels.items():
            text = self.t(f"whatif.{key}")
            field = self._fields[key]
            if isinstance(field, QCheckBox):
                field.setText(text)
                label.setText("")
            else:
                label.setText(text + ":")
            field.setAccessibleName(text)
        self.retire.setAccessibleName(self.t("whatif.retire"))
        self.exchange_direction.setItemText(0, self.t("whatif.exchange.to_old_age"))
        self.exchange_direction.setItemText(1, self.t("whatif.exchange.to_partner"))
        if self.survivor.count():
            self.survivor.setItemText(0, self.t("whatif.survivor.nobody"))
        self.message.setAccessibleName(self.t("whatif.message.name"))
        self.notes.setAccessibleName(self.t("whatif.notes.name"))
        self.chart.setAccessibleName(self.t("whatif.chart.name"))
        self.chart.setAccessibleDescription(self.t("whatif.chart.description"))
        self.table.setAccessibleName(self.t("whatif.table.name"))
        self.table.setHorizontalHeaderLabels(
            [
                self.t("whatif.table.start"),
                self.t("whatif.table.end"),
                self.t("whatif.table.baseline"),
                self.t("whatif.table.variant"),
                self.t("whatif.table.difference"),
            ]
        )
        self.save_label.setText(self.t("whatif.save.name") + ":")
        self.save_name.setAccessibleName(self.t("whatif.save.name"))
        self.save_button.setText(self.t("whatif.save"))
        self.save_button.setAccessibleName(self.t("whatif.save"))
        self.saved_table.setAccessibleName(self.t("whatif.saved.name"))
        self.saved_table.setHorizontalHeaderLabels(
            [
                self.t("whatif.saved.variant"),
                self.t("whatif.saved.net"),
                self.t("whatif.saved.lump"),
                "",
            ]
        )
        self._show_retire_age()
        self._render()
        self._render_saved()

    # --- data -----------------------------------------------------------------------------

    def show_projection(self, projection: HouseholdProjection) -> None:
        """A new baseline: refill the choices if the dossier's lines changed, then recompute."""
        self.baseline = projection
        dossier = projection.dossier
        structure = (
            tuple(e.id for e in dossier.entitlements),
            tuple(p.id for p in dossier.household.persons),
            tuple(w.id for w in dossier.income_lines),
        )
        if structure != self._structure:
            self._structure = structure
            self._fill_choices(projection)
        for saved in self.saved:
            saved.variant = self._try_compute(saved.spec)
        self.recompute()
        self._render_saved()

    def _fill_choices(self, projection: HouseholdProjection) -> None:
        """The dossier's lines and persons in the combos, and a first variant to look at."""
        dossier = projection.dossier
        names = {p.id: p.name or p.id for p in dossier.household.persons}
        self._aow_months = {
            p.id: p.aow_age.total_months()
            for p in projection.persons
        }
        lines = [
            e
            for e in dossier.entitlements
            if e.kind == "old_age" and e.start.age is not None and e.annual_gross is not None
        ]
        self._start_months = {e.id: e.start.age.total_months() for e in lines if e.start.age}
        self._partner_lines = {}
        for ent in lines:
            partner = next(
                (
                    p.id
                    for p in dossier.entitlements
                    if p.kind == "partner" and p.person_id == ent.person_id
                ),
                None,
            )
            if partner is not None:
                self._partner_lines[ent.id] = partner
        self._updating = True
        try:
            self.line.clear()
            for ent in lines:
                self.line.addItem(
                    self.t("whatif.line.item", provider=ent.provider, name=names[ent.person_id]),
                    ent.id,
                )
            self.survivor.clear()
            self.survivor.addItem(self.t("whatif.survivor.nobody"), None)
            if len(dossier.household.persons) > 1:
                for person in dossier.household.persons:
                    self.survivor.addItem(names[person.id], person.id)
            wages = [w for w in dossier.income_lines if w.kind == "wage"]
            self.wage_line.clear()
            for wage in wages:
                self.wage_line.addItem(f"{wage.payer} ({names.get(wage.person_id, '')})", wage.id)
            first_end = next((w.end for w in wages if w.end is not None), None)
            until = first_end or self.controller.as_of + dt.timedelta(days=365)
            self.wage_until.setDate(QDate(until.year, until.month, until.day))
            for key in ("wage", "wage_line", "wage_until", "wage_hours"):
                self._set_row_visible(key, bool(wages))
            self.survivor_age.setEnabled(len(dossier.household.persons) > 1)
            self.survivor.setEnabled(len(dossier.household.persons) > 1)
            self._preset(projection, lines)
        finally:
            self._updating = False
        self._line_changed()

    def _preset(self, projection: HouseholdProjection, lines: list[Any]) -> None:
        """The largest pension line one year earlier, if the rules allow it: a first variant."""
        for ent in sorted(lines, key=lambda e: -e.annual_gross.cents):
            earlier = self._start_months[ent.id] - 12
            spec = WhatIf(
                retire=[Retire(line=ent.id, age=Age(years=earlier // 12, months=earlier % 12))]
            )
            try:
                apply_whatif(
                    projection.dossier,
                    spec,
                    self.controller.engine.aow_table,
                    self.controller.as_of,
                    self._basis(spec),
                )
            except PensioencheckerError:
                continue
            self.line.setCurrentIndex(self.line.findData(ent.id))
            self._set_line_range(ent.id)
            self.retire.setValue(earlier)
            return
        if lines:
            self.line.setCurrentIndex(0)

    def _set_row_visible(self, key: str, visible: bool) -> None:
        self.labels[key].setVisible(visible)
        self._fields[key].setVisible(visible)

    def _set_line_range(self, line_id: str) -> None:
        person = self._person_of(line_id)
        aow = self._aow_months.get(person, 67 * 12)
        self.retire.setRange(
            LIMITS["earliest_retirement_age"] * 12, aow + LIMITS["latest_after_aow_years"] * 12
        )

    def _person_of(self, line_id: str) -> str:
        if self.baseline is None:
            return ""
        return next(
            (e.person_id for e in self.baseline.dossier.entitlements if e.id == line_id), ""
        )

    def _line_changed(self, _index: int = -1) -> None:
        if self._updating:
            return
        line_id = self.line.currentData()
        self._updating = True
        try:
            if line_id is not None:
                self._set_line_range(line_id)
                if self.retire.value() == self.retire.minimum() or _index >= 0:
                    self.retire.setValue(self._start_months.get(line_id, self.retire.value()))
            partner = line_id in self._partner_lines
            for key in ("exchange", "exchange_direction", "exchange_percent", "exchange_factor"):
                self._set_row_visible(key, partner)
        finally:
            self._updating = False
        self._changed()

    def _changed(self, *_args: object) -> None:
        self._show_retire_age()
        for widget, box in (
            (self.high_years, self.high_low),
            (self.low_percent, self.high_low),
            (self.bridge_annual, self.bridge),
            (self.exchange_direction, self.exchange),
            (self.exchange_percent, self.exchange),
            (self.exchange_factor, self.exchange),
            (self.wage_line, self.wage),
            (self.wage_until, self.wage),
            (self.wage_hours, self.wage),
        ):
            widget.setEnabled(box.isChecked())
        self.survivor_age.setEnabled(self.survivor.currentData() is not None)
        if not self._updating:
            self.recompute()

    def _show_retire_age(self) -> None:
        years, months = divmod(self.retire.value(), 12)
        text = self.t("whatif.age", years=years, months=months)
        self.retire_age.setText(text)
        self.retire.setAccessibleDescription(text)

    def spec(self) -> WhatIf:
        """The choices on screen as a what-if (may raise ValidationError for impossible ones)."""
        line_id = self.line.currentData()
        parts: dict[str, Any] = {
            "discount_rate": Decimal(f"{self.discount.value():.2f}") / 100,
            "inflation": Decimal(f"{self.inflation.value():.2f}") / 100,
            "euros": "today" if self.today.isChecked() else "nominal",
        }
        if line_id is None:
            return WhatIf(**parts)
        months = self.retire.value()
        if months != self._start_months.get(line_id) or self.part.value() < 100:  # noqa: PLR2004
            parts["retire"] = [
                Retire(
                    line=line_id,
                    age=Age(years=months // 12, months=months % 12),
                    percent=self.part.value(),
                )
            ]
        if self.high_low.isChecked():
            parts["high_low"] = HighLow(
                line=line_id, years=self.high_years.value(), low_percent=self.low_percent.value()
            )
        if self.lump.value() > 0:
            parts["lump_sum"] = LumpSumChoice(
                line=line_id, percent=Decimal(f"{self.lump.value():.2f}")
            )
        if self.bridge.isChecked():
            parts["aow_bridge"] = AowBridge(
                line=line_id, annual=Decimal(f"{self.bridge_annual.value():.2f}")
            )
        if self.exchange.isChecked() and line_id in self._partner_lines:
            parts["exchange"] = Exchange(
                line=line_id,
                partner_line=self._partner_lines[line_id],
                direction=self.exchange_direction.currentData(),
                percent=self.exchange_percent.value(),
                factor=Decimal(f"{self.exchange_factor.value():.4f}"),
            )
        person = self.survivor.currentData()
        if person is not None:
            parts["survivor"] = Survivor(
                person=person, age=Age(years=self.survivor_age.value(), months=0)
            )
        if self.wage.isChecked() and self.wage_line.currentData() is not None:
            until = self.wage_until.date()
            parts["wages"] = [
                WageChange(
                    line=self.wage_line.currentData(),
                    until=dt.date(until.year(), until.month(), until.day()),
                    percent=self.wage_hours.value(),
                )
            ]
        low, high = self.scenario_low.value(), self.scenario_high.value()
        if low > 0 and high > 0:
            parts["scenarios"] = {
                line_id: Scenario(
                    pessimistic=Decimal(f"{low:.2f}"), optimistic=Decimal(f"{high:.2f}")
                )
            }
        return WhatIf(**parts)

    def _basis(self, spec: WhatIf) -> Basis:
        """The basis for the spec's rates, made once per pair of rates (fitting takes time)."""
        key = (spec.discount_rate or DEFAULT_DISCOUNT, spec.inflation or DEFAULT_INFLATION)
        if key not in self._bases:
            self._bases[key] = basis_for(spec)
        return self._bases[key]

    def compute(self, spec: WhatIf) -> Variant:
        """Apply and project a what-if against the current baseline (raises when refused)."""
        assert self.baseline is not None
        engine, as_of = self.controller.engine, self.controller.as_of
        basis = self._basis(spec)
        dossier, notes = apply_whatif(self.baseline.dossier, spec, engine.aow_table, as_of, basis)
        projection = project(dossier, engine.book, engine.aow_table, as_of)
        return Variant(
            spec, dossier, projection, differences(self.baseline, projection), notes, basis
        )

    def _try_compute(self, spec: WhatIf) -> Variant | None:
        try:
            return self.compute(spec)
        except PensioencheckerError:
            return None

    def recompute(self) -> None:
        """Build the what-if from the controls and show it (or why it is refused)."""
        if self.baseline is None:
            return
        try:
            spec = self.spec()
        except ValidationError as exc:
            self.show_refusal(exc.errors()[0]["msg"])
            return
        self.show_spec(spec)

    def show_spec(self, spec: WhatIf) -> bool:
        """Show a what-if; a refused one shows the reason and keeps the last good variant."""
        try:
            variant = self.compute(spec)
        except PensioencheckerError as exc:
            self.show_refusal(getattr(exc, "message", None) or str(exc))
            return False
        self.variant = variant
        self.refusal = None
        self._render()
        return True

    def show_refusal(self, reason: str) -> None:
        """The reason in red; the figures stay those of the last variant the rules allowed."""
        self.refusal = reason
        self.message.setText(self.t("whatif.refused", reason=say(reason, self.lang)))
        self.message.show()

    # --- showing --------------------------------------------------------------------------

    def _render(self) -> None:
        has_data = self.baseline is not None and bool(self.baseline.phases)
        self.empty.setVisible(not has_data)
        self.content.setVisible(has_data)
        if self.refusal:
            self.message.setText(self.t("whatif.refused", reason=say(self.refusal, self.lang)))
        self.message.setVisible(bool(self.refusal))
        self._update_save_button()
        variant = self.variant
        if not has_data or variant is None:
            self.chart.plot(None)
            self.table.setRowCount(0)
            self.notes.setText("")
            return
        self._render_table(variant)
        self._render_chart(variant)
        lang = self.lang
        notes = [f"• {say(note, lang)}" for note in variant.notes]
        notes = notes or [self.t("whatif.notes.none")]
        notes.append(self.t("whatif.basis", label=variant.basis.label().text(lang)))
        notes.extend(self._advice_lines(variant))
        self.notes.setText("\n".join(notes))
        inflation = variant.spec.inflation or DEFAULT_INFLATION
        self.euros_note.setText(
            self.t(
                "whatif.euros.today" if variant.spec.euros == "today" else "whatif.euros.nominal",
                date=long_date(self.controller.as_of, self.lang),
                rate=_percent(inflation),
            )
        )

    def _advice_lines(self, variant: Variant) -> list[str]:
        """Which payer should apply the loonheffingskorting in the variant, per person."""
        lines = []
        people = {p.id: p.name or p.id for p in variant.dossier.household.persons}
        for advice in withholding_advice(variant.projection, self.controller.engine.book):
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
        if lines:
            lines.append(self.t("whatif.advice.note"))
        return lines

    def _value(self, variant: Variant, cents: int, day: dt.date) -> int:
        """Cents as shown: nominal, or in today's euros when chosen."""
        if variant.spec.euros != "today":
            return cents
        inflation = variant.spec.inflation or DEFAULT_INFLATION
        return in_todays_euros(cents, self.controller.as_of, day, inflation)

    def _render_table(self, variant: Variant) -> None:
        lang = self.lang
        rows = variant.rows
        self.table.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
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
                    if column >= 2:  # noqa: PLR2004 - the money columns
                        item.setTextAlignment(right)
                item.setText(text)
        self._fit(self.table)

    def _render_chart(self, variant: Variant) -> None:
        assert self.baseline is not None
        person_id = self._person_of(self.line.currentData() or "")
        persons = {p.id: p for p in self.baseline.persons}
        reference = persons.get(person_id) or self.baseline.persons[0]
        birth = reference.birth_date
        name = reference.label
        rows = [r for r in variant.rows if age_years(birth, r["start"]) < HORIZON_AGE]
        if not rows:
            self.chart.plot(None)
            return
        edges = [age_years(birth, r["start"]) for r in rows]
        last = rows[-1]["end"]
        # The axis reaches past the latest start the slider allows, so moving the slider keeps
        # the chart's frame (and it repaints only the data).
        latest = max(edges[-1], self.retire.maximum() / 12)
        horizon = min(HORIZON_AGE, latest + YEARS_AFTER_LAST_CHANGE)
        edges.append(
            min(horizon, age_years(birth, last + dt.timedelta(days=1)))
            if last is not None
            else horizon
        )
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
        markers = []
        for person in self.baseline.persons:
            age = age_years(birth, person.aow_date)
            if edges[0] <= age <= edges[-1]:
                markers.append((age, self.t("whatif.chart.aow_marker"), "--"))
        self.chart.plot(
            ChartData(
                edges=edges,
                stacks=list(stacks.items()),
                net=[
                    self._value(variant, r["baseline_net_monthly"], r["start"]) / 100 for r in rows
                ],
                net_label=self.t("whatif.chart.baseline"),
                markers=markers,
                x_label=self.t("whatif.chart.age", name=name),
                y_label=self.t("whatif.chart.gross"),
                compare=[
                    self._value(variant, r["variant_net_monthly"], r["start"]) / 100 for r in rows
                ],
                compare_label=self.t("whatif.chart.variant"),
                band=self._band(variant, rows),
                band_label=self.t("whatif.chart.band"),
            )
        )

    def _band(
        self, variant: Variant, rows: list[dict[str, Any]]
    ) -> tuple[list[float], list[float]] | None:
        """Net per month of the variant with the line at its UPO pessimistic and optimistic."""
        if not variant.spec.scenarios or self.baseline is None:
            return None
        engine, as_of = self.controller.engine, self.controller.as_of
        nets = []
        for dossier in scenario_dossiers(
            variant.dossier, variant.spec, self.baseline.dossier
        ).values():
            phases = project(dossier, engine.book, engine.aow_table, as_of).phases
            nets.append(
                [
                    self._value(variant, phase.net_monthly, r["start"]) / 100
                    if (phase := phase_at(phases, r["start"]))
                    else 0.0
                    for r in rows
                ]
            )
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

    # --- saved variants -------------------------------------------------------------------

    def save_variant(self, name: str | None = None) -> bool:
        """Keep the variant on screen under a name (at most three); False when full or none."""
        if self.variant is None or len(self.saved) >= MAX_SAVED:
            return False
        name = (name or self.save_name.text()).strip() or self.t(
            "whatif.save.default", number=len(self.saved) + 1
        )
        spec = self.variant.spec.model_copy(update={"label": name[:200]})
        self.saved.append(Saved(name, spec, self.variant))
        self.save_name.clear()
        self._render_saved()
        return True

    def remove_variant(self, index: int) -> None:
        """Forget a kept variant."""
        del self.saved[index]
        self._render_saved()

    def _update_save_button(self) -> None:
        full = len(self.saved) >= MAX_SAVED
        self.save_button.setEnabled(not full and self.variant is not None)
        self.save_button.setToolTip(self.t("whatif.save.full") if full else "")
        self.save_name.setPlaceholderText(
            self.t("whatif.save.full")
            if full
            else self.t("whatif.save.default", number=len(self.saved) + 1)
        )

    def _render_saved(self) -> None:
        self._update_save_button()
        rows: list[tuple[str, str, str, int | None]] = []
        if self.baseline is not None and self.baseline.phases:
            phase = self.baseline.phases[headline_index(self.baseline)]
            rows.append((self.t("whatif.saved.current"), money(phase.net_monthly), "—", None))
        for index, saved in enumerate(self.saved):
            if saved.variant is None:
                rows.append((saved.name, self.t("whatif.saved.refused"), "—", index))
                continue
            projection = saved.variant.projection
            phase = projection.phases[headline_index(projection)]
            lump = lump_sum_cents(saved.variant)
            rows.append(
                (
                    saved.name,
                    money(phase.net_monthly),
                    money(lump) if lump else "—",
                    index,
                )
            )
        table = self.saved_table
        table.setRowCount(len(rows))
        right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
        for row, (name, net, lump, index) in enumerate(rows):
            for column, text in enumerate((name, net, lump)):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(right)
                table.setItem(row, column, item)
            if index is None:
                table.removeCellWidget(row, 3)
                table.setItem(row, 3, QTableWidgetItem(""))
            else:
                button = QPushButton(self.t("whatif.saved.remove"))
                button.setObjectName(f"whatifRemove{index}")
                button.setAccessibleName(self.t("whatif.saved.remove.name", name=name))
                button.clicked.connect(lambda _c=False, i=index: self.remove_variant(i))
                table.setCellWidget(row, 3, button)
        self._fit(table)

    def _fit(self, table: QTableWidget) -> None:
        """No empty space under the last row: the chart gets the room instead."""
        height = (
            table.horizontalHeader().sizeHint().height()
            + 2 * table.frameWidth()
            + sum(table.rowHeight(row) for row in range(table.rowCount()))
        )
        table.setFixedHeight(
            max(height, MIN_TABLE_HEIGHT) if table.rowCount() else MIN_TABLE_HEIGHT
        )
