"""The disposable-income step: what is left to live on, per phase and per calendar year.

Runs after the phases and calendar years are valued. The toeslagen are tested on the
household's whole toetsingsinkomen of a calendar year (AOW, pension, wage, a lump sum in full,
plus box 3 income), never on net; per month as the Dienst Toeslagen pays them. Figures are
looked up for the year itself: where a year's parameters were not found (2027 and later, the
two-person huurtoeslag of 2025), the part is None and the result says so, instead of carrying
the last known year forward as the net income does.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

import numpy as np

from pensioenchecker.i18n import N_
from pensioenchecker.model import Dossier
from pensioenchecker.money import IntArray
from pensioenchecker.projection.results import DisposableFigures, HouseholdProjection
from pensioenchecker.projection.streams import MONTHS_PER_YEAR
from pensioenchecker.rules.disposable import Disposable, disposable_income
from pensioenchecker.rules.notes import Day, note
from pensioenchecker.rules.parameters import Parameters
from pensioenchecker.rules.trace import Trace

BoolArray = np.ndarray


@dataclass(frozen=True)
class HouseholdInputs:
    """The household's rent, box 3 position and health costs as the dossier gives them (cents).

    The same in every year: the projection does not guess future rents or savings.
    """

    rent: int
    service_costs: int
    bank: int
    other: int
    debts: int
    health: int | None

    @classmethod
    def of(cls, dossier: Dossier) -> HouseholdInputs:
        """Read from the dossier; what is missing counts as nothing (no rent: no huurtoeslag)."""
        assets = dossier.box3_assets_cents or 0
        other = min(dossier.box3_other_cents or 0, assets)
        return cls(
            rent=dossier.rent.kale_huur_cents if dossier.rent else 0,
            service_costs=dossier.rent.service_costs_cents if dossier.rent else 0,
            bank=assets - other,
            other=other,
            debts=dossier.box3_debts_cents or 0,
            health=dossier.health_costs_cents,
        )


ASSUMPTIONS = (
    note(
        "disposable.definition",
        N_(
            "Disposable income = net - health costs + zorgtoeslag + huurtoeslag - box 3 tax; the "
            "toeslagen are tested on the calendar year's whole toetsingsinkomen (a lump sum "
            "counts in full in its year), for a household of one or two without children or "
            "co-residents."
        ),
    ),
    note(
        "disposable.inputs_constant",
        N_(
            "Rent, box 3 assets and debts stay at the entered level in every year; a phase's "
            "disposable income uses its start year's rules."
        ),
    ),
)


def add_disposable(projection: HouseholdProjection, parameters: Parameters) -> None:
    """Give every phase and calendar year its disposable income, with the parts.

    Each year's figures come from that year's own parameters; not carried forward.
    """
    notes: list[str] = list(ASSUMPTIONS)
    unknown_years: set[int] = set()
    inputs = HouseholdInputs.of(projection.dossier)
    _phases_step(projection, parameters, inputs, notes, unknown_years)
    _years_step(projection, parameters, inputs, notes, unknown_years)
    if projection.as_of > dt.date(projection.as_of.year, 1, 1):
        notes.append(
            note(
                "disposable.first_year_partial",
                N_(
                    "disposable income {year}: the toeslagen are tested on the income the "
                    "projection counts in {year}; a pension the files show only from {start} is "
                    "missing before that, so that year's toeslagen may come out too high"
                ),
                year=str(projection.as_of.year),
                start=Day(projection.as_of.isoformat()),
            )
        )
    if unknown_years:
        notes.append(
            note(
                "disposable.not_known",
                N_(
                    "disposable income {years}: not known, no figure is given (the zorgtoeslag, "
                    "huurtoeslag or box 3 figures of those years were not found)"
                ),
                years=_span(sorted(unknown_years)),
            )
        )
    projection.assumptions.extend(n for n in notes if n not in projection.assumptions)


def _phases_step(
    projection: HouseholdProjection,
    parameters: Parameters,
    inputs: HouseholdInputs,
    notes: list[str],
    unknown_years: set[int],
) -> None:
    """Each phase: a full year at its rates (the annual view), its start year's rules."""
    phases, dossier = projection.phases, projection.dossier
    untaxed = [sum(MONTHS_PER_YEAR * f.net_untaxed_monthly for f in p.persons) for p in phases]
    income = np.array([sum(f.gross for f in p.persons) for p in phases], np.int64) + untaxed
    net = np.array([sum(f.net_annual for f in p.persons) for p in phases], np.int64) + untaxed
    figures = _run(
        parameters,
        inputs,
        np.array([p.start.year for p in phases], dtype=np.int64),
        income,
        net,
        np.array([_together(dossier, p.start) for p in phases], bool),
        np.array([_aow_reached(projection, p.start) for p in phases], bool),
        notes,
        unknown_years,
        projection,
        "disposable-phase",
        [(i,) for i in range(len(phases))],
    )
    projection.phases = [
        dataclasses.replace(phase, disposable=found)
        for phase, found in zip(phases, figures, strict=True)
    ]


def _years_step(
    projection: HouseholdProjection,
    parameters: Parameters,
    inputs: HouseholdInputs,
    notes: list[str],
    unknown_years: set[int],
) -> None:
    """Each calendar year: the household's actual cash of the year, lump sums in full."""
    columns = projection.year_columns
    if not columns:
        return
    years = np.unique(columns["year"]).astype(np.int64)
    at = np.searchsorted(years, columns["year"])
    januaries = [dt.date(int(y), 1, 1) for y in years]
    figures = _run(
        parameters,
        inputs,
        years,
        np.bincount(at, weights=columns["gross"], minlength=len(years)).astype(np.int64),
        np.bincount(at, weights=columns["net"], minlength=len(years)).astype(np.int64),
        np.array([_together(projection.dossier, day) for day in januaries], bool),
        np.array([_aow_reached(projection, day) for day in januaries], bool),
        notes,
        unknown_years,
        projection,
        "disposable-year",
        [(int(y),) for y in years],
    )
    projection.year_disposable = {
        int(y): found for y, found in zip(years.tolist(), figures, strict=True)
    }


def _aow_reached(projection: HouseholdProjection, on: dt.date) -> bool:
    """Someone in the household has reached the AOW age on ``on`` (2024's huurtoeslag types)."""
    return any(person.aow_date <= on for person in projection.persons)


def _together(dossier: Dossier, on: dt.date) -> bool:
    """Toeslagpartners on ``on``: two persons living together, neither died before that day."""
    persons = dossier.household.persons
    alive = [p for p in persons if p.death_date is None or p.death_date >= on]
    return len(alive) == 2 and all(p.household_status == "couple" for p in alive)


def _span(years: list[int]) -> str:
    """2027-2060, or one year."""
    return str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"


def _run(
    parameters: Parameters,
    inputs: HouseholdInputs,
    years: IntArray,
    income: IntArray,
    net: IntArray,
    partner: BoolArray,
    aow: BoolArray,
    notes: list[str],
    unknown_years: set[int],
    projection: HouseholdProjection,
    kind: str,
    keys: list[tuple[int, ...]],
) -> list[DisposableFigures]:
    """One rule call per calendar year over all rows of that year; each row's figures."""
    out: list[DisposableFigures | None] = [None] * len(years)
    for year in np.unique(years).tolist():
        rows = np.flatnonzero(years == year)
        if unknown_years and _fill_unknown(
            parameters, inputs, int(year), rows, income, net, partner, out
        ):
            unknown_years.add(int(year))
            continue  # said once, for the first such year; the rule would find nothing more
        trace = Trace()
        result = disposable_income(
            parameters,
            int(year),
            net_annual=net[rows],
            income=income[rows],
            partner=partner[rows],
            rent=inputs.rent,
            service_costs=inputs.service_costs,
            bank=inputs.bank,
            other=inputs.other,
            debts=inputs.debts,
            health=inputs.health,
            aow_household=aow[rows],
            trace=trace,
        )
        projection.traces.append((kind, trace, [keys[r] for r in rows.tolist()]))
        if result.known.all():
            notes.extend(n for n in result.notices if n not in notes)
        elif not unknown_years:
            notes.extend(n for n in result.notices if n not in notes)  # the first: say why
        for j, r in enumerate(rows.tolist()):
            figures = _figures(result, j, int(year))
            if not figures.known:
                unknown_years.add(int(year))
            out[r] = figures
    return [f for f in out if f is not None]


@dataclass(frozen=True)
class _Probe:
    """Which parts of a year's figures exist at all (they do not depend on the household)."""

    zorgtoeslag: bool
    box3: bool
    health: bool
    huurtoeslag: tuple[bool, bool]
    """For a renting single and a renting couple."""


_PROBES: dict[tuple[int, int], tuple[Parameters, _Probe]] = {}


def _probe(parameters: Parameters, year: int) -> _Probe:
    """What the rules find for ``year``, asked once per set of parameters and year."""
    key = (id(parameters), year)
    cached = _PROBES.get(key)
    if cached is not None and cached[0] is parameters:
        return cached[1]
    result = disposable_income(
        parameters,
        year,
        net_annual=np.zeros(2, dtype=np.int64),
        income=np.zeros(2, dtype=np.int64),
        partner=np.array([False, True]),
        rent=1,
    )
    zt, ht, b3, assumed = result.parts
    probe = _Probe(
        bool(zt.known[0]),
        bool(b3.known[0]),
        assumed is not None and bool(assumed.known[0]),
        (bool(ht.known[0]), bool(ht.known[1])),
    )
    _PROBES[key] = (parameters, probe)
    return probe


def _fill_unknown(
    parameters: Parameters,
    inputs: HouseholdInputs,
    year: int,
    rows: IntArray,
    income: IntArray,
    net: IntArray,
    partner: BoolArray,
    out: list[DisposableFigures | None],
) -> bool:
    """Rows of a year without zorgtoeslag, box 3 and health figures: "not known", no rule run.

    The far years of a projection (2027 to 2100) are all like this; running the rules for each
    would cost ten times the projection itself. False when some part of the year does exist.
    """
    probe = _probe(parameters, year)
    if probe.zorgtoeslag or probe.box3 or probe.health:
        return False
    renting = inputs.rent > 0
    if renting and any(probe.huurtoeslag[int(bool(partner[r]))] for r in rows.tolist()):
        return False
    for r in rows.tolist():
        out[r] = DisposableFigures(
            year=year,
            status="not_found",
            toetsingsinkomen=int(income[r]),
            net_annual=int(net[r]),
            health_costs=inputs.health,
            health_assumed=inputs.health is None,
            zorgtoeslag=None,
            zorgtoeslag_monthly=None,
            huurtoeslag=None if renting else 0,
            huurtoeslag_monthly=None if renting else 0,
            box3_tax=None,
            disposable_annual=None,
            disposable_monthly=None,
        )
    return True


def _figures(result: Disposable, j: int, year: int) -> DisposableFigures:
    """One household's figures; a part whose figures were not found is None."""
    zt, ht, b3, assumed = result.parts

    def shown(known: bool, value: int) -> int | None:
        return int(value) if known else None

    health_known = bool(assumed.known[j]) if assumed is not None else True
    known = bool(result.known[j])
    return DisposableFigures(
        year=year,
        status=result.status,
        toetsingsinkomen=int(result.toetsingsinkomen[j]),
        net_annual=int(result.net_annual[j]),
        health_costs=shown(health_known, result.health_costs[j]),
        health_assumed=assumed is not None,
        zorgtoeslag=shown(bool(zt.known[j]), zt.annual[j]),
        zorgtoeslag_monthly=shown(bool(zt.known[j]), zt.monthly[j]),
        huurtoeslag=shown(bool(ht.known[j]), ht.annual[j]),
        huurtoeslag_monthly=shown(bool(ht.known[j]), ht.monthly[j]),
        box3_tax=shown(bool(b3.known[j]), b3.tax[j]),
        disposable_annual=shown(known, result.disposable_annual[j]),
        disposable_monthly=shown(known, result.disposable_monthly[j]),
    )
