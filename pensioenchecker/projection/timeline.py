"""A dossier becomes a household timeline: events cut it into phases, months add up to years.

Timing conventions (each listed in the projection's assumptions):
- the AOW starts on the day the AOW age is reached; its first month is paid pro rata by days;
- a pension starts on the first day of the month in which its start age is reached and ends on
  the first day of the month in which its end age is reached (fund rules differ; the file's ages
  are what we have);
- holiday allowance of the AOW accrues per month and is paid in May;
- a phase's figures are steady-state: a full month at that phase's rates, annualised as
  Mijnpensioenoverzicht does (annual view), and what each payer withholds that month;
- a calendar year's figures are the actual cash of that year, taxed with that year's rules,
  including the month-dependent bracket-1 rate in the year the AOW age is reached.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from pensioenchecker.model import Dossier, Moment, Person
from pensioenchecker.money import CENTS, IntArray, half_up_div
from pensioenchecker.rules.annual import AnnualNet, annual_net, box1_group, tax_group
from pensioenchecker.rules.aow import (
    AowAgeTable,
    add_months_clamped,
    aow_age,
    aow_full_months,
    may_payments,
    pro_rata,
)
from pensioenchecker.rules.trace import Trace
from pensioenchecker.rules.withholding import Withholding, monthly_withholding
from pensioenchecker.rules.year import RulesBook

if TYPE_CHECKING:
    import pandas as pd

BoolArray = npt.NDArray[np.bool_]
FOREVER = np.datetime64("9999-12-31", "D")
MONTHS_PER_YEAR = 12

TIMING_ASSUMPTIONS = (
    "AOW starts on the day the AOW age is reached; the first month is paid pro rata by days.",
    "A pension starts on the first day of the month in which its start age is reached.",
    "AOW holiday allowance accrues per month and is paid in May; pensions and wages are paid "
    "in twelve equal parts (their holiday pay spread over the year).",
    "Amounts after the last year with published figures are not indexed (nominal, today's level).",
    "Partner and orphan pensions pay only after a death; they are listed, not added to income "
    "(the survivor what-if adds the partner pension from the month after the death).",
    "Without an instruction in the dossier, SVB applies the loonheffingskorting to the AOW; "
    "before the AOW, the largest payer applies it.",
)


@dataclass(frozen=True)
class Stream:
    """One payment line of one person: AOW, a pension, a wage."""

    id: str
    person: int
    kind: str  # aow | old_age | wage | benefit | other
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


@dataclass(frozen=True)
class PhaseLine:
    """One payer's line in a phase: gross per month and what the payer withholds."""

    stream_id: str
    person_id: str
    kind: str
    payer: str
    gross_monthly: int
    holiday_accrual_monthly: int
    loonheffingskorting: bool
    loonheffing: int
    zvw: int
    net_withheld: int
    certain: bool


@dataclass(frozen=True)
class Phase:
    """A stretch of time in which every line pays a steady amount."""

    start: dt.date
    end: dt.date | None  # the last day; None = to the horizon
    gross_monthly: int  # household, annual view: incl. holiday accrual, / 12
    net_monthly: int  # household, annual view
    net_monthly_withheld: int  # household, what lands in the account in a regular month
    lines: tuple[PhaseLine, ...]
    persons: tuple[dict[str, Any], ...]  # per person: annual view figures


@dataclass
class HouseholdProjection:
    """The result: phases, calendar years, the monthly table, assumptions and the trace."""

    dossier: Dossier
    as_of: dt.date
    persons: list[dict[str, Any]]
    phases: list[Phase]
    assumptions: list[str]
    lines: list[dict[str, Any]] = field(default_factory=list)
    traces: list[tuple[str, Trace, list[tuple[Any, ...]]]] = field(default_factory=list)
    year_columns: dict[str, np.ndarray] = field(default_factory=dict)
    """Calendar year x person: year, person_id, gross, aow, pension, wage, income_tax, zvw, net."""
    months: np.ndarray = field(default_factory=lambda: np.array([], dtype="datetime64[M]"))
    month_cash: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.int64))
    """Gross cash per month (rows) and line (columns, in the order of ``lines``), cents."""
    _frames: dict[str, pd.DataFrame] = field(default_factory=dict, repr=False)

    @property
    def years(self) -> pd.DataFrame:
        """The tidy calendar-year table (built on first use: pandas loads only when needed)."""
        if "years" not in self._frames:
            import pandas as pd

            columns: dict[str, np.ndarray | pd.Series[Any]] = dict(self.year_columns)
            columns["person_id"] = pd.Series(columns["person_id"], dtype=object)
            self._frames["years"] = pd.DataFrame(columns)
        return self._frames["years"]

    @property
    def monthly(self) -> pd.DataFrame:
        """Gross cash per calendar month (rows) and payment line (columns), cents."""
        if "monthly" not in self._frames:
            import pandas as pd

            index = pd.Index(self.months, name="month")
            names = pd.Index([line["id"] for line in self.lines], name="line", dtype=object)
            self._frames["monthly"] = pd.DataFrame(self.month_cash, index=index, columns=names)
        return self._frames["monthly"]

    def explain(self, what: str, key: tuple[Any, ...]) -> list[dict[str, Any]]:
        """The trace of one figure.

        ``what`` is 'phase' (key: phase index, person id), 'withholding' (phase index, line id)
        or 'year' (calendar year, person id).
        """
        for kind, trace, keys in self.traces:
            if kind == what and key in keys:
                return trace.explain(keys.index(key))
        raise KeyError(f"no trace for {what} {key}")


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


def _month_start(date: np.datetime64) -> np.datetime64:
    return date.astype("datetime64[M]").astype("datetime64[D]")


def _moment_date(
    person_birth: np.datetime64, moment: Moment | None, default: np.datetime64
) -> np.datetime64:
    """The first day of the month in which an age is reached; events give ``default``."""
    if moment is None or moment.age is None:
        return default
    reached = add_months_clamped(np.array([person_birth]), np.array([moment.age.total_months()]))
    return _month_start(reached[0])


def _lhk_choice(streams: list[Stream], person: int, active: BoolArray, gross: IntArray) -> int:
    """Index of the stream that applies the loonheffingskorting for one person, or -1."""
    candidates = [
        i for i, s in enumerate(streams) if s.person == person and active[i] and not s.net_already
    ]
    if not candidates:
        return -1
    explicit = [i for i in candidates if streams[i].lhk]
    if explicit:
        return explicit[0]
    aow = [i for i in candidates if streams[i].kind == "aow" and streams[i].lhk is not False]
    if aow:
        return aow[0]
    allowed = [i for i in candidates if streams[i].lhk is not False]
    return max(allowed, key=lambda i: int(gross[i])) if allowed else -1


def spread_over_months(annual_cents: int, months: np.ndarray) -> IntArray:
    """An annual amount paid in twelve monthly parts that add up to it exactly.

    Month m (1-12) gets floor(A x m / 12) - floor(A x (m - 1) / 12), so a full year is A.
    """
    month_no = np.asarray(months, dtype="datetime64[M]").astype(np.int64) % 12 + 1
    annual = np.int64(annual_cents)
    return (annual * month_no) // MONTHS_PER_YEAR - (annual * (month_no - 1)) // MONTHS_PER_YEAR


class _Grid:
    """The month grid: from a year before the first projected January to the horizon."""

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
        return np.clip((hi - lo).astype(np.int64), 0, self.length)


def _streams(
    dossier: Dossier,
    book: RulesBook,
    grid: _Grid,
    births: np.ndarray,
    aow_dates: np.ndarray,
    horizon: np.datetime64,
    as_of: np.datetime64,
    assumptions: list[str],
) -> list[Stream]:
    """Every payment line of the household over the month grid."""
    people = dossier.household.persons
    index = {p.id: i for i, p in enumerate(people)}
    months = grid.months
    partners = partner_index(people)
    stops = death_ends(people)
    streams: list[Stream] = []
    for ent in dossier.entitlements:
        person = index[ent.person_id]
        owner: Person = people[person]
        couple = np.full(len(months), owner.household_status == "couple")
        partner = partners[person]
        if partner is not None:
            couple &= grid.first_day < stops[partner]  # single AOW after the partner's death
        if ent.kind == "partner" and partner is not None and stops[person] != FOREVER:
            assert ent.annual_gross is not None  # validated by the model
            streams.append(
                _steady_stream(
                    grid,
                    f"{ent.id}",
                    partner,
                    "partner",
                    ent.provider,
                    stops[person],
                    stops[partner] if stops[partner] != FOREVER else horizon,
                    ent.annual_gross.cents,
                    lhk=ent.loonheffingskorting,
                    white=False,
                    net_already=ent.net_already,
                    certain=ent.certain,
                )
            )
            continue
        if ent.kind in ("partner", "orphan"):
            continue
        if ent.kind == "aow":
            years = 50 if ent.aow_insured_years is None else ent.aow_insured_years
            share = np.full(len(months), years * 2_000, dtype=np.int64)
            if ent.annual_gross is not None:
                assumptions.append(
                    f"{ent.id}: the AOW follows the law's amounts for "
                    f"{years} insured years, not the file's annual figure"
                )
            full, accrual = aow_full_months(book, months, couple, share)
            start, end = aow_dates[person], horizon
        else:
            assert ent.annual_gross is not None  # validated by the model
            full = spread_over_months(ent.annual_gross.cents, months)
            accrual = np.zeros(len(months), dtype=np.int64)
            start_default = as_of if ent.start.event == "now" else FOREVER
            start = _moment_date(births[person], ent.start, start_default)
            end = _moment_date(births[person], ent.end, horizon)
        end = min(end, stops[person])
        days, length = grid.days(start, end), grid.length
        cash = pro_rata(full, days, length)
        if ent.kind == "aow":
            cash = cash + may_payments(months, pro_rata(accrual, days, length))
        annual = 0 if ent.kind == "aow" or ent.annual_gross is None else ent.annual_gross.cents
        streams.append(
            Stream(
                ent.id,
                person,
                "aow" if ent.kind == "aow" else "old_age",
                "SVB" if ent.kind == "aow" else ent.provider,
                start,
                end,
                full,
                accrual,
                cash,
                annual,
                False,
                ent.loonheffingskorting,
                ent.net_already,
                ent.certain,
            )
        )
    for line in dossier.income_lines:
        person = index[line.person_id]
        start = np.datetime64(line.start, "D") if line.start else grid.first.astype("datetime64[D]")
        end = np.datetime64(line.end, "D") + 1 if line.end else horizon
        streams.append(
            _steady_stream(
                grid,
                line.id,
                person,
                line.kind,
                line.payer,
                start,
                min(end, stops[person]),
                line.annual_gross.cents,
                lhk=line.loonheffingskorting,
                white=line.kind == "wage",
                net_already=False,
                certain=True,
            )
        )
    for lump in dossier.lump_sums:
        # A one-off payment: cash in its month only, so it counts in that calendar year and
        # never in a phase's monthly figures.
        cash = np.zeros(len(months), dtype=np.int64)
        cash[months == np.datetime64(lump.date, "M")] = lump.amount.cents
        zeros = np.zeros(len(months), dtype=np.int64)
        streams.append(
            Stream(
                lump.id,
                index[lump.person_id],
                "lump_sum",
                lump.payer,
                FOREVER,
                FOREVER,
                zeros,
                zeros,
                cash,
                0,
                False,
                False,
                False,
                True,
            )
        )
    return streams


def _steady_stream(
    grid: _Grid,
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
        np.zeros(len(grid.months), dtype=np.int64),
        pro_rata(full, days, grid.length),
        annual_cents,
        white,
        lhk,
        net_already,
        certain,
    )


def project(
    dossier: Dossier,
    book: RulesBook,
    age_table: AowAgeTable,
    as_of: dt.date,
    horizon_age: int = 100,
) -> HouseholdProjection:
    """Project a household from ``as_of`` to the youngest person's ``horizon_age``."""
    people = dossier.household.persons
    births = np.array([p.birth_date for p in people], dtype="datetime64[D]")
    aow = aow_age(age_table, births)
    start = np.datetime64(as_of, "D")
    horizon = add_months_clamped(births, np.full(len(people), horizon_age * 12)).max()
    if horizon <= start:
        horizon = start + 366
    grid = _Grid(as_of.year, horizon)
    assumptions = list(TIMING_ASSUMPTIONS)
    streams = _streams(dossier, book, grid, births, aow.date, horizon, start, assumptions)
    dead = {p.id for p in people if p.death_date}
    for ent in dossier.entitlements:
        if ent.kind == "partner" and ent.person_id in dead:
            continue
        if ent.kind in ("partner", "orphan"):
            assumptions.append(
                f"{ent.id}: {ent.kind} pension from {ent.provider} is paid only "
                "after a death and is not part of this timeline"
            )
    for i, person in enumerate(people):
        if not aow.known[i]:
            assumptions.append(
                f"{person.id}: the AOW age for people born on "
                f"{person.birth_date.isoformat()} is not yet fixed by law; the "
                "latest known AOW age is used"
            )
    persons = [
        {
            "id": p.id,
            "name": p.name,
            "birth_date": p.birth_date.isoformat(),
            "household_status": p.household_status,
            "aow_date": str(aow.date[i]),
            "aow_age": {"years": int(aow.years[i]), "months": int(aow.months[i])},
            "aow_age_known": bool(aow.known[i]),
        }
        for i, p in enumerate(people)
    ]
    projection = HouseholdProjection(dossier, as_of, persons, [], assumptions)
    projection.phases = _phases(projection, book, grid, streams, births, aow.date, start, horizon)
    projection.year_columns = _years(projection, book, grid, streams, births, aow.date)
    projection.months = grid.months[grid.visible]
    projection.month_cash = (
        np.stack([s.cash[grid.visible] for s in streams], axis=1)
        if streams
        else np.zeros((len(projection.months), 0), dtype=np.int64)
    )
    projection.lines = [
        {
            "id": s.id,
            "person_id": people[s.person].id,
            "kind": s.kind,
            "payer": s.payer,
            "certain": s.certain,
        }
        for s in streams
    ]
    for notice in book.aow_month_table(
        int(grid.months[0].astype("datetime64[Y]").astype(int)) + 1970,
        int(horizon.astype("datetime64[Y]").astype(int)) + 1970,
    ).notices:
        if notice not in assumptions:
            assumptions.append(notice)
    return projection


def _annual_by_data_year(
    book: RulesBook, years: IntArray, kw: dict[str, Any]
) -> tuple[dict[str, IntArray], list[tuple[Trace, IntArray]], list[str]]:
    """Run the annual rule once per data year over all rows of that year."""
    out: dict[str, IntArray] = {}
    traces: list[tuple[Trace, IntArray]] = []
    notices: list[str] = []
    data_years = np.clip(years, book.parameters.years_covered[0], book.parameters.years_covered[-1])
    for data_year in np.unique(data_years):
        rows = np.flatnonzero(data_years == data_year)
        trace = Trace()
        result: AnnualNet = annual_net(
            book.year(int(data_year)), trace=trace, **{k: v[rows] for k, v in kw.items()}
        )
        for name in AnnualNet.__dataclass_fields__:
            if name == "notices":
                continue
            values = getattr(result, name)
            out.setdefault(name, np.zeros(len(years), dtype=np.int64))[rows] = values
        notices.extend(result.notices)
        traces.append((trace, rows))
    return out, traces, list(dict.fromkeys(notices))


def _phases(
    projection: HouseholdProjection,
    book: RulesBook,
    grid: _Grid,
    streams: list[Stream],
    births: np.ndarray,
    aow_dates: np.ndarray,
    start: np.datetime64,
    horizon: np.datetime64,
) -> list[Phase]:
    """Cut the timeline at every start and end, and value each phase."""
    people = projection.dossier.household.persons
    streams = [st for st in streams if st.kind != "lump_sum"]  # one-off: in the years only
    starts = np.array([st.start for st in streams], dtype="datetime64[D]")
    ends = np.array([st.end for st in streams], dtype="datetime64[D]")
    moments = np.concatenate([[start], starts, ends])
    phase_start = np.unique(moments[(moments == start) | ((moments > start) & (moments < horizon))])
    n_phase, n_person = len(phase_start), len(people)
    at = np.clip(
        (phase_start.astype("datetime64[M]") - grid.first).astype(np.int64),
        0,
        len(grid.months) - 1,
    )
    active = (starts[None, :] <= phase_start[:, None]) & (phase_start[:, None] < ends[None, :])
    full = (
        np.stack([st.full_month for st in streams])
        if streams
        else np.zeros((0, len(grid.months)), dtype=np.int64)
    )
    gross = full[:, at].T * active if streams else np.zeros((n_phase, 0), dtype=np.int64)
    accrual = (
        np.stack([st.accrual for st in streams])[:, at].T * active
        if streams
        else np.zeros((n_phase, 0), dtype=np.int64)
    )
    annual_fixed = np.array([st.annual for st in streams], dtype=np.int64)[None, :] * active
    phase_year = phase_start.astype("datetime64[Y]").astype(np.int64) + 1970

    # Annual view per (phase, person): a full year at the phase's rates.
    kinds = np.array([st.kind for st in streams])
    owner = np.array([st.person for st in streams], dtype=np.int64)
    taxed = np.array([not st.net_already for st in streams], dtype=bool)
    one_hot = (owner[:, None] == np.arange(n_person)[None, :]).astype(np.int64)  # (S, n)
    rows_phase = np.repeat(np.arange(n_phase), n_person)
    rows_person = np.tile(np.arange(n_person), n_phase)

    def per_person(values: IntArray, mask: BoolArray) -> IntArray:
        return np.asarray((values * mask[None, :]) @ one_hot, dtype=np.int64).reshape(-1)

    annual_aow = per_person((gross + accrual) * MONTHS_PER_YEAR, (kinds == "aow") & taxed)
    annual_pension = per_person(annual_fixed, np.isin(kinds, ["old_age", "partner"]) & taxed)
    annual_other = per_person(annual_fixed, np.isin(kinds, ["benefit", "other"]) & taxed)
    annual_wage = per_person(annual_fixed, (kinds == "wage") & taxed)
    net_untaxed = per_person(gross, ~taxed)
    group = box1_group(aow_dates[rows_person] <= phase_start[rows_phase], births[rows_person])
    single = _single(people)[rows_person] | (
        _partner_stop(people)[rows_person] <= phase_start[rows_phase]
    )
    figures, traces, notices = _annual_by_data_year(
        book,
        phase_year[rows_phase],
        {
            "aow": annual_aow,
            "pension": annual_pension + annual_other,
            "wage": annual_wage,
            "group": group,
            "transition_month": np.zeros(len(group), dtype=np.int64),
            "single_aow": single & (annual_aow > 0),
        },
    )
    ids = [p.id for p in people]
    keys = [(p, ids[k]) for p, k in zip(rows_phase.tolist(), rows_person.tolist(), strict=True)]
    for trace, rows in traces:
        projection.traces.append(("phase", trace, [keys[r] for r in rows.tolist()]))
    projection.assumptions.extend(n for n in notices if n not in projection.assumptions)

    # Withholding view per (phase, stream).
    phase_idx, stream_idx = np.nonzero(active & (gross > 0))
    lhk_stream = np.array(
        [
            [_lhk_choice(streams, k, active[p], gross[p]) for k in range(n_person)]
            for p in range(n_phase)
        ]
    ).reshape(n_phase, n_person)
    withheld: dict[tuple[int, int], tuple[int, int, int, bool]] = {}
    data_years = np.clip(
        phase_year[phase_idx], book.parameters.years_covered[0], book.parameters.years_covered[-1]
    )
    for data_year in np.unique(data_years):
        sel = np.flatnonzero(data_years == data_year)
        ph, st = phase_idx[sel], stream_idx[sel]
        person = owner[st]
        lhk = lhk_stream[ph, person] == st
        grp = group.reshape(n_phase, n_person)[ph, person]
        single_aow = single.reshape(n_phase, n_person)[ph, person] & (
            annual_aow.reshape(n_phase, n_person)[ph, person] > 0
        )
        result: Withholding = monthly_withholding(
            book.year(int(data_year)),
            gross[ph, st],
            grp,
            lhk,
            single_aow,
            np.array([streams[s].white_table for s in st], dtype=bool),
            trace=(withholding_trace := Trace()),
        )
        projection.traces.append(
            (
                "withholding",
                withholding_trace,
                [(p, streams[k].id) for p, k in zip(ph.tolist(), st.tolist(), strict=True)],
            )
        )
        paid_rows = zip(
            ph.tolist(),
            st.tolist(),
            result.loonheffing.tolist(),
            result.zvw.tolist(),
            result.net.tolist(),
            gross[ph, st].tolist(),
            lhk.tolist(),
            strict=True,
        )
        for p, k, loonheffing, zvw, net, paid, lhk_flag in paid_rows:
            untaxed = streams[k].net_already
            withheld[(p, k)] = (
                0 if untaxed else loonheffing,
                0 if untaxed else zvw,
                paid if untaxed else net,
                lhk_flag,
            )
        for notice in result.notices:
            if notice not in projection.assumptions:
                projection.assumptions.append(notice)

    figure_rows = {name: values.tolist() for name, values in figures.items()}
    untaxed_rows = net_untaxed.tolist()
    gross_rows, accrual_rows = gross.tolist(), accrual.tolist()
    paying = (active & (gross > 0)).tolist()
    starts_as_dates = phase_start.astype(dt.date).tolist()
    phases: list[Phase] = []
    for p in range(n_phase):
        lines = []
        for k, pays in enumerate(paying[p]):
            if not pays:
                continue
            lh, zvw, net, lhk_flag = withheld[(p, k)]
            stream = streams[k]
            lines.append(
                PhaseLine(
                    stream.id,
                    people[stream.person].id,
                    stream.kind,
                    stream.payer,
                    gross_rows[p][k],
                    accrual_rows[p][k],
                    lhk_flag,
                    lh,
                    zvw,
                    net,
                    stream.certain,
                )
            )
        first, last = p * n_person, (p + 1) * n_person
        person_figures = tuple(
            {
                "person_id": people[k].id,
                **{name: values[first + k] for name, values in figure_rows.items()},
                "net_untaxed_monthly": untaxed_rows[first + k],
            }
            for k in range(n_person)
        )
        untaxed = sum(untaxed_rows[first:last])
        gross_annual = sum(figure_rows["gross"][first:last])
        phases.append(
            Phase(
                start=starts_as_dates[p],
                end=starts_as_dates[p + 1] - dt.timedelta(days=1) if p + 1 < n_phase else None,
                gross_monthly=int(half_up_div(gross_annual, MONTHS_PER_YEAR)) + untaxed,
                net_monthly=sum(figure_rows["net_monthly"][first:last]) + untaxed,
                net_monthly_withheld=sum(line.net_withheld for line in lines),
                lines=tuple(lines),
                persons=person_figures,
            )
        )
    return phases


def _years(
    projection: HouseholdProjection,
    book: RulesBook,
    grid: _Grid,
    streams: list[Stream],
    births: np.ndarray,
    aow_dates: np.ndarray,
) -> dict[str, np.ndarray]:
    """Actual totals per calendar year and person, taxed with that year's rules."""
    people = projection.dossier.household.persons
    months = grid.months[grid.visible]
    month_year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    years = np.unique(month_year)
    n_year, n_person = len(years), len(people)
    year_of = np.searchsorted(years, month_year)
    totals = {
        kind: np.zeros((n_year, n_person), dtype=np.int64)
        for kind in ("aow", "pension", "wage", "untaxed")
    }
    for s in streams:
        cash = s.cash[grid.visible]
        per_year = np.bincount(year_of, weights=cash, minlength=n_year).astype(np.int64)
        bucket = (
            "untaxed"
            if s.net_already
            else "aow"
            if s.kind == "aow"
            else "wage"
            if s.kind == "wage"
            else "pension"
        )
        totals[bucket][:, s.person] += per_year
    rows_year = np.repeat(years, n_person)
    rows_person = np.tile(np.arange(n_person), n_year)
    group, transition = tax_group(rows_year, births[rows_person], aow_dates[rows_person])
    # Widowed: single from the year after the death (in the year itself the partners may
    # stay each other's fiscal partner for the whole year).
    partner_gone = _partner_stop(people)[rows_person]
    single = _single(people)[rows_person] | (
        partner_gone <= np.array([f"{y}-01-01" for y in rows_year.tolist()], dtype="datetime64[D]")
    )
    aow_cash = totals["aow"].reshape(-1)
    figures, traces, notices = _annual_by_data_year(
        book,
        rows_year,
        {
            "aow": aow_cash,
            "pension": totals["pension"].reshape(-1),
            "wage": totals["wage"].reshape(-1),
            "group": group,
            "transition_month": transition,
            "single_aow": single & (aow_cash > 0),
        },
    )
    ids = [p.id for p in people]
    keys = [(y, ids[k]) for y, k in zip(rows_year.tolist(), rows_person.tolist(), strict=True)]
    for trace, rows in traces:
        projection.traces.append(("year", trace, [keys[r] for r in rows.tolist()]))
    projection.assumptions.extend(n for n in notices if n not in projection.assumptions)
    untaxed = totals["untaxed"].reshape(-1)
    return {
        "year": rows_year,
        "person_id": np.array([p.id for p in people], dtype=object)[rows_person],
        "gross": figures["gross"] + untaxed,
        "aow": aow_cash,
        "pension": totals["pension"].reshape(-1),
        "wage": totals["wage"].reshape(-1),
        "income_tax": figures["income_tax"] * CENTS,
        "zvw": figures["zvw"],
        "net": figures["net_annual"] + untaxed,
    }


def _single(people: list[Person]) -> BoolArray:
    return np.array([p.household_status == "single" for p in people], dtype=bool)


def _partner_stop(people: list[Person]) -> np.ndarray:
    """Per person, the day the partner's assumed death takes effect (FOREVER if none)."""
    stops = death_ends(people)
    return np.array(
        [stops[k] if k is not None else FOREVER for k in partner_index(people)],
        dtype="datetime64[D]",
    )


def headline_person(
    projection: HouseholdProjection, person_id: str | None = None
) -> dict[str, Any]:
    """The person whose AOW date sets the headline: the chosen one, or the first to reach it."""
    if person_id is not None:
        return next(p for p in projection.persons if p["id"] == person_id)
    return min(projection.persons, key=lambda p: p["aow_date"])


def headline_index(projection: HouseholdProjection, person_id: str | None = None) -> int:
    """The headline phase: the first starting on or after the (first) AOW date; else the last.

    One rule for the window, the reports and the exports, so they all show the same figure.
    """
    aow = dt.date.fromisoformat(headline_person(projection, person_id)["aow_date"])
    for index, phase in enumerate(projection.phases):
        if phase.start >= aow:
            return index
    return len(projection.phases) - 1


def household_years(projection: HouseholdProjection) -> pd.DataFrame:
    """Calendar-year totals for the household (all persons added up)."""
    frame = projection.years.drop(columns=["person_id"])
    return frame.groupby("year", as_index=False).sum()
