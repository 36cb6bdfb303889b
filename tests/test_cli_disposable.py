"""``toeslagen``, ``net --rent/--assets/--health-costs`` and ``project``'s disposable income,
against the published figures in tests/fixtures/published/disposable.yaml (Dienst Toeslagen
leaflets, Kamerstuk 36154 tables 1-6, rounded there to hundreds)."""

from __future__ import annotations

import json
import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from pensioenchecker.cli import main

ROOT = Path(__file__).resolve().parents[1]
PUBLISHED = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "published" / "disposable.yaml").read_text("utf-8")
)
RENTER = sorted(str(p) for p in (ROOT / "resources" / "demo" / "single-renter").iterdir())


def per_month(annual: float) -> float:
    """Annual / 12, half up to the cent (as the rule does)."""
    return float((Decimal(str(annual)) / 12).quantize(Decimal("0.01"), ROUND_HALF_UP))


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    "case",
    [c for c in PUBLISHED["zorgtoeslag_examples"] if c["insured"]],
    ids=lambda c: str(c["year"]),
)
def test_toeslagen_gives_the_leaflet_zorgtoeslag(capsys, case):
    """The single examples of the Dienst's leaflets: annual whole euros, monthly advance."""
    out = run_json(
        capsys,
        "toeslagen",
        "--year",
        str(case["year"]),
        "--household",
        "single",
        "--income",
        str(case["income"]),
    )
    annual = round(Decimal(case["annual"]))
    assert out["zorgtoeslag"] == {
        "annual": annual,
        "monthly": case["monthly"],
        "status": "empirical",
    }
    assert out["huurtoeslag"]["annual"] == 0  # no rent given


def test_toeslagen_couple_from_the_monthly_table(capsys):
    """2026 partner table: joint income up to 44.500 -> 78 a month."""
    out = run_json(
        capsys, "toeslagen", "--year", "2026", "--household", "couple", "--income", "44500"
    )
    assert out["zorgtoeslag"]["monthly"] == 78


def test_toeslagen_huurtoeslag_2026_by_the_leaflet_steps(capsys):
    """Berekening huurtoeslag 2026: single, 26.800, kale huur 576 -> 270 a month (steps 2-7:
    295,68 + 50,57 - 75,9375 = 270,3125)."""
    out = run_json(
        capsys,
        "toeslagen",
        "--year",
        "2026",
        "--household",
        "single",
        "--income",
        "26800",
        "--rent",
        "576",
        "--birth-date",
        "1955-03-15",
    )
    assert out["huurtoeslag"] == {"annual": 3240, "monthly": 270, "status": "final"}
    assert out["zorgtoeslag"]["annual"] == 1550


def test_toeslagen_vermogensgrens_applies(capsys):
    base = ["toeslagen", "--year", "2026", "--household", "single", "--income", "20000"]
    over = run_json(capsys, *base, "--rent", "576", "--assets", "38480")
    assert over["huurtoeslag"]["annual"] == 0 and over["zorgtoeslag"]["annual"] > 0


def test_toeslagen_2027_says_not_found_and_gives_no_figure(capsys):
    out = run_json(
        capsys,
        "toeslagen",
        "--year",
        "2027",
        "--household",
        "single",
        "--income",
        "20000",
        "--rent",
        "576",
    )
    assert out["zorgtoeslag"]["annual"] is None and out["zorgtoeslag"]["monthly"] is None
    assert out["huurtoeslag"]["annual"] is None
    assert any("standaardpremie for 2027 was not found" in n for n in out["notices"])


def test_toeslagen_2025_couple_huurtoeslag_is_not_known(capsys):
    out = run_json(
        capsys,
        "toeslagen",
        "--year",
        "2025",
        "--household",
        "couple",
        "--income",
        "30000",
        "--rent",
        "576",
    )
    assert out["huurtoeslag"]["annual"] is None
    assert out["zorgtoeslag"]["annual"] is not None


KAMERSTUK = PUBLISHED["kamerstuk_36154"]


@pytest.mark.parametrize(
    "case", KAMERSTUK, ids=lambda c: f"table{c['table']}-{c['column'].replace(' ', '-')}"
)
def test_net_with_rent_gives_the_kamerstuk_36154_columns(capsys, case):
    """Single AOW recipient born 1950, full AOW 2024, rent 576, health costs 2.100 (row 8).
    Pension after a lump sum: pension x (1 - share taken); the lump sum is row 3.
    Rows 7, 9, 11 are rounded to hundreds (within 50); rows 10 and 12 add two rounded rows."""
    pension = Decimal(case["pension"] * 12) * (1 - Decimal(case["taken"]))
    args = ["net", "--year", "2024", "--birth-date", "1950-01-01", "--household", "single"]
    args += ["--aow", "full", "--pension", str(pension)]
    if case["lump"]:
        args += ["--pension", str(case["lump"])]
    out = run_json(capsys, *args, "--rent", "576", "--health-costs", str(case["health"]))
    part = out["disposable"]
    assert abs(out["net_annual"] - case["net"]) <= 50
    assert abs(part["zorgtoeslag"] - case["zt"]) <= 50
    assert abs(part["huurtoeslag"] - case["ht"]) <= 50
    assert abs(part["disposable_annual"] - part["huurtoeslag"] - case["disposable"]) <= 100
    assert abs(part["disposable_annual"] - case["with_ht"]) <= 100
    assert part["health_costs"] == case["health"] and part["health_costs_assumed"] is False
    assert part["disposable_monthly"] == per_month(part["disposable_annual"])
    if case["lump"] and case["taken"] == "0.10":
        assert (part["zorgtoeslag"], part["huurtoeslag"]) == (0, 0)


def test_net_assets_add_box3_tax_and_the_assumed_health_costs(capsys):
    """2026, 100.000 savings: box 3 tax 187 (the rules' hand computation); the rendements-
    grondslag is above the huurtoeslag's vermogensgrens; health costs 1.879 + 385 assumed."""
    out = run_json(
        capsys,
        "net",
        "--year",
        "2026",
        "--birth-date",
        "1955-03-15",
        "--household",
        "single",
        "--aow",
        "full",
        "--pension",
        "6000",
        "--rent",
        "576",
        "--assets",
        "100000",
    )
    part = out["disposable"]
    assert part["box3_tax"] == 187 and part["huurtoeslag"] == 0
    assert part["health_costs"] == 2264 and part["health_costs_assumed"] is True
    assert part["status"] == "empirical"


def test_net_without_the_flags_has_no_disposable(capsys):
    out = run_json(
        capsys,
        "net",
        "--year",
        "2026",
        "--birth-date",
        "1955-03-15",
        "--household",
        "single",
        "--aow",
        "full",
    )
    assert "disposable" not in out


def test_net_2027_disposable_is_null(capsys):
    out = run_json(
        capsys,
        "net",
        "--year",
        "2027",
        "--birth-date",
        "1955-03-15",
        "--household",
        "single",
        "--aow",
        "20000",
        "--rent",
        "576",
    )
    part = out["disposable"]
    assert part["disposable_monthly"] is None and part["zorgtoeslag"] is None
    assert any("not known, no figure is given" in n for n in part["notices"])


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["toeslagen", "--year", "2026", "--household", "trio", "--income", "1"], "trio"),
        (["toeslagen", "--year", "2026", "--household", "single", "--income", "1,5"], "comma"),
        (["toeslagen", "--year", "2026", "--household", "single", "--income", "x"], "number"),
        (
            ["toeslagen", "--year", "2026", "--household", "single", "--income", "1"]
            + ["--partner-birth-date", "1950-01-01"],
            "couple",
        ),
        (
            ["net", "--year", "2026", "--birth-date", "1955-01-01", "--household", "single"]
            + ["--aow", "full", "--rent", "-5"],
            "--rent",
        ),
        (
            ["net", "--year", "2026", "--birth-date", "1955-01-01", "--household", "single"]
            + ["--aow", "full", "--health-costs", "abc"],
            "--health-costs",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, fragment):
    assert main(args) == 2
    err = capsys.readouterr().err.strip()
    assert fragment in err and "\n" not in err and "Traceback" not in err


# --- project: the synthetic single AOW recipient with a rent ------------------------------------


def test_project_single_renter_shows_both_toeslagen(capsys):
    """Demo single-renter on 2026-12-01: AOW 20.929,44 + pension 7.200 = 28.129,44 a year.
    Zorgtoeslag 2026 (income below the drempelinkomen 29.736): 2.119 - 1,912 % x 29.736 =
    1.550,45 -> 1.550, 129 a month. Huurtoeslag 2026: 295,68 + 65 % x (576 - 498,20) -
    (28.129 - 23.425) x 27 % / 12 = 346,25 - 105,84 = 240,41 -> 240. Health costs assumed
    1.879 + 385 = 2.264; box 3 on 12.500 savings: nil (below the heffingsvrij vermogen)."""
    out = run_json(capsys, "project", *RENTER, "--as-of", "2026-12-01")
    phase = out["phases"][0]
    part = phase["disposable"]
    assert part["toetsingsinkomen"] == 28129.44
    assert (part["zorgtoeslag"], part["zorgtoeslag_monthly"]) == (1550, 129)
    assert (part["huurtoeslag"], part["huurtoeslag_monthly"]) == (2880, 240)
    assert (part["health_costs"], part["box3_tax"]) == (2264, 0)
    net_annual = part["net_annual"]
    assert part["disposable_annual"] == round(net_annual - 2264 + 1550 + 2880, 2)
    assert phase["disposable_monthly"] == per_month(part["disposable_annual"])
    assert phase["disposable_monthly"] > phase["net_monthly"]


def test_project_2027_years_say_not_found_and_show_no_figure(capsys):
    out = run_json(capsys, "project", *RENTER, "--as-of", "2026-12-01")
    year_2027 = next(y for y in out["years"] if y["year"] == 2027)
    assert year_2027["disposable_monthly"] is None
    assert year_2027["disposable"]["known"] is False
    assert year_2027["disposable"]["zorgtoeslag"] is None
    assert year_2027["net"] > 0  # the net itself is still shown
    assert any(
        a.startswith("disposable income 2027-") and "no figure is given" in a
        for a in out["assumptions"]
    )


LINE = "p1-pensioenfonds-klein-synthetisch-demo-pf-600"


def test_project_lump_sum_year_loses_the_toeslagen(capsys, tmp_path):
    """A 10 % lump sum of the small pension at its start (1 January 2026): 9.720 counts in
    full in the 2026 toetsingsinkomen, 35.409 (was 26.208). Zorgtoeslag: 2.119 - (1,912 % x
    29.736 + 13,73 % x (35.409 - 29.736)) = 2.119 - 568,55 - 778,90 = 771,55 -> 772 (was
    1.550). Huurtoeslag: 346,25 - (35.409 - 23.425) x 27 % / 12 = 76,61 -> 76 a month (was 283)."""
    whatif = tmp_path / "lump.json"
    whatif.write_text(
        json.dumps(
            {
                "format": "pensioenchecker-whatif",
                "label": "10 % bedrag ineens",
                "lump_sum": {"line": LINE, "percent": "10"},
            }
        ),
        "utf-8",
    )
    base = run_json(capsys, "project", *RENTER, "--as-of", "2026-01-01")
    variant = run_json(capsys, "project", *RENTER, "--as-of", "2026-01-01", "--whatif", str(whatif))
    before = base["years"][0]["disposable"]
    after = variant["years"][0]["disposable"]
    assert before["year"] == after["year"] == 2026
    assert (before["zorgtoeslag"], before["huurtoeslag_monthly"]) == (1550, 283)
    assert (after["zorgtoeslag"], after["huurtoeslag_monthly"]) == (772, 76)
    assert after["toetsingsinkomen"] == 35409.02


def test_batch_adds_disposable_monthly_only_with_rent_or_assets(tmp_path, capsys):
    """Row a: the demo single-renter's full year (28.129,44 gross): disposable 2.339,51 a
    month, as in the projection's phase; 2027 empty; without the columns no such output."""
    source = tmp_path / "in.csv"
    source.write_text(
        "id,year,birth_date,household,aow,pension,rent,assets\n"
        "a,2026,1955-03-15,single,20929.44,7200,576,12500\n"
        "b,2027,1955-03-15,single,20929.44,7200,576,0\n",
        "utf-8",
    )
    target = tmp_path / "out.csv"
    assert main(["batch", str(source), "-o", str(target), "--quiet"]) == 0
    lines = target.read_text("utf-8").splitlines()
    assert lines[0].endswith(",net_monthly,disposable_monthly")
    assert lines[1] == '"a",28129.44,857.00,1364.27,25908.17,2159.01,2339.51'
    assert lines[2].endswith(",2159.01,")
    plain = tmp_path / "plain.csv"
    plain.write_text(
        "id,year,birth_date,household,aow,pension\na,2026,1955-03-15,single,20929.44,7200\n",
        "utf-8",
    )
    assert main(["batch", str(plain), "-o", str(target), "--quiet"]) == 0
    assert target.read_text("utf-8").splitlines() == [
        "id,gross,income_tax,zvw,net_annual,net_monthly",
        '"a",28129.44,857.00,1364.27,25908.17,2159.01',
    ]


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_pdf_and_csv_carry_the_disposable_income(tmp_path):
    """The PDF shows Besteedbaar per maand under the headline with its sum, a column per
    phase and, with a lump sum, the toeslagen it costs; the CSV has the column too."""
    whatif = tmp_path / "lump.json"
    whatif.write_text(
        json.dumps(
            {"format": "pensioenchecker-whatif", "lump_sum": {"line": LINE, "percent": "10"}}
        ),
        "utf-8",
    )
    pdf = tmp_path / "out.pdf"
    args = ["export", "pdf", *RENTER, "-o", str(pdf), "--as-of", "2026-01-01"]
    assert main([*args, "--whatif", str(whatif)]) == 0
    # A paragraph may run over a page break: the page's footer is left out of the text read.
    text = " ".join(re.sub(r"Pagina \d+", " ", _pdf_text(pdf)).split())
    assert "Besteedbaar per maand (met toeslagen): € 2.339,51" in text
    assert "zorgtoeslag € 1.550,00 + huurtoeslag € 2.880,00" in text
    assert "zorgtoeslag € 778,00 minder, huurtoeslag € 2.484,00 minder" in text
    later = tmp_path / "later.pdf"
    assert main(["export", "pdf", *RENTER, "-o", str(later), "--as-of", "2027-03-01"]) == 0
    assert "Besteedbaar per maand: niet bekend voor 2027" in " ".join(_pdf_text(later).split())
    table = tmp_path / "phases.csv"
    assert main(["export", "csv", *RENTER, "-o", str(table), "--as-of", "2026-11-28"]) == 0
    rows = table.read_text("utf-8").splitlines()
    assert rows[0].endswith(",disposable_monthly") and rows[1].endswith(",2339.51")
