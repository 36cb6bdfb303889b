"""Money, dates and ages for the screen: € 1.234,56, 10 augustus 2028 (10 August 2028)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pensioenchecker import notation
from pensioenchecker.i18n import Translator
from pensioenchecker.money import format_euros


def money(cents: int, decimals: bool = True) -> str:
    """€ 1.234,56; whole euros without ``decimals``.

    Dutch notation in both languages: these are Dutch amounts, typed the Dutch way in the
    entry fields, and switching the language changes the words around them, not the figures.
    """
    return format_euros(cents, dutch=True, decimals=decimals)


def per_currency(left_out: Mapping[str, Mapping[str, int]], lang: str = "nl") -> str:
    """3 in CHF, 2 in PLN: the transactions a spending profile left out, per currency."""
    catalog = Translator(lang)
    return ", ".join(
        catalog._("{count} in {currency}").format(
            count=notation.number(item["transactions"], lang), currency=code
        )
        for code, item in left_out.items()
    )


def long_date(day: dt.date, lang: str = "nl") -> str:
    """10 augustus 2028 / 10 August 2028 (Babel's long date of the language)."""
    return notation.date(day, lang)


def age_text(years: int, months: int, lang: str = "nl") -> str:
    """67 jaar en 3 maanden / 67 years and 3 months."""
    catalog = Translator(lang)
    whole = catalog.ngettext("{count} year", "{count} years", years).format(count=years)
    if not months:
        return whole
    rest = catalog.ngettext("{count} month", "{count} months", months).format(count=months)
    return catalog._("{years} and {months}").format(years=whole, months=rest)


def percentage(ratio: object, digits: int = 3) -> str:
    """36,97 %: a ratio as a percentage, Dutch notation in both languages (as ``money``).

    At most ``digits`` decimals (up to 3), trailing zeros dropped: 0.02 is 2 %.
    """
    from decimal import Decimal

    rounded = round(Decimal(str(ratio)), digits + 2)
    return notation.exact_percent(rounded, "nl")
