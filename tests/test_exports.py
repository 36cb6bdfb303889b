"""Exports for advisers: AFD-style JSON, PDF report and CSV, checked against the projection."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import jsonschema
import pytest

from pensioenchecker import notation
from pensioenchecker.exports.afd import afd_document
from pensioenchecker.exports.csv_export import phases_csv, years_csv
from pensioenchecker.exports.pdf import find_font, render_pdf
from pensioenchecker.exports.report import amount, build_input, headline_index
from pensioenchecker.i18n import PSEUDO, pseudo
from pensioenchecker.money import format_euros

ROOT = Path(__file__).resolve().parents[1]
COUPLE = sorted((ROOT / "resources" / "demo" / "couple").iterdir())
AS_OF = dt.date(2026, 11, 28)
SCHEMA = json.loads((ROOT / "docs" / "afd.schema.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def couple(engine):
    return build_input(COUPLE, AS_OF, engine=engine)


@pytest.fixture(scope="module")
def whatif_file(tmp_path_factory, couple):
    line = next(e for e in couple.dossier.entitlements if e.kind == "old_age")
    path = tmp_path_factory.mktemp("whatif") / "later.json"
    spec = {"label": "Later met pensioen", "retire": [{"line": line.id, "age": {"years": 68}}]}
    path.write_text(json.dumps(spec), encoding="utf-8")
    return path


def test_amount_strings():
    assert amount(0) == "0.00"
    assert amount(123456) == "1234.56"
    assert amount(-5) == "-0.05"


@pytest.mark.parametrize("demo", ["couple", "single-working", "retired", "abroad"])
def test_afd_export_validates_against_the_schema(engine, demo):
    files = sorted((ROOT / "resources" / "demo" / demo).iterdir())
    document = afd_document(build_input(files, AS_OF, engine=engine))
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    validator.validate(document)
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_afd_figures_equal_the_projection(couple):
    document = afd_document(couple)
    projection = couple.projection
    phases = document["projection"]["phases"]
    assert len(phases) == len(projection.phases)
    for row, phase in zip(phases, projection.phases, strict=True):
        assert row["start"] == phase.start.isoformat()
        assert row["end"] == (phase.end.isoformat() if phase.end else None)
        assert row["gross_per_month"] == amount(phase.gross_monthly)
        assert row["net_per_month"] == amount(phase.net_monthly)
        assert row["paid_per_month"] == amount(phase.net_monthly_withheld)
    head = headline_index(projection)
    assert document["projection"]["headline_phase"] == head
    assert document["projection"]["headline_net_per_month"] == amount(
        projection.phases[head].net_monthly
    )
    # The household headline: both on the AOW and no wage left (2030-05-20 in the demo).
    assert projection.phases[head].start == dt.date(2030, 5, 20)
    assert [p["id"] for p in document["parties"]] == [
        p.id for p in couple.dossier.household.persons
    ]
    pensions = {p["id"]: p for p in document["pensions"]}
    for ent in couple.dossier.entitlements:
        if ent.annual_gross is not None:
            assert pensions[ent.id]["gross_per_year"] == amount(ent.annual_gross.cents)
        assert pensions[ent.id]["certainty"] == ("certain" if ent.certain else "indicative")
    assert {p["certainty"] for p in document["pensions"]} == {"certain", "indicative"}
    wage = couple.dossier.income_lines[0]
    assert document["income"][0]["gross_per_year"] == amount(wage.annual_gross.cents)
    assert document["whatif"] is None


def test_afd_loans_from_duo(engine):
    files = sorted((ROOT / "resources" / "demo" / "single-working").iterdir())
    data = build_input(files, AS_OF, engine=engine)
    document = afd_document(data)
    debt = data.dossier.debts[0]
    assert document["loans"][0]["outstanding"] == amount(debt.current_cents)
    assert document["loans"][0]["kind"] == debt.kind


def _pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_pdf_has_the_headline_and_every_phase(couple):
    content = render_pdf(couple)
    assert content.startswith(b"%PDF")
    text = _pdf_text(content)
    phase = couple.projection.phases[headline_index(couple.projection)]
    headline = format_euros(phase.net_monthly)
    assert headline == "€ 3.945,91"
    assert headline in text
    for p in couple.projection.phases:
        assert notation.date(p.start, "nl") in text
        assert format_euros(p.net_monthly) in text
    assert "synthetisch" in text
    assert "geen advies" in text
    assert "Pensioenoverzicht-02-11-2026.json" in text


def test_pdf_with_whatif_lists_the_differences(engine, whatif_file):
    data = build_input(COUPLE, AS_OF, whatif_file, engine=engine)
    assert data.variant is not None
    text = _pdf_text(render_pdf(data, "en"))
    assert "Later met pensioen" in text
    for row in data.variant.differences:
        assert notation.money(row["variant_net_monthly"], "en", decimals=True) in text
    assert data.variant.notes
    assert any(row["difference_net_monthly"] != 0 for row in data.variant.differences)


def test_pdf_without_the_ttf_font_writes_eur(couple, tmp_path):
    content = render_pdf(couple, font_dir=None) if find_font() is None else None
    if content is None:
        from pensioenchecker.exports import pdf as module

        original = module.find_font
        module.find_font = lambda name="DejaVuSans.ttf": None
        try:
            content = render_pdf(couple)
        finally:
            module.find_font = original
    text = _pdf_text(content)
    phase = couple.projection.phases[headline_index(couple.projection)]
    assert format_euros(phase.net_monthly).replace("€", "EUR") in text


def test_phases_csv_equals_the_projection(couple):
    content = phases_csv(couple.projection)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8"))))
    assert rows[0] == [
        "start",
        "end",
        "gross_monthly",
        "net_monthly",
        "net_monthly_withheld",
        "disposable_monthly",
    ]
    for row, phase in zip(rows[1:], couple.projection.phases, strict=True):
        known = phase.disposable is not None and phase.disposable.disposable_monthly is not None
        assert row == [
            phase.start.isoformat(),
            phase.end.isoformat() if phase.end else "",
            amount(phase.gross_monthly),
            amount(phase.net_monthly),
            amount(phase.net_monthly_withheld),
            amount(phase.disposable.disposable_monthly) if known else "",  # type: ignore[union-attr,arg-type]
        ]


def test_dutch_csv_has_bom_and_semicolons(couple):
    content = years_csv(couple.projection, dutch=True)
    assert content.startswith("\ufeff".encode())
    text = content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    frame = couple.projection.years
    assert len(rows) == len(frame) + 1
    first = frame.iloc[0]
    assert rows[1][:3] == [str(int(first["year"])), first["person_id"], amount(int(first["gross"]))]
    assert rows[1][-2] == amount(int(first["net"]))
    year = couple.projection.year_disposable[int(first["year"])]
    assert rows[1][-1] == ("" if year.disposable_annual is None else amount(year.disposable_annual))


def _run(argv):
    from pensioenchecker.cli import build_parser, main

    if "export" not in build_parser()._subparsers._group_actions[0].choices:  # noqa: SLF001
        pytest.skip("the export command is not wired into the main parser")
    return main(argv)


def test_cli_writes_each_format(tmp_path, capsys):
    files = [str(f) for f in COUPLE]
    for fmt, name in (("afd", "out.json"), ("pdf", "out.pdf"), ("csv", "out.csv")):
        out = tmp_path / name
        assert _run(["export", fmt, *files, "-o", str(out), "--as-of", "2026-11-28"]) == 0
        assert out.stat().st_size > 0
    document = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    assert document["projection"]["headline_net_per_month"] == "3945.91"


def test_cli_refusals_exit_2(tmp_path, capsys):
    files = [str(f) for f in COUPLE]
    out = str(tmp_path / "x")
    assert _run(["export", "xls", *files, "-o", out]) == 2
    assert _run(["export", "afd", str(tmp_path / "missing.json"), "-o", out]) == 2
    bad = tmp_path / "bad.json"
    bad.write_text('{"retire": 5}', encoding="utf-8")
    assert _run(["export", "pdf", *files, "-o", out, "--whatif", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 3
    assert "unknown export format" in err[0]
    assert not Path(out).exists()


@pytest.mark.parametrize(
    ("lang", "headline", "words"),
    [
        (
            "nl",
            "Netto per maand voor het huishouden",
            ["Belastbaar inkomen", "Schijf 1: € 19.428 × 17,85 %", "Ouderenkorting", "Aannames"],
        ),
        (
            "en",
            "Net per month for the household",
            ["Taxable income", "Bracket 1: €19,428 × 17.85%", "Elderly credit", "Assumptions"],
        ),
    ],
)
def test_pdf_explains_in_words_for_people(couple, lang, headline, words):
    text = _pdf_text(render_pdf(couple, lang))
    flat = " ".join(text.split())
    assert headline in flat
    for word in words:
        assert word in flat
    assert "Belastingdienst, " in flat  # sources by publisher and document
    assert "Demo-partner (synthetisch)" in flat and "Pensioenfonds Voorbeeld" in flat
    forbidden = ["_euros", "box1.", '{"', "p1-", "p2-", "premiums.", "credits."]
    forbidden += ["final", "None", "True", "False", "mpo-json", "ing-csv", "sha256"]
    if lang == "nl":
        forbidden += ["provisional"]
    else:
        # The assumptions are the projection's notes, checked by their own tests; everything
        # the report writes itself is checked here.
        text = text.split("Assumptions")[0] + text.split("Please note")[-1]
    for raw in forbidden:
        assert raw not in text, raw


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "nl",
            [
                "Berekend vanaf 28 november 2026",
                "AOW vanaf 20 mei 2030 (67 jaar en 3 maanden)",
                "vanaf 20 mei 2030, als u beiden AOW hebt: € 3.945,91",
                "Demo-partner (synthetisch) krijgt € 1.247,75 terug",
                "(tarief bijzondere beloningen; het tarief van dat jaar is definitief)",
                "Demo-partner (synthetisch): Loon van Werkgever Voorbeeld (synthetisch)",
                "20 mei 2030 verder € 4.350,58 € 3.945,91 € 3.636,00 niet bekend",
                "Pensioenoverzicht-02-11-2026.json (Mijnpensioenoverzicht (JSON)), peildata "
                "1 januari 2026, 1 november 2026, ingelezen op ",
                "loon-partner.json (Zelf ingevuld)",
                "controlecode (SHA-256)",
                "Pagina 2",
            ],
        ),
        (
            "en",
            [
                "Projected from 28 November 2026",
                "AOW from 20 May 2030 (67 years and 3 months)",
                "from 20 May 2030, once you both receive the AOW: €3,945.91",
                "Demo-partner (synthetisch) gets €1,247.75 back",
                "(special-rewards rate; the rate of that year is published and in force)",
                "Demo-partner (synthetisch): Wage from Werkgever Voorbeeld (synthetisch)",
                "20 May 2030 onwards €4,350.58 €3,945.91 €3,636.00 not known",
                "Pensioenoverzicht-02-11-2026.json (Mijnpensioenoverzicht (JSON)), reference dates "
                "1 January 2026, 1 November 2026, imported on ",
                "loon-partner.json (Entered by you)",
                "check code (SHA-256)",
                "Page 2",
            ],
        ),
    ],
)
def test_pdf_writes_dates_and_amounts_in_its_language(couple, lang, words):
    flat = " ".join(_pdf_text(render_pdf(couple, lang)).split())
    for word in words:
        assert word in flat


def test_pdf_texts_come_from_the_catalog(couple):
    """In the pseudo-language every text the report writes itself is visibly changed."""
    flat = " ".join(_pdf_text(render_pdf(couple, PSEUDO)).split())
    for english in (
        "Pensioenchecker: net pension income",
        "Phases",
        "Item",
        "Source and date",
        "Sources of the rules",
        "Assumptions",
        "Please note",
        "not known",
    ):
        assert pseudo(english) in flat, english
    for english in ("Source and date", "Gross/month", "your files", "calculated", "onwards"):
        assert english not in flat.replace(pseudo(english), ""), english
    assert "⟦Públéšhéd" not in flat  # a status is a sentence of its own, not a raw word
    assert pseudo("the rate of that year is published and in force") in flat


def test_the_households_names_are_joined_in_the_reports_language(engine):
    from pensioenchecker.exports.report import household_label

    dossier = build_input(COUPLE, AS_OF, engine=engine).dossier
    names = "Demo-partner (synthetisch) {} Demo-deelnemer (synthetisch)"
    assert household_label(dossier, "nl") == names.format("en")
    assert household_label(dossier, "en") == names.format("and")
