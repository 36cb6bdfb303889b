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
    load_recipient_keys,
    make_keys,
    make_request,
    make_revocation,
    open_package,
    own_signing_key,
    read_header,
    read_request,
    read_revocation,
    request_text_code,
    save_recipient_keys,
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
    with pytest.raises(InputError, match="expired on 8 December 2026 at 10:00 UTC"):
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


def test_a_request_is_answerable_for_two_months(tmp_path, adviser):
    """61 days after it was made (2026-11-28 10:00 + 61 d = 2027-01-28 10:00) it still is; a
    second later it is refused: who asked may no longer want the data or advise the user."""
    request, _ = _request(adviser, "pensions")
    dossier = Dossier(
        household=Household(persons=[Person(id="p1", birth_date=dt.date(1960, 1, 1))])
    )
    key = _user_key(tmp_path)
    last = dt.datetime(2027, 1, 28, 10, 0, tzinfo=dt.UTC)
    assert create_package(request, dossier, "pensions", key, (), last).data
    with pytest.raises(InputError, match="made on 28 November 2026, more than two months ago"):
        create_package(request, dossier, "pensions", key, (), last + dt.timedelta(seconds=1))


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


def test_a_protected_key_file_holds_no_private_key_and_needs_its_passphrase(tmp_path, monkeypatch):
    from pensioenchecker.share.keys import KeyPassphraseNeededError

    monkeypatch.delenv("PENSIOENCHECKER_KEY_PASSPHRASE", raising=False)
    keys, path = make_keys(), tmp_path / "adviser.key"
    save_recipient_keys(keys, path, passphrase="correct horse battery staple")
    text = path.read_text()
    assert json.loads(text)["version"] == 2  # sealed with a passphrase
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for private in (
        keys.encryption.private_bytes_raw(),
        keys.signing.private_bytes_raw(),
    ):
        assert b64(private) not in text  # only sealed
    with pytest.raises(KeyPassphraseNeededError, match="PENSIOENCHECKER_KEY_PASSPHRASE"):
        load_recipient_keys(path)
    with pytest.raises(InputError, match="wrong passphrase"):
        load_recipient_keys(path, "correct horse battery stapler")
    opened = load_recipient_keys(path, "correct horse battery staple")
    assert opened.fingerprint == keys.fingerprint
    monkeypatch.setenv("PENSIOENCHECKER_KEY_PASSPHRASE", "correct horse battery staple")
    assert load_recipient_keys(path).fingerprint == keys.fingerprint
    # The sealed part belongs to its pair: another pair's public keys do not open it ...
    body = json.loads(text)
    other = make_keys()
    body["x25519_public"], body["fingerprint"] = b64(other.x25519_public), other.fingerprint
    path.write_bytes(canonical(body))
    with pytest.raises(InputError, match="wrong passphrase"):
        load_recipient_keys(path)
    # ... and a crafted file cannot make the derivation take minutes or gigabytes.
    body = json.loads(text)
    body["scrypt"]["n"] = 2**30
    path.write_bytes(canonical(body))
    with pytest.raises(InputError, match="out of range"):
        load_recipient_keys(path)


# -- command line ----------------------------------------------------------------------------


def test_command_line_protected_key(tmp_path, capsys, monkeypatch):
    key = tmp_path / "adviser.key"
    monkeypatch.delenv("PENSIOENCHECKER_KEY_PASSPHRASE", raising=False)
    # No passphrase in the environment and no terminal to type it: one line, exit 2.
    assert run(["share", "keygen", "--protect", "-o", str(key)]) == 2
    assert "PENSIOENCHECKER_KEY_PASSPHRASE" in capsys.readouterr().err and not key.exists()
    monkeypatch.setenv("PENSIOENCHECKER_KEY_PASSPHRASE", "synthetic passphrase")
    assert run(["share", "keygen", "--protect", "-o", str(key)]) == 0
    assert "protected by its passphrase" in capsys.readouterr().out
    request = ["share", "request", "--key", str(key), "--name", "A. Adviseur", "--purpose", "x"]
    request += ["--categories", "pensions", "--days", "30", "-o", str(tmp_path / "req.json")]
    assert run(request) == 0
    monkeypatch.setenv("PENSIOENCHECKER_KEY_PASSPHRASE", "another passphrase")
    assert run(request) == 2
    assert "wrong passphrase" in capsys.readouterr().err


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
    assert "expired on 28 December 2026 at 10:00 UTC" in capsys.readouterr().err
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
    # The revoked package is never stored again.
    capsys.readouterr()
    assert run(["share", "open", str(pkg), "--key", str(key), "--json", "--vault"]) == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1 and "withdrew consent" in err
    with Vault.open(adviser_dir) as vault:
        assert vault.list_dossiers() == []


# -- crafted input: refused in one line, never a traceback ----------------------------------------


def _signed_request(keys, **changes):
    """A request body changed after ``make_request`` and signed again by the same key."""
    _, data = make_request(
        keys, name="A", purpose="advies", categories="pensions", days=30, now=NOW
    )
    body = json.loads(data)["request"]
    body.update(changes)
    return canonical({"request": body, "signature": b64(keys.signing.sign(canonical(body)))})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("name", "A\x1b[2J\x1b[31mFAKE"),
        ("purpose", "advies\nen meer"),
        ("organisation", "Kan\x85toor"),
        ("purpose", "x" * 501),
    ],
)
def test_signed_request_text_is_checked_like_a_new_one(adviser, field, value):
    with pytest.raises(InputError, match="too long or holds control characters"):
        read_request(_signed_request(adviser, **{field: value}))


def test_out_of_range_times_are_input_errors(adviser):
    from pensioenchecker.share._common import parse_moment

    for text in ("0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"):
        with pytest.raises(InputError, match="not an ISO date and time"):
            parse_moment(text, "here")
    with pytest.raises(InputError, match="created_at"):
        read_request(_signed_request(adviser, created_at="0001-01-01T00:00:00+01:00"))


def test_deeply_nested_json_is_an_input_error(adviser):
    from pensioenchecker.share._common import read_json_object

    deep = b"[" * 100_000 + b"]" * 100_000
    with pytest.raises(InputError, match="no valid JSON"):
        read_json_object(deep, "share request", "here")
    with pytest.raises(InputError):
        read_request(b'{"request":' + deep + b"}")


def _craft(
    recipient,
    *,
    header=None,
    receipt=None,
    payload=None,
    packed=None,
    ephemeral=None,
    sender=None,
    share_id="s-1",
):
    """A package made by hand, to be refused; signed by ``sender`` (a fresh key by default)."""
    import struct
    import zlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.hazmat.primitives.asymmetric.x25519 import (
        X25519PrivateKey,
        X25519PublicKey,
    )
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    from pensioenchecker.share.keys import raw_public
    from pensioenchecker.share.package import MAGIC, _derive

    sender = sender or Ed25519PrivateKey.generate()
    own = X25519PrivateKey.generate()
    own_public = raw_public(own.public_key())
    expires = "2026-12-28T10:00:00Z"
    body = {
        "format": "pensioenchecker-share",
        "version": 1,
        "share_id": share_id,
        "request_id": "r-1",
        "recipient": recipient.fingerprint,
        "sender_key": b64(raw_public(sender.public_key())),
        "ephemeral_key": b64(ephemeral if ephemeral is not None else own_public),
        "nonce": b64(bytes(12)),
        "expires_at": expires,
    }
    body.update(header or {})
    content = {
        "share_id": body["share_id"],
        "request_id": "r-1",
        "expires_at": body["expires_at"],
        "consented_at": "2026-11-28T10:00:00Z",
        "categories": ["pensions"],
        "purpose": "advies",
    }
    content.update(receipt or {})
    person = {"id": "p1", "birth_date": "1960-01-01"}
    if payload is None:
        payload = {"receipt": content, "dossier": {"household": {"persons": [person]}}, "files": []}
    plain = packed if packed is not None else zlib.compress(canonical(payload))
    header_bytes = canonical(body)
    prefix = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    if ephemeral is None:
        secret = own.exchange(X25519PublicKey.from_public_bytes(recipient.x25519_public))
        key = _derive(secret, own_public, recipient.x25519_public)
    else:
        key = bytes(32)
    signed = prefix + AESGCM(key).encrypt(bytes(12), plain, prefix)
    return signed + sender.sign(signed)


def test_crafted_package_is_opened_when_sound(adviser):
    assert open_package(_craft(adviser), adviser, NOW).share_id == "s-1"


@pytest.mark.parametrize(
    ("craft", "message"),
    [
        ({"header": {"expires_at": "0001-01-01T00:00:00+01:00"}}, "tampered or damaged"),
        ({"ephemeral": bytes(32)}, "unusable key"),
        ({"receipt": {"consented_at": "2026-12-01T00:00:00Z"}}, "lies in the future"),
        ({"receipt": {"consented_at": "0001-01-01T00:00:00+01:00"}}, "not an ISO date"),
        ({"receipt": {"consented_at": 5}}, "no consent time"),
        ({"receipt": {"categories": None}}, "categories are not a list"),
        ({"receipt": {"categories": ["everything"]}}, "unknown category"),
        ({"receipt": {"purpose": None}}, "no purpose"),
        ({"packed": "deeply nested"}, "not readable"),
    ],
)
def test_crafted_packages_are_refused(adviser, craft, message):
    import zlib

    if craft.get("packed") == "deeply nested":
        craft = {"packed": zlib.compress(b"[" * 100_000 + b"]" * 100_000)}
    with pytest.raises(InputError, match=message):
        open_package(_craft(adviser, **craft), adviser, NOW)


def test_request_with_an_unusable_key_cannot_be_shared_to(tmp_path, adviser):
    request = read_request(_signed_request(adviser, x25519_public=b64(bytes(32))))
    dossier = Dossier(
        household=Household(persons=[Person(id="p1", birth_date=dt.date(1960, 1, 1))])
    )
    with pytest.raises(InputError, match="the request's key is unusable"):
        create_package(request, dossier, "pensions", _user_key(tmp_path), (), NOW)


def test_decompression_bomb_is_refused_early(adviser):
    import zlib

    head = canonical({"receipt": {}, "dossier": {}})[:-1] + b',"files":[{"name":"a","data":"'
    packer = zlib.compressobj(9)
    parts = [packer.compress(head)]
    chunk = b"A" * 2**20
    parts += [packer.compress(chunk) for _ in range(64)]
    parts += [packer.compress(b'"}]}'), packer.flush()]
    packed = b"".join(parts)
    assert len(packed) < 200_000
    with pytest.raises(InputError, match="unpacks to more than"):
        open_package(_craft(adviser, packed=packed), adviser, NOW)


def test_a_second_key_never_replaces_the_first(tmp_path):
    from pensioenchecker.share.keys import (
        load_recipient_keys,
        load_signing_key,
        save_recipient_keys,
        save_signing_key,
    )
    from pensioenchecker.share.keys import raw_public as public

    first, second = make_keys(), make_keys()
    path = tmp_path / "a.key"
    assert save_recipient_keys(first, path) is first
    assert save_recipient_keys(second, path).fingerprint == first.fingerprint
    assert load_recipient_keys(path).fingerprint == first.fingerprint
    assert save_recipient_keys(second, path, replace=True) is second
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]

    mine = own_signing_key(tmp_path / "own.key")
    theirs = save_signing_key(second.signing, tmp_path / "own.key")
    assert public(theirs.public_key()) == public(mine.public_key())
    assert public(load_signing_key(tmp_path / "own.key").public_key()) == public(mine.public_key())
    if sys.platform != "win32":
        assert stat.S_IMODE((tmp_path / "own.key").stat().st_mode) == 0o600


def test_signing_key_made_at_once_by_two_programs_is_one_key(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    from pensioenchecker.share.keys import raw_public as public

    path = tmp_path / "keys" / "own.key"
    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _: own_signing_key(path), range(32)))
    assert len({public(k.public_key()) for k in keys}) == 1


# -- received shares in the vault ----------------------------------------------------------------


KEY = bytes(range(32))


def test_a_share_is_stored_once_and_a_forged_twin_is_refused(tmp_path, adviser):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from pensioenchecker.share.keys import raw_public
    from pensioenchecker.share.ledger import apply_revocation, store_received
    from pensioenchecker.share.package import PackageHeader
    from pensioenchecker.vault import Vault

    sender = Ed25519PrivateKey.generate()
    genuine = _craft(adviser, sender=sender)
    with Vault.open(tmp_path, key=KEY) as vault:
        first = store_received(vault, open_package(genuine, adviser, NOW), genuine)
        again = store_received(vault, open_package(genuine, adviser, NOW), genuine)
        assert again == first
        assert [d.id for d in vault.list_dossiers()] == [first]
        assert len(vault.shares("received")) == 1
        forged = _craft(adviser)  # the same share id, another sender
        with pytest.raises(InputError, match="a package with this share id .* already stored"):
            store_received(vault, open_package(forged, adviser, NOW), forged)
        altered = _craft(adviser, sender=sender, receipt={"purpose": "iets anders"})
        with pytest.raises(InputError, match="already stored"):
            store_received(vault, open_package(altered, adviser, NOW), altered)
        assert [d.id for d in vault.list_dossiers()] == [first]
        # The forger's notice is refused; the sender's own purges the share.
        header = read_header(genuine)
        thief = Ed25519PrivateKey.generate()
        stolen = PackageHeader(**{**header.__dict__, "sender_key": raw_public(thief.public_key())})
        with pytest.raises(InputError, match="not signed by the sender"):
            apply_revocation(vault, make_revocation(stolen, thief, NOW), adviser, "n")
        assert apply_revocation(vault, make_revocation(header, sender, NOW), adviser, "n") == "s-1"
        assert vault.list_dossiers() == []
        (share,) = vault.shares("received")
        assert share.status == "revoked"
        with pytest.raises(InputError, match="withdrew consent"):
            store_received(vault, open_package(genuine, adviser, NOW), genuine)
        assert vault.list_dossiers() == []


def test_revocation_deletes_every_dossier_of_the_share(tmp_path, adviser):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from pensioenchecker.share.ledger import PACKAGE_FILE, apply_revocation, store_received
    from pensioenchecker.vault import Vault

    sender = Ed25519PrivateKey.generate()
    genuine = _craft(adviser, sender=sender)
    opened = open_package(genuine, adviser, NOW)
    with Vault.open(tmp_path, key=KEY) as vault:
        # A vault written before shares were stored once: a second copy without its record.
        twin = vault.save_dossier(opened.dossier, label="x", origin="received")
        vault.save_file(twin, PACKAGE_FILE, genuine)
        other = _craft(adviser, share_id="s-2")
        kept = store_received(vault, open_package(other, adviser, NOW), other)
        store_received(vault, opened, genuine)
        assert len(vault.list_dossiers()) == 3
        apply_revocation(vault, make_revocation(read_header(genuine), sender, NOW), adviser, "n")
        assert [d.id for d in vault.list_dossiers()] == [kept]


def test_revoke_writes_the_notice_before_the_vault_says_revoked(tmp_path, capsys, monkeypatch):
    from pensioenchecker.vault import Vault

    monkeypatch.setenv("PENSIOENCHECKER_VAULT_PASSPHRASE", "synthetic test passphrase")
    monkeypatch.setenv("PENSIOENCHECKER_DATA_DIR", str(tmp_path / "user"))
    key, req, pkg = tmp_path / "a.key", tmp_path / "r.json", tmp_path / "p.pcshare"
    assert run(["share", "keygen", "-o", str(key)]) == 0
    assert run(["share", "request", "--key", str(key), "--name", "n", "--purpose", "advies",
                "--categories", "pensions", "--days", "20", "-o", str(req)]) == 0  # fmt: skip
    assert run(["share", "create", "--request", str(req), "--dossier", *map(str, COUPLE),
                "--categories", "pensions", "-o", str(pkg), "--vault"]) == 0  # fmt: skip
    nowhere = tmp_path / "missing" / "n.json"
    assert run(["share", "revoke", "--package", str(pkg), "-o", str(nowhere), "--vault"]) == 2
    assert "folder does not exist" in capsys.readouterr().err
    with Vault.open(tmp_path / "user") as vault:
        assert [s.status for s in vault.shares("sent")] == ["active"]
    notice = tmp_path / "n.json"
    assert run(["share", "revoke", "--package", str(pkg), "-o", str(notice), "--vault"]) == 0
    with Vault.open(tmp_path / "user") as vault:
        assert [s.status for s in vault.shares("sent")] == ["revoked"]
    capsys.readouterr()
    assert run(["share", "open", str(notice), "--key", str(key)]) == 0
    out = capsys.readouterr().out
    assert "not checked against a stored package: use --package or --vault" in out
    assert "delete" not in out
    assert run(["share", "open", str(notice), "--key", str(key), "--package", str(pkg)]) == 0
    assert "delete the stored package" in capsys.readouterr().out


def test_consent_text_in_both_languages_and_from_the_catalog():
    from pensioenchecker.i18n import PSEUDO
    from pensioenchecker.share.consent import consent_text, consent_texts

    values = ("Advieskantoor Voorbeeld", "A. Adviseur", "pensioenadvies", ("pensions", "debts"))
    dutch, english = consent_texts(*values, dt.date(2026, 12, 28))
    assert dutch == (
        "Ik geef A. Adviseur (Advieskantoor Voorbeeld) toestemming om de volgende gegevens van "
        "ons huishouden te ontvangen en te gebruiken voor dit doel: pensioenadvies. Gegevens: "
        "pensioenaanspraken en bedragen ineens, schulden. Geboortedata gaan altijd mee, omdat "
        "elk pensioenbedrag ervan afhangt. De ontvanger mag de gegevens bewaren tot 28 december "
        "2026 en moet ze daarna verwijderen. Ik kan deze toestemming eerder intrekken; de "
        "ontvanger verwijdert de gegevens dan."
    )
    assert english.startswith(
        "I allow A. Adviseur (Advieskantoor Voorbeeld) to receive the following data of our "
        "household and to use it for this purpose: pensioenadvies. Data: pension entitlements "
        "and lump sums, debts."
    )
    assert "may keep the data until 28 December 2026 and" in english
    assert consent_text("nl", *values, dt.date(2026, 12, 28)) == dutch
    shown = consent_text(PSEUDO, *values, dt.date(2026, 12, 28))
    assert shown.startswith("⟦Í áll") and shown.endswith("⟧")
    assert "⟦péñšíóñ éñtítléméñtš áñd lúmp šúmš⟧, ⟦débtš⟧" in shown
    assert "28 december 2026" in shown  # dates in the pseudo-language's (Dutch) notation


def test_receipt_consent_text_names_the_expiry_in_words(tmp_path, couple, adviser):
    request, _ = _request(adviser)
    package = create_package(request, couple, "pensions", _user_key(tmp_path), (), NOW)
    receipt = open_package(package.data, adviser, NOW).receipt
    assert "bewaren tot 28 december 2026 en" in receipt["consent_text"]
    assert "until 28 December 2026 and" in receipt["consent_text_en"]
    assert "Gegevens: pensioenaanspraken en bedragen ineens." in receipt["consent_text"]
