"""AOW: the age and start date from the birth date, and the gross amounts per month.

Art. 7a AOW: whoever reaches the AOW age in a calendar year has the age set for that year; the
AOW starts on the day that age is reached (since April 2012). Amounts: SVB's half-yearly tables,
a fixed holiday allowance accruing per month and paid in May, 2 % per insured year.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt

from pensioenchecker.money import RATE_SCALE, IntArray, half_up_div
from pensioenchecker.rules.parameters import Parameters
from pensioenchecker.rules.year import RulesBook

DateArray = npt.NDArray[np.datetime64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class AowAgeTable:
    """The AOW-age table as arrays: year reached -> age in months.

    Whether an age is reached in a given year depends only on the birth month, so the table is
    also laid out per birth month (``by_birth_month``) for a lookup instead of a search.
    """

    years: IntArray
    age_months: IntArray
    before_months: int

    @classmethod
    def from_parameters(cls, parameters: Parameters) -> AowAgeTable:
        """Build the arrays from the validated ``aow_age.yaml``."""
        rows = sorted(parameters.aow_age.by_year.items())
        before = parameters.aow_age.before_first_year
        return cls(
            years=np.array([y for y, _ in rows], dtype=np.int64),
            age_months=np.array([r.years * 12 + r.months for _, r in rows], dtype=np.int64),
            before_months=before.years * 12 + before.months,
        )

    @cached_property
    def by_birth_month(self) -> tuple[int, IntArray, BoolArray]:
        """(first birth month index, age in months, known) for birth months 1880-2100."""
        first = (1880 - 1970) * 12
        months = np.arange(first, (2101 - 1970) * 12, dtype=np.int64)
        age, known = self.search(months)
        return first, age, known

    def search(self, birth_month_index: IntArray) -> tuple[IntArray, BoolArray]:
        """Age in months and whether the law fixes it, by searching the table (art. 7a AOW)."""
        age = np.full(birth_month_index.shape, -1, dtype=np.int64)
        for year, months in zip(self.years, self.age_months, strict=True):
            reached_year = (birth_month_index + months) // 12 + 1970
            age = np.where((age < 0) & (reached_year == year), months, age)
        matched = age >= 0
        before = (birth_month_index + self.before_months) // 12 + 1970 < int(self.years[0])
        age = np.where(matched, age, np.where(before, self.before_months, self.age_months[-1]))
        return age, matched | before


@dataclass(frozen=True)
class AowAge:
    """AOW age and start date per person; ``known`` is False where the law has not fixed it."""

    years: IntArray
    months: IntArray
    date: DateArray
    known: BoolArray


def date_parts(dates: DateArray) -> tuple[IntArray, IntArray, IntArray]:
    """Year, month (1-12) and day of datetime64[D] arrays."""
    months = dates.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (dates - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def add_months_clamped(birth: DateArray, months: IntArray) -> DateArray:
    """The date ``months`` after ``birth``; a day the month lacks becomes its last day.

    (Born 29 February: 28 February in a common year. The law is silent; this is our reading.)
    """
    first = birth.astype("datetime64[M]") + months
    length = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(np.int64)
    _, _, day = date_parts(birth)
    reached: DateArray = first.astype("datetime64[D]") + (np.minimum(day, length) - 1)
    return reached


def aow_age(table: AowAgeTable, birth: DateArray) -> AowAge:
    """AOW age and AOW date for each birth date (datetime64[D] array)."""
    birth = np.asarray(birth, dtype="datetime64[D]")
    month_index = birth.astype("datetime64[M]").astype(np.int64)  # months since 1970-01
    first, ages, knowns = table.by_birth_month
    at = month_index - first
    inside = (at >= 0) & (at < len(ages))
    if inside.all():
        age, known = ages[at], knowns[at]
    else:
        age, known = table.search(month_index)
    date = add_months_clamped(birth, age)
    return AowAge(years=age // 12, months=age % 12, date=date, known=known)


def aow_full_months(
    book: RulesBook, months: DateArray, couple: BoolArray, insured_share: IntArray
) -> tuple[IntArray, IntArray]:
    """Gross AOW and holiday accrual for whole calendar months, cents (before any pro rata).

    ``insured_share`` is the share of the full AOW in 1/100 000ths (2 % per insured year).
    """
    months = np.asarray(months, dtype="datetime64[M]")
    index = months.astype(np.int64)
    years = index // 12 + 1970
    table = book.aow_month_table(int(years.min()), int(years.max()))
    at = index - table.first_month
    gross = np.where(couple, table.couple_gross[at], table.single_gross[at])
    accrual = np.where(couple, table.couple_accrual[at], table.single_accrual[at])
    return (
        half_up_div(gross * insured_share, RATE_SCALE),
        half_up_div(accrual * insured_share, RATE_SCALE),
    )


def active_days(
    months: DateArray, start: DateArray | np.datetime64, end: DateArray | np.datetime64
) -> tuple[IntArray, IntArray]:
    """Days of each month within [start, end) and the month's length in days."""
    months = np.asarray(months, dtype="datetime64[M]")
    first = months.astype("datetime64[D]")
    after = (months + 1).astype("datetime64[D]")
    length = (after - first).astype(np.int64)
    lo = np.maximum(first, np.asarray(start, dtype="datetime64[D]"))
    hi = np.minimum(after, np.asarray(end, dtype="datetime64[D]"))
    return np.clip((hi - lo).astype(np.int64), 0, length), length


def pro_rata(amount: IntArray, days: IntArray, length: IntArray) -> IntArray:
    """Amount x days / days-in-month, half up to the cent (a month's part of a payment)."""
    return np.asarray(np.floor_divide(2 * amount * days + length, 2 * length), dtype=np.int64)


def aow_months(
    book: RulesBook,
    months: DateArray,
    couple: BoolArray,
    aow_date: DateArray,
    insured_share: IntArray,
) -> tuple[IntArray, IntArray]:
    """Gross AOW and holiday accrual per calendar month, cents, from the AOW date on.

    The first month is paid pro rata by days (our reading of SVB's payment from the day the
    AOW age is reached).
    """
    gross, accrual = aow_full_months(book, months, couple, insured_share)
    days, length = active_days(months, aow_date, np.array(["9999-12-31"], dtype="datetime64[D]"))
    return pro_rata(gross, days, length), pro_rata(accrual, days, length)


def may_payments(months: DateArray, accrual: IntArray) -> IntArray:
    """Holiday allowance paid per month: in May, the accruals of May last year to April.

    ``months`` must be consecutive calendar months; accrual before the first month is taken from
    the caller (pass earlier months to include it).
    """
    months = np.asarray(months, dtype="datetime64[M]")
    cumulative = np.concatenate([[0], np.cumsum(accrual)])
    index = np.arange(len(months))
    is_may = months.astype(np.int64) % 12 == 4
    window_start = np.maximum(index - 12, 0)
    paid = cumulative[index] - cumulative[window_start]
    return np.where(is_may, paid, 0)


def insured_share(rules_share_per_year: int, insured_years: IntArray) -> IntArray:
    """Share of the full AOW: 2 % per insured year, at most 100 % (50 years)."""
    return np.clip(insured_years, 0, 50) * rules_share_per_year
