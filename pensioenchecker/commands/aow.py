"""``aow``: AOW age and AOW date from the birth date."""

from __future__ import annotations

import argparse

import numpy as np

from pensioenchecker.commands.common import EXIT_OK, emit, load_engine, parse_date
from pensioenchecker.payloads import aow_payload

HELP = "AOW age and AOW date from the birth date"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``aow`` flags."""
    parser.add_argument("--birth-date", required=True)
    parser.add_argument("--json", action="store_true")


def cmd_aow(args: argparse.Namespace) -> int:
    """AOW age and AOW date from the birth date."""
    birth = parse_date(args.birth_date, "birth date")
    ages = load_engine().aow_age(np.array([birth], dtype="datetime64[D]"))
    payload = aow_payload(birth, ages)
    years, months = int(ages.years[0]), int(ages.months[0])
    rows = [
        (f"AOW for someone born {birth.isoformat()}", ""),
        ("AOW age", f"{years} jaar en {months} maanden"),
        ("AOW date", str(ages.date[0])),
        ("Fixed by law", "yes" if payload["known"] else "no (latest known age)"),
    ]
    emit(args, payload, rows)
    return EXIT_OK
