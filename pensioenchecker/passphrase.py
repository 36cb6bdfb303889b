"""Passphrases for the command line: from an environment variable, or typed at a terminal.

Never from a command-line argument, where other users of the machine could read it in the
process list, and never echoed.
"""

from __future__ import annotations

import getpass
import os
import sys

from pensioenchecker.errors import InputError


def passphrase_from(variable: str, prompt: str, where: str) -> str:
    """The passphrase in ``variable``, else typed at a terminal; InputError without either."""
    value = os.environ.get(variable)
    if value:
        return value
    if not sys.stdin.isatty():
        raise InputError(f"give the passphrase in {variable} or type it at a terminal", where)
    return getpass.getpass(prompt)
