"""Watching the Downloads folder: a new file is handed on once, and only once it is complete.

Browsers write a download under a temporary name (``.crdownload``, ``.part``, ``.download``) and
rename it at the end; some write it in place, in pieces. A new file is therefore handed on only
when its name is not a temporary one and its size and modification time stayed the same across
two ticks of a timer. Files that were already in the folder when watching began are not new.
Nothing is read here: the page decides what to do with a finished file.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal

PARTIAL_SUFFIXES = (".crdownload", ".part", ".partial", ".download", ".tmp", ".opdownload")
"""Names browsers give a download while it is still being written."""
TICK_MS = 400
"""How often a file still being written is looked at again."""


def is_partial(path: Path) -> bool:
    """A browser's temporary name, or a hidden or lock file: never a finished download."""
    name = path.name.lower()
    return name.startswith((".", "~$", ".~lock")) or name.endswith(PARTIAL_SUFFIXES)


def _signature(path: Path) -> tuple[int, int] | None:
    """Size and modification time, or None when the file is gone or not a plain file."""
    try:
        info = path.stat()
    except OSError:
        return None
    if not path.is_file():
        return None
    return info.st_size, info.st_mtime_ns


class DownloadWatcher(QObject):
    """Tells when a new, complete file appears in one folder (while started)."""

    finished = Signal(object)  # Path of a new file that stopped growing

    def __init__(self, parent: QObject | None = None, tick_ms: int = TICK_MS) -> None:
        super().__init__(parent)
        self.folder: Path | None = None
        self._watcher = QFileSystemWatcher(self)
        self._watcher.directoryChanged.connect(lambda _path: self.scan())
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._known: set[str] = set()
        """Names present when watching began, or already handed on."""
        self._growing: dict[str, tuple[int, int] | None] = {}
        """New files not yet handed on, with what the last tick saw of them."""
        self.ticks = 0
        """Timer ticks so far (tests wait for them instead of sleeping)."""

    @property
    def active(self) -> bool:
        """Whether the folder is being watched."""
        return bool(self._watcher.directories())

    def start(self, folder: Path) -> bool:
        """Watch ``folder``; what is in it now counts as known. False when it is not a folder."""
        self.stop()
        if not folder.is_dir():
            return False
        self.folder = folder
        self._known = {p.name for p in self._entries()}
        self._growing.clear()
        return self._watcher.addPath(str(folder))

    def stop(self) -> None:
        """Stop watching; files half-seen are forgotten."""
        if self._watcher.directories():
            self._watcher.removePaths(self._watcher.directories())
        self._timer.stop()
        self._growing.clear()

    def seen(self, path: Path) -> bool:
        """Whether a tick has looked at this not-yet-finished file."""
        return self._growing.get(path.name) is not None

    def _entries(self) -> list[Path]:
        if self.folder is None:
            return []
        try:
            return [p for p in self.folder.iterdir() if p.is_file()]
        except OSError:
            return []

    def scan(self) -> None:
        """The folder changed: note new finished-looking names; the timer watches them grow."""
        present = {p.name for p in self._entries()}
        self._known &= present  # a name removed and written again is new again
        for name in sorted(present - self._known - set(self._growing)):
            if not is_partial(Path(name)):
                self._growing[name] = None
        for name in [n for n in self._growing if n not in present]:
            del self._growing[name]
        if self._growing and not self._timer.isActive():
            self._timer.start()

    def _tick(self) -> None:
        """Hand on each file whose size and time did not change since the last tick."""
        self.ticks += 1
        if self.folder is None:
            self._timer.stop()
            return
        for name, before in list(self._growing.items()):
            path = self.folder / name
            now = _signature(path)
            if now is None:
                del self._growing[name]
            elif now == before and now[0] > 0:
                del self._growing[name]
                self._known.add(name)
                self.finished.emit(path)
            else:
                self._growing[name] = now
        if not self._growing:
            self._timer.stop()
