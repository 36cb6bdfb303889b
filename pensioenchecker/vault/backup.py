"""Backing up and restoring the vault: one file, encrypted with a key from a passphrase.

An export holds everything decrypted from one consistent read, sealed again as a whole; a
restore builds a fresh vault (with its own key) under a temporary name, loads the export in one
transaction and renames the file into place once complete: a crash leaves no vault (the same
restore is then simply repeated) or the whole one.
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pensioenchecker import messages
from pensioenchecker.errors import InputError
from pensioenchecker.model.dossier import Dossier
from pensioenchecker.passphrase import require_strong
from pensioenchecker.paths import VAULT_FILE, data_dir
from pensioenchecker.storage import fsync_folder, write_atomic
from pensioenchecker.vault import crypto, repair
from pensioenchecker.vault.crypto import SealError
from pensioenchecker.vault.unlock import WrongPassphraseError, passphrase_or_environment

if TYPE_CHECKING:
    from pensioenchecker.vault.store import Vault

EXPORT_MAGIC = b"PCVAULT-EXPORT-1\n"


def export_vault(vault: Vault, path: Path, passphrase: str | None = None) -> None:
    """Write the whole vault to ``path``, whole or not at all (see ``Vault.export``)."""
    phrase = require_strong(passphrase_or_environment(passphrase, str(path)), str(path))
    plain = json.dumps(_snapshot(vault), ensure_ascii=False).encode("utf-8")
    salt = os.urandom(crypto.SALT_BYTES)
    header = EXPORT_MAGIC + salt
    body = crypto.seal(crypto.derive_key(phrase, salt), plain, header.hex())
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, header + body)
    vault.log("vault exported")


def restore_vault(
    kind: type[Vault],
    path: Path,
    folder: Path | None,
    passphrase: str,
    *,
    vault_passphrase: str | None = None,
    key: bytes | None = None,
) -> Vault:
    """A new vault of ``kind`` in ``folder`` made from an export (see ``Vault.restore``)."""
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            messages.phrase("cannot read the export ({reason})", reason=exc.strerror or ""), where
        ) from None
    header_size = len(EXPORT_MAGIC) + crypto.SALT_BYTES
    if not data.startswith(EXPORT_MAGIC) or len(data) < header_size:
        raise InputError(messages.phrase("not a Pensioenchecker vault export"), where)
    header = data[:header_size]
    wrapping = crypto.derive_key(passphrase, header[len(EXPORT_MAGIC) :])
    try:
        plain = crypto.unseal(wrapping, data[header_size:], header.hex())
    except SealError:
        raise WrongPassphraseError(
            messages.phrase("wrong passphrase for the export {file}", file=str(path)), where
        ) from None
    content = json.loads(plain)
    target = (folder if folder is not None else data_dir()).absolute()
    final = target / VAULT_FILE
    if final.exists():
        raise InputError(messages.phrase("a vault already exists in this folder"), str(final))
    target.mkdir(parents=True, exist_ok=True)
    repair.remove_restore_leftovers(target)
    temporary = target / repair.restore_file_name()
    try:
        built = kind.open(target, passphrase=vault_passphrase, key=key, file_name=temporary.name)
        try:
            _load_snapshot(built, content)
            key_used, source = built._key, built.key_source
        finally:
            built.close()
        _move_into_place(temporary, final)
    except BaseException:
        repair.remove_restore_leftovers(target)  # refused or failed: nothing is left behind
        raise
    vault = kind.open(target, key=key_used)
    vault.key_source = source
    return vault


def _move_into_place(temporary: Path, final: Path) -> None:
    """Put a complete restored vault where the vault belongs, never over another one.

    Closing the last connection folded the write-ahead log into the file, so the one file is the
    whole vault. A hard link refuses an existing vault (a restore racing another); without hard
    links the file is renamed after a last check.
    """
    for suffix in ("-wal", "-shm"):
        leftover = temporary.with_name(temporary.name + suffix)
        if leftover.exists() and leftover.stat().st_size:
            raise InputError(
                messages.phrase("the restored vault was not closed cleanly"), str(final)
            )
        leftover.unlink(missing_ok=True)
    try:
        os.link(temporary, final)
    except FileExistsError:
        temporary.unlink(missing_ok=True)
        raise InputError(
            messages.phrase("a vault already exists in this folder"), str(final)
        ) from None
    except OSError:
        if final.exists():
            temporary.unlink(missing_ok=True)
            raise InputError(
                messages.phrase("a vault already exists in this folder"), str(final)
            ) from None
        os.replace(temporary, final)
    else:
        temporary.unlink()
    fsync_folder(final.parent)


def _snapshot(vault: Vault) -> dict[str, Any]:
    """Everything in the vault, decrypted, from one consistent read."""
    with vault._read() as db:
        dossiers = db.execute(
            "SELECT id, label, origin, created_at, updated_at, purge_at, payload FROM dossiers"
        ).fetchall()
        files = db.execute(
            "SELECT id, dossier_id, name, payload FROM files ORDER BY rowid"
        ).fetchall()
        shares = db.execute(
            "SELECT id, direction, counterparty, purpose, categories, created_at, expires_at,"
            " status, package_sha256, dossier_id FROM shares"
        ).fetchall()
        logs = db.execute("SELECT id, at, event, fields FROM log ORDER BY id").fetchall()
    return {
        "format": "pensioenchecker-vault-export",
        "version": 1,
        "dossiers": [
            {
                "id": d[0],
                "label": vault._text(d[1], f"dossiers:{d[0]}:label", f"label of {d[0]}"),
                "origin": d[2],
                "created_at": d[3],
                "updated_at": d[4],
                "purge_at": d[5],
                "dossier": vault._text(d[6], f"dossiers:{d[0]}", f"dossier {d[0]}"),
            }
            for d in dossiers
        ],
        "files": [
            {
                "id": f[0],
                "dossier_id": f[1],
                "name": vault._text(f[2], f"files:{f[0]}:name", f"file {f[0]}"),
                "data": base64.b64encode(
                    vault._unseal(f[3], f"files:{f[0]}", f"file {f[0]}")
                ).decode(),
            }
            for f in files
        ],
        "shares": [
            {
                "id": s[0],
                "direction": s[1],
                "counterparty": vault._text(s[2], f"shares:{s[0]}:counterparty", "a share"),
                "purpose": vault._text(s[3], f"shares:{s[0]}:purpose", "a share"),
                "categories": s[4],
                "created_at": s[5],
                "expires_at": s[6],
                "status": s[7],
                "package_sha256": s[8],
                "dossier_id": s[9],
            }
            for s in shares
        ],
        "log": [
            {
                "at": entry[1],
                "event": entry[2],
                "fields": vault._text(entry[3], f"log:{entry[0]}", f"log entry {entry[0]}"),
            }
            for entry in logs
        ],
    }


def _load_snapshot(vault: Vault, content: dict[str, Any]) -> None:
    """Write an export's content into a new vault in one transaction, sealed with its key.

    One statement per table (the vault is new, so log rows keep their numbers 1, 2, …).
    """
    for d in content["dossiers"]:
        Dossier.from_json(d["dossier"], f"export: dossier {d['id']}")
    dossiers = [
        (
            d["id"],
            vault._seal(d["label"], f"dossiers:{d['id']}:label"),
            d["origin"],
            d["created_at"],
            d["updated_at"],
            d["purge_at"],
            vault._seal(d["dossier"], f"dossiers:{d['id']}"),
        )
        for d in content["dossiers"]
    ]
    files = [
        (
            f["id"],
            f["dossier_id"],
            vault._seal(f["name"], f"files:{f['id']}:name"),
            vault._seal(base64.b64decode(f["data"]), f"files:{f['id']}"),
        )
        for f in content["files"]
    ]
    shares = [
        (
            s["id"],
            s["direction"],
            vault._seal(s["counterparty"], f"shares:{s['id']}:counterparty"),
            vault._seal(s["purpose"], f"shares:{s['id']}:purpose"),
            s["categories"],
            s["created_at"],
            s["expires_at"],
            s["status"],
            s["package_sha256"],
            s["dossier_id"],
        )
        for s in content["shares"]
    ]
    logs = [
        (row, entry["at"], entry["event"], vault._seal(entry["fields"], f"log:{row}"))
        for row, entry in enumerate(content["log"], start=1)
    ]
    with vault._write() as db:
        if db.execute("SELECT count(*) FROM log").fetchone()[0]:
            raise InputError(
                messages.phrase("a restore goes into a new, empty vault only"), str(vault.path)
            )
        db.executemany(
            "INSERT INTO dossiers (id, label, origin, created_at, updated_at, purge_at,"
            " payload) VALUES (?, ?, ?, ?, ?, ?, ?)",
            dossiers,
        )
        db.executemany(
            "INSERT INTO files (id, dossier_id, name, payload) VALUES (?, ?, ?, ?)", files
        )
        db.executemany(
            "INSERT INTO shares (id, direction, counterparty, purpose, categories,"
            " created_at, expires_at, status, package_sha256, dossier_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            shares,
        )
        db.executemany("INSERT INTO log (id, at, event, fields) VALUES (?, ?, ?, ?)", logs)
        vault._log(db, "vault restored", {"dossiers": str(len(content["dossiers"]))})
