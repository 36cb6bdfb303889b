"""What a projection hands the window, the CLI and the exports: typed, in dates and cents.

Every reader gets attributes, never string keys: a renamed figure is a type error, not a
``KeyError`` in a report. Money is integer cents throughout (the figures the law counts in
whole euros are whole multiples of 100); dates are ``datetime.date``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

import numpy as np

from pensioenchecker.money import CENTS
from pensioenchecker.rules.trace import Trace

if TYPE_CHECKING:
    import pandas as pd

    from pensioenchecker.model import Dossier


@dataclass(frozen=True)
class YearsAndMonths:
    """An age in whole years and months past the birthday (how the law states the AOW age)."""

    years: int
    months: int

    def total_months(self) -> int:
        """The age in months, the unit the what-if sliders and the law's table count in."""
        return self.years * 12 + self.months


@dataclass(frozen=True)
class ProjectedPerson:
    """One person of the household as the projection sees them: who, and when the AOW starts."""

    id: str
    name: str | None
    birth_date: dt.date
    household_status: str
    aow_date: dt.date
    aow_age: YearsAndMonths
    aow_age_known: bool

    @property
    def label(self) -> str:
        """The name to show; the id when the file gives no name."""
        return self.name or self.id

    def as_json(self) -> dict[str, Any]:
        """The person in ``project --json`` (dates as ISO text, the keys the format documents)."""
        return {
            "id": self.id,
            "name": self.name,
            "birth_date": self.birth_date.isoformat(),
            "household_status": self.household_status,
            "aow_date": self.aow_date.isoformat(),
            "aow_age": {"years": self.aow_age.years, "months": self.aow_age.months},
            "aow_age_known": self.aow_age_known,
        }


WHOLE_EUROS = (
    "taxable_income",
    "tax",
    "premiums",
    "tax_before_credits",
    "algemene_heffingskorting",
    "ouderenkorting",
    "alleenstaande_ouderenkorting",
    "arbeidskorting",
    "income_tax",
)
"""Figures the law counts in whole euros: held in cents here, always a multiple of 100."""


@dataclass(frozen=True)
class PersonFigures:
    """One person's annual view in one phase: a full year at the phase's rates, in cents.

    The fields between ``person_id`` and ``net_untaxed_monthly`` are the annual rule's
    (``rules.annual.AnnualNet``), in its order: that order is the JSON output's.
    """

    person_id: str
    gross: int
    taxable_income: int
    tax: int
    premiums: int
    tax_before_credits: int
    algemene_heffingskorting: int
    ouderenkorting: int
    alleenstaande_ouderenkorting: int
    arbeidskorting: int
    income_tax: int
    zvw: int
    net_annual: int
    net_monthly: int
    net_untaxed_monthly: int
    """Lines paid net of tax (``net_already``): what they pay per month, outside the tax."""

    def as_annual_rule_units(self) -> dict[str, str | int]:
        """The figures by name in the annual rule's units: the shape of ``project --json``.

        Whole euros where the law counts in them, cents otherwise, as the JSON has always had.
        """
        return {
            f.name: (
                getattr(self, f.name) // CENTS if f.name in WHOLE_EUROS else getattr(self, f.name)
            )
            for f in fields(self)
        }


@dataclass(frozen=True)
class PaymentLine:
    """One payment line of the timeline (a column of the monthly table)."""

    id: str
    person_id: str
    kind: str  # aow | old_age | partner | wage | benefit | other | lump_sum
    payer: str
    certain: bool


@dataclass(frozen=True)
class PhaseLine:
    """One payer's line in a phase: gross per month and what the payer withholds."""

    stream_id: str
    person_id: str
    kind: str
    payer: str
    gross_monthly: int
    holiday_accrual_monthly: int
    loonheffingskorting: bool
    loonheffing: int
    zvw: int
    net_withheld: int
    certain: bool
    holiday_pay: int = 0
    """The AOW holiday allowance of a year at this phase's rate, paid in May (cents)."""
    holiday_loonheffing: int = 0
    holiday_zvw: int = 0
    """What SVB withholds from that May payment (tabel bijzondere beloningen, Zvw)."""
    holiday_rate_status: str = ""
    """The status of the special rate used (final, derived); empty without holiday pay."""


@dataclass(frozen=True)
class DisposableFigures:
    """What the household has left to live on in a phase or a calendar year (cents).

    Net income minus health costs, plus zorgtoeslag and huurtoeslag, minus box 3 tax
    (Kamerstuk 36154, rows 7-12). A part is None where a figure of its year was not found:
    then nothing is shown, never an invented amount; ``disposable_*`` is None if any part is.
    """

    year: int
    """The calendar year whose rules were applied."""
    status: str
    """The least certain of the figures used: final, provisional, empirical, estimate, ..."""
    toetsingsinkomen: int
    """The household's income the toeslagen were tested on (box 1 income plus box 3 income)."""
    net_annual: int
    health_costs: int | None
    health_assumed: bool
    """True: the stated average (premium plus eigen risico); False: the household's own figure."""
    zorgtoeslag: int | None
    zorgtoeslag_monthly: int | None
    huurtoeslag: int | None
    huurtoeslag_monthly: int | None
    box3_tax: int | None
    disposable_annual: int | None
    disposable_monthly: int | None

    @property
    def known(self) -> bool:
        """Whether every part of the year was found (then the disposable income is shown)."""
        return self.disposable_annual is not None


@dataclass(frozen=True)
class Phase:
    """A stretch of time in which every line pays a steady amount."""

    start: dt.date
    end: dt.date | None  # the last day; None = to the horizon
    gross_monthly: int  # household, annual view: incl. holiday accrual, / 12
    net_monthly: int  # household, annual view
    net_monthly_withheld: int  # household, what lands in the account in a regular month
    lines: tuple[PhaseLine, ...]
    persons: tuple[PersonFigures, ...]  # per person: annual view figures
    disposable: DisposableFigures | None = None
    """Disposable income at the phase's rates (a full year of the phase, its start year's
    rules); None until the disposable step has run."""

    def figures_of(self, person_id: str) -> PersonFigures:
        """One person's figures in this phase (every person of the household has them)."""
        return next(p for p in self.persons if p.person_id == person_id)


@dataclass
class HouseholdProjection:
    """The result: phases, calendar years, the monthly table, assumptions and the trace."""

    dossier: Dossier
    as_of: dt.date
    persons: list[ProjectedPerson]
    phases: list[Phase]
    assumptions: list[str]
    lines: list[PaymentLine] = field(default_factory=list)
    traces: list[tuple[str, Trace, list[tuple[Any, ...]]]] = field(default_factory=list)
    year_columns: dict[str, np.ndarray] = field(default_factory=dict)
    """Calendar year x person: year, person_id, gross, aow, pension, wage, income_tax, zvw, net."""
    months: np.ndarray = field(default_factory=lambda: np.array([], dtype="datetime64[M]"))
    month_cash: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    """Gross cash per month (rows) and line (columns, in the order of ``lines``), cents."""
    year_disposable: dict[int, DisposableFigures] = field(default_factory=dict)
    """Disposable income of the household per calendar year (its actual cash, lump sums in
    full in their year)."""
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def years(self) -> pd.DataFrame:
        """The tidy calendar-year table (built on first use: pandas loads only when needed)."""
        if "years" not in self._frames:
            import pandas as pd

            columns: dict[str, np.ndarray | pd.Series[Any]] = dict(self.year_columns)
            columns["person_id"] = pd.Series(columns["person_id"], dtype=object)
            self._frames["years"] = pd.DataFrame(columns)
        return self._frames["years"]

    @property
    def monthly(self) -> pd.DataFrame:
        """Gross cash per calendar month (rows) and payment line (columns), cents."""
        if "monthly" not in self._frames:
            import pandas as pd

            index = pd.Index(self.months, name="month")
            names = pd.Index([line.id for line in self.lines], name="line", dtype=object)
            self._frames["monthly"] = pd.DataFrame(self.month_cash, index=index, columns=names)
        return self._frames["monthly"]

    def explain(self, what: str, key: tuple[Any, ...]) -> list[dict[str, Any]]:
        """The trace of one figure.

        ``what`` is 'phase' (key: phase index, person id), 'withholding' or 'holiday' (phase
        index, line id: a regular month, the May holiday payment), 'year' (calendar year,
        person id), 'disposable-phase' (phase index,) or 'disposable-year' (calendar year,).
        """
        for kind, trace, keys in self.traces:
            if kind == what and key in keys:
                return trace.explain(keys.index(key))
        raise KeyError(f"no trace for {what} {key}")


def household_years(projection: HouseholdProjection) -> pd.DataFrame:
    """Calendar-year totals for the household (all persons added up)."""
    frame = projection.years.drop(columns=["person_id"])
    return frame.groupby("year", as_index=False).sum()
