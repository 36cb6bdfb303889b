"""Writing files so that a crash or a full disk never leaves half a file behind.

This is the one way the program writes a file it will read again (dossiers, packages, keys,
vault exports, rule packs): write a temporary file in the same folder, flush it to disk, move
it into place in one step, then flush the folder so the move itself survives a power cut.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from pensioenchecker.errors import InputError


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; Windows cannot open folders and needs no such step."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _place_exclusively(temporary: str, path: Path, data: bytes, mode: int | None) -> bool:
    """Hard-link the finished file into place; False when ``path`` already exists.

    Two programs doing this at once never both succeed. Without hard links (some file
    systems) the file is created exclusively and then written.
    """
    try:
        os.link(temporary, path)
    except FileExistsError:
        return False
    except OSError:
        try:
            fd = os.open(
                path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666 if mode is None else mode
            )
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    return True


def write_atomic(
    path: Path, data: bytes, *, mode: int | None = None, exclusive: bool = False
) -> bool:
    """Write ``data`` to ``path`` whole or not at all; returns False only when refused.

    ``mode`` sets the permissions before any byte is written (0o600 for private keys).
    ``exclusive`` refuses to replace an existing file and then returns False.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError("the folder does not exist", str(path))
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            if mode is not None:
                with contextlib.suppress(OSError):
                    os.fchmod(out.fileno(), mode)
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        if exclusive:
            if not _place_exclusively(temporary, path, data, mode):
                return False
        else:
            os.replace(temporary, path)
    except OSError as exc:
        raise InputError(f"cannot write ({exc.strerror})", str(path)) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
    fsync_folder(folder)
    return True
