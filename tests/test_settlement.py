"""The year-end settlement and the headline rule, in the core.

The settlement is the year's income tax and Zvw due (annual view) minus everything withheld in
that year, SVB's May holiday payment of the AOW included (tabel bijzondere beloningen, without
loonheffingskorting, plus Zvw). The figures below are worked out by hand from the demo files and
the published rates; the engine's own outputs are only read where they are the input of a step.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pensioenchecker.cli import main
from pensioenchecker.projection.advice import withholding_advice
from pensioenchecker.projection.headline import earlier_phases, work_lines
from pensioenchecker.projection.settlement import (
    household_settlements,
    person_settlement,
    settlement_total,
)
from pensioenchecker.projection.timeline import HouseholdProjection, headline_index, project
from pensioenchecker.sources.registry import load_paths

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2026, 12, 1)


def _project(engine, demo: str) -> HouseholdProjection:  # type: ignore[no-untyped-def]
    files = sorted((ROOT / "resources" / "demo" / demo).iterdir())
    return project(load_paths(files, engine), engine.book, engine.aow_table, AS_OF)


def test_retired_demo_settlement_by_hand(engine) -> None:  # type: ignore[no-untyped-def]
    projection = _project(engine, "retired")
    phase = projection.phases[headline_index(projection)]
    person = projection.persons[0].id
    figures = phase.figures_of(person)

    # Annual view (engine, rules.annual): AOW single 2026 1.637,57 + holiday accrual 106,55 a
    # month (aow.yaml, SVB/SZW 2026) x 12 = 20.929,44, plus the pension 25.000,00 (the file):
    # gross 45.929,44. Income tax after credits 5.940 (whole euros); Zvw 4,85 % (zvw.yaml, 2026)
    # x 45.929,44 = 2.227,577 -> 2.227,57. Due: 8.167,57.
    assert figures.gross == 4_592_944
    assert figures.income_tax == 594_000
    assert figures.zvw == 4_592_944 * 485 // 10_000 == 222_757
    due = 594_000 + 222_757

    # Regular months (rules.withholding, Rekenvoorschriften): SVB applies the credits to the AOW,
    # loonheffing 0,00 and Zvw 4,85 % x 1.637,57 = 79,42; the fund withholds without credits,
    # 371,08 loonheffing and 4,85 % x 2.083,34 = 101,04 Zvw; the net pension (100,00) nothing.
    by_kind = {line.payer: line for line in phase.lines}
    svb = by_kind["SVB"]
    assert (svb.loonheffing, svb.zvw) == (0, 7_942)
    fund = next(line for line in phase.lines if line.payer.startswith("Pensioenfonds"))
    assert (fund.loonheffing, fund.zvw) == (37_108, 10_104)
    regular = 12 * (7_942 + 37_108 + 10_104)  # 551,54 a month -> 6.618,48 a year

    # The May holiday payment: 12 x 106,55 = 1.278,60 gross. SVB: "loonheffing volgens het
    # tarief bijzondere beloningen ... geen rekening met de loonheffingskorting ... en de
    # bijdrage Zvw" (svb.nl, vakantiegeld; source S16). BB table 2026 without LHK for an
    # AOW-only jaarloon: 17,85 % (wit/groen_bb_nl_std_20260101, final; source B1):
    # 1.278,60 x 17,85 % = 228,2301 -> 228,23 (rounded down, the table's footnote); Zvw
    # 1.278,60 x 4,85 % = 62,0121 -> 62,01. Together 290,24.
    assert svb.holiday_pay == 127_860
    assert (svb.holiday_loonheffing, svb.holiday_zvw) == (22_823, 6_201)
    holiday = 22_823 + 6_201

    settlement = person_settlement(phase, person)
    assert settlement.due_annual == due == 816_757
    assert settlement.withheld_annual == regular + holiday == 690_872
    # 6.908,72 withheld - 8.167,57 due = -1.258,85: to pay after the tax return (the old
    # figures: 271 on the Overview, which counted the holiday pay gross, and 966 on the
    # What if page, which left it out on both sides).
    assert settlement.settlement_annual == -125_885
    assert settlement.holiday_rate_status == "final"
    advice = withholding_advice(projection, engine.book)[0]
    today = next(o for o in advice.options if o.line_id == advice.current)
    assert today.settlement == -125_885


def test_couple_settlement_per_person(engine) -> None:  # type: ignore[no-untyped-def]
    projection = _project(engine, "couple")
    phase = projection.phases[headline_index(projection)]
    values = {s.person_id: s for s in household_settlements(phase)}
    # Partner: due 0 + 942,27 Zvw; withheld 12 x (91,50 + 25,05 + 50,06) = 1.999,32 plus May
    # 12 x 70,01 = 840,12 at 17,85 % = 149,96 and 4,85 % = 40,74: 2.190,02. Back: 1.247,75.
    assert values["p1"].due_annual == 94_227
    assert values["p1"].withheld_annual == 199_932 + 14_996 + 4_074
    assert values["p1"].settlement_annual == 124_775
    # Participant: due 2.324 + 1.589,76 = 3.913,76; withheld 12 x (54,42 + 273,08 + 74,36) =
    # 4.822,32 plus May 12 x 76,10 = 913,20 at 17,85 % = 163,00 and 4,85 % = 44,29:
    # 5.029,61. Back: 1.115,85.
    assert values["p2"].due_annual == 391_376
    assert values["p2"].withheld_annual == 482_232 + 16_300 + 4_429
    assert values["p2"].settlement_annual == 111_585
    assert settlement_total(list(values.values())) == 236_360


@pytest.mark.parametrize("demo", ["retired", "couple"])
def test_project_json_has_the_settlement_per_phase_and_person(engine, capsys, demo) -> None:  # type: ignore[no-untyped-def]
    files = sorted(str(p) for p in (ROOT / "resources" / "demo" / demo).iterdir())
    assert main(["project", *files, "--as-of", AS_OF.isoformat(), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    projection = _project(engine, demo)
    for row, phase in zip(document["phases"], projection.phases, strict=True):
        for person in row["persons"]:
            settlement = person_settlement(phase, person["person_id"])
            assert person["settlement_annual"] == settlement.settlement_annual / 100
            assert person["withheld_annual"] == settlement.withheld_annual / 100
            assert person["due_annual"] == settlement.due_annual / 100
            assert (
                round(person["withheld_annual"] - person["due_annual"], 2)
                == (person["settlement_annual"])
            )


def test_the_couple_headline_is_both_on_the_aow_and_no_wage(engine) -> None:  # type: ignore[no-untyped-def]
    projection = _project(engine, "couple")
    head = headline_index(projection)
    phase = projection.phases[head]
    assert phase.start == max(p.aow_date for p in projection.persons) == dt.date(2030, 5, 20)
    assert not work_lines(phase)
    assert phase.net_monthly == 394_591  # € 3.945,91, the lasting figure
    # Below it, from the first AOW date: € 4.818,08 and € 5.091,94, both with the wage.
    earlier = [projection.phases[i] for i in earlier_phases(projection)]
    assert [p.net_monthly for p in earlier] == [481_808, 509_194]
    assert all(work_lines(p) for p in earlier)
    # Per person the headline stays the phase from their own AOW date.
    participant = next(p for p in projection.persons if p.aow_date == dt.date(2028, 8, 10))
    assert projection.phases[headline_index(projection, participant.id)].start == (
        participant.aow_date
    )


def test_the_as_of_year_is_a_whole_year(engine) -> None:  # type: ignore[no-untyped-def]
    """A pension in payment ran all of 2026 too: no year with a month of pension and no tax."""
    projection = _project(engine, "retired")
    years = projection.years.set_index("year")
    assert int(years.loc[2026, "pension"]) == 2_500_000  # twelve months of 2.083,33⅓
    assert int(years.loc[2026, "income_tax"]) > 0
    # 2026 differs from 2027 only by the AOW of January-June 2026 and the May payment.
    assert abs(int(years.loc[2026, "gross"]) - int(years.loc[2027, "gross"])) < 10_000


def test_the_special_rate_names_its_status_per_year(engine) -> None:  # type: ignore[no-untyped-def]
    rates = {year: engine.book.year(year) for year in (2024, 2025, 2026)}
    assert {y: r.holiday_pay_rate for y, r in rates.items()} == {
        2024: 19_070,
        2025: 17_920,
        2026: 17_850,
    }
    assert {y: r.holiday_pay_status for y, r in rates.items()} == {
        2024: "derived",
        2025: "derived",
        2026: "final",
    }
    projection = _project(engine, "retired")
    assert any("status final" in note and "17,85 %" in note for note in projection.assumptions)
