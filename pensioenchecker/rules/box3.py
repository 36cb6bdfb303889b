"""Box 3 (sparen en beleggen) for a calendar year, vectorised over households.

The forfaitary system of the Overbruggingswet, with the rounding of the Belastingdienst's worked
examples (the legal rounding rule itself was not found): assets on 1 January down to whole euros,
debts up; the return on assets down, on debts to the nearest euro; each partner's share down to
1/100 of a percent; voordeel and tax per person down to whole euros. Fiscal partners divide the
joint grondslag as they choose (``share_first``). Not modelled: green investments, the cash
exemption and the tegenbewijsregeling (an actual return lower than the forfaitary one).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pensioenchecker.money import CENTS, RATE_SCALE, IntArray, ceil_div, floor_div, half_up_div
from pensioenchecker.rules.figures import YearFigures
from pensioenchecker.rules.parameters import Parameters, Status
from pensioenchecker.rules.trace import Trace

BoolArray = npt.NDArray[np.bool_]

SHARE_SCALE = 10_000
"""A partner's share of the grondslag in 1/100 of a percent (82,45 % is 8 245)."""

HALF = RATE_SCALE // 2


@dataclass(frozen=True)
class Box3:
    """Box 3 per household: household totals, and per person (columns: first, partner)."""

    known: BoolArray
    rendement: IntArray
    """Forfaitary return of the household, whole euros (not below zero)."""
    rendementsgrondslag: IntArray
    """Assets minus the deductible debts on 1 January, whole euros (also the toeslagen's test)."""
    grondslag: IntArray
    """Rendementsgrondslag minus the heffingsvrij vermogen, whole euros, not below zero."""
    person_grondslag: IntArray
    share: IntArray
    """Each person's share in 1/100 of a percent, shape (n, 2)."""
    voordeel: IntArray
    """Voordeel uit sparen en beleggen per person, whole euros, shape (n, 2)."""
    tax_person: IntArray
    """Box 3 tax per person, whole euros, shape (n, 2)."""
    income: IntArray
    """The household's box 3 income (both voordelen) in cents: part of the toetsingsinkomen."""
    tax: IntArray
    """The household's box 3 tax in cents."""
    status: Status
    references: tuple[str, ...]
    notices: tuple[str, ...]


def box3(
    parameters: Parameters,
    year: int,
    *,
    bank: IntArray,
    other: IntArray | int = 0,
    debts: IntArray | int = 0,
    partner: BoolArray | bool = False,
    share_first: IntArray | int = HALF,
    trace: Trace | None = None,
) -> Box3:
    """Box 3 tax for ``year`` from the household's position on 1 January (cents).

    ``share_first``: the first person's part of the joint grondslag, in 1/100 000ths
    (50 000 = half), used only with a fiscal partner.
    """
    bank = np.asarray(bank, dtype=np.int64)
    n = bank.shape[0]

    def spread(value: IntArray | BoolArray | int | bool) -> npt.NDArray[np.int64]:
        return np.broadcast_to(np.asarray(value, dtype=np.int64), (n,)).copy()

    has_partner = spread(partner).astype(bool)
    persons = np.where(has_partner, 2, 1)
    figures = YearFigures(parameters, year, "box 3")
    rate_bank = figures.rate("box3.rate_bank")
    rate_other = figures.rate("box3.rate_other")
    rate_debts = figures.rate("box3.rate_debts")
    allowance = figures.euros("box3.heffingsvrij_vermogen")
    threshold = figures.euros("box3.schuldendrempel")
    tarief = figures.rate("box3.tarief")

    bank_euros = np.maximum(floor_div(bank, CENTS), 0)
    other_euros = np.maximum(floor_div(spread(other), CENTS), 0)
    debt_euros = np.maximum(ceil_div(spread(debts), CENTS), 0)
    deductible = np.maximum(debt_euros - threshold * persons, 0)
    rendement = (
        floor_div(bank_euros * rate_bank, RATE_SCALE)
        + floor_div(other_euros * rate_other, RATE_SCALE)
        - half_up_div(deductible * rate_debts, RATE_SCALE)
    )
    rendement = np.maximum(rendement, 0)
    base = bank_euros + other_euros - deductible
    grondslag = np.maximum(base - allowance * persons, 0)
    first = np.where(has_partner, floor_div(grondslag * spread(share_first), RATE_SCALE), grondslag)
    person_grondslag = np.stack([first, grondslag - first], axis=1)
    safe_base = np.maximum(base, 1)[:, None]
    share = np.where(
        base[:, None] > 0, np.floor_divide(person_grondslag * SHARE_SCALE, safe_base), 0
    )
    voordeel = floor_div(rendement[:, None] * share, SHARE_SCALE)
    tax_person = floor_div(voordeel * tarief, RATE_SCALE)

    known = np.full(n, figures.known)
    if trace is not None:
        trace.add(
            "box 3",
            "Wet IB 2001 hoofdstuk 5 (Overbruggingswet): forfaitary return on bank, other "
            "assets and debts above the schuldendrempel; the grondslag above the heffingsvrij "
            "vermogen, shared by the partners; voordeel x tarief per person, whole euros down",
            {
                "bank_euros": bank_euros,
                "other_euros": other_euros,
                "debts_euros": debt_euros,
                "fiscal_partner": has_partner,
            },
            {
                "rendement_euros": rendement,
                "rendementsgrondslag_euros": base,
                "grondslag_euros": grondslag,
                "voordeel_first_euros": voordeel[:, 0],
                "voordeel_partner_euros": voordeel[:, 1],
                "tax_first_euros": tax_person[:, 0],
                "tax_partner_euros": tax_person[:, 1],
                "known": known,
            },
            tuple(figures.used),
            unit="euros",
        )
    zero = np.zeros(n, dtype=np.int64)
    zeros2 = np.zeros((n, 2), dtype=np.int64)
    k2 = known[:, None]
    return Box3(
        known,
        np.where(known, rendement, zero),
        np.where(known, base, zero),
        np.where(known, grondslag, zero),
        np.where(k2, person_grondslag, zeros2),
        np.where(k2, share, zeros2),
        np.where(k2, voordeel, zeros2),
        np.where(k2, tax_person, zeros2),
        np.where(known, voordeel.sum(axis=1) * CENTS, zero),
        np.where(known, tax_person.sum(axis=1) * CENTS, zero),
        figures.status,
        figures.references,
        figures.notices(),
    )
