"""``project``: the household's net income over time, and a what-if variant beside it."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pensioenchecker import clock
from pensioenchecker.commands.common import (
    EXIT_OK,
    add_language_argument,
    load_engine,
    print_json,
    translator_for,
)
from pensioenchecker.errors import InputError
from pensioenchecker.i18n import Translator
from pensioenchecker.payloads import (
    differences_payload,
    notes_in,
    projection_payload,
    projection_text,
    scenarios_payload,
    whatif_payload,
)

if TYPE_CHECKING:
    from pensioenchecker.engine import Engine
    from pensioenchecker.model import Dossier
    from pensioenchecker.projection.timeline import HouseholdProjection
    from pensioenchecker.projection.whatif import WhatIf

HELP = "the household's net income over time"
MAX_WHATIF_BYTES = 1_000_000


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``project`` flags."""
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="a saved dossier, or importable files (both partners' downloads)",
    )
    parser.add_argument("--as-of", help="start date of the projection (default: today)")
    parser.add_argument("--horizon-age", type=int, default=100)
    parser.add_argument(
        "--whatif", metavar="WHATIF.json", help="project a variant and show its differences"
    )
    parser.add_argument("--json", action="store_true")
    add_language_argument(parser)


def cmd_project(args: argparse.Namespace) -> int:
    """Project a household from a saved dossier."""
    from pensioenchecker.projection.timeline import project
    from pensioenchecker.sources.registry import load_paths

    engine = load_engine()
    dossier = load_paths([Path(f) for f in args.files], engine)
    as_of = clock.today()  # --as-of has set the clock
    projection = project(dossier, engine.book, engine.aow_table, as_of, args.horizon_age)
    if args.whatif:
        return _project_whatif(args, engine, dossier, projection, as_of)
    if args.json:
        print_json(projection_payload(projection, engine.book, getattr(args, "lang", None)))
    else:
        t = translator_for(args)
        print(projection_text(projection, t))
        for note in notes_in(projection.assumptions, t.lang):
            print(t._("note: {text}").format(text=note))
    return EXIT_OK


def _read_whatif(path: Path) -> WhatIf:
    """The what-if file; unreadable, too large or invalid is an input error naming it."""
    from pensioenchecker.projection.whatif import read_whatif

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the what-if file ({exc.strerror})", str(path)) from None
    if len(data) > MAX_WHATIF_BYTES:
        raise InputError("a what-if file is at most 1 MB", str(path))
    return read_whatif(data, str(path))


def _project_whatif(
    args: argparse.Namespace,
    engine: Engine,
    dossier: Dossier,
    baseline: HouseholdProjection,
    as_of: dt.date,
) -> int:
    """The variant a what-if file describes, with the same keys and the differences per phase."""
    from pensioenchecker.projection.timeline import project
    from pensioenchecker.projection.whatif import (
        apply_whatif,
        basis_for,
        differences,
        scenario_dossiers,
    )

    path = Path(args.whatif)
    spec = _read_whatif(path)
    basis = basis_for(spec)
    try:
        changed, notes = apply_whatif(dossier, spec, engine.aow_table, as_of, basis)
    except InputError as exc:
        raise InputError(exc.message, str(path)) from None
    variant = project(changed, engine.book, engine.aow_table, as_of, args.horizon_age)
    lang = getattr(args, "lang", None)
    payload = projection_payload(variant, engine.book, lang)
    inflation = basis.inflation if spec.euros == "today" else None
    payload["differences"] = differences_payload(differences(baseline, variant), as_of, inflation)
    if spec.scenarios:
        bands = {
            name: project(scenario, engine.book, engine.aow_table, as_of, args.horizon_age)
            for name, scenario in scenario_dossiers(changed, spec, dossier).items()
        }
        payload["scenarios"] = scenarios_payload(variant, bands)
    payload["whatif"] = whatif_payload(spec, notes, basis, lang)
    if args.json:
        print_json(payload)
    else:
        _print_whatif(variant, notes, payload["differences"], translator_for(args))
    return EXIT_OK


def _print_whatif(
    variant: HouseholdProjection, notes: list[str], rows: list[dict[str, Any]], t: Translator
) -> None:
    """The variant's text, what changed, and the difference in net per month per phase."""
    from pensioenchecker import notation

    def amount(euros: float) -> str:
        return notation.money(round(euros * 100), t.lang, decimals=True)

    print(projection_text(variant, t))
    for note in notes_in(notes, t.lang):
        print(t._("what-if: {text}").format(text=note))
    print("\n" + t._("Difference in net per month (variant minus baseline):"))
    for row in rows:
        difference = round(row["difference_net_monthly"] * 100)
        sign = "+" if difference >= 0 else ""
        print(
            "  "
            + t._("from {date}: {before} -> {after} ({difference})").format(
                date=notation.date(dt.date.fromisoformat(row["start"]), t.lang),
                before=amount(row["baseline_net_monthly"]),
                after=amount(row["variant_net_monthly"]),
                difference=sign + notation.money(difference, t.lang, decimals=True),
            )
        )
