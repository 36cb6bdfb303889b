"""Monthly withholding (loonheffing + Zvw) by one payer, per the Rekenvoorschriften.

Each payer withholds as if its payment were the person's only income: table wage = gross
rounded down to the 4,50 step; annualised x 12; tax per bracket rounded down; credits (with
loonheffingskorting) rounded up when tapering; the year's tax / 12 half up to the cent. Green
table (pension, AOW, benefits): no arbeidskorting, Zvw withheld. White table (wage):
arbeidskorting, and the employer pays the Zvw levy, so nothing is withheld for it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pensioenchecker.i18n import N_
from pensioenchecker.money import (
    CENTS,
    IntArray,
    cents_times_rate_floor,
    half_up_div,
    round_down_to_step,
)
from pensioenchecker.rules.notes import note
from pensioenchecker.rules.tax import box1_tax_withholding, tapered_credit, work_credit
from pensioenchecker.rules.trace import Trace
from pensioenchecker.rules.year import GROUP_BELOW_AOW, YearRules

BoolArray = npt.NDArray[np.bool_]

TABLE_STEP_MONTH_CENTS = 450
"""The monthly tables advance in steps of 4,50 (S22)."""

MONTHS_PER_YEAR = 12


@dataclass(frozen=True)
class Withholding:
    """What one payer withholds per month, all in cents except the annual figures (euros)."""

    table_wage: IntArray
    annual_wage: IntArray
    tax_without_credits: IntArray  # euros per year
    algemene_heffingskorting: IntArray
    ouderenkorting: IntArray
    alleenstaande_ouderenkorting: IntArray
    arbeidskorting: IntArray
    loonheffing: IntArray
    zvw: IntArray
    net: IntArray
    notices: tuple[str, ...]


def monthly_withholding(
    rules: YearRules,
    gross_monthly: IntArray,
    group: IntArray,
    loonheffingskorting: BoolArray,
    alleenstaande_ouderenkorting: BoolArray,
    white_table: BoolArray,
    trace: Trace | None = None,
) -> Withholding:
    """Loonheffing and Zvw withheld on a monthly payment (cents), vectorised over payments."""
    gross = np.asarray(gross_monthly, dtype=np.int64)
    at_aow_age = group != GROUP_BELOW_AOW
    table_wage = round_down_to_step(gross, TABLE_STEP_MONTH_CENTS)
    annual = table_wage * MONTHS_PER_YEAR // CENTS  # a multiple of 54 euros: exact
    tax = box1_tax_withholding(rules, annual, group)

    lhk = np.asarray(loonheffingskorting, dtype=bool)
    ahk = (
        np.where(
            at_aow_age,
            tapered_credit(rules.ahk_aow, annual),
            tapered_credit(rules.ahk_below, annual),
        )
        * lhk
    )
    ok = tapered_credit(rules.ouderenkorting, annual) * (lhk & at_aow_age)
    aok = rules.alleenstaande_ouderenkorting * (lhk & at_aow_age & alleenstaande_ouderenkorting)
    notices: list[str] = []
    ak = np.zeros_like(annual)
    works = lhk & np.asarray(white_table, dtype=bool)
    for mask, rule, label in (
        (
            works & ~at_aow_age,
            rules.arbeidskorting_below,
            N_(
                "arbeidskorting below AOW age in {year} was not found; withholding is computed "
                "without it"
            ),
        ),
        (
            works & at_aow_age,
            rules.arbeidskorting_aow,
            N_(
                "arbeidskorting at AOW age in {year} was not found; withholding is computed "
                "without it"
            ),
        ),
    ):
        if not mask.any():
            continue
        if rule is None:
            notices.append(
                note(
                    "withholding.arbeidskorting_missing",
                    label,
                    year=str(rules.data_year),
                )
            )
        else:
            ak = np.where(mask, work_credit(rule, annual), ak)
    after_credits = np.where(lhk, np.maximum(tax - ahk - ok - aok - ak, 0), tax)
    loonheffing = half_up_div(after_credits * CENTS, MONTHS_PER_YEAR)
    zvw_base = np.minimum(gross, rules.zvw_max_monthly)
    zvw = np.where(white_table, 0, cents_times_rate_floor(zvw_base, rules.zvw_rate))
    net = gross - loonheffing - zvw
    if trace is not None:
        params = tuple(
            rules.resolved[n]
            for n in (
                "box1.below_aow",
                "box1.aow_born_1946_or_later",
                "box1.aow_born_before_1946",
                "credits.ahk_below_aow",
                "credits.ahk_aow",
                "credits.ouderenkorting",
                "credits.alleenstaande_ouderenkorting",
                "zvw.rate",
                "zvw.max_income",
            )
        )
        trace.add(
            "monthly withholding (loonheffing)",
            "Rekenvoorschriften voor de geautomatiseerde loonadministratie",
            {
                "gross_monthly": gross,
                "group": group,
                "loonheffingskorting": lhk,
                "white_table": np.asarray(white_table),
            },
            {
                "table_wage": table_wage,
                "annual_table_wage_euros": annual,
                "tax_without_credits_euros": tax,
                "algemene_heffingskorting_euros": ahk,
                "ouderenkorting_euros": ok,
                "alleenstaande_ouderenkorting_euros": aok,
                "arbeidskorting_euros": ak,
                "loonheffing": loonheffing,
                "zvw": zvw,
                "net": net,
            },
            params,
        )
    return Withholding(
        table_wage, annual, tax, ahk, ok, aok, ak, loonheffing, zvw, net, tuple(notices)
    )


@dataclass(frozen=True)
class HolidayWithholding:
    """What SVB keeps back from the AOW's May holiday payment (cents)."""

    loonheffing: IntArray
    zvw: IntArray
    notices: tuple[str, ...]


def holiday_pay_withholding(
    rules: YearRules,
    holiday_pay: IntArray,
    monthly_gross: IntArray,
    trace: Trace | None = None,
) -> HolidayWithholding:
    """Loonheffing and Zvw on the May holiday payment of the AOW, vectorised over payments.

    SVB withholds at the tabel bijzondere beloningen rate without loonheffingskorting (S16):
    for an AOW-only jaarloon, which stays in the first bracket, the AOW-age bracket-1 rate.
    Both amounts are rounded down to the cent (the table's footnote: in the person's favour);
    the Zvw counts only up to what the year's maximum leaves after twelve regular months.
    """
    pay = np.asarray(holiday_pay, dtype=np.int64)
    regular = np.asarray(monthly_gross, dtype=np.int64) * MONTHS_PER_YEAR
    jaarloon = (regular + pay) // CENTS
    notices: tuple[str, ...] = ()
    if (jaarloon > rules.holiday_pay_rate_upto).any():  # the law's AOW never gets this high
        notices = (
            note(
                "withholding.holiday_above_bracket",
                N_(
                    "an AOW jaarloon above {limit} euros lies outside the first bracket of the "
                    "tabel bijzondere beloningen; its first-bracket rate is used anyway"
                ),
                limit=str(rules.holiday_pay_rate_upto),
            ),
        )
    loonheffing = cents_times_rate_floor(pay, rules.holiday_pay_rate)
    zvw_room = np.maximum(rules.zvw_max_income - regular, 0)
    zvw = cents_times_rate_floor(np.minimum(pay, zvw_room), rules.zvw_rate)
    if trace is not None:
        trace.add(
            "holiday pay withholding (bijzondere beloning)",
            "Tabel bijzondere beloningen (zonder loonheffingskorting); Zvw",
            {"holiday_pay": pay, "jaarloon_euros": jaarloon},
            {"loonheffing": loonheffing, "zvw": zvw, "net": pay - loonheffing - zvw},
            tuple(
                rules.resolved[n]
                for n in ("holiday_pay.aow_special_rate", "zvw.rate", "zvw.max_income")
                if n in rules.resolved
            ),
        )
    return HolidayWithholding(loonheffing, zvw, notices)
