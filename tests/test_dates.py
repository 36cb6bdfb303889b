"""The one calendar helper: months later and ages, at the boundaries where they differ."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from pensioenchecker.dates import add_months, age_on, months_between, years_between
from pensioenchecker.model import Age
from pensioenchecker.rules.aow import add_months_clamped


def test_a_month_later_is_the_same_day_or_the_last_day_of_a_shorter_month() -> None:
    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2028, 1, 31), 1) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 3, 31), 1) == dt.date(2026, 4, 30)
    assert add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 12) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 2, 29), 48) == dt.date(2028, 2, 29)
    assert add_months(dt.date(2026, 5, 15), -5) == dt.date(2025, 12, 15)


def test_a_moment_keeps_its_time_and_zone() -> None:
    moment = dt.datetime(2026, 12, 31, 23, 59, 58, tzinfo=dt.UTC)
    assert add_months(moment, 2) == dt.datetime(2027, 2, 28, 23, 59, 58, tzinfo=dt.UTC)


def test_an_age_turns_on_its_day_not_a_day_before() -> None:
    birth = dt.date(1960, 5, 10)
    assert age_on(birth, dt.date(2027, 5, 9)) == (66, 11)
    assert age_on(birth, dt.date(2027, 5, 10)) == (67, 0)
    assert age_on(birth, dt.date(2027, 5, 11)) == (67, 0)
    assert age_on(birth, dt.date(2027, 6, 9)) == (67, 0)
    assert age_on(birth, dt.date(2027, 6, 10)) == (67, 1)
    assert age_on(birth, birth) == (0, 0)
    with pytest.raises(ValueError, match="before the birth date"):
        age_on(birth, dt.date(1960, 5, 9))


def test_born_on_29_february() -> None:
    """Turns 67 on 28 February in a common year and on 29 February in a leap year."""
    birth = dt.date(1960, 2, 29)
    assert age_on(birth, dt.date(2027, 2, 27)) == (66, 11)
    assert age_on(birth, dt.date(2027, 2, 28)) == (67, 0)
    assert age_on(birth, dt.date(2027, 3, 1)) == (67, 0)
    assert age_on(birth, dt.date(2028, 2, 28)) == (67, 11)
    assert age_on(birth, dt.date(2028, 2, 29)) == (68, 0)
    assert age_on(birth, dt.date(2028, 3, 28)) == (68, 0)
    assert age_on(birth, dt.date(2028, 3, 29)) == (68, 1)


def test_born_on_the_31st_a_month_is_reached_on_the_last_day_of_a_shorter_month() -> None:
    birth = dt.date(1960, 1, 31)
    assert age_on(birth, dt.date(2027, 4, 29)) == (67, 2)
    assert age_on(birth, dt.date(2027, 4, 30)) == (67, 3)
    assert months_between(birth, dt.date(1960, 2, 28)) == 0
    assert months_between(birth, dt.date(1960, 2, 29)) == 1


def test_the_age_reached_on_a_date_leads_back_to_that_date_as_the_aow_rules_count() -> None:
    """age_on and the AOW rules' array form agree: N months after birth is the day N is reached."""
    births = [dt.date(1960, 1, 1) + dt.timedelta(days=n) for n in range(0, 3 * 366, 7)]
    births += [dt.date(1960, 2, 29), dt.date(1964, 2, 29), dt.date(1961, 1, 31)]
    months = np.arange(0, 900, 37)
    for birth in births:
        reached = add_months_clamped(
            np.full(len(months), birth, dtype="datetime64[D]"), months
        ).astype(dt.date)
        for count, day in zip(months.tolist(), reached.tolist(), strict=True):
            assert add_months(birth, count) == day
            assert months_between(birth, day) == count
            if count:
                assert months_between(birth, day - dt.timedelta(days=1)) == count - 1


def test_years_between_is_for_drawing_only() -> None:
    assert years_between(dt.date(2000, 1, 1), dt.date(2000, 1, 1)) == 0.0
    assert years_between(dt.date(2000, 1, 1), dt.date(2001, 1, 1)) == pytest.approx(366 / 365.25)


def test_an_age_in_months_and_back() -> None:
    """The what-if sliders count months; a start age is written in years and months."""
    for months in (0, 1, 11, 12, 13, 67 * 12 + 3, 120 * 12 + 11):
        age = Age.from_months(months)
        assert age.total_months() == months
        assert (age.years, age.months) == divmod(months, 12)
    assert Age.from_months(67 * 12 + 3) == Age(years=67, months=3)


def test_the_overview_age_and_the_aow_age_read_a_birthday_alike() -> None:
    """A day before the 67th birthday is 66 years 11 months; on it, 67; born 29 February too."""
    for birth, day_67 in (
        (dt.date(1960, 5, 10), dt.date(2027, 5, 10)),
        (dt.date(1960, 2, 29), dt.date(2027, 2, 28)),
        (dt.date(1964, 2, 29), dt.date(2031, 2, 28)),
    ):
        assert age_on(birth, day_67 - dt.timedelta(days=1)) == (66, 11)
        assert age_on(birth, day_67) == (67, 0)
        assert age_on(birth, day_67 + dt.timedelta(days=1)) == (67, 0)
        assert add_months(birth, 67 * 12) == day_67


def test_years_between_one_day_either_side_of_a_birthday() -> None:
    birth = dt.date(1960, 5, 10)
    assert (
        years_between(birth, dt.date(2027, 5, 9)) < 67 < years_between(birth, dt.date(2027, 5, 11))
    )
    assert years_between(dt.date(2028, 2, 28), dt.date(2028, 3, 1)) == pytest.approx(2 / 365.25)
