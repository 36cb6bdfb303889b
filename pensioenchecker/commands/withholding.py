"""``withholding``: what one payer withholds in one month (Rekenvoorschriften)."""

from __future__ import annotations

import argparse

import numpy as np

from pensioenchecker.commands.common import EXIT_OK, emit, load_engine, parse_date
from pensioenchecker.money import parse_euros
from pensioenchecker.payloads import GROUP_NAMES, money_text, withholding_payload

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
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--json", action="store_true")


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
        notices.append("the alleenstaande ouderenkorting applies only with the loonheffingskorting")
    if white:
        notices.append("white table: the employer pays the Zvw levy, nothing is withheld for it")
    payload = withholding_payload(on, birth, args.table, gross, result, int(group[0]), notices)
    if trace is not None:
        payload["explanation"] = trace.explain(0, engine.parameters)
    rows = [
        (f"Withholding {on.isoformat()} ({args.table} table, {GROUP_NAMES[int(group[0])]})", ""),
        ("Gross this month", money_text(gross)),
        ("Table wage (4,50 steps)", money_text(result.table_wage[0])),
        ("Loonheffing", money_text(result.loonheffing[0])),
        ("Zvw contribution", money_text(result.zvw[0])),
        ("Net paid", money_text(result.net[0])),
    ]
    emit(args, payload, rows)
    return EXIT_OK
