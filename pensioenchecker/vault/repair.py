"""The start-up check: what a crashed step (or an older version) left half-done, put right.

Every step the user sees as one is now one transaction, so a crash leaves all of it or none of
it. Older versions wrote such steps in several commits, and a package written beside the vault
cannot join a transaction at all; ``repair`` runs when the vault opens and finishes the job:

- a received dossier with no share record (an open that crashed before its record) is removed
  with its files: it could never be revoked;
- a received share still 'active' whose dossier is gone (a revocation that crashed between
  deleting and marking) is marked 'revoked', so the package is not stored again;
- a package being shared whose record never landed (``note_pending``) is removed with
  its receipt, so no package exists that the vault cannot revoke;
- a restore that crashed before its vault was moved into place leaves a temporary file, which is
  removed (the restore can then simply be repeated).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING

from pensioenchecker.paths import VAULT_FILE

if TYPE_CHECKING:
    from pensioenchecker.vault.store import Vault

PENDING = "pending-package:"
"""Prefix of the meta rows that name a package written outside the vault before its record."""
RESTORE_PREFIX = f".{VAULT_FILE}.restore-"
"""A restore builds its vault as ``.vault.sqlite.restore-<pid>`` and renames it when complete."""


def restore_file_name() -> str:
    """The temporary name this process builds a restored vault under."""
    return f"{RESTORE_PREFIX}{os.getpid()}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_restore_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files of restores whose process is gone; the paths removed."""
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.glob(RESTORE_PREFIX + "*"):
            pid_text = path.name[len(RESTORE_PREFIX) :].split("-")[0]
            if pid_text.isdigit() and int(pid_text) != os.getpid() and _alive(int(pid_text)):
                continue
            with contextlib.suppress(FileNotFoundError):
                path.unlink()
                removed.append(path)
    return removed


def note_pending(vault: Vault, share_id: str, package: Path, receipt: Path, sha256: str) -> None:
    """Note a package about to be written outside the vault, before its share is recorded.

    The package file cannot join a transaction; this note can. ``Vault.record_share`` of the
    same id drops it in the record's own transaction, and a crash in between leaves the note,
    which the next ``Vault.open`` finds: it removes the package and its receipt, so no package
    exists that the vault cannot revoke.
    """
    name = PENDING + share_id
    note = {
        "package": str(Path(package).absolute()),
        "receipt": str(Path(receipt).absolute()),
        "sha256": sha256,
        "pid": os.getpid(),
    }
    with vault._write() as db:
        db.execute(
            "INSERT OR REPLACE INTO meta (name, value) VALUES (?, ?)",
            (name, vault._seal(json.dumps(note), f"meta:{name}")),
        )


def drop_pending(vault: Vault, share_id: str) -> None:
    """Forget the note of ``note_pending`` (the package was never written)."""
    with vault._write() as db:
        db.execute("DELETE FROM meta WHERE name = ?", (PENDING + share_id,))


def remove_pending_files(package: Path, receipt: Path, sha256: str) -> bool:
    """Remove an unrecorded package (only if it is still the one written) and its receipt."""
    try:
        data = package.read_bytes()
    except OSError:
        return False
    if hashlib.sha256(data).hexdigest() != sha256:
        return False  # replaced since by a package that was recorded: not ours to remove
    for path in (receipt, package):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()
    return True


def _still_writing(vault: Vault, name: str, value: bytes) -> bool:
    """A note of a share another running program is writing right now: not ours to undo."""
    note = json.loads(vault._text(value, f"meta:{name}", "an unfinished package"))
    pid = note.get("pid")
    return isinstance(pid, int) and pid != os.getpid() and _alive(pid)


def repair(vault: Vault) -> int:
    """Put right what crashed steps left half-done (see the module); how many things it fixed."""
    with vault._read() as db:
        orphans = [
            row[0]
            for row in db.execute(
                "SELECT id FROM dossiers WHERE origin = 'received' AND id NOT IN"
                " (SELECT dossier_id FROM shares WHERE dossier_id IS NOT NULL)"
            )
        ]
        unrevoked = [
            row[0]
            for row in db.execute(
                "SELECT id FROM shares WHERE direction = 'received' AND status = 'active'"
                " AND dossier_id IS NULL"
            )
        ]
        pending = db.execute(
            "SELECT name, value FROM meta WHERE name LIKE ?", (PENDING + "%",)
        ).fetchall()
    pending = [(name, value) for name, value in pending if not _still_writing(vault, name, value)]
    if not (orphans or unrevoked or pending):
        return 0
    with vault.transaction():
        db = vault._db
        for dossier_id in orphans:
            db.execute("DELETE FROM dossiers WHERE id = ?", (dossier_id,))
            vault._log(db, "unfinished package removed", {"dossier": dossier_id})
        for share_id in unrevoked:
            db.execute("UPDATE shares SET status = 'revoked' WHERE id = ?", (share_id,))
            vault._log(db, "unfinished revocation completed", {"share": share_id})
        for name, value in pending:
            share_id = name[len(PENDING) :]
            recorded = db.execute("SELECT 1 FROM shares WHERE id = ?", (share_id,)).fetchone()
            note = json.loads(vault._text(value, f"meta:{name}", "an unfinished package"))
            if recorded is None and remove_pending_files(
                Path(note["package"]), Path(note["receipt"]), note["sha256"]
            ):
                vault._log(db, "unrecorded package removed", {"share": share_id})
            db.execute("DELETE FROM meta WHERE name = ?", (name,))
        if orphans:
            vault._checkpoint()
    return len(orphans) + len(unrevoked) + len(pending)
