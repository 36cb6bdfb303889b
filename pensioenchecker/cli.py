"""Command line: ``python -m pensioenchecker net|project|toeslagen|import|batch|...``.

This module is the parser and ``main()`` only: each command lives in its own module in
``pensioenchecker.commands`` (or beside its code: share, export, vault, rules), and the JSON it
prints is built in ``pensioenchecker.payloads``. Each command prints a readable table, or JSON
with ``--json``. The names, flags and JSON keys are a public contract. Bad input ends with a
one-line message on standard error and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from types import ModuleType
from typing import NoReturn

from pensioenchecker import __version__, clock
from pensioenchecker.commands import aow, batch, import_, net, project, toeslagen, withholding
from pensioenchecker.commands.aow import cmd_aow
from pensioenchecker.commands.batch import cmd_batch
from pensioenchecker.commands.common import EXIT_INPUT, EXIT_INTERNAL, EXIT_OK, parse_date
from pensioenchecker.commands.import_ import cmd_import
from pensioenchecker.commands.net import cmd_net
from pensioenchecker.commands.project import cmd_project
from pensioenchecker.commands.toeslagen import cmd_toeslagen
from pensioenchecker.commands.withholding import cmd_withholding
from pensioenchecker.errors import InputError, ParameterError, PensioencheckerError
from pensioenchecker.i18n import language, system_language
from pensioenchecker.masking import mask_identifiers
from pensioenchecker.messages import phrase

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "build_parser",
    "cmd_aow",
    "cmd_batch",
    "cmd_import",
    "cmd_net",
    "cmd_project",
    "cmd_toeslagen",
    "cmd_withholding",
    "main",
]


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"{self.prog}: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(
        prog="pensioenchecker",
        description="Net pension income in the Netherlands, exact and explained.",
    )
    parser.add_argument("--version", action="version", version=f"pensioenchecker {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    # Looked up here, at call time, so a replaced ``cmd_*`` of this module is the one that runs.
    own: list[tuple[str, ModuleType, Callable[[argparse.Namespace], int]]] = [
        ("net", net, cmd_net),
        ("withholding", withholding, cmd_withholding),
        ("aow", aow, cmd_aow),
        ("project", project, cmd_project),
        ("import", import_, cmd_import),
        ("batch", batch, cmd_batch),
        ("toeslagen", toeslagen, cmd_toeslagen),
    ]
    for name, module, command in own:
        command_parser = sub.add_parser(name, help=module.HELP)
        module.add_arguments(command_parser)
        command_parser.set_defaults(func=command)

    # Sharing and exports keep their commands beside their code.
    from pensioenchecker.exports.cli import register as register_exports
    from pensioenchecker.rules.cli import register as register_rules
    from pensioenchecker.share.cli import register as register_share
    from pensioenchecker.vault.cli import register as register_vault

    register_share(sub)
    register_exports(sub)
    register_vault(sub)
    register_rules(sub)
    return parser


def _clock_setting(args: argparse.Namespace) -> dt.datetime | dt.date | None:
    """The moment a command's ``--as-of``, ``--at`` or ``--now`` names, for the whole run.

    Everything the command does then agrees on one date: the projection's start, the
    plausibility of a birth date, a receipt's time and the vault's log.
    """
    if getattr(args, "as_of", None):
        return parse_date(args.as_of, "--as-of")
    for flag in ("at", "now"):
        text = getattr(args, flag, None)
        if text:
            try:
                moment = dt.datetime.fromisoformat(text.strip())
            except ValueError:
                raise InputError(
                    phrase(
                        "--{flag} {value} is not an ISO date and time",
                        flag=flag,
                        value=repr(text[:40]),
                    )
                ) from None
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; user errors become one line on stderr and exit code 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    lang = language(getattr(args, "lang", None) or system_language())
    try:
        with clock.frozen(moment) if (moment := _clock_setting(args)) else nullcontext():
            return int(args.func(args))
    except ParameterError as exc:
        broken = phrase("broken rule parameters: {problem}", problem=exc.text(lang))
        print(f"pensioenchecker: {broken.text(lang)}", file=sys.stderr)
        return EXIT_INTERNAL
    except PensioencheckerError as exc:  # InputError and the rest: the refusal in ``--lang``
        print(f"pensioenchecker {args.command}: {_one_line(exc.text(lang))}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("pensioenchecker: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, never a traceback
        if os.environ.get("PENSIOENCHECKER_DEBUG"):
            raise
        if _is_validation_error(exc):  # the model refused a value no importer checked first
            from pensioenchecker.model.validation import refusal

            refused = refusal(exc).text(lang)  # type: ignore[arg-type]
            print(f"pensioenchecker {args.command}: {refused}", file=sys.stderr)
            return EXIT_INPUT
        text = _private_and_short(str(exc))
        print(
            f"pensioenchecker {args.command}: unexpected {type(exc).__name__}: {text} "
            "(a bug; please report it, with PENSIOENCHECKER_DEBUG=1 for the details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _one_line(text: str) -> str:
    """A refusal on one line, whatever a quoted value or a translation holds."""
    return " ".join(text.split())


def _is_validation_error(exc: Exception) -> bool:
    """A pydantic ValidationError, without importing pydantic for every other error."""
    module = sys.modules.get("pydantic")
    return module is not None and isinstance(exc, module.ValidationError)


def _private_and_short(text: str) -> str:
    """An unexpected error's text as it may be printed: one line, identifiers masked, short.

    It can hold whatever a library quoted (an input with a BSN or IBAN in it).
    """
    return mask_identifiers(" ".join(text.split()))[:160]


if __name__ == "__main__":
    raise SystemExit(main())
