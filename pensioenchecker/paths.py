"""Where the program keeps its data: the platform's data folder, or the one a user names.

The command line and the window share it, so a key or vault made by one is found by the other.
``PENSIOENCHECKER_DATA_DIR`` (or the window's ``--data-dir``) puts everything in one folder:
for a portable install, for tests, and for people who keep several households apart.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import platformdirs

APPLICATION = "Pensioenchecker"
ORGANISATION = "Pensioenchecker"
DATA_DIR_VARIABLE = "PENSIOENCHECKER_DATA_DIR"
VAULT_FILE = "vault.sqlite"
"""The vault's file in the data folder (named here so finding it needs no cryptography)."""


_in_use: Path | None = None
"""The folder the window was started with (``--data-dir``), for this process only."""


@contextmanager
def using_data_dir(folder: Path | None) -> Iterator[None]:
    """Inside the block the core's data folder is ``folder`` (None: as before); then as it was.

    The window names its folder this way instead of through the environment, so starting it
    (in a test, say) leaves nothing behind.
    """
    global _in_use
    before = _in_use
    _in_use = folder if folder is not None else before
    try:
        yield
    finally:
        _in_use = before


def data_dir(override: str | Path | None = None) -> Path:
    """The data folder (made if absent): given, the window's, the variable's, or the platform's."""
    chosen = override or _in_use or os.environ.get(DATA_DIR_VARIABLE)
    path = Path(chosen) if chosen else platformdirs.user_data_path(APPLICATION, ORGANISATION)
    path.mkdir(parents=True, exist_ok=True)
    return path
