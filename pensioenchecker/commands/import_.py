"""``import``: read downloaded files into one household dossier; print it or save it."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

from pensioenchecker import notation
from pensioenchecker.commands.common import (
    EXIT_OK,
    add_language_argument,
    load_engine,
    print_json,
    translator_for,
)
from pensioenchecker.i18n import N_, Translator
from pensioenchecker.payloads import import_payload

HELP = "read downloaded files into one household dossier"

EVENTS = {
    "death": N_("death"),
    "death_partner": N_("the partner's death"),
    "death_parent": N_("a parent's death"),
    "now": N_("now"),
}
"""The moments a pension starts that are no age, in words."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``import`` flags."""
    parser.add_argument("files", nargs="+", metavar="FILE")
    parser.add_argument("-o", "--output", metavar="DOSSIER.json", help="save the dossier")
    parser.add_argument("--json", action="store_true")
    parser.add_argument(
        "--partners",
        action="store_true",
        help="two people whose files say single live together: make them fiscal partners",
    )
    add_language_argument(parser)


def cmd_import(args: argparse.Namespace) -> int:
    """Import downloaded files into one dossier; print it or save it."""
    from pensioenchecker.sources.registry import load_paths
    from pensioenchecker.storage import write_atomic

    dossier = load_paths([Path(f) for f in args.files], load_engine(), partners=args.partners)
    if args.output:
        write_atomic(Path(args.output), dossier.to_json().encode("utf-8"))
    t = translator_for(args)
    payload = import_payload(dossier, t.lang)
    if args.json:
        print_json(payload)
        return EXIT_OK
    _print_summary(payload, t)
    if args.output:
        print(t._("saved to {file}").format(file=args.output))
    return EXIT_OK


def _print_summary(payload: dict[str, Any], t: Translator) -> None:
    """Persons, one line per entitlement, counts of the rest, and the warnings (in ``t``)."""
    for person in payload["persons"]:
        household = t._("living together") if person["household"] == "couple" else t._("single")
        print(
            t._("{name}: born {birth}, {household}").format(
                name=person["name"] or person["id"],
                birth=notation.date(dt.date.fromisoformat(person["birth_date"]), t.lang),
                household=household,
            )
        )
    for e in payload["entitlements"]:
        age = e.get("start_age")
        start = (
            t._("{years} y {months} m").format(years=age["years"], months=age["months"])
            if age
            else t._(EVENTS.get(e.get("start_event") or "", e.get("start_event") or ""))
        )
        amount = e.get("annual_amount")
        shown = "" if amount is None else notation.money(round(amount * 100), t.lang, True)
        line = t._("{amount} per year from {start}").format(amount=f"{shown:>14}", start=start)
        indicative = "" if e["certain"] else " " + t._("(indicative)")
        print(f"  {e['person']} {e['kind']:<17} {e['provider'][:40]:<40} {line}{indicative}")
    if payload["transactions"]:
        count = len(payload["transactions"])
        print(
            "  "
            + t.ngettext("{count} bank transaction", "{count} bank transactions", count).format(
                count=count
            )
        )
    if payload["employment"]:
        count = len(payload["employment"])
        print(
            "  "
            + t.ngettext(
                "{count} employment period (to be reviewed)",
                "{count} employment periods (to be reviewed)",
                count,
            ).format(count=count)
        )
    for warning in payload["warnings"]:
        print(t._("note: {text}").format(text=warning))
