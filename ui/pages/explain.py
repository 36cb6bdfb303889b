"""The Explain page: one person's year or period, line by line, with every parameter and source.

A calendar year is the projection's own trace of that year (the same rules the ``net`` command
runs), followed by what each payer withholds per month in the phase that contains 1 January of
that year. A period (phase) is the trace of the figure the Overview shows for it: a whole year
at the period's amounts / 12, then each payer's withholding, the May holiday payment and the
settlement. The page opens on the headline's period and person.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import html
from decimal import Decimal
from typing import Any

import numpy as np
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from pensioenchecker.messages import say
from pensioenchecker.projection.settlement import person_settlement
from pensioenchecker.projection.timeline import (
    HouseholdProjection,
    Phase,
    headline_index,
    headline_person,
)
from pensioenchecker.rules.names import parameter_name, source_name, status_name
from ui.controller import DossierController
from ui.formatting import long_date, money, percentage
from ui.pages.base import Page

GROUP_TABLES = ("box1.below_aow", "box1.aow_born_1946_or_later", "box1.aow_born_before_1946")
"""The box-1 table that applies per tax group (the trace's ``group`` input)."""

CENT_KEYS = {
    "aow",
    "pension",
    "wage",
    "gross",
    "gross_monthly",
    "zvw",
    "net",
    "net_annual",
    "net_monthly",
    "table_wage",
    "loonheffing",
}
"""Trace fields that are always cents, whatever the step's unit (the credits' wage input)."""

EURO_KEYS = {"upto", "max", "cap", "phaseout_start", "nil_above", "premium_upto", "max_income"}
"""Parameter fields that are whole euros."""


def _percent(value: Any) -> str:
    """36,97 %: a decimal comma in both languages, as the amounts have (see ``money``)."""
    return percentage(value)


class ExplainPage(Page):
    """Choose a person and a year; read how the net figure comes about."""

    name = "explain"

    def __init__(self, controller: DossierController, parent: QWidget | None = None) -> None:
        super().__init__(controller, parent)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.person = QComboBox()
        self.person.setObjectName("explainPerson")
        self.person_label = QLabel()
        self.person_label.setBuddy(self.person)
        self.year = QSpinBox()
        self.year.setObjectName("explainYear")
        self.year.setRange(1900, 2200)
        self.year_label = QLabel()
        self.year_label.setBuddy(self.year)
        self.what = QComboBox()
        self.what.setObjectName("explainWhat")
        self.what_label = QLabel()
        self.what_label.setBuddy(self.what)
        for combo in (self.person, self.what):  # a person's or a period's name is shown whole
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self._opened: HouseholdProjection | None = None
        """The projection the page last opened on its headline (a new one opens there again)."""
        self.browser = QTextBrowser()
        self.browser.setObjectName("explanation")
        self.browser.setOpenExternalLinks(True)
        self.figures: dict[str, int] = {}
        """The shown year's key figures (income_tax in euros, the rest in cents), for tests."""
        choose = QHBoxLayout()
        choose.addWidget(self.person_label)
        choose.addWidget(self.person)
        choose.addSpacing(24)
        choose.addWidget(self.what_label)
        choose.addWidget(self.what)
        choose.addSpacing(24)
        choose.addWidget(self.year_label)
        choose.addWidget(self.year)
        choose.addStretch(2)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addLayout(choose)
        layout.addWidget(self.browser, 1)
        self.setTabOrder(self.person, self.what)
        self.setTabOrder(self.what, self.year)
        self.setTabOrder(self.year, self.browser)
        self.person.currentIndexChanged.connect(lambda _i: self._person_changed())
        self.year.valueChanged.connect(lambda _v: self.show_explanation())
        self.what.currentIndexChanged.connect(lambda _i: self._what_changed())
        self.retranslate()
        if controller.projection is not None:
            self.show_projection(controller.projection)

    # -- choosing -------------------------------------------------------------------------------

    def show_projection(self, projection: HouseholdProjection) -> None:
        """Fill the lists; a new household opens on the headline's period and person."""
        chosen = self.person.currentData()
        self.person.blockSignals(True)
        self.person.clear()
        for person in projection.persons:
            self.person.addItem(person.label, person.id)
        index = self.person.findData(chosen)
        self.person.setCurrentIndex(max(index, 0))
        self.person.blockSignals(False)
        self._fill_what(projection)
        same_household = self._opened is not None and [p.id for p in self._opened.persons] == [
            p.id for p in projection.persons
        ]
        self._opened = projection
        if projection.phases and not same_household:
            self.select_phase(
                headline_person(projection).id, headline_index(projection), render=False
            )
        self._person_changed()

    def _fill_what(self, projection: HouseholdProjection) -> None:
        """Calendar year, then every period; the choice is kept where it still exists."""
        chosen = self.what.currentData()
        self.what.blockSignals(True)
        self.what.clear()
        self.what.addItem(self.t("explain.what.year"), None)
        for index, phase in enumerate(projection.phases):
            self.what.addItem(
                self.t("explain.what.phase", date=long_date(phase.start, self.lang)), index
            )
        found = self.what.findData(chosen) if chosen is not None else 0
        self.what.setCurrentIndex(max(found, 0))
        self.what.blockSignals(False)
        self.year.setEnabled(self.what.currentData() is None)

    def _what_changed(self) -> None:
        index = self.what.currentData()
        projection = self.controller.projection
        self.year.setEnabled(index is None)
        if index is not None and projection is not None and index < len(projection.phases):
            self.year.blockSignals(True)
            self.year.setValue(projection.phases[index].start.year)
            self.year.blockSignals(False)
        self.show_explanation()

    def select_phase(self, person_id: str, index: int, render: bool = True) -> None:
        """Show one person's period: the headline's link opens the page here."""
        projection = self.controller.projection
        self.person.blockSignals(True)
        self.person.setCurrentIndex(max(self.person.findData(person_id), 0))
        self.person.blockSignals(False)
        self.what.blockSignals(True)
        self.what.setCurrentIndex(max(self.what.findData(index), 0))
        self.what.blockSignals(False)
        self.year.setEnabled(self.what.currentData() is None)
        if projection is not None and 0 <= index < len(projection.phases):
            self.year.blockSignals(True)
            year = projection.phases[index].start.year
            if year < self.year.minimum() or year > self.year.maximum():
                self.year.setRange(min(year, self.year.minimum()), max(year, self.year.maximum()))
            self.year.setValue(year)
            self.year.blockSignals(False)
        if render:
            self.show_explanation()

    def _person_changed(self) -> None:
        projection = self.controller.projection
        if projection is None or self.person.currentData() is None:
            self.show_explanation()
            return
        mine = _person_rows(projection, self.person.currentData())
        if not len(mine):
            self.show_explanation()
            return
        years = projection.year_columns["year"][mine]
        first, last = int(years.min()), int(years.max())
        current = self.year.value()
        self.year.blockSignals(True)
        self.year.setRange(first, last)
        default = min(max(projection.as_of.year + 1, first), last)
        self.year.setValue(current if first <= current <= last and current != 1900 else default)
        self.year.blockSignals(False)
        self.show_explanation()

    def select(self, person_id: str, year: int) -> None:
        """Show one person's calendar year (for tests and links from other pages)."""
        self.what.blockSignals(True)
        self.what.setCurrentIndex(0)
        self.what.blockSignals(False)
        self.year.setEnabled(True)
        self.person.setCurrentIndex(self.person.findData(person_id))
        self.year.setValue(year)
        self.show_explanation()

    # -- formatting -----------------------------------------------------------------------------

    def _law(self, step: dict[str, Any]) -> str:
        """The step's legal basis in the interface language (the core's words otherwise)."""
        key = f"explain.law.{step['rule']}"
        text = self.t(key)
        return str(step["law"]) if text == key else text

    def _label(self, key: str) -> str:
        text = self.t(f"explain.term.{key}")
        return key.replace("_", " ") if text == f"explain.term.{key}" else text

    def _value(self, key: str, value: Any, unit: str) -> str:
        if isinstance(value, bool):
            return self.t("explain.yes" if value else "explain.no")
        if key == "group" and isinstance(value, int):
            return self.t(f"explain.group.{value}")
        if key == "month_aow_age_reached":
            return str(value) if value else "—"
        if isinstance(value, int):
            if key.endswith("_euros"):
                return money(value * 100, decimals=False)
            return money(value) if unit == "cents" or key in CENT_KEYS else str(value)
        return html.escape(str(value))

    def _parameter_value(self, name: str, value: Any) -> str:
        if isinstance(value, dict):
            if "brackets" in value:
                parts = []
                for bracket in value["brackets"]:
                    upto = bracket["upto"]
                    where = (
                        self.t("explain.upto", amount=money(int(upto) * 100, decimals=False))
                        if upto is not None
                        else self.t("explain.above")
                    )
                    parts.append(f"{where}: {_percent(bracket['rate'])}")
                return "; ".join(parts)
            if "build_up" in value:
                steps = [
                    self.t(
                        "explain.build_up",
                        upto=money(int(b["upto"]) * 100, decimals=False),
                        rate=_percent(b["rate"]),
                        cap=money(int(b["cap"]) * 100, decimals=False),
                    )
                    for b in value["build_up"]
                ]
                rest = {k: v for k, v in value.items() if k != "build_up"}
                return "; ".join([*steps, self._parameter_value(name, rest)])
            return "; ".join(
                f"{self._label(k)} {self._parameter_value(k, v)}" for k, v in value.items()
            )
        if isinstance(value, list):
            return ", ".join(self._parameter_value(name, v) for v in value)
        if value == "rule":  # a figure the rules derive (the parameter's description says how)
            key = f"explain.rule.{name}"
            text = self.t(key)
            return html.escape("rule" if text == key else text)
        last = name.rsplit(".", 1)[-1]
        if value is None:
            return "—"
        if "rate" in last or name.startswith("premiums."):
            try:
                return _percent(value)
            except ArithmeticError:
                return html.escape(str(value))
        if last in EURO_KEYS or last in {"alleenstaande_ouderenkorting"}:
            try:
                return money(int(value) * 100, decimals=False)
            except ValueError:
                return html.escape(str(value))
        return html.escape(str(value))

    def _sources(self, keys: list[str]) -> str:
        sources = self.controller.engine.parameters.sources
        links = []
        for key in keys:
            source = sources.get(key)
            if source is None:
                links.append(html.escape(key))
                continue
            name = html.escape(source_name(source.title, source.href, key, self.lang))
            if source.href:
                links.append(f'<a href="{html.escape(source.href, quote=True)}">{name}</a>')
            else:
                links.append(name)
        return "<br>".join(links)

    def _parameters(self, step: dict[str, Any], used: str | None) -> str:
        if not step["parameters"]:
            return ""
        rows = [
            "<tr>"
            + "".join(
                f"<th align='left'>{self.t(f'explain.param.{c}')}</th>"
                for c in ("name", "value", "since", "status", "sources")
            )
            + "</tr>"
        ]
        for parameter in step["parameters"]:
            name = parameter["name"]
            if used and name.startswith("box1.") and name in GROUP_TABLES and name != used:
                continue
            since = long_date(dt.date.fromisoformat(parameter["since"]), self.lang)
            note = f"<br><i>{html.escape(parameter['note'])}</i>" if parameter.get("note") else ""
            rows.append(
                f"<tr><td>{html.escape(parameter_name(name, self.lang))}</td>"
                f"<td>{self._parameter_value(name, parameter['value'])}{note}</td>"
                f"<td>{since}</td>"
                f"<td>{html.escape(status_name(parameter['status'], self.lang))}</td>"
                f"<td>{self._sources(parameter['sources'])}</td></tr>"
            )
        return (
            "<table class='params' cellspacing='0' cellpadding='3' border='1' width='100%'>"
            + "".join(rows)
            + "</table>"
        )

    def _bracket_parts(self, step: dict[str, Any], used: str) -> str:
        """Taxable income per bracket times its rate (the rule rounds the total down)."""
        table = next((p["value"] for p in step["parameters"] if p["name"] == used), None)
        if not table or "brackets" not in table:
            return ""
        income = int(step["inputs"].get("taxable_income_euros", 0))
        _lang, lower, parts = self.lang, 0, []
        for number, bracket in enumerate(table["brackets"], start=1):
            upper = income if bracket["upto"] is None else min(income, int(bracket["upto"]))
            amount = max(0, upper - lower)
            if amount:
                product = Decimal(amount) * Decimal(str(bracket["rate"]))
                parts.append(
                    self.t(
                        "explain.bracket",
                        number=number,
                        amount=money(amount * 100, decimals=False),
                        rate=_percent(bracket["rate"]),
                        product=money(int(product * 100)),
                    )
                )
            if bracket["upto"] is None or income <= int(bracket["upto"]):
                break
            lower = int(bracket["upto"])
        premium_upto = table.get("premium_upto")
        if premium_upto is not None:
            parts.append(
                self.t(
                    "explain.premium_part",
                    amount=money(min(income, int(premium_upto)) * 100, decimals=False),
                )
            )
        return "<ul>" + "".join(f"<li>{part}</li>" for part in parts) + "</ul>"

    def _steps_html(self, steps: list[dict[str, Any]]) -> str:
        out = []
        group = next((s["inputs"].get("group") for s in steps if "group" in s["inputs"]), None)
        used = GROUP_TABLES[group] if isinstance(group, int) and 0 <= group < 3 else None
        for step in steps:
            unit = step["unit"]
            out.append(f"<h3>{html.escape(self._label(step['rule']))}</h3>")
            out.append(f"<p><i>{html.escape(self._law(step))}</i></p>")
            rows = []
            for kind in ("inputs", "outputs"):
                for key, value in step[kind].items():
                    weight = "b" if kind == "outputs" else "span"
                    rows.append(
                        f"<tr><td>{self.t('explain.' + kind[:-1])}</td>"
                        f"<td>{html.escape(self._label(key))}</td>"
                        f"<td align='right'><{weight}>{self._value(key, value, unit)}"
                        f"</{weight}></td></tr>"
                    )
            out.append("<table cellspacing='0' cellpadding='2'>" + "".join(rows) + "</table>")
            if (
                used
                and "taxable_income_euros" in step["inputs"]
                and any(p["name"] == used for p in step["parameters"])
            ):
                out.append(self._bracket_parts(step, used))
            out.append(self._parameters(step, used))
        return "".join(out)

    # -- rendering ------------------------------------------------------------------------------

    def _phase_on(self, projection: HouseholdProjection, year: int) -> tuple[int, Phase] | None:
        january = dt.date(year, 1, 1)
        for index, phase in enumerate(projection.phases):
            if phase.start <= january and (phase.end is None or january <= phase.end):
                return index, phase
        return (0, projection.phases[0]) if projection.phases else None

    def show_explanation(self) -> None:
        """Write the explanation of the chosen person and year."""
        projection = self.controller.projection
        person_id = self.person.currentData()
        self.figures = {}
        if projection is None or person_id is None:
            self.browser.setHtml(f"<p>{html.escape(self.t('explain.empty'))}</p>")
            return
        phase_index = self.what.currentData()
        if phase_index is not None and 0 <= phase_index < len(projection.phases):
            self._show_phase(projection, person_id, int(phase_index))
            return
        year = self.year.value()
        try:
            steps = projection.explain("year", (year, person_id))
        except KeyError:
            self.browser.setHtml(f"<p>{html.escape(self.t('explain.no_year', year=year))}</p>")
            return
        for step in steps:
            for key, value in step["outputs"].items():
                if isinstance(value, int) and not isinstance(value, bool):
                    self.figures[key] = value
        name = self.person.currentText()
        parts = [f"<h2>{html.escape(self.t('explain.heading', name=name, year=year))}</h2>"]
        mine = _person_rows(projection, person_id)
        columns = projection.year_columns
        row = mine[columns["year"][mine] == year] if len(mine) else mine
        if len(row):
            untaxed = int(columns["net"][row[0]]) - self.figures.get("net_annual", 0)
            if untaxed:
                parts.append(f"<p>{self.t('explain.untaxed', amount=money(untaxed))}</p>")
        parts.append(self._steps_html(steps))
        parts.append(self._withholding_html(projection, person_id, year))
        parts.append(self._disposable_html(projection, year))
        self.browser.setHtml("".join(parts))

    def _show_phase(self, projection: HouseholdProjection, person_id: str, index: int) -> None:
        """A period's figure for one person: the trace, the household's sum, withholding."""
        phase = projection.phases[index]
        try:
            steps = projection.explain("phase", (index, person_id))
        except KeyError:
            steps = []
        for step in steps:
            for key, value in step["outputs"].items():
                if isinstance(value, int) and not isinstance(value, bool):
                    self.figures[key] = value
        own = phase.figures_of(person_id)
        net = own.net_monthly + own.net_untaxed_monthly
        self.figures["phase_net_monthly"] = net
        self.figures["household_net_monthly"] = phase.net_monthly
        name = self.person.currentText()
        date = long_date(phase.start, self.lang)
        parts = [
            f"<h2>{html.escape(self.t('explain.phase.heading', name=name, date=date))}</h2>",
            "<p>"
            + html.escape(self.t("explain.phase.intro", name=name, amount=money(net)))
            + "</p>",
        ]
        if len(phase.persons) > 1:
            labels = {p.id: p.label for p in projection.persons}
            shares = " + ".join(
                f"{labels.get(p.person_id, p.person_id)} "
                f"{money(p.net_monthly + p.net_untaxed_monthly)}"
                for p in phase.persons
            )
            text = self.t("explain.phase.household", parts=shares, amount=money(phase.net_monthly))
            parts.append(f"<p><b>{html.escape(text)}</b></p>")
        if own.net_untaxed_monthly:
            untaxed = self.t("explain.untaxed", amount=money(own.net_untaxed_monthly))
            parts.append(f"<p>{html.escape(untaxed)}</p>")
        parts.append(self._steps_html(steps))
        parts.append(self._phase_withholding_html(projection, person_id, index))
        self.browser.setHtml("".join(parts))

    def _disposable_html(self, projection: HouseholdProjection, year: int) -> str:
        """The household's disposable income of the year: each toeslag step by step."""
        figures = projection.year_disposable.get(year)
        try:
            steps = projection.explain("disposable-year", (year,))
        except KeyError:  # a far year the rules were not run for: nothing of it was found
            if figures is None:
                return ""
            steps = []
        out = [
            f"<h2>{html.escape(self.t('explain.disposable', year=year))}</h2>",
            f"<p>{html.escape(self.t('explain.disposable.intro'))}</p>",
        ]
        if figures is not None and not figures.known:
            unknown = self.t("explain.disposable.unknown", year=year)
            out.append(f"<p><b>{html.escape(unknown)}</b></p>")
            missing = [
                note
                for note in projection.assumptions
                if f" {year}: not known" in note
                or note.startswith(f"disposable income {year}")
                or (note.startswith("disposable income ") and "not known" in note)
            ]
            said = [say(n, self.lang) for n in missing]
            out.append("<ul>" + "".join(f"<li>{html.escape(n)}</li>" for n in said) + "</ul>")
            steps = [s for s in steps if s["rule"] != "disposable income"]
        return "".join(out) + self._steps_html(steps)

    def _withholding_html(self, projection: HouseholdProjection, person_id: str, year: int) -> str:
        found = self._phase_on(projection, year)
        if found is None:
            return ""
        index, phase = found
        later = phase.start > dt.date(year, 1, 1)
        return self._phase_withholding_html(projection, person_id, index, later)

    def _phase_withholding_html(
        self, projection: HouseholdProjection, person_id: str, index: int, later: bool = False
    ) -> str:
        """What each payer withholds in the period, May's holiday payment, the settlement."""
        phase = projection.phases[index]
        start = long_date(phase.start, self.lang)
        out = [f"<h2>{html.escape(self.t('explain.withholding', start=start))}</h2>"]
        if later:
            out.append(f"<p>{html.escape(self.t('explain.withholding_later', start=start))}</p>")
        lines = [line for line in phase.lines if line.person_id == person_id]
        if not lines:
            out.append(f"<p>{html.escape(self.t('explain.no_payers'))}</p>")
        for line in lines:
            out.append(f"<h3>{html.escape(line.payer)}</h3>")
            try:
                steps = projection.explain("withholding", (index, line.stream_id))
            except KeyError:
                continue
            out.append(self._steps_html(steps))
            if line.holiday_pay:
                withheld = line.holiday_loonheffing + line.holiday_zvw
                text = self.t(
                    "explain.holiday", gross=money(line.holiday_pay), withheld=money(withheld)
                )
                out.append(f"<h3>{html.escape(text)}</h3>")
                with contextlib.suppress(KeyError):
                    out.append(
                        self._steps_html(projection.explain("holiday", (index, line.stream_id)))
                    )
        settlement = person_settlement(phase, person_id)
        value = settlement.settlement_annual
        text = self.t(
            "explain.settlement",
            due=money(settlement.due_annual),
            withheld=money(settlement.withheld_annual),
            amount=("+ " if value > 0 else "− " if value < 0 else "") + money(abs(value)),
        )
        out.append(f"<p><b>{html.escape(text)}</b></p>")
        self.figures["settlement_annual"] = value
        return "".join(out)

    def retranslate(self) -> None:
        """Every text in the current language; the figures stay the same."""
        self.title.setText(self.t("page.explain"))
        self.intro.setText(self.t("explain.intro"))
        self.person_label.setText(self.t("explain.person"))
        self.person.setAccessibleName(self.t("explain.person").replace("&", ""))
        self.year_label.setText(self.t("explain.year"))
        self.what_label.setText(self.t("explain.what"))
        self.what.setAccessibleName(self.t("explain.what").replace("&", ""))
        if self.controller.projection is not None:
            self._fill_what(self.controller.projection)
        self.year.setAccessibleName(self.t("explain.year").replace("&", ""))
        self.browser.setAccessibleName(self.t("page.explain"))
        self.show_explanation()


def _person_rows(projection: HouseholdProjection, person_id: str) -> np.ndarray:
    """The indices of one person's calendar years in the projection's year arrays.

    Read from the arrays, not the table: the window does without pandas.
    """
    columns = projection.year_columns
    if not columns:
        return np.array([], dtype=np.int64)
    return np.flatnonzero(columns["person_id"] == person_id)
