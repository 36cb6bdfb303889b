"""What every command shares: exit codes, date parsing, and printing a table or JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from pensioenchecker.errors import InputError
from pensioenchecker.masking import shown_value

if TYPE_CHECKING:
    from pensioenchecker.engine import Engine

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_INTERNAL = 3


def parse_date(text: str, what: str) -> dt.date:
    """An ISO date from the command line; a bad one is a one-line input error naming ``what``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} {shown_value(text)} is not a valid date (YYYY-MM-DD)") from None


def load_engine() -> Engine:
    """The rules engine, imported late so ``--help`` and usage errors stay fast."""
    from pensioenchecker.engine import Engine

    return Engine()


def print_json(payload: Any) -> None:
    """The ``--json`` form: indented, non-ASCII kept (names, €)."""
    print(json.dumps(payload, ensure_ascii=False, indent=2))


def print_table(rows: list[tuple[str, str]]) -> None:
    """Label and value per line; a row without a value is a heading."""
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value:>16}" if value else label)


def emit(args: argparse.Namespace, payload: dict[str, Any], rows: list[tuple[str, str]]) -> None:
    """The payload as JSON with ``--json``; otherwise the table and the notes below it."""
    if args.json:
        print_json(payload)
    else:
        print_table(rows)
        for notice in payload.get("notices", []) + payload.get("assumptions", []):
            print(f"note: {notice}")
