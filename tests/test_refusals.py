"""Refusals in the user's language: the command line's ``--lang``, the window's language, and
every refusal text from the catalog (the pseudo-language shows any that is not)."""

from __future__ import annotations

import datetime as dt
import json
import pickle
import re
import string
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_file

from pensioenchecker.cli import main
from pensioenchecker.errors import InputError, PensioencheckerError
from pensioenchecker.i18n import EXTRACT_KEYWORDS, PSEUDO
from pensioenchecker.messages import Sentence, phrase
from pensioenchecker.model.dossier import Dossier, Household, Person
from pensioenchecker.model.validation import FIELD_NAMES, FieldPlace
from pensioenchecker.sources.base import MAX_IMPORT_BYTES, ImportProblem
from pensioenchecker.sources.manual import read_form

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo"
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)

CONVERTED = [
    "pensioenchecker/cli.py",
    "pensioenchecker/commands/common.py",
    "pensioenchecker/masking.py",
    "pensioenchecker/model/dossier.py",
    "pensioenchecker/model/validation.py",
    "pensioenchecker/passphrase.py",
    "pensioenchecker/projection/whatif.py",
    "pensioenchecker/share/_common.py",
    "pensioenchecker/share/categories.py",
    "pensioenchecker/share/keys.py",
    "pensioenchecker/share/package.py",
    "pensioenchecker/share/request.py",
    "pensioenchecker/share/revoke.py",
    "pensioenchecker/share/workflow.py",
    "pensioenchecker/sources/bank/abn_txt.py",
    "pensioenchecker/sources/bank/camt053.py",
    "pensioenchecker/sources/bank/categories.py",
    "pensioenchecker/sources/bank/csv_formats.py",
    "pensioenchecker/sources/bank/mt940.py",
    "pensioenchecker/sources/base.py",
    "pensioenchecker/sources/household.py",
    "pensioenchecker/sources/manual.py",
    "pensioenchecker/sources/manual_forms.py",
    "pensioenchecker/sources/mpo.py",
    "pensioenchecker/sources/registry.py",
    "pensioenchecker/sources/uwv.py",
    "pensioenchecker/vault/backup.py",
    "pensioenchecker/vault/store.py",
    "pensioenchecker/vault/unlock.py",
]
"""The modules whose refusals are sentences; each of their marked texts is checked below."""


def _refused(capsys, argv: list[str]) -> str:
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    return lines[0]


# -- the command line -------------------------------------------------------------------------


def test_an_oversized_file_is_refused_in_the_language_asked(tmp_path, capsys):
    big = tmp_path / "Pensioenoverzicht.json"
    with big.open("wb") as handle:
        handle.truncate(MAX_IMPORT_BYTES + 2**20)  # sparse: refused before a byte is read
    dutch = _refused(capsys, ["import", str(big), "--lang", "nl"])
    assert dutch == (
        f"pensioenchecker import: {big}: het bestand is 51 MB; van dit soort bestand wordt "
        "ten hoogste 50 MB gelezen"
    )
    english = _refused(capsys, ["import", str(big), "--lang", "en"])
    assert english == (
        f"pensioenchecker import: {big}: the file is 51 MB; at most 50 MB is read for this "
        "kind of file"
    )


def test_a_hostile_file_is_refused_in_dutch_without_its_identifiers(tmp_path, capsys):
    hostile = tmp_path / "loon.json"
    form = {
        "format": "pensioenchecker-manual",
        "version": 1,
        "source": "income",
        "payer": "Werkgever",
        "annual_gross": "NL91ABNA0417164300",
    }
    hostile.write_text(json.dumps(form), encoding="utf-8")
    dutch = _refused(capsys, ["import", str(hostile), "--lang", "nl"])
    assert dutch == (
        f"pensioenchecker import: {hostile}: bedrag (niet getoond: hiermee kan iemand worden "
        'herkend) is geen getal; schrijf het als "1234.56" (bij brutobedrag per jaar)'
    )
    english = _refused(capsys, ["import", str(hostile), "--lang", "en"])
    assert english.endswith('is not a number; write it like "1234.56" (at annual_gross)')
    assert "0417164300" not in dutch + english


def test_binary_data_and_an_unknown_kind_are_refused_in_dutch(tmp_path, capsys):
    binary = tmp_path / "foto.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" * 20)
    assert _refused(capsys, ["import", str(binary), "--lang", "nl"]) == (
        f"pensioenchecker import: {binary}: binaire gegevens die Pensioenchecker niet kan inlezen"
    )
    text = tmp_path / "boodschappen.txt"
    text.write_text("melk, brood, kaas\n", encoding="utf-8")
    line = _refused(capsys, ["import", str(text), "--lang", "nl"])
    assert line.startswith(f"pensioenchecker import: {text}: geen bestand dat Pensioenchecker")


def test_a_refusal_follows_the_system_language_without_lang(tmp_path, capsys, monkeypatch):
    missing = tmp_path / "weg.json"
    monkeypatch.setenv("LC_ALL", "nl_NL.UTF-8")
    dutch = _refused(capsys, ["import", str(missing)])
    assert dutch == f"pensioenchecker import: {missing}: bestand niet gevonden"
    monkeypatch.setenv("LC_ALL", "en_GB.UTF-8")
    assert _refused(capsys, ["import", str(missing)]).endswith(": file not found")


# -- forms, what-if files and dossiers ----------------------------------------------------------


def test_a_bad_date_in_a_form_is_refused_in_dutch():
    form = {
        "format": "pensioenchecker-manual",
        "version": 1,
        "source": "income",
        "payer": "Werkgever",
        "annual_gross": "30000.00",
        "end_date": "31-12-2027",
    }
    with pytest.raises(ImportProblem) as raised:
        read_form(json.dumps(form).encode(), "loon.json")
    error = raised.value
    assert str(error) == (
        "loon.json: '31-12-2027' is not a date written as YYYY-MM-DD (at end_date)"
    )
    assert error.text("nl") == (
        "loon.json: '31-12-2027' is geen datum in de vorm JJJJ-MM-DD (bij einddatum)"
    )
    assert error.text("en") == str(error)


def test_a_bad_date_in_a_what_if_file_is_refused_in_dutch():
    from pensioenchecker.projection.whatif import read_whatif

    spec = {"wages": [{"line": "p1-loon", "until": "31-12-2027"}]}
    with pytest.raises(InputError) as raised:
        read_whatif(json.dumps(spec), "keuze.json")
    assert str(raised.value) == "keuze.json: Input should be a valid date (at wages.0.until)"
    assert raised.value.text("nl") == (
        "keuze.json: vul een geldige datum in (bij loon 1 › laatste werkdag)"
    )


def test_form_rules_name_the_fields_in_dutch():
    form = {
        "format": "pensioenchecker-manual",
        "version": 1,
        "source": "income",
        "payer": "Werkgever",
        "annual_gross": "30000.00",
        "start_date": "2027-01-01",
        "end_date": "2026-01-01",
    }
    with pytest.raises(ImportProblem) as raised:
        read_form(json.dumps(form).encode(), "loon.json")
    assert raised.value.text("nl") == (
        "loon.json: einddatum ligt vóór begindatum (bij het formulier als geheel)"
    )


def test_a_dossier_refusal_names_the_rule_in_dutch(tmp_path):
    with pytest.raises(InputError) as raised:
        Dossier.from_json('{"format": "pensioenchecker-dossier", "version": 1}', "d.json")
    assert raised.value.text("nl") == "d.json: verplicht veld ontbreekt (bij huishouden)"
    assert str(raised.value) == "d.json: Field required (at household)"


# -- share packages, vault, passphrases -------------------------------------------------------


def test_a_tampered_share_package_is_refused_in_dutch(tmp_path, monkeypatch):
    from pensioenchecker.share import create_package, make_keys, make_request, open_package
    from pensioenchecker.share.keys import own_signing_key

    monkeypatch.setenv("PENSIOENCHECKER_DATA_DIR", str(tmp_path / "data"))
    adviser = make_keys()
    request, _ = make_request(
        adviser,
        name="A. Adviseur",
        organisation="Advieskantoor Voorbeeld",
        purpose="pensioenadvies",
        categories="pensions",
        days=10,
        now=NOW,
    )
    dossier = Dossier(
        household=Household(persons=[Person(id="p1", birth_date=dt.date(1960, 1, 1))])
    )
    key = own_signing_key(tmp_path / "user.key")
    data = bytearray(create_package(request, dossier, "pensions", key, (), NOW).data)
    data[-100] ^= 0x01
    with pytest.raises(InputError) as raised:
        open_package(bytes(data), adviser, NOW, where="pakket.pcshare")
    error = raised.value
    assert str(error) == (
        "pakket.pcshare: the package is tampered or damaged (the signature does not match)"
    )
    assert error.text("nl") == (
        "pakket.pcshare: er is met het pakket geknoeid of het is beschadigd "
        "(de handtekening klopt niet)"
    )
    assert error.text(PSEUDO).startswith("pakket.pcshare: ⟦")


def test_a_weak_passphrase_is_explained_in_dutch():
    from pensioenchecker.passphrase import WeakPassphraseError, require_strong

    with pytest.raises(WeakPassphraseError) as raised:
        require_strong("kort", "--export")
    assert raised.value.text("nl") == (
        "--export: het wachtwoord is te kort: gebruik ten minste 12 tekens (vier losse woorden "
        "zijn makkelijk te onthouden)"
    )


def test_a_refusal_keeps_its_sentence_across_a_process():
    """A task run in another process sends its error back pickled: still said in any language."""
    error = ImportProblem(phrase("no person in this household is born on {birth_date}",
                                 birth_date="1963-02-20"), "loon.json")  # fmt: skip
    again = pickle.loads(pickle.dumps(error))
    assert type(again) is ImportProblem and str(again) == str(error)
    assert again.text("nl") == "loon.json: niemand in dit huishouden is geboren op 20 februari 1963"
    place = pickle.loads(pickle.dumps(FieldPlace(["payers", 0, "income"], json_style=True)))
    assert place == "payers[0].income" and place.text("nl") == "betalers 1 › inkomen"


def test_a_plain_error_says_its_text_as_it_is():
    assert PensioencheckerError("as it is").text("nl") == "as it is"
    assert InputError("plain", "f.json").text("nl") == "f.json: plain"


# -- every refusal from the catalog -----------------------------------------------------------


def _marked() -> list[tuple[str, str | tuple[str, str]]]:
    keywords = {k: v for k, v in EXTRACT_KEYWORDS.items() if k != "_"}
    found = []
    for name in CONVERTED:
        for _line, message, _comments, context in extract_from_file(
            "python", ROOT / name, keywords=keywords
        ):
            if context is None:
                found.append((name, message))
    return found


def _dummy(template: str | tuple[str, str]) -> dict[str, object]:
    texts = template if isinstance(template, tuple) else (template,)
    names = {field for text in texts for _, field, _, _ in string.Formatter().parse(text) if field}
    return {name: 1 if name == "count" else "x" for name in names}


def test_every_refusal_text_comes_from_the_catalog():
    marked = _marked()
    assert len(marked) > 150
    for name, template in marked:
        said = Sentence(template, _dummy(template))
        pseudo = said.text(PSEUDO)
        assert pseudo.startswith("⟦") and pseudo.endswith("⟧"), (name, template)
        dutch = said.text("nl")
        assert not re.search(r"\{\w+\}", dutch), (name, template, dutch)
        assert "⟦" not in dutch


def test_every_form_field_has_a_dutch_name():
    for key in FIELD_NAMES:
        place = FieldPlace([key])
        assert place.text("en") == key, key
        assert place.text(PSEUDO).startswith("⟦"), key
        dutch = place.text("nl")
        assert dutch and "_" not in dutch, key


def test_a_bad_date_on_the_command_line_is_refused_in_dutch(capsys):
    argv = ["net", "--year", "2025", "--birth-date", "1955-02-30", "--household", "single"]
    dutch = _refused(capsys, [*argv, "--aow", "1000", "--lang", "nl"])
    assert (
        dutch
        == "pensioenchecker net: geboortedatum '1955-02-30' is geen geldige datum (JJJJ-MM-DD)"
    )
    english = _refused(capsys, [*argv, "--aow", "1000", "--lang", "en"])
    assert (
        english == "pensioenchecker net: birth date '1955-02-30' is not a valid date (YYYY-MM-DD)"
    )
