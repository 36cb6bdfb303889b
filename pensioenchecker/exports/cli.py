"""Command line: ``pensioenchecker export afd|pdf|csv DOSSIER… -o FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pensioenchecker import clock
from pensioenchecker.errors import InputError

FORMATS = ("afd", "pdf", "csv")


def cmd_export(args: argparse.Namespace) -> int:
    """Write the chosen export of a household (or its what-if variant) to a file."""
    from pensioenchecker.exports.report import build_input
    from pensioenchecker.storage import write_atomic

    if args.format not in FORMATS:
        raise InputError(f"unknown export format {args.format!r} (choose afd, pdf or csv)")
    if args.lang not in ("nl", "en"):
        raise InputError(f"--lang {args.lang!r} is not nl or en")
    output = Path(args.output)
    if output.is_dir():
        raise InputError("is a folder, not a file name", str(output))
    data = build_input(
        [Path(f) for f in args.files],
        clock.today(),  # --as-of has set the clock
        Path(args.whatif) if args.whatif else None,
        args.horizon_age,
    )
    content: bytes
    if args.format == "afd":
        from pensioenchecker.exports.afd import afd_bytes

        content = afd_bytes(data)
    elif args.format == "pdf":
        from pensioenchecker.exports.pdf import render_pdf

        content = render_pdf(data, args.lang)
    else:
        from pensioenchecker.exports.csv_export import phases_csv, years_csv

        projection = data.variant.projection if data.variant else data.projection
        content = (years_csv if args.years else phases_csv)(projection, args.dutch)
    write_atomic(output, content)
    return 0


def register(sub: Any) -> None:
    """Add the ``export`` subcommand to the main parser's subparsers."""
    exp = sub.add_parser("export", help="write an adviser's export: AFD-style JSON, PDF or CSV")
    exp.add_argument("format", metavar="afd|pdf|csv", help="what to write")
    exp.add_argument(
        "files", nargs="+", metavar="DOSSIER", help="a saved dossier, or importable files"
    )
    exp.add_argument("-o", "--output", required=True, metavar="FILE")
    exp.add_argument("--as-of", help="start date of the projection (default: today)")
    exp.add_argument("--horizon-age", type=int, default=100)
    exp.add_argument(
        "--whatif",
        metavar="WHATIF.json",
        help="pdf: add the variant and its differences; afd and csv: export the variant",
    )
    exp.add_argument("--lang", default="nl", help="nl (default) or en, for the PDF")
    exp.add_argument("--years", action="store_true", help="csv: the calendar-year table")
    exp.add_argument("--dutch", action="store_true", help="csv: ';' and a BOM for Excel NL")
    exp.set_defaults(func=cmd_export)
