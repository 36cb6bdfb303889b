"""Hostile inputs: refused in one line with exit code 2, and no BSN or IBAN anywhere afterwards.

A name over 200 characters with a BSN in it, an IBAN where an amount belongs, amounts of 2^63
and 10^18 cents, a birth date in 9999 and 5.000 entitlements: ``import``, ``project`` and
``export`` refuse each one quickly, name the file, never quote the identifier, and leave nothing
in the data folder.
"""

from __future__ import annotations

import copy
import json
import time
from pathlib import Path
from typing import Any

import pytest

from pensioenchecker import masking
from pensioenchecker.cli import main
from pensioenchecker.model import bounds
from pensioenchecker.money import checked_product

ROOT = Path(__file__).resolve().parents[1]
MPO = ROOT / "resources" / "demo" / "couple" / "Pensioenoverzicht-02-11-2026.json"
DOSSIER = Path(__file__).parent / "fixtures" / "dossier-couple.json"
BSN = "123456782"  # passes the eleven test: a possible citizen number (synthetic)
IBAN = "NL91ABNA0417164300"  # passes mod 97 (the standard example account)
SECRETS = (BSN, "0417164300", "ABNA0417")


def _mpo(change: Any) -> bytes:
    data = json.loads(MPO.read_text(encoding="utf-8"))
    change(data)
    return json.dumps(data).encode()


def _dossier(change: Any) -> bytes:
    data = json.loads(DOSSIER.read_text(encoding="utf-8"))
    change(data)
    return json.dumps(data).encode()


def _long_name(data: dict[str, Any]) -> None:
    data["Gegevens"]["Naam"] = "Jansen " * 30 + f"BSN {BSN}"


def _iban_amount(data: dict[str, Any]) -> None:
    pension = data["Details"]["OuderdomsPensioenDetails"]["OuderdomsPensioen"][0]
    pension["IndicatiefPensioen"][0]["TeBereiken"] = IBAN


def _cents(value: int) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["entitlements"][1]["annual_gross"]["cents"] = value

    return change


def _born_9999(data: dict[str, Any]) -> None:
    data["household"]["persons"][0]["birth_date"] = "9999-01-01"


def _saved_long_name(data: dict[str, Any]) -> None:
    data["household"]["persons"][0]["name"] = "Jansen " * 30 + f"BSN {BSN} {IBAN}"


def _many(data: dict[str, Any]) -> None:
    line = data["entitlements"][1]
    data["entitlements"] = [dict(copy.deepcopy(line), id=f"line-{n}") for n in range(5000)]


HOSTILE = {
    "mpo-long-name.json": _mpo(_long_name),
    "mpo-iban-amount.json": _mpo(_iban_amount),
    "dossier-2-63.json": _dossier(_cents(2**63)),
    "dossier-10-18.json": _dossier(_cents(10**18)),
    "dossier-born-9999.json": _dossier(_born_9999),
    "dossier-long-name.json": _dossier(_saved_long_name),
    "dossier-5000-lines.json": _dossier(_many),
}


def _everything_written(folder: Path) -> bytes:
    """Every file under ``folder`` outside the vault, as one blob to search."""
    return b"".join(
        path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith("vault.sqlite")
    )


@pytest.mark.parametrize("command", ["import", "project", "export"])
@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_input_is_refused_in_one_private_line(
    name: str,
    command: str,
    tmp_path: Path,
    own_folders: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = tmp_path / "in" / name
    source.parent.mkdir()
    source.write_bytes(HOSTILE[name])
    out = tmp_path / "out"
    out.mkdir()
    argv = {
        "import": ["import", str(source), "-o", str(out / "dossier.json")],
        "project": ["project", str(source)],
        "export": ["export", "afd", str(source), "-o", str(out / "export.json")],
    }[command]
    started = time.perf_counter()
    code = main(argv)
    took = time.perf_counter() - started
    printed = capsys.readouterr()
    assert code == 2, printed.err
    assert printed.out == ""
    lines = printed.err.splitlines()
    assert len(lines) == 1 and name in lines[0], printed.err
    assert took < 1.0  # 5.000 entitlements are refused, not projected for seconds
    written = _everything_written(own_folders) + _everything_written(out)
    for secret in SECRETS:
        assert secret not in printed.err
        assert secret.encode() not in written
    assert list(out.iterdir()) == []


def test_the_refusals_say_what_was_expected(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    expected = {
        "mpo-long-name.json": "at most 200 characters (at name)",
        "mpo-iban-amount.json": "(not shown: it could identify someone) is not an amount",
        "dossier-2-63.json": "(at entitlements.1.annual_gross.cents)",
        "dossier-born-9999.json": "(at household.persons.0.birth_date)",
        "dossier-5000-lines.json": f"at most {bounds.MAX_LINES} items",
    }
    for name, words in expected.items():
        path = tmp_path / name
        path.write_bytes(HOSTILE[name])
        assert main(["import", str(path)]) == 2
        assert words in capsys.readouterr().err


def test_values_that_could_identify_someone_are_not_quoted() -> None:
    assert masking.shown_value("12,50") == "'12,50'"
    assert masking.shown_value("2026-13-01") == "'2026-13-01'"
    assert masking.shown_value("EUX") == "'EUX'"
    for private in (IBAN, BSN, "1234.56.782", "J. Jansen", "NL91 ABNA 0417 1643 00", 10**18):
        assert masking.shown_value(private) == "(not shown: it could identify someone)"


def test_the_last_guard_masks_and_shortens(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from pensioenchecker import cli

    def broken(_args: object) -> int:
        raise RuntimeError(f"boom with {BSN} and {IBAN} " + "x" * 1000)

    monkeypatch.setattr(cli, "cmd_net", broken)
    argv = ["net", "--year", "2027", "--birth-date", "1960-01-01", "--household", "single"]
    assert main([*argv, "--aow", "full"]) == 3
    err = capsys.readouterr().err
    assert BSN not in err and "0417164300" not in err and len(err) < 400
    assert "*********" in err and "NL91 **** 4300" in err


def test_int64_products_never_wrap() -> None:
    assert int(checked_product(10**13, 100_000)) == 10**18
    with pytest.raises(OverflowError):
        checked_product(10**18, 100_000)


def test_a_birth_date_after_today_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from pensioenchecker import clock

    tomorrow = clock.today().toordinal() + 1

    def born_tomorrow(data: dict[str, Any]) -> None:
        from datetime import date

        data["household"]["persons"][1]["birth_date"] = date.fromordinal(tomorrow).isoformat()

    path = tmp_path / "born-tomorrow.json"
    path.write_bytes(_dossier(born_tomorrow))
    assert main(["project", str(path)]) == 2
    assert "a birth date lies between 1900-01-01 and today" in capsys.readouterr().err
