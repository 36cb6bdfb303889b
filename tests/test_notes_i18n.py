"""The projection's notes and what-if notes: catalog sentences with codes, in every language.

The command line's English stays as it was; the window, the report and ``--lang nl`` say each
note in the reader's language, with figures by notation and names instead of ids.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pensioenchecker.cli import main
from pensioenchecker.i18n import PSEUDO
from pensioenchecker.messages import Sentence, say
from pensioenchecker.projection.timeline import project
from pensioenchecker.projection.whatif import WhatIf, apply_whatif, basis_for
from pensioenchecker.sources.registry import load_paths

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo"
AS_OF = "2026-12-01"
P2_FUND = "p2-pensioenfonds-voorbeeld-synthetisch-demo-pf-001"


def demo_files(name: str) -> list[Path]:
    return sorted((DEMO / name).iterdir())


@pytest.fixture(scope="module")
def couple(engine):  # type: ignore[no-untyped-def]
    import datetime as dt

    dossier = load_paths(demo_files("couple"), engine)
    return project(dossier, engine.book, engine.aow_table, dt.date(2026, 12, 1))


def by_code(notes: list[str], code: str) -> Sentence:
    found = [n for n in notes if getattr(n, "code", None) == code]
    assert found, code
    assert isinstance(found[0], Sentence)
    return found[0]


def test_a_note_with_rates_reads_in_dutch_and_english(couple) -> None:  # type: ignore[no-untyped-def]
    # 2026: holiday pay at the tabel bijzondere beloningen rate 17,850 % (S16), Zvw 4,85 %.
    holiday = by_code(couple.assumptions, "holiday_pay.withheld")
    assert "SVB withholds 17,85 % loonheffing" in holiday  # the command line's text, unchanged
    assert "de SVB houdt 17,85 % loonheffing in" in holiday.text("nl")
    assert "status definitief) en 4,85 % Zvw" in holiday.text("nl")
    assert "SVB withholds 17.85% loonheffing" in holiday.text("en")
    assert "status published and in force) and 4.85% Zvw" in holiday.text("en")


def test_a_figure_not_known_names_the_parameter_in_dutch(couple) -> None:  # type: ignore[no-untyped-def]
    missing = [n for n in couple.assumptions if getattr(n, "code", None) == "figure.not_known"]
    standaardpremie = next(n for n in missing if "standaardpremie" in n)
    assert standaardpremie == (
        "zorgtoeslag 2028: not known, no figure is given: the standaardpremie for 2027 was not "
        "found"
    )
    assert standaardpremie.text("nl") == (
        "zorgtoeslag 2028: niet bekend, er wordt geen bedrag gegeven: Standaardpremie "
        "zorgtoeslag voor 2028 is niet gevonden of nog geen wet"
    )
    assert standaardpremie.text("en") == str(standaardpremie)  # the parameter file's own note


def test_a_whatif_note_with_amounts_in_both_languages(engine) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    # 67y3m -> 66y3m without mortality: factor 1 / 1.025 = 0,9756; 18.400,00 x 0,9756 = 17.951,04
    dossier = load_paths(demo_files("couple"), engine)
    from decimal import Decimal

    from pensioenchecker.projection.actuarial import Basis

    no_mortality = Basis(
        gompertz_b=0.0,
        gompertz_c=1.0,
        discount_rate=Decimal("0.025"),
        inflation=Decimal("0.02"),
        max_age=1000,
    )
    spec = WhatIf.model_validate({"retire": [{"line": P2_FUND, "age": {"years": 66, "months": 3}}]})
    _changed, notes = apply_whatif(
        dossier, spec, engine.aow_table, dt.date(2026, 11, 28), no_mortality
    )
    note = notes[0]
    assert getattr(note, "code", None) == "note.retire"
    assert f"({P2_FUND}) from age 66y3m instead of 67y3m: 18400.00 x factor 0.9756" in note
    english = say(note, "en")
    assert "€18,400.00 x factor 0.9756 = €17,951.04 a year" in english
    assert P2_FUND not in english and "(Demo-deelnemer (synthetisch))" in english
    dutch = say(note, "nl")
    assert "€ 18.400,00 x factor 0,9756 = € 17.951,04 per jaar" in dutch
    assert "vanaf 66 jaar en 3 maanden in plaats van 67 jaar en 3 maanden" in dutch
    assert P2_FUND not in dutch


def _json(capsys, *extra: str):  # type: ignore[no-untyped-def]
    files = [str(p) for p in demo_files("couple")]
    capsys.readouterr()
    assert main(["project", *files, "--as-of", AS_OF, "--json", *extra]) == 0
    return json.loads(capsys.readouterr().out)


def test_project_json_in_dutch_keeps_the_codes(capsys) -> None:  # type: ignore[no-untyped-def]
    english = _json(capsys)
    dutch = _json(capsys, "--lang", "nl")
    assert dutch["assumption_codes"] == english["assumption_codes"]
    assert len(dutch["assumptions"]) == len(english["assumptions"]) == 41
    assert "timing.aow_start" in english["assumption_codes"]
    assert "figure.not_known" in english["assumption_codes"]
    assert english["assumptions"][0].startswith("AOW starts on the day the AOW age is reached")
    assert dutch["assumptions"][0].startswith("De AOW begint op de dag")
    for text in dutch["assumptions"]:
        for word in (" was not found", " is provisional", "not known", " withholds "):
            assert word not in text, text


ENGLISH_WORDS = ("not known", "was not found", "provisional", "withholds", "is paid only")


def test_the_dutch_pdf_lists_every_assumption_in_dutch(engine) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from pypdf import PdfReader

    from pensioenchecker.exports.pdf import render_pdf
    from pensioenchecker.exports.report import build_input

    whatif = ROOT / "resources" / "whatif" / "couple-eerder-stoppen.json"
    data = build_input(demo_files("couple"), dt.date(2026, 12, 1), whatif, engine=engine)
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(data, "nl"))).pages)
    words = " ".join(text.split())
    assert "verdere aannames" not in words  # nothing left out any more
    for word in ENGLISH_WORDS:
        assert word not in words, word
    assert "niet bekend, er wordt geen bedrag gegeven" in words
    assert "de SVB houdt 17,85 % loonheffing in" in words
    shown = sum(1 for line in text.splitlines() if line.startswith(("•", "- ")))
    assert shown >= len(data.projection.assumptions)


@pytest.mark.parametrize("demo", sorted(p.name for p in DEMO.iterdir() if p.is_dir()))
def test_every_note_is_transformed_in_the_pseudo_language(engine, demo) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    dossier = load_paths(demo_files(demo), engine)
    projection = project(dossier, engine.book, engine.aow_table, dt.date(2026, 12, 1))
    notes = list(projection.assumptions)
    if demo == "couple":
        spec = WhatIf.model_validate_json(
            (ROOT / "resources" / "whatif" / "couple-eerder-stoppen.json").read_text("utf-8")
        )
        notes += apply_whatif(
            dossier, spec, engine.aow_table, dt.date(2026, 12, 1), basis_for(spec)
        )[1]
    for note in notes:
        assert isinstance(note, Sentence) and note.code, note
        said = say(note, PSEUDO)
        assert said.startswith("⟦") and said.endswith("⟧"), said
        for word in ENGLISH_WORDS:
            assert word not in said, said
