"""``withholding``: what one payer withholds in one month (Rekenvoorschriften)."""

from __future__ import annotations

import argparse
import datetime as dt
from decimal import Decimal
from typing import Any

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
from pensioenchecker.money import parse_euros
from pensioenchecker.payloads import GROUP_NAMES, withholding_payload
from pensioenchecker.rules.names import parameter_name

HELP = "monthly withholding by one payer"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``withholding`` flags."""
    parser.add_argument("--date", required=True, help="a day in the month, YYYY-MM-DD")
    parser.add_argument("--birth-date", required=True)
    parser.add_argument("--gross-monthly", required=True, help="gross payment this month, euros")
    parser.add_argument(
        "--loonheffingskorting",
        action="store_true",
        help="this payer applies the loonheffingskorting",
    )
    parser.add_argument(
        "--alleenstaande-ouderenkorting",
        action="store_true",
        help="include the alleenstaande ouderenkorting (single AOW)",
    )
    parser.add_argument(
        "--table",
        choices=("green", "white"),
        default="green",
        help="green: pension, AOW, benefits (default); white: wage",
    )
    parser.add_argument(
        "--explain", action="store_true", help="also list the rates the month was computed with"
    )
    parser.add_argument("--json", action="store_true")
    add_language_argument(parser)


TABLE_NAMES = {"green": N_("green table"), "white": N_("white table")}
GROUP_WORDS = (
    N_("below the AOW age"),
    N_("AOW age, born in 1946 or later"),
    N_("AOW age, born before 1946"),
)
"""The payload's ``group`` (by index) in words."""
ONLY_WITH_LHK = N_("the alleenstaande ouderenkorting applies only with the loonheffingskorting")
WHITE_ZVW = N_("white table: the employer pays the Zvw levy, nothing is withheld for it")


def cmd_withholding(args: argparse.Namespace) -> int:
    """What one payer withholds in one month (Rekenvoorschriften)."""
    on = parse_date(args.date, "date")
    birth = parse_date(args.birth_date, "birth date")
    gross = parse_euros(args.gross_monthly, "--gross-monthly")
    engine = load_engine()
    white = args.table == "white"
    result, group, trace = engine.withholding(
        on,
        np.array([birth], dtype="datetime64[D]"),
        np.array([gross], dtype=np.int64),
        np.array([args.loonheffingskorting]),
        np.array([args.alleenstaande_ouderenkorting]),
        np.array([white]),
        trace=args.explain,
    )
    notices = list(engine.book.year(on.year).notices) + list(result.notices)
    if args.alleenstaande_ouderenkorting and not args.loonheffingskorting:
        notices.append(ONLY_WITH_LHK)
    if white:
        notices.append(WHITE_ZVW)
    payload = withholding_payload(on, birth, args.table, gross, result, int(group[0]), notices)
    explanation = None
    if trace is not None:
        explanation = trace.explain(0, engine.parameters)
        payload["explanation"] = explanation
    t = translator_for(args)

    def amount(cents: int) -> str:
        return notation.money(int(cents), t.lang, decimals=True)

    heading = t._("Withholding on {date} ({table}, {group})").format(
        date=notation.date(on, t.lang),
        table=t._(TABLE_NAMES[args.table]),
        group=t._(GROUP_WORDS[int(group[0])]),
    )
    steps = t._("Table wage (in steps of {step})").format(step=amount(450))
    rows = [
        (heading, ""),
        (t._("Gross this month"), amount(gross)),
        (steps, amount(result.table_wage[0])),
        (t._("Loonheffing"), amount(result.loonheffing[0])),
        (t._("Zvw contribution"), amount(result.zvw[0])),
        (t._("Net paid"), amount(result.net[0])),
    ]
    emit(args, payload, rows, t)
    if explanation is not None and not args.json:
        _print_rates(explanation, t)
    return EXIT_OK


def _print_rates(steps: list[dict[str, Any]], t: Translator) -> None:
    """The bracket rates and credits the month was computed with, each with its date."""
    print("\n" + t._("How this was computed:"))
    for step in steps:
        used = _used_table(step)
        for param in step["parameters"]:
            name, value = param["name"], param["value"]
            if isinstance(value, dict) and "brackets" in value and name != used:
                continue  # the other age groups' tables were not applied
            since = t._("valid from {date}").format(
                date=notation.date(dt.date.fromisoformat(param["since"]), t.lang)
            )
            shown = _value_text(name, value, t)
            print(f"- {parameter_name(name, t.lang)}{': ' + shown if shown else ''} ({since})")
            if isinstance(value, dict) and "brackets" in value:
                for bracket in value["brackets"]:
                    rate = notation.exact_percent(bracket["rate"], t.lang)
                    if bracket["upto"] is None:
                        line = t._("above that: {rate}").format(rate=rate)
                    else:
                        upto = notation.money(int(bracket["upto"]) * 100, t.lang)
                        line = t._("up to {amount}: {rate}").format(amount=upto, rate=rate)
                    print(f"    {line}")


def _value_text(name: str, value: Any, t: Translator) -> str:
    """A parameter's value in words, so the reader sees what the month was computed with.

    A rate as a percentage, an amount in euros, a credit's maximum and phase-out; a bracket
    table is listed below its name instead.
    """

    def euros(whole: Any) -> str:
        return notation.money(int(whole) * 100, t.lang)

    if isinstance(value, dict) and {"max", "phaseout_start", "phaseout_rate"} <= set(value):
        return t._("at most {maximum}, less {rate} of the income above {start}").format(
            maximum=euros(value["max"]),
            rate=notation.exact_percent(value["phaseout_rate"], t.lang),
            start=euros(value["phaseout_start"]),
        )
    if isinstance(value, str | int) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            return ""
        if name.endswith("rate"):
            return notation.exact_percent(number, t.lang)
        if number == number.to_integral_value():
            return euros(number)
    return ""


def _used_table(step: dict[str, Any]) -> str | None:
    """The bracket table of the age group the step applied (``box1.<group>``)."""
    group = step["inputs"].get("group")
    if isinstance(group, int) and 0 <= group < len(GROUP_NAMES):
        return f"box1.{GROUP_NAMES[group]}"
    return None
