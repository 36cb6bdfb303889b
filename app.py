"""Pensioenchecker's entry point for people: the desktop application.

Until the window exists, ``python app.py --demo [NAME]`` prints a demo household's projection,
the same figures the window will show. Kept thin: arguments, then hand over to the core.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent / "resources" / "demo"
DEFAULT_DEMO = "couple"


def demo_files(name: str) -> list[Path]:
    """The source files of one synthetic demo household (a folder under resources/demo)."""
    return sorted(p for p in (DEMO_DIR / name).glob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and show the demo household's projection."""
    from pensioenchecker import __version__
    from pensioenchecker.cli import main as cli_main

    known = sorted(p.name for p in DEMO_DIR.iterdir() if p.is_dir())
    parser = argparse.ArgumentParser(prog="pensioenchecker-app")
    parser.add_argument("--version", action="version", version=f"Pensioenchecker {__version__}")
    parser.add_argument(
        "--demo",
        nargs="?",
        const=DEFAULT_DEMO,
        metavar="NAME",
        help=f"open a synthetic demo household ({', '.join(known)})",
    )
    args = parser.parse_args(argv)
    name = args.demo or DEFAULT_DEMO
    if name not in known:
        sys.stderr.write(
            f"pensioenchecker-app: no demo named {name!r} (known: {', '.join(known)})\n"
        )
        return 2
    return cli_main(["project", *map(str, demo_files(name))])


if __name__ == "__main__":
    raise SystemExit(main())
