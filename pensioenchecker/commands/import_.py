"""``import``: read downloaded files into one household dossier; print it or save it."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pensioenchecker.commands.common import EXIT_OK, load_engine, print_json
from pensioenchecker.money import format_euros
from pensioenchecker.payloads import import_payload

HELP = "read downloaded files into one household dossier"


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


def cmd_import(args: argparse.Namespace) -> int:
    """Import downloaded files into one dossier; print it or save it."""
    from pensioenchecker.sources.registry import load_paths
    from pensioenchecker.storage import write_atomic

    dossier = load_paths([Path(f) for f in args.files], load_engine(), partners=args.partners)
    if args.output:
        write_atomic(Path(args.output), dossier.to_json().encode("utf-8"))
    payload = import_payload(dossier)
    if args.json:
        print_json(payload)
        return EXIT_OK
    _print_summary(payload)
    if args.output:
        print(f"saved to {args.output}")
    return EXIT_OK


def _print_summary(payload: dict[str, Any]) -> None:
    """Persons, one line per entitlement, counts of the rest, and the warnings."""
    for person in payload["persons"]:
        print(
            f"{person['name'] or person['id']}: born {person['birth_date']}, {person['household']}"
        )
    for e in payload["entitlements"]:
        age = e.get("start_age")
        start = f"{age['years']} y {age['months']} m" if age else e.get("start_event")
        amount = e.get("annual_amount")
        shown = "" if amount is None else format_euros(round(amount * 100))
        print(
            f"  {e['person']} {e['kind']:<17} {e['provider'][:40]:<40} {shown:>14} per year "
            f"from {start}{'' if e['certain'] else ' (indicative)'}"
        )
    if payload["transactions"]:
        print(f"  {len(payload['transactions'])} bank transactions")
    if payload["employment"]:
        print(f"  {len(payload['employment'])} employment periods (to be reviewed)")
    for warning in payload["warnings"]:
        print(f"note: {warning}")
