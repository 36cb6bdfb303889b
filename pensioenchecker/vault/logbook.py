"""The vault's log said in words, in the reader's language.

An entry is stored as an event code (``"shared"``, ``"package opened"``) with its fields as
arguments (``share``, ``until``, ``categories``…), never as a finished sentence, so the log reads
in English after the window switched from Dutch, and after a restart. ``describe`` writes an
entry out: the event's name, and its details with the field names, dates in words and codes
(categories, directions, statuses) translated. An event or field this version does not know (a
vault written by another version) is shown as it was stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pensioenchecker import notation
from pensioenchecker.i18n import NC_, Translator
from pensioenchecker.vault.records import LogEntry

EVENTS = {
    "shared": NC_("log event", "shared"),
    "revoked": NC_("log event", "consent withdrawn"),
    "request made": NC_("log event", "request made"),
    "package sent": NC_("log event", "package sent"),
    "package opened": NC_("log event", "package opened"),
    "package opened again": NC_("log event", "package opened again"),
    "revoked by the sender": NC_("log event", "withdrawn by the sender"),
    "dossier saved": NC_("log event", "dossier saved"),
    "dossier deleted": NC_("log event", "dossier deleted"),
    "dossier purged": NC_("log event", "dossier deleted (retention ended)"),
    "file saved": NC_("log event", "file saved"),
    "share recorded": NC_("log event", "share recorded"),
    "share status": NC_("log event", "status changed"),
    "vault exported": NC_("log event", "vault exported"),
    "vault restored": NC_("log event", "vault restored"),
    "unfinished package removed": NC_("log event", "unfinished package removed"),
    "unfinished revocation completed": NC_("log event", "unfinished withdrawal completed"),
    "unrecorded package removed": NC_("log event", "unrecorded package removed"),
}
"""Every event the program logs, by its code (the code is what the vault stores)."""

FIELDS = {
    "share": NC_("log field", "share"),
    "to": NC_("log field", "recipient"),
    "purpose": NC_("log field", "purpose"),
    "categories": NC_("log field", "data"),
    "until": NC_("log field", "until"),
    "notice": NC_("log field", "notice"),
    "host": NC_("log field", "sent to"),
    "request": NC_("log field", "request"),
    "dossier": NC_("log field", "dossier"),
    "origin": NC_("log field", "origin"),
    "file": NC_("log field", "file"),
    "direction": NC_("log field", "direction"),
    "status": NC_("log field", "status"),
    "dossiers": NC_("log field", "dossiers"),
}
"""The name of each field, as the details show it."""

VALUES = {
    ("direction", "sent"): NC_("log direction", "sent"),
    ("direction", "received"): NC_("log direction", "received"),
    ("origin", "own"): NC_("log origin", "own household"),
    ("origin", "received"): NC_("log origin", "received package"),
    ("status", "active"): NC_("log status", "active"),
    ("status", "revoked"): NC_("log status", "withdrawn"),
    ("status", "expired"): NC_("log status", "expired"),
    ("status", "purged"): NC_("log status", "deleted"),
}
"""Field values that are codes, in words."""

CATEGORIES = {
    "personal": NC_("log category", "personal data"),
    "pensions": NC_("log category", "pensions"),
    "income": NC_("log category", "income"),
    "debts": NC_("log category", "debts"),
    "property": NC_("log category", "home"),
    "bank": NC_("log category", "bank overview"),
    "files": NC_("log category", "original files"),
}
"""The shared categories (``categories`` holds their codes, separated by commas)."""

DATE_FIELDS = frozenset({"until"})
"""Fields holding an ISO date, written out in words."""


@dataclass(frozen=True)
class LogLine:
    """One log entry written out: when (in words, local time), what, and its details."""

    at: str
    event: str
    details: str


def event_name(code: str, lang: str | None) -> str:
    """The event's name in ``lang``; an unknown code as it was stored."""
    if code in EVENTS:
        return Translator(lang).pgettext(*EVENTS[code])
    return code


def field_value(name: str, value: str, lang: str | None) -> str:
    """One field's value in ``lang``: dates in words, codes translated, the rest as stored."""
    t = Translator(lang)
    if (name, value) in VALUES:
        return t.pgettext(*VALUES[(name, value)])
    if name in DATE_FIELDS:
        try:
            return notation.date(dt.date.fromisoformat(value), t.lang)
        except ValueError:
            return value
    if name == "categories":
        codes = [c for c in value.split(",") if c]
        return ", ".join(t.pgettext(*CATEGORIES[c]) if c in CATEGORIES else c for c in codes)
    if name == "share" and value.startswith("received:"):
        return value.removeprefix("received:")  # the vault's key for a received package
    return value


def details(fields: dict[str, str], lang: str | None) -> str:
    """The fields as "name: value" pairs in ``lang``, in the order they were logged."""
    t = Translator(lang)
    pair = t.pgettext("log detail", "{field}: {value}")
    return "; ".join(
        pair.format(
            field=t.pgettext(*FIELDS[name]) if name in FIELDS else name,
            value=field_value(name, str(value), lang),
        )
        for name, value in fields.items()
    )


def describe(entry: LogEntry, lang: str | None) -> LogLine:
    """A log entry for people: its moment in local time, its event and details in ``lang``."""
    local = entry.at.astimezone()
    at = Translator(lang).pgettext("log moment", "{date}, {time}")
    return LogLine(
        at=at.format(date=notation.date(local.date(), lang), time=f"{local:%H:%M}"),
        event=event_name(entry.event, lang),
        details=details(entry.fields, lang),
    )
