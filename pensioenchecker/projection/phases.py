"""Phases: the timeline cut at every start and end, each valued in two views.

Four steps, each its own function: cut the timeline into phases; the annual view per person
(a full year at the phase's rates, as Mijnpensioenoverzicht shows it); the withholding view per
payer (what each payer keeps back in a regular month); and the phases assembled from both.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import numpy as np

from pensioenchecker.i18n import N_
from pensioenchecker.model import Person
from pensioenchecker.money import CENTS, IntArray, half_up_div
from pensioenchecker.projection.calendar_years import annual_by_data_year, record_run
from pensioenchecker.projection.results import (
    WHOLE_EUROS,
    HouseholdProjection,
    PersonFigures,
    Phase,
    PhaseLine,
)
from pensioenchecker.projection.streams import (
    MONTHS_PER_YEAR,
    BoolArray,
    MonthGrid,
    Stream,
    partner_stops,
    single_mask,
)
from pensioenchecker.rules.annual import box1_group
from pensioenchecker.rules.notes import STATUS_TERMS, Rate, Term, note
from pensioenchecker.rules.trace import Trace
from pensioenchecker.rules.withholding import (
    Withholding,
    holiday_pay_withholding,
    monthly_withholding,
)
from pensioenchecker.rules.year import RulesBook, YearRules


@dataclass(frozen=True)
class _Cut:
    """The timeline cut into phases: per (phase, line) what the line pays in a full month."""

    start: np.ndarray  # first day of each phase
    year: IntArray  # calendar year of each phase's start (its rules)
    active: BoolArray  # (phase, line): the line runs in the phase
    gross: IntArray  # (phase, line): gross for a full month
    accrual: IntArray  # (phase, line): AOW holiday accrual for a full month
    annual_fixed: IntArray  # (phase, line): the file's exact annual gross (pensions, wages)


@dataclass(frozen=True)
class _AnnualView:
    """Per (phase, person), flattened phase-major: the annual rule's figures and its inputs."""

    figures: dict[str, IntArray]
    group: IntArray
    single: BoolArray
    annual_aow: IntArray
    net_untaxed: IntArray


@dataclass(frozen=True)
class _Withheld:
    """What one payer withholds in a regular month of one phase."""

    loonheffing: int
    zvw: int
    net: int
    loonheffingskorting: bool
    holiday_pay: int = 0
    holiday_loonheffing: int = 0
    holiday_zvw: int = 0
    holiday_rate_status: str = ""


def value_phases(
    projection: HouseholdProjection,
    book: RulesBook,
    grid: MonthGrid,
    streams: list[Stream],
    births: np.ndarray,
    aow_dates: np.ndarray,
    start: np.datetime64,
    horizon: np.datetime64,
) -> list[Phase]:
    """Cut the timeline at every start and end, and value each phase."""
    people = projection.dossier.household.persons
    streams = [st for st in streams if st.kind != "lump_sum"]  # one-off: in the years only
    cut = _cut_timeline(grid, streams, start, horizon)
    view = _annual_view(projection, book, cut, streams, births, aow_dates)
    withheld = _withholding_view(projection, book, cut, streams, view, len(people))
    return _assemble(people, cut, streams, view, withheld)


def _cut_timeline(
    grid: MonthGrid, streams: list[Stream], start: np.datetime64, horizon: np.datetime64
) -> _Cut:
    """Step 1: a phase begins at ``start`` and wherever a line starts or ends before the horizon.

    Within a phase every line pays the same each month, so one full month values it.
    """
    starts = np.array([st.start for st in streams], dtype="datetime64[D]")
    ends = np.array([st.end for st in streams], dtype="datetime64[D]")
    moments = np.concatenate([[start], starts, ends])
    phase_start = np.unique(moments[(moments == start) | ((moments > start) & (moments < horizon))])
    n_phase = len(phase_start)
    at = np.clip(
        (phase_start.astype("datetime64[M]") - grid.first).astype(np.int64),
        0,
        len(grid.months) - 1,
    )
    active = (starts[None, :] <= phase_start[:, None]) & (phase_start[:, None] < ends[None, :])
    none = np.zeros((n_phase, 0), dtype=np.int64)
    gross = np.stack([st.full_month for st in streams])[:, at].T * active if streams else none
    accrual = np.stack([st.accrual for st in streams])[:, at].T * active if streams else none
    return _Cut(
        start=phase_start,
        year=phase_start.astype("datetime64[Y]").astype(np.int64) + 1970,
        active=active,
        gross=gross,
        accrual=accrual,
        annual_fixed=np.array([st.annual for st in streams], dtype=np.int64)[None, :] * active,
    )


def _annual_view(
    projection: HouseholdProjection,
    book: RulesBook,
    cut: _Cut,
    streams: list[Stream],
    births: np.ndarray,
    aow_dates: np.ndarray,
) -> _AnnualView:
    """Step 2: per (phase, person) a full year at the phase's rates, through the annual rule.

    This is the figure Mijnpensioenoverzicht shows (tax and Zvw of the year / 12); pensions and
    wages use the file's exact annual amounts, so twelve rounded months do not drift from it.
    """
    people = projection.dossier.household.persons
    n_phase, n_person = len(cut.start), len(people)
    kinds = np.array([st.kind for st in streams])
    owner = np.array([st.person for st in streams], dtype=np.int64)
    taxed = np.array([not st.net_already for st in streams], dtype=bool)
    one_hot = (owner[:, None] == np.arange(n_person)[None, :]).astype(np.int64)  # (S, n)
    rows_phase = np.repeat(np.arange(n_phase), n_person)
    rows_person = np.tile(np.arange(n_person), n_phase)

    def per_person(values: IntArray, mask: BoolArray) -> IntArray:
        return np.asarray((values * mask[None, :]) @ one_hot, dtype=np.int64).reshape(-1)

    gross, fixed = cut.gross, cut.annual_fixed
    annual_aow = per_person((gross + cut.accrual) * MONTHS_PER_YEAR, (kinds == "aow") & taxed)
    annual_pension = per_person(fixed, np.isin(kinds, ["old_age", "partner"]) & taxed)
    annual_other = per_person(fixed, np.isin(kinds, ["benefit", "other"]) & taxed)
    annual_wage = per_person(fixed, (kinds == "wage") & taxed)
    group = box1_group(aow_dates[rows_person] <= cut.start[rows_phase], births[rows_person])
    single = single_mask(people)[rows_person] | (
        partner_stops(people)[rows_person] <= cut.start[rows_phase]
    )
    figures, traces, notices = annual_by_data_year(
        book,
        cut.year[rows_phase],
        {
            "aow": annual_aow,
            "pension": annual_pension + annual_other,
            "wage": annual_wage,
            "group": group,
            "transition_month": np.zeros(len(group), dtype=np.int64),
            "single_aow": single & (annual_aow > 0),
        },
    )
    record_run(projection, "phase", traces, notices, rows_phase, rows_person, people)
    return _AnnualView(figures, group, single, annual_aow, per_person(gross, ~taxed))


def _lhk_choice(streams: list[Stream], person: int, active: BoolArray, gross: IntArray) -> int:
    """Index of the stream that applies the loonheffingskorting for one person, or -1.

    The file's instruction first; without one SVB applies it to the AOW; before the AOW the
    largest payer does.
    """
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


def _withholding_view(
    projection: HouseholdProjection,
    book: RulesBook,
    cut: _Cut,
    streams: list[Stream],
    view: _AnnualView,
    n_person: int,
) -> dict[tuple[int, int], _Withheld]:
    """Step 3: per (phase, paying line) what the payer withholds in a regular month.

    Each payer withholds on its own line with the monthly tables, so this is what lands in the
    account; the difference with the annual view is settled in the tax return.
    """
    n_phase = len(cut.start)
    phase_idx, stream_idx = np.nonzero(cut.active & (cut.gross > 0))
    lhk_stream = np.array(
        [
            [_lhk_choice(streams, k, cut.active[p], cut.gross[p]) for k in range(n_person)]
            for p in range(n_phase)
        ]
    ).reshape(n_phase, n_person)
    owner = np.array([st.person for st in streams], dtype=np.int64)
    group = view.group.reshape(n_phase, n_person)
    single_aow = view.single.reshape(n_phase, n_person) & (
        view.annual_aow.reshape(n_phase, n_person) > 0
    )
    withheld: dict[tuple[int, int], _Withheld] = {}
    data_years = np.clip(
        cut.year[phase_idx], book.parameters.years_covered[0], book.parameters.years_covered[-1]
    )
    for data_year in np.unique(data_years):
        sel = np.flatnonzero(data_years == data_year)
        ph, st = phase_idx[sel], stream_idx[sel]
        person = owner[st]
        lhk = lhk_stream[ph, person] == st
        trace = Trace()
        result: Withholding = monthly_withholding(
            book.year(int(data_year)),
            cut.gross[ph, st],
            group[ph, person],
            lhk,
            single_aow[ph, person],
            np.array([streams[s].white_table for s in st], dtype=bool),
            trace=trace,
        )
        rules = book.year(int(data_year))
        holiday_pay = np.where(
            [streams[s].kind == "aow" and not streams[s].net_already for s in st],
            cut.accrual[ph, st] * MONTHS_PER_YEAR,
            0,
        )
        holiday_trace = Trace()
        holiday = holiday_pay_withholding(
            rules, holiday_pay, cut.gross[ph, st], trace=holiday_trace
        )
        keys = [(p, streams[k].id) for p, k in zip(ph.tolist(), st.tolist(), strict=True)]
        projection.traces.append(("withholding", trace, keys))
        projection.traces.append(("holiday", holiday_trace, keys))
        rows = _withheld_rows(streams, ph, st, result, cut.gross[ph, st], lhk)
        for i, key in enumerate(zip(ph.tolist(), st.tolist(), strict=True)):
            pay = int(holiday_pay[i])
            if pay:
                rows[key] = replace(
                    rows[key],
                    holiday_pay=pay,
                    holiday_loonheffing=int(holiday.loonheffing[i]),
                    holiday_zvw=int(holiday.zvw[i]),
                    holiday_rate_status=rules.holiday_pay_status,
                )
        withheld.update(rows)
        _note_holiday_rate(projection, rules, bool(holiday_pay.any()))
        for notice in (*result.notices, *holiday.notices):
            if notice not in projection.assumptions:
                projection.assumptions.append(notice)
    return withheld


def _note_holiday_rate(projection: HouseholdProjection, rules: YearRules, used: bool) -> None:
    """Say which special rate the May holiday payment is withheld at, and its status."""
    if not used:
        return
    notice = note(
        "holiday_pay.withheld",
        N_(
            "AOW holiday allowance (paid in May, {year} figures): SVB withholds {rate} "
            "loonheffing (tabel bijzondere beloningen without loonheffingskorting, status "
            "{status}) and {zvw} Zvw, both rounded down to the cent; SVB does not publish the "
            "net May payment, so this is our reading of its stated method"
        ),
        year=str(rules.data_year),
        rate=Rate.of(rules.holiday_pay_rate),
        status=Term(STATUS_TERMS.get(rules.holiday_pay_status, rules.holiday_pay_status)),
        zvw=Rate.of(rules.zvw_rate),
    )
    if notice not in projection.assumptions:
        projection.assumptions.append(notice)


def _withheld_rows(
    streams: list[Stream],
    ph: IntArray,
    st: IntArray,
    result: Withholding,
    paid: IntArray,
    lhk: BoolArray,
) -> dict[tuple[int, int], _Withheld]:
    """The withholding result per (phase, line); a line paid net withholds nothing."""
    rows = zip(
        ph.tolist(),
        st.tolist(),
        result.loonheffing.tolist(),
        result.zvw.tolist(),
        result.net.tolist(),
        paid.tolist(),
        lhk.tolist(),
        strict=True,
    )
    out: dict[tuple[int, int], _Withheld] = {}
    for p, k, loonheffing, zvw, net, gross, lhk_flag in rows:
        untaxed = streams[k].net_already
        out[(p, k)] = _Withheld(
            0 if untaxed else loonheffing,
            0 if untaxed else zvw,
            gross if untaxed else net,
            lhk_flag,
        )
    return out


def _assemble(
    people: list[Person],
    cut: _Cut,
    streams: list[Stream],
    view: _AnnualView,
    withheld: dict[tuple[int, int], _Withheld],
) -> list[Phase]:
    """Step 4: the phases from both views; household totals add the persons and the payers."""
    n_phase, n_person = len(cut.start), len(people)
    figure_rows = {name: values.tolist() for name, values in view.figures.items()}
    untaxed_rows = view.net_untaxed.tolist()
    gross_rows, accrual_rows = cut.gross.tolist(), cut.accrual.tolist()
    paying = (cut.active & (cut.gross > 0)).tolist()
    starts_as_dates = cut.start.astype(dt.date).tolist()
    phases: list[Phase] = []
    for p in range(n_phase):
        lines = tuple(
            _phase_line(people, streams[k], gross_rows[p][k], accrual_rows[p][k], withheld[(p, k)])
            for k, pays in enumerate(paying[p])
            if pays
        )
        first, last = p * n_person, (p + 1) * n_person
        persons = tuple(
            _person_figures(people[k].id, figure_rows, first + k, untaxed_rows[first + k])
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
                lines=lines,
                persons=persons,
            )
        )
    return phases


def _phase_line(
    people: list[Person], stream: Stream, gross: int, accrual: int, withheld: _Withheld
) -> PhaseLine:
    """One paying line of a phase, with what its payer withholds."""
    return PhaseLine(
        stream.id,
        people[stream.person].id,
        stream.kind,
        stream.payer,
        gross,
        accrual,
        withheld.loonheffingskorting,
        withheld.loonheffing,
        withheld.zvw,
        withheld.net,
        stream.certain,
        withheld.holiday_pay,
        withheld.holiday_loonheffing,
        withheld.holiday_zvw,
        withheld.holiday_rate_status,
    )


def _person_figures(
    person_id: str, figure_rows: dict[str, list[int]], row: int, net_untaxed: int
) -> PersonFigures:
    """One person's annual view, every amount in cents (the law's whole euros x 100)."""
    return PersonFigures(
        person_id=person_id,
        net_untaxed_monthly=net_untaxed,
        **{
            name: values[row] * CENTS if name in WHOLE_EUROS else values[row]
            for name, values in figure_rows.items()
        },
    )
