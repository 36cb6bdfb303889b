"""``pensioenchecker vault``: the vault's state, a backup of the whole vault, and restoring it."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pensioenchecker.passphrase import passphrase_from

if TYPE_CHECKING:
    from pensioenchecker.vault.store import Vault

PASSPHRASE_VARIABLE = "PENSIOENCHECKER_VAULT_PASSPHRASE"
EXPORT_VARIABLE = "PENSIOENCHECKER_EXPORT_PASSPHRASE"


def _open(folder: str | None) -> Vault:
    """The existing vault in ``folder``: these commands only read, so none is made here."""
    from pensioenchecker.vault.store import PassphraseNeededError, Vault

    path = Path(folder) if folder else None
    try:
        return Vault.open(path, create=False)
    except PassphraseNeededError:
        return Vault.open(
            path,
            passphrase=passphrase_from(PASSPHRASE_VARIABLE, "vault passphrase: ", "vault"),
            create=False,
        )


def cmd_status(args: argparse.Namespace) -> int:
    """Where the vault is, how its key is kept, and what it holds (after purging)."""
    with _open(args.folder) as vault:
        entries = vault.list_dossiers()
        sys.stdout.write(f"vault {vault.path} (key in the {vault.key_source})\n")
        sys.stdout.write(f"{len(entries)} dossiers, {len(vault.shares())} shares\n")
        for entry in entries:
            until = f", deleted on {entry.purge_at.date().isoformat()}" if entry.purge_at else ""
            sys.stdout.write(f"  {entry.id} {entry.origin}: {entry.label}{until}\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    """One encrypted file with the whole vault, for a backup or another computer."""
    phrase = passphrase_from(EXPORT_VARIABLE, "passphrase for the export: ", args.output)
    with _open(args.folder) as vault:
        vault.export(Path(args.output), phrase)
    sys.stdout.write(f"vault exported to {args.output} (encrypted with the export passphrase)\n")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    """A new vault from an export (refused where a vault already is)."""
    from pensioenchecker.vault.store import Vault

    phrase = passphrase_from(EXPORT_VARIABLE, "the export's passphrase: ", args.export)
    folder = Path(args.folder) if args.folder else None
    vault_phrase = os.environ.get(PASSPHRASE_VARIABLE)
    with Vault.restore(Path(args.export), folder, phrase, vault_passphrase=vault_phrase) as vault:
        count = len(vault.list_dossiers())
    sys.stdout.write(f"vault restored from {args.export}: {count} dossiers\n")
    return 0


def register(sub: Any) -> None:
    """Add ``vault`` and its subcommands to the main parser's subparsers."""
    vault = sub.add_parser("vault", help="the encrypted local vault: status, export, restore")
    commands = vault.add_subparsers(dest="vault_command", required=True)
    status = commands.add_parser("status", help="where it is and what it holds")
    status.add_argument("--folder", help="the vault's folder (default: the data folder)")
    status.set_defaults(func=cmd_status)
    export = commands.add_parser("export", help="write the whole vault to one encrypted file")
    export.add_argument("-o", "--output", required=True, metavar="FILE")
    export.add_argument("--folder", help="the vault's folder (default: the data folder)")
    export.set_defaults(func=cmd_export)
    restore = commands.add_parser("restore", help="make a vault from an export")
    restore.add_argument("export", metavar="FILE")
    restore.add_argument("--folder", help="where the new vault goes (default: the data folder)")
    restore.set_defaults(func=cmd_restore)
