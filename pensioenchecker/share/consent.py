"""The consent text a user sees before sharing, versioned so a receipt can say what was agreed.

The Dutch text is the one shown and signed; the English translation travels beside it for
advisers who do not read Dutch. Changing either text means a new ``CONSENT_VERSION``.
"""

from __future__ import annotations

CONSENT_VERSION = "2026-1"

CONSENT_NL = (
    "Ik geef {recipient} toestemming om de volgende gegevens van ons huishouden te ontvangen "
    "en te gebruiken voor dit doel: {purpose}. Gegevens: {categories}. Geboortedata gaan altijd "
    "mee, omdat elk pensioenbedrag ervan afhangt. De ontvanger mag de gegevens bewaren tot "
    "{expires} en moet ze daarna verwijderen. Ik kan deze toestemming eerder intrekken; de "
    "ontvanger verwijdert de gegevens dan."
)
CONSENT_EN = (
    "I allow {recipient} to receive the following data of our household and to use it for this "
    "purpose: {purpose}. Data: {categories}. Birth dates always travel, because every pension "
    "figure depends on them. The recipient may keep the data until {expires} and must delete it "
    "afterwards. I can withdraw this consent earlier; the recipient then deletes the data."
)

CATEGORY_NL = {
    "personal": "namen en adressen",
    "pensions": "pensioenaanspraken en bedragen ineens",
    "income": "inkomen, inkomen per belastingjaar en dienstverbanden",
    "debts": "schulden",
    "property": "woning (Kadaster en WOZ)",
    "bank": "banktransacties en vermogen",
    "files": "de originele bestanden",
}
CATEGORY_EN = {
    "personal": "names and addresses",
    "pensions": "pension entitlements and lump sums",
    "income": "income, income per tax year and employment periods",
    "debts": "debts",
    "property": "home (land registry and WOZ value)",
    "bank": "bank transactions and assets",
    "files": "the original files",
}

BIRTH_DATES_NOTE = (
    "Birth dates always travel, also without 'personal': every pension figure depends on them."
)


def consent_texts(
    organisation: str, name: str, purpose: str, categories: tuple[str, ...], expires: str
) -> tuple[str, str]:
    """The Dutch text as shown and its English translation, filled in for one request."""
    recipient = f"{name} ({organisation})" if organisation else name
    dutch = CONSENT_NL.format(
        recipient=recipient,
        purpose=purpose,
        categories=", ".join(CATEGORY_NL[c] for c in categories),
        expires=expires,
    )
    english = CONSENT_EN.format(
        recipient=recipient,
        purpose=purpose,
        categories=", ".join(CATEGORY_EN[c] for c in categories),
        expires=expires,
    )
    return dutch, english
