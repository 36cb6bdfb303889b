"""The vault's rows as the program reads them, and the text forms of their times and ids.

Kept apart from the store so the shapes a caller gets back (a dossier list entry, a share
record, a log entry) are read in one place, without the SQL.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field


@dataclass(frozen=True)
class DossierEntry:
    """One line of the dossier list, read without decrypting the dossier itself."""

    id: str
    label: str
    origin: str
    updated_at: dt.datetime
    purge_at: dt.datetime | None


@dataclass(frozen=True)
class ShareRecord:
    """A package sent to or received from someone; ``dossier_id`` links it to a dossier."""

    id: str
    direction: str
    counterparty: str
    purpose: str
    categories: tuple[str, ...]
    created_at: dt.datetime
    expires_at: dt.datetime | None
    status: str = "active"
    package_sha256: str = ""
    dossier_id: str | None = None


@dataclass(frozen=True)
class LogEntry:
    """One event in the vault's log (identifiers already masked)."""

    id: int
    at: dt.datetime
    event: str
    fields: dict[str, str] = field(default_factory=dict)


def _stamp(moment: dt.datetime) -> str:
    """A fixed-width UTC text form that sorts and compares in time order."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the vault takes timezone-aware datetimes only")
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _moment(text: str | None) -> dt.datetime | None:
    return None if text is None else dt.datetime.fromisoformat(text)


def _must(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _new_id() -> str:
    return uuid.uuid4().hex
