"""The household timeline: phases, calendar years and the explanation, hand-checked."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from pensioenchecker.model import (
    Age,
    Amount,
    Dossier,
    Entitlement,
    Household,
    Moment,
    Person,
    Provenance,
)
from pensioenchecker.model.dossier import load_dossier
from pensioenchecker.projection.results import WHOLE_EUROS
from pensioenchecker.projection.timeline import (
    PaymentLine,
    PersonFigures,
    ProjectedPerson,
    YearsAndMonths,
    household_years,
    project,
)
from pensioenchecker.rules.annual import AnnualNet

DEMO = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "dossier-couple.json"
AS_OF = dt.date(2026, 11, 28)
PROV = Provenance(source="manual")


@pytest.fixture(scope="module")
def demo(engine):
    return project(load_dossier(DEMO), engine.book, engine.aow_table, AS_OF)


def test_phases_start_on_the_events(demo):
    starts = [p.start.isoformat() for p in demo.phases]
    assert starts == [
        "2026-11-28",
        "2028-08-01",
        "2028-08-10",
        "2029-05-01",
        "2030-05-01",
        "2030-05-20",
        "2039-05-01",
    ]
    assert demo.phases[-1].end is None
    assert demo.phases[0].end == dt.date(2028, 7, 31)


def test_last_phase_by_hand(demo):
    last = demo.phases[-1]
    # Person a (couple AOW, 2026 level, not indexed): 12 x (1122.12 + 76.10) = 14378.64,
    # plus pension 18400 -> 32778.64. Taxable 32778: tax floor(32778 x 8.10%) = 2655,
    # premiums floor(32778 x 9.75%) = 3195; AHK ceil(1556 - 3.195% x 3042) = 1459; OK 2067
    # -> income tax 5850 - 3526 = 2324. Zvw floor(32778.64 x 4.85%) = 1589.76.
    # Net 32778.64 - 2324 - 1589.76 = 28864.88 -> 2405.41 a month.
    a = last.figures_of("a")
    assert a.income_tax == 232400 and a.zvw == 158976 and a.net_annual == 2886488
    # Person b (46 insured years = 92 %): 1122.12 x 0.92 = 1032.35, 76.10 x 0.92 = 70.01;
    # 12 x 1102.36 = 13228.32 + 6200 = 19428.32. Tax 1573 + premiums 1894 = 3467 <
    # AHK 1556 + OK 2067 -> 0. Zvw floor(19428.32 x 4.85%) = 942.27 -> net 18486.05 -> 1540.50.
    b = last.figures_of("b")
    assert b.income_tax == 0 and b.net_annual == 1848605
    assert last.net_monthly == 240541 + 154050


def test_last_phase_withholding_view_by_hand(demo):
    lines = {line.stream_id: line for line in demo.phases[-1].lines}
    aow = lines["a-aow"]
    # SVB with loonheffingskorting: table wage 1120.50, L 13446, floor(13446 x 17.85%) = 2400
    # < AHK 1556 + OK 2067 -> 0; Zvw floor(1122.12 x 4.85%) = 54.42.
    assert aow.loonheffingskorting and aow.loonheffing == 0 and aow.zvw == 5442
    fund = lines["a-fonds"]
    # 18400 / 12 paid as 1533.33 in May; table wage 1530.00, L 18360,
    # floor(18360 x 17.85%) = 3277 -> 3277 / 12 = 273.08; Zvw floor(1533.33 x 4.85%) = 74.36.
    assert not fund.loonheffingskorting
    assert (fund.gross_monthly, fund.loonheffing, fund.zvw) == (153333, 27308, 7436)


def test_calendar_years_add_up_and_include_the_may_allowance(demo):
    years = household_years(demo)
    row = years[years.year == 2032].iloc[0]
    # a: 12 x 1122.12 + May 12 x 76.10 = 14378.64; b: 12 x 1032.35 + 12 x 70.01 = 13228.32;
    # pensions 18400 + 2150 + 6200 = 26750 -> 54356.96.
    assert row.gross == 5435696
    assert row.net == row.gross - row.income_tax - row.zvw


def test_year_totals_read_the_calendar_years_as_whole_cents(demo):
    from pensioenchecker.projection.year_totals import year_totals

    years = household_years(demo)
    totals = year_totals(years)
    assert [t.year for t in totals] == years.year.tolist()
    row = next(t for t in totals if t.year == 2032)
    assert row.gross == 5435696 and type(row.gross) is int
    assert row.net == row.gross - row.income_tax - row.zvw
    assert year_totals(years.head(0)) == []


def test_household_year_totals_without_pandas_are_the_table_s_rows(demo):
    """The window and ``project`` add the persons up with numpy; the figures are pandas' own."""
    from pensioenchecker.projection.year_totals import household_year_totals, year_totals

    totals = household_year_totals(demo.year_columns)
    assert totals == year_totals(household_years(demo))
    row = next(t for t in totals if t.year == 2032)
    assert row.gross == 5435696 and type(row.gross) is int
    assert household_year_totals(demo.year_columns, first=12) == totals[:12]
    assert household_year_totals({}) == []


def test_year_of_aow_start_is_part_way(demo):
    years = demo.years
    a2028 = years[(years.year == 2028) & (years.person_id == "a")].iloc[0]
    # AOW from 10 August 2028: August 22/31 x 1122.12 = 796.34, then 4 x 1122.12 = 4488.48;
    # no May payment yet -> 5284.82. Pension from 1 August: 5 months of 18400 / 12.
    assert a2028.aow == 528482
    assert a2028.pension == 1840000 * 12 // 12 - 1840000 * 7 // 12


def test_explanation_for_a_phase(demo):
    steps = demo.explain("phase", (6, "a"))
    rules = [s["rule"] for s in steps]
    assert rules[0] == "taxable income (box 1)" and "inkomensafhankelijke bijdrage Zvw" in rules
    assert steps[-1]["outputs"]["net_monthly"] == 240541
    withheld = demo.explain("withholding", (6, "a-fonds"))
    assert withheld[0]["outputs"]["loonheffing"] == 27308
    assert withheld[0]["parameters"][0]["name"] == "box1.below_aow"


def test_already_net_amounts_are_not_taxed_again(engine):
    person = Person(id="p", birth_date=dt.date(1950, 1, 1))
    dossier = Dossier(
        household=Household(persons=[person]),
        entitlements=[
            Entitlement(
                id="net",
                person_id="p",
                kind="old_age",
                provider="Fonds",
                start=Moment(event="now"),
                annual_gross=Amount(cents=1200000, provenance=PROV),
                net_already=True,
            )
        ],
    )
    result = project(dossier, engine.book, engine.aow_table, AS_OF)
    assert result.phases[0].net_monthly == 100000
    assert result.phases[0].lines[0].loonheffing == 0


def test_pension_with_an_end_age(engine):
    person = Person(id="p", birth_date=dt.date(1960, 3, 15))
    dossier = Dossier(
        household=Household(persons=[person]),
        entitlements=[
            Entitlement(
                id="temp",
                person_id="p",
                kind="old_age",
                provider="Verzekeraar",
                start=Moment(age=Age(years=65)),
                end=Moment(age=Age(years=70)),
                annual_gross=Amount(cents=600000, provenance=PROV),
            )
        ],
    )
    result = project(dossier, engine.book, engine.aow_table, dt.date(2024, 1, 1))
    starts = [p.start.isoformat() for p in result.phases]
    # 65 in March 2025 -> from 1 March 2025; 70 in March 2030 -> ends 1 March 2030.
    assert "2025-03-01" in starts and "2030-03-01" in starts


def test_single_projection_gets_the_single_rate_and_aok(engine):
    person = Person(id="p", birth_date=dt.date(1950, 1, 1), household_status="single")
    dossier = Dossier(
        household=Household(persons=[person]),
        entitlements=[
            Entitlement(
                id="aow", person_id="p", kind="aow", provider="SVB", start=Moment(event="now")
            )
        ],
    )
    result = project(dossier, engine.book, engine.aow_table, dt.date(2026, 1, 1))
    phase = result.phases[0]
    assert phase.lines[0].gross_monthly == 163757  # SVB single 2026
    assert phase.persons[0].alleenstaande_ouderenkorting == 540_00


def test_persons_are_typed_with_dates(demo):
    a, b = demo.persons
    assert isinstance(a, ProjectedPerson)
    assert (a.birth_date, a.aow_date) == (dt.date(1961, 5, 10), dt.date(2028, 8, 10))
    assert a.aow_age == YearsAndMonths(67, 3) and a.aow_age.total_months() == 807
    assert b.aow_date == dt.date(2030, 5, 20) and a.aow_age_known
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.name = "changed"
    assert a.as_json()["aow_date"] == "2028-08-10"
    assert a.as_json()["aow_age"] == {"years": 67, "months": 3}


def test_person_figures_are_cents_and_keep_the_annual_rules_order(demo):
    a = demo.phases[-1].figures_of("a")
    assert isinstance(a, PersonFigures)
    # The law's whole euros are held as cents: income tax 2324 euros (see the hand check above).
    assert a.income_tax == 232400 and all(getattr(a, name) % 100 == 0 for name in WHOLE_EUROS)
    units = a.as_annual_rule_units()
    assert units["income_tax"] == 2324 and units["zvw"] == 158976
    annual = [name for name in AnnualNet.__dataclass_fields__ if name != "notices"]
    assert list(units) == ["person_id", *annual, "net_untaxed_monthly"]


def test_payment_lines_are_typed(demo):
    assert all(isinstance(line, PaymentLine) for line in demo.lines)
    assert [line.id for line in demo.lines] == list(demo.monthly.columns)
    assert {line.person_id for line in demo.lines} == {"a", "b"}
