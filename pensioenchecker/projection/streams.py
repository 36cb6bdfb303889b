"""The household's payment lines over a month grid: what each line pays, month by month.

A stream is one line (the AOW, a pension, a wage, a lump sum) of one person, from its start to
its end, both as its full-month rate (for the phases) and as the cash actually paid (for the
calendar years). An assumed death stops the person's lines and starts the partner's.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from pensioenchecker.i18n import N_
from pensioenchecker.model import Dossier, Entitlement, IncomeLine, LumpSum, Moment, Person
from pensioenchecker.money import IntArray
from pensioenchecker.rules.aow import add_months_clamped, aow_full_months, may_payments, pro_rata
from pensioenchecker.rules.notes import LineName, note
from pensioenchecker.rules.year import RulesBook

BoolArray = npt.NDArray[np.bool_]
FOREVER = np.datetime64("9999-12-31", "D")
MONTHS_PER_YEAR = 12
FULL_AOW_YEARS = 50
AOW_SHARE_PER_YEAR = 2_000  # 2 % in 1/100 000ths of the full AOW, per insured year


@dataclass(frozen=True)
class Stream:
    """One payment line of one person: AOW, a pension, a wage."""

    id: str
    person: int
    kind: str  # aow | old_age | partner | wage | benefit | other | lump_sum
    payer: str
    start: np.datetime64
    end: np.datetime64  # exclusive
    full_month: IntArray  # gross for a whole month, over the month grid
    accrual: IntArray  # AOW holiday accrual per whole month (zero for other lines)
    cash: IntArray  # what is actually paid per month (pro rata, May holiday allowance)
    annual: int  # gross per year at full rate for pensions and wages (exact); 0 for the AOW
    white_table: bool
    lhk: bool | None
    net_already: bool
    certain: bool


class MonthGrid:
    """The month grid: from a year before the first projected January to the horizon.

    The year before is there so that the AOW holiday allowance paid in the first May has the
    months it accrued in.
    """

    def __init__(self, first_year: int, horizon: np.datetime64) -> None:
        self.first = np.datetime64(f"{first_year - 1}-01", "M")
        self.last = horizon.astype("datetime64[M]")
        self.months = np.arange(self.first, self.last + 1)
        self.visible = self.months >= np.datetime64(f"{first_year}-01", "M")
        self.first_day = self.months.astype("datetime64[D]")
        self.next_first_day = (self.months + 1).astype("datetime64[D]")
        self.length = (self.next_first_day - self.first_day).astype(np.int64)

    def days(self, start: np.datetime64, end: np.datetime64) -> IntArray:
        """Days of each grid month within [start, end) (``active_days`` on the fixed grid)."""
        lo = np.maximum(self.first_day, start)
        hi = np.minimum(self.next_first_day, end)
        return np.asarray(np.clip((hi - lo).astype(np.int64), 0, self.length), dtype=np.int64)

    def zeros(self) -> IntArray:
        """A month series of nothing paid."""
        return np.zeros(len(self.months), dtype=np.int64)


def partner_index(people: list[Person]) -> list[int | None]:
    """For each person, the index of the partner in the household (fiscal partner first)."""
    ids = {p.id: i for i, p in enumerate(people)}
    partners: list[int | None] = []
    for i, person in enumerate(people):
        if person.fiscal_partner in ids:
            partners.append(ids[person.fiscal_partner])
        elif len(people) == 2 and person.household_status == "couple":  # noqa: PLR2004
            partners.append(1 - i)
        else:
            partners.append(None)
    return partners


def death_ends(people: list[Person]) -> np.ndarray:
    """Per person the first day of the month after an assumed death, or FOREVER.

    From that day the person's payments have stopped, and the partner's partner pension and
    single AOW have begun.
    """
    return np.array(
        [
            (np.datetime64(p.death_date, "M") + 1).astype("datetime64[D]")
            if p.death_date
            else FOREVER
            for p in people
        ],
        dtype="datetime64[D]",
    )


def single_mask(people: list[Person]) -> BoolArray:
    """Per person, whether the file says they live alone (the tax and AOW rates differ)."""
    return np.array([p.household_status == "single" for p in people], dtype=bool)


def partner_stops(people: list[Person]) -> np.ndarray:
    """Per person, the day the partner's assumed death takes effect (FOREVER if none)."""
    stops = death_ends(people)
    return np.array(
        [stops[k] if k is not None else FOREVER for k in partner_index(people)],
        dtype="datetime64[D]",
    )


def spread_over_months(annual_cents: int, months: np.ndarray) -> IntArray:
    """An annual amount paid in twelve monthly parts that add up to it exactly.

    Month m (1-12) gets floor(A x m / 12) - floor(A x (m - 1) / 12), so a full year is A.
    """
    month_no = np.asarray(months, dtype="datetime64[M]").astype(np.int64) % 12 + 1
    annual = np.int64(annual_cents)
    return (annual * month_no) // MONTHS_PER_YEAR - (annual * (month_no - 1)) // MONTHS_PER_YEAR


def _month_start(date: np.datetime64) -> np.datetime64:
    first: np.datetime64 = date.astype("datetime64[M]").astype("datetime64[D]")
    return first


def _year_start(date: np.datetime64) -> np.datetime64:
    """1 January of the date's year."""
    return np.datetime64(f"{date.astype('datetime64[Y]')}-01-01", "D")


def _moment_date(
    person_birth: np.datetime64, moment: Moment | None, default: np.datetime64
) -> np.datetime64:
    """The first day of the month in which an age is reached; events give ``default``."""
    if moment is None or moment.age is None:
        return default
    reached = add_months_clamped(np.array([person_birth]), np.array([moment.age.total_months()]))
    return _month_start(reached[0])


@dataclass(frozen=True)
class _Household:
    """What every line of the household needs to know about its people and the time frame."""

    book: RulesBook
    grid: MonthGrid
    people: list[Person]
    index: dict[str, int]
    births: np.ndarray
    aow_dates: np.ndarray
    partners: list[int | None]
    stops: np.ndarray
    horizon: np.datetime64
    as_of: np.datetime64

    def couple_months(self, person: int) -> BoolArray:
        """Months in which the person counts as one of a couple (single AOW after a death)."""
        couple = np.full(len(self.grid.months), self.people[person].household_status == "couple")
        partner = self.partners[person]
        if partner is not None:
            couple &= self.grid.first_day < self.stops[partner]
        return couple


def household_streams(
    dossier: Dossier,
    book: RulesBook,
    grid: MonthGrid,
    births: np.ndarray,
    aow_dates: np.ndarray,
    horizon: np.datetime64,
    as_of: np.datetime64,
    assumptions: list[str],
) -> list[Stream]:
    """Every payment line of the household over the month grid.

    The order (entitlements, income lines, lump sums, each in the file's order) is the order of
    the lines in every phase and of the monthly table's columns.
    """
    people = dossier.household.persons
    home = _Household(
        book,
        grid,
        people,
        {p.id: i for i, p in enumerate(people)},
        births,
        aow_dates,
        partner_index(people),
        death_ends(people),
        horizon,
        as_of,
    )
    streams = [_entitlement_stream(home, ent, assumptions) for ent in dossier.entitlements]
    return [
        *(s for s in streams if s is not None),
        *(_income_stream(home, line) for line in dossier.income_lines),
        *(_lump_sum_stream(home, lump) for lump in dossier.lump_sums),
    ]


def _entitlement_stream(
    home: _Household, ent: Entitlement, assumptions: list[str]
) -> Stream | None:
    """The AOW or a pension; a partner pension only once an assumed death starts it."""
    person = home.index[ent.person_id]
    partner = home.partners[person]
    if ent.kind == "partner" and partner is not None and home.stops[person] != FOREVER:
        return _partner_pension_stream(home, ent, person, partner)
    if ent.kind in ("partner", "orphan"):
        return None  # paid only after a death that the file does not assume
    if ent.kind == "aow":
        return _aow_stream(home, ent, person, assumptions)
    return _pension_stream(home, ent, person)


def _partner_pension_stream(
    home: _Household, ent: Entitlement, person: int, partner: int
) -> Stream:
    """The survivor's partner pension: from the month after the death to the survivor's own."""
    assert ent.annual_gross is not None  # validated by the model
    survivor_end = home.stops[partner]
    return _steady_stream(
        home.grid,
        ent.id,
        partner,
        "partner",
        ent.provider,
        home.stops[person],
        survivor_end if survivor_end != FOREVER else home.horizon,
        ent.annual_gross.cents,
        lhk=ent.loonheffingskorting,
        white=False,
        net_already=ent.net_already,
        certain=ent.certain,
    )


def _aow_stream(home: _Household, ent: Entitlement, person: int, assumptions: list[str]) -> Stream:
    """The AOW by the law's amounts (couple or single per month), with May's holiday pay."""
    years = FULL_AOW_YEARS if ent.aow_insured_years is None else ent.aow_insured_years
    months = home.grid.months
    share = np.full(len(months), years * AOW_SHARE_PER_YEAR, dtype=np.int64)
    if ent.annual_gross is not None:
        assumptions.append(
            note(
                "aow.law_amounts",
                N_(
                    "{line}: the AOW follows the law's amounts for {years} insured years, not "
                    "the file's annual figure"
                ),
                line=LineName(ent.id, "AOW"),
                years=str(years),
            )
        )
    full, accrual = aow_full_months(home.book, months, home.couple_months(person), share)
    start, end = home.aow_dates[person], min(home.horizon, home.stops[person])
    days, length = home.grid.days(start, end), home.grid.length
    cash = pro_rata(full, days, length) + may_payments(months, pro_rata(accrual, days, length))
    return Stream(
        ent.id, person, "aow", "SVB", start, end, full, accrual, cash, 0,
        False, ent.loonheffingskorting, ent.net_already, ent.certain,
    )  # fmt: skip


def _pension_stream(home: _Household, ent: Entitlement, person: int) -> Stream:
    """An old-age pension: the file's annual amount between its start and end ages."""
    assert ent.annual_gross is not None  # validated by the model
    # Paid now: it ran the whole as-of year too, so that year's cash and tax are whole.
    start_default = _year_start(home.as_of) if ent.start.event == "now" else FOREVER
    start = _moment_date(home.births[person], ent.start, start_default)
    end = _moment_date(home.births[person], ent.end, home.horizon)
    full = spread_over_months(ent.annual_gross.cents, home.grid.months)
    end = min(end, home.stops[person])
    cash = pro_rata(full, home.grid.days(start, end), home.grid.length)
    return Stream(
        ent.id, person, "old_age", ent.provider, start, end, full, home.grid.zeros(), cash,
        ent.annual_gross.cents, False, ent.loonheffingskorting, ent.net_already, ent.certain,
    )  # fmt: skip


def _income_stream(home: _Household, line: IncomeLine) -> Stream:
    """A wage, benefit or other income between its dates (open ends: the grid's edges)."""
    person = home.index[line.person_id]
    grid = home.grid
    start = np.datetime64(line.start, "D") if line.start else grid.first.astype("datetime64[D]")
    end = np.datetime64(line.end, "D") + 1 if line.end else home.horizon
    return _steady_stream(
        grid,
        line.id,
        person,
        line.kind,
        line.payer,
        start,
        min(end, home.stops[person]),
        line.annual_gross.cents,
        lhk=line.loonheffingskorting,
        white=line.kind == "wage",
        net_already=False,
        certain=True,
    )


def _lump_sum_stream(home: _Household, lump: LumpSum) -> Stream:
    """A one-off payment: cash in its month only.

    So it counts in that calendar year and never in a phase's monthly figures.
    """
    months = home.grid.months
    cash = home.grid.zeros()
    cash[months == np.datetime64(lump.date, "M")] = lump.amount.cents
    zeros = home.grid.zeros()
    return Stream(
        lump.id, home.index[lump.person_id], "lump_sum", lump.payer, FOREVER, FOREVER,
        zeros, zeros, cash, 0, False, False, False, True,
    )  # fmt: skip


def _steady_stream(
    grid: MonthGrid,
    stream_id: str,
    person: int,
    kind: str,
    payer: str,
    start: np.datetime64,
    end: np.datetime64,
    annual_cents: int,
    *,
    lhk: bool | None,
    white: bool,
    net_already: bool,
    certain: bool,
) -> Stream:
    """A line that pays an annual amount in twelve parts between ``start`` and ``end``."""
    full = spread_over_months(annual_cents, grid.months)
    days = grid.days(start, end)
    return Stream(
        stream_id,
        person,
        kind,
        payer,
        start,
        end,
        full,
        grid.zeros(),
        pro_rata(full, days, grid.length),
        annual_cents,
        white,
        lhk,
        net_already,
        certain,
    )
