"""Disposable income (besteedbaar inkomen) for a year, from the year's net income.

As the government computes it for AOW recipients (Kamerstuk 36154, rows 7-12):
disposable = net - health costs + zorgtoeslag + huurtoeslag - box 3 tax. The toeslagen are tested
on the household's gross toetsingsinkomen (box 1 income, a lump sum in full, plus box 3 income),
never on net. Vectorised over households: one element each, amounts in int64 cents. Where a
figure of the year was not found, ``known`` is False and the figures there must not be shown.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pensioenchecker.i18n import N_
from pensioenchecker.money import CENTS, IntArray, half_up_div
from pensioenchecker.rules.box3 import HALF, Box3, box3
from pensioenchecker.rules.figures import YearFigures, weakest
from pensioenchecker.rules.notes import note
from pensioenchecker.rules.parameters import Parameters, Resolved, Status
from pensioenchecker.rules.toeslagen import Huurtoeslag, Zorgtoeslag, huurtoeslag, zorgtoeslag
from pensioenchecker.rules.trace import Trace

BoolArray = npt.NDArray[np.bool_]

MONTHS = 12


@dataclass(frozen=True)
class HealthCosts:
    """The stated assumption for health costs: premium plus eigen risico per insured adult."""

    known: BoolArray
    annual: IntArray
    status: Status
    references: tuple[str, ...]
    notices: tuple[str, ...]
    used: tuple[Resolved, ...] = ()


def health_costs(parameters: Parameters, year: int, adults: IntArray) -> HealthCosts:
    """Average nominal premium plus the full eigen risico, times the insured adults (cents).

    An estimate, stated as such; the user may replace it with what the household pays.
    """
    adults = np.asarray(adults, dtype=np.int64)
    figures = YearFigures(parameters, year, "health costs")
    per_adult = figures.cents("health.nominal_premium") + figures.cents("health.eigen_risico")
    known = np.full(adults.shape[0], figures.known)
    notices = figures.notices() + (
        (
            note(
                "health.assumed",
                N_(
                    "health costs are an assumption: the average nominal premium plus the full "
                    "eigen risico per adult; enter what the household pays to replace it"
                ),
            ),
        )
        if figures.known
        else ()
    )
    return HealthCosts(
        known,
        np.where(known, per_adult * adults, 0),
        figures.status,
        figures.references,
        notices,
        tuple(figures.used),
    )


@dataclass(frozen=True)
class Disposable:
    """Disposable income per household with its parts (cents)."""

    known: BoolArray
    net_annual: IntArray
    health_costs: IntArray
    zorgtoeslag: IntArray
    huurtoeslag: IntArray
    box3_tax: IntArray
    toetsingsinkomen: IntArray
    """Box 1 income plus box 3 income: what the toeslagen were tested on."""
    disposable_annual: IntArray
    disposable_monthly: IntArray
    """Disposable annual / 12, half up to the cent."""
    status: Status
    notices: tuple[str, ...]
    parts: tuple[Zorgtoeslag, Huurtoeslag, Box3, HealthCosts | None]


def disposable_income(
    parameters: Parameters,
    year: int,
    *,
    net_annual: IntArray,
    income: IntArray,
    partner: BoolArray | bool,
    rent: IntArray | int = 0,
    service_costs: IntArray | int | None = None,
    bank: IntArray | int = 0,
    other: IntArray | int = 0,
    debts: IntArray | int = 0,
    share_first: IntArray | int = HALF,
    health: IntArray | int | None = None,
    aow_household: BoolArray | bool | None = None,
    partner_insured: BoolArray | bool | None = None,
    other_members: IntArray | int | None = None,
    trace: Trace | None = None,
) -> Disposable:
    """The household's disposable income for ``year`` and its parts.

    ``net_annual``: the household's net income of the year (after box 1 tax and Zvw);
    ``income``: its box 1 income for the toetsingsinkomen (AOW, pension, wage, a lump sum);
    ``rent``/``service_costs``: per month; ``bank``/``other``/``debts``: on 1 January;
    ``health``: annual health costs the user gives, else the stated assumption.
    """
    net_annual = np.asarray(net_annual, dtype=np.int64)
    n = net_annual.shape[0]
    has_partner = np.broadcast_to(np.asarray(partner, dtype=bool), (n,)).copy()
    bank_array = np.broadcast_to(np.asarray(bank, dtype=np.int64), (n,)).copy()
    b3 = box3(
        parameters,
        year,
        bank=bank_array,
        other=other,
        debts=debts,
        partner=has_partner,
        share_first=share_first,
        trace=trace,
    )
    toetsingsinkomen = np.asarray(income, dtype=np.int64) + b3.income
    assets = b3.rendementsgrondslag * CENTS
    zt = zorgtoeslag(
        parameters,
        year,
        income=toetsingsinkomen,
        partner=has_partner,
        assets=assets,
        partner_insured=partner_insured,
        trace=trace,
    )
    ht = huurtoeslag(
        parameters,
        year,
        income=toetsingsinkomen,
        partner=has_partner,
        rent=rent,
        service_costs=service_costs,
        assets=assets,
        aow_household=aow_household,
        other_members=other_members,
        trace=trace,
    )
    assumed: HealthCosts | None = None
    if health is None:
        assumed = health_costs(parameters, year, np.where(has_partner, 2, 1))
        health_annual = assumed.annual
        health_known = assumed.known
    else:
        health_annual = np.broadcast_to(np.asarray(health, dtype=np.int64), (n,)).copy()
        health_known = np.ones(n, dtype=bool)

    known = b3.known & zt.known & ht.known & health_known
    annual = net_annual - health_annual + zt.annual + ht.annual - b3.tax
    zero = np.zeros(n, dtype=np.int64)
    annual = np.where(known, annual, zero)
    monthly = np.where(known, half_up_div(annual, MONTHS), zero)
    if trace is not None:
        trace.add(
            "disposable income",
            "net - health costs + zorgtoeslag + huurtoeslag - box 3 tax (Kamerstuk 36154, rows "
            "7-12); per month: / 12, half up to the cent",
            {
                "net_annual": net_annual,
                "health_costs": health_annual,
                "zorgtoeslag": zt.annual,
                "huurtoeslag": ht.annual,
                "box3_tax": b3.tax,
            },
            {"disposable_annual": annual, "disposable_monthly": monthly, "known": known},
            assumed.used if assumed else (),
        )
    statuses = [b3.status, zt.status, ht.status] + ([assumed.status] if assumed else [])
    notices = b3.notices + zt.notices + ht.notices + (assumed.notices if assumed else ())
    return Disposable(
        known,
        net_annual,
        health_annual,
        zt.annual,
        ht.annual,
        b3.tax,
        toetsingsinkomen,
        annual,
        monthly,
        weakest(statuses),
        tuple(dict.fromkeys(notices)),
        (zt, ht, b3, assumed),
    )
