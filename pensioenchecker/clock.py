"""The one clock: every "now" and "today" in Pensioenchecker comes from here.

A projection, a consent receipt and a purge all depend on the date. Asking the system in many
places made results drift with the real calendar and tests fail on a fixed date. Here the
moment can be set: by the command line's ``--as-of``/``--at``, by the window's start-up and by
tests (``frozen``). Without a setting it is the system's clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

NETHERLANDS = ZoneInfo("Europe/Amsterdam")
"""Dates are Dutch calendar dates: a payment date or an AOW date is the date in Amsterdam."""

_fixed: dt.datetime | None = None


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)


def now() -> dt.datetime:
    """The current moment in UTC (receipts cut it to whole seconds themselves)."""
    moment = _fixed if _fixed is not None else dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC)


def today() -> dt.date:
    """Today's date in the Netherlands."""
    return now().astimezone(NETHERLANDS).date()


def set_now(moment: dt.datetime | dt.date | None) -> None:
    """Fix the clock at ``moment`` (a date means noon in the Netherlands); None frees it."""
    global _fixed
    if moment is None or isinstance(moment, dt.datetime):
        _fixed = _aware(moment) if moment is not None else None
    else:
        _fixed = dt.datetime.combine(moment, dt.time(12), NETHERLANDS)


@contextmanager
def frozen(moment: dt.datetime | dt.date) -> Iterator[None]:
    """The clock fixed at ``moment`` inside the block, and as it was afterwards."""
    global _fixed
    before = _fixed
    set_now(moment)
    try:
        yield
    finally:
        _fixed = before
