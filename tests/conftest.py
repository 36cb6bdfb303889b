"""Shared fixtures: the packaged parameters, one rules book and engine, a window controller, and
the peak memory of refusing a hostile file."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_API", "pyside6")

import pytest

from pensioenchecker.rules.parameters import Parameters, default_parameters
from pensioenchecker.rules.year import RulesBook


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

    return Engine()


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
