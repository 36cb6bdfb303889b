"""Writing files so that a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pensioenchecker.errors import InputError


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file beside ``path``, then move it into place in one step."""
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the folder does not exist", str(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    except OSError as exc:
        raise InputError(f"cannot write ({exc.strerror})", str(path)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
