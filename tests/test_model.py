"""The dossier: JSON round trip and clear refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from pensioenchecker.errors import InputError
from pensioenchecker.model import Dossier
from pensioenchecker.model.dossier import load_dossier

DEMO = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "dossier-couple.json"


def test_demo_round_trips():
    dossier = load_dossier(DEMO)
    again = Dossier.from_json(dossier.to_json())
    assert again == dossier
    assert "Synthetic" in (dossier.label or "")
    assert dossier.person("a").birth_date == dt.date(1961, 5, 10)
    fund = next(e for e in dossier.entitlements if e.id == "a-fonds")
    assert fund.annual_gross is not None
    assert fund.annual_gross.provenance.source == "demo"
    assert fund.annual_gross.provenance.edited is False


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("not json", "not a dossier"),
        (
            '{"format": "pensioenchecker-dossier", "household": {"persons": [{"id": "a", '
            '"birth_date": "1955-02-30"}]}}',
            "birth_date",
        ),
        (
            '{"format": "pensioenchecker-dossier", "household": {"persons": [{"id": "a", '
            '"birth_date": "1955-02-01"}]}, "entitlements": [{"id": "x", "person_id": "zz", '
            '"kind": "aow", "provider": "SVB", "start": {"event": "now"}}]}',
            "unknown person",
        ),
        (
            '{"format": "pensioenchecker-dossier", "household": {"persons": [{"id": "a", '
            '"birth_date": "1955-02-01"}]}, "entitlements": [{"id": "x", "person_id": "a", '
            '"kind": "old_age", "provider": "F", "start": {"event": "now"}}]}',
            "annual_gross",
        ),
        (
            '{"format": "pensioenchecker-dossier", "household": {"persons": [{"id": "a", '
            '"birth_date": "1955-02-01"}]}, "extra": 1}',
            "extra",
        ),
    ],
)
def test_bad_dossiers_name_the_file_and_place(tmp_path, text, fragment):
    path = tmp_path / "d.json"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        load_dossier(path)
    assert str(path) in str(caught.value) and fragment in str(caught.value)


def test_binary_and_oversized_files(tmp_path, monkeypatch):
    path = tmp_path / "d.json"
    path.write_bytes(b"\xff\xfe\x00\x01binary")
    with pytest.raises(InputError, match="UTF-8"):
        load_dossier(path)
    from pensioenchecker.model import dossier as module

    monkeypatch.setattr(module, "MAX_DOSSIER_BYTES", 10)
    path.write_text("{" + " " * 20 + "}")
    with pytest.raises(InputError, match="larger than"):
        load_dossier(path)
