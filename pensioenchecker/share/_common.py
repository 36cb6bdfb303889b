"""Small helpers shared by the share modules: canonical JSON, base64, times, bounded reads."""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from pensioenchecker.errors import InputError
from pensioenchecker.messages import phrase

MAX_SHARE_BYTES = 256 * 1024 * 1024
"""A package holds at most the original downloads plus a dossier; larger is not ours."""


def canonical(value: Any) -> bytes:
    """JSON bytes that are the same for the same content, so signatures can be checked."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def b64(data: bytes) -> str:
    """URL-safe base64 without padding: keys and nonces stay short and copyable."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def unb64(text: object, what: str, where: str, size: int | None = None) -> bytes:
    """Decode ``b64`` text; wrong text or length is an InputError naming the field."""
    if not isinstance(text, str):
        raise InputError(phrase("{field} is missing", field=what), where)
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise InputError(phrase("{field} is not valid base64", field=what), where) from None
    if size is not None and len(data) != size:
        raise InputError(
            phrase(
                "{field} has {count} bytes instead of {expected}",
                field=what,
                count=len(data),
                expected=size,
            ),
            where,
        )
    return data


def utc_text(moment: dt.datetime) -> str:
    """A moment as ``2026-11-28T10:00:00Z`` (whole seconds, UTC)."""
    return moment.astimezone(dt.UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_moment(text: str, where: str) -> dt.datetime:
    """An ISO time; without a zone it is taken as UTC."""
    try:
        moment = dt.datetime.fromisoformat(text.strip())
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        moment = moment.astimezone(dt.UTC)
        # Later arithmetic (expiry, clock skew) must not overflow either.
        _ = moment - dt.timedelta(days=366), moment + dt.timedelta(days=366)
    except (ValueError, OverflowError):
        raise InputError(
            phrase("{value} is not an ISO date and time in range", value=repr(text[:40])), where
        ) from None
    return moment


def read_bytes(path: Path, limit: int = MAX_SHARE_BYTES) -> bytes:
    """A file's bytes; missing, unreadable, empty or oversized files are refused by name."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                phrase("the file is larger than {limit_mb} MB", limit_mb=limit // 2**20), str(path)
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(phrase("file not found"), str(path)) from None
    except IsADirectoryError:
        raise InputError(phrase("is a folder, not a file"), str(path)) from None
    except OSError as exc:
        raise InputError(
            phrase("cannot read ({reason})", reason=exc.strerror or ""), str(path)
        ) from None
    if not data:
        raise InputError(phrase("the file is empty"), str(path))
    return data


def read_json_object(data: bytes, what: str, where: str) -> dict[str, Any]:
    """A JSON object from bytes; anything else is an InputError saying what was expected."""
    try:
        value = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InputError(phrase("not a {what} (no valid JSON)", what=what), where) from None
    if not isinstance(value, dict):
        raise InputError(phrase("not a {what}", what=what), where)
    return value


def text_field(body: dict[str, Any], key: str, where: str, *, required: bool = True) -> str:
    """A string field of a signed document, checked."""
    value = body.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str):
        raise InputError(phrase("field {field} is missing or not text", field=repr(key)), where)
    return value


def signed_body(
    signed: dict[str, Any],
    *,
    section: str,
    format_name: str,
    what: str,
    key_field: str,
    broken: str,
    where: str,
) -> tuple[dict[str, Any], bytes]:
    """The body of a signed document (request, notice), checked; and the key that signed it.

    Both kinds are ``{section: body, "signature": …}`` with the signer's Ed25519 public key in the
    body, so checking format, version and signature is written once; ``broken`` is the message
    when the signature does not hold.
    """
    body = signed.get(section)
    if not isinstance(body, dict) or body.get("format") != format_name:
        raise InputError(phrase("not a Pensioenchecker {what}", what=what), where)
    if body.get("version") != 1:
        version = body.get("version")
        raise InputError(phrase("version {version} is not supported", version=repr(version)), where)
    public = unb64(body.get(key_field), key_field, where, 32)
    signature = unb64(signed.get("signature"), "signature", where, 64)
    try:
        Ed25519PublicKey.from_public_bytes(public).verify(signature, canonical(body))
    except InvalidSignature:
        raise InputError(broken, where) from None
    return body, public
