"""Crash tests: each vault step killed (SIGKILL) at every write point, and at random moments.

A child process runs one step the user sees as one (opening a package into the vault, applying a
revocation, sharing a package, restoring a backup) with the vault's connection and the file
system calls that place or remove files counted as write points; at point N it kills itself.
After every kill the vault must hold all of the step or none of it (or, for a package written
beside the vault, a note the next start repairs), and the step must simply be repeatable.
"""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
import os
import random
import shutil
import signal
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from pensioenchecker import clock
from pensioenchecker.errors import InputError
from pensioenchecker.model.dossier import Dossier, load_dossier
from pensioenchecker.share import (
    RecipientKeys,
    SharedFile,
    create_package,
    make_keys,
    make_request,
    make_revocation,
    open_package,
    own_signing_key,
    read_request,
    share_package,
)
from pensioenchecker.share.ledger import PACKAGE_FILE, apply_revocation, store_received
from pensioenchecker.vault import Vault, crypto, repair

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork and SIGKILL")

FIXTURE = Path(__file__).parent / "fixtures" / "dossier-couple.json"
KEY = bytes(range(32))
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE", "COMMIT", "RELEASE", "CREATE")


@pytest.fixture(autouse=True)
def _quick_and_private(monkeypatch: pytest.MonkeyPatch) -> None:
    """No keyring; a cheap key derivation (scrypt is not what is tested); one fixed moment.

    No flushing to disk either: a killed process loses nothing the kernel already has, so
    fsync (which guards against a power cut, not simulated here) only makes the runs slow.
    """
    monkeypatch.setattr(crypto, "keyring_available", lambda: False)
    monkeypatch.setattr(
        crypto,
        "derive_key",
        lambda phrase, salt, *_: hashlib.sha256(salt + phrase.encode()).digest(),
    )
    monkeypatch.setattr(os, "fsync", lambda fd: None)
    real_connect = sqlite3.connect

    def unsynced(*args: Any, **kwargs: Any) -> Any:
        return _Unsynced(real_connect(*args, **kwargs))

    monkeypatch.setattr(sqlite3, "connect", unsynced)
    clock.set_now(NOW)


# -- the harness ------------------------------------------------------------------------------


class _Killer:
    """Counts write points once armed; kills this process just before point ``at``."""

    def __init__(self, at: int | None) -> None:
        self.at = at
        self.count = 0
        self.armed = False

    def point(self) -> None:
        if not self.armed:
            return
        self.count += 1
        if self.count == self.at:
            os.kill(os.getpid(), signal.SIGKILL)


class _Unsynced:
    """An sqlite3 connection that never waits for the disk (``synchronous = OFF``)."""

    def __init__(self, real: sqlite3.Connection) -> None:
        self._real = real

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql.replace(" ", "").upper().startswith("PRAGMASYNCHRONOUS="):
            sql = "PRAGMA synchronous = OFF"
        return self._real.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> Any:
        return self._real.__enter__()

    def __exit__(self, *exc: object) -> Any:
        return self._real.__exit__(*exc)  # type: ignore[arg-type]


class _CountingConnection:
    """An sqlite3 connection whose writing statements are write points."""

    def __init__(self, real: sqlite3.Connection, killer: _Killer) -> None:
        self._real = real
        self._killer = killer

    def _check(self, sql: str) -> None:
        words = sql.split()
        first = words[0].upper() if words else ""
        if first in WRITES or (first == "PRAGMA" and ("=" in sql or "checkpoint" in sql)):
            self._killer.point()

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._real.execute(sql, *args)

    def executemany(self, sql: str, *args: Any) -> sqlite3.Cursor:
        self._check(sql)
        return self._real.executemany(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)


def _arm_child(killer: _Killer) -> None:
    """In the child: every vault connection counts, and so does every file placed or removed."""
    real_connect = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> Any:
        return _CountingConnection(real_connect(*args, **kwargs), killer)

    sqlite3.connect = connect  # type: ignore[assignment]
    for name in ("replace", "rename", "link", "unlink"):
        real = getattr(os, name)

        def counted(*args: Any, _real: Any = real, **kwargs: Any) -> Any:
            killer.point()
            return _real(*args, **kwargs)

        setattr(os, name, counted)


@dataclass
class Step:
    """One user step: ``prepare`` (unarmed, in the child) returns what ``run`` needs."""

    name: str
    prepare: Callable[[Path], Any]
    run: Callable[[Path, Any], object]


def _child(step: Step, folder: Path, at: int | None, report: int, wait: bool) -> None:
    """The child's work; never returns into the test runner."""
    gc.disable()  # a collection would walk (and so copy) the whole inherited heap
    try:
        killer = _Killer(at)
        _arm_child(killer)
        prepared = step.prepare(folder)
        killer.armed = True
        os.write(report, b"ready\n")
        started = time.perf_counter()
        step.run(folder, prepared)
        took = time.perf_counter() - started
        os.write(report, f"done {killer.count} {took:.6f}\n".encode())
        if wait:  # the random killer must always find it alive
            time.sleep(60)
        os._exit(0)
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised here
        os.write(report, f"failed {type(exc).__name__}: {exc}\n".encode()[:500])
        os._exit(1)


def _fork(step: Step, folder: Path, at: int | None, delay: float | None = None) -> str:
    """Run the step in a child killed at write point ``at`` (or after ``delay`` s); its report."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _child(step, folder, at, write_end, wait=delay is not None)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        if delay is not None:
            assert pipe.readline() == b"ready\n"
            time.sleep(delay)
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        said = pipe.read().decode()
    assert "failed" not in said, said
    if at is not None or delay is not None:
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, said
    return said


def _write_points(step: Step, folder: Path) -> int:
    """How many write points the step has, from one run that is not killed."""
    return int(_measure(step, folder)[0])


def _measure(step: Step, folder: Path) -> tuple[int, float]:
    """The step's write points and how long it takes (seconds), from a run not killed."""
    said = _fork(step, folder, None).split("done ")[1].split()
    return int(said[0]), float(said[1])


def _raw(folder: Path) -> sqlite3.Connection:
    """The vault's readable columns, without the program (and without its start-up repair)."""
    return sqlite3.connect(folder / "vault.sqlite")


def _half_records(folder: Path) -> list[str]:
    """What a half-done step leaves, read from the raw file before any repair."""
    if not (folder / "vault.sqlite").exists():
        return []
    with _raw(folder) as db:
        found = [
            f"received dossier {row[0]} without its share record"
            for row in db.execute(
                "SELECT id FROM dossiers WHERE origin = 'received' AND id NOT IN"
                " (SELECT dossier_id FROM shares WHERE dossier_id IS NOT NULL)"
            )
        ]
        found += [
            f"active received share {row[0]} without its dossier"
            for row in db.execute(
                "SELECT id FROM shares WHERE direction = 'received' AND status = 'active'"
                " AND (dossier_id IS NULL OR dossier_id NOT IN (SELECT id FROM dossiers))"
            )
        ]
        found += [
            f"file {row[0]} without its dossier"
            for row in db.execute(
                "SELECT id FROM files WHERE dossier_id NOT IN (SELECT id FROM dossiers)"
            )
        ]
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return found


# -- the steps --------------------------------------------------------------------------------


@dataclass(frozen=True)
class World:
    """A sender, an adviser and a package between them, made once."""

    dossier: Dossier
    adviser: RecipientKeys
    user_key_path: Path
    package: bytes
    notice: bytes
    request_data: bytes


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> World:
    # Everything here is given NOW explicitly; the clock itself is each test's (see conftest).
    dossier = load_dossier(FIXTURE)
    adviser = make_keys()
    _, request_data = make_request(
        adviser,
        name="A. Adviseur",
        purpose="pensioenadvies",
        categories="personal,pensions,income,files",
        days=30,
        now=NOW,
    )
    key_path = tmp_path_factory.mktemp("keys") / "user.key"
    user_key = own_signing_key(key_path)
    files = [SharedFile("upo-a.xml", b"<upo>a</upo>"), SharedFile("upo-b.xml", b"<upo>b</upo>")]
    made = create_package(
        read_request(request_data),
        dossier,
        ("personal", "pensions", "income", "files"),
        user_key,
        files,
        NOW,
    )
    notice = make_revocation(made.header, user_key, NOW)
    return World(dossier, adviser, key_path, made.data, notice, request_data)


def _open_vault(folder: Path) -> Vault:
    return Vault.open(folder / "vault", key=KEY)


def _open_step(world: World) -> Step:
    def prepare(folder: Path) -> Any:
        return _open_vault(folder), open_package(world.package, world.adviser, NOW)

    def run(folder: Path, prepared: Any) -> object:
        vault, opened = prepared
        return store_received(vault, opened, world.package)

    return Step("open a package", prepare, run)


def _revoke_step(world: World) -> Step:
    def prepare(folder: Path) -> Any:
        return _open_vault(folder)

    def run(folder: Path, vault: Any) -> object:
        return apply_revocation(vault, world.notice, world.adviser, "notice")

    return Step("apply a revocation", prepare, run)


def _share_step(world: World) -> Step:
    def prepare(folder: Path) -> Any:
        (folder / "out").mkdir(exist_ok=True)
        return _open_vault(folder), own_signing_key(world.user_key_path)

    def run(folder: Path, prepared: Any) -> object:
        vault, user_key = prepared
        return share_package(
            read_request(world.request_data),
            world.dossier,
            "pensions,income",
            user_key,
            folder / "out" / "pakket.pcshare",
            vault=vault,
        )

    return Step("share a package", prepare, run)


def _restore_step(export: Path) -> Step:
    def prepare(folder: Path) -> Any:
        return None

    def run(folder: Path, _: Any) -> object:
        return Vault.restore(export, folder / "restored", "backup passphrase 1", key=KEY)

    return Step("restore a backup", prepare, run)


# -- what must hold after a kill ----------------------------------------------------------------


def _received_state(folder: Path, world: World) -> str:
    """'none' or 'whole' for a received package; anything else fails the test."""
    assert _half_records(folder / "vault") == []
    with _open_vault(folder) as vault:
        received = vault.shares("received")
        dossiers = [d for d in vault.list_dossiers() if d.origin == "received"]
        if not received and not dossiers:
            return "none"
        assert len(received) == 1
        share = received[0]
        if share.status == "revoked":
            assert share.dossier_id is None and not dossiers
            return "revoked"
        assert len(dossiers) == 1
        assert share.status == "active" and share.dossier_id == dossiers[0].id
        names = [name for name, _ in vault.files(share.dossier_id)]
        assert names == ["upo-a.xml", "upo-b.xml", PACKAGE_FILE]
        assert "package opened" in {e.event for e in vault.logs()}
        return "whole"


def _check_open(folder: Path, world: World, repeat: bool = True) -> str:
    state = _received_state(folder, world)
    assert state in ("none", "whole")
    if not repeat:
        return state
    # The step can simply be repeated, and gives the whole package.
    with _open_vault(folder) as vault:
        store_received(vault, open_package(world.package, world.adviser, NOW), world.package)
    assert _received_state(folder, world) == "whole"
    return state


def _check_revoke(folder: Path, world: World, repeat: bool = True) -> str:
    state = _received_state(folder, world)
    assert state in ("whole", "revoked")
    if not repeat:
        return state
    with _open_vault(folder) as vault:
        if state == "whole":
            apply_revocation(vault, world.notice, world.adviser, "notice")
        # Revoked stays revoked: the package is not stored again.
        with pytest.raises(InputError, match="withdrew consent"):
            store_received(vault, open_package(world.package, world.adviser, NOW), world.package)
    assert _received_state(folder, world) == "revoked"
    return state


def _check_share(folder: Path, world: World, repeat: bool = True) -> str:
    out = folder / "out" / "pakket.pcshare"
    receipt = out.with_name(out.name + ".receipt.json")
    with _raw(folder / "vault") as db:
        pending = db.execute("SELECT count(*) FROM meta WHERE name LIKE 'pending-package:%'")
        noted = pending.fetchone()[0]
    with _open_vault(folder) as vault:  # the start-up check repairs what the note names
        sent = vault.shares("sent")
        logged = [e for e in vault.logs() if e.event == "shared"]
    with _raw(folder / "vault") as db:
        assert db.execute("SELECT count(*) FROM meta WHERE name LIKE 'pending%'").fetchone()[0] == 0
    if not sent:
        assert not out.exists() and not receipt.exists() and not logged
        state = "none" if not noted else "repaired"
    else:
        assert len(sent) == 1 and len(logged) == 1 and noted == 0
        assert sent[0].package_sha256 == hashlib.sha256(out.read_bytes()).hexdigest()
        assert receipt.exists()
        state = "whole"
    if not repeat:
        return state
    # Sharing again works, and the new package is recorded.
    with _open_vault(folder) as vault:
        again = share_package(
            read_request(world.request_data),
            world.dossier,
            "pensions",
            own_signing_key(world.user_key_path),
            out,
            vault=vault,
        )
        assert again.share_id in {s.id for s in vault.shares("sent")}
    return state


def _check_restore(folder: Path, export: Path, expected: list[str]) -> str:
    target = folder / "restored"
    state = "whole" if (target / "vault.sqlite").exists() else "none"
    if state == "none":
        with pytest.raises(InputError, match="no vault in this folder"):
            Vault.open(target, key=KEY, create=False)
        Vault.restore(export, target, "backup passphrase 1", key=KEY).close()
    with Vault.open(target, key=KEY) as vault:
        assert sorted(d.id for d in vault.list_dossiers()) == expected
        assert len(vault.shares()) == 2
    assert sorted(p.name for p in target.iterdir()) == ["vault.sqlite"]
    return state


def _received_vault(world: World, folder: Path) -> None:
    with _open_vault(folder) as vault:
        store_received(vault, open_package(world.package, world.adviser, NOW), world.package)


def _export(world: World, folder: Path) -> tuple[Path, list[str]]:
    _received_vault(world, folder)
    with _open_vault(folder) as vault:
        vault.save_dossier(world.dossier, label="eigen")
        share_package(
            read_request(world.request_data),
            world.dossier,
            "pensions",
            own_signing_key(world.user_key_path),
            folder / "sent.pcshare",
            vault=vault,
        )
        export = folder / "backup.pcvault"
        vault.export(export, "backup passphrase 1")
        return export, sorted(d.id for d in vault.list_dossiers())


def _every_write_point(
    step: Step, base: Path, work: Path, check: Callable[[Path], str]
) -> dict[str, int]:
    """Kill the step at each of its write points in a fresh copy of ``base``; states seen."""
    points = _write_points(step, _copy(base, work / "count"))
    assert points >= 3
    seen: dict[str, int] = {}
    for at in range(1, points + 1):
        folder = _copy(base, work / f"at-{at}")
        _fork(step, folder, at)
        state = check(folder)
        seen[state] = seen.get(state, 0) + 1
        shutil.rmtree(folder)
    return seen


def _copy(base: Path, folder: Path) -> Path:
    if base.exists():
        shutil.copytree(base, folder)
    else:
        folder.mkdir(parents=True)
    return folder


# -- the tests --------------------------------------------------------------------------------


def test_opening_a_package_killed_at_every_write_point(tmp_path: Path, world: World) -> None:
    seen = _every_write_point(
        _open_step(world), tmp_path / "empty", tmp_path, lambda f: _check_open(f, world)
    )
    assert set(seen) == {"none"}  # the record is the last write: a kill anywhere leaves none


def test_a_revocation_killed_at_every_write_point(tmp_path: Path, world: World) -> None:
    base = tmp_path / "base"
    _received_vault(world, base)
    seen = _every_write_point(
        _revoke_step(world), base, tmp_path, lambda f: _check_revoke(f, world)
    )
    assert seen.get("whole", 0) >= 3


def test_sharing_killed_at_every_write_point(tmp_path: Path, world: World) -> None:
    base = tmp_path / "base"
    _open_vault(base).close()
    seen = _every_write_point(_share_step(world), base, tmp_path, lambda f: _check_share(f, world))
    assert seen.get("repaired", 0) >= 1 and seen.get("none", 0) >= 1


def test_a_restore_killed_at_every_write_point(tmp_path: Path, world: World) -> None:
    export, expected = _export(world, tmp_path / "source")
    seen = _every_write_point(
        _restore_step(export),
        tmp_path / "empty",
        tmp_path,
        lambda f: _check_restore(f, export, expected),
    )
    assert seen.get("none", 0) >= 3


def test_sixty_kills_at_random_moments_leave_no_half_records(tmp_path: Path, world: World) -> None:
    rng = random.Random(20261204)
    received = tmp_path / "received"
    _received_vault(world, received)
    sharing = tmp_path / "sharing"
    _open_vault(sharing).close()
    export, expected = _export(world, tmp_path / "source")
    steps: list[tuple[Step, Path, Callable[[Path], str]]] = [
        (_open_step(world), tmp_path / "empty", lambda f: _check_open(f, world, False)),
        (_revoke_step(world), received, lambda f: _check_revoke(f, world, False)),
        (_share_step(world), sharing, lambda f: _check_share(f, world, False)),
        (_restore_step(export), tmp_path / "empty", lambda f: _check_restore(f, export, expected)),
    ]
    # Kill moments spread over the step itself (a little past its end, too).
    durations = [
        1.2 * _measure(step, _copy(base, tmp_path / f"timing-{n}"))[1]
        for n, (step, base, _) in enumerate(steps)
    ]
    half = 0
    seen: set[tuple[str, str]] = set()
    for run in range(60):
        step, base, check = steps[run % len(steps)]
        folder = _copy(base, tmp_path / f"random-{run}")
        _fork(step, folder, None, delay=rng.uniform(0.0, durations[run % len(steps)]))
        half += len(_half_records(folder / "vault"))
        seen.add((step.name, check(folder)))
        shutil.rmtree(folder)
    assert half == 0
    # The kills land before and after the steps' commits (here all eight outcomes are seen;
    # a busy machine may shift them, so only both outcomes of some step are required).
    assert len(seen) > len(steps), sorted(seen)


def test_the_start_up_check_repairs_what_older_versions_left(tmp_path: Path, world: World) -> None:
    """Written step by step as older versions did, then cut off: Vault.open puts it right."""
    from pensioenchecker.vault import ShareRecord

    folder = tmp_path / "vault"
    with Vault.open(folder, key=KEY) as vault:
        # An open that crashed before its record: a received dossier and files, no share.
        orphan = vault.save_dossier(world.dossier, label="half", origin="received")
        vault.save_file(orphan, "upo-a.xml", b"<upo>a</upo>")
        # A revocation that crashed between deleting and marking: active, without its dossier.
        gone = vault.save_dossier(world.dossier, label="revoked", origin="received")
        vault.record_share(
            ShareRecord(
                id="received:s-1",
                direction="received",
                counterparty="x",
                purpose="advies",
                categories=("pensions",),
                created_at=NOW,
                expires_at=None,
                package_sha256="0" * 64,
                dossier_id=gone,
            )
        )
        vault.delete_dossier(gone)
        # A package written beside the vault whose record never landed.
        package = tmp_path / "p.pcshare"
        package.write_bytes(b"package bytes")
        receipt = tmp_path / "p.pcshare.receipt.json"
        receipt.write_text("{}")
        digest = hashlib.sha256(b"package bytes").hexdigest()
        repair.note_pending(vault, "s-2", package, receipt, digest)
    (folder / ".vault.sqlite.restore-999999999").write_bytes(b"half a restore")
    assert len(_half_records(folder)) == 2
    with Vault.open(folder, key=KEY) as vault:
        assert vault.list_dossiers() == []
        (share,) = vault.shares("received")
        assert share.status == "revoked"
        events = {entry.event for entry in vault.logs()}
        assert {
            "unfinished package removed",
            "unfinished revocation completed",
            "unrecorded package removed",
        } <= events
    assert _half_records(folder) == []
    assert not package.exists() and not receipt.exists()
    assert not (folder / ".vault.sqlite.restore-999999999").exists()
