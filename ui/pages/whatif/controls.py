"""The What if page's controls: a column of choices, read out as plain ``Choices``.

The widgets know nothing of projections: they show what a dossier offers (``Lines``), keep
dependent fields enabled only when their box is ticked, and say ``changed`` when the user
changes something (never while they are being filled).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QDate, QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSlider,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.projection.whatif import LIMITS
from ui.pages.whatif.controller import (
    DEFAULT_AOW_MONTHS,
    DEFAULT_DISCOUNT,
    DEFAULT_INFLATION,
    Choices,
    Lines,
)

_W = TypeVar("_W", bound=QWidget)
DEFAULT_BRIDGE_EUROS = 15_000.0
DEFAULT_EXCHANGE_FACTOR = 0.25
DEFAULT_SURVIVOR_AGE = 80
EXCHANGE_ROWS = ("exchange", "exchange_direction", "exchange_percent", "exchange_factor")
WAGE_ROWS = ("wage", "wage_line", "wage_until", "wage_hours")


def _spin(name: str, low: int, high: int, value: int, suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setValue(value)
    if suffix:
        spin.setSuffix(suffix)
    return spin


def _double(
    name: str, low: float, high: float, decimals: int, step: float, affix: str = " %"
) -> QDoubleSpinBox:
    """A decimal field; an affix starting with € is a prefix, any other a suffix."""
    spin = QDoubleSpinBox()
    spin.setObjectName(name)
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    if affix.startswith("€"):
        spin.setPrefix(affix)
        spin.setGroupSeparatorShown(True)  # € 15.000, as amounts are written everywhere
    else:
        spin.setSuffix(affix)
    return spin


def _euro_spin(name: str) -> QDoubleSpinBox:
    """Euros a year from the UPO; 0 means: not entered."""
    return _double(name, 0, 1_000_000, 0, 500, "€ ")


def _named(widget: _W, name: str) -> _W:
    widget.setObjectName(name)
    return widget


MIN_WIDTH = 350
WIDGET_SIZE_MAX = 16777215
"""Qt's largest widget size (QWIDGETSIZE_MAX): no maximum."""


class WhatIfControls(QScrollArea):
    """The choices of a variant, in a scrolling column beside the results."""

    changed = Signal()

    def __init__(self, t: Callable[..., str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.t = t
        self.lines: Lines | None = None
        self.updating = False
        self.labels: dict[str, QLabel] = {}
        self._fields: dict[str, QWidget] = {}
        self._build_choice_of_start()
        self._build_options()
        self._build_other_choices()
        self._build_form()
        self._connect()

    # --- building -------------------------------------------------------------------------

    def _build_choice_of_start(self) -> None:
        self.line = _named(QComboBox(), "whatifLine")
        self.retire = _named(QSlider(Qt.Orientation.Horizontal), "whatifRetire")
        self.retire.setSingleStep(1)
        self.retire.setPageStep(12)
        self.retire.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.retire_age = _named(QLabel(), "whatifRetireAge")
        self.part = _spin("whatifPart", 1, 100, 100, " %")
        self.high_low = _named(QCheckBox(), "whatifHighLow")
        self.high_years = _spin("whatifHighYears", 1, LIMITS["high_low_max_years"], 5)
        least = LIMITS["high_low_min_low_percent"]
        self.low_percent = _spin("whatifLowPercent", least, 100, least, " %")
        self.lump = _double("whatifLump", 0, LIMITS["lump_sum_max_percent"], 1, 0.5)

    def _build_options(self) -> None:
        self.bridge = _named(QCheckBox(), "whatifBridge")
        self.bridge_annual = _double("whatifBridgeAnnual", 1, 100_000, 0, 500, "€ ")
        self.bridge_annual.setValue(DEFAULT_BRIDGE_EUROS)
        self.exchange = _named(QCheckBox(), "whatifExchange")
        self.exchange_direction = _named(QComboBox(), "whatifExchangeDirection")
        self.exchange_direction.addItem("", "partner_to_old_age")
        self.exchange_direction.addItem("", "old_age_to_partner")
        self.exchange_percent = _spin("whatifExchangePercent", 1, 100, 100, " %")
        self.exchange_factor = _double("whatifExchangeFactor", 0.0001, 10, 4, 0.01, "")
        self.exchange_factor.setValue(DEFAULT_EXCHANGE_FACTOR)
        self.survivor = _named(QComboBox(), "whatifSurvivor")
        self.survivor_age = _spin("whatifSurvivorAge", 18, 110, DEFAULT_SURVIVOR_AGE)

    def _build_other_choices(self) -> None:
        self.wage = _named(QCheckBox(), "whatifWage")
        self.wage_line = _named(QComboBox(), "whatifWageLine")
        self.wage_until = _named(QDateEdit(), "whatifWageUntil")
        self.wage_until.setCalendarPopup(True)
        self.wage_until.setDisplayFormat("dd-MM-yyyy")
        self.wage_hours = _spin("whatifWageHours", 1, 200, 100, " %")
        self.today = _named(QCheckBox(), "whatifToday")
        self.inflation = _double("whatifInflation", 0, 20, 2, 0.1)
        self.inflation.setValue(float(DEFAULT_INFLATION * 100))
        self.discount = _double("whatifDiscount", 0, 10, 2, 0.1)
        self.discount.setValue(float(DEFAULT_DISCOUNT * 100))
        self.scenario_low = _euro_spin("whatifScenarioLow")
        self.scenario_high = _euro_spin("whatifScenarioHigh")

    def _rows(self) -> list[tuple[str, QWidget, QWidget | None]]:
        """Per row of the form: its key, its field and the label's buddy (none for a box)."""
        retire_box = QVBoxLayout()
        retire_box.setContentsMargins(0, 0, 0, 0)
        retire_box.addWidget(self.retire)
        retire_box.addWidget(self.retire_age)
        retire_field = QWidget()
        retire_field.setLayout(retire_box)
        boxes = (self.high_low, self.bridge, self.exchange, self.wage, self.today)
        rows: list[tuple[str, QWidget, QWidget | None]] = []
        for widget in self.inputs():
            if widget is self.retire:
                rows.append(("retire", retire_field, self.retire))
            else:
                rows.append((self._key_of(widget), widget, None if widget in boxes else widget))
        return rows

    @staticmethod
    def _key_of(widget: QWidget) -> str:
        """whatifExchangeFactor → exchange_factor: the texts' key of a field."""
        name = widget.objectName().removeprefix("whatif")
        return "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_")

    def _build_form(self) -> None:
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for key, field, buddy in self._rows():
            label = QLabel()
            if buddy is not None:
                label.setBuddy(buddy)
            self.labels[key] = label
            self._fields[key] = field
            self.form.addRow(label, field)
        inner = QWidget()
        inner.setObjectName("whatifControls")
        inner.setLayout(self.form)
        self.inner = inner
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.fit(beside=True)
        for combo in (self.line, self.exchange_direction, self.survivor, self.wage_line):
            # long names are elided instead of widening the column of controls
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Rates and amounts with a decimal comma and Dutch grouping, as everywhere in the window.
        dutch = QLocale(QLocale.Language.Dutch, QLocale.Country.Netherlands)
        for spin in self.findChildren(QDoubleSpinBox):
            spin.setLocale(dutch)

    def fit(self, beside: bool) -> None:
        """As wide as the form beside the results; as high as the form above them."""
        inner = self.inner
        if beside:
            bar = self.verticalScrollBar().sizeHint().width()
            self.setFixedWidth(max(MIN_WIDTH, inner.sizeHint().width() + bar))
            self.setMinimumHeight(0)
        else:
            self.setMinimumWidth(0)
            self.setMaximumWidth(WIDGET_SIZE_MAX)
            self.setMinimumHeight(inner.sizeHint().height())

    def _connect(self) -> None:
        self.line.currentIndexChanged.connect(self._line_changed)
        self.retire.valueChanged.connect(self._changed)
        for widget in self.inputs():
            if isinstance(widget, QSpinBox | QDoubleSpinBox):
                widget.valueChanged.connect(self._changed)
            elif isinstance(widget, QCheckBox):
                widget.toggled.connect(self._changed)
            elif isinstance(widget, QComboBox) and widget is not self.line:
                widget.currentIndexChanged.connect(self._changed)
        self.wage_until.dateChanged.connect(self._changed)

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
        """Labels and accessible names in the current language."""
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
        self.show_retire_age()

    # --- filling --------------------------------------------------------------------------

    def fill(self, lines: Lines) -> None:
        """The dossier's lines and persons in the combos, set to the first variant."""
        self.lines = lines
        self.updating = True
        try:
            self.line.clear()
            for ent in lines.pensions:
                text = self.t(
                    "whatif.line.item", provider=ent.provider, name=lines.names[ent.person_id]
                )
                self.line.addItem(text, ent.id)
            self.survivor.clear()
            self.survivor.addItem(self.t("whatif.survivor.nobody"), None)
            for person in lines.persons:
                self.survivor.addItem(lines.names[person], person)
            self.wage_line.clear()
            for wage_id, wage_name in lines.wages:
                self.wage_line.addItem(wage_name, wage_id)
            until = lines.wage_until
            self.wage_until.setDate(QDate(until.year, until.month, until.day))
            for key in WAGE_ROWS:
                self._set_row_visible(key, bool(lines.wages))
            self.survivor_age.setEnabled(bool(lines.persons))
            self.survivor.setEnabled(bool(lines.persons))
            # Every pension already in payment: nothing to move, and the field says so.
            self.line.setPlaceholderText(self.t("whatif.line.none"))
            self.line.setEnabled(bool(lines.pensions))
            self.retire.setEnabled(bool(lines.pensions))
            self._preset(lines)
        finally:
            self.updating = False
        self._line_changed()

    def _preset(self, lines: Lines) -> None:
        if lines.preset is not None:
            line_id, months = lines.preset
            self.line.setCurrentIndex(self.line.findData(line_id))
            self._set_line_range(line_id)
            self.retire.setValue(months)
        elif lines.pensions:
            self.line.setCurrentIndex(0)

    def _set_row_visible(self, key: str, visible: bool) -> None:
        self.labels[key].setVisible(visible)
        self._fields[key].setVisible(visible)

    def _set_line_range(self, line_id: str) -> None:
        aow_months = self.lines.aow_months if self.lines else {}
        person = self.lines.person_of(line_id) if self.lines else ""
        aow = aow_months.get(person, DEFAULT_AOW_MONTHS)
        self.retire.setRange(
            LIMITS["earliest_retirement_age"] * 12, aow + LIMITS["latest_after_aow_years"] * 12
        )

    # --- reacting -------------------------------------------------------------------------

    def _line_changed(self, index: int = -1) -> None:
        if self.updating:
            return
        line_id = self.line.currentData()
        start_months = self.lines.start_months if self.lines else {}
        self.updating = True
        try:
            if line_id is not None:
                self._set_line_range(line_id)
                if self.retire.value() == self.retire.minimum() or index >= 0:
                    self.retire.setValue(start_months.get(line_id, self.retire.value()))
            partner = self.lines is not None and line_id in self.lines.partner_lines
            for key in EXCHANGE_ROWS:
                self._set_row_visible(key, partner)
        finally:
            self.updating = False
        self._changed()

    def _changed(self, *_args: object) -> None:
        self.show_retire_age()
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
        if not self.updating:
            self.changed.emit()

    def show_retire_age(self) -> None:
        """The slider's months as an age in words (also its accessible description)."""
        years, months = divmod(self.retire.value(), 12)
        text = self.t("whatif.age", years=years, months=months)
        if self.line.currentData() is None:
            text = "—"  # no pension to start earlier or later
        self.retire_age.setText(text)
        self.retire.setAccessibleDescription(text)

    def choices(self) -> Choices:
        """The values on screen, as plain data."""
        until = self.wage_until.date()
        return Choices(
            line=self.line.currentData(),
            retire_months=self.retire.value(),
            part=self.part.value(),
            high_low=self.high_low.isChecked(),
            high_years=self.high_years.value(),
            low_percent=self.low_percent.value(),
            lump=self.lump.value(),
            bridge=self.bridge.isChecked(),
            bridge_annual=self.bridge_annual.value(),
            exchange=self.exchange.isChecked(),
            exchange_direction=self.exchange_direction.currentData(),
            exchange_percent=self.exchange_percent.value(),
            exchange_factor=self.exchange_factor.value(),
            survivor=self.survivor.currentData(),
            survivor_age=self.survivor_age.value(),
            wage=self.wage.isChecked(),
            wage_line=self.wage_line.currentData(),
            wage_until=dt.date(until.year(), until.month(), until.day()),
            wage_hours=self.wage_hours.value(),
            scenario_low=self.scenario_low.value(),
            scenario_high=self.scenario_high.value(),
            today=self.today.isChecked(),
            inflation=self.inflation.value(),
            discount=self.discount.value(),
        )
