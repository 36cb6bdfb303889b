"""Signed rule packs: building, verifying, updating over a real local HTTP server, using them.

Every pack here is signed with a throwaway key made for the test run; the tests trust it through
``packs.trusting`` (the embedded release key is never touched).
"""

from __future__ import annotations

import base64
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pensioenchecker import __version__
from pensioenchecker.cli import main
from pensioenchecker.rules import packs
from pensioenchecker.rules.packs import (
    PackError,
    build_pack,
    current_parameters,
    trusting,
    verify_pack,
)
from pensioenchecker.rules.parameters import PARAMS_DIR, default_parameters
from pensioenchecker.rules.trusted_keys import TRUSTED_KEYS

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "tests" / "fixtures" / "dossier-couple.json"
KEY = Ed25519PrivateKey.generate()
OTHER_KEY = Ed25519PrivateKey.generate()


def public_key_base64(key: Ed25519PrivateKey) -> str:
    """The raw public key of ``key`` in base64, as ``trusted_keys`` holds it."""
    return base64.b64encode(key.public_key().public_bytes_raw()).decode("ascii")


KEY_ID = packs.key_id_for(base64.b64decode(public_key_base64(KEY)))
TRUST = {KEY_ID: public_key_base64(KEY)}
FAST = ["--timeout", "0.5", "--retry-wait", "0.01"]

NET = [
    "net", "--year", "2026", "--birth-date", "1950-01-01", "--household", "single",
    "--aow", "20000", "--pension", "10000", "--json",
]  # fmt: skip
BUILT_IN_NET = 27345.0
"""Built-in 2026: Zvw 4.85 % of 30 000 = 1 455; net 30 000 - income tax 1 200 - 1 455."""
PACK_NET = 27045.0
"""The test pack's Zvw rate 5.85 %: 0.0585 * 30 000 = 1 755, 300 more; net 27 345 - 300."""


def params_copy(tmp: Path, version: str = "2027-01", zvw: str = "0.0585") -> Path:
    """The real parameter files with a new edition and one changed figure (Zvw rate 2026)."""
    folder = tmp / f"params-{version}-{zvw}"
    shutil.copytree(PARAMS_DIR, folder)
    zvw_file = folder / "zvw.yaml"
    text = zvw_file.read_text(encoding="utf-8")
    old = "2026-01-01: {status: final, reference: [S22, S12], value: 0.0485}"
    assert old in text
    zvw_file.write_text(text.replace(old, old.replace("0.0485", zvw)), encoding="utf-8")
    index = folder / "index.yaml"
    index.write_text(
        index.read_text(encoding="utf-8").replace('"2026-01"', f'"{version}"'), encoding="utf-8"
    )
    return folder


@pytest.fixture(scope="module")
def pack_2027(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return build_pack(params_copy(tmp_path_factory.mktemp("p")), "2027-01", KEY)


# -- a real HTTP server ---------------------------------------------------------------------------


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/json"
    delay: float = 0.0
    length: int | None = None
    """Content-Length to announce (None: the real one; -1: none, the body ends at close)."""
    cookie: bool = False
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class Server:
    url: str
    routes: dict[str, Route]
    requests: list[dict[str, object]] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[Server]:
    routes: dict[str, Route] = {}
    seen: list[dict[str, object]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            seen.append({"method": "GET", "path": self.path, "headers": dict(self.headers)})
            route = routes.get(self.path)
            if route is None:
                self.send_error(404)
                return
            if route.delay:
                time.sleep(route.delay)
            try:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                if route.cookie:
                    self.send_header("Set-Cookie", "tracker=abc123; Path=/")
                for name, value in route.headers.items():
                    self.send_header(name, value)
                if route.length != -1:
                    length = len(route.body) if route.length is None else route.length
                    self.send_header("Content-Length", str(length))
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def do_POST(self) -> None:  # noqa: N802
            seen.append({"method": "POST", "path": self.path, "headers": dict(self.headers)})
            self.send_error(405)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(f"http://127.0.0.1:{httpd.server_address[1]}", routes, seen)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "data"
    monkeypatch.setenv("PENSIOENCHECKER_DATA_DIR", str(folder))
    monkeypatch.delenv("PENSIOENCHECKER_RULES_URL", raising=False)
    return folder


def net_now(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    with trusting(TRUST):
        assert main(NET) == 0
    return json.loads(capsys.readouterr().out)


def update(capsys: pytest.CaptureFixture[str], url: str) -> tuple[int, str, str]:
    with trusting(TRUST):
        code = main(["rules", "update", "--url", url, *FAST])
    out = capsys.readouterr()
    return code, out.out, out.err


def assert_refused(
    capsys: pytest.CaptureFixture[str], url: str, words: str, previous: float = BUILT_IN_NET
) -> None:
    code, out, err = update(capsys, url)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and words in err, err
    assert net_now(capsys)["net_annual"] == previous


# -- format and verification ---------------------------------------------------------------------


def test_embedded_release_key_is_a_raw_ed25519_public_key() -> None:
    (key_id, public), *_ = TRUSTED_KEYS.items()
    raw = base64.b64decode(public, validate=True)
    assert len(raw) == 32 and packs.key_id_for(raw) == key_id


def test_pack_format_and_verification(pack_2027: bytes) -> None:
    document = json.loads(pack_2027)
    assert document["format"] == "pensioenchecker-rulepack"
    assert document["version"] == "2027-01"
    assert (document["valid_from"], document["valid_to"]) == ("2024-01-01", "2026-12-31")
    assert document["key_id"] == KEY_ID
    assert sorted(document["parameters"]) == sorted(p.name for p in PARAMS_DIR.glob("*.yaml"))
    pack = verify_pack(pack_2027, TRUST)
    assert pack.version == "2027-01" and pack.file_name == "rulepack-2027-01.json"
    assert str(pack.parameters.lookup("zvw.rate", packs.dt.date(2026, 3, 1)).value) == "0.0585"
    assert pack.parameters.notices == (f"figures from rule pack 2027-01 (signed by key {KEY_ID})",)


def test_versions_order() -> None:
    order = [7, "2026", "2026-01", "2026-06", "2027-01", "2027-01-15"]
    keys = [packs.version_key(v) for v in order]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    with pytest.raises(ValueError):
        packs.version_key("latest")


def test_verify_refuses_tampering_unknown_keys_and_bad_figures(
    pack_2027: bytes, tmp_path: Path
) -> None:
    document = json.loads(pack_2027)
    document["parameters"]["zvw.yaml"] = document["parameters"]["zvw.yaml"].replace(
        "0.0585", "0.0385"
    )
    with pytest.raises(PackError, match="signature does not match"):
        verify_pack(json.dumps(document).encode(), TRUST)
    with pytest.raises(PackError, match="unknown key"):
        verify_pack(pack_2027, {"0000000000000000": public_key_base64(OTHER_KEY)})
    with pytest.raises(PackError, match="unknown key"):
        verify_pack(pack_2027)  # the embedded keys do not know the test key
    with pytest.raises(PackError, match="not valid JSON"):
        verify_pack(pack_2027[:-20], TRUST)
    # Figures the loader refuses are refused even when correctly signed.
    broken = dict(json.loads(pack_2027))
    del broken["signature"]
    broken["parameters"] = dict(broken["parameters"])
    broken["parameters"]["zvw.yaml"] = broken["parameters"]["zvw.yaml"].replace(
        "value: 0.0585", "value: 1.5"
    )
    broken["signature"] = base64.b64encode(KEY.sign(packs.canonical(broken))).decode()
    with pytest.raises(PackError, match=r"figures fail the checks: .*zvw.yaml.*zvw.rate"):
        verify_pack(json.dumps(broken).encode(), TRUST)
    # ... and a broken folder is refused before it is signed.
    folder = params_copy(tmp_path, zvw="0.058511")
    with pytest.raises(Exception, match="more than 5 decimals"):
        build_pack(folder, "2027-02", KEY)


# -- updating over HTTP and using the pack --------------------------------------------------------


def test_update_installs_and_results_name_the_pack(
    server: Server, data_dir: Path, pack_2027: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    assert net_now(capsys)["net_annual"] == BUILT_IN_NET
    server.routes["/packs/latest.json"] = Route(pack_2027, cookie=True)
    code, out, err = update(capsys, server.url + "/packs/latest.json")
    assert (code, err) == (0, "")
    assert out.startswith("installed rule pack 2027-01 (valid 2024-01-01 to 2026-12-31")
    assert (data_dir / "rulepacks" / "rulepack-2027-01.json").read_bytes() == pack_2027
    assert not list((data_dir / "rulepacks").glob("*.part"))

    net = net_now(capsys)
    assert net["zvw"] == 1755.0 and net["net_annual"] == PACK_NET
    notice = f"figures from rule pack 2027-01 (signed by key {KEY_ID})"
    assert notice in net["notices"]

    with trusting(TRUST):
        assert main(["project", str(DEMO), "--as-of", "2026-11-28", "--json"]) == 0
    assert notice in json.loads(capsys.readouterr().out)["assumptions"]

    with trusting(TRUST):
        assert main(["rules", "list"]) == 0
    listing = capsys.readouterr().out
    assert "built-in figures: version 2026-01" in listing
    assert "  2027-01 (in use): valid 2024-01-01 to 2026-12-31" in listing
    assert f"in use: {notice}" in listing

    # The same version again is refused and the pack stays in use.
    assert_refused(capsys, server.url + "/packs/latest.json", "not newer", PACK_NET)
    # So is an older one, though newer than the built-in figures.
    server.routes["/old.json"] = Route(build_pack(params_copy(data_dir, "2026-06"), "2026-06", KEY))
    assert_refused(capsys, server.url + "/old.json", "version 2026-06 is not newer", PACK_NET)

    # What went over the wire: plain GETs of the pack's path, a neutral User-Agent, nothing else.
    assert server.requests
    for request in server.requests:
        headers = {k.lower(): v for k, v in request["headers"].items()}  # type: ignore[attr-defined]
        assert request["method"] == "GET"
        assert request["path"] in ("/packs/latest.json", "/old.json")
        assert headers["user-agent"] == f"Pensioenchecker/{__version__}"
        assert set(headers) <= {"host", "user-agent", "accept", "accept-encoding", "connection"}
        text = json.dumps(request)
        for personal in ("1950", "20000", "10000", "cookie", "tracker"):
            assert personal not in text.lower()


def test_built_in_figures_stay_without_packs(data_dir: Path) -> None:
    assert current_parameters() is default_parameters()
    assert default_parameters().notices == ()


def test_tampered_installed_pack_is_ignored_with_a_notice(
    data_dir: Path, pack_2027: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = data_dir / "rulepacks"
    folder.mkdir(parents=True)
    (folder / "rulepack-2027-01.json").write_bytes(pack_2027.replace(b"0.0585", b"0.0385"))
    net = net_now(capsys)
    assert net["net_annual"] == BUILT_IN_NET
    assert any(
        "rulepack-2027-01.json is ignored" in n and "signature does not match" in n
        for n in net["notices"]  # type: ignore[union-attr]
    )
    with trusting(TRUST):
        assert main(["rules", "list"]) == 0
    assert "rulepack-2027-01.json: ignored" in capsys.readouterr().out


def test_refusals_keep_the_figures_in_use(
    server: Server, data_dir: Path, pack_2027: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.url
    document = json.loads(pack_2027)
    document["parameters"]["zvw.yaml"] = document["parameters"]["zvw.yaml"].replace(
        "0.0585", "0.0385"
    )
    server.routes["/tampered.json"] = Route(json.dumps(document).encode())
    assert_refused(capsys, url + "/tampered.json", "signature does not match")

    server.routes["/other-key.json"] = Route(build_pack(PARAMS_DIR, "2027-01", OTHER_KEY))
    assert_refused(capsys, url + "/other-key.json", "unknown key")

    server.routes["/old.json"] = Route(build_pack(PARAMS_DIR, "2025-01", KEY))
    assert_refused(capsys, url + "/old.json", "not newer than the figures in use (2026-01)")

    server.routes["/malformed.json"] = Route(b'{"format": "pensioenchecker-rulepack", ')
    assert_refused(capsys, url + "/malformed.json", "not valid JSON")

    server.routes["/page.html"] = Route(pack_2027, content_type="text/html")
    assert_refused(capsys, url + "/page.html", "not a JSON answer (content type 'text/html')")

    server.routes["/truncated.json"] = Route(pack_2027[:1000], length=len(pack_2027))
    assert_refused(capsys, url + "/truncated.json", "cut off")

    server.routes["/huge.json"] = Route(b" " * (6 * 1024 * 1024), length=-1)
    assert_refused(capsys, url + "/huge.json", "larger than 5 MB")
    server.routes["/announced.json"] = Route(b"{}", length=6 * 1024 * 1024)
    assert_refused(capsys, url + "/announced.json", "larger than 5 MB")

    server.routes["/slow.json"] = Route(pack_2027, delay=1.5)
    assert_refused(capsys, url + "/slow.json", "did not answer within 0.5 s")

    assert not (data_dir / "rulepacks").exists() or not list((data_dir / "rulepacks").iterdir())


def test_server_errors_are_tried_three_times_then_refused(
    server: Server, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.routes["/pack.json"] = Route(b"{}", status=500, cookie=True)
    assert_refused(capsys, server.url + "/pack.json", "server failed (HTTP 500) (tried 3 times)")
    gets = [r for r in server.requests if r["path"] == "/pack.json"]
    assert len(gets) == 3
    assert all("Cookie" not in r["headers"] for r in gets)  # type: ignore[operator]


def test_offline_and_insecure_addresses_are_refused(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    assert_refused(capsys, f"http://127.0.0.1:{port}/pack.json", "no connection to the server")
    assert_refused(capsys, "http://rules.example.org/pack.json", "only https://")


def test_malformed_addresses_are_refused_in_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for url in ("https://[bad", "https://exa mple.com/pack.json", "https://host:99999/"):
        assert_refused(capsys, url, "not a valid address")


def test_messages_show_no_credentials_or_query(
    server: Server, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server.url.replace("http://", "http://someone:hunter2@") + "/pack.json?token=s3cret#x"
    assert_refused(capsys, url, "HTTP 404")
    code, out, err = update(capsys, url)
    assert f"{server.url}/pack.json:" in err
    assert "hunter2" not in err and "someone" not in err and "s3cret" not in err


def test_undecodable_body_and_bad_redirects_are_refused(
    server: Server, data_dir: Path, pack_2027: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    garbage = Route(b"not gzip at all" * 10, headers={"Content-Encoding": "gzip"})
    server.routes["/gzip.json"] = garbage
    assert_refused(capsys, server.url + "/gzip.json", "the download failed")
    server.routes["/bad-redirect.json"] = Route(
        status=302, headers={"Location": "https://[bad/pack.json"}
    )
    assert_refused(capsys, server.url + "/bad-redirect.json", "invalid address")


def test_no_redirect_from_https_to_local_http(
    server: Server,
    data_dir: Path,
    pack_2027: bytes,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import io

    import requests

    server.routes["/pack.json"] = Route(pack_2027)
    real_get = requests.Session.get

    def fake_get(self: requests.Session, url: str, **kwargs: object) -> requests.Response:
        if url.startswith("https://"):
            response = requests.Response()
            response.status_code = 302
            response.headers["Location"] = server.url + "/pack.json"
            response.raw = io.BytesIO(b"")
            response.url = url
            return response
        return real_get(self, url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(requests.Session, "get", fake_get)
    assert_refused(capsys, "https://rules.example.org/pack.json", "only https://")
    assert not [r for r in server.requests if r["path"] == "/pack.json"]


def test_deeply_nested_packs_are_refused_and_ignored_when_installed(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    deep = b"[" * 200_000 + b"]" * 200_000
    with pytest.raises(PackError, match="not valid JSON"):
        verify_pack(deep, TRUST)
    folder = data_dir / "rulepacks"
    folder.mkdir(parents=True)
    (folder / "rulepack-9999.json").write_bytes(deep)
    with trusting(TRUST):
        in_use = current_parameters()
        assert any("rulepack-9999.json is ignored" in n for n in in_use.notices)
        assert main(["rules", "list"]) == 0
        assert "rulepack-9999.json: ignored" in capsys.readouterr().out
        assert main(["project", str(DEMO)]) == 0
    out = capsys.readouterr()
    assert "rulepack-9999.json is ignored" in out.out + out.err
    assert net_now(capsys)["net_annual"] == BUILT_IN_NET


def test_version_with_a_trailing_newline_is_refused() -> None:
    with pytest.raises(ValueError, match="not a number"):
        packs.version_key("2027-01\n")
    with pytest.raises(ValueError):
        packs.version_key("2027\n")


def test_make_rulepack_refuses_without_the_key(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import importlib.util

    path = ROOT / "scripts" / "make_rulepack.py"
    spec = importlib.util.spec_from_file_location("make_rulepack", path)
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.delenv("PENSIOENCHECKER_RELEASE_KEY", raising=False)
    assert script.main(["--out", str(tmp_path)]) == 2
    assert "set PENSIOENCHECKER_RELEASE_KEY" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_the_window_fetches_newer_figures_and_recomputes(
    server: Server, data_dir: Path, pack_2027: bytes, controller: object
) -> None:
    """ "Check for updated figures": the pack is installed and the projection names it."""
    from ui.application import demo_files

    controller.load_files(demo_files("couple"))  # type: ignore[attr-defined]
    notice = f"figures from rule pack 2027-01 (signed by key {KEY_ID})"
    assert notice not in controller.projection.assumptions  # type: ignore[attr-defined]
    server.routes["/packs/latest.json"] = Route(pack_2027)
    news: list[str] = []
    controller.notice.connect(news.append)  # type: ignore[attr-defined]
    with trusting(TRUST):
        controller.check_rules(server.url + "/packs/latest.json")  # type: ignore[attr-defined]
    assert notice in controller.projection.assumptions  # type: ignore[attr-defined]
    assert news and "2027-01" in news[0]
