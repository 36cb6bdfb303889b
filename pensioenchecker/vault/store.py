"""The local vault: dossiers, their files, shares and a log in one SQLite file, encrypted.

Each write is one transaction with ``synchronous=FULL``, so a process killed mid-write leaves
the previous state readable; ``Vault.transaction`` makes several writes that the user sees as one
step (a package with its files and record, a revocation) one transaction, and ``Vault.open``
repairs what older versions left half-done. Payloads and the text that names people (labels,
file names, counterparties, purposes, log fields) are sealed with AES-256-GCM bound to their
row; the columns left readable are ids, dates, kinds and statuses, so listing needs no decryption.

One job at about 600 lines: the tables, their sealing and the transactions that write them;
unlocking, backup and repair live beside it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

from pensioenchecker import clock, messages
from pensioenchecker.errors import InputError
from pensioenchecker.masking import mask_identifiers
from pensioenchecker.model.dossier import Dossier
from pensioenchecker.paths import VAULT_FILE, data_dir
from pensioenchecker.vault import crypto, repair, unlock
from pensioenchecker.vault.crypto import SealError
from pensioenchecker.vault.records import (
    DossierEntry,
    LogEntry,
    ShareRecord,
    _moment,
    _must,
    _new_id,
    _stamp,
)
from pensioenchecker.vault.unlock import KeySource, PassphraseNeededError, WrongPassphraseError

__all__ = [
    "DossierEntry",
    "LogEntry",
    "PassphraseNeededError",
    "ShareRecord",
    "Vault",
    "WrongPassphraseError",
]

SCHEMA_VERSION = 1
ORIGINS = ("own", "received")
DIRECTIONS = ("sent", "received")
STATUSES = ("active", "revoked", "expired", "purged")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS dossiers (
    id TEXT PRIMARY KEY,
    label BLOB NOT NULL,
    origin TEXT NOT NULL CHECK (origin IN ('own', 'received')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    purge_at TEXT,
    payload BLOB NOT NULL
);
CREATE TABLE IF NOT EXISTS files (
    id TEXT PRIMARY KEY,
    dossier_id TEXT NOT NULL REFERENCES dossiers(id) ON DELETE CASCADE,
    name BLOB NOT NULL,
    payload BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS files_dossier ON files(dossier_id);
CREATE TABLE IF NOT EXISTS shares (
    id TEXT PRIMARY KEY,
    direction TEXT NOT NULL CHECK (direction IN ('sent', 'received')),
    counterparty BLOB NOT NULL,
    purpose BLOB NOT NULL,
    categories TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('active', 'revoked', 'expired', 'purged')),
    package_sha256 TEXT NOT NULL,
    dossier_id TEXT REFERENCES dossiers(id) ON DELETE SET NULL
);
CREATE TABLE IF NOT EXISTS log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    event TEXT NOT NULL,
    fields BLOB NOT NULL
);
"""


class Vault:
    """An open vault; use ``Vault.open`` and close it (or use it as a context manager)."""

    def __init__(self, path: Path, connection: sqlite3.Connection, key: bytes, source: KeySource):
        self.path = path
        self.folder = path.parent
        self.key_source: KeySource = source
        self._db = connection
        self._key = key
        self._lock = threading.RLock()
        self._depth = 0
        self._checkpoint_due = False

    # -- opening -------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        folder: Path | None = None,
        *,
        passphrase: str | None = None,
        key: bytes | None = None,
        create: bool = True,
        file_name: str = VAULT_FILE,
    ) -> Vault:
        """Open (or make) the vault in ``folder`` (default: the data folder), repair, then purge.

        A new vault keeps its key in the OS keyring when there is one; otherwise, or when the
        caller gives a passphrase, the key is wrapped with the passphrase (argument, else the
        variable PENSIOENCHECKER_VAULT_PASSPHRASE). ``key`` opens it with an explicit key.
        ``create=False`` (read-only commands) refuses a folder without a vault rather than make
        one there. ``file_name`` is for a restore, which builds the vault under another name.
        """
        folder = (folder if folder is not None else data_dir()).absolute()
        path = folder / file_name
        where = str(path)
        if not create and not path.is_file():
            raise InputError(messages.phrase("no vault in this folder"), str(folder))
        folder.mkdir(parents=True, exist_ok=True)
        if key is not None and len(key) != crypto.KEY_BYTES:
            raise InputError(messages.phrase("the vault key must be 32 bytes"), where)
        if not path.exists():
            try:
                os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
            except OSError as exc:
                raise InputError(
                    messages.phrase(
                        "cannot create the vault ({reason})", reason=exc.strerror or ""
                    ),
                    where,
                ) from None
        try:
            connection = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA busy_timeout = 10000")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
            connection.execute("PRAGMA secure_delete = ON")
        except sqlite3.DatabaseError as exc:
            raise InputError(
                messages.phrase("not a readable vault ({reason})", reason=str(exc)), where
            ) from None
        try:
            vault_key, source = cls._unlock(connection, folder, where, passphrase, key)
        except BaseException:
            connection.close()
            raise
        vault = cls(path, connection, vault_key, source)
        try:
            if file_name == VAULT_FILE:
                repair.remove_restore_leftovers(folder)
            repair.repair(vault)
            vault.purge_expired()
        except BaseException:
            vault.close()
            raise
        return vault

    @staticmethod
    def _unlock(
        db: sqlite3.Connection,
        folder: Path,
        where: str,
        passphrase: str | None,
        key: bytes | None,
    ) -> tuple[bytes, KeySource]:
        """Find the key of an existing vault, or make the schema and key of a new one."""
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                version = db.execute("PRAGMA user_version").fetchone()[0]
                if version > SCHEMA_VERSION:
                    raise InputError(
                        messages.phrase("the vault was made by a newer Pensioenchecker"), where
                    )
                if version == 0:
                    for statement in _SCHEMA.split(";"):
                        if statement.strip():
                            db.execute(statement)
                    vault_key, source, meta = unlock.new_key(folder, where, passphrase, key)
                    db.executemany(
                        "INSERT INTO meta (name, value) VALUES (?, ?)", list(meta.items())
                    )
                    db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                    result = vault_key, source
                else:
                    stored = dict(db.execute("SELECT name, value FROM meta").fetchall())
                    result = unlock.existing_key(stored, folder, where, passphrase, key)
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise InputError(
                messages.phrase("not a readable vault ({reason})", reason=str(exc)), where
            ) from None
        return result

    def close(self) -> None:
        """Close the database; the vault object is unusable afterwards."""
        with self._lock:
            self._db.close()

    def __enter__(self) -> Vault:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    # -- helpers -------------------------------------------------------------------------

    # -- transactions --------------------------------------------------------------------

    @contextmanager
    def transaction(self) -> Iterator[Vault]:
        """One step the user sees as one: every write inside lands together, or none does.

        The store's own writes join it, so ``with vault.transaction():`` around a dossier, its
        files, a share record and a log line makes them one commit: a crash at any point leaves
        all of it or none of it, and the step can simply be repeated. Nested use is a savepoint:
        an inner failure the caller catches undoes only the inner writes. Other threads wait.
        """
        with self._lock:
            depth = self._depth
            self._db.execute("BEGIN IMMEDIATE" if depth == 0 else f"SAVEPOINT step{depth}")
            self._depth = depth + 1
            try:
                yield self
            except BaseException:
                self._depth = depth
                if depth == 0:
                    self._db.execute("ROLLBACK")
                    self._checkpoint_due = False
                else:
                    self._db.execute(f"ROLLBACK TO step{depth}")
                    self._db.execute(f"RELEASE step{depth}")
                raise
            self._depth = depth
            try:
                self._db.execute("COMMIT" if depth == 0 else f"RELEASE step{depth}")
            except sqlite3.Error:
                # A COMMIT that failed (busy, disk full) leaves the transaction open; end it,
                # so the vault takes the next step instead of refusing every later one.
                if depth == 0:
                    with contextlib.suppress(sqlite3.Error):
                        self._db.execute("ROLLBACK")
                raise
            if depth == 0 and self._checkpoint_due:
                self._checkpoint_due = False
                self._checkpoint()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction, or a part of the caller's: all of it lands, or none of it."""
        with self.transaction():
            yield self._db

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        """One consistent snapshot for several SELECTs (inside a transaction: that one)."""
        with self._lock:
            if self._depth:
                yield self._db
                return
            self._db.execute("BEGIN")
            try:
                yield self._db
            finally:
                self._db.execute("COMMIT")

    def _checkpoint(self) -> None:
        """Move the write-ahead log into the main file and empty it.

        Deleted rows are overwritten in the main file (secure_delete is on); this keeps their
        ciphertext from lingering in the ``-wal`` file while the vault stays open. When another
        reader keeps it busy, the next checkpoint does it; inside a transaction it waits for the
        commit.
        """
        with self._lock:
            if self._depth:
                self._checkpoint_due = True
                return
            with contextlib.suppress(sqlite3.DatabaseError):
                self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()

    def _seal(self, text: str | bytes, where: str) -> bytes:
        data = text.encode("utf-8") if isinstance(text, str) else text
        return crypto.seal(self._key, data, where)

    def _unseal(self, sealed: bytes, where: str, what: str) -> bytes:
        try:
            return crypto.unseal(self._key, bytes(sealed), where)
        except SealError:
            raise InputError(
                messages.phrase(
                    "{what} cannot be decrypted (damaged, or moved from another row)", what=what
                ),
                str(self.path),
            ) from None

    def _text(self, sealed: bytes, where: str, what: str) -> str:
        return self._unseal(sealed, where, what).decode("utf-8")

    def _log(self, db: sqlite3.Connection, event: str, fields: dict[str, str]) -> None:
        clean = {mask_identifiers(k): mask_identifiers(str(v)) for k, v in fields.items()}
        cursor = db.execute(
            "INSERT INTO log (at, event, fields) VALUES (?, ?, ?)",
            (_stamp(clock.now()), mask_identifiers(event), b""),
        )
        row = cursor.lastrowid
        sealed = self._seal(json.dumps(clean, ensure_ascii=False), f"log:{row}")
        db.execute("UPDATE log SET fields = ? WHERE id = ?", (sealed, row))

    # -- dossiers ------------------------------------------------------------------------

    def save_dossier(
        self,
        dossier: Dossier,
        *,
        dossier_id: str | None = None,
        label: str | None = None,
        origin: str = "own",
        purge_at: dt.datetime | None = None,
    ) -> str:
        """Save a new dossier or replace one; returns its id.

        On a replace, ``label`` and ``purge_at`` left None keep the stored ones, so an edit
        never lifts the purge date of a received dossier.
        """
        if origin not in ORIGINS:
            raise ValueError(f"origin must be one of {ORIGINS}, not {origin!r}")
        now = _stamp(clock.now())
        purge = _stamp(purge_at) if purge_at is not None else None
        new_id = dossier_id or _new_id()
        payload = self._seal(dossier.to_json(), f"dossiers:{new_id}")
        with self._write() as db:
            old = db.execute(
                "SELECT label, purge_at FROM dossiers WHERE id = ?", (new_id,)
            ).fetchone()
            if old is None:
                text = label if label is not None else (dossier.label or "")
                db.execute(
                    "INSERT INTO dossiers (id, label, origin, created_at, updated_at, purge_at,"
                    " payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        new_id,
                        self._seal(text, f"dossiers:{new_id}:label"),
                        origin,
                        now,
                        now,
                        purge,
                        payload,
                    ),
                )
            else:
                sealed_label = (
                    self._seal(label, f"dossiers:{new_id}:label") if label is not None else old[0]
                )
                db.execute(
                    "UPDATE dossiers SET label = ?, origin = ?, updated_at = ?, purge_at = ?,"
                    " payload = ? WHERE id = ?",
                    (
                        sealed_label,
                        origin,
                        now,
                        purge if purge is not None else old[1],
                        payload,
                        new_id,
                    ),
                )
            self._log(db, "dossier saved", {"dossier": new_id, "origin": origin})
        return new_id

    def load_dossier(self, dossier_id: str) -> Dossier:
        """The dossier with this id; InputError when it is missing or does not decrypt."""
        with self._lock:
            row = self._db.execute(
                "SELECT payload FROM dossiers WHERE id = ?", (dossier_id,)
            ).fetchone()
        if row is None:
            raise InputError(
                messages.phrase("no dossier {id} in the vault", id=dossier_id), str(self.path)
            )
        text = self._text(
            row[0], f"dossiers:{dossier_id}", messages.phrase("dossier {id}", id=dossier_id)
        )
        return Dossier.from_json(text, f"{self.path}: dossier {dossier_id}")

    def list_dossiers(self) -> list[DossierEntry]:
        """Every dossier, most recently changed first; decrypts labels only, never payloads."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, label, origin, updated_at, purge_at FROM dossiers"
                " ORDER BY updated_at DESC, id"
            ).fetchall()
        return [
            DossierEntry(
                id=row[0],
                label=self._text(
                    row[1],
                    f"dossiers:{row[0]}:label",
                    messages.phrase("the label of {id}", id=str(row[0])),
                ),
                origin=row[2],
                updated_at=_must(row[3]),
                purge_at=_moment(row[4]),
            )
            for row in rows
        ]

    def delete_dossier(self, dossier_id: str) -> None:
        """Delete a dossier and its files (overwritten on disk: secure_delete is on)."""
        with self._write() as db:
            gone = db.execute("DELETE FROM dossiers WHERE id = ?", (dossier_id,)).rowcount
            if not gone:
                raise InputError(
                    messages.phrase("no dossier {id} in the vault", id=dossier_id), str(self.path)
                )
            self._log(db, "dossier deleted", {"dossier": dossier_id})
        self._checkpoint()

    # -- files ---------------------------------------------------------------------------

    def save_file(self, dossier_id: str, name: str, data: bytes) -> str:
        """Keep an original source file beside its dossier; returns the file's id."""
        file_id = _new_id()
        with self._write() as db:
            if db.execute("SELECT 1 FROM dossiers WHERE id = ?", (dossier_id,)).fetchone() is None:
                raise InputError(
                    messages.phrase("no dossier {id} in the vault", id=dossier_id), str(self.path)
                )
            db.execute(
                "INSERT INTO files (id, dossier_id, name, payload) VALUES (?, ?, ?, ?)",
                (
                    file_id,
                    dossier_id,
                    self._seal(name, f"files:{file_id}:name"),
                    self._seal(data, f"files:{file_id}"),
                ),
            )
            self._log(db, "file saved", {"dossier": dossier_id, "file": file_id})
        return file_id

    def files(self, dossier_id: str) -> list[tuple[str, bytes]]:
        """The dossier's files as (name, data), in the order they were saved."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, name, payload FROM files WHERE dossier_id = ? ORDER BY rowid",
                (dossier_id,),
            ).fetchall()
        return [
            (
                self._text(
                    row[1], f"files:{row[0]}:name", messages.phrase("file {id}", id=str(row[0]))
                ),
                self._unseal(
                    row[2], f"files:{row[0]}", messages.phrase("file {id}", id=str(row[0]))
                ),
            )
            for row in rows
        ]

    # -- shares --------------------------------------------------------------------------

    def record_share(self, share: ShareRecord) -> None:
        """Record a share, or replace the record with the same id."""
        if share.direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {DIRECTIONS}, not {share.direction!r}")
        if share.status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {share.status!r}")
        with self._write() as db:
            db.execute(
                "INSERT OR REPLACE INTO shares (id, direction, counterparty, purpose, categories,"
                " created_at, expires_at, status, package_sha256, dossier_id)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    share.id,
                    share.direction,
                    self._seal(share.counterparty, f"shares:{share.id}:counterparty"),
                    self._seal(share.purpose, f"shares:{share.id}:purpose"),
                    json.dumps(list(share.categories)),
                    _stamp(share.created_at),
                    _stamp(share.expires_at) if share.expires_at is not None else None,
                    share.status,
                    share.package_sha256,
                    share.dossier_id,
                ),
            )
            db.execute("DELETE FROM meta WHERE name = ?", (repair.PENDING + share.id,))
            self._log(db, "share recorded", {"share": share.id, "direction": share.direction})

    def shares(self, direction: str | None = None) -> list[ShareRecord]:
        """Recorded shares, newest first; only one direction when given."""
        query = (
            "SELECT id, direction, counterparty, purpose, categories, created_at, expires_at,"
            " status, package_sha256, dossier_id FROM shares"
        )
        with self._lock:
            if direction is None:
                rows = self._db.execute(query + " ORDER BY created_at DESC, id").fetchall()
            else:
                rows = self._db.execute(
                    query + " WHERE direction = ? ORDER BY created_at DESC, id", (direction,)
                ).fetchall()
        return [
            ShareRecord(
                id=row[0],
                direction=row[1],
                counterparty=self._text(
                    row[2], f"shares:{row[0]}:counterparty", messages.phrase("a share")
                ),
                purpose=self._text(row[3], f"shares:{row[0]}:purpose", messages.phrase("a share")),
                categories=tuple(json.loads(row[4])),
                created_at=_must(row[5]),
                expires_at=_moment(row[6]),
                status=row[7],
                package_sha256=row[8],
                dossier_id=row[9],
            )
            for row in rows
        ]

    def set_share_status(self, share_id: str, status: str) -> None:
        """Mark a share active, revoked, expired or purged."""
        if status not in STATUSES:
            raise ValueError(f"status must be one of {STATUSES}, not {status!r}")
        with self._write() as db:
            changed = db.execute(
                "UPDATE shares SET status = ? WHERE id = ?", (status, share_id)
            ).rowcount
            if not changed:
                raise InputError(
                    messages.phrase("no share {id} in the vault", id=share_id), str(self.path)
                )
            self._log(db, "share status", {"share": share_id, "status": status})

    # -- log -----------------------------------------------------------------------------

    def log(self, event: str, **fields: str) -> None:
        """Add an event to the log; IBAN- and BSN-like values are masked first."""
        with self._write() as db:
            self._log(db, event, fields)

    def logs(self, limit: int = 500) -> list[LogEntry]:
        """The newest ``limit`` log entries, newest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT id, at, event, fields FROM log ORDER BY id DESC LIMIT ?", (limit,)
            ).fetchall()
        return [
            LogEntry(
                id=row[0],
                at=_must(row[1]),
                event=row[2],
                fields=json.loads(
                    self._text(
                        row[3], f"log:{row[0]}", messages.phrase("log entry {id}", id=str(row[0]))
                    )
                ),
            )
            for row in rows
        ]

    # -- retention -----------------------------------------------------------------------

    def purge_expired(self, now: dt.datetime | None = None) -> int:
        """Delete dossiers (and files) whose purge date has passed; returns how many.

        Their shares become 'purged'; other active shares past their expiry become 'expired'.
        """
        stamp = _stamp(now if now is not None else clock.now())
        with self._write() as db:
            due = [
                row[0]
                for row in db.execute(
                    "SELECT id FROM dossiers WHERE purge_at IS NOT NULL AND purge_at <= ?",
                    (stamp,),
                )
            ]
            for dossier_id in due:
                db.execute(
                    "UPDATE shares SET status = 'purged' WHERE dossier_id = ?", (dossier_id,)
                )
                db.execute("DELETE FROM dossiers WHERE id = ?", (dossier_id,))
                self._log(db, "dossier purged", {"dossier": dossier_id})
            db.execute(
                "UPDATE shares SET status = 'expired' WHERE status = 'active'"
                " AND expires_at IS NOT NULL AND expires_at <= ?",
                (stamp,),
            )
        if due:
            self._checkpoint()
        return len(due)

    # -- export and restore (in backup.py) -------------------------------------------------

    def export(self, path: Path, passphrase: str | None = None) -> None:
        """Write the whole vault to one file encrypted with a key from ``passphrase``.

        The passphrase defaults to the variable PENSIOENCHECKER_VAULT_PASSPHRASE. The file is
        written beside its target and renamed into place, so it is whole or absent.
        """
        from pensioenchecker.vault import backup

        backup.export_vault(self, Path(path), passphrase)

    @classmethod
    def restore(
        cls,
        path: Path,
        folder: Path | None,
        passphrase: str,
        *,
        vault_passphrase: str | None = None,
        key: bytes | None = None,
    ) -> Vault:
        """Make a new vault in ``folder`` from an export and return it open.

        ``passphrase`` opens the export; the new vault gets its own key like ``open`` does
        (``vault_passphrase`` or ``key``). Refuses a folder that already holds a vault, and
        writes everything in one transaction.
        """
        from pensioenchecker.vault import backup

        return backup.restore_vault(
            cls, Path(path), folder, passphrase, vault_passphrase=vault_passphrase, key=key
        )
