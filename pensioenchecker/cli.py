"""Command line: ``python -m pensioenchecker net|withholding|aow|project|batch``.

Each command prints a readable table, or JSON with ``--json``. The names, flags and JSON keys are
a public contract. Bad input ends with a one-line message on standard error and exit code 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from pensioenchecker import __version__, clock
from pensioenchecker.errors import InputError, ParameterError, PensioencheckerError
from pensioenchecker.money import format_euros, parse_euros

EXIT_OK = 0
EXIT_INPUT = 2
EXIT_INTERNAL = 3


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one line with exit code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_INPUT, f"{self.prog}: {message}\n")


def _date(text: str, what: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{what} {text!r} is not a valid date (YYYY-MM-DD)") from None


def _euros(cents: int) -> float:
    return int(cents) / 100


def _money(cents: int, english: bool = False) -> str:
    return format_euros(int(cents), dutch=not english)


def _print_table(rows: list[tuple[str, str]]) -> None:
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value:>16}" if value else label)


def _emit(args: argparse.Namespace, payload: dict[str, Any], rows: list[tuple[str, str]]) -> None:
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        _print_table(rows)
        for notice in payload.get("notices", []) + payload.get("assumptions", []):
            print(f"note: {notice}")


def _engine() -> Any:
    from pensioenchecker.engine import Engine

    return Engine()


# -- net ---------------------------------------------------------------------------------------


def cmd_net(args: argparse.Namespace) -> int:
    """Annual view: income tax, credits, Zvw and net for one person in one year."""
    if args.household not in ("single", "couple"):
        raise InputError(f"household {args.household!r} is not single or couple")
    if not 1900 <= args.year <= 2200:
        raise InputError(f"year {args.year} is not plausible")
    birth = _date(args.birth_date, "birth date")
    engine = _engine()
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
    f = result.figures
    notices.extend(n for n in f.notices if n not in notices)
    aow_date = str(result.aow.date[0])
    if aow > 0 and aow_date > f"{args.year}-12-31":
        notices.append(
            f"the AOW age is reached on {aow_date}, after {args.year}: AOW in "
            f"{args.year} is unusual"
        )
    group = ("below_aow", "aow_born_1946_or_later", "aow_born_before_1946")[int(result.group[0])]
    payload: dict[str, Any] = {
        "year": args.year,
        "birth_date": birth.isoformat(),
        "household": args.household,
        "aow_date": aow_date,
        "group": group,
        "month_aow_age_reached": int(result.transition_month[0]) or None,
        "aow": _euros(aow),
        "pension": _euros(pension),
        "wage": _euros(wage),
        "gross": _euros(f.gross[0]),
        "taxable_income": int(f.taxable_income[0]),
        "tax_before_credits": int(f.tax_before_credits[0]),
        "tax": int(f.tax[0]),
        "premiums": int(f.premiums[0]),
        "credits": {
            "algemene_heffingskorting": int(f.algemene_heffingskorting[0]),
            "ouderenkorting": int(f.ouderenkorting[0]),
            "alleenstaande_ouderenkorting": int(f.alleenstaande_ouderenkorting[0]),
            "arbeidskorting": int(f.arbeidskorting[0]),
        },
        "income_tax": int(f.income_tax[0]),
        "zvw": _euros(f.zvw[0]),
        "net_annual": _euros(f.net_annual[0]),
        "net_monthly": _euros(f.net_monthly[0]),
        "notices": notices,
    }
    if result.trace is not None:
        payload["explanation"] = result.trace.explain(0, engine.parameters)
    rows = [
        (
            f"Net income {args.year} ({args.household}, born {birth.isoformat()}, "
            f"AOW from {aow_date})",
            "",
        ),
        ("AOW (gross)", _money(aow)),
        ("Pension (gross)", _money(pension)),
        ("Wage (gross)", _money(wage)),
        ("Gross income", _money(f.gross[0])),
        ("Taxable income (whole euros)", _money(f.taxable_income[0] * 100)),
        ("Tax and premiums before credits", _money(f.tax_before_credits[0] * 100)),
        ("- algemene heffingskorting", _money(f.algemene_heffingskorting[0] * 100)),
        ("- ouderenkorting", _money(f.ouderenkorting[0] * 100)),
        ("- alleenstaande ouderenkorting", _money(f.alleenstaande_ouderenkorting[0] * 100)),
        ("- arbeidskorting", _money(f.arbeidskorting[0] * 100)),
        ("Income tax", _money(f.income_tax[0] * 100)),
        ("Zvw contribution", _money(f.zvw[0])),
        ("Net per year", _money(f.net_annual[0])),
        ("Net per month", _money(f.net_monthly[0])),
    ]
    _emit(args, payload, rows)
    if args.explain and not args.json and result.trace is not None:
        _print_explanation(result.trace.explain(0, engine.parameters))
    return EXIT_OK


def _print_explanation(steps: list[dict[str, Any]]) -> None:
    print("\nHow this was computed:")
    for step in steps:
        outputs = ", ".join(f"{k} = {v}" for k, v in step["outputs"].items())
        print(f"- {step['rule']} ({step['law']}): {outputs}")
        for param in step["parameters"]:
            print(
                f"    {param['name']} since {param['since']} [{param['status']}]: "
                f"{'; '.join(param['sources'])}"
            )


# -- withholding --------------------------------------------------------------------------------


def cmd_withholding(args: argparse.Namespace) -> int:
    """What one payer withholds in one month (Rekenvoorschriften)."""
    on = _date(args.date, "date")
    birth = _date(args.birth_date, "birth date")
    gross = parse_euros(args.gross_monthly, "--gross-monthly")
    engine = _engine()
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
    group_name = ("below_aow", "aow_born_1946_or_later", "aow_born_before_1946")[int(group[0])]
    payload: dict[str, Any] = {
        "date": on.isoformat(),
        "birth_date": birth.isoformat(),
        "table": args.table,
        "group": group_name,
        "gross_monthly": _euros(gross),
        "table_wage": _euros(result.table_wage[0]),
        "annual_table_wage": int(result.annual_wage[0]),
        "tax_without_credits_annual": int(result.tax_without_credits[0]),
        "credits_annual": {
            "algemene_heffingskorting": int(result.algemene_heffingskorting[0]),
            "ouderenkorting": int(result.ouderenkorting[0]),
            "alleenstaande_ouderenkorting": int(result.alleenstaande_ouderenkorting[0]),
            "arbeidskorting": int(result.arbeidskorting[0]),
        },
        "loonheffing": _euros(result.loonheffing[0]),
        "zvw": _euros(result.zvw[0]),
        "net": _euros(result.net[0]),
        "notices": notices,
    }
    if trace is not None:
        payload["explanation"] = trace.explain(0, engine.parameters)
    rows = [
        (f"Withholding {on.isoformat()} ({args.table} table, {group_name})", ""),
        ("Gross this month", _money(gross)),
        ("Table wage (4,50 steps)", _money(result.table_wage[0])),
        ("Loonheffing", _money(result.loonheffing[0])),
        ("Zvw contribution", _money(result.zvw[0])),
        ("Net paid", _money(result.net[0])),
    ]
    _emit(args, payload, rows)
    return EXIT_OK


# -- aow ----------------------------------------------------------------------------------------


def cmd_aow(args: argparse.Namespace) -> int:
    """AOW age and AOW date from the birth date."""
    birth = _date(args.birth_date, "birth date")
    ages = _engine().aow_age(np.array([birth], dtype="datetime64[D]"))
    known = bool(ages.known[0])
    payload = {
        "birth_date": birth.isoformat(),
        "aow_age": {"years": int(ages.years[0]), "months": int(ages.months[0])},
        "aow_date": str(ages.date[0]),
        "known": known,
        "notices": []
        if known
        else [
            "the AOW age for this birth date is not yet fixed by law; "
            "the latest known AOW age is used"
        ],
    }
    rows = [
        (f"AOW for someone born {birth.isoformat()}", ""),
        ("AOW age", f"{int(ages.years[0])} jaar en {int(ages.months[0])} maanden"),
        ("AOW date", str(ages.date[0])),
        ("Fixed by law", "yes" if known else "no (latest known age)"),
    ]
    _emit(args, payload, rows)
    return EXIT_OK


# -- project ------------------------------------------------------------------------------------


def projection_payload(projection: Any, book: Any = None) -> dict[str, Any]:
    """The JSON form of a household projection (shared with the desktop app's export)."""
    from pensioenchecker.projection.timeline import household_years
    from pensioenchecker.projection.year_totals import year_totals

    years = household_years(projection)
    return {
        "label": projection.dossier.label,
        "as_of": projection.as_of.isoformat(),
        "persons": [person.as_json() for person in projection.persons],
        "phases": [
            {
                "start": phase.start.isoformat(),
                "end": phase.end.isoformat() if phase.end else None,
                "gross_monthly": _euros(phase.gross_monthly),
                "net_monthly": _euros(phase.net_monthly),
                "net_monthly_withheld": _euros(phase.net_monthly_withheld),
                "persons": [
                    {
                        k: (
                            _euros(v)
                            if k
                            in ("gross", "zvw", "net_annual", "net_monthly", "net_untaxed_monthly")
                            else v
                        )
                        for k, v in person.as_annual_rule_units().items()
                    }
                    for person in phase.persons
                ],
                "lines": [
                    {
                        "id": line.stream_id,
                        "person_id": line.person_id,
                        "kind": line.kind,
                        "payer": line.payer,
                        "certain": line.certain,
                        "gross_monthly": _euros(line.gross_monthly),
                        "holiday_accrual_monthly": _euros(line.holiday_accrual_monthly),
                        "loonheffingskorting": line.loonheffingskorting,
                        "loonheffing": _euros(line.loonheffing),
                        "zvw": _euros(line.zvw),
                        "net_withheld": _euros(line.net_withheld),
                    }
                    for line in phase.lines
                ],
            }
            for phase in projection.phases
        ],
        "years": [
            {
                "year": int(row.year),
                "gross": _euros(row.gross),
                "aow": _euros(row.aow),
                "pension": _euros(row.pension),
                "wage": _euros(row.wage),
                "income_tax": _euros(row.income_tax),
                "zvw": _euros(row.zvw),
                "net": _euros(row.net),
            }
            for row in year_totals(years)
        ],
        "assumptions": projection.assumptions,
        "withholding_advice": advice_payload(projection, book) if book is not None else [],
    }


def advice_payload(projection: Any, book: Any) -> list[dict[str, Any]]:
    """Which payer should apply the loonheffingskorting, per person (see projection.advice)."""
    from pensioenchecker.projection.advice import withholding_advice

    return [
        {
            "person_id": advice.person_id,
            "from": advice.phase_start.isoformat(),
            "advised_line": advice.advised,
            "current_line": advice.current,
            "options": [
                {
                    "line": option.line_id,
                    "payer": option.payer,
                    "withheld_annual": _euros(option.withheld_annual),
                    "due_annual": _euros(option.due_annual),
                    "settlement_annual": _euros(option.settlement),
                }
                for option in advice.options
            ],
            "note": "excluding the AOW holiday allowance (withheld in May at the special rate)",
        }
        for advice in withholding_advice(projection, book)
    ]


def projection_text(projection: Any) -> str:
    """The projection as readable text: the persons, the phases, the first calendar years."""
    from pensioenchecker.projection.timeline import household_years
    from pensioenchecker.projection.year_totals import year_totals

    lines: list[str] = []
    if projection.dossier.label:
        lines += [projection.dossier.label, ""]
    for person in projection.persons:
        age = person.aow_age
        lines.append(
            f"{person.label}: born {person.birth_date.isoformat()}, AOW from "
            f"{person.aow_date.isoformat()} ({age.years} years {age.months} months)"
        )
    lines += ["", f"{'Phase':<25}{'gross/month':>14}{'net/month':>14}{'paid/month':>14}"]
    for phase in projection.phases:
        end = phase.end.isoformat() if phase.end else "onwards"
        lines.append(
            f"{phase.start.isoformat() + ' - ' + end:<25}{_money(phase.gross_monthly):>14}"
            f"{_money(phase.net_monthly):>14}{_money(phase.net_monthly_withheld):>14}"
        )
    lines += ["", f"{'Year':<6}{'gross':>14}{'income tax':>14}{'Zvw':>12}{'net':>14}"]
    for row in year_totals(household_years(projection).head(12)):
        lines.append(
            f"{row.year:<6}{_money(row.gross):>14}{_money(row.income_tax):>14}"
            f"{_money(row.zvw):>12}{_money(row.net):>14}"
        )
    lines += [
        "",
        "net/month: the year's tax and Zvw / 12, as Mijnpensioenoverzicht shows it; paid/month: "
        "what the payers transfer in a regular month after withholding.",
    ]
    return "\n".join(lines)


def cmd_project(args: argparse.Namespace) -> int:
    """Project a household from a saved dossier."""
    from pensioenchecker.projection.timeline import project
    from pensioenchecker.sources.registry import load_paths

    engine = _engine()
    dossier = load_paths([Path(f) for f in args.files], engine)
    as_of = clock.today()  # --as-of has set the clock
    projection = project(dossier, engine.book, engine.aow_table, as_of, args.horizon_age)
    if args.whatif:
        return _project_whatif(args, engine, dossier, projection, as_of)
    payload = projection_payload(projection, engine.book)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(projection_text(projection))
        for note in projection.assumptions:
            print(f"note: {note}")
    return EXIT_OK


def _project_whatif(
    args: argparse.Namespace, engine: Any, dossier: Any, baseline: Any, as_of: dt.date
) -> int:
    """The variant a what-if file describes, with the same keys and the differences per phase."""
    from pensioenchecker.projection.timeline import project
    from pensioenchecker.projection.whatif import (
        apply_whatif,
        basis_for,
        differences,
        in_todays_euros,
        read_whatif,
        scenario_dossiers,
    )

    path = Path(args.whatif)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the what-if file ({exc.strerror})", str(path)) from None
    if len(data) > 1_000_000:
        raise InputError("a what-if file is at most 1 MB", str(path))
    spec = read_whatif(data, str(path))
    basis = basis_for(spec)
    try:
        changed, notes = apply_whatif(dossier, spec, engine.aow_table, as_of, basis)
    except InputError as exc:
        raise InputError(exc.message, str(path)) from None
    variant = project(changed, engine.book, engine.aow_table, as_of, args.horizon_age)
    payload = projection_payload(variant, engine.book)
    rows = differences(baseline, variant)
    today = spec.euros == "today"
    payload["differences"] = [
        {
            "start": row["start"].isoformat(),
            "end": row["end"].isoformat() if row["end"] else None,
            **{key: _euros(value) for key, value in row.items() if key not in ("start", "end")},
            **(
                {
                    f"{key}_today": _euros(
                        in_todays_euros(value, as_of, row["start"], basis.inflation)
                    )
                    for key, value in row.items()
                    if key.endswith("net_monthly")
                }
                if today
                else {}
            ),
        }
        for row in rows
    ]
    if spec.scenarios:
        bands = {
            name: project(scenario, engine.book, engine.aow_table, as_of, args.horizon_age)
            for name, scenario in scenario_dossiers(changed, spec, dossier).items()
        }
        payload["scenarios"] = [
            {
                "start": phase.start.isoformat(),
                "pessimistic_net_monthly": _euros(_net_at(bands["pessimistic"], phase.start)),
                "expected_net_monthly": _euros(phase.net_monthly),
                "optimistic_net_monthly": _euros(_net_at(bands["optimistic"], phase.start)),
            }
            for phase in variant.phases
        ]
    payload["whatif"] = {
        "label": spec.label,
        "changes": notes,
        "euros": spec.euros,
        "basis": {
            "label": basis.label(),
            "discount_rate": str(basis.discount_rate),
            "inflation": str(basis.inflation),
            "references": basis.references,
        },
    }
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(projection_text(variant))
        for note in notes:
            print(f"what-if: {note}")
        print("\nDifference in net per month (variant minus baseline):")
        for row in payload["differences"]:
            print(
                f"  from {row['start']}: {row['baseline_net_monthly']:>10.2f} -> "
                f"{row['variant_net_monthly']:>10.2f}  ({row['difference_net_monthly']:+.2f})"
            )
    return EXIT_OK


def _net_at(projection: Any, day: dt.date) -> int:
    """Net per month of the phase a day falls in."""
    from pensioenchecker.projection.whatif import phase_at

    phase = phase_at(projection.phases, day)
    return phase.net_monthly if phase else 0


# -- import -----------------------------------------------------------------------------------


def _moment_fields(prefix: str, moment: Any) -> dict[str, Any]:
    if moment is None:
        return {f"{prefix}_event": "death"} if prefix == "end" else {}
    if moment.age is not None:
        return {f"{prefix}_age": {"years": moment.age.years, "months": moment.age.months}}
    return {f"{prefix}_event": moment.event}


KIND_NAMES = {
    "aow": "aow",
    "old_age": "ouderdomspensioen",
    "partner": "partnerpensioen",
    "orphan": "wezenpensioen",
}


def import_payload(dossier: Any) -> dict[str, Any]:
    """The normalised view of imported files (the ``import`` command's JSON contract)."""
    status = {p.id: p.household_status for p in dossier.household.persons}
    entitlements = []
    for e in dossier.entitlements:
        item: dict[str, Any] = {
            "id": e.id,
            "person": e.person_id,
            "kind": KIND_NAMES[e.kind],
            "provider": e.provider,
            "scheme_id": e.scheme_id,
            "certain": e.certain,
            **_moment_fields("start", e.start),
            **_moment_fields("end", e.end),
        }
        if e.kind == "aow":
            single = e.aow_annual_single.cents if e.aow_annual_single else None
            couple = e.aow_annual_couple.cents if e.aow_annual_couple else None
            own = couple if status[e.person_id] == "couple" else single
            item.update(
                single_annual=None if single is None else _euros(single),
                couple_annual=None if couple is None else _euros(couple),
                annual_amount=None if own is None else _euros(own),
                insured_years=e.aow_insured_years,
            )
            amount = e.aow_annual_single or e.aow_annual_couple
        else:
            amount = e.annual_gross
            item["annual_amount"] = None if amount is None else _euros(amount.cents)
        item.update(
            accrued_amount=None if e.accrued is None else _euros(e.accrued.cents),
            reference_date=None
            if amount is None or amount.provenance.reference_date is None
            else amount.provenance.reference_date.isoformat(),
            source=None if amount is None else amount.provenance.file,
            already_net=e.net_already,
            paid_now=e.paid_since is not None,
        )
        entitlements.append(item)
    return {
        "persons": [
            {
                "id": p.id,
                "name": p.name,
                "birth_date": p.birth_date.isoformat(),
                "household": p.household_status,
            }
            for p in dossier.household.persons
        ],
        "entitlements": entitlements,
        "income": [
            {
                "person": i.person_id,
                "kind": i.kind,
                "payer": i.payer,
                "annual_amount": _euros(i.annual_gross.cents),
            }
            for i in dossier.income_lines
        ]
        + [
            {
                "person": t.person_id,
                "year": t.year,
                "payer": t.payer,
                "annual_amount": _euros(t.income_cents),
            }
            for t in dossier.tax_income
        ],
        "transactions": [
            {
                "date": t.booking_date.isoformat(),
                "amount": _euros(t.amount_cents),
                "currency": t.currency,
                "counterparty": t.counterparty,
                "description": t.description,
                "category": t.category,
                "account": t.account,
            }
            for t in dossier.transactions
        ],
        "employment": [
            {
                "person": e.person_id,
                "employer": e.employer,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "sv_wage": None if e.sv_wage_cents is None else _euros(e.sv_wage_cents),
                "needs_review": e.needs_review,
            }
            for e in dossier.employment
        ],
        "documents": [
            {"name": d.name, "kind": d.kind, "sha256": d.sha256} for d in dossier.documents
        ],
        "warnings": dossier.warnings,
    }


def cmd_import(args: argparse.Namespace) -> int:
    """Import downloaded files into one dossier; print it or save it."""
    from pensioenchecker.sources.registry import load_paths
    from pensioenchecker.storage import write_atomic

    dossier = load_paths([Path(f) for f in args.files], _engine())
    if args.output:
        write_atomic(Path(args.output), dossier.to_json().encode("utf-8"))
    payload = import_payload(dossier)
    if args.json:
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
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
    if args.output:
        print(f"saved to {args.output}")
    return EXIT_OK


# -- batch --------------------------------------------------------------------------------------


def cmd_batch(args: argparse.Namespace) -> int:
    """Annual net for many participants from a CSV or Parquet file."""
    from pensioenchecker.projection.batch import run_batch, stderr_progress

    progress = None if args.quiet else stderr_progress()
    stats = run_batch(Path(args.input), Path(args.output), progress=progress)
    if args.json:
        print(json.dumps({"rows": stats.rows, "chunks": stats.chunks, "output": args.output}))
    elif not args.quiet:
        print(f"{stats.rows:,} participants written to {args.output}", file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(
        prog="pensioenchecker",
        description="Net pension income in the Netherlands, exact and explained.",
    )
    parser.add_argument("--version", action="version", version=f"pensioenchecker {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    net = sub.add_parser("net", help="annual net income of one person in one year")
    net.add_argument("--year", type=int, required=True)
    net.add_argument("--birth-date", required=True, help="YYYY-MM-DD")
    net.add_argument("--household", required=True, help="single or couple")
    net.add_argument(
        "--aow", required=True, help="annual gross AOW in euros incl. holiday allowance, or 'full'"
    )
    net.add_argument(
        "--pension",
        action="append",
        default=[],
        help="annual gross pension in euros incl. holiday pay (repeatable)",
    )
    net.add_argument("--wage", help="annual gross wage in euros incl. holiday allowance")
    net.add_argument("--explain", action="store_true", help="show how every figure was computed")
    net.add_argument("--json", action="store_true")
    net.set_defaults(func=cmd_net)

    wh = sub.add_parser("withholding", help="monthly withholding by one payer")
    wh.add_argument("--date", required=True, help="a day in the month, YYYY-MM-DD")
    wh.add_argument("--birth-date", required=True)
    wh.add_argument("--gross-monthly", required=True, help="gross payment this month, euros")
    wh.add_argument(
        "--loonheffingskorting",
        action="store_true",
        help="this payer applies the loonheffingskorting",
    )
    wh.add_argument(
        "--alleenstaande-ouderenkorting",
        action="store_true",
        help="include the alleenstaande ouderenkorting (single AOW)",
    )
    wh.add_argument(
        "--table",
        choices=("green", "white"),
        default="green",
        help="green: pension, AOW, benefits (default); white: wage",
    )
    wh.add_argument("--explain", action="store_true")
    wh.add_argument("--json", action="store_true")
    wh.set_defaults(func=cmd_withholding)

    aow = sub.add_parser("aow", help="AOW age and AOW date from the birth date")
    aow.add_argument("--birth-date", required=True)
    aow.add_argument("--json", action="store_true")
    aow.set_defaults(func=cmd_aow)

    proj = sub.add_parser("project", help="the household's net income over time")
    proj.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a saved dossier, or importable files (both partners' downloads)",
    )
    proj.add_argument("--as-of", help="start date of the projection (default: today)")
    proj.add_argument("--horizon-age", type=int, default=100)
    proj.add_argument(
        "--whatif", metavar="WHATIF.json", help="project a variant and show its differences"
    )
    proj.add_argument("--json", action="store_true")
    proj.set_defaults(func=cmd_project)

    imp = sub.add_parser("import", help="read downloaded files into one household dossier")
    imp.add_argument("files", nargs="+", metavar="FILE")
    imp.add_argument("-o", "--output", metavar="DOSSIER.json", help="save the dossier")
    imp.add_argument("--json", action="store_true")
    imp.set_defaults(func=cmd_import)

    batch = sub.add_parser("batch", help="annual net for many participants (CSV or Parquet)")
    batch.add_argument("input", metavar="IN")
    batch.add_argument("-o", "--output", required=True, metavar="OUT")
    batch.add_argument("--quiet", action="store_true", help="no progress bar")
    batch.add_argument("--json", action="store_true", help="print a JSON summary")
    batch.set_defaults(func=cmd_batch)

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
        return _date(args.as_of, "--as-of")
    for flag in ("at", "now"):
        text = getattr(args, flag, None)
        if text:
            try:
                moment = dt.datetime.fromisoformat(text.strip())
            except ValueError:
                raise InputError(f"--{flag} {text[:40]!r} is not an ISO date and time") from None
            return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run a command; user errors become one line on stderr and exit code 2."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        with clock.frozen(moment) if (moment := _clock_setting(args)) else nullcontext():
            return int(args.func(args))
    except InputError as exc:
        print(f"pensioenchecker {args.command}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except ParameterError as exc:
        print(f"pensioenchecker: broken rule parameters: {exc}", file=sys.stderr)
        return EXIT_INTERNAL
    except PensioencheckerError as exc:
        print(f"pensioenchecker {args.command}: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("pensioenchecker: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # noqa: BLE001 - the last guard: one line, never a traceback
        if os.environ.get("PENSIOENCHECKER_DEBUG"):
            raise
        text = " ".join(str(exc).split())[:300]
        print(
            f"pensioenchecker {args.command}: unexpected {type(exc).__name__}: {text} "
            "(a bug; please report it, with PENSIOENCHECKER_DEBUG=1 for the details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


if __name__ == "__main__":
    raise SystemExit(main())
