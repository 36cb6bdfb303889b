"""``batch``: annual net for many participants from a CSV or Parquet file."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from pensioenchecker.commands.common import EXIT_OK
from pensioenchecker.payloads import batch_payload

HELP = "annual net for many participants (CSV or Parquet)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The ``batch`` flags."""
    parser.add_argument("input", metavar="IN")
    parser.add_argument("-o", "--output", required=True, metavar="OUT")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--json", action="store_true", help="print a JSON summary")


def cmd_batch(args: argparse.Namespace) -> int:
    """Annual net for many participants from a CSV or Parquet file."""
    from pensioenchecker.projection.batch import run_batch, stderr_progress

    progress = None if args.quiet else stderr_progress()
    stats = run_batch(Path(args.input), Path(args.output), progress=progress)
    if args.json:
        # One line, unlike the other commands: scripts read it after a long run.
        print(json.dumps(batch_payload(stats.rows, stats.chunks, args.output)))
    elif not args.quiet:
        print(f"{stats.rows:,} participants written to {args.output}", file=sys.stderr)
    return EXIT_OK
