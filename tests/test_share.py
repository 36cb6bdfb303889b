"""Consent requests, share packages and revocations: what travels, what is refused."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from pensioenchecker.cli import _Parser
from pensioenchecker.errors import InputError
from pensioenchecker.model.dossier import Dossier, Household, Person
from pensioenchecker.share import (
    create_package,
    gather_files,
    make_keys,
    make_request,
    make_revocation,
    open_package,
    own_signing_key,
    read_header,
    read_request,
    read_revocation,
    request_text_code,
    select_categories,
)
from pensioenchecker.share._common import b64, canonical
from pensioenchecker.share.cli import register
from pensioenchecker.share.package import expiry
from pensioenchecker.sources.registry import load_paths

ROOT = Path(__file__).resolve().parents[1]
COUPLE = sorted((ROOT / "resources" / "demo" / "couple").iterdir())
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
ALL = "personal,pensions,income,debts,property,bank,files"


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("PENSIOENCHECKER_DATA_DIR", str(tmp_path / "data"))


@pytest.fixture(scope="module")
def couple(engine) -> Dossier:
    return load_paths(COUPLE, engine)


@pytest.fixture(scope="module")
def adviser():
    return make_keys()


def _request(keys, categories=ALL, days=30):
    _, data = make_request(
        keys,
        name="A. Adviseur",
        organisation="Advieskantoor Voorbeeld",
        purpose="pensioenadvies",
        categories=categories,
        days=days,
        now=NOW,
    )
    return read_request(data), data


def _user_key(tmp_path: Path):
    return own_signing_key(tmp_path / "user.key")


def run(argv: list[str]) -> int:
    """The share command on a fresh parser, mapped to exit codes as the main program does."""
    parser = _Parser(prog="pensioenchecker")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    register(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"pensioenchecker share: {exc}", file=sys.stderr)
        return 2


# -- round trip --------------------------------------------------------------------------------


def test_round_trip_gives_the_selection_and_the_files(tmp_path, couple, adviser):
    request, _ = _request(adviser)
    files = gather_files(COUPLE, couple)
    package = create_package(request, couple, ALL, _user_key(tmp_path), files, NOW)
    opened = open_package(package.data, adviser, NOW + dt.timedelta(days=1))
    assert opened.dossier == select_categories(couple, ALL.split(","))
    assert opened.dossier.entitlements == couple.entitlements
    assert opened.dossier.household.persons[0].name == "Demo-partner (synthetisch)"
    assert len(opened.dossier.transactions) == 41
    assert [(f.name, f.data) for f in opened.files] == [(p.name, p.read_bytes()) for p in COUPLE]
    assert opened.share_id == package.header.share_id
    assert opened.expires_at == dt.datetime(2026, 12, 28, 10, 0, tzinfo=dt.UTC)
    receipt = opened.receipt
    assert receipt["categories"] == ALL.split(",")
    assert receipt["consent_version"] == "2026-1"
    assert receipt["purpose"] == "pensioenadvies"
    assert receipt["recipient"]["organisation"] == "Advieskantoor Voorbeeld"
    assert receipt["consented_at"] == "2026-11-28T10:00:00Z"
    assert receipt["expires_at"] == "2026-12-28T10:00:00Z"
    assert "Ik geef A. Adviseur (Advieskantoor Voorbeeld) toestemming" in receipt["consent_text"]
    assert "Birth dates always travel" in receipt["consent_text_en"]


def test_selection_leaves_out_what_was_not_chosen(couple):
    chosen = select_categories(couple, ["pensions"])
    assert len(chosen.entitlements) == 6
    assert chosen.transactions == [] and chosen.income_lines == [] and chosen.documents == []
    assert [p.birth_date for p in chosen.household.persons] == [
        dt.date(1963, 2, 20),
        dt.date(1961, 5, 10),
    ]
    assert [p.name for p in chosen.household.persons] == [None, None]
    income = select_categories(couple, ["income"])
    assert income.entitlements == [] and len(income.income_lines) == 1


def test_names_left_out_without_personal(tmp_path, couple, adviser):
    request, _ = _request(adviser)
    package = create_package(request, couple, "pensions,income", _user_key(tmp_path), (), NOW)
    opened = open_package(package.data, adviser, NOW)
    persons = opened.dossier.household.persons
    assert [p.name for p in persons] == [None, None]
    assert [p.birth_date.isoformat() for p in persons] == ["1963-02-20", "1961-05-10"]
    assert opened.dossier.label is None and opened.dossier.warnings == []
    assert opened.files == []
    assert "Birth dates always travel" in opened.receipt["birth_dates"]


def test_package_and_receipt_hold_no_readable_personal_data(tmp_path, couple, adviser):
    request, _ = _request(adviser)
    package = create_package(
        request, couple, ALL, _user_key(tmp_path), gather_files(COUPLE, couple), NOW
    )
    receipt = json.dumps(package.receipt, ensure_ascii=False).encode()
    for secret in (
        b"Demo-partner",
        b"Demo-deelnemer",
        b"1963-02-20",
        b"1961-05-10",
        b"19630220",
        b"NL00DEMO",
        b"Pensioenfonds Voorbeeld",
        b"Supermarkt",
        b"synthetisch",
        b"DEMO-PF-003",
        b"pensioenaanspraken.xml",
    ):
        assert secret not in package.data, secret
        assert secret.lower() not in package.data.lower(), secret
        assert secret not in receipt, secret


def test_files_from_a_saved_dossier_come_from_beside_it(tmp_path, couple, adviser):
    folder = tmp_path / "saved"
    folder.mkdir()
    for path in COUPLE:
        shutil.copy(path, folder / path.name)
    saved = folder / "dossier.json"
    saved.write_text(couple.to_json(), encoding="utf-8")
    files = gather_files([saved], load_paths([saved]))
    assert sorted(f.name for f in files) == sorted(p.name for p in COUPLE)
    (folder / "bank-ing.csv").write_bytes(b"changed")
    with pytest.raises(InputError, match="differs from the file"):
        gather_files([saved], couple)


# -- refusals ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small(adviser, tmp_path_factory):
    """A small package: one person, one category, so every byte can be flipped."""
    dossier = Dossier(
        household=Household(persons=[Person(id="p1", birth_date=dt.date(1960, 1, 1))])
    )
    request, _ = _request(adviser, "pensions", 10)
    key = own_signing_key(tmp_path_factory.mktemp("k") / "user.key")
    return create_package(request, dossier, "pensions", key, (), NOW).data


def test_every_flipped_bit_is_refused(small, adviser):
    assert open_package(small, adviser, NOW).dossier.household.persons[0].id == "p1"
    assert 300 < len(small) < 1500
    refused = 0
    for position in range(len(small)):
        damaged = bytearray(small)
        damaged[position] ^= 1 << (position % 8)
        with pytest.raises(InputError):
            open_package(bytes(damaged), adviser, NOW)
        refused += 1
    assert refused == len(small)


def test_truncated_and_extended_packages_are_refused(small, adviser):
    for data in (small[:-1], small + b"\0", small[:40], b""):
        with pytest.raises(InputError, match="tampered or damaged|not a Pensioenchecker"):
            open_package(data, adviser, NOW)


def test_signature_flip_says_tampered(small, adviser):
    damaged = bytearray(small)
    damaged[-5] ^= 0x10
    with pytest.raises(InputError, match="tampered or damaged"):
        open_package(bytes(damaged), adviser, NOW)


def test_wrong_key_refused(small):
    with pytest.raises(InputError, match="not for this key"):
        open_package(small, make_keys(), NOW)


def test_expiry_one_second_either_side(small, adviser):
    expires = dt.datetime(2026, 12, 8, 10, 0, tzinfo=dt.UTC)
    assert open_package(small, adviser, expires - dt.timedelta(seconds=1)).expires_at == expires
    assert open_package(small, adviser, expires).expires_at == expires
    with pytest.raises(InputError, match="expired on 2026-12-08T10:00:00Z"):
        open_package(small, adviser, expires + dt.timedelta(seconds=1))


def test_expiry_never_beyond_two_months():
    first = dt.datetime(2027, 2, 1, 12, 0, tzinfo=dt.UTC)
    assert expiry(first, 61) == dt.datetime(2027, 4, 1, 12, 0, tzinfo=dt.UTC)
    assert expiry(first, 30) == dt.datetime(2027, 3, 3, 12, 0, tzinfo=dt.UTC)
    assert expiry(NOW, 61) == dt.datetime(2027, 1, 28, 10, 0, tzinfo=dt.UTC)


def test_request_over_two_months_refused(adviser):
    with pytest.raises(InputError, match="at most two months"):
        _request(adviser, days=62)
    with pytest.raises(InputError, match="unknown category 'salary'"):
        _request(adviser, categories="pensions,salary")


def test_categories_beyond_the_request_refused(tmp_path, couple, adviser):
    request, _ = _request(adviser, "pensions,income")
    with pytest.raises(InputError, match="bank: more than requested"):
        create_package(request, couple, "pensions,bank", _user_key(tmp_path), (), NOW)


def test_forged_request_refused(adviser):
    _, data = _request(adviser)
    signed = json.loads(data)
    signed["signature"] = b64(make_keys().signing.sign(canonical(signed["request"])))
    with pytest.raises(InputError, match="forged or damaged"):
        read_request(canonical(signed))
    signed = json.loads(data)
    signed["request"]["days"] = 60
    with pytest.raises(InputError, match="forged or damaged"):
        read_request(canonical(signed))


def test_request_text_code_round_trip(adviser):
    request, data = _request(adviser, "pensions,bank", 14)
    code = request_text_code(data)
    assert code.startswith("PCR1-") and "\n" not in code
    again = read_request(code)
    assert again == request
    assert again.categories == ("pensions", "bank") and again.days == 14


# -- revocation ----------------------------------------------------------------------------------


def test_revocation_round_trip(tmp_path, small, adviser):
    header = read_header(small)
    key = own_signing_key(tmp_path / "user.key")
    # The small package was signed by another user key: that key may not revoke it.
    with pytest.raises(InputError, match="not signed by this signing key"):
        make_revocation(header, key)
    request, _ = _request(adviser)
    dossier = Dossier(
        household=Household(persons=[Person(id="p1", birth_date=dt.date(1960, 1, 1))])
    )
    package = create_package(request, dossier, "pensions", key, (), NOW)
    header = read_header(package.data)
    notice = make_revocation(header, key, NOW)
    revoked = read_revocation(notice, adviser, header)
    assert revoked.share_id == header.share_id
    assert revoked.summary()["revoked_share_id"] == header.share_id
    with pytest.raises(InputError, match="another share"):
        read_revocation(notice, adviser, read_header(small))
    with pytest.raises(InputError, match="not for this key"):
        read_revocation(notice, make_keys())
    forged = json.loads(notice)
    forged["revocation"]["share_id"] = read_header(small).share_id
    with pytest.raises(InputError, match="tampered or damaged"):
        read_revocation(canonical(forged), adviser)


# -- command line ----------------------------------------------------------------------------


def test_command_line_flow(tmp_path, capsys):
    key, req, pkg = tmp_path / "adviser.key", tmp_path / "req.json", tmp_path / "out.pcshare"
    assert run(["share", "keygen", "-o", str(key)]) == 0
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["adviser.key"]
    assert run(["share", "keygen", "-o", str(key)]) == 2
    capsys.readouterr()
    assert (
        run(
            ["share", "request", "--key", str(key), "--name", "A. Adviseur", "--purpose", "advies"]
            + ["--categories", "pensions,income,files", "--days", "30", "-o", str(req)]
            + ["--organisation", "Advies BV", "--qr", str(tmp_path / "req.png")]
        )
        == 0
    )
    assert capsys.readouterr().out.startswith("PCR1-")
    assert (tmp_path / "req.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    base = ["share", "create", "--request", str(req), "--dossier", *map(str, COUPLE)]
    assert run(base + ["--categories", "pensions,bank", "-o", str(pkg)]) == 2
    assert "more than requested" in capsys.readouterr().err
    now = ["--now", "2026-11-28T10:00:00Z"]
    assert run(base + ["--categories", "pensions,files", "-o", str(pkg)] + now) == 0
    own = tmp_path / "data" / "keys" / "own-signing.key"
    assert stat.S_IMODE(own.stat().st_mode) == 0o600
    receipt = json.loads((tmp_path / "out.pcshare.receipt.json").read_text())
    assert receipt["expires_at"] == "2026-12-28T10:00:00Z"
    capsys.readouterr()
    opener = ["share", "open", str(pkg), "--key", str(key), "--json", "--at"]
    assert run(opener + ["2026-12-28T10:00:00Z"]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert set(shown) == {"receipt", "dossier", "files", "expires_at", "share_id"}
    assert [f["name"] for f in shown["files"]] == [p.name for p in COUPLE]
    assert [f["size"] for f in shown["files"]] == [p.stat().st_size for p in COUPLE]
    assert len(shown["dossier"]["entitlements"]) == 6
    assert run(opener + ["2026-12-28T10:00:01Z"]) == 2
    assert "expired on 2026-12-28T10:00:00Z" in capsys.readouterr().err
    notice = tmp_path / "notice.json"
    assert run(["share", "revoke", "--package", str(pkg), "-o", str(notice)]) == 0
    capsys.readouterr()
    assert run(["share", "open", str(notice), "--key", str(key), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["revoked_share_id"] == shown["share_id"]
    assert (
        run(["share", "open", str(notice), "--key", str(key), "--package", str(pkg), "--json"]) == 0
    )
    capsys.readouterr()
    assert run(["share", "request", "--key", str(key), "--name", "x", "--purpose", "y",
                "--categories", "pensions", "--days", "62", "-o", str(req)]) == 2  # fmt: skip
    assert "at most two months" in capsys.readouterr().err


def _wired() -> bool:
    from pensioenchecker.cli import build_parser

    actions = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return any("share" in a.choices for a in actions)


@pytest.mark.skipif(not _wired(), reason="the share command is not wired into the CLI yet")
def test_main_program_runs_share(tmp_path):
    env = {**os.environ, "PENSIOENCHECKER_DATA_DIR": str(tmp_path / "data")}

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "pensioenchecker", "share", *argv],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            check=False,
        )

    assert cli("keygen", "-o", "k").returncode == 0
    done = cli("request", "--key", "k", "--name", "n", "--purpose", "p", "--categories",
               "pensions", "--days", "70", "-o", "r")  # fmt: skip
    assert done.returncode == 2
    assert "at most two months" in done.stderr and len(done.stderr.splitlines()) == 1
    assert cli("request", "--key", "k", "--name", "n", "--purpose", "p", "--categories",
               "pensions", "--days", "7", "-o", "r").returncode == 0  # fmt: skip
    done = cli("create", "--request", "r", "--dossier", *map(str, COUPLE), "--categories",
               "pensions", "-o", "p.pcshare")  # fmt: skip
    assert done.returncode == 0, done.stderr
    opened = cli("open", "p.pcshare", "--key", "k", "--json")
    assert opened.returncode == 0
    assert len(json.loads(opened.stdout)["dossier"]["entitlements"]) == 6
    assert cli("keygen", "-o", "other").returncode == 0
    wrong = cli("open", "p.pcshare", "--key", "other", "--json")
    assert wrong.returncode == 2 and "not for this key" in wrong.stderr


def test_expiry_beyond_two_months_of_consent_refused(tmp_path, adviser, monkeypatch):
    import pensioenchecker.share.package as package_module

    request, _ = _request(adviser, "pensions", 61)
    dossier = Dossier(
        household=Household(persons=[Person(id="p1", birth_date=dt.date(1960, 1, 1))])
    )
    monkeypatch.setattr(package_module, "expiry", lambda at, days: at + dt.timedelta(days=70))
    package = create_package(request, dossier, "pensions", _user_key(tmp_path), (), NOW)
    with pytest.raises(InputError, match="more than two months after the consent"):
        open_package(package.data, adviser, NOW)


def test_vault_option_logs_and_purges_on_both_sides(tmp_path, capsys, monkeypatch):
    """--vault: the sender's share and log, the recipient's stored copy, purged on revocation."""
    from pensioenchecker.vault import Vault

    monkeypatch.setenv("PENSIOENCHECKER_VAULT_PASSPHRASE", "synthetic test passphrase")
    user, adviser_dir = tmp_path / "user", tmp_path / "adviser"
    key, req, pkg = tmp_path / "a.key", tmp_path / "r.json", tmp_path / "p.pcshare"
    monkeypatch.setenv("PENSIOENCHECKER_DATA_DIR", str(user))
    assert run(["share", "keygen", "-o", str(key)]) == 0
    assert run(["share", "request", "--key", str(key), "--name", "n", "--purpose", "advies",
                "--categories", "pensions", "--days", "20", "-o", str(req)]) == 0  # fmt: skip
    assert run(["share", "create", "--request", str(req), "--dossier", *map(str, COUPLE),
                "--categories", "pensions", "-o", str(pkg), "--vault"]) == 0  # fmt: skip
    monkeypatch.setenv("PENSIOENCHECKER_DATA_DIR", str(adviser_dir))
    capsys.readouterr()
    assert run(["share", "open", str(pkg), "--key", str(key), "--json", "--vault"]) == 0
    stored = json.loads(capsys.readouterr().out)["vault_dossier_id"]
    with Vault.open(adviser_dir) as vault:
        (entry,) = vault.list_dossiers()
        assert entry.id == stored and entry.origin == "received" and entry.purge_at is not None
    monkeypatch.setenv("PENSIOENCHECKER_DATA_DIR", str(user))
    notice = tmp_path / "n.json"
    assert run(["share", "revoke", "--package", str(pkg), "-o", str(notice), "--vault"]) == 0
    with Vault.open(user) as vault:
        (sent,) = vault.shares("sent")
        assert sent.status == "revoked" and sent.purpose == "advies"
        assert any(e.event == "revoked" for e in vault.logs())
    monkeypatch.setenv("PENSIOENCHECKER_DATA_DIR", str(adviser_dir))
    assert run(["share", "open", str(notice), "--key", str(key), "--json", "--vault"]) == 0
    with Vault.open(adviser_dir) as vault:
        assert vault.list_dossiers() == []
        assert any(e.event == "revoked by the sender" for e in vault.logs())
