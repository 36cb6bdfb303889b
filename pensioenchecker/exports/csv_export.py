"""CSV of the timeline: the phases, or with ``years`` the calendar-year table per person.

Default: comma-separated UTF-8. Dutch (Excel NL): UTF-8 with a byte-order mark and ``;`` as
separator. Amounts are always euros with a dot and two decimals ("1234.56").
"""

from __future__ import annotations

import csv
import io

from pensioenchecker.exports.report import amount
from pensioenchecker.projection.timeline import HouseholdProjection

PHASE_COLUMNS = (
    "start",
    "end",
    "gross_monthly",
    "net_monthly",
    "net_monthly_withheld",
    "disposable_monthly",
)
YEAR_COLUMNS = (
    "year",
    "person_id",
    "gross",
    "aow",
    "pension",
    "wage",
    "income_tax",
    "zvw",
    "net",
    "household_disposable",
)
"""``household_disposable``: the household's disposable income of the year (net - health costs
+ toeslagen - box 3 tax), the same on each person's row; empty where it is not known."""
BOM = "\ufeff"


def _optional(cents: int | None) -> str:
    """An amount, or empty where the figure was not found (never an invented one)."""
    return "" if cents is None else amount(cents)


def _write(header: tuple[str, ...], rows: list[list[str]], dutch: bool) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if dutch else ",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return ((BOM if dutch else "") + out.getvalue()).encode("utf-8")


def phases_csv(projection: HouseholdProjection, dutch: bool = False) -> bytes:
    """One row per phase: start, end (empty: onwards) and the household's monthly figures."""
    rows = [
        [
            phase.start.isoformat(),
            phase.end.isoformat() if phase.end else "",
            amount(phase.gross_monthly),
            amount(phase.net_monthly),
            amount(phase.net_monthly_withheld),
            _optional(phase.disposable.disposable_monthly if phase.disposable else None),
        ]
        for phase in projection.phases
    ]
    return _write(PHASE_COLUMNS, rows, dutch)


def years_csv(projection: HouseholdProjection, dutch: bool = False) -> bytes:
    """One row per calendar year and person: the actual cash of that year, taxed."""
    frame = projection.years
    disposable = projection.year_disposable

    def household(year: int) -> str:
        figures = disposable.get(year)
        return _optional(figures.disposable_annual if figures else None)

    rows = [
        [str(int(row["year"])), str(row["person_id"])]
        + [amount(int(row[name])) for name in YEAR_COLUMNS[2:-1]]
        + [household(int(row["year"]))]
        for row in frame.to_dict("records")
    ]
    return _write(YEAR_COLUMNS, rows, dutch)
