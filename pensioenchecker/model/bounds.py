"""What a dossier may plausibly hold: the limits on amounts, dates and counts, in one place.

Every figure reaches the rules as int64 cents. Bounding what the model accepts keeps every sum
and every product with a rate (1/100 000ths) far from 2^63, so nothing can overflow silently,
and a hostile or broken file is refused in one line rather than crashing a projection or taking
seconds over thousands of lines. The importers refuse earlier with their own words; these are
the last word for anything that builds a dossier (a saved file, a share, the window's forms).
"""

from __future__ import annotations

import datetime as dt
from typing import Final

MAX_ANNUAL_CENTS: Final = 100_000_000 * 100
"""An amount per year (a pension, a wage, a tax year's income, a lump sum) is below
€ 100 million."""
MAX_BALANCE_CENTS: Final = 1_000_000_000 * 100
"""A standing amount (a home's value, a debt, savings, one bank booking) is below € 1 billion."""
FIRST_DATE: Final = dt.date(1900, 1, 1)
"""No date in a dossier lies before this one, and nobody in it was born earlier."""
LAST_DATE: Final = dt.date(2200, 12, 31)
"""No date in a dossier lies after this one (birth dates end at today: ``clock.today()``)."""
MAX_LINES: Final = 400
"""At most this many entitlements, income lines, lump sums, employment periods, debts, homes,
tax years and source documents each per dossier; a real household has a few dozen."""
MAX_TRANSACTIONS: Final = 200_000
"""Bank bookings per dossier: decades of several accounts."""
MAX_WARNINGS: Final = 2_000


def describe() -> str:
    """The limits in one line, for documentation and messages."""
    return (
        f"amounts below € {MAX_ANNUAL_CENTS // 100:,} a year (standing amounts below "
        f"€ {MAX_BALANCE_CENTS // 100:,}), dates {FIRST_DATE.isoformat()} to "
        f"{LAST_DATE.isoformat()} (birth dates up to today), at most {MAX_LINES} lines of each "
        f"kind and {MAX_TRANSACTIONS:,} bank bookings"
    ).replace(",", ".")
