"""Pensioenchecker's entry point for people: the desktop application.

Until the window exists, ``python app.py --demo`` prints the demo household's projection, the
same figures the window will show. Kept thin: arguments, then hand over to the core.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent / "resources" / "demo"


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and show the demo household's projection."""
    from pensioenchecker import __version__
    from pensioenchecker.cli import main as cli_main

    parser = argparse.ArgumentParser(prog="pensioenchecker-app")
    parser.add_argument("--version", action="version", version=f"Pensioenchecker {__version__}")
    parser.add_argument(
        "--demo",
        nargs="?",
        const="demo-couple",
        metavar="NAME",
        help="open a synthetic demo household",
    )
    args = parser.parse_args(argv)
    name = args.demo or "demo-couple"
    demo = DEMO_DIR / f"{name}.json"
    if not demo.is_file():
        known = ", ".join(sorted(p.stem for p in DEMO_DIR.glob("*.json")))
        sys.stderr.write(f"pensioenchecker-app: no demo named {name!r} (known: {known})\n")
        return 2
    return cli_main(["project", str(demo)])


if __name__ == "__main__":
    raise SystemExit(main())
