"""AOW age and AOW amounts against the published tables (nl-rules.md §8-§10).

AOW age: whoever reaches the AOW age in a calendar year has the age set for that year, and the
AOW starts on the day it is reached (art. 7a AOW; S50, S52, S55). Amounts: SVB's half-yearly
gross amounts and the monthly holiday accrual paid in May for May-April (S10-S19).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from pensioenchecker.rules.aow import (
    AowAgeTable,
    aow_age,
    aow_months,
    insured_share,
    may_payments,
)
from pensioenchecker.rules.parameters import Parameters
from pensioenchecker.rules.year import RulesBook

PUBLISHED = Path(__file__).parent / "fixtures" / "published"
AGES = yaml.safe_load((PUBLISHED / "aow_age.yaml").read_text(encoding="utf-8"))
AMOUNTS = yaml.safe_load((PUBLISHED / "aow_amounts.yaml").read_text(encoding="utf-8"))
FULL = 100_000  # a full AOW: 100 % in 1/100 000ths


def cents(text: str) -> int:
    scaled = Decimal(text) * 100
    assert scaled == scaled.to_integral_value(), text
    return int(scaled)


@pytest.fixture(scope="module")
def table(parameters: Parameters) -> AowAgeTable:
    return AowAgeTable.from_parameters(parameters)


def ages_for(table: AowAgeTable, births: list[str]) -> list[tuple[int, int, str, bool]]:
    result = aow_age(table, np.array(births, dtype="datetime64[D]"))
    return [
        (int(y), int(m), str(d), bool(k))
        for y, m, d, k in zip(result.years, result.months, result.date, result.known, strict=True)
    ]


# --- AOW age: one day either side of every boundary of the published table ---------------------

# (birth date, AOW age years, months, AOW date, known). nl-rules §9, S50/S51.
BOUNDARIES = [
    # 2023 (66y10m) | 2024 (67y): "born after 28 Feb 1957"
    ("1957-02-28", 66, 10, "2023-12-28", True),
    ("1957-03-01", 67, 0, "2024-03-01", True),
    # 2024 | 2025: "before 1 Jan 1958" / "after 31 Dec 1957"
    ("1957-12-31", 67, 0, "2024-12-31", True),
    ("1958-01-01", 67, 0, "2025-01-01", True),
    # 2025 | 2026
    ("1958-12-31", 67, 0, "2025-12-31", True),
    ("1959-01-01", 67, 0, "2026-01-01", True),
    # 2026 | 2027
    ("1959-12-31", 67, 0, "2026-12-31", True),
    ("1960-01-01", 67, 0, "2027-01-01", True),
    # 2027 (67y) | 2028 (67y3m): "born after 31 Dec 1960"
    ("1960-12-31", 67, 0, "2027-12-31", True),
    ("1961-01-01", 67, 3, "2028-04-01", True),
    # 2028 | 2029: "before 1 Oct 1961" / "after 30 Sep 1961"
    ("1961-09-30", 67, 3, "2028-12-30", True),
    ("1961-10-01", 67, 3, "2029-01-01", True),
    # 2029 | 2030
    ("1962-09-30", 67, 3, "2029-12-30", True),
    ("1962-10-01", 67, 3, "2030-01-01", True),
    # 2030 | 2031
    ("1963-09-30", 67, 3, "2030-12-30", True),
    ("1963-10-01", 67, 3, "2031-01-01", True),
    # 2031 | 2032 (not fixed by law yet: the latest known age is used, and flagged unknown)
    ("1964-09-30", 67, 3, "2031-12-30", True),
    ("1964-10-01", 67, 3, "2032-01-01", False),
    # Inside a range: born 10 May 1961 -> 67y3m on 10 Aug 2028
    ("1961-05-10", 67, 3, "2028-08-10", True),
]


@pytest.mark.parametrize(
    ("birth", "years", "months", "date", "known"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES]
)
def test_aow_age_boundaries(
    table: AowAgeTable, birth: str, years: int, months: int, date: str, known: bool
) -> None:
    assert ages_for(table, [birth]) == [(years, months, date, known)]


@pytest.mark.parametrize("year", sorted(AGES["by_year"]))
def test_published_birth_ranges(table: AowAgeTable, year: int) -> None:
    """The first and last birth dates of each published range reach the AOW age in that year."""
    row = AGES["by_year"][year]
    first = row["born_after"] + dt.timedelta(days=1)
    last = row["born_before"] - dt.timedelta(days=1)
    for born in (first, last):
        (got,) = ages_for(table, [born.isoformat()])
        assert got[:2] == (row["years"], row["months"])
        assert got[2].startswith(str(year))
        assert got[3]
    # and the days just outside belong to the neighbouring years
    before, after = ages_for(table, [row["born_after"].isoformat(), row["born_before"].isoformat()])
    assert not before[2].startswith(str(year))
    assert not after[2].startswith(str(year))


def _reference_age(birth: dt.date) -> tuple[int, int, dt.date, bool]:
    """Art. 7a AOW written out independently: the earliest year Y whose age A_Y, added to the
    birth date, falls in Y; before 2013 the age was 65; a day the month lacks -> its last day."""
    ages = {y: (r["years"], r["months"]) for y, r in AGES["earlier"]["ages"].items()}
    ages |= {y: (r["years"], r["months"]) for y, r in AGES["by_year"].items()}

    def plus(years: int, months: int) -> dt.date:
        total = birth.year * 12 + birth.month - 1 + years * 12 + months
        year, month = divmod(total, 12)
        day = birth.day
        while True:
            try:
                return dt.date(year, month + 1, day)
            except ValueError:
                day -= 1

    for year in sorted(ages):
        reached = plus(*ages[year])
        if reached.year == year:
            return (*ages[year], reached, True)
    before = AGES["earlier"]["before_2013"]
    reached = plus(before["years"], before["months"])
    if reached.year < min(ages):
        return before["years"], before["months"], reached, True
    last = ages[max(ages)]
    return (*last, plus(*last), False)


def test_aow_age_every_birth_date_1945_to_1966(table: AowAgeTable) -> None:
    """Every birth date from 1945 to 1966 against the independent reference."""
    start, end = dt.date(1945, 1, 1), dt.date(1966, 12, 31)
    births = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
    got = aow_age(table, np.array(births, dtype="datetime64[D]"))
    dates = got.date.astype(object)
    for i, birth in enumerate(births):
        years, months, date, known = _reference_age(birth)
        assert (int(got.years[i]), int(got.months[i]), dates[i], bool(got.known[i])) == (
            years,
            months,
            date,
            known,
        ), birth
    # A later birth never gets an earlier AOW date.
    assert (np.diff(got.date.astype(np.int64)) >= 0).all()


def test_aow_age_before_2013_and_first_transition(table: AowAgeTable) -> None:
    """Before 2013: 65. 2013: 65y1m ("born after 30 Nov 1947"), from the statutory schedule."""
    assert ages_for(table, ["1940-01-01", "1947-11-30", "1947-12-01"]) == [
        (65, 0, "2005-01-01", True),
        (65, 0, "2012-11-30", True),
        (65, 1, "2013-01-01", True),
    ]


def test_day_the_month_lacks_becomes_its_last_day(table: AowAgeTable) -> None:
    """The law is silent; the documented reading: born 29 Feb 1960 -> 67 on 28 Feb 2027;
    born 30 Nov 1961 -> 67y3m would be 30 Feb 2029 -> 28 Feb 2029."""
    assert ages_for(table, ["1960-02-29", "1961-11-30"]) == [
        (67, 0, "2027-02-28", True),
        (67, 3, "2029-02-28", True),
    ]


def test_birth_dates_outside_the_lookup_span(table: AowAgeTable) -> None:
    """The fast per-birth-month lookup covers 1880-2100; outside it, the same table is searched."""
    inside = ages_for(table, ["1970-06-15"])
    outside = ages_for(table, ["2150-06-15", "1970-06-15"])
    assert outside[1] == inside[0] == (67, 3, "2037-09-15", False)
    assert outside[0] == (67, 3, "2217-09-15", False)


# --- AOW amounts ---------------------------------------------------------------------------------

MONTHS = np.arange(np.datetime64("2024-05"), np.datetime64("2026-01"))  # 2024-05 .. 2025-12
LONG_AGO = np.datetime64("2000-01-01")


def full_year(
    book: RulesBook,
    couple: bool,
    months: np.ndarray = MONTHS,
    aow_date: np.datetime64 = LONG_AGO,
    share: int = FULL,
) -> tuple[Any, Any, Any]:
    n = len(months)
    gross, accrual = aow_months(
        book, months, np.full(n, couple), np.full(n, aow_date), np.full(n, share, dtype=np.int64)
    )
    return gross, accrual, may_payments(months, accrual)


@pytest.mark.parametrize("household", ["single", "couple"])
def test_annual_aow_2025_equals_published(book: RulesBook, household: str) -> None:
    """2025 incl. the May holiday payment: 20.192,44 single / 13.850,18 couple (S14).

    Single: 6 x 1.580,92 + 6 x 1.612,44 + 1.032,28 = 9.485,52 + 9.674,64 + 1.032,28.
    May 2025 single: 2 x 76,20 + 6 x 78,34 + 4 x 102,46 = 152,40 + 470,04 + 409,84 = 1.032,28;
    couple: 2 x 54,44 + 6 x 55,96 + 4 x 73,18 = 108,88 + 335,76 + 292,72 = 737,36.
    """
    months = MONTHS
    gross, accrual, may = full_year(book, household == "couple", months=months)
    in_2025 = months >= np.datetime64("2025-01")
    periods = AMOUNTS["periods"]
    jan, jul = periods[dt.date(2025, 1, 1)][household], periods[dt.date(2025, 7, 1)][household]
    assert gross[in_2025].tolist() == [cents(jan["gross"])] * 6 + [cents(jul["gross"])] * 6
    may_2025 = int(may[months == np.datetime64("2025-05")][0])
    assert may_2025 == cents(AMOUNTS["may_payment"][2025][household])
    assert may[in_2025].sum() == may_2025  # paid once a year
    annual = int(gross[in_2025].sum()) + may_2025
    assert annual == cents(AMOUNTS["annual_gross_including_may"][2025][household])
    # the accrual of the May 2025 window, month by month (May 2024 .. April 2025)
    window = accrual[:12]
    assert window.tolist() == (
        [cents(periods[dt.date(2024, 1, 1)][household]["holiday_accrual"])] * 2
        + [cents(periods[dt.date(2024, 7, 1)][household]["holiday_accrual"])] * 6
        + [cents(periods[dt.date(2025, 1, 1)][household]["holiday_accrual"])] * 4
    )


@pytest.mark.parametrize("household", ["single", "couple"])
def test_may_2026_holiday_payment_derived(book: RulesBook, household: str) -> None:
    """May 2026 (derived, nl-rules §8): 2 x 102,46 + 6 x 100,39 + 4 x 106,55 = 1.233,46 single;
    2 x 73,18 + 6 x 71,71 + 4 x 76,10 = 881,02 couple."""
    months = np.arange(np.datetime64("2025-05"), np.datetime64("2026-06"))
    _, _, may = full_year(book, household == "couple", months=months)
    assert int(may[-1]) == cents(AMOUNTS["may_payment"][2026][household])


def test_partial_aow_49_years(book: RulesBook, parameters: Parameters) -> None:
    """49 insured years -> 98 % (S53: one year abroad -> 98 %).

    January 2025 single: 1.580,92 x 98 % = 1.549,3016 -> 1.549,30; accrual 102,46 x 98 % =
    100,4108 -> 100,41. Couple: 1.081,50 x 98 % = 1.059,87.
    """
    rules = book.year(2025)
    example = AMOUNTS["insured_share"]["example"]
    share = insured_share(rules.aow_share_per_year, np.array([example["insured_years"]]))
    assert share[0] == int(Decimal(example["share_pct"]) * 1000) == 98_000
    months = np.array(["2025-01", "2025-01"], dtype="datetime64[M]")
    gross, accrual = aow_months(
        book, months, np.array([False, True]), np.full(2, LONG_AGO), np.full(2, share[0])
    )
    assert gross.tolist() == [154930, 105987]
    assert accrual[0] == 10041


@pytest.mark.parametrize(
    ("years", "share"),
    [(-1, 0), (0, 0), (1, 2000), (25, 50_000), (49, 98_000), (50, 100_000), (55, 100_000)],
)
def test_insured_share_is_two_percent_per_year_up_to_fifty(
    book: RulesBook, years: int, share: int
) -> None:
    assert insured_share(book.year(2025).aow_share_per_year, np.array([years]))[0] == share


def test_first_month_pro_rata_by_days(book: RulesBook) -> None:
    """AOW from 10 March 2025: 22 of March's 31 days (10..31).

    Gross 1.580,92 x 22 / 31 = 1.121,9432 -> 1.121,94; accrual 102,46 x 22 / 31 = 72,7148 ->
    72,71. Whole months after; nothing before. AOW on the 31st: 1.580,92 / 31 = 51,00 (50,997).
    """
    months = np.array(["2025-02", "2025-03", "2025-04"], dtype="datetime64[M]")
    aow_date = np.full(3, np.datetime64("2025-03-10"))
    gross, accrual = aow_months(book, months, np.full(3, False), aow_date, np.full(3, FULL))
    assert gross.tolist() == [0, 112194, 158092]
    assert accrual.tolist() == [0, 7271, 10246]
    on_first, _ = aow_months(
        book,
        months[1:2],
        np.array([False]),
        np.array([np.datetime64("2025-03-01")]),
        np.array([FULL]),
    )
    on_last, _ = aow_months(
        book,
        months[1:2],
        np.array([False]),
        np.array([np.datetime64("2025-03-31")]),
        np.array([FULL]),
    )
    assert on_first[0] == 158092
    assert on_last[0] == 5100


def test_partial_aow_in_the_first_month(book: RulesBook) -> None:
    """98 % and from 10 March 2025: 1.549,30 x 22 / 31 = 1.099,5032 -> 1.099,50
    (1.580,92 x 98 % x 22 / 31 = 1.099,504 rounds the same)."""
    gross, _ = aow_months(
        book,
        np.array(["2025-03"], dtype="datetime64[M]"),
        np.array([False]),
        np.array([np.datetime64("2025-03-10")]),
        np.array([98_000]),
    )
    assert gross[0] == 109950


def test_may_payment_after_a_mid_year_start(book: RulesBook) -> None:
    """AOW from 15 November 2024: November 16 / 30 of the accrual 78,34 = 41,7813 -> 41,78;
    December 78,34; January-April 2025 4 x 102,46 = 409,84. May 2025: 41,78 + 78,34 + 409,84 =
    529,96. Gross November: 1.569,75 x 16 / 30 = 837,20."""
    months = np.arange(np.datetime64("2024-01"), np.datetime64("2025-06"))
    n = len(months)
    gross, accrual = aow_months(
        book, months, np.full(n, False), np.full(n, np.datetime64("2024-11-15")), np.full(n, FULL)
    )
    november = months == np.datetime64("2024-11")
    assert gross[november][0] == 83720
    assert accrual[november][0] == 4178
    may = may_payments(months, accrual)
    assert may[months == np.datetime64("2025-05")][0] == 52996
    assert may[months == np.datetime64("2024-05")][0] == 0


def test_july_2026_uses_january_amounts(book: RulesBook) -> None:
    """July 2026 amounts were NOT FOUND: January's 1.637,57 / 1.122,12 continue (S12/S17)."""
    months = np.array(["2026-06", "2026-07", "2026-12"], dtype="datetime64[M]")
    for couple, amount in ((False, "1637.57"), (True, "1122.12")):
        gross, _ = aow_months(
            book, months, np.full(3, couple), np.full(3, LONG_AGO), np.full(3, FULL)
        )
        assert gross.tolist() == [cents(amount)] * 3
