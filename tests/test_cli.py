"""The command line's public contract and its figures.

Expected values are hand-computed with the arithmetic in the comments; sources as in
pensioenchecker/rules/params/sources.yaml (S-keys) and the recorded Belastingdienst online
return (OLA) 2025 runs.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pensioenchecker.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "fixtures" / "dossier-couple.json"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_net_single_aow_and_pension_2025_matches_online_return(capsys):
    r = run_json(
        capsys,
        "net",
        "--year",
        "2025",
        "--birth-date",
        "1955-03-15",
        "--household",
        "single",
        "--aow",
        "full",
        "--pension",
        "25000",
    )
    # Full single AOW 2025 as paid: 6 x 1580.92 + 6 x 1612.44 + May 1032.28 = 20192.44 (S14).
    assert r["aow"] == 20192.44
    assert r["taxable_income"] == 45192
    # Tax: floor(38441 x 8.17%) = 3140, floor(6751 x 37.48%) = 2530;
    # premiums floor(38441 x 9.75%) = 3747 -> 9417.
    assert r["tax_before_credits"] == 9417
    # AHK: ceil(1536 - 3.170% x (45192 - 28406)) = ceil(1003.88) = 1004; OK 2035 (below 45308).
    assert r["credits"] == {
        "algemene_heffingskorting": 1004,
        "ouderenkorting": 2035,
        "alleenstaande_ouderenkorting": 531,
        "arbeidskorting": 0,
    }
    assert r["income_tax"] == 5847  # the OLA 2025 run gives 5847
    assert r["zvw"] == 2377.12  # floor(45192.44 x 5.26%) = floor(2377.1223...)
    assert r["net_annual"] == 36968.32  # 45192.44 - 5847 - 2377.12
    assert r["net_monthly"] == 3080.69  # 36968.32 / 12 = 3080.693...


def test_net_full_aow_couple_2025(capsys):
    r = run_json(
        capsys,
        "net",
        "--year",
        "2025",
        "--birth-date",
        "1956-05-15",
        "--household",
        "couple",
        "--aow",
        "full",
        "--pension",
        "15000",
    )
    # 6 x 1081.50 + 6 x 1103.97 + May 737.36 = 13850.18 (S14)
    assert r["aow"] == 13850.18
    # OLA partner 2: 28850 -> tax 2357 + premiums 2812 - AHK 1522 - OK 2035 = 1612
    assert r["income_tax"] == 1612


def test_net_wage_below_aow_2025_matches_online_return(capsys):
    r = run_json(
        capsys,
        "net",
        "--year",
        "2025",
        "--birth-date",
        "1970-01-01",
        "--household",
        "single",
        "--aow",
        "0",
        "--wage",
        "45000",
    )
    # 3140 + floor(6559 x 37.48%) 2458 + premiums floor(38441 x 27.65%) 10628 = 16226
    # AHK ceil(3068 - 6.337% x 16594) = 2017; AK ceil(5598.96 - 6.51% x 1929) = 5474
    assert r["credits"]["arbeidskorting"] == 5474
    assert r["income_tax"] == 8735  # OLA 2025
    assert r["zvw"] == 0  # the employer pays the Zvw levy on wages


def test_net_multiple_pensions_add_up(capsys):
    one = run_json(
        capsys,
        "net",
        "--year",
        "2026",
        "--birth-date",
        "1950-06-01",
        "--household",
        "couple",
        "--aow",
        "14000",
        "--pension",
        "30000",
    )
    two = run_json(
        capsys,
        "net",
        "--year",
        "2026",
        "--birth-date",
        "1950-06-01",
        "--household",
        "couple",
        "--aow",
        "14000",
        "--pension",
        "10000",
        "--pension",
        "20000",
    )
    assert one == {**two, "pension": 30000.0}


def test_net_2026_notes_the_missing_july_aow(capsys):
    r = run_json(
        capsys,
        "net",
        "--year",
        "2026",
        "--birth-date",
        "1950-06-01",
        "--household",
        "single",
        "--aow",
        "full",
    )
    # 12 x 1637.57 (July 2026 not found: January kept) + May 2026 holiday allowance
    # 2 x 102.46 + 6 x 100.39 + 4 x 106.55 = 1233.46 -> 19650.84 + 1233.46 = 20884.30
    assert r["aow"] == 20884.30
    assert any("2026-07-01 was not found" in n for n in r["notices"])


def test_net_year_without_figures_says_so(capsys):
    r = run_json(
        capsys,
        "net",
        "--year",
        "2027",
        "--birth-date",
        "1950-06-01",
        "--household",
        "single",
        "--aow",
        "20000",
    )
    assert any("no figures for 2027" in n for n in r["notices"])


def test_net_explain_names_rules_and_sources(capsys):
    r = run_json(
        capsys,
        "net",
        "--year",
        "2025",
        "--birth-date",
        "1955-03-15",
        "--household",
        "single",
        "--aow",
        "20192.44",
        "--explain",
    )
    rules = [step["rule"] for step in r["explanation"]]
    assert "ouderenkorting" in rules
    okstep = next(s for s in r["explanation"] if s["rule"] == "ouderenkorting")
    assert okstep["outputs"]["ouderenkorting_euros"] == 2035
    param = okstep["parameters"][0]
    assert param["since"] == "2025-01-01" and param["status"] == "final"
    assert any("belastingdienst" in s or "brink-hoek" in s for s in param["sources"])


def test_withholding_green_full_single_aow_2026(capsys):
    r = run_json(
        capsys,
        "withholding",
        "--date",
        "2026-03-01",
        "--birth-date",
        "1950-01-01",
        "--gross-monthly",
        "1637.57",
        "--loonheffingskorting",
        "--alleenstaande-ouderenkorting",
    )
    # table wage floor(1637.57 / 4.50) x 4.50 = 1633.50; tax floor(19602 x 17.85%) = 3498
    # minus AHK 1556, OK 2067, AOK 540 -> 0: SVB withholds nothing on a full AOW.
    assert r["table_wage"] == 1633.5
    assert r["loonheffing"] == 0
    assert r["zvw"] == 79.42  # floor(1637.57 x 4.85%) = floor(79.422...)
    assert r["net"] == 1558.15


def test_withholding_white_table_row_2026(capsys):
    r = run_json(
        capsys,
        "withholding",
        "--date",
        "2026-01-15",
        "--birth-date",
        "1980-01-01",
        "--gross-monthly",
        "4000.50",
        "--loonheffingskorting",
        "--table",
        "white",
    )
    assert r["loonheffing"] == 820.92  # Witte Maandloon-tabel 2026, met loonheffingskorting
    assert r["zvw"] == 0


def test_withholding_switches_to_aow_table_in_the_aow_month(capsys):
    # Born 1959-03-20: AOW age 67 reached 2026-03-20 (S50).
    before = run_json(
        capsys,
        "withholding",
        "--date",
        "2026-02-28",
        "--birth-date",
        "1959-03-20",
        "--gross-monthly",
        "2000",
    )
    during = run_json(
        capsys,
        "withholding",
        "--date",
        "2026-03-01",
        "--birth-date",
        "1959-03-20",
        "--gross-monthly",
        "2000",
    )
    assert before["group"] == "below_aow" and during["group"] == "aow_born_1946_or_later"
    # 2000 -> table wage 1998.00, L = 23976: floor(23976 x 35.75%) = 8571 -> 714.25 a month;
    # at AOW age floor(23976 x 17.85%) = 4279 -> 356.58 (4279 / 12 = 356.583...)
    assert before["loonheffing"] == 714.25
    assert during["loonheffing"] == 356.58


def test_aow_age(capsys):
    r = run_json(capsys, "aow", "--birth-date", "1961-05-10")
    assert r == {
        "birth_date": "1961-05-10",
        "aow_age": {"years": 67, "months": 3},
        "aow_date": "2028-08-10",
        "known": True,
        "notices": [],
    }
    later = run_json(capsys, "aow", "--birth-date", "1970-01-01")
    assert later["known"] is False and later["aow_age"] == {"years": 67, "months": 3}


def test_project_demo_json_keys_and_dates(capsys):
    r = run_json(capsys, "project", str(DEMO), "--as-of", "2026-11-28")
    assert [p["aow_date"] for p in r["persons"]] == ["2028-08-10", "2030-05-20"]
    starts = [p["start"] for p in r["phases"]]
    assert "2028-08-10" in starts and "2030-05-20" in starts
    assert {"year", "gross", "net"} <= set(r["years"][0])
    assert r["assumptions"]


def test_readable_tables_use_the_languages_money(capsys):
    args = [
        "net",
        "--year",
        "2025",
        "--birth-date",
        "1955-03-15",
        "--household",
        "single",
        "--aow",
        "full",
        "--pension",
        "25000",
    ]
    assert main([*args, "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "€ 3.080,69" in out and "€ 5.847,00" in out
    assert main([*args, "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "€3,080.69" in out and "€5,847.00" in out


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (
            [
                "net",
                "--year",
                "2025",
                "--birth-date",
                "1955-03-15",
                "--household",
                "trio",
                "--aow",
                "1000",
            ],
            "household",
        ),
        (
            [
                "net",
                "--year",
                "2025",
                "--birth-date",
                "1955-02-30",
                "--household",
                "single",
                "--aow",
                "1000",
            ],
            "not a valid date",
        ),
        (
            [
                "net",
                "--year",
                "2025",
                "--birth-date",
                "1955-03-15",
                "--household",
                "single",
                "--aow",
                "-5",
            ],
            "negative",
        ),
        (
            [
                "net",
                "--year",
                "2025",
                "--birth-date",
                "1955-03-15",
                "--household",
                "single",
                "--aow",
                "abc",
            ],
            "not a number",
        ),
        (
            [
                "net",
                "--year",
                "2025",
                "--birth-date",
                "1955-03-15",
                "--household",
                "single",
                "--aow",
                "1.234,56",
            ],
            "comma",
        ),
        (
            [
                "net",
                "--year",
                "2025",
                "--birth-date",
                "1955-03-15",
                "--household",
                "single",
                "--aow",
                "10",
                "--pension",
                "1.005",
            ],
            "two decimals",
        ),
        (
            [
                "withholding",
                "--date",
                "2026-13-01",
                "--birth-date",
                "1950-01-01",
                "--gross-monthly",
                "100",
            ],
            "not a valid date",
        ),
        (["project", "/nonexistent/dossier.json"], "file not found"),
    ],
)
def test_bad_input_is_refused_in_one_line(capsys, args, fragment):
    assert main(args) == 2
    err = capsys.readouterr().err
    assert fragment in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_usage_errors_exit_2_in_one_line():
    done = subprocess.run(
        [sys.executable, "-m", "pensioenchecker", "net", "--year", "x"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stderr


def test_project_refuses_a_broken_dossier(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "pensioenchecker-dossier", "household": {"persons": []}}')
    assert main(["project", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "household.persons" in err


def test_an_unexpected_error_is_one_line_and_exit_3(capsys, monkeypatch):
    """The last guard: a bug gives one line on stderr (exit 3), never a traceback."""
    import pensioenchecker.cli as cli

    def broken(args):
        raise RecursionError("maximum recursion depth exceeded (synthetic)")

    monkeypatch.setattr(cli, "cmd_aow", broken)
    monkeypatch.delenv("PENSIOENCHECKER_DEBUG", raising=False)
    assert cli.main(["aow", "--birth-date", "1961-05-10"]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "RecursionError" in err and "Traceback" not in err


def test_net_explain_names_parameters_sources_and_status_in_dutch(capsys):
    args = ["net", "--year", "2026", "--birth-date", "1955-03-15", "--household", "single"]
    assert main([*args, "--aow", "20192.44", "--explain", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert (
        "Ouderenkorting, sinds 1 januari 2026 (definitief): Belastingdienst, Voorlopige aanslag: "
        "tarieven en heffingskortingen 2026; "
    ) in out
    assert "SVB, AOW-bedragen januari 2026 (aangehaald op welingelichtekringen.nl)" in out
    assert "credits." not in out and "[final]" not in out and "OK 2026 table" not in out
