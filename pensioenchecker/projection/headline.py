"""The headline: which phase the window, the reports and the exports lead with.

One rule, so every page shows the same figure. Per person it is the net per month from their
own AOW date. For a household of two it is the household's net once both receive the AOW and no
wage is left: the lasting figure, not one that still holds a partner's pay. The phases between
the first AOW date and that one are shown below it, each saying when a wage is still included.
"""

from __future__ import annotations

from pensioenchecker.projection.results import (
    HouseholdProjection,
    Phase,
    PhaseLine,
    ProjectedPerson,
)

WORK_KINDS = ("wage",)
"""Line kinds that are work income; benefits and other income are counted with pensions."""


def headline_person(
    projection: HouseholdProjection, person_id: str | None = None
) -> ProjectedPerson:
    """The chosen person, or for the household the one whose AOW comes last.

    From that person's AOW date on, everyone in the household receives the AOW.
    """
    if person_id is not None:
        return next(p for p in projection.persons if p.id == person_id)
    return max(projection.persons, key=lambda p: p.aow_date)


def work_lines(phase: Phase, person_id: str | None = None) -> tuple[PhaseLine, ...]:
    """The wage lines still paid in a phase (of one person, or of anyone in the household)."""
    return tuple(
        line
        for line in phase.lines
        if line.kind in WORK_KINDS and (person_id is None or line.person_id == person_id)
    )


def headline_index(projection: HouseholdProjection, person_id: str | None = None) -> int:
    """The headline phase.

    A person: the first phase starting on or after their AOW date. The household: the first
    phase in which everyone receives the AOW and no one earns a wage; failing that, the first
    with everyone on the AOW (its text then says a wage is included); else the last phase.
    """
    if person_id is None and len(projection.persons) == 1:
        person_id = projection.persons[0].id
    since = headline_person(projection, person_id).aow_date
    from_aow = [i for i, phase in enumerate(projection.phases) if phase.start >= since]
    if not from_aow:
        return len(projection.phases) - 1
    if person_id is not None:
        return from_aow[0]
    return next((i for i in from_aow if not work_lines(projection.phases[i])), from_aow[0])


def earlier_phases(projection: HouseholdProjection, person_id: str | None = None) -> list[int]:
    """For the household: the phases from the first AOW date up to the headline phase.

    They are real income too (a partner may still work), shown below the headline. A person's
    headline starts at their own AOW date, so there are none.
    """
    if person_id is not None or len(projection.persons) < 2:  # noqa: PLR2004 - a couple
        return []
    first = min(p.aow_date for p in projection.persons)
    head = headline_index(projection)
    return [
        i
        for i, phase in enumerate(projection.phases[:head])
        if phase.end is None or phase.end >= first
    ]
