"""The year-end settlement with the Belastingdienst: one figure for every page and export.

Per person and phase: the income tax and Zvw due over a full year at the phase's rates (the
annual view) against everything the payers withhold in that year — twelve regular months and
SVB's May holiday payment of the AOW, withheld at the tabel bijzondere beloningen rate. The
Overview, the What if page, the withholding advice, the PDF and ``project --json`` all read it
here, so they cannot show different numbers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pensioenchecker.projection.results import Phase, PhaseLine


@dataclass(frozen=True)
class Settlement:
    """One person's expected settlement over a year of one phase, in cents."""

    person_id: str
    phase_start: dt.date
    due_annual: int
    """Income tax and Zvw of the year (annual view)."""
    withheld_regular: int
    """Twelve regular months of every payer's loonheffing and Zvw."""
    withheld_holiday: int
    """Loonheffing and Zvw on the AOW's May holiday payment."""
    holiday_rate_status: str
    """Status of the special rate used (final, derived); empty without an AOW holiday payment."""

    @property
    def withheld_annual(self) -> int:
        """Everything withheld in the year."""
        return self.withheld_regular + self.withheld_holiday

    @property
    def settlement_annual(self) -> int:
        """Positive: a refund after the tax return; negative: to pay."""
        return self.withheld_annual - self.due_annual


def person_lines(phase: Phase, person_id: str) -> list[PhaseLine]:
    """The person's paying lines in the phase."""
    return [line for line in phase.lines if line.person_id == person_id]


def person_settlement(phase: Phase, person_id: str) -> Settlement:
    """One person's settlement in a phase."""
    figures = phase.figures_of(person_id)
    lines = person_lines(phase, person_id)
    statuses = [line.holiday_rate_status for line in lines if line.holiday_rate_status]
    return Settlement(
        person_id=person_id,
        phase_start=phase.start,
        due_annual=figures.income_tax + figures.zvw,
        withheld_regular=sum(12 * (line.loonheffing + line.zvw) for line in lines),
        withheld_holiday=sum(line.holiday_loonheffing + line.holiday_zvw for line in lines),
        holiday_rate_status=statuses[0] if statuses else "",
    )


def household_settlements(phase: Phase) -> list[Settlement]:
    """Every person's settlement in a phase, in the household's order."""
    return [person_settlement(phase, person.person_id) for person in phase.persons]


def settlement_total(settlements: list[Settlement]) -> int:
    """The household's settlements added up (each person is assessed on their own)."""
    return sum(s.settlement_annual for s in settlements)
