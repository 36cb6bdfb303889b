"""Merging files into one household: partners only when a file or the user says so, and two
downloads of one person counted once (the newest)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pensioenchecker.sources.base import ImportProblem
from pensioenchecker.sources.household import (
    PartnersUnconfirmed,
    build_dossier,
    move_document,
)
from pensioenchecker.sources.registry import import_bytes

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo"
RETIRED = DEMO / "retired" / "Pensioenoverzicht-02-11-2026.json"
SINGLE = DEMO / "single-working" / "pensioenaanspraken.xml"


def load(path: Path):
    return import_bytes(path.read_bytes(), path.name)


def older_download(folder: Path) -> Path:
    """The retired demo's overview as it was downloaded a year earlier, with another amount."""
    doc = json.loads(RETIRED.read_text(encoding="utf-8"))
    doc["TijdstipAanmakenBericht"] = "2025-11-02T12:00:00+01:00"
    text = json.dumps(doc).replace('"2026-01-01"', '"2025-01-01"')
    text = text.replace('"2026-11-01"', '"2025-11-01"').replace("25000", "24000")
    path = folder / "Pensioenoverzicht-02-11-2025.json"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("newest_first", [True, False])
def test_two_downloads_of_one_person_keep_the_newest(engine, tmp_path, newest_first):
    old = load(older_download(tmp_path))
    new = load(RETIRED)
    one = build_dossier([new], engine)
    both = build_dossier([new, old] if newest_first else [old, new], engine)
    assert len(both.household.persons) == 1
    assert len(both.entitlements) == len(one.entitlements) == 3
    fund = next(e for e in both.entitlements if e.scheme_id == "DEMO-PF-9")
    assert fund.annual_gross is not None and fund.annual_gross.cents == 2_500_000
    assert [d.name for d in both.documents] == ["Pensioenoverzicht-02-11-2026.json"]
    aside = [w for w in both.warnings if w.code == "download.older"]
    assert [str(w) for w in aside] == [
        "Pensioenoverzicht-02-11-2025.json: an older download of Demo Gepensioneerd "
        "(synthetisch) (2 November 2025) set aside; Pensioenoverzicht-02-11-2026.json "
        "(2 November 2026) is used"
    ]
    assert not any(w.code == "conflict.amounts" for w in both.warnings)


def test_two_single_people_are_no_couple_without_a_yes(engine):
    with pytest.raises(PartnersUnconfirmed) as raised:
        build_dossier([load(SINGLE), load(RETIRED)], engine)
    assert raised.value.names == (
        "Demo Alleenstaand (synthetisch)",
        "Demo Gepensioneerd (synthetisch)",
    )
    assert "confirm" in str(raised.value)
    couple = build_dossier([load(SINGLE), load(RETIRED)], engine, partners=True)
    assert [p.household_status for p in couple.household.persons] == ["couple", "couple"]
    assert [p.fiscal_partner for p in couple.household.persons] == ["p2", "p1"]


def test_files_that_say_partners_make_a_couple_unasked(engine):
    files = [
        DEMO / "couple" / "partner-a-pensioenaanspraken.xml",
        DEMO / "couple" / "Pensioenoverzicht-02-11-2026.json",
    ]
    dossier = build_dossier([load(p) for p in files], engine)
    assert [p.fiscal_partner for p in dossier.household.persons] == ["p2", "p1"]


def test_a_third_person_says_what_to_do(engine):
    files = [
        DEMO / "couple" / "partner-a-pensioenaanspraken.xml",
        DEMO / "couple" / "Pensioenoverzicht-02-11-2026.json",
        SINGLE,
    ]
    with pytest.raises(ImportProblem, match="New household") as raised:
        build_dossier([load(p) for p in files], engine)
    assert "pensioenaanspraken.xml" in str(raised.value)
    dutch = raised.value.text("nl")
    assert dutch.startswith("pensioenaanspraken.xml: een derde persoon")
    assert "Nieuw huishouden" in dutch and "New household" not in dutch


def test_every_file_has_its_person_and_can_be_moved(engine):
    files = sorted(p for p in (DEMO / "couple").iterdir() if p.is_file())
    dossier = build_dossier([load(p) for p in files], engine)
    owners = {d.name: d.person_id for d in dossier.documents}
    partner = next(p.id for p in dossier.household.persons if p.birth_date.year == 1963)
    other = next(p.id for p in dossier.household.persons if p.id != partner)
    assert owners["Pensioenoverzicht-02-11-2026.json"] == partner
    assert owners["loon-partner.json"] == partner
    assert owners["partner-a-pensioenaanspraken.xml"] == other
    wage = next(line for line in dossier.income_lines if line.kind == "wage")
    assert wage.person_id == partner
    moved = move_document(dossier, "loon-partner.json", other)
    assert next(line for line in moved.income_lines if line.kind == "wage").person_id == other
    assert {d.name: d.person_id for d in moved.documents}["loon-partner.json"] == other
    assert [e.person_id for e in moved.entitlements] == [e.person_id for e in dossier.entitlements]
