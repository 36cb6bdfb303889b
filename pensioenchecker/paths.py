"""Where the program keeps its data: the platform's data folder, or the one a user names.

The command line and the window share it, so a key or vault made by one is found by the other.
``PENSIOENCHECKER_DATA_DIR`` (or the window's ``--data-dir``) puts everything in one folder:
for a portable install, for tests, and for people who keep several households apart.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APPLICATION = "Pensioenchecker"
ORGANISATION = "Pensioenchecker"
DATA_DIR_VARIABLE = "PENSIOENCHECKER_DATA_DIR"
VAULT_FILE = "vault.sqlite"
"""The vault's file in the data folder (named here so finding it needs no cryptography)."""


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder (made if missing): ``override``, else the variable, else the platform's."""
    chosen = override or os.environ.get(DATA_DIR_VARIABLE)
    path = Path(chosen) if chosen else platformdirs.user_data_path(APPLICATION, ORGANISATION)
    path.mkdir(parents=True, exist_ok=True)
    return path
