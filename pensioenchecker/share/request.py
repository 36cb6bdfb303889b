"""A consent request: who asks, why, for which categories and how long, signed by the recipient.

The user's program shows it, checks its signature and never shares more than it asks for. It
travels as a JSON file, a short text code or a QR code holding that same code.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from pensioenchecker import clock
from pensioenchecker.errors import InputError
from pensioenchecker.i18n import N_
from pensioenchecker.messages import phrase
from pensioenchecker.share._common import (
    b64,
    canonical,
    parse_moment,
    read_json_object,
    signed_body,
    text_field,
    unb64,
    utc_text,
)
from pensioenchecker.share.categories import parse_categories
from pensioenchecker.share.keys import RecipientKeys, fingerprint

REQUEST_FORMAT = "pensioenchecker-share-request"
TEXT_CODE_PREFIX = "PCR1-"
MAX_DAYS = 61
"""Retention is at most two months: long enough for one advice, short enough to expire."""
MAX_TEXT = 500
MAX_URL = 4096
"""Pre-signed object-store addresses are long (a signature, a date, credentials scope)."""
LOCAL_HOSTS = ("localhost", "127.0.0.1", "::1")
"""Plain http:// is allowed only to this computer (tests, a local relay), never over a network."""


@dataclass(frozen=True)
class ShareRequest:
    """A verified request."""

    request_id: str
    organisation: str
    name: str
    purpose: str
    categories: tuple[str, ...]
    days: int
    created_at: dt.datetime
    x25519_public: bytes
    ed25519_public: bytes
    upload_url: str = ""
    """Where the user's program may PUT the package (HTTPS, often pre-signed); empty: none."""
    download_url: str = ""
    """Where the recipient fetches it; empty: none (or the same store by other means)."""

    @property
    def fingerprint(self) -> str:
        """The recipient's key fingerprint (goes into the package header)."""
        return fingerprint(self.x25519_public, self.ed25519_public)

    def body(self) -> dict[str, Any]:
        """The signed content."""
        body: dict[str, Any] = {
            "format": REQUEST_FORMAT,
            "version": 1,
            "request_id": self.request_id,
            "organisation": self.organisation,
            "name": self.name,
            "purpose": self.purpose,
            "categories": list(self.categories),
            "days": self.days,
            "created_at": utc_text(self.created_at),
            "x25519_public": b64(self.x25519_public),
            "ed25519_public": b64(self.ed25519_public),
        }
        # Only when given, so requests without them keep exactly the version 1 body.
        if self.upload_url:
            body["upload_url"] = self.upload_url
        if self.download_url:
            body["download_url"] = self.download_url
        return body


def check_days(days: int, where: str = "--days") -> int:
    """Retention days between 1 and two months."""
    if days > MAX_DAYS:
        raise InputError(
            phrase(
                "{days} days is too long: at most two months ({limit} days)",
                days=days,
                limit=MAX_DAYS,
            ),
            where,
        )
    if days < 1:
        raise InputError(phrase("retention must be at least one day"), where)
    return days


TEXT_FIELDS: dict[str, str] = {
    "organisation": N_("organisation"),
    "name": N_("name"),
    "purpose": N_("purpose"),
}
"""The request's texts as a refusal names them (translated when shown)."""


def _check_text(value: str, field: str, where: str, required: bool = True) -> str:
    value = value.strip()
    named = phrase(TEXT_FIELDS[field]) if field in TEXT_FIELDS else field
    if required and not value:
        raise InputError(phrase("the {field} is empty", field=named), where)
    if len(value) > MAX_TEXT or any(unicodedata.category(c) == "Cc" for c in value):
        raise InputError(
            phrase("the {field} is too long or holds control characters", field=named), where
        )
    return value


def url_host(url: str) -> str:
    """The host (and port) of an address, for messages: never the path or the query string.

    A pre-signed address carries its signature in the query string; it is not to be shown.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "an invalid address"
    if not host:
        return "an address without a host"
    shown = f"[{host}]" if ":" in host else host
    return f"{shown}:{port}" if port else shown


def check_url(url: str, where: str) -> str:
    """An upload or download address: https://, or http:// to this computer only.

    Refused with a message naming what is wrong, never repeating the address itself.
    """
    url = url.strip()
    if not url:
        raise InputError(phrase("the address is empty"), where)
    if len(url) > MAX_URL or any(ord(c) <= 32 or ord(c) == 127 for c in url):
        raise InputError(
            phrase("the address is longer than {limit} characters or holds spaces", limit=MAX_URL),
            where,
        )
    try:
        parts = urlsplit(url)
        host = parts.hostname
        _ = parts.port
    except ValueError:
        raise InputError(phrase("not a valid web address"), where) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"{scheme}://" if scheme else phrase("an address without a scheme")
        raise InputError(
            phrase(
                "{address} is refused: only https:// (http:// only for localhost)", address=shown
            ),
            where,
        )
    if not host:
        raise InputError(phrase("the address has no host"), where)
    if parts.username is not None or parts.password is not None:
        raise InputError(phrase("the address must not hold a user name or password"), where)
    if scheme == "https":
        return url
    if scheme == "http" and host.lower() in LOCAL_HOSTS:
        return url
    raise InputError(
        phrase(
            "plain http:// to {host} is refused: only https:// (http:// only for localhost)",
            host=url_host(url),
        ),
        where,
    )


def make_request(
    keys: RecipientKeys,
    *,
    name: str,
    purpose: str,
    categories: str | tuple[str, ...] | list[str],
    days: int,
    organisation: str = "",
    now: dt.datetime | None = None,
    upload_url: str = "",
    download_url: str = "",
) -> tuple[ShareRequest, bytes]:
    """A new request and its signed file bytes.

    ``upload_url`` and ``download_url`` (optional, HTTPS) go inside the signed body, so nobody
    can swap them without the signature failing.
    """
    request = ShareRequest(
        request_id=str(uuid.uuid4()),
        organisation=_check_text(organisation, "organisation", "--organisation", False),
        name=_check_text(name, "name", "--name"),
        purpose=_check_text(purpose, "purpose", "--purpose"),
        categories=parse_categories(categories),
        days=check_days(days),
        created_at=(now or clock.now()).astimezone(dt.UTC).replace(microsecond=0),
        x25519_public=keys.x25519_public,
        ed25519_public=keys.ed25519_public,
        upload_url=check_url(upload_url, "--upload-url") if upload_url.strip() else "",
        download_url=check_url(download_url, "--download-url") if download_url.strip() else "",
    )
    body = request.body()
    signed = {"request": body, "signature": b64(keys.signing.sign(canonical(body)))}
    return request, canonical(signed) + b"\n"


def request_text_code(data: bytes) -> str:
    """The signed request as one line of text to paste (and to put in a QR code)."""
    signed = read_json_object(data, phrase("share request"), "request")
    return TEXT_CODE_PREFIX + b64(zlib.compress(canonical(signed), 9))


def request_qr(data: bytes, path: Path) -> None:
    """A QR code PNG of the text code, for a user to scan from the adviser's screen or letter."""
    import io

    import segno

    from pensioenchecker.storage import write_atomic

    buffer = io.BytesIO()
    segno.make(request_text_code(data), error="m").save(buffer, kind="png", scale=4)
    write_atomic(path, buffer.getvalue())


def read_request(data: bytes | str, where: str = "request") -> ShareRequest:
    """A request from its file bytes or text code; refused unless its signature holds."""
    raw = data.encode() if isinstance(data, str) else data
    text = raw.strip()
    if text.startswith(TEXT_CODE_PREFIX.encode()):
        packed = unb64(text[len(TEXT_CODE_PREFIX) :].decode("ascii", "replace"), "text code", where)
        try:
            raw = zlib.decompressobj().decompress(packed, 64 * 1024)
        except zlib.error:
            raise InputError(phrase("the text code is damaged"), where) from None
    signed = read_json_object(raw, phrase("share request"), where)
    body, ed_public = signed_body(
        signed,
        section="request",
        format_name=REQUEST_FORMAT,
        what=phrase("share request"),
        key_field="ed25519_public",
        broken=phrase("the request's signature does not match (forged or damaged)"),
        where=where,
    )
    categories = body.get("categories")
    days = body.get("days")
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        raise InputError(phrase("field 'categories' is not a list of names"), where)
    if not isinstance(days, int) or isinstance(days, bool):
        raise InputError(phrase("field 'days' is not a whole number"), where)
    urls = {}
    for field in ("upload_url", "download_url"):
        if field in body:
            value = body[field]
            if not isinstance(value, str) or not value:
                raise InputError(
                    phrase("field {field} is not an address", field=repr(field)), where
                )
            urls[field] = check_url(value, f"{where}: {field}")
    return ShareRequest(
        request_id=text_field(body, "request_id", where),
        organisation=_check_text(
            text_field(body, "organisation", where, required=False), "organisation", where, False
        ),
        name=_check_text(text_field(body, "name", where), "name", where),
        purpose=_check_text(text_field(body, "purpose", where), "purpose", where),
        categories=parse_categories(categories, f"{where}: categories"),
        days=check_days(days, f"{where}: days"),
        created_at=parse_moment(text_field(body, "created_at", where), f"{where}: created_at"),
        x25519_public=unb64(body.get("x25519_public"), "x25519_public", where, 32),
        ed25519_public=ed_public,
        upload_url=urls.get("upload_url", ""),
        download_url=urls.get("download_url", ""),
    )
