"""Long work off the GUI thread: run a function on a thread pool, deliver on the main thread.

``TaskRunner.run(func, on_done, on_error)`` runs ``func()`` on a ``QThreadPool``; the result or
the exception comes back through a signal, so the callbacks run on the main thread. Tests use
``SyncTaskRunner``, which calls everything in place.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    """Carries a task's outcome back to the main thread (signals live on a plain QObject)."""

    done = Signal(object, object)  # result, error


class _Job(QRunnable):
    def __init__(self, func: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.func = func
        self.relay = relay

    def run(self) -> None:
        try:
            result = self.func()
        except Exception as exc:  # noqa: BLE001 - handed to on_error on the main thread
            self.relay.done.emit(None, exc)
        else:
            self.relay.done.emit(result, None)


class TaskRunner(QObject):
    """Runs functions on the global thread pool and reports when it is busy."""

    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool.globalInstance()
        self._running = 0
        self._relays: set[_Relay] = set()

    def run(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        """Run ``func`` off the GUI thread; exactly one callback follows, on the GUI thread."""
        relay = _Relay()
        self._relays.add(relay)

        def deliver(result: Any, error: BaseException | None) -> None:
            self._relays.discard(relay)
            self._running -= 1
            if not self._running:
                self.busy_changed.emit(False)
            if error is None:
                on_done(result)
            else:
                on_error(error)

        relay.done.connect(deliver)
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        self.pool.start(_Job(func, relay))


class SyncTaskRunner(TaskRunner):
    """For tests: runs in place, same callbacks."""

    def run(
        self,
        func: Callable[[], Any],
        on_done: Callable[[Any], None],
        on_error: Callable[[BaseException], None],
    ) -> None:
        try:
            result = func()
        except Exception as exc:  # noqa: BLE001
            on_error(exc)
        else:
            on_done(result)
