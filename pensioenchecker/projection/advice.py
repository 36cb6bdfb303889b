"""Withholding advice: which payer should apply the loonheffingskorting.

Only one payer may apply it (and, for a single person with AOW, the alleenstaande
ouderenkorting with it). The others withhold without credits, and the year-end assessment
settles the rest. For each person, in the first phase from their AOW date, every payer is tried
as the one that applies it; the advice is the choice whose withholding comes closest to the
year's tax without leaving money to pay back.

Both sides are the settlement's (``projection.settlement``): the tax due is the annual view's,
and the withholding includes SVB's May holiday payment, which is withheld without credits and so
is the same whichever payer applies them. Today's choice is the settlement figure itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from pensioenchecker.projection.settlement import person_settlement
from pensioenchecker.projection.timeline import HouseholdProjection, headline_index
from pensioenchecker.rules.annual import box1_group
from pensioenchecker.rules.withholding import monthly_withholding
from pensioenchecker.rules.year import RulesBook

MONTHS = 12
TAXED_KINDS = ("aow", "old_age", "partner", "wage", "benefit", "other")


@dataclass(frozen=True)
class LhkOption:
    """One payer applying the loonheffingskorting: withheld and due over a year (cents)."""

    line_id: str
    payer: str
    withheld_annual: int
    due_annual: int

    @property
    def settlement(self) -> int:
        """Positive: a refund after the tax return; negative: to pay back."""
        return self.withheld_annual - self.due_annual


@dataclass(frozen=True)
class LhkAdvice:
    """The options for one person in one phase, the advised one and today's choice."""

    person_id: str
    phase_start: dt.date
    options: tuple[LhkOption, ...]
    advised: str
    current: str | None


def _advised(options: list[LhkOption]) -> LhkOption:
    """The smallest settlement, preferring a refund over paying back."""
    return min(options, key=lambda o: (o.settlement < 0, abs(o.settlement)))


def withholding_advice(projection: HouseholdProjection, book: RulesBook) -> list[LhkAdvice]:
    """Per person with two or more taxed payers from the AOW date: the advice on the credit."""
    advice: list[LhkAdvice] = []
    if not projection.phases:
        return advice
    people = projection.dossier.household.persons
    first, last = book.parameters.years_covered[0], book.parameters.years_covered[-1]
    for k, person in enumerate(people):
        aow_date = projection.persons[k].aow_date
        phase = projection.phases[headline_index(projection, person.id)]
        lines = [
            line for line in phase.lines if line.person_id == person.id and line.kind in TAXED_KINDS
        ]
        untaxed = {e.id for e in projection.dossier.entitlements if e.net_already}
        lines = [line for line in lines if line.stream_id not in untaxed]
        if len(lines) < 2:  # noqa: PLR2004 - with one payer there is nothing to choose
            continue
        rules = book.year(min(max(phase.start.year, first), last))
        birth = np.datetime64(person.birth_date, "D")
        group = box1_group(
            np.array([np.datetime64(aow_date, "D") <= np.datetime64(phase.start, "D")]),
            np.array([birth]),
        )
        figures = phase.figures_of(person.id)
        single = person.household_status == "single" or figures.alleenstaande_ouderenkorting > 0
        gross = np.array([line.gross_monthly for line in lines], dtype=np.int64)
        kinds = [line.kind for line in lines]
        has_aow = "aow" in kinds
        today = person_settlement(phase, person.id)
        n = len(lines)
        options = []
        for choice in range(n):
            if lines[choice].loonheffingskorting:
                withheld = today.withheld_annual  # today's choice: the phase's own withholding
            else:
                flags = np.arange(n) == choice
                result = monthly_withholding(
                    rules,
                    gross,
                    np.full(n, int(group[0])),
                    flags,
                    flags & single & has_aow,
                    np.array([kind == "wage" for kind in kinds]),
                )
                regular = int((result.loonheffing + result.zvw).sum()) * MONTHS
                untaxed_lines = today.withheld_regular - sum(
                    MONTHS * (line.loonheffing + line.zvw) for line in lines
                )
                withheld = regular + untaxed_lines + today.withheld_holiday
            options.append(
                LhkOption(lines[choice].stream_id, lines[choice].payer, withheld, today.due_annual)
            )
        current = next((line.stream_id for line in lines if line.loonheffingskorting), None)
        advice.append(
            LhkAdvice(person.id, phase.start, tuple(options), _advised(options).line_id, current)
        )
    return advice
