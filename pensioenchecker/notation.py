"""Figures written out the way each language writes them, by Babel (CLDR): one style per language.

Dutch: € 15.000, € 1.234,56, 92,0 %, 10 augustus 2028. English: €15,000, €1,234.56, 92.0%,
10 August 2028. Only the display goes through here: the sums stay in integer cents
(``pensioenchecker.money``). Babel is imported at the first figure, not at start-up.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pensioenchecker.i18n import PSEUDO
from pensioenchecker.i18n import language as _language

BABEL_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
TIMES = "×"
"""The multiplication sign, in both languages (never the letter x)."""

_PERCENT_FORMATS = {"nl": "#,##0.0 %", "en": "#,##0.0%"}


def language(lang: str | None) -> str:
    """The language whose notation ``lang`` uses (the pseudo-language writes figures as Dutch)."""
    code = _language(lang)
    return "nl" if code == PSEUDO else code


def _locale(lang: str | None) -> str:
    return BABEL_LOCALES[language(lang)]


def money(cents: int, lang: str | None, decimals: bool | None = None) -> str:
    """An amount in euros: to the cent with ``decimals``; by default whole euros without them.

    Tables pass ``decimals=True`` so their columns line up; sentences leave it to the amount.
    """
    from babel.numbers import format_currency

    if decimals is None:
        decimals = cents % 100 != 0
    digits = "#,##0.00" if decimals else "#,##0"
    pattern = f"¤ {digits};¤ -{digits}" if language(lang) == "nl" else f"¤{digits};-¤{digits}"
    return format_currency(
        Decimal(cents) / 100, "EUR", format=pattern, locale=_locale(lang), currency_digits=False
    )


def percent(ratio: Decimal | float | str, lang: str | None, decimals: int = 1) -> str:
    """A ratio as a percentage with ``decimals`` decimals (0.92 is 92,0 % / 92.0%)."""
    from babel.numbers import format_percent

    digits = "0." + "0" * decimals if decimals else "0"
    pattern = _PERCENT_FORMATS[language(lang)].replace("0.0", digits)
    return format_percent(Decimal(str(ratio)), pattern, locale=_locale(lang))


def exact_percent(ratio: Decimal | float | str, lang: str | None) -> str:
    """A legal rate with all its digits, up to three decimals: 0.3697 is 36,97 % (36.97%).

    Rates are exact in the rules; rounding one to one decimal would show a different rate.
    """
    from babel.numbers import format_percent

    pattern = _PERCENT_FORMATS[language(lang)].replace("0.0", "0.###")
    return format_percent(Decimal(str(ratio)), pattern, locale=_locale(lang))


def number(value: int | Decimal | float, lang: str | None) -> str:
    """A number with the language's grouping and decimal mark."""
    from babel.numbers import format_decimal

    return format_decimal(value, locale=_locale(lang))


def date(day: dt.date, lang: str | None) -> str:
    """A date in words: 10 augustus 2028, 10 August 2028."""
    from babel.dates import format_date

    return format_date(day, "long", locale=_locale(lang))
