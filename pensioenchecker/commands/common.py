"""What every command shares: exit codes, date parsing, and printing a table or JSON."""

from __future__ import annotations

import argparse
import datetime as dt
import json
from typing import TYPE_CHECKING, Any

from pensioenchecker.errors import InputError
from pensioenchecker.i18n import LANGUAGES, N_, Translator, system_language
from pensioenchecker.masking import shown_value
from pensioenchecker.messages import Sentence, phrase, say

if TYPE_CHECKING:
    from pensioenchecker.engine import Engine

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_INTERNAL = 3


DATE_NAMES: dict[str, str] = {
    "birth date": N_("birth date"),
    "partner birth date": N_("partner birth date"),
    "date": N_("date"),
}
"""The dates a command asks for, as a refusal names them (translated when shown)."""


def parse_date(text: str, what: str) -> dt.date:
    """An ISO date from the command line; a bad one is a one-line input error naming ``what``."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            phrase(
                "{what} {value} is not a valid date (YYYY-MM-DD)",
                what=phrase(DATE_NAMES[what]) if what in DATE_NAMES else what,
                value=shown_value(text),
            )
        ) from None


def add_language_argument(parser: argparse.ArgumentParser) -> None:
    """``--lang nl|en``: the language of the readable output (never of the JSON keys)."""
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        help="language of the readable output (default: Dutch on a Dutch system, else English)",
    )


def translator_for(args: argparse.Namespace) -> Translator:
    """The translator of ``--lang``, or of the system's language when it is not given."""
    return Translator(getattr(args, "lang", None) or system_language())


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


def emit(
    args: argparse.Namespace,
    payload: dict[str, Any],
    rows: list[tuple[str, str]],
    t: Translator | None = None,
    notes: list[str] | None = None,
) -> None:
    """The payload as JSON with ``--json``; otherwise the table and the notes below it.

    ``notes`` replaces the payload's notices in the table (the same notes in ``t``'s language;
    the JSON keeps its own).
    """
    if args.json:
        print_json(payload)
    else:
        print_table(rows)
        note = t._("note: {text}") if t else "note: {text}"
        if notes is None:
            notes = payload.get("notices", []) + payload.get("assumptions", [])
        for notice in notes:  # the fixed ones are in the catalog, the others are sentences
            if t is not None:
                notice = say(notice, t.lang) if isinstance(notice, Sentence) else t._(notice)
            print(note.format(text=notice))
