"""``pensioenchecker rules update|list``: fetch a newer signed rule pack; show what is in use."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pensioenchecker.rules.packs import builtin_version, current_parameters, installed_packs


def cmd_update(args: argparse.Namespace) -> int:
    """Fetch, verify and install a newer rule pack; any refusal keeps the figures in use."""
    from pensioenchecker.errors import InputError
    from pensioenchecker.rules.update import Fetching, rules_url, update

    if not 0 < args.timeout <= 600 or not 0 <= args.retry_wait <= 60:
        raise InputError("--timeout must be 0-600 s and --retry-wait 0-60 s")
    fetching = Fetching(
        connect_timeout=min(5.0, args.timeout), read_timeout=args.timeout, backoff=args.retry_wait
    )
    done = update(rules_url(args.url), fetching=fetching)
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
    upd.add_argument(
        "--timeout", type=float, default=20.0, help="seconds to wait for the server (default 20)"
    )
    upd.add_argument(
        "--retry-wait",
        type=float,
        default=1.0,
        help="seconds before the second of three tries, doubled before the third (default 1)",
    )
    upd.set_defaults(func=cmd_update)
    lst = actions.add_parser("list", help="the built-in figures and the installed packs")
    lst.set_defaults(func=cmd_list)
