"""Private temporary folders that are removed when the program ends.

Anything personal the program must put in a file for a moment (a form about to be imported, a
demo's keys or vault) goes in a folder only the user can open (0700), and the folder is removed
on exit: nothing is left in /tmp for the next user of the machine.
"""

from __future__ import annotations

import atexit
import contextlib
import shutil
import tempfile
from pathlib import Path

_MADE: list[Path] = []


def session_folder(prefix: str) -> Path:
    """A new private folder (0700) that is removed, with everything in it, when the program ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    folder.chmod(0o700)
    if not _MADE:
        atexit.register(remove_session_folders)
    _MADE.append(folder)
    return folder


def remove_session_folders() -> None:
    """Remove every folder ``session_folder`` made (at exit; callers may do it earlier)."""
    while _MADE:
        with contextlib.suppress(OSError):
            shutil.rmtree(_MADE.pop(), ignore_errors=True)
