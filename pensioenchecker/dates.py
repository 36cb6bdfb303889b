"""Calendar arithmetic on single dates: months later, and age in completed years and months.

One reading throughout, that of ``dateutil.relativedelta`` and of the AOW rules
(``rules.aow.add_months_clamped``, the same on arrays): a month later is the same day, or the
last day of a shorter month; an age of N months is reached on the date N months after birth.
So someone born on 29 February turns 67 on 28 February in a common year, and someone born on
31 January is one month old on 28 (or 29) February.
"""

from __future__ import annotations

import datetime as dt
from typing import TypeVar

from dateutil.relativedelta import relativedelta

DAYS_PER_YEAR = 365.25
"""The mean length of a year, for drawing ages on a continuous axis (never for a rule)."""

Moment = TypeVar("Moment", dt.date, dt.datetime)


def add_months(moment: Moment, months: int) -> Moment:
    """The same day (and time) ``months`` later; the last day when that month is shorter."""
    result: Moment = moment + relativedelta(months=months)
    return result


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole months from ``start`` to ``end``: a month counts on the day it is reached."""
    if end < start:
        raise ValueError(f"{end} lies before {start}")
    span = relativedelta(end, start)
    return span.years * 12 + span.months


def age_on(birth: dt.date, day: dt.date) -> tuple[int, int]:
    """Completed years and months of age on ``day``; refuses a day before the birth date."""
    if day < birth:
        raise ValueError(f"{day} lies before the birth date {birth}")
    return divmod(months_between(birth, day), 12)


def years_between(start: dt.date, end: dt.date) -> float:
    """Years as a fraction, for a chart's age axis only; rules use whole months."""
    return (end - start).days / DAYS_PER_YEAR
