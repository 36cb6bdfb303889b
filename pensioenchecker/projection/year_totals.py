"""The household's calendar-year table as typed rows: whole cents by name.

pandas types each cell of a row as any scalar at all (a string, a date, a missing value); the
command line's JSON and text need integer cents, so the table is read into ``int`` here, once,
instead of at every figure.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    import pandas as pd


class YearTotals(NamedTuple):
    """One calendar year of the household: the year and its figures in cents."""

    year: int
    gross: int
    aow: int
    pension: int
    wage: int
    income_tax: int
    zvw: int
    net: int


def year_totals(frame: pd.DataFrame) -> list[YearTotals]:
    """The rows of a calendar-year table (as ``household_years`` makes it), in its order."""
    columns = [frame[name].to_numpy() for name in YearTotals._fields]
    return [YearTotals(*(int(value) for value in row)) for row in zip(*columns, strict=True)]
