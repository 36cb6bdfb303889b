"""What sharing leaves in the vault, on both sides: records of shares, stored packages, the log.

The window and the command line (``--vault``) use the same functions, so a package made or
opened either way is logged the same way and purged on the same date.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from pensioenchecker.errors import InputError
from pensioenchecker.model import Dossier
from pensioenchecker.share.keys import RecipientKeys
from pensioenchecker.share.package import CreatedPackage, OpenedPackage, read_header
from pensioenchecker.share.request import ShareRequest
from pensioenchecker.share.revoke import read_revocation
from pensioenchecker.vault import ShareRecord, Vault, mask_identifiers

PACKAGE_FILE = "package.pcshare"
"""The received package itself, kept (encrypted) with its dossier: a revocation notice is checked
against its sender key."""
RECEIVED = "received:"
"""Prefix of a received share's record: the sender's record of the same share may sit in the
same vault (someone trying both sides), and neither may replace the other."""


def recipient_name(request: ShareRequest) -> str:
    """The recipient as people read it: name (organisation)."""
    return f"{request.name} ({request.organisation})" if request.organisation else request.name


def record_sent(
    vault: Vault, request: ShareRequest, made: CreatedPackage, categories: tuple[str, ...]
) -> None:
    """The user's side: what was shared, with whom, why and until when."""
    who = recipient_name(request)
    vault.record_share(
        ShareRecord(
            id=made.header.share_id,
            direction="sent",
            counterparty=who,
            purpose=request.purpose,
            categories=categories,
            created_at=dt.datetime.now(dt.UTC),
            expires_at=made.header.expires_at,
            package_sha256=hashlib.sha256(made.data).hexdigest(),
        )
    )
    vault.log(
        "shared",
        share=made.header.share_id,
        to=who,
        purpose=request.purpose,
        categories=",".join(categories),
        until=made.header.expires_at.date().isoformat(),
    )


def record_revoked(vault: Vault, share_id: str, notice: str) -> None:
    """The user's side: consent withdrawn (the notice still has to reach the recipient)."""
    if share_id not in {s.id for s in vault.shares("sent")}:
        raise InputError("this package was not shared from this vault", notice)
    vault.set_share_status(share_id, "revoked")
    vault.log("revoked", share=share_id, notice=notice)


def client_name(dossier: Dossier) -> str:
    """A received household's label: its names when shared, else its label, masked."""
    names = " & ".join(p.name or p.id for p in dossier.household.persons)
    return mask_identifiers(dossier.label or names)


def store_received(vault: Vault, opened: OpenedPackage, data: bytes) -> str:
    """The recipient's side: keep the package's dossier until its expiry, then it is purged."""
    label = client_name(opened.dossier)
    dossier_id = vault.save_dossier(
        opened.dossier, label=label, origin="received", purge_at=opened.expires_at
    )
    for shared in opened.files:
        vault.save_file(dossier_id, shared.name, shared.data)
    vault.save_file(dossier_id, PACKAGE_FILE, data)
    receipt = opened.receipt
    vault.record_share(
        ShareRecord(
            id=RECEIVED + opened.share_id,
            direction="received",
            counterparty=label,
            purpose=str(receipt.get("purpose", "")),
            categories=tuple(str(c) for c in receipt.get("categories", ())),
            created_at=dt.datetime.now(dt.UTC),
            expires_at=opened.expires_at,
            package_sha256=hashlib.sha256(data).hexdigest(),
            dossier_id=dossier_id,
        )
    )
    vault.log("package opened", share=opened.share_id, until=opened.expires_at.date().isoformat())
    return dossier_id


def apply_revocation(vault: Vault, data: bytes, keys: RecipientKeys, where: str) -> str:
    """The recipient's side: a valid notice from the sender deletes the stored package."""
    notice = read_revocation(data, keys, where=where)
    wanted = RECEIVED + notice.share_id
    share = next((s for s in vault.shares("received") if s.id == wanted), None)
    stored = (
        dict(vault.files(share.dossier_id)).get(PACKAGE_FILE)
        if share is not None and share.dossier_id is not None
        else None
    )
    if share is None or share.dossier_id is None or stored is None:
        raise InputError("this revocation belongs to no package in this vault", where)
    read_revocation(data, keys, package=read_header(stored), where=where)
    vault.delete_dossier(share.dossier_id)
    vault.set_share_status(share.id, "revoked")
    vault.log("revoked by the sender", share=notice.share_id)
    return notice.share_id
