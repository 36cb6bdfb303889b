"""share_package: a package written with its receipt, recorded in the vault, sent when asked."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from pensioenchecker import clock
from pensioenchecker.errors import InputError
from pensioenchecker.model import Dossier, SourceFile
from pensioenchecker.share import (
    RecipientKeys,
    SharedPackage,
    ShareRequest,
    UploadFailedError,
    delivery,
    make_keys,
    make_request,
    matching_files,
    open_package,
    own_signing_key,
    read_request,
    read_share_file,
    share_package,
)
from pensioenchecker.sources.registry import load_paths
from pensioenchecker.vault import Vault

ROOT = Path(__file__).resolve().parents[1]
COUPLE = sorted((ROOT / "resources" / "demo" / "couple").iterdir())
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
KEY = bytes(range(32))


@pytest.fixture(autouse=True)
def _at_now(monkeypatch: pytest.MonkeyPatch) -> None:
    """Requests are made and answered at NOW, whatever the calendar says."""
    clock.set_now(NOW)
    monkeypatch.setattr(delivery, "BACKOFF", 0.01)


@pytest.fixture(scope="module")
def couple(engine) -> Dossier:  # type: ignore[no-untyped-def]
    return load_paths(COUPLE, engine)


@pytest.fixture(scope="module")
def adviser() -> RecipientKeys:
    return make_keys()


@pytest.fixture
def vault(tmp_path: Path) -> Iterator[Vault]:
    with Vault.open(tmp_path / "vault", key=KEY) as opened:
        yield opened


@pytest.fixture
def upload() -> Iterator[tuple[str, list[bytes], list[int]]]:
    """A local upload address; the bodies it received; the status it answers (200 by default)."""
    received: list[bytes] = []
    status = [200]

    class Upload(BaseHTTPRequestHandler):
        def do_PUT(self) -> None:  # noqa: N802 - http.server's name
            received.append(self.rfile.read(int(self.headers["Content-Length"])))
            self.send_response(status[0])
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *_args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Upload)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield (
            f"http://127.0.0.1:{httpd.server_address[1]}/bucket/p?X-Signature=abc",
            received,
            status,
        )
    finally:
        httpd.shutdown()
        httpd.server_close()


def _request(keys: RecipientKeys, upload_url: str = "") -> ShareRequest:
    _, data = make_request(
        keys,
        name="A. Adviseur",
        organisation="Advieskantoor Voorbeeld",
        purpose="pensioenadvies",
        categories="personal,pensions,income",
        days=30,
        upload_url=upload_url,
        now=NOW,
    )
    return read_request(data)


def test_the_package_opens_with_the_chosen_categories_and_is_recorded(
    tmp_path: Path, couple: Dossier, adviser: RecipientKeys, vault: Vault
) -> None:
    output = tmp_path / "pakket.pcshare"
    told: list[SharedPackage] = []
    shared = share_package(
        _request(adviser),
        couple,
        "pensions,income",
        own_signing_key(tmp_path / "user.key"),
        output,
        vault=vault,
        on_saved=told.append,
    )
    assert shared.host is None and told == [shared]
    # The written package opens with the adviser's key and holds exactly what was chosen.
    opened = open_package(output.read_bytes(), adviser, NOW)
    assert opened.share_id == shared.share_id
    assert opened.receipt["categories"] == ["pensions", "income"]
    assert opened.dossier.entitlements == couple.entitlements
    assert len(opened.dossier.income_lines) == len(couple.income_lines) > 0
    assert all(p.name is None for p in opened.dossier.household.persons)  # no "personal"
    assert opened.dossier.transactions == []  # no "bank"
    assert opened.expires_at == dt.datetime(2026, 12, 28, 10, 0, tzinfo=dt.UTC)
    # The receipt lies beside it, as the user keeps it.
    assert shared.receipt_path == tmp_path / "pakket.pcshare.receipt.json"
    receipt = json.loads(shared.receipt_path.read_text(encoding="utf-8"))
    assert receipt == opened.receipt
    assert receipt["consented_at"] == "2026-11-28T10:00:00Z"
    assert shared.receipt_path.read_bytes().endswith(b"}\n")
    # The vault knows what was shared, with whom, until when, and logged it.
    (record,) = vault.shares("sent")
    assert record.id == shared.share_id
    assert record.counterparty == "A. Adviseur (Advieskantoor Voorbeeld)"
    assert record.categories == ("pensions", "income")
    assert record.expires_at == opened.expires_at and record.status == "active"
    (logged,) = [e for e in vault.logs() if e.event == "shared"]
    assert logged.fields["share"] == shared.share_id
    assert logged.fields["categories"] == "pensions,income"
    assert logged.fields["until"] == "2026-12-28"


def test_more_than_requested_writes_and_records_nothing(
    tmp_path: Path, couple: Dossier, adviser: RecipientKeys, vault: Vault
) -> None:
    output = tmp_path / "p.pcshare"
    with pytest.raises(InputError, match="bank: more than requested"):
        share_package(
            _request(adviser), couple, "pensions,bank", own_signing_key(tmp_path / "u.key"),
            output, vault=vault,
        )  # fmt: skip
    assert list(tmp_path.glob("p.pcshare*")) == []
    assert vault.shares("sent") == []


def test_a_vault_to_open_is_opened_only_for_a_package_made_and_closed_after(
    tmp_path: Path, couple: Dossier, adviser: RecipientKeys
) -> None:
    """The command line's vault asks its passphrase only once there is something to record."""
    opened: list[Vault] = []

    def open_vault() -> Vault:
        opened.append(Vault.open(tmp_path / "vault", key=KEY))
        return opened[-1]

    key = own_signing_key(tmp_path / "u.key")
    with pytest.raises(InputError):
        share_package(_request(adviser), couple, "debts", key, tmp_path / "x", vault=open_vault)
    assert opened == []
    shared = share_package(
        _request(adviser), couple, "pensions", key, tmp_path / "p.pcshare", vault=open_vault
    )
    assert len(opened) == 1
    with Vault.open(tmp_path / "vault", key=KEY) as again:
        assert [s.id for s in again.shares("sent")] == [shared.share_id]


def test_sending_uploads_the_written_package_and_logs_the_host(
    tmp_path: Path,
    couple: Dossier,
    adviser: RecipientKeys,
    vault: Vault,
    upload: tuple[str, list[bytes], list[int]],
) -> None:
    url, received, _status = upload
    output = tmp_path / "p.pcshare"
    shared = share_package(
        _request(adviser, url), couple, "pensions", own_signing_key(tmp_path / "u.key"), output,
        vault=vault, send=True, timeout=5.0,
    )  # fmt: skip
    host = url.split("/")[2]  # 127.0.0.1 and its port; never the signed query
    assert shared.host == host
    assert received == [output.read_bytes()] == [shared.created.data]
    sent = [e for e in vault.logs() if e.event == "package sent"]
    assert [e.fields for e in sent] == [{"host": host}]


def test_a_failed_upload_keeps_the_package_and_its_record(
    tmp_path: Path,
    couple: Dossier,
    adviser: RecipientKeys,
    vault: Vault,
    upload: tuple[str, list[bytes], list[int]],
) -> None:
    url, received, status = upload
    status[0] = 403  # the store refuses: not retried
    output = tmp_path / "p.pcshare"
    with pytest.raises(UploadFailedError) as failed:
        share_package(
            _request(adviser, url), couple, "pensions", own_signing_key(tmp_path / "u.key"),
            output, vault=vault, send=True, timeout=5.0,
        )  # fmt: skip
    error = failed.value
    assert str(error).startswith(f"the package is saved at {output}; upload failed: ")
    assert "403" in error.reason.message and error.where is None
    assert output.read_bytes() == error.saved.created.data == received[0]
    assert error.saved.receipt_path.is_file()
    assert [s.id for s in vault.shares("sent")] == [error.saved.share_id]
    assert not any(e.event == "package sent" for e in vault.logs())


def test_matching_files_are_the_opened_ones_with_the_recorded_hash(
    tmp_path: Path, couple: Dossier
) -> None:
    assert [f.name for f in matching_files(COUPLE, couple)] == [p.name for p in COUPLE]
    altered = tmp_path / COUPLE[0].name
    altered.write_bytes(COUPLE[0].read_bytes() + b" ")
    assert matching_files([altered, tmp_path / "missing.xml"], couple) == []
    hostile = couple.model_copy(
        update={
            "documents": [SourceFile(name="/etc/hostname", kind="mpo", sha256="0" * 64, size=1)]
        }
    )
    assert matching_files([Path("/etc/hostname")], hostile) == []


def test_read_share_file_refuses_by_name(tmp_path: Path) -> None:
    empty = tmp_path / "leeg.pcshare"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match="leeg.pcshare: the file is empty"):
        read_share_file(empty)
    with pytest.raises(InputError, match="weg.pcshare: file not found"):
        read_share_file(tmp_path / "weg.pcshare")
    big = tmp_path / "groot.pcrequest"
    big.write_bytes(b"x" * (2 * 2**20))
    with pytest.raises(InputError, match="larger than 1 MB"):
        read_share_file(big, 2**20)
    assert read_share_file(COUPLE[0]) == COUPLE[0].read_bytes()
