"""Calendar years: the actual cash of each year and person, taxed with that year's rules."""

from __future__ import annotations

from typing import Any

import numpy as np

from pensioenchecker.model import Person
from pensioenchecker.money import CENTS, IntArray
from pensioenchecker.projection.results import HouseholdProjection
from pensioenchecker.projection.streams import MonthGrid, Stream, partner_stops, single_mask
from pensioenchecker.rules.annual import AnnualNet, annual_net, tax_group
from pensioenchecker.rules.trace import Trace
from pensioenchecker.rules.year import RulesBook


def record_run(
    projection: HouseholdProjection,
    kind: str,
    traces: list[tuple[Trace, IntArray]],
    notices: list[str],
    groups: IntArray,
    persons: IntArray,
    people: list[Person],
) -> None:
    """Keep a run's traces under (phase or year, person id) keys, and its notices once each.

    The Explain page finds a figure's steps by that key.
    """
    ids = [p.id for p in people]
    keys = [(g, ids[k]) for g, k in zip(groups.tolist(), persons.tolist(), strict=True)]
    for trace, rows in traces:
        projection.traces.append((kind, trace, [keys[r] for r in rows.tolist()]))
    projection.assumptions.extend(n for n in notices if n not in projection.assumptions)


def annual_by_data_year(
    book: RulesBook, years: IntArray, kw: dict[str, Any]
) -> tuple[dict[str, IntArray], list[tuple[Trace, IntArray]], list[str]]:
    """Run the annual rule once per data year over all rows of that year.

    Years past the last published one use its figures (nominal, today's level); one call per
    data year keeps the rule vectorised however long the timeline is.
    """
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


def _bucket(stream: Stream) -> str:
    """Which annual-rule input a line's cash counts in (net-paid lines stay outside the tax)."""
    if stream.net_already:
        return "untaxed"
    if stream.kind in ("aow", "wage"):
        return stream.kind
    return "pension"


def _cash_totals(
    grid: MonthGrid, streams: list[Stream], n_person: int
) -> tuple[IntArray, dict[str, IntArray]]:
    """The visible calendar years, and per bucket the cash of each (year, person)."""
    months = grid.months[grid.visible]
    month_year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    years = np.unique(month_year)
    n_year = len(years)
    year_of = np.searchsorted(years, month_year)
    totals = {
        kind: np.zeros((n_year, n_person), dtype=np.int64)
        for kind in ("aow", "pension", "wage", "untaxed")
    }
    for s in streams:
        cash = s.cash[grid.visible]
        per_year = np.bincount(year_of, weights=cash, minlength=n_year).astype(np.int64)
        totals[_bucket(s)][:, s.person] += per_year
    return years, totals


def calendar_years(
    projection: HouseholdProjection,
    book: RulesBook,
    grid: MonthGrid,
    streams: list[Stream],
    births: np.ndarray,
    aow_dates: np.ndarray,
) -> dict[str, np.ndarray]:
    """Actual totals per calendar year and person, taxed with that year's rules."""
    people: list[Person] = projection.dossier.household.persons
    n_person = len(people)
    years, totals = _cash_totals(grid, streams, n_person)
    rows_year = np.repeat(years, n_person)
    rows_person = np.tile(np.arange(n_person), len(years))
    group, transition = tax_group(rows_year, births[rows_person], aow_dates[rows_person])
    # Widowed: single from the year after the death (in the year itself the partners may
    # stay each other's fiscal partner for the whole year).
    partner_gone = partner_stops(people)[rows_person]
    single = single_mask(people)[rows_person] | (
        partner_gone <= np.array([f"{y}-01-01" for y in rows_year.tolist()], dtype="datetime64[D]")
    )
    aow_cash = totals["aow"].reshape(-1)
    figures, traces, notices = annual_by_data_year(
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
    record_run(projection, "year", traces, notices, rows_year, rows_person, people)
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
