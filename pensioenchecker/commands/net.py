"""``net``: income tax, credits, Zvw and net for one person in one year."""

from __future__ import annotations

import argparse
import datetime as dt
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
from pensioenchecker.commands.toeslagen import add_disposable_arguments, net_disposable
from pensioenchecker.errors import InputError
from pensioenchecker.i18n import Translator
from pensioenchecker.money import parse_euros
from pensioenchecker.payloads import net_payload
from pensioenchecker.rules.names import parameter_name, source_name, status_name
from pensioenchecker.rules.parameters import Parameters

HELP = "annual net income of one person in one year"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``net`` flags."""
    parser.add_argument("--year", type=int, required=True)
    parser.add_argument("--birth-date", required=True, help="YYYY-MM-DD")
    parser.add_argument("--household", required=True, help="single or couple")
    parser.add_argument(
        "--aow", required=True, help="annual gross AOW in euros incl. holiday allowance, or 'full'"
    )
    parser.add_argument(
        "--pension",
        action="append",
        default=[],
        help="annual gross pension in euros incl. holiday pay (repeatable)",
    )
    parser.add_argument("--wage", help="annual gross wage in euros incl. holiday allowance")
    add_disposable_arguments(parser)
    parser.add_argument("--explain", action="store_true", help="show how every figure was computed")
    parser.add_argument("--json", action="store_true")
    add_language_argument(parser)


def cmd_net(args: argparse.Namespace) -> int:
    """Annual view: income tax, credits, Zvw and net for one person in one year."""
    if args.household not in ("single", "couple"):
        raise InputError(f"household {args.household!r} is not single or couple")
    if not 1900 <= args.year <= 2200:
        raise InputError(f"year {args.year} is not plausible")
    birth = parse_date(args.birth_date, "birth date")
    engine = load_engine()
    couple = args.household == "couple"
    notices: list[str] = []
    if args.aow.strip().lower() == "full":
        aow, aow_notices = engine.full_aow_annual(args.year, couple)
        notices.extend(aow_notices)
    else:
        aow = parse_euros(args.aow, "--aow")
    pension = sum(parse_euros(p, "--pension") for p in args.pension)
    wage = parse_euros(args.wage, "--wage") if args.wage else 0
    result = engine.net(
        args.year,
        np.array([birth], dtype="datetime64[D]"),
        np.array([couple]),
        np.array([aow], dtype=np.int64),
        np.array([pension], dtype=np.int64),
        np.array([wage], dtype=np.int64),
        trace=args.explain,
    )
    notices.extend(n for n in result.figures.notices if n not in notices)
    t = translator_for(args)
    notes = list(notices)
    aow_date = str(result.aow.date[0])
    if aow > 0 and aow_date > f"{args.year}-12-31":
        notices.append(
            f"the AOW age is reached on {aow_date}, after {args.year}: AOW in "
            f"{args.year} is unusual"
        )
        notes.append(
            t._("the AOW age is reached on {date}, after {year}: AOW in {year} is unusual").format(
                date=notation.date(dt.date.fromisoformat(aow_date), t.lang), year=args.year
            )
        )
    payload = net_payload(args.year, birth, args.household, (aow, pension, wage), result, notices)
    disposable = net_disposable(
        args,
        engine,
        args.year,
        birth,
        couple,
        int(result.figures.gross[0]),
        int(result.figures.net_annual[0]),
    )
    rows = _rows(args, payload, result.figures, (aow, pension, wage), t)
    if disposable is not None:
        payload["disposable"] = disposable[0]
        rows += _disposable_rows(disposable[0], t)
    explanation = None
    if result.trace is not None:
        explanation = result.trace.explain(0, engine.parameters)
        payload["explanation"] = explanation
    emit(args, payload, rows, t, notes)
    if args.explain and explanation is not None and not args.json:
        _print_explanation(explanation, t, engine.parameters)
    return EXIT_OK


def _rows(
    args: argparse.Namespace,
    payload: dict[str, Any],
    f: Any,
    gross: tuple[int, int, int],
    t: Translator,
) -> list[tuple[str, str]]:
    """The readable table in ``t``'s language; whole-euro figures are shown as amounts too."""
    aow, pension, wage = gross

    def amount(cents: int) -> str:
        return notation.money(int(cents), t.lang, decimals=True)

    household = t._("living together") if args.household == "couple" else t._("single")
    heading = t._("Net income {year} ({household}, born {birth}, AOW from {aow_date})").format(
        year=args.year,
        household=household,
        birth=notation.date(dt.date.fromisoformat(payload["birth_date"]), t.lang),
        aow_date=notation.date(dt.date.fromisoformat(payload["aow_date"]), t.lang),
    )
    return [
        (heading, ""),
        (t._("AOW (gross)"), amount(aow)),
        (t._("Pension (gross)"), amount(pension)),
        (t._("Wage (gross)"), amount(wage)),
        (t._("Gross income"), amount(f.gross[0])),
        (t._("Taxable income (whole euros)"), amount(f.taxable_income[0] * 100)),
        (t._("Tax and premiums before credits"), amount(f.tax_before_credits[0] * 100)),
        ("- " + t._("algemene heffingskorting"), amount(f.algemene_heffingskorting[0] * 100)),
        ("- " + t._("ouderenkorting"), amount(f.ouderenkorting[0] * 100)),
        (
            "- " + t._("alleenstaande ouderenkorting"),
            amount(f.alleenstaande_ouderenkorting[0] * 100),
        ),
        ("- " + t._("arbeidskorting"), amount(f.arbeidskorting[0] * 100)),
        (t._("Income tax"), amount(f.income_tax[0] * 100)),
        (t._("Zvw contribution"), amount(f.zvw[0])),
        (t._("Net per year"), amount(f.net_annual[0])),
        (t._("Net per month"), amount(f.net_monthly[0])),
    ]


def _disposable_rows(part: dict[str, Any], t: Translator) -> list[tuple[str, str]]:
    """The disposable income below the net; "not known" where a figure was not found."""

    def shown(value: float | None, sign: str = "") -> str:
        if value is None:
            return t._("not known")
        return sign + notation.money(round(value * 100), t.lang, decimals=True)

    health = t._("health costs")
    if part["health_costs_assumed"]:
        health += " " + t._("(assumed average)")
    return [
        (t._("Disposable income"), ""),
        ("- " + health, shown(part["health_costs"])),
        ("+ " + t._("zorgtoeslag"), shown(part["zorgtoeslag"])),
        ("+ " + t._("huurtoeslag"), shown(part["huurtoeslag"])),
        ("- " + t._("box 3 tax"), shown(part["box3_tax"])),
        (t._("Disposable per year"), shown(part["disposable_annual"])),
        (t._("Disposable per month"), shown(part["disposable_monthly"])),
    ]


def _print_explanation(steps: list[dict[str, Any]], t: Translator, parameters: Parameters) -> None:
    """Each rule that ran, its outputs, and the parameters with their sources by name."""
    print("\n" + t._("How this was computed:"))
    for step in steps:
        outputs = ", ".join(f"{k} = {v}" for k, v in step["outputs"].items())
        print(f"- {step['rule']} ({step['law']}): {outputs}")
        for param in step["parameters"]:
            sources = [
                source_name(
                    parameters.sources[key].title, parameters.sources[key].href, key, t.lang
                )
                for key in param["source_keys"]
                if key in parameters.sources
            ]
            line = t._("{parameter}, since {date} ({status}): {sources}").format(
                parameter=parameter_name(param["name"], t.lang),
                date=notation.date(dt.date.fromisoformat(param["since"]), t.lang),
                status=status_name(param["status"], t.lang),
                sources="; ".join(sources),
            )
            print(f"    {line}")
