"""``pensioenchecker rules update|list``: fetch a newer signed rule pack; show what is in use."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pensioenchecker.rules.packs import builtin_version, current_parameters, installed_packs


def cmd_update(args: argparse.Namespace) -> int:
    """Fetch, verify and install a newer rule pack; any refusal keeps the figures in use."""
    from pensioenchecker.rules.update import rules_url, update

    done = update(rules_url(args.url))
    sys.stdout.write(
        f"installed rule pack {done.pack.version} (valid {done.pack.valid_from.isoformat()} to "
        f"{done.pack.valid_to.isoformat()}, signed by key {done.pack.key_id}) in {done.path}\n"
    )
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    """The built-in figures, the installed packs, and which figures are in use."""
    in_use = current_parameters()
    sys.stdout.write(f"built-in figures: version {builtin_version()}\n")
    items = installed_packs()
    if not items:
        sys.stdout.write("installed rule packs: none\n")
    for item in items:
        if item.pack is None:
            sys.stdout.write(f"  {item.path.name}: ignored, {item.problem}\n")
        else:
            pack = item.pack
            mark = " (in use)" if pack.version == in_use.version and in_use.notices else ""
            sys.stdout.write(
                f"  {pack.version}{mark}: valid {pack.valid_from.isoformat()} to "
                f"{pack.valid_to.isoformat()}, made {pack.created_at}, key {pack.key_id}\n"
            )
    sys.stdout.write(f"in use: {in_use.notices[0] if in_use.notices else 'built-in figures'}\n")
    return 0


def register(sub: Any) -> None:
    """Add ``rules update`` and ``rules list`` to the command line."""
    rules = sub.add_parser("rules", help="signed rule packs: update the figures, list them")
    actions = rules.add_subparsers(dest="rules_command", required=True)
    upd = actions.add_parser("update", help="fetch and install a newer signed rule pack")
    upd.add_argument(
        "--url", help="where the pack is (default: PENSIOENCHECKER_RULES_URL or the project's)"
    )
    upd.set_defaults(func=cmd_update)
    lst = actions.add_parser("list", help="the built-in figures and the installed packs")
    lst.set_defaults(func=cmd_list)
