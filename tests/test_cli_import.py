"""``import`` and ``project`` on the real download formats, through the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pensioenchecker.cli import main

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo"


def files(name: str) -> list[str]:
    return sorted(str(p) for p in (DEMO / name).iterdir() if p.is_file())


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main([*args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("name", ["single-working", "couple", "abroad", "retired"])
def test_each_demo_household_imports_and_projects(capsys, name):
    imported = run_json(capsys, "import", *files(name))
    assert imported["persons"] and imported["entitlements"]
    projected = run_json(capsys, "project", *files(name), "--as-of", "2026-11-28")
    assert projected["phases"] and projected["years"]


def test_import_contract_of_the_couple(capsys):
    r = run_json(capsys, "import", *files("couple"))
    assert [p["birth_date"] for p in r["persons"]] == ["1963-02-20", "1961-05-10"]
    assert {p["household"] for p in r["persons"]} == {"couple"}
    kinds = sorted(e["kind"] for e in r["entitlements"])
    assert kinds == [
        "aow",
        "aow",
        "ouderdomspensioen",
        "ouderdomspensioen",
        "partnerpensioen",
        "wezenpensioen",
    ]
    aow_b = next(e for e in r["entitlements"] if e["kind"] == "aow" and e["person"] == "p1")
    # The partner's file: 13228.35 a year as a couple = 92 % of 14378.64 -> 46 insured years.
    assert aow_b["couple_annual"] == 13228.35 and aow_b["single_annual"] == 19255.08
    assert aow_b["annual_amount"] == 13228.35 and aow_b["insured_years"] == 46
    assert aow_b["start_age"] == {"years": 67, "months": 3}
    fund = next(
        e
        for e in r["entitlements"]
        if e["scheme_id"] == "DEMO-PF-001" and e["kind"] == "ouderdomspensioen"
    )
    assert fund["certain"] and fund["annual_amount"] == 18400 and fund["end_event"] == "death"
    assert fund["reference_date"] == "2026-01-01"
    assert fund["source"] == "partner-a-pensioenaanspraken.xml"
    assert r["income"][0]["annual_amount"] == 32000
    assert len(r["transactions"]) > 0 and r["warnings"]


def test_project_from_the_downloads_equals_the_saved_dossier(capsys, tmp_path):
    saved = tmp_path / "household.json"
    assert main(["import", *files("couple"), "-o", str(saved)]) == 0
    capsys.readouterr()
    direct = run_json(capsys, "project", *files("couple"), "--as-of", "2026-11-28")
    again = run_json(capsys, "project", str(saved), "--as-of", "2026-11-28")
    assert direct == again
    # Person A from 10 August 2028 (born 1961-05-10, 67 y 3 m); B from 20 May 2030.
    starts = [p["start"] for p in direct["phases"]]
    assert "2028-08-10" in starts and "2030-05-20" in starts
    last = direct["phases"][-1]
    # The same household as tests/test_projection.py's last phase without the insurer's
    # temporary pension: 2405.41 + 1540.50 a month (worked out there).
    assert last["net_monthly"] == 3945.91


def test_project_on_an_mpo_file_alone(capsys):
    r = run_json(
        capsys,
        "project",
        str(DEMO / "single-working" / "pensioenaanspraken.xml"),
        "--as-of",
        "2026-11-28",
    )
    assert r["persons"][0]["aow_date"] == "2031-06-15"
    assert r["phases"][-1]["net_monthly"] == 3130.11  # worked out in test_sources_mpo.py


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02\x03" * 100, "binary"),
        (b"hello, this is not a pension file\n", "not a file Pensioenchecker can import"),
        (
            b"<Pensioenaanspraken><StatusCode>999</StatusCode></Pensioenaanspraken>",
            "StatusCode 999",
        ),
        (b"a;b;c\n1;2;3\n", "not a file Pensioenchecker can import"),
    ],
)
def test_import_refuses_in_one_line(tmp_path, capsys, content, fragment):
    path = tmp_path / "download.xml"
    path.write_bytes(content)
    assert main(["import", str(path)]) == 2
    err = capsys.readouterr().err
    assert fragment in err and str(path) in err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err


def test_import_saves_atomically_and_refuses_a_missing_folder(tmp_path, capsys):
    target = tmp_path / "missing" / "household.json"
    assert main(["import", *files("retired"), "-o", str(target)]) == 2
    assert "folder does not exist" in capsys.readouterr().err
    assert not target.parent.exists()


def test_hostile_file_refused_quickly_by_the_cli(tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        "<Pensioenaanspraken><StatusCode>&c;</StatusCode></Pensioenaanspraken>"
    )
    done = subprocess.run(
        [sys.executable, "-m", "pensioenchecker", "import", str(bomb)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "refused" in done.stderr and "Traceback" not in done.stderr


def test_import_sets_an_older_download_aside(capsys, tmp_path):
    retired = DEMO / "retired" / "Pensioenoverzicht-02-11-2026.json"
    doc = json.loads(retired.read_text(encoding="utf-8"))
    doc["TijdstipAanmakenBericht"] = "2025-11-02T12:00:00+01:00"
    older = tmp_path / "Pensioenoverzicht-02-11-2025.json"
    older.write_text(json.dumps(doc).replace("25000", "24000"), encoding="utf-8")
    one = run_json(capsys, "import", str(retired))
    both = run_json(capsys, "import", str(older), str(retired))
    assert len(both["entitlements"]) == len(one["entitlements"]) == 3
    assert [e["annual_amount"] for e in both["entitlements"]] == [
        e["annual_amount"] for e in one["entitlements"]
    ]
    assert any(
        w.startswith("Pensioenoverzicht-02-11-2025.json: an older download of") and "set aside" in w
        for w in both["warnings"]
    )


def test_import_of_two_single_people_asks_for_partners(capsys):
    single = str(DEMO / "single-working" / "pensioenaanspraken.xml")
    retired = str(DEMO / "retired" / "Pensioenoverzicht-02-11-2026.json")
    assert main(["import", single, retired]) == 2
    assert "--partners" in capsys.readouterr().err
    couple = run_json(capsys, "import", single, retired, "--partners")
    assert {p["household"] for p in couple["persons"]} == {"couple"}
