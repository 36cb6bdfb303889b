"""Delivering packages over HTTP(S) to a real server on this computer: what travels, retries,
time-outs, size limits, cut-off bodies and addresses that cannot be swapped."""

from __future__ import annotations

import datetime as dt
import json
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from pensioenchecker import __version__, clock
from pensioenchecker.cli import _Parser
from pensioenchecker.errors import InputError
from pensioenchecker.share import (
    create_package,
    delivery,
    make_keys,
    make_request,
    open_package,
    own_signing_key,
    read_request,
    save_recipient_keys,
    select_categories,
)
from pensioenchecker.share._common import canonical
from pensioenchecker.share.cli import register
from pensioenchecker.share.delivery import (
    download_package,
    fetch_package,
    send_package,
    upload_package,
)
from pensioenchecker.sources.registry import load_paths

ROOT = Path(__file__).resolve().parents[1]
COUPLE = sorted((ROOT / "resources" / "demo" / "couple").iterdir())
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
CATEGORIES = "personal,pensions,income,bank"
SIGNED_QUERY = "X-Signature=c2VjcmV0LXNpZ25hdHVyZQ&Expires=1796000000"
FAST = {"timeout": 2.0, "backoff": 0.01}
SECRETS = (
    b"Demo-partner",
    b"Demo-deelnemer",
    b"1963-02-20",
    b"1961-05-10",
    b"19630220",
    b"NL00DEMO",
    b"Pensioenfonds Voorbeeld",
    b"Supermarkt",
    b"synthetisch",
)
EXPECTED_PUT_HEADERS = {
    "host",
    "user-agent",
    "accept",
    "accept-encoding",
    "content-type",
    "content-length",
}


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Store:
    """A tiny object store: PUT keeps the body under its path, GET gives it back."""

    objects: dict[str, bytes] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    fail: int = 0
    """Answer this many next requests with HTTP 500."""
    status: int | None = None
    """Answer every request with this status."""
    delay: float = 0.0
    truncate: bool = False
    no_length: bool = False
    redirect: str | None = None
    """Answer GET with a redirect to this Location."""
    lock: threading.Lock = field(default_factory=threading.Lock)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    store: Store

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass

    def _record(self, body: bytes) -> int | None:
        store = self.store
        with store.lock:
            store.received.append(
                Received(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
                )
            )
            if store.fail > 0:
                store.fail -= 1
                return 500
            return store.status

    def _answer(
        self, status: int, body: bytes = b"", headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        status = self._record(body)
        if self.store.delay:
            time.sleep(self.store.delay)
        if status:
            self._answer(status, b"<Error>InternalError</Error>")
            return
        self.store.objects[urlsplit(self.path).path] = body
        # A cookie the client must not keep or send back.
        self._answer(200, headers={"ETag": '"1"', "Set-Cookie": "tracker=1; Path=/"})

    def do_GET(self) -> None:
        status = self._record(b"")
        if self.store.redirect is not None:
            self._answer(302, headers={"Location": self.store.redirect})
            return
        if self.store.delay:
            time.sleep(self.store.delay)
        if status:
            self._answer(status, b"<Error>InternalError</Error>")
            return
        data = self.store.objects.get(urlsplit(self.path).path)
        if data is None:
            self._answer(404, b"<Error>NoSuchKey</Error>")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/octet-stream")
        if self.store.no_length:
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)
            self.close_connection = True
            return
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.store.truncate:
            self.wfile.write(data[: len(data) // 2])
            self.wfile.flush()
            self.close_connection = True
            return
        self.wfile.write(data)


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a client that gave up (time-out tests) breaks the pipe; that is expected


@pytest.fixture
def server():
    store = Store()
    handler = type("Handler", (_Handler,), {"store": store})
    httpd = _Server(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield base, store
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def _at_now(monkeypatch):
    """Requests are made at NOW, so packages are consented at NOW too, whatever the calendar."""
    clock.set_now(NOW)
    monkeypatch.setattr(delivery, "BACKOFF", 0.01)


@pytest.fixture(scope="module")
def couple(engine):
    return load_paths(COUPLE, engine)


@pytest.fixture(scope="module")
def adviser():
    return make_keys()


def _request(keys, base: str, key: str = "pkg"):
    url = f"{base}/bucket/{key}?{SIGNED_QUERY}"
    _, data = make_request(
        keys,
        name="A. Adviseur",
        organisation="Advieskantoor Voorbeeld",
        purpose="pensioenadvies",
        categories="personal,pensions,income,debts,property,bank,files",
        days=30,
        now=NOW,
        upload_url=url,
        download_url=url,
    )
    return read_request(data), data


def _package(request, couple, tmp_path):
    key = own_signing_key(tmp_path / "user.key")
    return create_package(request, couple, CATEGORIES, key, (), NOW)


def run(argv: list[str]) -> int:
    parser = _Parser(prog="pensioenchecker")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    register(sub)
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        print(f"pensioenchecker share: {exc}", file=sys.stderr)
        return 2


def _create_and_send(request: Path, package: Path) -> int:
    """``share create --send`` of the couple's pensions for ``request``, writing ``package``."""
    return run(
        ["share", "create", "--request", str(request), "--dossier", *map(str, COUPLE)]
        + ["--categories", "pensions", "-o", str(package), "--send", "--timeout", "2"]
    )


# -- round trip ----------------------------------------------------------------------------------


def test_upload_and_download_round_trip(tmp_path, server, couple, adviser):
    base, store = server
    request, _ = _request(adviser, base)
    package = _package(request, couple, tmp_path)
    seen: list[tuple[int, int]] = []
    host = send_package(
        request, package.data, lambda done, total: seen.append((done, total)), **FAST
    )
    assert host == base.removeprefix("http://")
    assert store.objects == {"/bucket/pkg": package.data}
    assert seen[-1] == (len(package.data), len(package.data))
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)

    target = tmp_path / "fetched.pcshare"
    header = fetch_package(request, target, **FAST)
    assert target.read_bytes() == package.data
    assert header.share_id == package.header.share_id
    opened = open_package(target.read_bytes(), adviser, NOW)
    assert opened.dossier == select_categories(couple, CATEGORIES.split(","))
    assert opened.dossier.household.persons[0].name == "Demo-partner (synthetisch)"
    assert [r.method for r in store.received] == ["PUT", "GET"]


def test_upload_carries_only_the_encrypted_package(tmp_path, server, couple, adviser):
    base, store = server
    request, _ = _request(adviser, base)
    package = _package(request, couple, tmp_path)
    send_package(request, package.data, **FAST)
    send_package(request, package.data, **FAST)  # the server set a cookie the first time
    assert len(store.received) == 2
    for put in store.received:
        assert put.method == "PUT"
        assert put.path == f"/bucket/pkg?{SIGNED_QUERY}"
        assert put.body == package.data
        assert set(put.headers) == EXPECTED_PUT_HEADERS
        assert "cookie" not in put.headers and "authorization" not in put.headers
        assert "transfer-encoding" not in put.headers
        assert put.headers["user-agent"] == f"Pensioenchecker/{__version__}"
        assert put.headers["content-type"] == "application/octet-stream"
        assert put.headers["content-length"] == str(len(package.data))
        everything = put.body + json.dumps(put.headers).encode() + put.path.encode()
        for secret in SECRETS:
            assert secret.lower() not in everything.lower(), secret


def test_cli_send_fetch_open(tmp_path, server, couple, adviser):
    base, store = server
    key_file = tmp_path / "adviser.key"
    save_recipient_keys(adviser, key_file)
    url = f"{base}/bucket/cli?{SIGNED_QUERY}"
    req = tmp_path / "request.json"
    assert (
        run(
            [
                "share",
                "request",
                "--key",
                str(key_file),
                "--name",
                "A. Adviseur",
                "--purpose",
                "pensioenadvies",
                "--categories",
                "pensions,income",
                "--days",
                "30",
                "-o",
                str(req),
                "--upload-url",
                url,
                "--download-url",
                url,
            ]
        )
        == 0
    )
    pkg = tmp_path / "advies.pcshare"
    assert _create_and_send(req, pkg) == 0
    assert store.objects["/bucket/cli"] == pkg.read_bytes()
    fetched = tmp_path / "ontvangen.pcshare"
    assert run(["share", "fetch", "--request", str(req), "-o", str(fetched), "--timeout", "2"]) == 0
    assert fetched.read_bytes() == pkg.read_bytes()
    assert run(["share", "open", str(fetched), "--key", str(key_file), "--json"]) == 0
    opened = open_package(fetched.read_bytes(), adviser)
    assert opened.dossier == select_categories(couple, ["pensions"])
    also = tmp_path / "via-url.pcshare"
    assert run(["share", "fetch", "--url", url, "-o", str(also), "--timeout", "2"]) == 0
    assert also.read_bytes() == pkg.read_bytes()


# -- failures ------------------------------------------------------------------------------------


def test_one_server_error_is_retried(tmp_path, server, couple, adviser):
    base, store = server
    request, _ = _request(adviser, base)
    package = _package(request, couple, tmp_path)
    store.fail = 1
    send_package(request, package.data, **FAST)
    assert [r.method for r in store.received] == ["PUT", "PUT"]
    assert [r.body for r in store.received] == [package.data, package.data]
    assert store.objects["/bucket/pkg"] == package.data
    store.fail = 2
    assert download_package(request.download_url, **FAST) == package.data
    assert len(store.received) == 5


def test_persistent_server_error_keeps_the_package_on_disk(tmp_path, server, adviser, capsys):
    base, store = server
    key_file = tmp_path / "adviser.key"
    save_recipient_keys(adviser, key_file)
    request, data = _request(adviser, base)
    req = tmp_path / "request.json"
    req.write_bytes(data)
    store.status = 500
    pkg = tmp_path / "advies.pcshare"
    code = _create_and_send(req, pkg)
    assert code == 2
    error = capsys.readouterr().err.strip()
    assert error.count("\n") == 0
    assert f"the package is saved at {pkg}; upload failed: " in error
    assert "127.0.0.1" in error and "HTTP 500" in error and "3 tries" in error
    assert "X-Signature" not in error and "c2VjcmV0" not in error
    assert [r.method for r in store.received] == ["PUT"] * 3
    assert pkg.is_file() and (tmp_path / "advies.pcshare.receipt.json").is_file()
    assert open_package(pkg.read_bytes(), adviser, NOW + dt.timedelta(days=1)).share_id


def test_refused_upload_is_not_retried(server):
    base, store = server
    store.status = 403
    with pytest.raises(InputError, match=r"HTTP 403.*may have expired") as caught:
        upload_package(f"{base}/bucket/pkg?{SIGNED_QUERY}", b"PCSHARE1 data", **FAST)
    assert caught.value.where == "upload"
    assert "X-Signature" not in str(caught.value)
    assert len(store.received) == 1


def test_slow_answer_beyond_the_timeout(server):
    base, store = server
    store.delay = 0.5
    url = f"{base}/bucket/pkg?{SIGNED_QUERY}"
    with pytest.raises(InputError, match=r"127\.0\.0\.1:\d+: no answer within 0\.1 s") as caught:
        upload_package(url, b"PCSHARE1 data", timeout=0.1, retries=0)
    assert "X-Signature" not in str(caught.value)
    with pytest.raises(InputError, match=r"no answer within 0\.1 s \(2 tries\)"):
        download_package(url, timeout=0.1, retries=1, backoff=0.01)


def _self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that no authority signed."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime.now(dt.UTC) - dt.timedelta(days=1))
        .not_valid_after(dt.datetime.now(dt.UTC) + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def test_untrusted_certificate_is_refused(tmp_path):
    import ssl

    store = Store()
    httpd = _Server(("127.0.0.1", 0), type("Handler", (_Handler,), {"store": store}))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(*_self_signed(tmp_path))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        url = f"https://127.0.0.1:{httpd.server_address[1]}/bucket/pkg?{SIGNED_QUERY}"
        with pytest.raises(InputError, match="certificate not trusted") as caught:
            upload_package(url, b"PCSHARE1 data", **FAST)
        assert "X-Signature" not in str(caught.value)
        with pytest.raises(InputError, match="certificate not trusted"):
            download_package(url, **FAST)
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert store.received == [] and store.objects == {}


def test_nothing_listening(tmp_path):
    import socket

    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    with pytest.raises(InputError, match=rf"127\.0\.0\.1:{port}: cannot connect.*\(2 tries\)"):
        upload_package(f"http://127.0.0.1:{port}/b/p", b"x", timeout=1.0, retries=1, backoff=0.01)


def test_truncated_download_is_refused_and_nothing_written(tmp_path, server, couple, adviser):
    base, store = server
    request, _ = _request(adviser, base)
    package = _package(request, couple, tmp_path)
    send_package(request, package.data, **FAST)
    store.truncate = True
    target = tmp_path / "fetched.pcshare"
    with pytest.raises(InputError, match=r"cut off.*\(3 tries\)"):
        fetch_package(request, target, **FAST)
    assert not target.exists()
    assert [r.method for r in store.received] == ["PUT", "GET", "GET", "GET"]


def test_download_over_the_size_limit(tmp_path, server, couple, adviser):
    base, store = server
    request, _ = _request(adviser, base)
    package = _package(request, couple, tmp_path)
    send_package(request, package.data, **FAST)
    target = tmp_path / "fetched.pcshare"
    limit = len(package.data) - 1
    with pytest.raises(InputError, match="larger than the limit"):
        fetch_package(request, target, max_bytes=limit, **FAST)
    store.no_length = True  # no Content-Length: the limit holds while reading
    with pytest.raises(InputError, match="larger than the limit"):
        fetch_package(request, target, max_bytes=limit, **FAST)
    assert not target.exists()
    assert fetch_package(request, target, max_bytes=len(package.data), **FAST).share_id
    assert target.read_bytes() == package.data


def test_download_that_is_not_a_package_is_not_written(tmp_path, server):
    base, store = server
    store.objects["/bucket/page"] = b"<html>login</html>"
    target = tmp_path / "fetched.pcshare"
    with pytest.raises(InputError, match="not a Pensioenchecker share package"):
        fetch_package(f"{base}/bucket/page", target, **FAST)
    with pytest.raises(InputError, match="HTTP 404"):
        fetch_package(f"{base}/bucket/missing", target, **FAST)
    assert not target.exists()


# -- addresses in the request --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("http://bucket.example.nl/pkg?X-Signature=abc", "plain http:// to bucket.example.nl"),
        ("ftp://bucket.example.nl/pkg", "ftp:// is refused"),
        ("bucket.example.nl/pkg", "without a scheme"),
        ("https://user:pw@bucket.example.nl/pkg", "user name or password"),
        ("https:///pkg", "no host"),
        ("https://bucket.example.nl/a b", "spaces"),
    ],
)
def test_wrong_addresses_are_refused(adviser, url, message):
    with pytest.raises(InputError, match=message) as caught:
        make_request(adviser, name="A", purpose="p", categories="pensions", days=5, upload_url=url)
    assert caught.value.where == "--upload-url"
    assert "abc" not in str(caught.value)
    with pytest.raises(InputError, match=message):
        upload_package(url, b"x")


def test_wrong_scheme_on_the_command_line(tmp_path, adviser, capsys):
    key_file = tmp_path / "adviser.key"
    save_recipient_keys(adviser, key_file)
    code = run(
        [
            "share",
            "request",
            "--key",
            str(key_file),
            "--name",
            "A",
            "--purpose",
            "p",
            "--categories",
            "pensions",
            "--days",
            "5",
            "-o",
            str(tmp_path / "r.json"),
            "--download-url",
            "http://example.com/x?sig=1",
        ]
    )
    assert code == 2
    error = capsys.readouterr().err.strip()
    assert error == (
        "pensioenchecker share: --download-url: plain http:// to example.com is refused: "
        "only https:// (http:// only for localhost)"
    )
    assert not (tmp_path / "r.json").exists()


def test_https_and_localhost_are_accepted(adviser):
    request, data = make_request(
        adviser,
        name="A",
        purpose="p",
        categories="pensions",
        days=5,
        upload_url="https://bucket.example.nl/pkg?X-Amz-Signature=abc",
        download_url="http://localhost:9000/pkg",
    )
    again = read_request(data)
    assert again.upload_url == "https://bucket.example.nl/pkg?X-Amz-Signature=abc"
    assert again.download_url == "http://localhost:9000/pkg"
    assert again == request


def test_request_without_addresses_keeps_the_version_1_body(adviser):
    request, data = make_request(adviser, name="A", purpose="p", categories="pensions", days=5)
    body = json.loads(data)["request"]
    assert "upload_url" not in body and "download_url" not in body
    assert body["version"] == 1
    assert read_request(data).upload_url == ""
    with pytest.raises(InputError, match="no upload address"):
        send_package(request, b"PCSHARE1")
    with pytest.raises(InputError, match="no download address"):
        fetch_package(request, Path("never-written.pcshare"))


def test_altered_upload_address_fails_the_signature(adviser):
    _, data = make_request(
        adviser,
        name="A",
        purpose="p",
        categories="pensions",
        days=5,
        upload_url="https://bucket.example.nl/pkg?X-Signature=abc",
    )
    signed = json.loads(data)
    signed["request"]["upload_url"] = "https://attacker.example/pkg"
    with pytest.raises(InputError, match="signature does not match"):
        read_request(canonical(signed))
    del signed["request"]["upload_url"]
    with pytest.raises(InputError, match="signature does not match"):
        read_request(canonical(signed))
    signed["request"]["download_url"] = "https://attacker.example/pkg"
    with pytest.raises(InputError, match="signature does not match"):
        read_request(canonical(signed))


def test_signed_request_with_a_bad_address_is_refused(adviser):
    """Even a correctly signed request may not send the package over plain http."""
    from pensioenchecker.share._common import b64

    request, _ = make_request(adviser, name="A", purpose="p", categories="pensions", days=5)
    body = request.body() | {"upload_url": "http://bucket.example.nl/pkg"}
    signed = {"request": body, "signature": b64(adviser.signing.sign(canonical(body)))}
    with pytest.raises(InputError, match="request: upload_url: plain http://"):
        read_request(canonical(signed))


@pytest.mark.parametrize("location", ["http://[bad/", "ftp://example.org/p", "https://[::1"])
def test_redirect_to_a_bad_address_is_refused_cleanly(server, location):
    base, store = server
    store.redirect = location
    with pytest.raises(InputError, match="redirected address"):
        delivery.download_package(f"{base}/bucket/pkg", retries=0)


def test_https_never_redirects_to_plain_http():
    with pytest.raises(InputError, match="from https:// to plain http://"):
        delivery._redirect("https://store.example/p", "http://localhost:8080/admin", local=False)
    assert (
        delivery._redirect("http://127.0.0.1:1/p", "/q?x=1", local=True)
        == "http://127.0.0.1:1/q?x=1"
    )
    assert delivery._redirect("https://a.example/p", "https://b.example/q", local=False) == (
        "https://b.example/q"
    )
