"""Shared fixtures: every test in its own folders, the clock, the packaged parameters, one rules
book and engine, a window controller, and the peak memory of refusing a hostile file.

``PENSIOENCHECKER_TEST_TODAY=2029-01-01 make test`` runs the whole suite with the system clock
moved to that day (time-machine, ticking on from there): what passes only near the day a test was
written fails then.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
from pathlib import Path

import pytest

from pensioenchecker import clock, paths
from pensioenchecker.rules.parameters import Parameters, default_parameters
from pensioenchecker.rules.year import RulesBook

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")
# Matplotlib's font cache and Hypothesis's files once per run in folders of their own, not in
# the user's home or the checkout.
_RUN_FOLDER = tempfile.TemporaryDirectory(prefix="pensioenchecker-tests-")
os.environ.setdefault("MPLCONFIGDIR", os.path.join(_RUN_FOLDER.name, "matplotlib"))
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(_RUN_FOLDER.name, "hypothesis"))

TEST_TODAY_VARIABLE = "PENSIOENCHECKER_TEST_TODAY"
_travel = None


def pytest_configure(config: pytest.Config) -> None:
    """Move the system clock for the whole run when ``PENSIOENCHECKER_TEST_TODAY`` says so."""
    global _travel
    day = os.environ.get(TEST_TODAY_VARIABLE)
    if day:
        import time_machine

        moment = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9), dt.UTC)
        _travel = time_machine.travel(moment, tick=True)
        _travel.start()


_EXIT_STATUS = pytest.StashKey[int]()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Keep the run's status for the end of ``pytest_unconfigure``."""
    session.config.stash[_EXIT_STATUS] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Put the system clock back, remove the run's folder, and end without the exit collection.

    In some test orders the collector's last pass at interpreter exit, after every test passed
    and the report was written, meets a Qt object whose QApplication is gone and the process
    dies (signal 11). Ending here, with the run's own status, reports exactly what the tests
    found; the object at fault is still to be found.
    """
    if _travel is not None:
        _travel.stop()
    _RUN_FOLDER.cleanup()
    status = config.stash.get(_EXIT_STATUS, None)
    if status is not None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)


def _run_line(config: pytest.Config) -> str:
    day = f"today is {clock.today().isoformat()}" + (
        f" (moved by {TEST_TODAY_VARIABLE})" if os.environ.get(TEST_TODAY_VARIABLE) else ""
    )
    seed = getattr(config.option, "randomly_seed", None)
    order = f"; random order, seed {seed} (repeat: --randomly-seed={seed})" if seed else ""
    return f"pensioenchecker: {day}{order}"


def pytest_report_header(config: pytest.Config) -> str:
    """Say which day the run believes it is, and the order's seed."""
    return _run_line(config)


def pytest_terminal_summary(
    terminalreporter: pytest.TerminalReporter, config: pytest.Config
) -> None:
    """The same at the end, where a quiet run (-q hides the header) still shows it."""
    terminalreporter.write_line(_run_line(config))


@pytest.fixture(autouse=True)
def own_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's data, config, cache and log folders (and home) in a temporary folder.

    No test reads a user's vault, keys or installed rule packs, or leaves anything in them.
    """
    home = tmp_path_factory.mktemp("home")
    for variable, sub in (
        ("HOME", ""),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_CACHE_HOME", ".cache"),
        ("XDG_STATE_HOME", ".local/state"),
    ):
        monkeypatch.setenv(variable, str(home / sub))
    monkeypatch.setenv(paths.DATA_DIR_VARIABLE, str(home / "data"))
    monkeypatch.setattr(paths, "_in_use", None)
    # Every test starts on the system's clock (moved or not), whatever ran before it.
    monkeypatch.setattr(clock, "_fixed", None)
    return home


@pytest.fixture(scope="session")
def parameters() -> Parameters:
    """The packaged parameters (loaded once per process by the package itself)."""
    return default_parameters()


@pytest.fixture(scope="session")
def book(parameters: Parameters) -> RulesBook:
    """One rules book for the whole session; year rules are immutable once built."""
    return RulesBook(parameters)


@pytest.fixture(scope="session")
def engine():
    """One engine for the whole run: its rules and tables do not change once built."""
    from pensioenchecker.engine import Engine

    return Engine(default_parameters())  # the packaged figures, never an installed rule pack


@pytest.fixture
def controller(engine):
    """A window controller on the engine, synchronous, Dutch, projecting from 28 Nov 2026."""
    import datetime as dt

    from ui.controller import DossierController
    from ui.i18n import Texts
    from ui.tasks import SyncTaskRunner

    return DossierController(engine, SyncTaskRunner(), Texts("nl"), as_of=dt.date(2026, 11, 28))


@pytest.fixture
def refused_peak_bytes():
    """Run an import that must fail with ImportProblem matching ``match``; its peak memory.

    For hostile files: what matters is both that they are refused and that refusing them did
    not first build them whole.
    """
    import tracemalloc
    from collections.abc import Callable

    from pensioenchecker.sources.base import ImportProblem

    def run(action: Callable[[], object], match: str) -> int:
        tracemalloc.start()
        try:
            with pytest.raises(ImportProblem, match=match):
                action()
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    return run


@pytest.fixture(autouse=True)
def system_text_size():  # type: ignore[no-untyped-def]
    """Every window test starts at the system's text size: the zoom is the application's."""
    yield
    import sys

    module = sys.modules.get("ui.zoom")
    if module is not None:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance()
        found = app.findChild(module.Zoom) if app is not None else None
        if found is not None and (found.scale != 1.0 or found.presentation):
            found.reset()
