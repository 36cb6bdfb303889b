"""A dossier becomes a household timeline: events cut it into phases, months add up to years.

Timing conventions (each listed in the projection's assumptions):
- the AOW starts on the day the AOW age is reached; its first month is paid pro rata by days;
- a pension starts on the first day of the month in which its start age is reached and ends on
  the first day of the month in which its end age is reached (fund rules differ; the file's ages
  are what we have);
- holiday allowance of the AOW accrues per month and is paid in May;
- a phase's figures are steady-state: a full month at that phase's rates, annualised as
  Mijnpensioenoverzicht does (annual view), and what each payer withholds that month;
- a calendar year's figures are the actual cash of that year, taxed with that year's rules,
  including the month-dependent bracket-1 rate in the year the AOW age is reached.

``project`` runs the steps in order, each in a module of its own: ``streams`` (the payment lines
on a month grid), ``phases`` (cut and valued in two views), ``calendar_years``, ``disposable``
(what is left after health costs, the toeslagen and box 3). The result types
that the window, the command line and the exports read live in ``results`` and are importable
from here as well.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from pensioenchecker.i18n import N_
from pensioenchecker.model import Dossier
from pensioenchecker.projection.calendar_years import calendar_years
from pensioenchecker.projection.disposable import add_disposable
from pensioenchecker.projection.headline import headline_index, headline_person
from pensioenchecker.projection.phases import value_phases
from pensioenchecker.projection.results import (
    DisposableFigures,
    HouseholdProjection,
    PaymentLine,
    PersonFigures,
    Phase,
    PhaseLine,
    ProjectedPerson,
    YearsAndMonths,
    household_years,
)
from pensioenchecker.projection.streams import MonthGrid, household_streams
from pensioenchecker.rules.aow import AowAge, AowAgeTable, add_months_clamped, aow_age
from pensioenchecker.rules.notes import Day, LineName, Note, note
from pensioenchecker.rules.year import RulesBook

__all__ = [
    "TIMING_ASSUMPTIONS",
    "DisposableFigures",
    "HouseholdProjection",
    "PaymentLine",
    "Phase",
    "PersonFigures",
    "PhaseLine",
    "ProjectedPerson",
    "YearsAndMonths",
    "headline_index",
    "headline_person",
    "household_years",
    "project",
]

# English in the JSON; marked for the catalogs, so readable output shows them translated.
TIMING_ASSUMPTIONS: tuple[Note, ...] = (
    note(
        "timing.aow_start",
        N_(
            "AOW starts on the day the AOW age is reached; the first month is paid pro rata "
            "by days."
        ),
    ),
    note(
        "timing.pension_start",
        N_(
            "A pension starts on the first day of the month in which its start age is reached; one "
            "already in payment is counted over the whole calendar year of the projection's start."
        ),
    ),
    note(
        "timing.holiday_pay",
        N_(
            "AOW holiday allowance accrues per month and is paid in May; pensions and wages are "
            "paid in twelve equal parts (their holiday pay spread over the year)."
        ),
    ),
    note(
        "timing.not_indexed",
        N_(
            "Amounts after the last year with published figures are not indexed (nominal, today's "
            "level)."
        ),
    ),
    note(
        "timing.survivor_pensions",
        N_(
            "Partner and orphan pensions pay only after a death; they are listed, not added to "
            "income (the survivor what-if adds the partner pension from the month after the death)."
        ),
    ),
    note(
        "timing.loonheffingskorting",
        N_(
            "Without an instruction in the dossier, SVB applies the loonheffingskorting to the "
            "AOW; before the AOW, the largest payer applies it."
        ),
    ),
)


def project(
    dossier: Dossier,
    book: RulesBook,
    age_table: AowAgeTable,
    as_of: dt.date,
    horizon_age: int = 100,
) -> HouseholdProjection:
    """Project a household from ``as_of`` to the youngest person's ``horizon_age``."""
    people = dossier.household.persons
    births = np.array([p.birth_date for p in people], dtype="datetime64[D]")
    aow = aow_age(age_table, births)
    start = np.datetime64(as_of, "D")
    horizon = add_months_clamped(births, np.full(len(people), horizon_age * 12)).max()
    if horizon <= start:
        horizon = start + 366
    grid = MonthGrid(as_of.year, horizon)
    assumptions: list[str] = list(TIMING_ASSUMPTIONS)
    streams = household_streams(dossier, book, grid, births, aow.date, horizon, start, assumptions)
    assumptions += _household_assumptions(dossier, aow)
    projection = HouseholdProjection(
        dossier, as_of, _projected_persons(dossier, aow), [], assumptions
    )
    projection.phases = value_phases(
        projection, book, grid, streams, births, aow.date, start, horizon
    )
    projection.year_columns = calendar_years(projection, book, grid, streams, births, aow.date)
    add_disposable(projection, book.parameters)
    projection.months = grid.months[grid.visible]
    projection.month_cash = (
        np.stack([s.cash[grid.visible] for s in streams], axis=1)
        if streams
        else np.zeros((len(projection.months), 0), dtype=np.int64)
    )
    projection.lines = [
        PaymentLine(s.id, people[s.person].id, s.kind, s.payer, s.certain) for s in streams
    ]
    for notice in book.aow_month_table(
        int(grid.months[0].astype("datetime64[Y]").astype(int)) + 1970,
        int(horizon.astype("datetime64[Y]").astype(int)) + 1970,
    ).notices:
        if notice not in assumptions:
            assumptions.append(notice)
    return projection


def _household_assumptions(dossier: Dossier, aow: AowAge) -> list[str]:
    """What the timeline leaves out or guesses about this household, said in the result."""
    notes: list[str] = []
    dead = {p.id for p in dossier.household.persons if p.death_date}
    names = {p.id: p.name or p.id for p in dossier.household.persons}
    for ent in dossier.entitlements:
        if ent.kind == "partner" and ent.person_id in dead:
            continue
        if ent.kind in ("partner", "orphan"):
            notes.append(
                note(
                    f"timeline.{ent.kind}_after_death",
                    N_(
                        "{line}: partner pension from {provider} is paid only after a death and "
                        "is not part of this timeline"
                    )
                    if ent.kind == "partner"
                    else N_(
                        "{line}: orphan pension from {provider} is paid only after a death and "
                        "is not part of this timeline"
                    ),
                    line=LineName(ent.id, names.get(ent.person_id, ent.person_id)),
                    provider=ent.provider,
                )
            )
    for i, person in enumerate(dossier.household.persons):
        if not aow.known[i]:
            notes.append(
                note(
                    "timeline.aow_age_not_fixed",
                    N_(
                        "{person}: the AOW age for people born on {birth} is not yet fixed by "
                        "law; the latest known AOW age is used"
                    ),
                    person=LineName(person.id, person.name or person.id),
                    birth=Day(person.birth_date.isoformat()),
                )
            )
    return notes


def _projected_persons(dossier: Dossier, aow: AowAge) -> list[ProjectedPerson]:
    """The household's persons with their AOW age and date, as every reader receives them."""
    return [
        ProjectedPerson(
            id=p.id,
            name=p.name,
            birth_date=p.birth_date,
            household_status=p.household_status,
            aow_date=aow.date[i].astype(dt.date),
            aow_age=YearsAndMonths(int(aow.years[i]), int(aow.months[i])),
            aow_age_known=bool(aow.known[i]),
        )
        for i, p in enumerate(dossier.household.persons)
    ]
