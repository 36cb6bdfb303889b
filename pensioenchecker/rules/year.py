"""The figures of one calendar year, turned into integers ready for vectorised rules.

``year_rules(parameters, year)`` resolves every parameter once per year (cached), converts euros
to cents or whole euros and rates to 1/100 000ths, checks that the bracket rates add up from
their tax and premium parts, and keeps the resolved values so a trace can cite them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np

from pensioenchecker.errors import ParameterError
from pensioenchecker.i18n import N_
from pensioenchecker.money import IntArray, euros_from_decimal, rate_from_decimal
from pensioenchecker.rules.notes import note
from pensioenchecker.rules.parameters import (
    AowAmounts,
    BracketSchedule,
    Parameters,
    Resolved,
    TaperedCredit,
    WorkCredit,
)

NO_LIMIT = 10**12
"""Upper bound of the open top bracket, in whole euros."""

GROUP_BELOW_AOW = 0
GROUP_AOW_1946_OR_LATER = 1
GROUP_AOW_BEFORE_1946 = 2
GROUP_NAMES = ("below_aow", "aow_born_1946_or_later", "aow_born_before_1946")


@dataclass(frozen=True)
class Credit:
    """A tapered credit in whole euros and a rate in 1/100 000ths."""

    max: int
    phaseout_start: int
    phaseout_rate: int
    nil_above: int


@dataclass(frozen=True)
class WorkCreditRule:
    """Arbeidskorting: build-up steps (upper bound, rate, cumulative cap) and a taper."""

    uppers: tuple[int, ...]
    rates: tuple[int, ...]
    caps: tuple[int, ...]
    phaseout_start: int
    phaseout_rate: int
    nil_above: int


@dataclass(frozen=True)
class AowMonthly:
    """Full AOW per month in cents for one half-year: gross and holiday accrual."""

    since: dt.date
    single_gross: int
    single_accrual: int
    couple_gross: int
    couple_accrual: int


@dataclass(frozen=True)
class YearRules:
    """Everything the rules need for one calendar year, as exact integers.

    Bracket segments are split at the premium boundary, so segment 0 is the premium range and
    each group's row has the same number of segments (zero-width ones pad shorter schedules).
    """

    year: int
    data_year: int
    segment_uppers: IntArray  # (3, K) whole euros
    segment_rates: IntArray  # (3, K) combined rate per segment
    premium_upto: IntArray  # (3,) whole euros
    premium_rate: IntArray  # (3,) premium part of the segment-0 rate
    tax_rate_bracket1: int
    aow_premium_rate: int
    transition_rates: IntArray  # (13,) index = month the AOW age is reached; [0] unused
    ahk_below: Credit
    ahk_aow: Credit
    ouderenkorting: Credit
    alleenstaande_ouderenkorting: int
    arbeidskorting_below: WorkCreditRule | None
    arbeidskorting_aow: WorkCreditRule | None
    zvw_rate: int
    zvw_max_income: int  # cents per year
    aow_halves: tuple[AowMonthly, AowMonthly]
    aow_share_per_year: int
    holiday_pay_rate: int
    """Tabel bijzondere beloningen without credits for an AOW-only jaarloon (1/100 000ths)."""
    holiday_pay_rate_upto: int  # whole euros: the highest jaarloon that rate holds for
    holiday_pay_status: str  # final or derived: said with every settlement that uses it
    resolved: dict[str, Resolved] = field(default_factory=dict)
    notices: tuple[str, ...] = ()

    def aow_for_month(self, month: int) -> AowMonthly:
        """The AOW amounts that hold in a month of this year (January or July table)."""
        return self.aow_halves[1] if month >= 7 else self.aow_halves[0]

    @property
    def zvw_max_monthly(self) -> int:
        """Monthly maximum contribution income in cents: the annual one / 12, down to the cent."""
        return self.zvw_max_income // 12


def _segments(schedule: BracketSchedule) -> tuple[list[int], list[int]]:
    """Split a schedule's brackets at the premium boundary into (uppers, combined rates)."""
    uppers: list[int] = []
    rates: list[int] = []
    for bracket in schedule.brackets:
        upper = NO_LIMIT if bracket.upto is None else bracket.upto
        rate = rate_from_decimal(bracket.rate)
        lower = uppers[-1] if uppers else 0
        if lower < schedule.premium_upto < upper:
            uppers.append(schedule.premium_upto)
            rates.append(rate)
        uppers.append(upper)
        rates.append(rate)
    return uppers, rates


def _credit(value: TaperedCredit) -> Credit:
    return Credit(
        value.max, value.phaseout_start, rate_from_decimal(value.phaseout_rate), value.nil_above
    )


def _work_credit(value: WorkCredit | None) -> WorkCreditRule | None:
    if value is None:
        return None
    return WorkCreditRule(
        uppers=tuple(step.upto for step in value.build_up),
        rates=tuple(rate_from_decimal(step.rate) for step in value.build_up),
        caps=tuple(step.cap for step in value.build_up),
        phaseout_start=value.phaseout_start,
        phaseout_rate=rate_from_decimal(value.phaseout_rate),
        nil_above=value.nil_above,
    )


def transition_rate_rule(aow_age_rate: int, aow_premium: int, month: int) -> int:
    """Bracket-1 rate in the year the AOW age is reached in ``month`` (derived rule).

    AOW-age rate + AOW premium x (month - 1) / 12, truncated to two decimals of a percent
    (multiples of 10 in 1/100 000ths); reproduces all twelve values of the 2025 table (S1).
    """
    exact_times_12 = aow_age_rate * 12 + aow_premium * (month - 1)
    return (exact_times_12 // 120) * 10


def _holiday_pay(
    parameters: Parameters,
    get: Callable[[str], Resolved],
    aow_age_rate: int,
    aow_age_brackets: BracketSchedule,
    notices: list[str],
) -> tuple[int, int, str]:
    """The special rate on the AOW's May holiday payment, its jaarloon limit and its status.

    A rule pack made before the figure was added lacks it; the table's own rule (the rate of the
    bracket holding the jaarloon) then gives the same percentage from the box-1 brackets.
    """
    if "holiday_pay.aow_special_rate" in parameters.definitions:
        rate = get("holiday_pay.aow_special_rate")
        upto = get("holiday_pay.aow_special_rate_upto")
        return rate_from_decimal(rate.value), int(upto.value), rate.status
    first = aow_age_brackets.brackets[0].upto
    notices.append(
        note(
            "holiday_pay.rate_missing",
            N_(
                "holiday_pay.aow_special_rate is not in these figures; the AOW-age bracket-1 rate "
                "is used for the holiday payment (the tabel bijzondere beloningen without credits)"
            ),
        )
    )
    return aow_age_rate, int(first) if first is not None else NO_LIMIT, "derived"


def build_year_rules(parameters: Parameters, year: int) -> YearRules:
    """Resolve and convert the figures of ``year`` (or of the nearest covered year)."""
    data_year, year_note = parameters.data_year(year)
    jan = dt.date(data_year, 1, 1)
    jul = dt.date(data_year, 7, 1)
    resolved: dict[str, Resolved] = {}
    notices: list[str] = list(parameters.notices) + ([year_note] if year_note else [])

    def get(name: str, on: dt.date = jan, quiet: bool = False) -> Resolved:
        value = parameters.lookup(name, on)
        resolved[name if on == jan else f"{name}@{on.isoformat()}"] = value
        if value.fallback and not quiet and value.fallback not in notices:
            notices.append(value.fallback)
        return value

    groups = [get(f"box1.{g}").value for g in GROUP_NAMES]
    split = [_segments(s) for s in groups]
    width = max(len(u) for u, _ in split)
    uppers = np.array([u + [u[-1]] * (width - len(u)) for u, _ in split], dtype=np.int64)
    rates = np.array([r + [r[-1]] * (width - len(r)) for _, r in split], dtype=np.int64)
    premium_upto = np.array([s.premium_upto for s in groups], dtype=np.int64)

    tax_b1 = rate_from_decimal(get("box1.tax_rate_bracket1").value)
    aow_p = rate_from_decimal(get("premiums.aow").value)
    anw_p = rate_from_decimal(get("premiums.anw").value)
    wlz_p = rate_from_decimal(get("premiums.wlz").value)
    premium_rate = np.array([aow_p + anw_p + wlz_p, anw_p + wlz_p, anw_p + wlz_p], dtype=np.int64)
    for g, name in enumerate(GROUP_NAMES):
        if uppers[g, 0] != premium_upto[g]:
            raise ParameterError(
                "the premium boundary must not lie above the first bracket",
                str(parameters.directory / "box1.yaml"),
                f"box1.{name}",
            )
        if rates[g, 0] != tax_b1 + premium_rate[g]:
            raise ParameterError(
                f"bracket-1 rate {rates[g, 0]} is not the tax part {tax_b1} plus premiums "
                f"{premium_rate[g]} (per 100 000)",
                str(parameters.directory / "box1.yaml"),
                f"box1.{name}.{data_year}",
            )

    month_rates = get("box1.transition_month_rates")
    aow_age_rate = int(rates[GROUP_AOW_1946_OR_LATER, 0])
    transition = np.zeros(13, dtype=np.int64)
    for month in range(1, 13):
        if month_rates.value == "rule":
            transition[month] = transition_rate_rule(aow_age_rate, aow_p, month)
        else:
            transition[month] = rate_from_decimal(month_rates.value[month])

    def aow_half(on: dt.date) -> AowMonthly:
        found = get("aow.monthly", on, quiet=True)  # reported by the AOW month table
        amounts: AowAmounts = found.value
        return AowMonthly(
            since=on,
            single_gross=euros_from_decimal(amounts.single.gross),
            single_accrual=euros_from_decimal(amounts.single.holiday_accrual),
            couple_gross=euros_from_decimal(amounts.couple.gross),
            couple_accrual=euros_from_decimal(amounts.couple.holiday_accrual),
        )

    # The work credit is looked up quietly: its absence matters only to people who still work,
    # and the income-tax rule says so for them.
    ak_below = resolved["credits.arbeidskorting_below_aow"] = parameters.lookup(
        "credits.arbeidskorting_below_aow", jan
    )
    ak_aow = resolved["credits.arbeidskorting_aow"] = parameters.lookup(
        "credits.arbeidskorting_aow", jan
    )
    zvw_max: Decimal = get("zvw.max_income").value
    holiday_rate, holiday_upto, holiday_status = _holiday_pay(
        parameters, get, aow_age_rate, groups[GROUP_AOW_1946_OR_LATER], notices
    )
    return YearRules(
        year=year,
        data_year=data_year,
        segment_uppers=uppers,
        segment_rates=rates,
        premium_upto=premium_upto,
        premium_rate=premium_rate,
        tax_rate_bracket1=tax_b1,
        aow_premium_rate=aow_p,
        transition_rates=transition,
        ahk_below=_credit(get("credits.ahk_below_aow").value),
        ahk_aow=_credit(get("credits.ahk_aow").value),
        ouderenkorting=_credit(get("credits.ouderenkorting").value),
        alleenstaande_ouderenkorting=int(get("credits.alleenstaande_ouderenkorting").value),
        arbeidskorting_below=_work_credit(ak_below.value),
        arbeidskorting_aow=_work_credit(ak_aow.value),
        zvw_rate=rate_from_decimal(get("zvw.rate").value),
        zvw_max_income=euros_from_decimal(zvw_max),
        aow_halves=(aow_half(jan), aow_half(jul)),
        aow_share_per_year=rate_from_decimal(get("aow.insured_share_per_year").value),
        holiday_pay_rate=holiday_rate,
        holiday_pay_rate_upto=holiday_upto,
        holiday_pay_status=holiday_status,
        resolved=resolved,
        notices=tuple(notices),
    )


class RulesBook:
    """Year rules per calendar year, built once each; the one entry point the engine uses."""

    def __init__(self, parameters: Parameters) -> None:
        self.parameters = parameters
        self._years: dict[int, YearRules] = {}
        self._aow_tables: dict[tuple[int, int], AowMonthTable] = {}

    def year(self, year: int) -> YearRules:
        """The rules of one calendar year."""
        rules = self._years.get(year)
        if rules is None:
            rules = self._years[year] = build_year_rules(self.parameters, year)
        return rules

    def data_year(self, year: int) -> int:
        """The covered year whose figures serve ``year``."""
        return self.parameters.data_year(year)[0]

    def aow_month_table(self, first_year: int, last_year: int) -> AowMonthTable:
        """AOW amounts per month for a span of years, built once per span."""
        key = (first_year, last_year)
        table = self._aow_tables.get(key)
        if table is None:
            table = self._aow_tables[key] = build_aow_month_table(self, first_year, last_year)
        return table


@dataclass(frozen=True)
class AowMonthTable:
    """Full AOW per calendar month (cents) over a span of months, for fast lookup by index.

    Index 0 is ``first_month`` (months since 1970-01). Months outside the covered years carry the
    amounts of the nearest covered year; ``notices`` says so.
    """

    first_month: int
    single_gross: IntArray
    single_accrual: IntArray
    couple_gross: IntArray
    couple_accrual: IntArray
    notices: tuple[str, ...]


def build_aow_month_table(book: RulesBook, first_year: int, last_year: int) -> AowMonthTable:
    """The AOW amounts for every month of ``first_year``..``last_year``."""
    covered = book.parameters.years_covered
    months = np.arange((first_year - 1970) * 12, (last_year - 1970 + 1) * 12, dtype=np.int64)
    years = months // 12 + 1970
    columns = {
        name: np.zeros(len(months), dtype=np.int64)
        for name in ("single_gross", "single_accrual", "couple_gross", "couple_accrual")
    }
    notices: list[str] = list(book.parameters.notices)
    for data_year in covered:
        rows_year = np.clip(years, covered[0], covered[-1]) == data_year
        rules = book.year(data_year)
        for half, amounts in enumerate(rules.aow_halves):
            rows = rows_year & ((months % 12 >= 6) == bool(half))
            columns["single_gross"][rows] = amounts.single_gross
            columns["single_accrual"][rows] = amounts.single_accrual
            columns["couple_gross"][rows] = amounts.couple_gross
            columns["couple_accrual"][rows] = amounts.couple_accrual
        if first_year <= data_year <= last_year or (
            data_year == covered[-1] and last_year > data_year
        ):
            for name, value in rules.resolved.items():
                if (
                    name.startswith("aow.monthly")
                    and value.fallback
                    and value.fallback not in notices
                ):
                    notices.append(value.fallback)
    if last_year > covered[-1]:
        notices.append(
            note(
                "aow.after_last_year",
                N_(
                    "AOW amounts after {year} are kept at the latest known level (no indexation "
                    "assumed)"
                ),
                year=str(covered[-1]),
            )
        )
    if first_year < covered[0]:
        notices.append(
            note(
                "aow.before_first_year",
                N_("AOW amounts before {year} are taken at the {year} level"),
                year=str(covered[0]),
            )
        )
    return AowMonthTable(int(months[0]), notices=tuple(notices), **columns)
