"""What sharing leaves in the vault, on both sides: records of shares, stored packages, the log.

The window and the command line (``--vault``) use the same functions, so a package made or
opened either way is logged the same way and purged on the same date.
"""

from __future__ import annotations

import hashlib

from pensioenchecker import clock
from pensioenchecker.errors import InputError
from pensioenchecker.i18n import N_
from pensioenchecker.messages import Sentence, phrase
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
    """The user's side: what was shared, with whom, why and until when.

    The record and its log line are one transaction.
    """
    who = recipient_name(request)
    with vault.transaction():
        _record_sent(vault, who, request, made, categories)


def _record_sent(
    vault: Vault,
    who: str,
    request: ShareRequest,
    made: CreatedPackage,
    categories: tuple[str, ...],
) -> None:
    vault.record_share(
        ShareRecord(
            id=made.header.share_id,
            direction="sent",
            counterparty=who,
            purpose=request.purpose,
            categories=categories,
            created_at=clock.now(),
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


_STATUS_WORDS = {
    "active": N_("active"),
    "revoked": N_("revoked"),
    "expired": N_("expired"),
    "purged": N_("purged"),
}
"""A stored share's status in a refusal (the vault keeps the English word)."""


def check_sent(vault: Vault, share_id: str, where: str) -> None:
    """Refuse a share this vault has no record of sending."""
    if share_id not in {s.id for s in vault.shares("sent")}:
        raise InputError(phrase("this package was not shared from this vault"), where)


def record_revoked(vault: Vault, share_id: str, notice: str) -> None:
    """The user's side: consent withdrawn (the notice still has to reach the recipient).

    Called once the notice is written, so the vault never says revoked without a notice; the
    status and its log line are one transaction (a crash before it: revoke again).
    """
    with vault.transaction():
        check_sent(vault, share_id, notice)
        vault.set_share_status(share_id, "revoked")
        vault.log("revoked", share=share_id, notice=notice)


def client_name(dossier: Dossier) -> str:
    """A received household's label: its names when shared, else its label, masked."""
    names = " & ".join(p.name or p.id for p in dossier.household.persons)
    return mask_identifiers(dossier.label or names)


def _received(vault: Vault, share_id: str) -> ShareRecord | None:
    wanted = RECEIVED + share_id
    return next((s for s in vault.shares("received") if s.id == wanted), None)


def store_received(vault: Vault, opened: OpenedPackage, data: bytes) -> str:
    """The recipient's side: keep the package's dossier until its expiry, then it is purged.

    A share is stored once. The same package opened again gives the dossier already kept; any
    other package under the same share id (another sender's, or altered) is refused, so it can
    neither replace the record nor keep the sender's revocation from purging the data. The
    dossier, its files, the package and the record are one transaction: after a crash the vault
    holds all of them or none, and opening the package again finishes the job.
    """
    with vault.transaction():
        return _store_received(vault, opened, data)


def _store_received(vault: Vault, opened: OpenedPackage, data: bytes) -> str:
    digest = hashlib.sha256(data).hexdigest()
    existing = _received(vault, opened.share_id)
    if existing is not None:
        if existing.package_sha256 != digest:
            raise InputError(
                phrase(
                    "a package with this share id ({share}) is already stored; this one differs "
                    "from it and is refused",
                    share=opened.share_id,
                ),
                "package",
            )
        if existing.status == "revoked":
            raise InputError(
                phrase(
                    "the sender withdrew consent for share {share}; it is not stored again",
                    share=opened.share_id,
                ),
                "package",
            )
        if existing.dossier_id is not None and existing.dossier_id in {
            d.id for d in vault.list_dossiers()
        }:
            vault.log("package opened again", share=opened.share_id)
            return existing.dossier_id
        if existing.status != "active":
            raise InputError(
                phrase(
                    "share {share} was already stored and deleted ({status})",
                    share=opened.share_id,
                    status=Sentence(_STATUS_WORDS.get(existing.status, existing.status)),
                ),
                "package",
            )
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
            created_at=clock.now(),
            expires_at=opened.expires_at,
            package_sha256=digest,
            dossier_id=dossier_id,
        )
    )
    vault.log("package opened", share=opened.share_id, until=opened.expires_at.date().isoformat())
    return dossier_id


def apply_revocation(vault: Vault, data: bytes, keys: RecipientKeys, where: str) -> str:
    """The recipient's side: a valid notice from the sender deletes the stored package.

    Deleting, marking the share revoked (which keeps it from being stored again) and the log line
    are one transaction.
    """
    with vault.transaction():
        return _apply_revocation(vault, data, keys, where)


def _apply_revocation(vault: Vault, data: bytes, keys: RecipientKeys, where: str) -> str:
    notice = read_revocation(data, keys, where=where)
    share = _received(vault, notice.share_id)
    stored = (
        dict(vault.files(share.dossier_id)).get(PACKAGE_FILE)
        if share is not None and share.dossier_id is not None
        else None
    )
    if share is None or share.dossier_id is None or stored is None:
        raise InputError(phrase("this revocation belongs to no package in this vault"), where)
    read_revocation(data, keys, package=read_header(stored), where=where)
    # Every received dossier of this share from this sender goes, not only the recorded one
    # (a vault written before shares were stored once may hold the same share twice).
    doomed = {share.dossier_id}
    for entry in vault.list_dossiers():
        if entry.origin != "received" or entry.id in doomed:
            continue
        package = dict(vault.files(entry.id)).get(PACKAGE_FILE)
        if package is None:
            continue
        try:
            header = read_header(package)
        except InputError:
            continue
        if header.share_id == notice.share_id and header.sender_key == notice.sender_key:
            doomed.add(entry.id)
    for dossier_id in sorted(doomed):
        vault.delete_dossier(dossier_id)
    vault.set_share_status(share.id, "revoked")
    vault.log("revoked by the sender", share=notice.share_id)
    return notice.share_id
