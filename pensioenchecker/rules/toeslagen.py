"""Zorgtoeslag and huurtoeslag for a calendar year, vectorised over households.

One element per household; amounts are int64 cents. Both toeslagen are tested on the household's
toetsingsinkomen of the whole calendar year (Awir art. 7-8: the verzamelinkomen, joint with a
toeslagpartner, a lump sum in full in its year, box 3 income included), not on net income.
Where a figure for the year was not found, ``known`` is False for the households concerned, the
amounts there are 0 and must not be shown, and the notices say which figure is missing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pensioenchecker.i18n import N_
from pensioenchecker.money import (
    CENTS,
    RATE_SCALE,
    IntArray,
    cents_to_whole_euros_down,
    floor_div,
    half_up_div,
)
from pensioenchecker.rules.figures import YearFigures, weakest
from pensioenchecker.rules.notes import note
from pensioenchecker.rules.parameters import Parameters, Status
from pensioenchecker.rules.trace import Trace

BoolArray = npt.NDArray[np.bool_]

MONTHS = 12
PER_CENT_DIVISOR = RATE_SCALE // CENTS
"""A euro amount times a rate (1/100 000ths) is in 1/100 000 euro; this many make a cent."""

AOW_TYPES_UNTIL = 2024
"""Until 2024 AOW households had their own huurtoeslag parameters and types (four in all)."""
LINEAR_FROM = 2026
"""From 2026 a fixed basishuur with a linear income reduction replaced the quadratic normhuur."""

NORMHUUR_INCOME_CAP = 100_000
"""Euros of rekeninkomen above which the quadratic normhuur is not evaluated (it keeps int64
exact); the normhuur there is far above the maximale huurgrens, so the toeslag is nil."""

MONTHLY_ADVANCE_NOTE = note(
    "zorgtoeslag.monthly_advance",
    N_(
        "zorgtoeslag per month is the Dienst Toeslagen's advance: the rounded annual amount / 12, "
        "rounded down to whole euros (its practice; no legal basis found)"
    ),
)


def _array(value: IntArray | int | None, n: int) -> IntArray:
    return np.broadcast_to(np.asarray(0 if value is None else value, dtype=np.int64), (n,)).copy()


def _flags(value: BoolArray | bool | None, n: int, default: bool) -> BoolArray:
    raw = default if value is None else value
    return np.broadcast_to(np.asarray(raw, dtype=bool), (n,)).copy()


def toetsingsinkomen_euros(income: IntArray) -> IntArray:
    """The toetsingsinkomen in whole euros (rounded down, never below zero)."""
    return np.maximum(cents_to_whole_euros_down(np.asarray(income, dtype=np.int64)), 0)


def round_annual_toeslag(amount: IntArray, minimum_euros: int) -> IntArray:
    """Annual toeslag in whole euros (as cents).

    Half up to euros (Awir art. 14 lid 4); nil below the minimum (art. 14 lid 5).
    """
    euros = half_up_div(amount, CENTS)
    return np.where(euros < minimum_euros, 0, euros) * CENTS


def monthly_advance(annual: IntArray) -> IntArray:
    """Monthly amount as paid: annual whole euros / 12, rounded down to whole euros (cents)."""
    return floor_div(floor_div(annual, CENTS), MONTHS) * CENTS


@dataclass(frozen=True)
class Zorgtoeslag:
    """Zorgtoeslag per household; amounts in cents. Where ``known`` is False: not known."""

    known: BoolArray
    normpremie: IntArray
    entitlement: IntArray
    """Annual amount before rounding to whole euros and before the minimum (to the cent)."""
    annual: IntArray
    """Annual amount granted: whole euros, nil below the minimum or above the vermogensgrens."""
    monthly: IntArray
    """Monthly advance as paid (whole euros)."""
    status: Status
    references: tuple[str, ...]
    notices: tuple[str, ...]


def zorgtoeslag(
    parameters: Parameters,
    year: int,
    *,
    income: IntArray,
    partner: BoolArray | bool,
    assets: IntArray | int | None = None,
    partner_insured: BoolArray | bool | None = None,
    trace: Trace | None = None,
) -> Zorgtoeslag:
    """Zorgtoeslag for ``year`` (Wzt art. 2-4; Awir art. 14).

    ``income``: the household's toetsingsinkomen in cents (joint with a toeslagpartner);
    ``assets``: the joint rendementsgrondslag on 1 January in cents; ``partner_insured``: False
    where the toeslagpartner is not Zvw-insured (the amount is then halved, art. 2 lid 4).
    """
    income = np.asarray(income, dtype=np.int64)
    n = income.shape[0]
    partner = _flags(partner, n, False)
    insured = _flags(partner_insured, n, True)
    figures = YearFigures(parameters, year, "zorgtoeslag")
    standaardpremie = figures.euros("zorgtoeslag.standaardpremie")
    drempel = figures.euros("zorgtoeslag.drempelinkomen")
    rate_single = figures.rate("zorgtoeslag.normpercentage_single")
    rate_partner = figures.rate("zorgtoeslag.normpercentage_partner")
    rate_above = figures.rate("zorgtoeslag.percentage_above_drempel")
    limit_single = figures.euros("zorgtoeslag.vermogensgrens_single")
    limit_partner = figures.euros("zorgtoeslag.vermogensgrens_partner")
    minimum = figures.euros("awir.minimum_toeslag")

    y = toetsingsinkomen_euros(income)
    threshold_rate = np.where(partner, rate_partner, rate_single)
    norm_units = threshold_rate * drempel + rate_above * np.maximum(y - drempel, 0)
    normpremie = half_up_div(norm_units, PER_CENT_DIVISOR)
    premium = standaardpremie * CENTS * np.where(partner, 2, 1)
    full = np.maximum(premium - normpremie, 0)
    # Halved where the partner is not insured, to the cent half up as the Dienst prints it
    # (2025 example: 2.353,43 x 50 % = 1.176,715 -> 1.176,72).
    entitlement = half_up_div(full * np.where(partner & ~insured, 1, 2), 2)
    vermogen = cents_to_whole_euros_down(_array(assets, n))
    too_much = vermogen > np.where(partner, limit_partner, limit_single)
    annual = np.where(too_much, 0, round_annual_toeslag(entitlement, minimum))
    entitlement = np.where(too_much, 0, entitlement)

    known = np.full(n, figures.known)
    zero = np.zeros(n, dtype=np.int64)
    notices = figures.notices() + ((MONTHLY_ADVANCE_NOTE,) if figures.known else ())
    if trace is not None:
        used = tuple(figures.used)
        trace.add(
            "zorgtoeslag: normpremie",
            "Wzt art. 2 lid 2-3: percentage of the drempelinkomen plus a percentage of the "
            "toetsingsinkomen above it, to the cent",
            {"toetsingsinkomen_euros": y, "toeslagpartner": partner},
            {"normpremie": normpremie},
            used,
        )
        trace.add(
            "zorgtoeslag per year",
            "Wzt art. 2-4: standaardpremie (twice with a toeslagpartner) minus normpremie, "
            "halved if the partner is not insured; Awir art. 14 lid 4-5: whole euros, nothing "
            "below the minimum; Wzt art. 3: nothing above the vermogensgrens",
            {"normpremie": normpremie, "rendementsgrondslag_euros": vermogen},
            {
                "entitlement": entitlement,
                "annual": annual,
                "monthly": monthly_advance(annual),
                "known": known,
            },
            used,
        )
    return Zorgtoeslag(
        known,
        np.where(known, normpremie, zero),
        np.where(known, entitlement, zero),
        np.where(known, annual, zero),
        np.where(known, monthly_advance(annual), zero),
        figures.status,
        figures.references,
        notices,
    )


@dataclass(frozen=True)
class Huurtoeslag:
    """Huurtoeslag per household; amounts in cents. Where ``known`` is False: not known."""

    known: BoolArray
    rekenhuur: IntArray
    """Rent that counts, per month."""
    basishuur: IntArray
    """Basishuur per month (2024/2025: normhuur minus the reduction)."""
    monthly: IntArray
    """Huurtoeslag per month, whole euros."""
    annual: IntArray
    """Twelve months, nil below the Awir minimum or above the vermogensgrens."""
    status: Status
    references: tuple[str, ...]
    notices: tuple[str, ...]


_TYPES_2024 = ("one", "more", "one_aow", "more_aow")
_TYPES_2025 = ("one", "more")
_TYPE_WORDS = {
    "one": "one-person households",
    "more": "two-person households",
    "one_aow": "one-person AOW households",
    "more_aow": "two-person AOW households",
}


def _normhuur(
    y: IntArray, ymin: IntArray, yref: IntArray, nmin: IntArray, nref: IntArray
) -> IntArray:
    """Quadratic normhuur per month in cents, rounded up to the cent (Wht 2024/2025 art. 19).

    normhuur = Y x q(Y) with the quote q linear through (Ymin, Nmin/Ymin) and (Yref, Nref/Yref);
    exact in integers: Y x num / den, the quotient split so no product leaves int64.
    """
    y = np.minimum(y, NORMHUUR_INCOME_CAP)
    den = ymin * yref * (yref - ymin)
    num = nmin * yref * (yref - ymin) + (y - ymin) * (nref * ymin - nmin * yref)
    whole, rest = np.divmod(num, den)
    quadratic = y * whole - np.floor_divide(-(y * rest), den)
    return np.where(y <= ymin, nmin, quadratic)


def huurtoeslag(
    parameters: Parameters,
    year: int,
    *,
    income: IntArray,
    partner: BoolArray | bool,
    rent: IntArray | int,
    service_costs: IntArray | int | None = None,
    assets: IntArray | int | None = None,
    aow_household: BoolArray | bool | None = None,
    other_members: IntArray | int | None = None,
    trace: Trace | None = None,
) -> Huurtoeslag:
    """Huurtoeslag per month for one- and two-person households (Wht art. 13-21).

    ``income``: the rekeninkomen in cents (tenant and partner together); ``rent``: kale huur per
    month in cents; ``service_costs``: servicekosten that count, per month (only until 2025);
    ``assets``: the joint rendementsgrondslag on 1 January, tested against twice the Awir limit
    for partners (how it divides between them is not asked); ``aow_household``: someone had
    reached the AOW age on 1 January (the 2024 household types; default yes, as for the
    pensioners this program serves); ``other_members``: children or co-residents besides the
    partner, which this rule does not compute (not known there, and the notices say so).
    """
    income = np.asarray(income, dtype=np.int64)
    n = income.shape[0]
    partner = _flags(partner, n, False)
    aow = _flags(aow_household, n, True)
    rent = _array(rent, n)
    others = _array(other_members, n)
    figures = YearFigures(parameters, year, "huurtoeslag")
    kkg = figures.cents("huurtoeslag.kwaliteitskortingsgrens")
    aft = figures.cents("huurtoeslag.aftoppingsgrens")
    max_rent = figures.cents("huurtoeslag.maximale_huurgrens")
    middle = figures.rate("huurtoeslag.percentage_middle")
    top = figures.rate("huurtoeslag.percentage_top")
    minimum = figures.euros("awir.minimum_toeslag")
    vermogen_limit = figures.euros("awir.vermogensgrens_person")
    y = toetsingsinkomen_euros(income)

    type_figures: list[YearFigures] = []
    if year >= LINEAR_FROM:
        type_index = partner.astype(np.int64)
        words: tuple[str, ...] = ("one", "more")
        basis = np.zeros(2, dtype=np.int64)
        ijkpunt = np.zeros(2, dtype=np.int64)
        afbouw = np.zeros(2, dtype=np.int64)
        for t, word in enumerate(words):
            tf = YearFigures(parameters, year, f"huurtoeslag ({_TYPE_WORDS[word]})")
            basis[t] = tf.cents(f"huurtoeslag.basishuur.{word}")
            ijkpunt[t] = tf.euros(f"huurtoeslag.ijkpunt.{word}")
            afbouw[t] = tf.rate(f"huurtoeslag.afbouw.{word}")
            type_figures.append(tf)
        rekenhuur = np.minimum(rent, max_rent)
        basishuur = basis[type_index]
        reduction_units = np.maximum(y - ijkpunt[type_index], 0) * CENTS * afbouw[type_index]
        over_limit = np.zeros(n, dtype=bool)
        top_allowed = np.ones(n, dtype=bool)
    else:
        words = _TYPES_2024 if year <= AOW_TYPES_UNTIL else _TYPES_2025
        type_index = partner.astype(np.int64)
        if len(words) == len(_TYPES_2024):
            type_index = type_index + 2 * aow.astype(np.int64)
        points = np.ones((4, len(words)), dtype=np.int64)
        for t, word in enumerate(words):
            tf = YearFigures(parameters, year, f"huurtoeslag ({_TYPE_WORDS[word]})")
            found = (
                tf.euros(f"huurtoeslag.ymin.{word}"),
                tf.euros(f"huurtoeslag.yref.{word}"),
                tf.cents(f"huurtoeslag.nmin.{word}"),
                tf.cents(f"huurtoeslag.nref.{word}"),
            )
            if tf.known:
                points[:, t] = found
            else:
                points[:, t] = (1, 2, 0, 0)  # harmless stand-ins; these households are unknown
            type_figures.append(tf)
        reduction = figures.cents("huurtoeslag.basishuur_reduction")
        service_max = figures.cents("huurtoeslag.servicekosten_max")
        ymin, yref, nmin, nref = (row[type_index] for row in points)
        basishuur = _normhuur(y, ymin, yref, nmin, nref) - reduction
        rekenhuur = rent + np.clip(_array(service_costs, n), 0, service_max)
        reduction_units = np.zeros(n, dtype=np.int64)
        over_limit = rekenhuur > max_rent
        # 2024: 40 % above the aftoppingsgrens only for one-person or AOW households
        # (Wht 2024 art. 21 lid 1 onder c); from 2025 for every household.
        top_allowed = ~partner | aow if year <= AOW_TYPES_UNTIL else np.ones(n, bool)

    full = np.maximum(np.minimum(rekenhuur, kkg) - basishuur, 0)
    mid = np.maximum(np.minimum(rekenhuur, aft) - np.maximum(basishuur, kkg), 0)
    above = np.maximum(rekenhuur - np.maximum(basishuur, aft), 0) * top_allowed
    units = MONTHS * (full * RATE_SCALE + middle * mid + top * above) - reduction_units
    monthly = floor_div(np.maximum(units, 0), MONTHS * RATE_SCALE * CENTS) * CENTS
    monthly = np.where(over_limit, 0, monthly)
    vermogen = cents_to_whole_euros_down(_array(assets, n))
    too_much = vermogen > vermogen_limit * np.where(partner, 2, 1)
    annual = MONTHS * monthly
    nil = too_much | (annual < minimum * CENTS)
    annual = np.where(nil, 0, annual)
    monthly = np.where(nil, 0, monthly)

    type_known = np.array([tf.known for tf in type_figures])
    with_others = others > 0
    renting = rent > 0
    known = (figures.known & type_known[type_index] & ~with_others) | ~renting
    present = [t for t in range(len(type_figures)) if np.any((type_index == t) & renting)]
    notices = list(figures.notices())
    for t in present:
        notices.extend(type_figures[t].notices())
    if np.any(with_others & renting):
        notices.append(
            note(
                "huurtoeslag.larger_household",
                N_(
                    "huurtoeslag is computed only for households of one or two persons without "
                    "children or co-residents; {count} household(s) have more, for which no "
                    "figure is given"
                ),
                count=str(int(np.count_nonzero(with_others & renting))),
            )
        )
    used = [figures, *(type_figures[t] for t in present)]
    status: Status = weakest([f.status for f in used])
    references = tuple(dict.fromkeys(k for f in used for k in f.references))
    zero = np.zeros(n, dtype=np.int64)
    if trace is not None:
        trace.add(
            "huurtoeslag",
            "Wht art. 13-21, Bht art. 7: rent above the basishuur paid in full up to the "
            "kwaliteitskortingsgrens, 65 % up to the aftoppingsgrens, 40 % above it; from 2026 "
            "less a share of the income above the ijkpunt; per month, whole euros down",
            {
                "rekeninkomen_euros": y,
                "toeslagpartner": partner,
                "rekenhuur": rekenhuur,
                "rendementsgrondslag_euros": vermogen,
            },
            {"basishuur": basishuur, "monthly": monthly, "annual": annual, "known": known},
            tuple(f for figs in used for f in figs.used),
        )
    return Huurtoeslag(
        known,
        np.where(known, rekenhuur, zero),
        np.where(known & renting, basishuur, zero),
        np.where(known, monthly, zero),
        np.where(known, annual, zero),
        status,
        references,
        tuple(dict.fromkeys(notices)),
    )
