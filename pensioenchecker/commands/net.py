"""``net``: income tax, credits, Zvw and net for one person in one year."""

from __future__ import annotations

import argparse
from typing import Any

import numpy as np

from pensioenchecker.commands.common import EXIT_OK, emit, load_engine, parse_date
from pensioenchecker.commands.toeslagen import add_disposable_arguments, net_disposable
from pensioenchecker.errors import InputError
from pensioenchecker.money import parse_euros
from pensioenchecker.payloads import money_text, net_payload

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
    aow_date = str(result.aow.date[0])
    if aow > 0 and aow_date > f"{args.year}-12-31":
        notices.append(
            f"the AOW age is reached on {aow_date}, after {args.year}: AOW in "
            f"{args.year} is unusual"
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
    rows = _rows(args, payload, result.figures, (aow, pension, wage))
    if disposable is not None:
        payload["disposable"] = disposable[0]
        rows += _disposable_rows(disposable[0])
    explanation = None
    if result.trace is not None:
        explanation = result.trace.explain(0, engine.parameters)
        payload["explanation"] = explanation
    emit(args, payload, rows)
    if args.explain and explanation is not None and not args.json:
        _print_explanation(explanation)
    return EXIT_OK


def _rows(
    args: argparse.Namespace, payload: dict[str, Any], f: Any, gross: tuple[int, int, int]
) -> list[tuple[str, str]]:
    """The readable table; whole-euro figures are shown as amounts too."""
    aow, pension, wage = gross
    return [
        (
            f"Net income {args.year} ({args.household}, born {payload['birth_date']}, "
            f"AOW from {payload['aow_date']})",
            "",
        ),
        ("AOW (gross)", money_text(aow)),
        ("Pension (gross)", money_text(pension)),
        ("Wage (gross)", money_text(wage)),
        ("Gross income", money_text(f.gross[0])),
        ("Taxable income (whole euros)", money_text(f.taxable_income[0] * 100)),
        ("Tax and premiums before credits", money_text(f.tax_before_credits[0] * 100)),
        ("- algemene heffingskorting", money_text(f.algemene_heffingskorting[0] * 100)),
        ("- ouderenkorting", money_text(f.ouderenkorting[0] * 100)),
        ("- alleenstaande ouderenkorting", money_text(f.alleenstaande_ouderenkorting[0] * 100)),
        ("- arbeidskorting", money_text(f.arbeidskorting[0] * 100)),
        ("Income tax", money_text(f.income_tax[0] * 100)),
        ("Zvw contribution", money_text(f.zvw[0])),
        ("Net per year", money_text(f.net_annual[0])),
        ("Net per month", money_text(f.net_monthly[0])),
    ]


def _disposable_rows(part: dict[str, Any]) -> list[tuple[str, str]]:
    """The disposable income below the net; "not known" where a figure was not found."""

    def shown(value: float | None, sign: str = "") -> str:
        return "not known" if value is None else sign + money_text(round(value * 100))

    return [
        ("Disposable income", ""),
        (
            "- health costs" + (" (assumed average)" if part["health_costs_assumed"] else ""),
            shown(part["health_costs"]),
        ),
        ("+ zorgtoeslag", shown(part["zorgtoeslag"])),
        ("+ huurtoeslag", shown(part["huurtoeslag"])),
        ("- box 3 tax", shown(part["box3_tax"])),
        ("Disposable per year", shown(part["disposable_annual"])),
        ("Disposable per month", shown(part["disposable_monthly"])),
    ]


def _print_explanation(steps: list[dict[str, Any]]) -> None:
    """Each rule that ran, its outputs, and the parameters with their legal sources."""
    print("\nHow this was computed:")
    for step in steps:
        outputs = ", ".join(f"{k} = {v}" for k, v in step["outputs"].items())
        print(f"- {step['rule']} ({step['law']}): {outputs}")
        for param in step["parameters"]:
            print(
                f"    {param['name']} since {param['since']} [{param['status']}]: "
                f"{'; '.join(param['sources'])}"
            )
