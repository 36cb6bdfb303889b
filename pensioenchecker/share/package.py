"""The ``.pcshare`` package: a plain header without personal data, encrypted payload, signature.

Layout (all lengths big-endian)::

    b"PCSHARE1" | u32 header length | header (canonical JSON) | ciphertext | Ed25519 signature (64)

The payload is encrypted with AES-256-GCM under a key derived by HKDF-SHA256 from an X25519
exchange between a fresh ephemeral key and the recipient's key; the magic, length and header are
the associated data, so nothing in the header can change without the decryption failing. The
user's Ed25519 key signs everything before the signature, so one flipped bit anywhere is found
before anything is decrypted. See docs/share-format.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import struct
import uuid
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from pensioenchecker import clock
from pensioenchecker.dates import add_months
from pensioenchecker.errors import InputError
from pensioenchecker.messages import phrase
from pensioenchecker.model.dossier import Dossier
from pensioenchecker.share._common import (
    b64,
    canonical,
    parse_moment,
    read_bytes,
    unb64,
    utc_text,
)
from pensioenchecker.share.categories import parse_categories, select_categories
from pensioenchecker.share.consent import BIRTH_DATES_NOTE, CONSENT_VERSION, consent_texts
from pensioenchecker.share.keys import RecipientKeys, raw_public
from pensioenchecker.share.request import MAX_DAYS, ShareRequest

MAGIC = b"PCSHARE1"
PACKAGE_FORMAT = "pensioenchecker-share"
SIGNATURE_BYTES = 64
MAX_HEADER_BYTES = 4096
MAX_PAYLOAD_BYTES = 512 * 1024 * 1024
PAYLOAD_RATIO = 64
"""The content may unpack to at most this many times the encrypted bytes (plus ``PAYLOAD_SLACK``):
a dossier's JSON packs about ten to one and original files hardly at all, so more is a bomb."""
PAYLOAD_SLACK = 1024 * 1024
CLOCK_SKEW = dt.timedelta(minutes=5)
REQUEST_ANSWERABLE = dt.timedelta(days=MAX_DAYS)
"""How long after it was made a request can be answered: as long as data may be kept."""
"""How far a consent time may lie in the future of this computer's clock."""
HKDF_INFO = b"pensioenchecker-share v1 aes-256-gcm"
DAMAGED = "the package is tampered or damaged"
"""The start of every refusal of a package that is not what its sender made (English)."""


def damaged(detail: str | None = None) -> str:
    """The refusal of a tampered or damaged package, with what gave it away (a ``Sentence``)."""
    if detail is None:
        return phrase("the package is tampered or damaged")
    return phrase("the package is tampered or damaged ({detail})", detail=detail)


@dataclass(frozen=True)
class SharedFile:
    """An original source file travelling in a package."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        """Lets the recipient match the file to the dossier's document list."""
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True)
class PackageHeader:
    """The plain header: enough to route, match and check a package, nothing about the person."""

    share_id: str
    request_id: str
    recipient: str
    sender_key: bytes
    ephemeral_key: bytes
    nonce: bytes
    expires_at: dt.datetime

    def body(self) -> dict[str, Any]:
        """The header as it is written."""
        return {
            "format": PACKAGE_FORMAT,
            "version": 1,
            "share_id": self.share_id,
            "request_id": self.request_id,
            "recipient": self.recipient,
            "sender_key": b64(self.sender_key),
            "ephemeral_key": b64(self.ephemeral_key),
            "nonce": b64(self.nonce),
            "expires_at": utc_text(self.expires_at),
        }


@dataclass(frozen=True)
class CreatedPackage:
    """A package's bytes and the receipt the user keeps."""

    data: bytes
    receipt: dict[str, Any]
    header: PackageHeader


@dataclass(frozen=True)
class OpenedPackage:
    """What a recipient gets from a package that passed every check."""

    header: PackageHeader
    receipt: dict[str, Any]
    dossier: Dossier
    files: list[SharedFile]

    @property
    def share_id(self) -> str:
        """The id a revocation names."""
        return self.header.share_id

    @property
    def expires_at(self) -> dt.datetime:
        """After this moment the recipient must delete the data."""
        return self.header.expires_at

    def summary(self) -> dict[str, Any]:
        """The JSON the ``share open`` command prints."""
        return {
            "share_id": self.share_id,
            "expires_at": utc_text(self.expires_at),
            "receipt": self.receipt,
            "dossier": json.loads(self.dossier.to_json()),
            "files": [
                {"name": f.name, "size": len(f.data), "sha256": f.sha256} for f in self.files
            ],
        }


def expiry(consented_at: dt.datetime, days: int) -> dt.datetime:
    """Consent time plus the request's days, and never more than two calendar months."""
    return min(consented_at + dt.timedelta(days=min(days, MAX_DAYS)), add_months(consented_at, 2))


def gather_files(paths: Sequence[Path], dossier: Dossier) -> list[SharedFile]:
    """The original files for the ``files`` category.

    Downloaded files are shared as given. For a saved dossier the originals it lists are looked
    up beside it and must match their recorded SHA-256, so the recipient gets what was imported.
    """
    from pensioenchecker.sources.registry import is_saved_dossier

    if len(paths) == 1 and is_saved_dossier(read_bytes(paths[0])[:400]):
        folder = paths[0].parent
        found = []
        for document in dossier.documents:
            candidate = folder / Path(document.name).name
            if not candidate.is_file():
                raise InputError(
                    phrase(
                        "the original file {file} is not beside the dossier",
                        file=repr(Path(document.name).name),
                    ),
                    str(paths[0]),
                )
            data = read_bytes(candidate)
            if hashlib.sha256(data).hexdigest() != document.sha256:
                raise InputError(
                    phrase("differs from the file the dossier was imported from"), str(candidate)
                )
            found.append(SharedFile(candidate.name, data))
        return found
    return [SharedFile(path.name, read_bytes(path)) for path in paths]


def _derive(shared_secret: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=HKDF_INFO + ephemeral + recipient
    ).derive(shared_secret)


def _exchange(private: X25519PrivateKey, public: bytes, where: str, message: str) -> bytes:
    """The X25519 shared secret; a key that gives none (all zeros, a small order) is refused."""
    try:
        return private.exchange(X25519PublicKey.from_public_bytes(public))
    except ValueError:
        raise InputError(message, where) from None


def payload_limit(ciphertext_bytes: int) -> int:
    """How large the unpacked content of a package this size may be."""
    return min(MAX_PAYLOAD_BYTES, PAYLOAD_RATIO * ciphertext_bytes + PAYLOAD_SLACK)


def create_package(
    request: ShareRequest,
    dossier: Dossier,
    categories: str | Sequence[str],
    user_key: Ed25519PrivateKey,
    files: Sequence[SharedFile] = (),
    now: dt.datetime | None = None,
) -> CreatedPackage:
    """Encrypt the chosen part of a dossier for the request's recipient, signed by the user.

    ``request`` must come from ``read_request`` (its signature checked). Categories beyond the
    request are refused; files travel only with ``files``.
    """
    chosen = parse_categories(categories)
    extra = [c for c in chosen if c not in request.categories]
    if extra:
        raise InputError(
            phrase(
                "{extra}: more than requested (the request asks for {asked})",
                extra=", ".join(extra),
                asked=", ".join(request.categories),
            ),
            "--categories",
        )
    consented_at = (now or clock.now()).astimezone(dt.UTC).replace(microsecond=0)
    if consented_at - request.created_at > REQUEST_ANSWERABLE:
        # Who asked two months ago may no longer be the user's adviser, or want the data.
        raise InputError(
            phrase(
                "the request was made on {request_date}, more than two months ago; "
                "ask {name} for a new one",
                request_date=request.created_at.date().isoformat(),
                name=request.name,
            ),
            "--request",
        )
    expires_at = expiry(consented_at, request.days)
    share_id = str(uuid.uuid4())
    dutch, english = consent_texts(
        request.organisation, request.name, request.purpose, chosen, expires_at.date()
    )
    shared_files = list(files) if "files" in chosen else []
    receipt = {
        "format": "pensioenchecker-share-receipt",
        "version": 1,
        "share_id": share_id,
        "request_id": request.request_id,
        "consent_version": CONSENT_VERSION,
        "consent_text": dutch,
        "consent_text_en": english,
        "consented_at": utc_text(consented_at),
        "categories": list(chosen),
        "purpose": request.purpose,
        "recipient": {
            "organisation": request.organisation,
            "name": request.name,
            "fingerprint": request.fingerprint,
        },
        "expires_at": utc_text(expires_at),
        "birth_dates": BIRTH_DATES_NOTE,
        "file_count": len(shared_files),
        "sender_key": b64(raw_public(user_key.public_key())),
    }
    payload = {
        "receipt": receipt,
        "dossier": json.loads(select_categories(dossier, chosen).to_json()),
        "files": [{"name": f.name, "sha256": f.sha256, "data": b64(f.data)} for f in shared_files],
    }
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = raw_public(ephemeral.public_key())
    header = PackageHeader(
        share_id=share_id,
        request_id=request.request_id,
        recipient=request.fingerprint,
        sender_key=raw_public(user_key.public_key()),
        ephemeral_key=ephemeral_public,
        nonce=os.urandom(12),
        expires_at=expires_at,
    )
    header_bytes = canonical(header.body())
    prefix = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    secret = _exchange(ephemeral, request.x25519_public, "request", "the request's key is unusable")
    key = _derive(secret, ephemeral_public, request.x25519_public)
    ciphertext = AESGCM(key).encrypt(header.nonce, zlib.compress(canonical(payload), 6), prefix)
    signed = prefix + ciphertext
    return CreatedPackage(signed + user_key.sign(signed), receipt, header)


def _parse_header(data: bytes, where: str) -> tuple[PackageHeader, int]:
    if data[: len(MAGIC)] != MAGIC:
        raise InputError(phrase("not a Pensioenchecker share package"), where)
    start = len(MAGIC) + 4
    if len(data) < start + SIGNATURE_BYTES:
        raise InputError(damaged(), where)
    (length,) = struct.unpack(">I", data[len(MAGIC) : start])
    if length > MAX_HEADER_BYTES or start + length + SIGNATURE_BYTES + 16 > len(data):
        raise InputError(damaged(), where)
    try:
        body = json.loads(data[start : start + length].decode("utf-8"))
        if (
            not isinstance(body, dict)
            or body.get("format") != PACKAGE_FORMAT
            or body.get("version") != 1
        ):
            raise ValueError("format")
        header = PackageHeader(
            share_id=str(body["share_id"]),
            request_id=str(body["request_id"]),
            recipient=str(body["recipient"]),
            sender_key=unb64(body.get("sender_key"), "sender_key", where, 32),
            ephemeral_key=unb64(body.get("ephemeral_key"), "ephemeral_key", where, 32),
            nonce=unb64(body.get("nonce"), "nonce", where, 12),
            expires_at=parse_moment(str(body["expires_at"]), where),
        )
    except (UnicodeDecodeError, ValueError, KeyError, RecursionError, InputError):
        raise InputError(damaged(), where) from None
    return header, start + length


def read_header(data: bytes, where: str = "package") -> PackageHeader:
    """The plain header, its signature checked (the sender is who the header says it is)."""
    header, _ = _verified(data, where)
    return header


def _verified(data: bytes, where: str) -> tuple[PackageHeader, int]:
    header, end = _parse_header(data, where)
    body, signature = data[:-SIGNATURE_BYTES], data[-SIGNATURE_BYTES:]
    try:
        Ed25519PublicKey.from_public_bytes(header.sender_key).verify(signature, body)
    except (InvalidSignature, ValueError):
        raise InputError(damaged(phrase("the signature does not match")), where) from None
    return header, end


def open_package(
    data: bytes, keys: RecipientKeys, at: dt.datetime | None = None, where: str = "package"
) -> OpenedPackage:
    """Check, decrypt and return a package; refused when damaged, not ours, or expired."""
    header, end = _verified(data, where)
    if header.recipient != keys.fingerprint:
        raise InputError(phrase("the package is not for this key"), where)
    secret = _exchange(
        keys.encryption, header.ephemeral_key, where, damaged(phrase("unusable key"))
    )
    key = _derive(secret, header.ephemeral_key, keys.x25519_public)
    ciphertext = data[end:-SIGNATURE_BYTES]
    try:
        packed = AESGCM(key).decrypt(header.nonce, ciphertext, data[:end])
    except InvalidTag:
        raise InputError(damaged(phrase("decryption failed")), where) from None
    moment = (at or clock.now()).astimezone(dt.UTC)
    if moment > header.expires_at:
        raise InputError(
            phrase(
                "the package expired on {expiry_date} at {time} UTC; its data must be deleted",
                expiry_date=header.expires_at.date().isoformat(),
                time=header.expires_at.strftime("%H:%M"),
            ),
            where,
        )
    limit = payload_limit(len(ciphertext))
    try:
        inflater = zlib.decompressobj()
        raw = inflater.decompress(packed, limit)
        if inflater.unconsumed_tail or (not inflater.eof and inflater.decompress(b"", 1)):
            raise InputError(
                phrase(
                    "the package content unpacks to more than {limit_mb} MB "
                    "({packed_kb} KB packed): refused as damaged or malicious",
                    limit_mb=limit // 2**20,
                    packed_kb=len(ciphertext) // 1024,
                ),
                where,
            )
        del packed
        payload = json.loads(raw)
        del raw
        receipt = payload["receipt"]
        files = [
            SharedFile(Path(str(f["name"])).name, unb64(f["data"], "file", where))
            for f in payload["files"]
        ]
        dossier = Dossier.from_json(json.dumps(payload["dossier"]), f"{where}: dossier")
    except (zlib.error, ValueError, KeyError, TypeError, RecursionError):
        raise InputError(damaged(phrase("the content is not readable")), where) from None
    if (
        not isinstance(receipt, dict)
        or receipt.get("share_id") != header.share_id
        or receipt.get("request_id") != header.request_id
        or receipt.get("expires_at") != utc_text(header.expires_at)
    ):
        raise InputError(damaged(phrase("the receipt does not match the header")), where)
    _check_receipt(receipt, header, moment, where)
    return OpenedPackage(header, receipt, dossier, files)


def _check_receipt(
    receipt: dict[str, Any], header: PackageHeader, now: dt.datetime, where: str
) -> None:
    """The consent a package carries, checked: when, for which categories, for what purpose.

    Not in the future (beyond a little clock skew), at most two months before the expiry, and
    only categories this program knows.
    """
    consented = receipt.get("consented_at")
    if not isinstance(consented, str):
        raise InputError(damaged(phrase("the receipt has no consent time")), where)
    consented_at = parse_moment(consented, f"{where}: receipt")
    if consented_at > now + CLOCK_SKEW:
        raise InputError(
            phrase(
                "the consent time {moment} lies in the future: refused",
                moment=utc_text(consented_at),
            ),
            where,
        )
    if header.expires_at > add_months(consented_at, 2):
        raise InputError(
            phrase("the package's expiry is more than two months after the consent"), where
        )
    categories = receipt.get("categories")
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise InputError(damaged(phrase("the receipt's categories are not a list of names")), where)
    parse_categories(categories, f"{where}: receipt categories")
    if not isinstance(receipt.get("purpose"), str):
        raise InputError(damaged(phrase("the receipt has no purpose")), where)
