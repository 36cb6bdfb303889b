"""Which importer reads a file: each ``detect()`` in turn; the first that claims it loads it."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from pydantic import ValidationError

from pensioenchecker.engine import Engine
from pensioenchecker.messages import phrase
from pensioenchecker.model import Dossier
from pensioenchecker.model.validation import refusal
from pensioenchecker.sources import bank, manual, mpo, uwv
from pensioenchecker.sources.base import (
    MAX_IMPORT_BYTES,
    Importer,
    ImportProblem,
    ImportResult,
    looks_binary,
    read_limited,
)

IMPORTERS: list[Importer] = [*mpo.IMPORTERS, *manual.IMPORTERS, *bank.IMPORTERS, *uwv.IMPORTERS]


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a file is read.

    An import makes tens of thousands of small objects that all stay alive, so every collection
    in between walks them again for nothing (a fifth of a large bank statement's import time).
    The collector runs again as soon as the import ends, also when it fails.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def import_bytes(data: bytes, name: str) -> ImportResult:
    """Import file content; ``name`` is the file's name for messages and provenance."""
    for importer in IMPORTERS:
        if importer.detect(data, name):
            if len(data) > importer.MAX_BYTES:
                raise ImportProblem(
                    phrase(
                        "too large for a {kind} file (at most {limit_mb} MB)",
                        kind=importer.KIND,
                        limit_mb=round(importer.MAX_BYTES / 2**20),
                    ),
                    name,
                )
            with collector_paused():
                try:
                    return importer.load(data, name)
                except ValidationError as exc:
                    raise refusal(exc, name) from None
    if looks_binary(data):
        raise ImportProblem(phrase("binary data that Pensioenchecker cannot import"), name)
    raise ImportProblem(
        phrase(
            "not a file Pensioenchecker can import (Mijnpensioenoverzicht XML or "
            "JSON, CAMT.053, MT940, ING/Rabobank CSV, ABN AMRO TXT, UWV PDF, or a "
            "manual-entry form)"
        ),
        name,
    )


def is_saved_dossier(data: bytes) -> bool:
    """A dossier saved by Pensioenchecker itself (not an import source)."""
    return b'"pensioenchecker-dossier"' in data[:200].replace(b" ", b"")


def load_paths(
    paths: Sequence[Path], engine: Engine | None = None, partners: bool = False
) -> Dossier:
    """A dossier from files: one saved dossier, or any importable files merged.

    ``partners``: the user confirmed that two people who are single in their files live
    together (see ``household.build_dossier``).
    """
    from pensioenchecker.model.dossier import load_dossier
    from pensioenchecker.sources.household import build_dossier

    if not paths:
        raise ImportProblem(phrase("no files given"))
    if len(paths) == 1:
        head = read_limited(paths[0], MAX_IMPORT_BYTES)[:400]
        if is_saved_dossier(head):
            return load_dossier(paths[0])
    results = []
    for path in paths:
        data = read_limited(path, MAX_IMPORT_BYTES)
        if is_saved_dossier(data):
            raise ImportProblem(
                phrase("a saved dossier cannot be combined with other files"), str(path)
            )
        results.append(import_bytes(data, str(path)))
    try:
        return build_dossier(results, engine, partners=partners)
    except ValidationError as exc:
        raise refusal(exc, ", ".join(str(p) for p in paths)) from None
