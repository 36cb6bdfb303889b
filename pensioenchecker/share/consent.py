"""The consent text a user sees before sharing, versioned so a receipt can say what was agreed.

The text lives in the catalog (English id, Dutch in the nl catalog), so the window shows it in
its own language. The receipt keeps it in Dutch, as shown and signed, with the English
translation beside it for advisers who do not read Dutch. Changing the wording in either
language means a new ``CONSENT_VERSION``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pensioenchecker import notation
from pensioenchecker.i18n import N_, Translator

CONSENT_VERSION = "2026-1"

CONSENT = N_(
    "I allow {recipient} to receive the following data of our household and to use it for this "
    "purpose: {purpose}. Data: {categories}. Birth dates always travel, because every pension "
    "figure depends on them. The recipient may keep the data until {expires} and must delete it "
    "afterwards. I can withdraw this consent earlier; the recipient then deletes the data."
)

CATEGORY_TEXTS = {
    "personal": N_("names and addresses"),
    "pensions": N_("pension entitlements and lump sums"),
    "income": N_("income, income per tax year and employment periods"),
    "debts": N_("debts"),
    "property": N_("home (land registry and WOZ value)"),
    "bank": N_("bank transactions and assets"),
    "files": N_("the original files"),
}
"""What each category shares, in the words of the consent text."""

BIRTH_DATES_NOTE = (
    "Birth dates always travel, also without 'personal': every pension figure depends on them."
)
"""The receipt's fixed note (a field for programs reading the receipt, kept in English)."""


def consent_text(
    lang: str | None,
    organisation: str,
    name: str,
    purpose: str,
    categories: Sequence[str],
    expires: dt.date | str,
) -> str:
    """The consent text in ``lang`` for one request; a date ``expires`` is written in words."""
    t = Translator(lang)
    recipient = f"{name} ({organisation})" if organisation else name
    until = notation.date(expires, t.lang) if isinstance(expires, dt.date) else expires
    return t._(CONSENT).format(
        recipient=recipient,
        purpose=purpose,
        categories=", ".join(t._(CATEGORY_TEXTS[c]) for c in categories),
        expires=until,
    )


def consent_texts(
    organisation: str,
    name: str,
    purpose: str,
    categories: Sequence[str],
    expires: dt.date | str,
) -> tuple[str, str]:
    """The Dutch text as shown and signed, and its English translation (the receipt's pair)."""
    return (
        consent_text("nl", organisation, name, purpose, categories, expires),
        consent_text("en", organisation, name, purpose, categories, expires),
    )
