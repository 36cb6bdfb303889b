"""The vault: encrypted at rest, bound to rows, purged on time, and whole after a kill."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from pensioenchecker import clock
from pensioenchecker.errors import InputError
from pensioenchecker.model.dossier import Dossier, Provenance, Transaction, load_dossier
from pensioenchecker.vault import (
    PassphraseNeededError,
    ShareRecord,
    Vault,
    WrongPassphraseError,
    crypto,
    mask_identifiers,
)

FIXTURE = Path(__file__).parent / "fixtures" / "dossier-couple.json"
KEY = bytes(range(32))
IBAN = "NL91ABNA0417164300"
UTC = dt.UTC


@pytest.fixture(autouse=True)
def _no_keyring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests never touch the user's keyring; the passphrase variable is unset."""
    monkeypatch.setattr(crypto, "keyring_available", lambda: False)
    monkeypatch.delenv(crypto.PASSPHRASE_VARIABLE, raising=False)


@pytest.fixture
def couple() -> Dossier:
    """The couple fixture with one bank transaction, so it holds an IBAN."""
    base = load_dossier(FIXTURE)
    booking = Transaction(
        id="t1",
        person_id="a",
        account=IBAN,
        booking_date=dt.date(2026, 1, 5),
        amount_cents=-125000,
        counterparty="Woningstichting Voorbeeld",
        description="Huur januari",
        provenance=Provenance(source="bank"),
    )
    return base.model_copy(update={"transactions": [booking]})


def test_round_trip_of_the_couple(tmp_path: Path, couple: Dossier) -> None:
    with Vault.open(tmp_path, key=KEY) as vault:
        assert vault.key_source == "key"
        dossier_id = vault.save_dossier(couple, label="Ons huishouden")
        loaded = vault.load_dossier(dossier_id)
        [entry] = vault.list_dossiers()
    assert loaded == couple
    assert loaded.to_json() == couple.to_json()
    assert loaded.transactions[0].account == IBAN
    assert (entry.id, entry.label, entry.origin, entry.purge_at) == (
        dossier_id,
        "Ons huishouden",
        "own",
        None,
    )
    assert entry.updated_at.tzinfo is not None
    with Vault.open(tmp_path, key=KEY) as again:
        assert again.load_dossier(dossier_id) == couple


def test_replace_keeps_label_and_purge_date(tmp_path: Path, couple: Dossier) -> None:
    purge = dt.datetime(2030, 1, 1, tzinfo=UTC)
    with Vault.open(tmp_path, key=KEY) as vault:
        dossier_id = vault.save_dossier(
            couple, label="Ontvangen", origin="received", purge_at=purge
        )
        edited = couple.model_copy(update={"box3_assets_cents": 5000000})
        assert vault.save_dossier(edited, dossier_id=dossier_id, origin="received") == dossier_id
        [entry] = vault.list_dossiers()
        assert (entry.label, entry.origin, entry.purge_at) == ("Ontvangen", "received", purge)
        assert vault.load_dossier(dossier_id).box3_assets_cents == 5000000


def test_raw_files_hold_no_personal_data(tmp_path: Path, couple: Dossier) -> None:
    with Vault.open(tmp_path, key=KEY) as vault:
        dossier_id = vault.save_dossier(couple, label="Demo-deelnemer en partner")
        vault.save_file(dossier_id, "Demo-deelnemer-upo.xml", f"<iban>{IBAN}</iban>".encode())
        vault.log("imported", account=IBAN, who="someone")
        raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert len(raw) > 4096
    for secret in ("Demo-deelnemer", "Demo-partner", IBAN, "0417164300", "Woningstichting"):
        assert secret.encode() not in raw
        assert secret.encode("utf-16-le") not in raw


def test_files_round_trip_and_go_with_their_dossier(tmp_path: Path, couple: Dossier) -> None:
    with Vault.open(tmp_path, key=KEY) as vault:
        dossier_id = vault.save_dossier(couple)
        vault.save_file(dossier_id, "upo.xml", b"<xml/>")
        vault.save_file(dossier_id, "camt.053", b"\x00\x01binary")
        assert vault.files(dossier_id) == [("upo.xml", b"<xml/>"), ("camt.053", b"\x00\x01binary")]
        vault.delete_dossier(dossier_id)
        assert vault.files(dossier_id) == []
        assert vault.list_dossiers() == []
        with pytest.raises(InputError, match="no dossier"):
            vault.load_dossier(dossier_id)
        with pytest.raises(InputError, match="no dossier"):
            vault.save_file(dossier_id, "x", b"x")


def test_payload_moved_to_another_row_is_refused(tmp_path: Path, couple: Dossier) -> None:
    with Vault.open(tmp_path, key=KEY) as vault:
        first = vault.save_dossier(couple, label="one")
        second = vault.save_dossier(couple, label="two")
    with sqlite3.connect(tmp_path / "vault.sqlite") as db:
        payload = db.execute("SELECT payload FROM dossiers WHERE id = ?", (first,)).fetchone()[0]
        db.execute("UPDATE dossiers SET payload = ? WHERE id = ?", (payload, second))
    with Vault.open(tmp_path, key=KEY) as vault:
        assert vault.load_dossier(first) == couple
        with pytest.raises(InputError, match="cannot be decrypted") as caught:
            vault.load_dossier(second)
    assert caught.value.where == str(tmp_path.absolute() / "vault.sqlite")
    assert "\n" not in str(caught.value)


def test_wrong_key_is_refused(tmp_path: Path, couple: Dossier) -> None:
    with Vault.open(tmp_path, key=KEY) as vault:
        vault.save_dossier(couple)
    with pytest.raises(WrongPassphraseError, match="wrong key for the vault in"):
        Vault.open(tmp_path, key=bytes(32))


def test_passphrase_vault(tmp_path: Path, couple: Dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(PassphraseNeededError, match="needs a passphrase"):
        Vault.open(tmp_path)
    with Vault.open(tmp_path, passphrase="correct horse") as vault:
        assert vault.key_source == "passphrase"
        dossier_id = vault.save_dossier(couple)
    with pytest.raises(WrongPassphraseError) as caught:
        Vault.open(tmp_path, passphrase="wrong horse")
    assert str(caught.value).endswith(f"wrong passphrase for the vault in {tmp_path.absolute()}")
    monkeypatch.setenv(crypto.PASSPHRASE_VARIABLE, "correct horse")
    with Vault.open(tmp_path) as vault:
        assert vault.key_source == "passphrase"
        assert vault.load_dossier(dossier_id) == couple
    with sqlite3.connect(tmp_path / "vault.sqlite") as db:
        names = {row[0] for row in db.execute("SELECT name FROM meta")}
    assert {"salt", "wrapped_key", "check", "key_source"} <= names


def test_keyring_vault(tmp_path: Path, couple: Dossier, monkeypatch: pytest.MonkeyPatch) -> None:
    store: dict[tuple[str, str], str] = {}
    import keyring

    monkeypatch.setattr(crypto, "keyring_available", lambda: True)
    monkeypatch.setattr(keyring, "set_password", lambda s, n, v: store.__setitem__((s, n), v))
    monkeypatch.setattr(keyring, "get_password", lambda s, n: store.get((s, n)))
    with Vault.open(tmp_path) as vault:
        assert vault.key_source == "keyring"
        dossier_id = vault.save_dossier(couple)
    assert list(store) == [("Pensioenchecker", f"vault-key:{tmp_path.absolute()}")]
    with Vault.open(tmp_path) as vault:
        assert vault.load_dossier(dossier_id) == couple
    store.clear()
    with pytest.raises(InputError, match="missing from the system keyring"):
        Vault.open(tmp_path)


def test_new_vault_reuses_the_key_kept_in_the_keyring(
    tmp_path: Path, couple: Dossier, monkeypatch: pytest.MonkeyPatch
) -> None:
    store: dict[tuple[str, str], str] = {}
    import keyring

    monkeypatch.setattr(crypto, "keyring_available", lambda: True)
    monkeypatch.setattr(keyring, "set_password", lambda s, n, v: store.__setitem__((s, n), v))
    monkeypatch.setattr(keyring, "get_password", lambda s, n: store.get((s, n)))
    with Vault.open(tmp_path) as vault:
        dossier_id = vault.save_dossier(couple)
    kept = dict(store)
    aside = tmp_path / "moved-aside.sqlite"
    (tmp_path / "vault.sqlite").rename(aside)
    with Vault.open(tmp_path) as fresh:  # a new, empty vault in the same folder
        assert fresh.list_dossiers() == []
    assert store == kept
    (tmp_path / "vault.sqlite").write_bytes(b"")  # an emptied file makes a new vault too
    Vault.open(tmp_path).close()
    assert store == kept
    for extra in tmp_path.glob("vault.sqlite*"):
        extra.unlink()
    aside.rename(tmp_path / "vault.sqlite")
    with Vault.open(tmp_path) as restored:
        assert restored.load_dossier(dossier_id) == couple


def test_purged_ciphertext_does_not_linger_in_the_wal(tmp_path: Path, couple: Dossier) -> None:
    now = dt.datetime(2026, 6, 1, tzinfo=UTC)
    wal = tmp_path / "vault.sqlite-wal"
    with Vault.open(tmp_path, key=KEY) as vault:
        gone = vault.save_dossier(couple, purge_at=now - dt.timedelta(seconds=1))
        deleted = vault.save_dossier(couple)
        with sqlite3.connect(tmp_path / "vault.sqlite") as db:
            sealed = [
                bytes(row[0])
                for row in db.execute(
                    "SELECT payload FROM dossiers WHERE id IN (?, ?)", (gone, deleted)
                )
            ]
        db.close()
        assert len(sealed) == 2
        assert vault.purge_expired(now) == 1
        assert not wal.exists() or sealed[0][:64] not in wal.read_bytes()
        vault.delete_dossier(deleted)
        assert not wal.exists() or wal.stat().st_size == 0
        main = (tmp_path / "vault.sqlite").read_bytes()
        assert all(item[:64] not in main for item in sealed)


def test_purge_one_second_either_side(tmp_path: Path, couple: Dossier) -> None:
    now = dt.datetime(2026, 6, 1, 12, 0, 0, tzinfo=UTC)
    second = dt.timedelta(seconds=1)
    far = dt.datetime(2100, 1, 1, tzinfo=UTC)
    with Vault.open(tmp_path, key=KEY) as vault:
        gone = vault.save_dossier(couple, origin="received", purge_at=now - second)
        kept = vault.save_dossier(couple, origin="received", purge_at=now + second)
        vault.save_file(gone, "pakket.zip", b"data")
        for share_id, dossier_id, expires in (("s-gone", gone, far), ("s-kept", kept, far)):
            vault.record_share(
                ShareRecord(
                    id=share_id,
                    direction="received",
                    counterparty="Adviseur Voorbeeld",
                    purpose="advies",
                    categories=("pension",),
                    created_at=now - dt.timedelta(days=1),
                    expires_at=expires,
                    package_sha256="ab" * 32,
                    dossier_id=dossier_id,
                )
            )
        vault.record_share(
            ShareRecord(
                id="s-old",
                direction="sent",
                counterparty="Adviseur",
                purpose="advies",
                categories=("pension", "bank"),
                created_at=now - dt.timedelta(days=30),
                expires_at=now - second,
            )
        )
        assert vault.purge_expired(now) == 1
        assert [entry.id for entry in vault.list_dossiers()] == [kept]
        assert vault.files(gone) == []
        status = {share.id: share.status for share in vault.shares()}
        assert status == {"s-gone": "purged", "s-kept": "active", "s-old": "expired"}
        assert [s.id for s in vault.shares("sent")] == ["s-old"]
        assert vault.shares("sent")[0].categories == ("pension", "bank")
        purged = [e for e in vault.logs() if e.event == "dossier purged"]
        assert [e.fields for e in purged] == [{"dossier": gone}]
        assert vault.purge_expired(now) == 0
        vault.set_share_status("s-kept", "revoked")
        assert {s.id: s.status for s in vault.shares()}["s-kept"] == "revoked"
        with pytest.raises(InputError, match="no share"):
            vault.set_share_status("nope", "revoked")


def test_purge_runs_at_open(tmp_path: Path, couple: Dossier) -> None:
    saved = dt.datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with clock.frozen(saved), Vault.open(tmp_path, key=KEY) as vault:
        vault.save_dossier(couple, purge_at=saved + dt.timedelta(seconds=1))
        assert len(vault.list_dossiers()) == 1
    with clock.frozen(saved + dt.timedelta(seconds=1)), Vault.open(tmp_path, key=KEY) as vault:
        assert vault.list_dossiers() == []


def test_naive_datetimes_are_refused(tmp_path: Path, couple: Dossier) -> None:
    with Vault.open(tmp_path, key=KEY) as vault, pytest.raises(ValueError, match="timezone"):
        vault.save_dossier(couple, purge_at=dt.datetime(2030, 1, 1))


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("NL91ABNA0417164300", "NL91 **** 4300"),
        ("rekening NL91 ABNA 0417 1643 00 betaald", "rekening NL91 **** 4300 betaald"),
        ("iban nl91abna0417164300.", "iban NL91 **** 4300."),
        ("DE89370400440532013000", "DE89 **** 3000"),
        ("bsn 111222333 van a", "bsn ********* van a"),
        ("BSN 1112.22.333", "BSN *********"),
        ("bedrag 1840000 op 2026-01-01", "bedrag 1840000 op 2026-01-01"),
        ("telefoon 0612345678", "telefoon 0612345678"),
        # nine digits inside an id are no BSN
        ("id 9fb7d222-bf18-4a8a-92b3-c123456789d7", "id 9fb7d222-bf18-4a8a-92b3-c123456789d7"),
        ("BSN:111222333", "BSN:*********"),
        # a vault id that merely looks like an IBAN, and nine digits failing the eleven test
        ("dossier cd86c6f42c3345e192ede0ac1c707172", "dossier cd86c6f42c3345e192ede0ac1c707172"),
        ("NL91ABNA0417164301", "NL91ABNA0417164301"),
        ("nummer 111222334", "nummer 111222334"),
    ],
)
def test_mask_identifiers(text: str, masked: str) -> None:
    assert mask_identifiers(text) == masked


def test_log_masks_iban_and_bsn(tmp_path: Path) -> None:
    with Vault.open(tmp_path, key=KEY) as vault:
        vault.log("share sent to NL91ABNA0417164300", account=IBAN, bsn="111222333", n="3")
        entry = vault.logs(limit=1)[0]
    assert entry.event == "share sent to NL91 **** 4300"
    assert entry.fields == {"account": "NL91 **** 4300", "bsn": "*********", "n": "3"}
    assert entry.at.tzinfo is not None


def test_export_and_restore(tmp_path: Path, couple: Dossier) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    export = tmp_path / "backup.pcvault"
    with Vault.open(source, key=KEY) as vault:
        first = vault.save_dossier(couple, label="Eigen")
        second = vault.save_dossier(couple.model_copy(update={"label": "x"}), origin="received")
        vault.save_file(first, "upo.xml", b"<upo/>")
        vault.record_share(
            ShareRecord(
                id="s1",
                direction="sent",
                counterparty="Adviseur",
                purpose="advies",
                categories=("pension",),
                created_at=dt.datetime(2026, 1, 1, tzinfo=UTC),
                expires_at=None,
                dossier_id=first,
            )
        )
        # A received dossier always has its share record (one without is an unfinished open,
        # removed when the vault opens).
        vault.record_share(
            ShareRecord(
                id="received:s2",
                direction="received",
                counterparty="x",
                purpose="advies",
                categories=("pension",),
                created_at=dt.datetime(2026, 1, 2, tzinfo=UTC),
                expires_at=None,
                dossier_id=second,
            )
        )
        vault.export(export, passphrase="backup phrase")
        before = vault.list_dossiers()
        shares_before = vault.shares()
    assert export.read_bytes().startswith(b"PCVAULT-EXPORT-1\n")
    assert IBAN.encode() not in export.read_bytes()
    assert list(tmp_path.glob(".backup*")) == []
    with pytest.raises(WrongPassphraseError, match="wrong passphrase for the export"):
        Vault.restore(export, target, "not it", key=KEY)
    with Vault.restore(export, target, "backup phrase", key=bytes(reversed(KEY))) as restored:
        assert restored.list_dossiers() == before
        assert restored.load_dossier(first) == couple
        assert restored.load_dossier(second).label == "x"
        assert restored.files(first) == [("upo.xml", b"<upo/>")]
        assert restored.shares() == shares_before
        assert restored.logs(limit=1)[0].event == "vault restored"
    with pytest.raises(InputError, match="already exists"):
        Vault.restore(export, target, "backup phrase", key=KEY)
    (tmp_path / "junk").write_bytes(b"not an export")
    with pytest.raises(InputError, match="not a Pensioenchecker vault export"):
        Vault.restore(tmp_path / "junk", tmp_path / "c", "x", key=KEY)


def _write_in_a_loop(folder: Path, dossier: Dossier, out: int) -> None:
    """The child's work: save dossiers, files, replacements and log lines until killed."""
    with Vault.open(folder, key=KEY) as vault:
        os.write(out, b"ready\n")
        ids: list[str] = []
        n = 0
        while True:
            n += 1
            new = vault.save_dossier(dossier, label=f"loop {n}")
            ids.append(new)
            os.write(out, new.encode() + b"\n")
            vault.save_file(new, "bron.xml", b"x" * 20000)
            if n % 3 == 0:
                vault.save_dossier(dossier, dossier_id=ids[n // 2], label=f"again {n}")
            vault.log("loop", n=str(n))


def _killed_writer(folder: Path, dossier: Dossier, delay: float) -> list[str]:
    """Fork a writer, SIGKILL it after ``delay`` seconds of writing; the ids it committed."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child never returns into the test runner
        try:
            os.close(read_end)
            _write_in_a_loop(folder, dossier, write_end)
        finally:
            os._exit(1)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        assert pipe.readline() == b"ready\n"
        time.sleep(delay)
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        lines = pipe.read().decode().split()
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    return lines


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")
def test_kill_mid_write_leaves_a_readable_vault(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    expected = load_dossier(FIXTURE)
    rng = random.Random(20260601)
    committed: set[str] = set()
    for _ in range(25):
        committed.update(_killed_writer(folder, expected, rng.uniform(0.0, 0.1)))
        with Vault.open(folder, key=KEY) as vault:
            listed = vault.list_dossiers()
            assert committed <= {entry.id for entry in listed}
            for entry in listed:
                assert vault.load_dossier(entry.id) == expected
                assert all(f == ("bron.xml", b"x" * 20000) for f in vault.files(entry.id))
            assert vault.logs()
            with sqlite3.connect(folder / "vault.sqlite") as db:
                assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert len(committed) > 25


def test_command_line_status_export_and_restore(  # type: ignore[no-untyped-def]
    tmp_path: Path, couple: Dossier, capsys, monkeypatch
) -> None:
    from pensioenchecker.cli import main

    monkeypatch.setenv("PENSIOENCHECKER_VAULT_PASSPHRASE", "synthetic vault passphrase")
    monkeypatch.setenv("PENSIOENCHECKER_EXPORT_PASSPHRASE", "synthetic export passphrase")
    with Vault.open(tmp_path / "a") as vault:
        vault.save_dossier(couple, dossier_id="last", label="synthetisch huishouden")
    assert main(["vault", "status", "--folder", str(tmp_path / "a")]) == 0
    assert "1 dossiers" in capsys.readouterr().out
    backup = tmp_path / "backup.pcvault"
    assert main(["vault", "export", "-o", str(backup), "--folder", str(tmp_path / "a")]) == 0
    assert b"synthetisch" not in backup.read_bytes()  # the export is encrypted too
    assert main(["vault", "restore", str(backup), "--folder", str(tmp_path / "b")]) == 0
    assert "1 dossiers" in capsys.readouterr().out
    with Vault.open(tmp_path / "b") as vault:
        assert vault.load_dossier("last") == couple
    # A vault is never restored over another one.
    assert main(["vault", "restore", str(backup), "--folder", str(tmp_path / "b")]) == 2
    capsys.readouterr()
    # A read-only command on a mistyped folder makes no vault there: one line, exit 2.
    for command in (["status"], ["export", "-o", str(tmp_path / "x.pcvault")]):
        assert main(["vault", *command, "--folder", str(tmp_path / "typo")]) == 2
        err = capsys.readouterr().err
        assert len(err.splitlines()) == 1 and "no vault in this folder" in err
    assert not (tmp_path / "typo").exists() and not (tmp_path / "x.pcvault").exists()
