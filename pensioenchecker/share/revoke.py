"""Withdrawing consent: a notice signed by the same key that signed the package.

The recipient's program checks the notice against the sender key of the stored share (kept in
that package's header) and then deletes the package; the notice holds no personal data.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from pensioenchecker import clock
from pensioenchecker.errors import InputError
from pensioenchecker.messages import phrase
from pensioenchecker.share._common import (
    b64,
    canonical,
    parse_moment,
    read_json_object,
    signed_body,
    text_field,
    utc_text,
)
from pensioenchecker.share.keys import RecipientKeys, raw_public
from pensioenchecker.share.package import PackageHeader

REVOCATION_FORMAT = "pensioenchecker-share-revocation"


@dataclass(frozen=True)
class Revocation:
    """A verified revocation notice."""

    share_id: str
    request_id: str
    recipient: str
    sender_key: bytes
    revoked_at: dt.datetime

    def summary(self) -> dict[str, Any]:
        """The JSON the ``share open`` command prints for a notice."""
        return {
            "revoked_share_id": self.share_id,
            "request_id": self.request_id,
            "revoked_at": utc_text(self.revoked_at),
            "sender_key": b64(self.sender_key),
        }


def is_revocation(data: bytes) -> bool:
    """A notice (JSON) rather than a package (binary)."""
    return data.lstrip()[:1] == b"{" and REVOCATION_FORMAT.encode() in data[:400]


def make_revocation(
    header: PackageHeader, user_key: Ed25519PrivateKey, now: dt.datetime | None = None
) -> bytes:
    """The notice for the share whose (verified) header is given; only its sender may make one."""
    if raw_public(user_key.public_key()) != header.sender_key:
        raise InputError(phrase("this package was not signed by this signing key"), "--user-key")
    body = {
        "format": REVOCATION_FORMAT,
        "version": 1,
        "share_id": header.share_id,
        "request_id": header.request_id,
        "recipient": header.recipient,
        "sender_key": b64(header.sender_key),
        "revoked_at": utc_text(now or clock.now()),
    }
    return canonical({"revocation": body, "signature": b64(user_key.sign(canonical(body)))}) + b"\n"


def read_revocation(
    data: bytes,
    keys: RecipientKeys | None = None,
    package: PackageHeader | None = None,
    where: str = "notice",
) -> Revocation:
    """A verified notice: signed by its sender key, for this recipient, about this share.

    With ``package`` (the stored share's header) the sender key must be that share's, which is
    what makes the notice trustworthy; without it the caller compares ``sender_key`` itself.
    """
    signed = read_json_object(data, phrase("revocation notice"), where)
    body, sender = signed_body(
        signed,
        section="revocation",
        format_name=REVOCATION_FORMAT,
        what=phrase("revocation notice"),
        key_field="sender_key",
        broken=phrase("the notice is tampered or damaged (the signature does not match)"),
        where=where,
    )
    notice = Revocation(
        share_id=text_field(body, "share_id", where),
        request_id=text_field(body, "request_id", where),
        recipient=text_field(body, "recipient", where),
        sender_key=sender,
        revoked_at=parse_moment(text_field(body, "revoked_at", where), where),
    )
    if keys is not None and notice.recipient != keys.fingerprint:
        raise InputError(phrase("the notice is not for this key"), where)
    if package is not None:
        if package.share_id != notice.share_id:
            raise InputError(phrase("the notice names another share than this package"), where)
        if package.sender_key != notice.sender_key:
            raise InputError(phrase("the notice is not signed by the sender of this share"), where)
    return notice
