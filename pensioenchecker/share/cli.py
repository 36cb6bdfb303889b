"""The ``share`` command: keygen, request, create (and send), fetch, open and revoke.

``register(sub)`` adds it to the main parser; handlers return 0 and raise InputError for bad
input, which the main program turns into one line on standard error and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pensioenchecker.errors import InputError


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def cmd_keygen(args: argparse.Namespace) -> int:
    """Make the recipient's key pair; an existing key file is never overwritten silently."""
    from pensioenchecker.share.keys import make_keys, save_recipient_keys

    path = Path(args.output)
    if path.exists() and not args.force:
        raise InputError(
            "already exists (packages made for it could no longer be opened)", str(path)
        )
    phrase = None
    if args.protect:
        from pensioenchecker.passphrase import passphrase_from
        from pensioenchecker.share.keys import KEY_PASSPHRASE_VARIABLE

        phrase = passphrase_from(KEY_PASSPHRASE_VARIABLE, "passphrase for the key: ", str(path))
    made = make_keys()
    keys = save_recipient_keys(made, path, replace=args.force, passphrase=phrase)
    if keys is not made:
        raise InputError("already exists (made at the same moment by another program)", str(path))
    protected = "protected by its passphrase" if phrase else "keep it private"
    _out(f"key written to {path} (fingerprint {keys.fingerprint}); {protected}")
    return 0


def _recipient_keys(path: Path) -> Any:
    """The key pair in ``path``; a protected file's passphrase from the environment or typed."""
    from pensioenchecker.passphrase import passphrase_from
    from pensioenchecker.share.keys import (
        KEY_PASSPHRASE_VARIABLE,
        KeyPassphraseNeededError,
        load_recipient_keys,
    )

    try:
        return load_recipient_keys(path)
    except KeyPassphraseNeededError:
        phrase = passphrase_from(KEY_PASSPHRASE_VARIABLE, "passphrase for the key: ", str(path))
        return load_recipient_keys(path, phrase)


def cmd_request(args: argparse.Namespace) -> int:
    """Write a signed request and print its text code."""
    from pensioenchecker.share.request import make_request, request_qr, request_text_code
    from pensioenchecker.storage import write_atomic

    keys = _recipient_keys(Path(args.key))
    request, data = make_request(
        keys,
        name=args.name,
        purpose=args.purpose,
        categories=args.categories,
        days=args.days,
        organisation=args.organisation or "",
        upload_url=args.upload_url or "",
        download_url=args.download_url or "",
    )
    write_atomic(Path(args.output), data)
    if args.qr:
        request_qr(data, Path(args.qr))
    _out(request_text_code(data))
    return 0


def _read_request(path_or_code: str) -> Any:
    from pensioenchecker.share._common import read_bytes
    from pensioenchecker.share.request import read_request

    path = Path(path_or_code)
    if path.is_file():
        return read_request(read_bytes(path, 1024 * 1024), str(path))
    if path_or_code.startswith("PCR1-"):
        return read_request(path_or_code, "--request")
    raise InputError("file not found", str(path))


def cmd_create(args: argparse.Namespace) -> int:
    """Build the package for a request from a saved dossier or downloaded files."""
    from pensioenchecker.engine import Engine
    from pensioenchecker.share._common import parse_moment, utc_text
    from pensioenchecker.share.keys import own_signing_key
    from pensioenchecker.share.package import gather_files
    from pensioenchecker.share.workflow import SharedPackage, share_package
    from pensioenchecker.sources.registry import load_paths

    request = _read_request(args.request)
    if args.send and not request.upload_url:
        raise InputError(
            "the request has no upload address; hand the package over as a file", "--send"
        )
    paths = [Path(p) for p in args.dossier]
    now = parse_moment(args.now, "--now") if args.now else None
    categories = [c.strip() for c in args.categories.split(",")]
    dossier = load_paths(paths, Engine())
    files = gather_files(paths, dossier) if "files" in categories else []
    user_key = own_signing_key(Path(args.user_key) if args.user_key else None)

    def saved(made: SharedPackage) -> None:
        _out(
            f"package {made.path} for {request.name} (share {made.share_id}), "
            f"valid until {utc_text(made.expires_at)}; receipt {made.receipt_path}"
        )

    shared = share_package(
        request,
        dossier,
        args.categories,
        user_key,
        Path(args.output),
        files=files,
        vault=_vault if args.vault else None,
        send=args.send,
        now=now,
        timeout=args.timeout,
        on_saved=saved,
    )
    if shared.host is not None:
        _out(f"package uploaded to {shared.host} ({len(shared.created.data)} bytes)")
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    """Download a package from the request's download address, or a given one (recipient)."""
    from pensioenchecker.share._common import utc_text
    from pensioenchecker.share.delivery import fetch_package

    source: Any = _read_request(args.request) if args.request else args.url
    if args.max_mb < 1:
        raise InputError("the limit must be at least 1 MB", "--max-mb")
    output = Path(args.output)
    header = fetch_package(source, output, max_bytes=args.max_mb * 2**20, timeout=args.timeout)
    _out(
        f"package {output} (share {header.share_id}), valid until {utc_text(header.expires_at)}; "
        "open it with share open"
    )
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    """Open a package, or recognise a revocation notice."""
    from pensioenchecker.share._common import parse_moment, read_bytes
    from pensioenchecker.share.package import open_package, read_header
    from pensioenchecker.share.revoke import is_revocation, read_revocation

    path = Path(args.package)
    data = read_bytes(path)
    keys = _recipient_keys(Path(args.key))
    if is_revocation(data):
        stored = None
        if args.stored:
            stored = read_header(read_bytes(Path(args.stored)), args.stored)
        notice = read_revocation(data, keys, stored, str(path))
        summary = notice.summary()
        if args.vault:
            from pensioenchecker.share.ledger import apply_revocation

            with _vault(create=False) as vault:
                apply_revocation(vault, data, keys, str(path))
            summary["purged"] = True
        summary["checked_against_package"] = bool(stored or args.vault)
        if args.json:
            _out(json.dumps(summary, ensure_ascii=False, indent=2))
        elif args.vault:
            _out(
                f"consent withdrawn for share {notice.share_id} on {summary['revoked_at']}: "
                "its package is deleted from the vault"
            )
        elif stored is not None:
            _out(
                f"consent withdrawn for share {notice.share_id} on {summary['revoked_at']}: "
                f"delete the stored package {args.stored}"
            )
        else:
            _out(
                f"notice for share {notice.share_id} (dated {summary['revoked_at']}), signed by "
                f"key {summary['sender_key']}; not checked against a stored package: "
                "use --package or --vault"
            )
        return 0
    at = parse_moment(args.at, "--at") if args.at else None
    opened = open_package(data, keys, at, str(path))
    summary = opened.summary()
    if args.vault:
        from pensioenchecker.share.ledger import store_received

        with _vault() as vault:
            summary["vault_dossier_id"] = store_received(vault, opened, data)
    if args.json:
        _out(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        receipt = opened.receipt
        _out(f"share {opened.share_id}, valid until {summary['expires_at']}")
        _out(f"categories: {', '.join(receipt['categories'])}; purpose: {receipt['purpose']}")
        _out(
            f"{len(opened.dossier.household.persons)} persons, "
            f"{len(opened.dossier.entitlements)} entitlements, "
            f"{len(opened.dossier.transactions)} transactions, {len(opened.files)} files"
        )
    return 0


def cmd_revoke(args: argparse.Namespace) -> int:
    """Write a signed notice withdrawing consent for one package."""
    from pensioenchecker.share._common import read_bytes
    from pensioenchecker.share.keys import own_signing_key
    from pensioenchecker.share.package import read_header
    from pensioenchecker.share.revoke import make_revocation
    from pensioenchecker.storage import write_atomic

    path = Path(args.package)
    header = read_header(read_bytes(path), str(path))
    user_key = own_signing_key(Path(args.user_key) if args.user_key else None, create=False)
    notice = make_revocation(header, user_key)
    output = Path(args.output)
    if args.vault:
        from pensioenchecker.share.ledger import check_sent, record_revoked

        # The notice first: the vault must never say revoked when no notice was written.
        with _vault(create=False) as vault:
            check_sent(vault, header.share_id, output.name)
            write_atomic(output, notice)
            record_revoked(vault, header.share_id, output.name)
    else:
        write_atomic(output, notice)
    _out(
        f"revocation of share {header.share_id} written to {args.output}; send it to the recipient"
    )
    return 0


def _vault(create: bool = True) -> Any:
    """The vault in the data folder; ``create=False`` refuses a folder that has none.

    Without a keyring its passphrase comes from PENSIOENCHECKER_VAULT_PASSPHRASE, or a prompt.
    """
    from pensioenchecker.vault import PassphraseNeededError, Vault

    try:
        return Vault.open(create=create)
    except PassphraseNeededError:
        from pensioenchecker.passphrase import passphrase_from
        from pensioenchecker.vault.crypto import PASSPHRASE_VARIABLE

        if not sys.stdin.isatty():
            raise
        return Vault.open(
            passphrase=passphrase_from(PASSPHRASE_VARIABLE, "vault passphrase: ", "vault"),
            create=create,
        )


def _seconds(text: str) -> float:
    """A time-out in seconds for argparse: a positive number."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError("between 0 and 3600 seconds")
    return value


VAULT_HELP = "also record it in the vault (log, retention, purge)"


def register(sub: Any) -> None:
    """Add ``share`` and its subcommands to the main parser's subparsers."""
    share = sub.add_parser("share", help="consent requests and encrypted share packages")
    commands = share.add_subparsers(dest="share_command", required=True)

    keygen = commands.add_parser("keygen", help="make a recipient's key pair")
    keygen.add_argument("-o", "--output", required=True, metavar="KEY")
    keygen.add_argument("--force", action="store_true", help="overwrite an existing key file")
    keygen.add_argument(
        "--protect",
        action="store_true",
        help="seal the private keys with a passphrase (from PENSIOENCHECKER_KEY_PASSPHRASE, or "
        "typed at a terminal); other commands then ask for it the same way",
    )
    keygen.set_defaults(func=cmd_keygen)

    request = commands.add_parser("request", help="write a signed consent request")
    request.add_argument("--key", required=True, metavar="KEY")
    request.add_argument("--name", required=True)
    request.add_argument("--organisation", default="")
    request.add_argument("--purpose", required=True)
    request.add_argument("--categories", required=True, help="comma-separated categories")
    request.add_argument("--days", type=int, required=True, help="retention, at most 61 days")
    request.add_argument("-o", "--output", required=True, metavar="REQ")
    request.add_argument("--qr", metavar="PNG", help="also write a QR code of the text code")
    request.add_argument("--at", metavar="ISO-TIME", help="the request's time (default: now)")
    request.add_argument(
        "--upload-url", metavar="URL", help="HTTPS address the user's program uploads to (PUT)"
    )
    request.add_argument(
        "--download-url", metavar="URL", help="HTTPS address the package is fetched from (GET)"
    )
    request.set_defaults(func=cmd_request)

    create = commands.add_parser("create", help="make a package for a request (user side)")
    create.add_argument("--request", required=True, metavar="REQ", help="request file or code")
    create.add_argument("--dossier", required=True, nargs="+", metavar="FILE")
    create.add_argument("--categories", required=True)
    create.add_argument("-o", "--output", required=True, metavar="PKG")
    create.add_argument("--user-key", metavar="FILE", help="own signing key (default: data folder)")
    create.add_argument("--now", metavar="ISO", help="consent time (default: now)")
    create.add_argument("--vault", action="store_true", help=VAULT_HELP)
    create.add_argument(
        "--send", action="store_true", help="also upload it to the request's upload address"
    )
    create.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS")
    create.set_defaults(func=cmd_create)

    fetch = commands.add_parser("fetch", help="download a package (recipient side)")
    source = fetch.add_mutually_exclusive_group(required=True)
    source.add_argument("--request", metavar="REQ", help="request file or code (download address)")
    source.add_argument("--url", metavar="URL", help="the package's HTTPS address")
    fetch.add_argument("-o", "--output", required=True, metavar="PKG")
    fetch.add_argument("--max-mb", type=int, default=256, help="size limit (default 256 MB)")
    fetch.add_argument("--timeout", type=_seconds, default=60.0, metavar="SECONDS")
    fetch.set_defaults(func=cmd_fetch)

    opener = commands.add_parser("open", help="open a package or a revocation notice")
    opener.add_argument("package", metavar="PKG")
    opener.add_argument("--key", required=True, metavar="KEY")
    opener.add_argument("--at", metavar="ISO-TIME", help="check expiry at this time")
    opener.add_argument(
        "--package", dest="stored", metavar="STORED", help="for a notice: the stored package"
    )
    opener.add_argument("--json", action="store_true")
    opener.add_argument("--vault", action="store_true", help=VAULT_HELP)
    opener.set_defaults(func=cmd_open)

    revoke = commands.add_parser("revoke", help="withdraw consent for a package")
    revoke.add_argument("--package", required=True, metavar="PKG")
    revoke.add_argument("-o", "--output", required=True, metavar="NOTICE")
    revoke.add_argument("--user-key", metavar="FILE")
    revoke.add_argument("--at", metavar="ISO-TIME", help="the notice's time (default: now)")
    revoke.add_argument("--vault", action="store_true", help=VAULT_HELP)
    revoke.set_defaults(func=cmd_revoke)
