"""The core's catalogs, stored messages and notation: complete, consistent, in both languages."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import string
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from pensioenchecker import i18n, notation
from pensioenchecker.cli import main
from pensioenchecker.messages import TEMPLATES, TERMS, render
from pensioenchecker.model import Dossier, Message
from pensioenchecker.sources.household import build_dossier
from pensioenchecker.sources.registry import import_bytes

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "pensioenchecker"
DEMO = ROOT / "resources" / "demo"
MPO = DEMO / "retired" / "Pensioenoverzicht-02-11-2026.json"


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def extracted() -> dict[str, str | tuple[str, str]]:
    """What ``make translations`` extracts from the code now (the same markers)."""
    found: dict[tuple[str | None, str], str | tuple[str, str]] = {}
    method_map = [("**.py", "python")]
    for folder in (PACKAGE, ROOT / "ui"):
        for _file, _line, message, _comments, context in extract_from_dir(
            str(folder),
            method_map,
            keywords=i18n.EXTRACT_KEYWORDS,  # type: ignore[arg-type]
        ):
            key = message[0] if isinstance(message, tuple) else message
            found[context, key] = message
    return found


def catalog(lang: str):  # type: ignore[no-untyped-def]
    po, _mo = i18n.catalog_paths(lang)
    with po.open("rb") as handle:
        return read_po(handle, locale=lang)


@pytest.fixture(scope="module")
def marked() -> dict[tuple[str | None, str], str | tuple[str, str]]:
    return extracted()


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_every_marked_string_is_in_both_catalogs(marked, lang):
    entries = {
        (m.context, m.id[0] if isinstance(m.id, tuple) else m.id): m for m in catalog(lang) if m.id
    }
    missing = sorted(set(marked) - set(entries))
    assert missing == [], f"run `make translations` and translate: {missing[:5]}"
    for key, message in marked.items():
        assert isinstance(entries[key].id, tuple) == isinstance(message, tuple), key


def test_dutch_has_no_untranslated_or_fuzzy_entry_and_placeholders_match():
    for entry in catalog("nl"):
        if not entry.id:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        assert all(strings), f"untranslated: {ids[0]!r}"
        assert not entry.fuzzy, f"fuzzy: {ids[0]!r}"
        for text in strings:
            assert placeholders(text) == placeholders(ids[-1]), ids[0]


def test_english_catalog_keeps_the_placeholders():
    for entry in catalog("en"):
        if entry.id and entry.string:
            ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
            strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
            for text in strings:
                assert placeholders(text) == placeholders(ids[-1]), ids[0]


def test_every_code_the_importers_use_has_a_template():
    used = set()
    for path in (PACKAGE / "sources").rglob("*.py"):
        used |= set(re.findall(r'Message\.of\(\s*"([a-z_.]+)"', path.read_text(encoding="utf-8")))
    used |= {"mpo.unreachable", "mpo.no_data"}  # chosen from a table in mpo.py
    assert used - set(TEMPLATES) == set()
    assert len(used) >= 25


SAMPLE = {
    "count": 2,
    "share_ratio": "0.92",
    "on_date": "2028-08-10",
    "first_cents": 1500000,
    "second_cents": 1234,
    "difference_cents": -1,
    "first_date": "1962-11-30",
    "second_date": "1962-11-29",
    "first_term": "single",
    "second_term": "couple",
}


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_template_renders_in_both_languages(code):
    template = TEMPLATES[code]
    english = template[1] if isinstance(template, tuple) else template
    args = {name: SAMPLE.get(name, f"<{name}>") for name in placeholders(english)}
    nl, en = render(code, args, "nl"), render(code, args, "en")
    assert "{" not in nl and "{" not in en
    assert nl != en
    for value in args.values():
        if isinstance(value, str) and value.startswith("<"):
            assert value in nl and value in en  # text arguments are shown as they are


def test_arguments_are_written_in_the_languages_notation():
    message = Message.of(
        "aow.insured_years", person="Jan", share_ratio="0.92", on_date="2028-08-10", count=46
    )
    assert message.text("nl") == (
        "AOW van Jan: het bedrag in het bestand is 92,0 % van een volledige AOW op "
        "10 augustus 2028, dus 46 verzekerde jaren (2 % per jaar)"
    )
    assert message.text("en") == (
        "AOW of Jan: the file's amount is 92.0% of a full AOW on 10 August 2028, "
        "i.e. 46 insured years (2 % per year)"
    )
    one = Message.of("bank.pending", count=1)
    assert one.text("nl") == "1 nog niet geboekte post is weggelaten"
    assert one.text("en") == "1 pending (not yet booked) entry was left out"
    amounts = Message.of(
        "conflict.amounts", provider="F", scheme="S", first_cents=1500000, second_cents=123456
    )
    assert "(€ 15.000 en € 1.234,56)" in amounts.text("nl")
    assert "(€15,000 and €1,234.56)" in amounts.text("en")
    terms = Message.of(
        "conflict.household", name="A", first_term="single", second_term="couple", document="b.xml"
    )
    assert terms.text("nl") == (
        "tegenstrijdig: A is in het ene bestand alleenstaand en in b.xml samenwonend"
    )
    assert set(TERMS) == {"single", "couple"}


def test_unknown_code_and_plain_text_still_show():
    assert Message.of("from.a.newer.version", n=3).text("nl") == "from.a.newer.version (n=3)"
    plain = Message.plain("an old sentence")
    assert plain.text("nl") == plain.text("en") == "an old sentence"
    assert Message(code="mpo.notes", args={"text": "x"}, file="a.json").text("nl") == (
        "a.json: Opmerkingen van Mijnpensioenoverzicht: x"
    )


def test_notation_one_style_per_language():
    assert notation.money(1500000, "nl") == "€ 15.000"
    assert notation.money(1500000, "en") == "€15,000"
    assert notation.money(-123456, "nl") == "€ -1.234,56"
    assert notation.money(100, "nl", decimals=True) == "€ 1,00"
    assert notation.percent(Decimal("0.92"), "nl") == "92,0 %"
    assert notation.percent("0.92", "en") == "92.0%"
    assert notation.date(dt.date(2028, 8, 10), "nl") == "10 augustus 2028"
    assert notation.date(dt.date(2028, 8, 10), "en") == "10 August 2028"
    assert notation.number(1234567, "nl") == "1.234.567"
    assert notation.TIMES == "×"


def test_a_missing_mo_is_compiled_in_memory(tmp_path, monkeypatch):
    for lang in i18n.LANGUAGES:
        po, _mo = i18n.catalog_paths(lang)
        target = tmp_path / lang / "LC_MESSAGES"
        target.mkdir(parents=True)
        shutil.copy(po, target / po.name)  # only the .po, as in a fresh checkout
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translator.cache_clear()
    try:
        assert i18n.gettext("nl", "Net per month") == "Netto per maand"
        assert i18n.ngettext("nl", "{count} bank transaction", "{count} bank transactions", 3) == (
            "{count} banktransacties"
        )
        assert not list(tmp_path.rglob("*.mo"))  # compiled in memory, nothing written
    finally:
        i18n.translator.cache_clear()


def test_a_damaged_catalog_falls_back_to_the_english_ids(tmp_path, monkeypatch):
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "pensioenchecker.mo").write_bytes(b"not a catalog")
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translator.cache_clear()
    try:
        assert i18n.gettext("nl", "Net per month") == "Net per month"
    finally:
        i18n.translator.cache_clear()


def test_system_language(monkeypatch):
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(i18n.locale, "getlocale", lambda: ("Dutch_Netherlands", "1252"))
    assert i18n.system_language() == "nl"  # Windows
    monkeypatch.setattr(i18n.locale, "getlocale", lambda: (None, None))
    assert i18n.system_language() == "en"
    monkeypatch.setenv("LANG", "nl_BE.UTF-8")
    assert i18n.system_language() == "nl"
    monkeypatch.setenv("LC_ALL", "C")  # says nothing: LANG decides
    assert i18n.system_language() == "nl"
    monkeypatch.setenv("LC_MESSAGES", "de_DE.UTF-8")
    assert i18n.system_language() == "en"


# -- stored warnings --------------------------------------------------------------------------


def test_warnings_are_stored_as_codes_and_survive_save_and_load(engine):
    dossier = build_dossier([import_bytes(MPO.read_bytes(), MPO.name)], engine)
    codes = [w.code for w in dossier.warnings]
    assert codes == ["mpo.unreachable", "mpo.notes", "mpo.notes"]
    assert all(w.file == MPO.name for w in dossier.warnings)
    saved = json.loads(dossier.to_json())["warnings"][0]
    assert saved == {
        "code": "mpo.unreachable",
        "args": {"providers": "Verzekeraar Voorbeeld (synthetisch)"},
        "file": MPO.name,
    }
    again = Dossier.from_json(dossier.to_json())
    assert again.warnings == dossier.warnings
    assert "niet bereikbaar" in again.warnings[0].text("nl")
    assert "could not be reached" in again.warnings[0].text("en")


def test_an_old_dossier_with_sentences_still_loads(engine):
    dossier = build_dossier([import_bytes(MPO.read_bytes(), MPO.name)], engine)
    data = json.loads(dossier.to_json())
    data["warnings"] = ["x.json: Mijnpensioenoverzicht notes: saved long ago"]
    old = Dossier.from_json(json.dumps(data))
    assert old.warnings == [Message.plain("x.json: Mijnpensioenoverzicht notes: saved long ago")]
    assert old.warnings[0].text("nl") == "x.json: Mijnpensioenoverzicht notes: saved long ago"
    assert Dossier.from_json(old.to_json()).warnings == old.warnings


# -- the command line ---------------------------------------------------------------------------


def test_net_in_dutch_has_dutch_labels_and_notation(capsys):
    assert (
        main(
            [
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
                "--lang",
                "nl",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "Netto-inkomen 2025 (alleenstaand, geboren 15 maart 1955, AOW vanaf 15 juli 2021)" in out
    assert "Netto per maand" in out and "Inkomstenbelasting" in out
    assert "€ 3.080,69" in out
    assert "Net per month" not in out


def test_json_keys_do_not_change_with_the_language(capsys):
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
        "--json",
    ]
    main([*args, "--lang", "nl"])
    dutch = json.loads(capsys.readouterr().out)
    main([*args, "--lang", "en"])
    english = json.loads(capsys.readouterr().out)
    assert dutch == english


def test_import_in_dutch_and_its_json_codes(capsys):
    assert main(["import", str(MPO), "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert re.search(r": geboren \d+ \w+ \d{4}, (alleenstaand|samenwonend)\n", out)
    assert (
        "let op: Pensioenoverzicht-02-11-2026.json: ontbreekt in dit overzicht — deze "
        "uitvoerders waren niet bereikbaar: Verzekeraar Voorbeeld (synthetisch)" in out
    )
    assert " per jaar vanaf " in out and "€ 25.000,00" in out
    assert main(["import", str(MPO), "--json", "--lang", "en"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["warning_codes"] == ["mpo.unreachable", "mpo.notes", "mpo.notes"]
    assert len(payload["warnings"]) == 3 and all(isinstance(w, str) for w in payload["warnings"])
    assert "could not be reached" in payload["warnings"][0]


def test_project_in_dutch(capsys):
    assert main(["project", str(MPO), "--as-of", "2026-11-28", "--lang", "nl"]) == 0
    out = capsys.readouterr().out
    assert "Periode" in out and "netto/maand" in out and "Jaar" in out
    person = r"geboren \d+ \w+ \d{4}, AOW vanaf \d+ \w+ \d{4} \(\d+ jaar \d+ maanden\)"
    assert re.search(person, out)
    assert re.search(r"€ \d{1,3}(\.\d{3})*,\d\d", out)


def test_the_language_comes_from_the_system_by_default():
    env = {**os.environ, "LANG": "nl_NL.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    args = [
        sys.executable,
        "-m",
        "pensioenchecker",
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
    dutch = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "Netto per maand" in dutch.stdout
    env["LANG"] = "C"
    english = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert "Net per month" in english.stdout


def test_a_damaged_catalog_shows_english_and_says_so(tmp_path, monkeypatch, caplog):
    """A broken .po never costs the user the text: the English ids, and a line in the log."""
    folder = tmp_path / "nl" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "pensioenchecker.mo").write_bytes(b"not a catalog")  # a damaged compiled file
    monkeypatch.setattr(i18n, "LOCALE_DIR", tmp_path)
    i18n.translator.cache_clear()
    try:
        with caplog.at_level("WARNING", logger="pensioenchecker.i18n"):
            assert i18n.gettext("nl", "Net per month") == "Net per month"
        assert "unusable" in caplog.text
    finally:
        i18n.translator.cache_clear()
