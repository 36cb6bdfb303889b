"""``aow``: AOW age and AOW date from the birth date."""

from __future__ import annotations

import argparse
import datetime as dt

import numpy as np

from pensioenchecker import notation
from pensioenchecker.commands.common import (
    EXIT_OK,
    add_language_argument,
    emit,
    load_engine,
    parse_date,
    translator_for,
)
from pensioenchecker.i18n import N_, Translator
from pensioenchecker.payloads import aow_payload

HELP = "AOW age and AOW date from the birth date"

NOT_FIXED = N_(
    "the AOW age for this birth date is not yet fixed by law; the latest known AOW age is used"
)
"""The payload's notice when the age is not yet law (the same English text, translated)."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``aow`` flags."""
    parser.add_argument("--birth-date", required=True)
    parser.add_argument("--json", action="store_true")
    add_language_argument(parser)


def age_text(years: int, months: int, t: Translator) -> str:
    """An age in words: 67 jaar en 3 maanden, 67 years and 3 months; no months left out."""
    in_years = t.ngettext("{count} year", "{count} years", years).format(count=years)
    if not months:
        return in_years
    in_months = t.ngettext("{count} month", "{count} months", months).format(count=months)
    return t._("{years} and {months}").format(years=in_years, months=in_months)


def cmd_aow(args: argparse.Namespace) -> int:
    """AOW age and AOW date from the birth date."""
    birth = parse_date(args.birth_date, "birth date")
    ages = load_engine().aow_age(np.array([birth], dtype="datetime64[D]"))
    payload = aow_payload(birth, ages)
    t = translator_for(args)
    aow_date = dt.date.fromisoformat(payload["aow_date"])
    fixed = t._("yes") if payload["known"] else t._("no (latest known age)")
    rows = [
        (t._("AOW for someone born on {date}").format(date=notation.date(birth, t.lang)), ""),
        (t._("AOW age"), age_text(int(ages.years[0]), int(ages.months[0]), t)),
        (t._("AOW date"), notation.date(aow_date, t.lang)),
        (t._("Fixed by law"), fixed),
    ]
    notes = [] if payload["known"] else [NOT_FIXED]
    emit(args, payload, rows, t, notes)
    return EXIT_OK
