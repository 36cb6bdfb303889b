"""Masking of bank account numbers and citizen service numbers before anything is logged.

The log is kept for the user's own overview of what happened to their data; it must never
become a second copy of the identifiers the vault encrypts.
"""

from __future__ import annotations

import re
from decimal import Decimal

# An IBAN written compactly (NL91ABNA0417164300) or in groups of four (NL91 ABNA 0417 1643 00).
_IBAN = re.compile(
    r"\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,3})?)\b",
    re.IGNORECASE,
)
# A BSN: nine digits, also written 1234.56.789 or 123.456.789 - but not nine digits inside a
# hexadecimal run (a share or request id such as 9fb7d222-...-c123456789d7 is no BSN).
_BSN = re.compile(
    r"(?<![0-9A-Fa-f])(?:[0-9]{9}|[0-9]{4}\.[0-9]{2}\.[0-9]{3}|[0-9]{3}\.[0-9]{3}\.[0-9]{3})"
    r"(?![0-9A-Fa-f])"
)


def _iban_checks(compact: str) -> bool:
    """ISO 13616's mod-97 check: only a real account number is masked, not any hex run."""
    moved = compact[4:] + compact[:4]
    digits = "".join(str(int(char, 36)) for char in moved)
    return int(digits) % 97 == 1


def _bsn_checks(digits: str) -> bool:
    """The BSN eleven test (weights 9…2 and -1): only a possible citizen number is starred."""
    total = sum(int(d) * w for d, w in zip(digits, (9, 8, 7, 6, 5, 4, 3, 2, -1), strict=True))
    return total % 11 == 0 and digits != "000000000"


def _mask_iban(match: re.Match[str]) -> str:
    compact = match.group(0).replace(" ", "").upper()
    if not _iban_checks(compact):
        return match.group(0)
    return f"{compact[:4]} **** {compact[-4:]}"


def _mask_bsn(match: re.Match[str]) -> str:
    digits = match.group(0).replace(".", "")
    return "*********" if _bsn_checks(digits) else match.group(0)


def mask_identifiers(text: str) -> str:
    """The text with IBANs cut to country, check digits and last four, and BSNs starred.

    Logs are for the user's overview; a full account or citizen number there would be a leak.
    Only values that pass their check (mod 97, the eleven test) are masked, so a file's hex id
    in a log line stays readable.
    """
    return _BSN.sub(_mask_bsn, _IBAN.sub(_mask_iban, text))


def hidden() -> str:
    """What a message says in place of a value that could identify someone (any language)."""
    from pensioenchecker.messages import phrase

    return phrase("(not shown: it could identify someone)")


def could_identify(text: str) -> bool:
    """True when a value might be an IBAN, a BSN or a name.

    A refused value is often a column read in the wrong place: an account number where an amount
    should be, a name where a date should be. So anything with letters (beyond a four-letter code
    such as a currency), or with nine digits or more, counts.
    """
    digits = sum(char.isdigit() for char in text)
    letters = any(char.isalpha() for char in text)
    return digits >= 9 or (letters and (digits > 0 or len(text.strip()) > 4)) or len(text) > 40


def shown_value(value: object) -> str:
    """A refused value as a message may show it: quoted when it cannot identify anyone.

    Otherwise the message says what was expected without the value; the file and the place
    in it are named by the caller, so the user can still find it.
    """
    if isinstance(value, str):
        return hidden() if could_identify(value) else repr(value)
    if isinstance(value, bool) or value is None:
        return repr(value)
    if isinstance(value, int | float | Decimal):
        return hidden() if could_identify(str(value)) else str(value)
    return f"a {type(value).__name__}"
