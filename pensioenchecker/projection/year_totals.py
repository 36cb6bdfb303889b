"""The household's calendar-year table as typed rows: whole cents by name.

pandas types each cell of a row as any scalar at all (a string, a date, a missing value); the
command line's JSON and text need integer cents, so the table is read into ``int`` here, once,
instead of at every figure. ``household_year_totals`` adds the persons up straight from the
projection's arrays, so the window and the command line's ``project`` never load pandas (a
quarter of a second at start-up, and 19 MB of the installable bundle).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

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


def household_year_totals(
    year_columns: Mapping[str, np.ndarray], first: int | None = None
) -> list[YearTotals]:
    """Calendar-year totals of the household (all persons added up), by year.

    The same rows as ``year_totals(household_years(projection))``, from the projection's
    ``year_columns``; ``first`` keeps only that many years.
    """
    if not year_columns or len(year_columns["year"]) == 0:
        return []
    distinct, row_year = np.unique(np.asarray(year_columns["year"]), return_inverse=True)
    sums = []
    for name in YearTotals._fields[1:]:
        total = np.zeros(len(distinct), dtype=np.int64)
        np.add.at(total, row_year, np.asarray(year_columns[name], dtype=np.int64))
        sums.append(total)
    return [
        YearTotals(int(year), *(int(column[i]) for column in sums))
        for i, year in enumerate(distinct[:first])
    ]
