"""Box 1 tax and the tax credits, vectorised over people (numpy arrays, whole euros).

Valid 2024-2026 with the figures in ``params/``; rates and boundaries come from ``YearRules``.
Every function takes arrays and uses masks, never a Python ``if`` on values, so one person and
a million share the same code.
"""

from __future__ import annotations

import numpy as np

from pensioenchecker.money import RATE_SCALE, IntArray, ceil_div, checked_product, floor_div
from pensioenchecker.rules.year import Credit, WorkCreditRule, YearRules


def _segment_parts(rules: YearRules, income: IntArray, group: IntArray) -> IntArray:
    """Income (whole euros) falling in each bracket segment of each person's group, shape (n, K)."""
    uppers = rules.segment_uppers[group]
    lowers = np.concatenate([np.zeros((len(group), 1), dtype=np.int64), uppers[:, :-1]], axis=1)
    return np.asarray(np.clip(income[:, None] - lowers, 0, uppers - lowers), dtype=np.int64)


def _segment_rates(rules: YearRules, group: IntArray, transition_month: IntArray) -> IntArray:
    """Combined rate per segment, with the month-dependent bracket-1 rate in the AOW year."""
    rates = rules.segment_rates[group].copy()
    in_transition = transition_month > 0
    rates[:, 0] = np.where(in_transition, rules.transition_rates[transition_month], rates[:, 0])
    return rates


def premium_rate_bracket1(
    rules: YearRules, group: IntArray, transition_month: IntArray
) -> IntArray:
    """Premium part of the bracket-1 rate (national insurance), per person.

    In the year the AOW age is reached it is the month rate minus the tax part, i.e. the AOW
    premium counts for the months before the AOW age.
    """
    transition_premium = rules.transition_rates[transition_month] - rules.tax_rate_bracket1
    return np.where(transition_month > 0, transition_premium, rules.premium_rate[group])


def box1_tax_annual(
    rules: YearRules, income: IntArray, group: IntArray, transition_month: IntArray
) -> tuple[IntArray, IntArray]:
    """Annual income tax and premiums before credits, whole euros: (tax, premiums).

    As the Belastingdienst computes the assessment: the tax per bracket rounded down, and the
    premiums taken together over the premium range and rounded down once (OLA 2025 cases).
    """
    parts = _segment_parts(rules, income, group)
    rates = _segment_rates(rules, group, transition_month)
    premium = premium_rate_bracket1(rules, group, transition_month)
    tax_rates = rates.copy()
    tax_rates[:, 0] -= premium
    tax = floor_div(checked_product(parts, tax_rates), RATE_SCALE).sum(axis=1)
    premium_base = np.minimum(income, rules.premium_upto[group])
    premiums = floor_div(premium_base * premium, RATE_SCALE)
    return tax, premiums


def box1_tax_withholding(rules: YearRules, annual_wage: IntArray, group: IntArray) -> IntArray:
    """Tax and premiums on an annualised table wage, whole euros (Rekenvoorschriften).

    Each bracket at its combined rate, rounded down to whole euros per bracket, then summed.
    """
    parts = _segment_parts(rules, annual_wage, group)
    rates = rules.segment_rates[group]
    return np.asarray(
        floor_div(checked_product(parts, rates), RATE_SCALE).sum(axis=1), dtype=np.int64
    )


def tapered_credit(credit: Credit, income: IntArray) -> IntArray:
    """A credit that tapers with income, whole euros.

    The maximum up to and including the phase-out start; then max - rate x excess, rounded UP
    to whole euros, never below zero; nil above ``nil_above`` (Rekenvoorschriften, S22).
    """
    excess = np.maximum(income - credit.phaseout_start, 0)
    tapered = ceil_div(credit.max * RATE_SCALE - credit.phaseout_rate * excess, RATE_SCALE)
    return np.where(income > credit.nil_above, 0, np.maximum(tapered, 0))


def work_credit(rule: WorkCreditRule, work_income: IntArray) -> IntArray:
    """Arbeidskorting, whole euros, in the published table's form (Tabel arbeidskorting, S20/S22).

    In each build-up step: the previous step's maximum + rate x (income - the step's lower
    bound), never above this step's maximum (the Rekenvoorschriften's cumulative caps); above
    the last step: maximum - taper rate x excess. Rounded UP to whole euros; nil above
    ``nil_above``. Products are exact (whole euros x five-decimal rates).
    """
    lowers = (0, *rule.uppers[:-1])
    bases = (0, *rule.caps[:-1])
    credit = np.zeros_like(work_income)
    for lower, upper, rate, base, cap in zip(
        lowers, rule.uppers, rule.rates, bases, rule.caps, strict=True
    ):
        in_step = (work_income > lower) & (work_income <= upper)
        step = np.minimum(base * RATE_SCALE + rate * (work_income - lower), cap * RATE_SCALE)
        credit = np.where(in_step, step, credit)
    taper = rule.caps[-1] * RATE_SCALE - rule.phaseout_rate * (work_income - rule.phaseout_start)
    credit = np.where(work_income > rule.uppers[-1], taper, credit)
    credit = np.maximum(ceil_div(credit, RATE_SCALE), 0)
    return np.where((work_income > rule.nil_above) | (work_income <= 0), 0, credit)
