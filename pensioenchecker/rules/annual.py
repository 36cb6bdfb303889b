"""The annual view of net income: income tax for the year, Zvw, net per year and per month.

What Mijnpensioenoverzicht means by net (S60): the year's gross income including holiday pay,
box 1 tax with the credits the person is entitled to, minus the Zvw contribution, divided by 12.
Vectorised over people; one person is an array of one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pensioenchecker.i18n import N_
from pensioenchecker.money import (
    CENTS,
    IntArray,
    ceil_div,
    cents_times_rate_floor,
    cents_to_whole_euros_down,
    half_up_div,
)
from pensioenchecker.rules.aow import DateArray, date_parts
from pensioenchecker.rules.notes import note
from pensioenchecker.rules.tax import box1_tax_annual, tapered_credit, work_credit
from pensioenchecker.rules.trace import Trace
from pensioenchecker.rules.year import (
    GROUP_AOW_1946_OR_LATER,
    GROUP_AOW_BEFORE_1946,
    GROUP_BELOW_AOW,
    WorkCreditRule,
    YearRules,
)

BoolArray = npt.NDArray[np.bool_]

MONTHS_PER_YEAR = 12


FIRST_BIRTH_DATE_NARROW_BRACKET = np.datetime64("1946-01-01", "D")
"""People born before this date keep a wider first bracket at AOW age."""


def box1_group(at_aow_age: BoolArray, birth: DateArray) -> IntArray:
    """Box 1 schedule: below AOW age, or at AOW age (born 1946 or later / before 1946)."""
    before_1946 = np.asarray(birth, dtype="datetime64[D]") < FIRST_BIRTH_DATE_NARROW_BRACKET
    aow_group = np.where(before_1946, GROUP_AOW_BEFORE_1946, GROUP_AOW_1946_OR_LATER)
    return np.where(at_aow_age, aow_group, GROUP_BELOW_AOW).astype(np.int64)


def tax_group(
    year: int | IntArray, birth: DateArray, aow_date: DateArray
) -> tuple[IntArray, IntArray]:
    """Box 1 group per person for ``year`` and the month the AOW age is reached (0 if not then).

    Below AOW age if it is reached after the year; the AOW-age schedule if reached before it
    (wider first bracket for people born before 1946); in the year itself the AOW-age schedule
    with the month-dependent bracket-1 rate.
    """
    aow_year, aow_month, _ = date_parts(np.asarray(aow_date, dtype="datetime64[D]"))
    group = box1_group(aow_year <= year, birth)
    transition_month = np.where(aow_year == year, aow_month, 0)
    return group, transition_month.astype(np.int64)


@dataclass(frozen=True)
class AnnualNet:
    """The annual view for each person; euros where the law counts in whole euros."""

    gross: IntArray  # cents
    taxable_income: IntArray  # euros
    tax: IntArray  # euros, income-tax part
    premiums: IntArray  # euros, national insurance part
    tax_before_credits: IntArray  # euros
    algemene_heffingskorting: IntArray
    ouderenkorting: IntArray
    alleenstaande_ouderenkorting: IntArray
    arbeidskorting: IntArray
    income_tax: IntArray  # euros, after credits, never below zero
    zvw: IntArray  # cents
    net_annual: IntArray  # cents
    net_monthly: IntArray  # cents
    notices: tuple[str, ...]


def _blend(below: IntArray, at_aow: IntArray, transition_month: IntArray) -> IntArray:
    """Credit in the year the AOW age is reached: months before at the below-AOW amount.

    The Belastingdienst reduces the premium part pro rata in that year (S1, not fully
    transcribed); this weighting by months is our derived reading, rounded up to euros.
    """
    before = np.maximum(transition_month - 1, 0)
    blended = ceil_div(below * before + at_aow * (MONTHS_PER_YEAR - before), MONTHS_PER_YEAR)
    return np.where(transition_month > 0, blended, at_aow)


def _work_credit(rule: WorkCreditRule | None, income: IntArray) -> IntArray | None:
    return None if rule is None else work_credit(rule, income)


def annual_net(
    rules: YearRules,
    *,
    aow: IntArray,
    pension: IntArray,
    wage: IntArray,
    group: IntArray,
    transition_month: IntArray,
    single_aow: BoolArray,
    trace: Trace | None = None,
) -> AnnualNet:
    """Net income for the year from gross AOW, pension and wage (cents per year)."""
    aow = np.asarray(aow, dtype=np.int64)
    pension = np.asarray(pension, dtype=np.int64)
    wage = np.asarray(wage, dtype=np.int64)
    gross = aow + pension + wage
    income = cents_to_whole_euros_down(gross)
    tax, premiums = box1_tax_annual(rules, income, group, transition_month)
    before_credits = tax + premiums

    below = group == GROUP_BELOW_AOW
    in_transition = transition_month > 0
    aow_age_by_year_end = ~below
    ahk_below = tapered_credit(rules.ahk_below, income)
    ahk_aow = tapered_credit(rules.ahk_aow, income)
    ahk = np.where(below, ahk_below, _blend(ahk_below, ahk_aow, transition_month))
    ok = tapered_credit(rules.ouderenkorting, income) * aow_age_by_year_end
    aok = rules.alleenstaande_ouderenkorting * (aow_age_by_year_end & single_aow & (aow > 0))

    notices: list[str] = list(rules.notices)
    if in_transition.any():
        notices.append(
            note(
                "tax.aow_year",
                N_(
                    "in the year the AOW age is reached, bracket 1 uses the month-dependent rate "
                    "and the algemene heffingskorting (and arbeidskorting) are weighted by the "
                    "months before and after the AOW age (our derived reading of the pro-rata "
                    "reduction)"
                ),
            )
        )
    work_income = cents_to_whole_euros_down(wage)
    ak = np.zeros_like(income)
    works = work_income > 0
    if works.any():
        ak_below = _work_credit(rules.arbeidskorting_below, work_income)
        ak_aow = _work_credit(rules.arbeidskorting_aow, work_income)
        needs_below = works & (below | in_transition)
        needs_aow = works & ~below
        if ak_below is None and needs_below.any():
            notices.append(
                note(
                    "tax.arbeidskorting_below_missing",
                    N_(
                        "arbeidskorting below AOW age for {year} was not found; the tax is "
                        "computed without it and may be too high"
                    ),
                    year=str(rules.data_year),
                )
            )
        if ak_aow is None and needs_aow.any():
            notices.append(
                note(
                    "tax.arbeidskorting_aow_missing",
                    N_(
                        "arbeidskorting at AOW age for {year} was not found; the tax is computed "
                        "without it and may be too high"
                    ),
                    year=str(rules.data_year),
                )
            )
        zero = np.zeros_like(income)
        ak_b = zero if ak_below is None else ak_below
        ak_a = zero if ak_aow is None else ak_aow
        both_known = ak_below is not None and ak_aow is not None
        in_year = _blend(ak_b, ak_a, transition_month) if both_known else zero
        ak = np.where(below, ak_b, np.where(in_transition, in_year, ak_a)) * works

    credits = ahk + ok + aok + ak
    income_tax = np.maximum(before_credits - credits, 0)
    zvw_base = np.minimum(aow + pension, np.maximum(rules.zvw_max_income - wage, 0))
    zvw = cents_times_rate_floor(zvw_base, rules.zvw_rate)
    net_annual = gross - income_tax * CENTS - zvw
    net_monthly = half_up_div(net_annual, MONTHS_PER_YEAR)
    if trace is not None:
        _record(trace, rules, locals())
    return AnnualNet(
        gross,
        income,
        tax,
        premiums,
        before_credits,
        ahk,
        ok,
        aok,
        ak,
        income_tax,
        zvw,
        net_annual,
        net_monthly,
        tuple(dict.fromkeys(notices)),
    )


def _record(trace: Trace, rules: YearRules, v: dict[str, object]) -> None:
    """Trace the annual computation step by step (one entry per rule)."""
    r = rules.resolved
    trace.add(
        "taxable income (box 1)",
        "Wet IB 2001, art. 2.10: income in whole euros, rounded down",
        {"aow": v["aow"], "pension": v["pension"], "wage": v["wage"]},
        {"gross": v["gross"], "taxable_income_euros": v["income"]},
    )
    trace.add(
        "box 1 tax and premiums",
        "Wet IB 2001, art. 2.10; Wfsv: premiums volksverzekeringen",
        {
            "taxable_income_euros": v["income"],
            "group": v["group"],
            "month_aow_age_reached": v["transition_month"],
        },
        {
            "tax_euros": v["tax"],
            "premiums_euros": v["premiums"],
            "tax_before_credits_euros": v["before_credits"],
        },
        (
            r["box1.below_aow"],
            r["box1.aow_born_1946_or_later"],
            r["box1.aow_born_before_1946"],
            r["box1.tax_rate_bracket1"],
            r["box1.transition_month_rates"],
            r["premiums.aow"],
            r["premiums.anw"],
            r["premiums.wlz"],
        ),
        unit="euros",
    )
    trace.add(
        "algemene heffingskorting",
        "Wet IB 2001, art. 8.10",
        {"taxable_income_euros": v["income"]},
        {"algemene_heffingskorting_euros": v["ahk"]},
        (r["credits.ahk_below_aow"], r["credits.ahk_aow"]),
        unit="euros",
    )
    trace.add(
        "ouderenkorting",
        "Wet IB 2001, art. 8.17",
        {"taxable_income_euros": v["income"]},
        {"ouderenkorting_euros": v["ok"]},
        (r["credits.ouderenkorting"],),
        unit="euros",
    )
    trace.add(
        "alleenstaande ouderenkorting",
        "Wet IB 2001, art. 8.18",
        {"single_aow": v["single_aow"]},
        {"alleenstaande_ouderenkorting_euros": v["aok"]},
        (r["credits.alleenstaande_ouderenkorting"],),
        unit="euros",
    )
    trace.add(
        "arbeidskorting",
        "Wet IB 2001, art. 8.11",
        {"wage": v["wage"]},
        {"arbeidskorting_euros": v["ak"]},
        (r["credits.arbeidskorting_below_aow"], r["credits.arbeidskorting_aow"]),
        unit="euros",
    )
    trace.add(
        "income tax after credits",
        "Wet IB 2001, art. 8.1: credits reduce tax to zero at most",
        {"tax_before_credits_euros": v["before_credits"], "credits_euros": v["credits"]},
        {"income_tax_euros": v["income_tax"]},
        unit="euros",
    )
    trace.add(
        "inkomensafhankelijke bijdrage Zvw",
        "Zvw, art. 43-45: rate on AOW and pension up "
        "to the maximum, less what the wage already fills",
        {"aow": v["aow"], "pension": v["pension"], "wage": v["wage"]},
        {"zvw": v["zvw"]},
        (r["zvw.rate"], r["zvw.max_income"]),
    )
    trace.add(
        "net income",
        "gross - income tax - Zvw; per month: / 12, half up to the cent",
        {"gross": v["gross"], "income_tax_euros": v["income_tax"], "zvw": v["zvw"]},
        {"net_annual": v["net_annual"], "net_monthly": v["net_monthly"]},
    )
