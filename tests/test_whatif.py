"""What-ifs: each transformation with a hand-computed case, the refusals, and the CLI.

Hand computations use a basis without mortality and a far horizon, so a factor is a power of
v = 1 / 1.025 and can be checked with a calculator; the default basis (Gompertz fitted to CBS
figures) is checked against the two figures it was fitted to.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest

from pensioenchecker.cli import main
from pensioenchecker.model import Age, Dossier
from pensioenchecker.projection.actuarial import Basis, apply_factor, gompertz_fit
from pensioenchecker.projection.advice import withholding_advice
from pensioenchecker.projection.timeline import project
from pensioenchecker.projection.whatif import (
    WhatIf,
    WhatIfRefusedError,
    apply_whatif,
    differences,
    read_whatif,
)
from pensioenchecker.sources.registry import load_paths

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo" / "couple"
AS_OF = dt.date(2026, 11, 28)
P2_FUND = "p2-pensioenfonds-voorbeeld-synthetisch-demo-pf-001"  # 18.400 a year from 67y3m
P2_PARTNER = "p2-partner-pensioenfonds-voorbeeld-synthetisch-demo-pf-001"  # 12.880 a year
NO_MORTALITY = Basis(
    gompertz_b=0.0,
    gompertz_c=1.0,
    discount_rate=Decimal("0.025"),
    inflation=Decimal("0.02"),
    max_age=1000,
)


@pytest.fixture(scope="module")
def couple(engine) -> Dossier:  # type: ignore[no-untyped-def]
    return load_paths(sorted(DEMO.iterdir()), engine)


def run(engine, dossier: Dossier, **parts) -> tuple[Dossier, list[str]]:  # type: ignore[no-untyped-def]
    return apply_whatif(dossier, WhatIf(**parts), engine.aow_table, AS_OF, NO_MORTALITY)


def line(dossier: Dossier, line_id: str):  # type: ignore[no-untyped-def]
    return next(e for e in dossier.entitlements if e.id == line_id)


def test_default_basis_reproduces_the_cbs_figures_it_was_fitted_to() -> None:
    """CBS 37360ned, men 2023, age 61: death probability 0,00694, life expectancy 22,52 years."""
    b, c = gompertz_fit(61, 0.00694, 22.52)
    q61 = 1 - math.exp(-b / math.log(c) * c**61 * (c - 1))
    assert q61 == pytest.approx(0.00694, rel=1e-9)
    t = np.arange(0, 59 * 12 + 1) / 12
    alive = np.exp(-b / math.log(c) * c**61 * (c**t - 1))
    assert float(np.trapezoid(alive, t)) == pytest.approx(22.52, abs=1e-6)
    basis = Basis.default()
    assert "37360ned" in basis.references["mortality"]
    assert "NOT FOUND" in basis.references["discount_rate"]  # an assumption, and it says so
    # Retiring earlier costs, later pays: 67 -> 66 below 1, 67 -> 68 above 1.
    assert basis.deferral_factor(67 * 12, 66 * 12) < 1 < basis.deferral_factor(67 * 12, 68 * 12)


def test_apply_factor_rounds_half_up_to_the_cent() -> None:
    assert apply_factor(1_840_000, Decimal("0.9756")) == 1_795_104  # 18.400 x 0,9756 = 17.951,04
    assert apply_factor(1, Decimal("0.5000")) == 1  # 0,005 -> 0,01 (half up)
    assert apply_factor(1, Decimal("0.4999")) == 0  # 0,004999 -> 0,00


def test_retire_a_year_and_three_months_earlier(engine, couple) -> None:  # type: ignore[no-untyped-def]
    # From 67y3m to 66y3m: without mortality the factor is v^1 = 1 / 1.025 = 0,975609 -> 0,9756;
    # 18.400,00 x 0,9756 = 17.951,04.
    changed, notes = run(
        engine, couple, retire=[{"line": P2_FUND, "age": {"years": 66, "months": 3}}]
    )
    moved = line(changed, P2_FUND)
    assert moved.start.age == Age(years=66, months=3)
    assert moved.annual_gross.cents == 1_795_104
    assert "factor 0.9756" in notes[0]
    # The same note in Dutch, for the window and the report: Dutch notation, Dutch words.
    dutch = notes[0].text("nl")
    assert "vanaf 66 jaar en 3 maanden in plaats van 67 jaar en 3 maanden" in dutch
    assert "€ 18.400,00 x factor 0,9756 = € 17.951,04 per jaar" in dutch
    assert "zonder sterfte, rekenrente 2,5 %" in dutch


def test_notes_and_refusals_are_in_the_dutch_catalog() -> None:
    """Every phrase's English is a catalog id with a Dutch translation (its code is its key)."""
    from pensioenchecker.i18n import gettext
    from pensioenchecker.projection.whatif_texts import TEMPLATES

    for key, english in TEMPLATES.items():
        assert gettext("nl", english) != english or key == "note.survivor.line", key


def test_a_refusal_says_why_in_dutch_too(engine, couple) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WhatIfRefusedError) as caught:
        run(engine, couple, retire=[{"line": P2_FUND, "age": {"years": 59, "months": 11}}])
    assert caught.value.message == "retirement before 60 is not allowed"
    assert caught.value.message.text("nl") == "met pensioen gaan vóór 60 jaar mag niet"


def test_retire_two_years_later(engine, couple) -> None:  # type: ignore[no-untyped-def]
    # 67y3m -> 69y3m: 1.025^2 = 1,050625 -> 1,0506; 18.400 x 1,0506 = 19.331,04.
    changed, _ = run(engine, couple, retire=[{"line": P2_FUND, "age": {"years": 69, "months": 3}}])
    assert line(changed, P2_FUND).annual_gross.cents == 1_933_104


def test_part_time_retirement_moves_only_that_share(engine, couple) -> None:  # type: ignore[no-untyped-def]
    # 50 % from 66y3m: 9.200 x 0,9756 = 8.975,52; the other 9.200 stays at 67y3m.
    changed, _ = run(
        engine, couple, retire=[{"line": P2_FUND, "age": {"years": 66, "months": 3}, "percent": 50}]
    )
    early = line(changed, f"{P2_FUND}@66j3m")
    assert early.annual_gross.cents == 897_552 and early.start.age == Age(years=66, months=3)
    rest = line(changed, P2_FUND)
    assert rest.annual_gross.cents == 920_000 and rest.start.age == Age(years=67, months=3)


def test_high_low(engine, couple) -> None:  # type: ignore[no-untyped-def]
    # 5 years high, low 75 %: factor 1 / (1 - 0,25 x v^5) = 1 / (1 - 0,25 x 0,883854) = 1,283637
    # -> 1,2836; high 18.400 x 1,2836 = 23.618,24; low 75 % = 17.713,68.
    changed, _ = run(engine, couple, high_low={"line": P2_FUND, "years": 5, "low_percent": 75})
    high, low = line(changed, f"{P2_FUND}-hoog"), line(changed, f"{P2_FUND}-laag")
    assert high.annual_gross.cents == 2_361_824 and high.end.age == Age(years=72, months=3)
    assert low.annual_gross.cents == 1_771_368 and low.start.age == Age(years=72, months=3)
    projection = project(changed, engine.book, engine.aow_table, AS_OF)
    starts = [p.start for p in projection.phases]
    assert dt.date(2033, 8, 1) in starts  # born 10 May 1961: 72y3m reached in August 2033


def test_lump_sum_is_paid_once_and_taxed_in_that_year(engine, couple) -> None:  # type: ignore[no-untyped-def]
    # 10 % of 18.400 = 1.840 a year given up; value factor without mortality
    # 1 / (12 x (1 - 1.025^(-1/12))) = 40,5396; lump 1.840 x 40,5396 = 74.592,86 on 1 Aug 2028.
    changed, notes = run(engine, couple, lump_sum={"line": P2_FUND, "percent": "10"})
    (lump,) = changed.lump_sums
    assert lump.amount.cents == 7_459_286 and lump.date == dt.date(2028, 8, 1)
    assert line(changed, P2_FUND).annual_gross.cents == 1_656_000
    assert "taxed in 2028" in notes[0]
    base = project(couple, engine.book, engine.aow_table, AS_OF).years
    variant = project(changed, engine.book, engine.aow_table, AS_OF).years

    def pension(frame, year):  # type: ignore[no-untyped-def]
        return int(frame[(frame.year == year) & (frame.person_id == "p2")].pension.iloc[0])

    # 2028, Aug-Dec: 18.400 pays 18.400,00 - floor(18.400 x 7/12) = 7.666,67, and 16.560 pays
    # 16.560,00 - 9.660,00 = 6.900,00: 766,67 less, plus the lump sum.
    assert pension(variant, 2028) == pension(base, 2028) - 76_667 + 7_459_286
    # 2029: a whole year of the lowered pension, 1.840 less; no lump sum.
    assert pension(variant, 2029) == pension(base, 2029) - 184_000
    # The lump sum never shows up in a phase's monthly figures.
    phases = project(changed, engine.book, engine.aow_table, AS_OF).phases
    assert all(line.kind != "lump_sum" for phase in phases for line in phase.lines)


def test_exchange_partner_pension_for_old_age_pension(engine, couple) -> None:  # type: ignore[no-untyped-def]
    # Half of 12.880 = 6.440 given up x the fund's factor 0,25 = 1.610 more: 18.400 -> 20.010.
    changed, _ = run(
        engine,
        couple,
        exchange={
            "line": P2_FUND,
            "partner_line": P2_PARTNER,
            "direction": "partner_to_old_age",
            "percent": 50,
            "factor": "0.25",
        },
    )
    assert line(changed, P2_FUND).annual_gross.cents == 2_001_000
    assert line(changed, P2_PARTNER).annual_gross.cents == 644_000
    # And back: 10 % of 18.400 = 1.840 x 3 = 5.520 more partner pension (12.880 -> 18.400).
    back, _ = run(
        engine,
        couple,
        exchange={
            "line": P2_FUND,
            "partner_line": P2_PARTNER,
            "direction": "old_age_to_partner",
            "percent": 10,
            "factor": "3",
        },
    )
    assert line(back, P2_FUND).annual_gross.cents == 1_656_000
    assert line(back, P2_PARTNER).annual_gross.cents == 1_840_000


def test_survivor_gets_single_aow_and_the_partner_pension(engine, couple) -> None:  # type: ignore[no-untyped-def]
    changed, notes = run(engine, couple, survivor={"person": "p2", "age": {"years": 80}})
    assert changed.person("p2").death_date == dt.date(2041, 5, 10)
    projection = project(changed, engine.book, engine.aow_table, AS_OF)
    after = next(p for p in projection.phases if p.start == dt.date(2041, 6, 1))
    assert {line.person_id for line in after.lines} == {"p1"}  # p2's payments stopped
    partner = next(line for line in after.lines if line.kind == "partner")
    # 12.880,00 a year in twelve parts: June gets floor(1.288.000 x 6 / 12) - floor(x 5 / 12)
    # = 644.000 - 536.666 = 107.334 cents in the phase's first month.
    assert partner.gross_monthly == 107_334
    # The survivor's AOW is the law's single amount: the same as for p1 living alone.
    single = couple.model_copy(
        update={
            "household": couple.household.model_copy(
                update={
                    "persons": [
                        p.model_copy(update={"household_status": "single"})
                        for p in couple.household.persons
                    ]
                }
            )
        }
    )
    alone = project(single, engine.book, engine.aow_table, AS_OF)
    alone_phase = next(
        p
        for p in alone.phases
        if p.start <= dt.date(2041, 6, 1) and (p.end is None or p.end >= dt.date(2041, 6, 1))
    )
    aow_alone = next(x for x in alone_phase.lines if x.kind == "aow" and x.person_id == "p1")
    aow_after = next(x for x in after.lines if x.kind == "aow")
    assert aow_after.gross_monthly == aow_alone.gross_monthly
    # ... and the survivor gets the alleenstaande ouderenkorting in that phase.
    assert after.figures_of("p1").alleenstaande_ouderenkorting > 0
    assert any("orphan pension" in n for n in notes)


def test_wage_fewer_hours(engine, couple) -> None:  # type: ignore[no-untyped-def]
    wage = couple.income_lines[0]  # 32.000 a year
    changed, _ = run(
        engine,
        couple,
        wages=[{"line": wage.id, "percent": 80, "change_from": "2027-01-01"}],
    )
    before, after = changed.income_lines
    assert before.end == dt.date(2026, 12, 31)
    assert after.start == dt.date(2027, 1, 1) and after.annual_gross.cents == 2_560_000  # 80 %


def test_combined_and_differences(engine, couple) -> None:  # type: ignore[no-untyped-def]
    changed, notes = run(
        engine,
        couple,
        retire=[{"line": P2_FUND, "age": {"years": 66, "months": 3}}],
        lump_sum={"line": P2_FUND, "percent": "5"},
    )
    assert len(notes) == 2
    base = project(couple, engine.book, engine.aow_table, AS_OF)
    variant = project(changed, engine.book, engine.aow_table, AS_OF)
    rows = differences(base, variant)
    starts = [r["start"] for r in rows]
    assert dt.date(2027, 8, 1) in starts  # the pension now starts at 66y3m
    for row in rows:
        assert (
            row["difference_net_monthly"]
            == row["variant_net_monthly"] - row["baseline_net_monthly"]
        )
    early = next(r for r in rows if r["start"] == dt.date(2027, 8, 1))
    assert early["variant_net_monthly"] > early["baseline_net_monthly"]


@pytest.mark.parametrize(
    ("parts", "reason"),
    [
        ({"retire": [{"line": P2_FUND, "age": {"years": 59, "months": 11}}]}, "before 60"),
        ({"retire": [{"line": P2_FUND, "age": {"years": 72, "months": 4}}]}, "5 years after"),
        ({"high_low": {"line": P2_FUND, "years": 5, "low_percent": 74}}, "at least 75%"),
        ({"high_low": {"line": P2_FUND, "years": 11, "low_percent": 75}}, "at most 10 years"),
        ({"lump_sum": {"line": P2_FUND, "percent": "10.01"}}, "at most 10%"),
        (
            {
                "high_low": {"line": P2_FUND, "years": 5, "low_percent": 80},
                "lump_sum": {"line": P2_FUND, "percent": "5"},
            },
            "cannot be combined with hoog-laag",
        ),
        ({"retire": [{"line": "p2-aow", "age": {"years": 66}}]}, "not old_age"),
        ({"survivor": {"person": "p9", "age": {"years": 80}}}, "no person"),
        ({"lump_sum": {"line": "nothing", "percent": "5"}}, "no pension line"),
    ],
)
def test_refusals_say_why(engine, couple, parts, reason) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(WhatIfRefusedError, match=reason):
        run(engine, couple, **parts)


def test_latest_allowed_retirement_is_aow_age_plus_five(engine, couple) -> None:  # type: ignore[no-untyped-def]
    # AOW age for someone born 10 May 1961: 67y3m; + 5 years = 72y3m is allowed (72y4m is not).
    run(engine, couple, retire=[{"line": P2_FUND, "age": {"years": 72, "months": 3}}])
    # 60 exactly is allowed (seen from 2020, when 60 still lay ahead for someone born in 1961).
    early = WhatIf(retire=[{"line": P2_FUND, "age": {"years": 60, "months": 0}}])
    changed, _ = apply_whatif(couple, early, engine.aow_table, dt.date(2020, 1, 1), NO_MORTALITY)
    assert line(changed, P2_FUND).start.age == Age(years=60)


def test_withholding_advice_prefers_the_smallest_refund(engine, couple) -> None:  # type: ignore[no-untyped-def]
    projection = project(couple, engine.book, engine.aow_table, AS_OF)
    advice = {a.person_id: a for a in withholding_advice(projection, engine.book)}
    p2 = advice["p2"]
    assert p2.phase_start == dt.date(2028, 8, 10)  # the AOW date
    assert len(p2.options) == 2 and len({o.due_annual for o in p2.options}) == 1
    best = next(o for o in p2.options if o.line_id == p2.advised)
    assert best.settlement >= 0
    assert all(best.settlement <= o.settlement for o in p2.options if o.settlement >= 0)


def test_read_whatif_names_the_wrong_field() -> None:
    from pensioenchecker.errors import InputError

    with pytest.raises(InputError, match="retire"):
        read_whatif(b'{"retire": [{"lijn": "x"}]}', "w.json")


def test_cli_project_with_whatif(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    spec = tmp_path / "w.json"
    spec.write_text(
        json.dumps(
            {
                "retire": [{"line": P2_FUND, "age": {"years": 66, "months": 3}}],
                "scenarios": {P2_FUND: {"pessimistic": "15000", "optimistic": "21000"}},
                "euros": "today",
            }
        ),
        encoding="utf-8",
    )
    files = [str(p) for p in sorted(DEMO.iterdir())]
    assert main(["project", *files, "--as-of", "2026-11-28", "--json"]) == 0
    baseline = json.loads(capsys.readouterr().out)
    assert main(["project", *files, "--as-of", "2026-11-28", "--whatif", str(spec), "--json"]) == 0
    variant = json.loads(capsys.readouterr().out)
    assert set(baseline) <= set(variant)
    assert {"differences", "whatif", "scenarios"} <= set(variant)
    row = variant["differences"][0]
    assert {
        "start",
        "baseline_net_monthly",
        "variant_net_monthly",
        "difference_net_monthly",
    } <= set(row)
    assert "variant_net_monthly_today" in row
    band = variant["scenarios"][-1]
    assert (
        band["pessimistic_net_monthly"]
        < band["expected_net_monthly"]
        < band["optimistic_net_monthly"]
    )
    assert "factor 0.9" in variant["whatif"]["changes"][0]


def test_cli_refuses_a_bad_whatif_with_exit_2(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    files = [str(p) for p in sorted(DEMO.iterdir())]
    refused = tmp_path / "refused.json"
    refused.write_text(
        json.dumps({"lump_sum": {"line": P2_FUND, "percent": "12"}}), encoding="utf-8"
    )
    assert main(["project", *files, "--whatif", str(refused), "--json"]) == 2
    err = capsys.readouterr().err.strip()
    assert "refused.json" in err and "at most 10%" in err and "\n" not in err
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert main(["project", *files, "--whatif", str(broken)]) == 2
    assert "broken.json" in capsys.readouterr().err


def test_advice_for_todays_choice_equals_what_the_projection_withholds(engine, couple) -> None:  # type: ignore[no-untyped-def]
    """The option that is today's choice withholds exactly what the projection's phase shows.

    Twelve regular months of every payer plus SVB's withholding on the May holiday payment; the
    tax due is the phase's annual view, so today's option is the settlement figure itself.
    """
    from pensioenchecker.projection.settlement import person_settlement

    projection = project(couple, engine.book, engine.aow_table, AS_OF)
    for advice in withholding_advice(projection, engine.book):
        phase = next(p for p in projection.phases if p.start == advice.phase_start)
        mine = [x for x in phase.lines if x.person_id == advice.person_id]
        today = next(o for o in advice.options if o.line_id == advice.current)
        holiday = sum(x.holiday_loonheffing + x.holiday_zvw for x in mine)
        assert holiday > 0
        assert today.withheld_annual == 12 * sum(x.loonheffing + x.zvw for x in mine) + holiday
        figures = phase.figures_of(advice.person_id)
        assert today.due_annual == figures.income_tax + figures.zvw
        assert today.settlement == person_settlement(phase, advice.person_id).settlement_annual


def test_scenarios_scale_a_moved_line_by_the_upo_ratio(engine, couple) -> None:  # type: ignore[no-untyped-def]
    from pensioenchecker.projection.whatif import scenario_dossiers

    spec = WhatIf(
        retire=[{"line": P2_FUND, "age": {"years": 66, "months": 3}}],
        scenarios={P2_FUND: {"pessimistic": "13800", "optimistic": "23000"}},
    )
    changed, _ = apply_whatif(couple, spec, engine.aow_table, AS_OF, NO_MORTALITY)
    bands = scenario_dossiers(changed, spec, couple)
    # Moved line 17.951,04 (see above); pessimistic 13.800 / 18.400 = 75 %: 13.463,28;
    # optimistic 23.000 / 18.400 = 125 %: 22.438,80.
    assert line(bands["pessimistic"], P2_FUND).annual_gross.cents == 1_346_328
    assert line(bands["optimistic"], P2_FUND).annual_gross.cents == 2_243_880


def test_notes_and_refusals_name_the_person_not_the_line_id(engine, couple) -> None:  # type: ignore[no-untyped-def]
    _, notes = run(engine, couple, retire=[{"line": P2_FUND, "age": {"years": 66, "months": 3}}])
    _, lump = run(engine, couple, lump_sum={"line": P2_FUND, "percent": "10"})
    owner = next(p.name for p in couple.household.persons if p.id == "p2")
    for note in [*notes, *lump]:
        for lang in ("nl", "en"):
            assert "p2-" not in note.text(lang)
    assert f"Pensioenfonds Voorbeeld (synthetisch) ({owner})" in notes[0].text("nl")
    with pytest.raises(WhatIfRefusedError) as refused:
        run(engine, couple, retire=[{"line": P2_PARTNER, "age": {"years": 66}}])
    for lang in ("nl", "en"):
        text = refused.value.message.text(lang)
        assert "p2-" not in text and owner in text
    # The command line and the JSON keep the line's id, as they always said it.
    assert P2_PARTNER in refused.value.message
    assert P2_FUND in notes[0]
