"""Mijnpensioenoverzicht XML and JSON: parity, the age blocks, refusals.

Fixtures are synthetic files in the real download format (formats.md §1, §1c).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pensioenchecker.projection.timeline import project
from pensioenchecker.sources.base import ImportProblem, read_limited
from pensioenchecker.sources.household import build_dossier
from pensioenchecker.sources.mpo import MPO_JSON, MPO_XML

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "mpo"
DEMO = ROOT / "resources" / "demo"
XML, JSON = MPO_XML, MPO_JSON


def load(path: Path):
    data = path.read_bytes()
    importer = XML if XML.detect(data, path.name) else JSON
    assert importer.detect(data, path.name)
    return importer.load(data, path.name)


def comparable(result) -> dict:
    """A result without what differs by nature between the two files (name, hash, format)."""

    def clean(model):
        data = model.model_dump(mode="json")
        for key in ("annual_gross", "accrued", "aow_annual_single", "aow_annual_couple"):
            if data.get(key):
                data[key]["provenance"]["file"] = None
        return data

    return {
        "persons": [p.model_dump(mode="json") for p in result.persons],
        "entitlements": [clean(e) for e in result.entitlements],
        "warnings": result.warnings,
    }


def test_xml_and_json_of_one_person_give_the_same_result():
    xml, js = load(FIXTURES / "parity.xml"), load(FIXTURES / "parity.json")
    assert (xml.kind, js.kind) == ("mpo-xml", "mpo-json")
    assert comparable(xml) == comparable(js)


def test_xml_and_json_give_identical_dossiers(engine):
    xml = build_dossier([load(FIXTURES / "parity.xml")], engine)
    js = build_dossier([load(FIXTURES / "parity.json")], engine)

    def strip(dossier):
        text = dossier.model_copy(update={"documents": []}).to_json()
        return json.loads(text.replace("parity.xml", "F").replace("parity.json", "F"))

    assert strip(xml) == strip(js)


def test_a_scheme_repeated_in_every_block_is_one_entitlement():
    result = load(FIXTURES / "parity.xml")
    fund_a = [e for e in result.entitlements if e.scheme_id == "00123" and e.kind == "old_age"]
    assert len(fund_a) == 1
    (a,) = fund_a
    assert a.start.age is not None and (a.start.age.years, a.start.age.months) == (67, 3)
    assert a.end is None  # lifelong: Tot Overlijden in the last block
    assert a.annual_gross is not None and a.annual_gross.cents == 960050  # 9600.5 kept exact
    assert a.accrued is not None and a.accrued.cents == 800000
    assert a.scheme_id == "00123"  # leading zeros kept: never a number
    b = next(e for e in result.entitlements if e.scheme_id == "B-77")
    assert b.start.age is not None and b.start.age.years == 68 and b.certain
    c = next(e for e in result.entitlements if e.scheme_id == "C-1")
    assert not c.certain and c.annual_gross is not None and c.annual_gross.cents == 250025


def test_aow_partner_pension_and_missing_providers():
    result = load(FIXTURES / "parity.xml")
    aow = next(e for e in result.entitlements if e.kind == "aow")
    assert aow.start.age is not None and (aow.start.age.years, aow.start.age.months) == (67, 3)
    assert aow.aow_annual_single is not None and aow.aow_annual_single.cents == 2092944
    assert aow.aow_annual_couple is not None and aow.aow_annual_couple.cents == 1437864
    partner = next(e for e in result.entitlements if e.kind == "partner")
    assert partner.start.event == "death" and partner.end is not None
    assert partner.end.event == "death_partner"
    assert partner.annual_gross is not None and partner.annual_gross.cents == 672000
    assert any("could not be reached: Fonds Onbereikbaar" in w for w in map(str, result.warnings))
    assert result.persons[0].household_status == "couple"


def test_insured_years_from_the_aow_figure(engine):
    # Abroad demo: 17580.73 of a full 12 x (1637.57 + 106.55) = 20929.44 -> 84 % -> 42 years.
    dossier = build_dossier([load(DEMO / "abroad" / "pensioenaanspraken.xml")], engine)
    aow = next(e for e in dossier.entitlements if e.kind == "aow")
    assert aow.aow_insured_years == 42
    assert any("42 insured years" in w for w in map(str, dossier.warnings))
    high_low = [e for e in dossier.entitlements if e.scheme_id == "DEMO-BPF-77"]
    assert [(e.annual_gross.cents if e.annual_gross else 0) for e in high_low] == [1500000, 1200000]


def test_each_demo_file_imports():
    files = [
        p
        for p in DEMO.rglob("*")
        if p.suffix in (".xml", ".json") and ("pensioen" in p.name.lower())
    ]
    assert len(files) == 6  # single-renter added
    for path in files:
        result = load(path)
        assert result.persons and result.entitlements, path
        assert "synthetisch" in (result.persons[0].name or "")


def test_benefits_already_being_paid(engine):
    result = load(DEMO / "retired" / "Pensioenoverzicht-02-11-2026.json")
    aow = next(e for e in result.entitlements if e.kind == "aow")
    assert aow.start.event == "now" and aow.paid_since == dt.date(2026, 11, 1)
    net = next(e for e in result.entitlements if e.scheme_id == "DEMO-NP-3")
    assert net.net_already and net.paid_since is not None
    dossier = build_dossier([result], engine)
    projection = project(dossier, engine.book, engine.aow_table, dt.date(2026, 11, 28))
    phase = projection.phases[0]
    line = next(x for x in phase.lines if x.stream_id.endswith("demo-np-3-nettopensioenuitkering"))
    assert line.loonheffing == 0 and line.net_withheld == 10000  # 1200 / 12, never taxed again


def test_project_on_an_mpo_file_by_hand(engine):
    dossier = build_dossier([load(DEMO / "single-working" / "pensioenaanspraken.xml")], engine)
    projection = project(dossier, engine.book, engine.aow_table, dt.date(2026, 11, 28))
    assert projection.persons[0].aow_date == dt.date(2031, 6, 15)  # 1964-03-15 + 67 y 3 m (S50)
    starts = [p.start.isoformat() for p in projection.phases]
    # Fund from the first of the month of 67 y 3 m; AOW on the day; the DC pension from 68.
    assert starts == ["2026-11-28", "2031-06-01", "2031-06-15", "2032-03-01"]
    last = projection.phases[-1]
    # AOW 12 x (1637.57 + 106.55) = 20929.44 + 21480 + 3150.50 = 45559.94 (2026 rules).
    # Tax floor(38883 x 8.10%) 3149 + floor(6676 x 37.56%) 2507 + premiums floor(38883 x 9.75%)
    # 3791 = 9447; AHK ceil(1556 - 3.195% x 15823) = 1051; OK 2067; AOK 540 -> 5789.
    # Zvw floor(45559.94 x 4.85%) = 2209.65; net 37561.29 / 12 = 3130.11.
    assert last.persons[0].income_tax == 5789_00
    assert last.net_monthly == 313011
    assert last.gross_monthly == 379666  # 45559.94 / 12 = 3796.66


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 '
            b'"&lol;&lol;&lol;&lol;&lol;">]><Pensioenaanspraken><StatusCode>&lol2;</StatusCode>'
            b"</Pensioenaanspraken>",
            "refused",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
            b"<Pensioenaanspraken><StatusCode>&xxe;</StatusCode></Pensioenaanspraken>",
            "refused",
        ),
        (b"<Pensioenaanspraken><StatusCode>000</StatusCode><Gegevens>", "not well-formed"),
        (
            b"<Pensioenaanspraken><StatusCode>999</StatusCode></Pensioenaanspraken>",
            "StatusCode 999",
        ),
        (b'{"StatusCode": "999"}', "StatusCode 999"),
        (b'{"StatusCode": "000", "Gegevens": {"Geboortedatum": "1962-02-30"}}', "not a valid date"),
        (
            b'{"StatusCode": "000", "Gegevens": {"Geboortedatum": "1962-02-03"}, "Details": '
            b'{"OuderdomsPensioenDetails": {"OuderdomsPensioen": '
            b'[{"Van": {"Leeftijd": {"Jaren": 67}},'
            b' "Pensioen": [{"PensioenUitvoerder": "F", "TeBereiken": {"x": 1}}]}]}}}',
            "expected an amount",
        ),
        (
            b'{"StatusCode": "000", "Gegevens": {"Geboortedatum": "1962-02-03"}, "Details": '
            b'{"OuderdomsPensioenDetails": {"OuderdomsPensioen": '
            b'[{"Van": {"Leeftijd": {"Jaren": 67}},'
            b' "Pensioen": [{"PensioenUitvoerder": "F", "TeBereiken": "abc"}]}]}}}',
            "is not an amount",
        ),
        (b'{"StatusCode": "000", "Details": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested"),
        (b'{"StatusCode": "000"}', "no birth date"),
    ],
)
def test_broken_and_hostile_files_are_refused(tmp_path, content, fragment):
    path = tmp_path / "pensioenaanspraken.xml"
    path.write_bytes(content)
    with pytest.raises(ImportProblem) as caught:
        data = read_limited(path)
        importer = JSON if data.lstrip().startswith(b"{") else XML
        importer.load(data, str(path))
    message = str(caught.value)
    assert fragment in message and str(path) in message and "\n" not in message


def test_deep_xml_is_refused_as_it_opens_with_memory_bounded(refused_peak_bytes):
    """Five megabytes of start tags: refused at level 41, before the rest is built."""
    depth = 700_000
    hostile = (
        b"<Pensioenaanspraken><StatusCode>000</StatusCode>"
        + b"<a>" * depth
        + b"</a>" * depth
        + b"</Pensioenaanspraken>"
    )
    peak = refused_peak_bytes(lambda: XML.load(hostile, "deep.xml"), "nested deeper than 40 levels")
    assert peak < 10 * 2**20  # the elements up to level 41, not 700,000 of them


def test_oversized_and_binary_files(tmp_path):
    big = tmp_path / "big.xml"
    with big.open("wb") as handle:
        handle.seek(60 * 2**20)
        handle.write(b"x")
    with pytest.raises(ImportProblem, match="60 MB; at most 50 MB"):
        read_limited(big)
    with pytest.raises(ImportProblem, match="binary"):
        XML.load(b"<\x00\x01\x02StatusCode" + bytes(range(256)) * 4, "x.xml")


def test_decimal_comma_is_flagged_and_unknown_elements_kept():
    text = (FIXTURES / "parity.xml").read_text(encoding="utf-8")
    text = text.replace("<TeBereiken>1200</TeBereiken>", "<TeBereiken>1200,75</TeBereiken>")
    text = text.replace(
        "<StatusCode>000</StatusCode>", "<StatusCode>000</StatusCode><NieuwVeld>x</NieuwVeld>"
    )
    result = XML.load(text.encode("utf-8"), "edited.xml")
    b = next(e for e in result.entitlements if e.scheme_id == "B-77")
    assert b.annual_gross is not None and b.annual_gross.cents == 120075
    assert any("decimal comma" in w for w in map(str, result.warnings))
    assert result.unknown == ["/NieuwVeld"]
    assert result.content["NieuwVeld"] == "x"
    assert any("unknown element NieuwVeld" in w for w in map(str, result.warnings))


def test_utf16_and_prefixed_namespace():
    path = DEMO / "couple" / "partner-a-pensioenaanspraken.xml"
    assert path.read_bytes()[:2] == b"\xff\xfe"
    result = load(path)
    assert result.persons[0].birth_date == dt.date(1961, 5, 10)
    assert {e.kind for e in result.entitlements} == {"aow", "old_age", "partner", "orphan"}


def test_two_partners_files_make_one_household(engine):
    a = load(DEMO / "couple" / "partner-a-pensioenaanspraken.xml")
    b = load(DEMO / "couple" / "Pensioenoverzicht-02-11-2026.json")
    dossier = build_dossier([a, b], engine)
    assert [p.id for p in dossier.household.persons] == ["p1", "p2"]
    assert dossier.household.persons[0].fiscal_partner == "p2"
    assert {e.person_id for e in dossier.entitlements} == {"p1", "p2"}
    assert len(dossier.documents) == 2
    # The same file twice is one person with one set of schemes, not a duplicate.
    again = build_dossier([a, a], engine)
    assert len(again.household.persons) == 1
    assert len(again.entitlements) == len(build_dossier([a], engine).entitlements)


def test_conflicts_are_flagged(engine):
    a = load(FIXTURES / "parity.xml")
    other = (FIXTURES / "parity.json").read_text().replace("9600.50", "9700")
    b = JSON.load(other.encode(), "other.json")
    dossier = build_dossier([a, b], engine)
    assert any("twice with different amounts" in w for w in map(str, dossier.warnings))
    moved = (FIXTURES / "parity.json").read_text().replace("1962-11-30", "1962-11-29")
    c = JSON.load(moved.encode(), "moved.json")
    dossier = build_dossier([a, c], engine)
    assert any(
        "has birth date 30 November 1962 in one file and 29 November 1962" in w
        for w in map(str, dossier.warnings)
    )


SAMPLES = [(FIXTURES / "parity.xml").read_bytes(), (FIXTURES / "parity.json").read_bytes()]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sample=st.sampled_from(SAMPLES),
    cut=st.integers(0, 4000),
    flips=st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=6),
)
def test_mutated_files_give_import_problems_only(sample, cut, flips):
    data = bytearray(sample[: max(1, len(sample) - cut)])
    for position, value in flips:
        data[position % len(data)] = value
    for importer in (XML, JSON):
        with contextlib.suppress(ImportProblem):
            importer.load(bytes(data), "mutated")
