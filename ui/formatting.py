"""Money, dates and ages for the screen: € 1.234,56, 10 augustus 2028 (10 August 2028)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pensioenchecker.calendar_names import MONTHS_EN, MONTHS_NL
from pensioenchecker.money import format_euros

MONTHS = {"nl": MONTHS_NL, "en": MONTHS_EN}


def money(cents: int, decimals: bool = True) -> str:
    """€ 1.234,56; whole euros without ``decimals``.

    Dutch notation in both languages: these are Dutch amounts, typed the Dutch way in the
    entry fields, and switching the language changes the words around them, not the figures.
    """
    return format_euros(cents, dutch=True, decimals=decimals)


def per_currency(left_out: Mapping[str, Mapping[str, int]]) -> str:
    """3 in CHF, 2 in PLN: the transactions a spending profile left out, per currency.

    The same words in both languages, so the pages' sentences around it are all there is to
    translate.
    """
    return ", ".join(f"{item['transactions']} in {code}" for code, item in left_out.items())


def long_date(day: dt.date, lang: str = "nl") -> str:
    """10 augustus 2028 / 10 August 2028."""
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def age_text(years: int, months: int, lang: str = "nl") -> str:
    """67 jaar en 3 maanden / 67 years and 3 months."""
    if lang == "nl":
        rest = f" en {months} maand{'en' if months != 1 else ''}" if months else ""
        return f"{years} jaar{rest}"
    rest = f" and {months} month{'s' if months != 1 else ''}" if months else ""
    return f"{years} years{rest}"
