"""Which source a household's data came from, how fresh each is, and forgetting one source."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pensioenchecker.sources.freshness import (
    BY_KEY,
    SOURCES,
    claimed,
    is_stale,
    stale_sources,
    status,
    without_source,
)
from pensioenchecker.sources.registry import load_paths

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo"


def test_two_months_to_the_day() -> None:
    assert not is_stale(dt.date(2026, 11, 1), dt.date(2027, 1, 1))
    assert is_stale(dt.date(2026, 11, 1), dt.date(2027, 1, 2))
    assert not is_stale(dt.date(2026, 12, 31), dt.date(2027, 2, 28))  # last day of February
    assert is_stale(dt.date(2026, 12, 31), dt.date(2027, 3, 1))


def test_status_per_source_of_the_single_working_demo(engine) -> None:  # type: ignore[no-untyped-def]
    dossier = load_paths(sorted((DEMO / "single-working").iterdir()), engine)
    today = dt.date(2026, 11, 28)
    found = {source.key: status(dossier, source, today) for source in SOURCES}
    assert found["mpo"].files == ("pensioenaanspraken.xml",)
    assert found["mpo"].reference == dt.date(2026, 11, 1)
    assert found["duo"].files == ("duo.json",) and found["duo"].lines == 1
    assert found["bank"].files == ("bank-camt053.xml",)
    assert not found["uwv"].present and found["uwv"].read_on is None
    assert stale_sources(dossier, today) == []
    stale = [source.key for source, _state in stale_sources(dossier, dt.date(2027, 6, 1))]
    assert "mpo" in stale and "bank" in stale


def test_manual_sources_are_judged_by_the_day_they_were_entered(engine) -> None:  # type: ignore[no-untyped-def]
    dossier = load_paths(sorted((DEMO / "retired").iterdir()), engine)
    tax = status(dossier, BY_KEY["belastingdienst"], dt.date(2027, 1, 10))
    assert tax.reference == dt.date(2025, 12, 31)  # the tax year's end: yearly by law
    assert tax.read_on is not None and not tax.stale


def test_without_a_source_the_rest_stays(engine) -> None:  # type: ignore[no-untyped-def]
    dossier = load_paths(sorted((DEMO / "single-working").iterdir()), engine)
    rest, files = without_source(dossier, BY_KEY["duo"])
    assert files == ("duo.json",)
    assert rest.debts == [] and rest.entitlements == dossier.entitlements
    assert rest.transactions == dossier.transactions
    assert "duo.json" not in [d.name for d in rest.documents]
    assert not any(w.startswith("duo.json: ") for w in map(str, rest.warnings))
    empty, gone = without_source(rest, BY_KEY["mpo"])
    assert gone == ("pensioenaanspraken.xml",) and empty.entitlements == []
    assert empty.household == dossier.household  # the persons stay


def test_which_row_a_file_belongs_to() -> None:
    mpo = (DEMO / "couple" / "Pensioenoverzicht-02-11-2026.json").read_bytes()
    assert claimed(mpo, "x.json") == ("mpo-json", BY_KEY["mpo"])
    duo = (DEMO / "single-working" / "duo.json").read_bytes()
    assert claimed(duo, "duo.json") == ("manual", BY_KEY["duo"])
    wage = (DEMO / "couple" / "loon-partner.json").read_bytes()
    assert claimed(wage, "loon.json") == ("manual", None)  # imported, but no row of its own
    assert claimed(b"just some text", "notes.txt") is None
