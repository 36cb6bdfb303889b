"""What every export starts from: the dossier, its projection and an optional what-if variant."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pensioenchecker.errors import InputError
from pensioenchecker.i18n import Translator
from pensioenchecker.model import Dossier
from pensioenchecker.projection.timeline import HouseholdProjection
from pensioenchecker.projection.timeline import headline_index as household_headline

MAX_WHATIF_BYTES = 1_000_000


@dataclass
class Variant:
    """A what-if applied to the household: its projection, notes and phase differences."""

    label: str | None
    dossier: Dossier
    projection: HouseholdProjection
    notes: list[str]
    differences: list[dict[str, Any]]


@dataclass
class ExportInput:
    """The household, its projection, the rules' citations and an optional variant."""

    dossier: Dossier
    projection: HouseholdProjection
    variant: Variant | None = None
    parameters: Any = None
    """The rules' parameters (for source citations in the explanation); None: source keys."""
    extra: dict[str, Any] = field(default_factory=dict)


def amount(cents: int) -> str:
    """Cents as a decimal string in euros with two decimals: 123456 -> '1234.56'."""
    sign = "-" if cents < 0 else ""
    whole, rest = divmod(abs(int(cents)), 100)
    return f"{sign}{whole}.{rest:02d}"


def headline_index(projection: HouseholdProjection) -> int:
    """The app's headline phase (net per month from the first AOW date), for a report."""
    if not projection.phases:
        raise InputError("the projection has no phases")
    return household_headline(projection)


def household_label(dossier: Dossier, lang: str | None = "nl") -> str:
    """The dossier's own label, or the names of its persons ("Anna en Bram", "Anna and Bram")."""
    if dossier.label:
        return dossier.label
    names = [p.name or p.id for p in dossier.household.persons]
    if len(names) < 2:
        return "".join(names)
    joined = Translator(lang)._("{first} and {second}")
    return joined.format(first=", ".join(names[:-1]), second=names[-1])


def is_synthetic(dossier: Dossier) -> bool:
    """True for demo dossiers (their label, names or sources say so)."""
    text = " ".join(
        [dossier.label or ""] + [p.name or "" for p in dossier.household.persons]
    ).lower()
    if any(word in text for word in ("synthetisch", "synthetic", "demo")):
        return True
    return any(
        e.annual_gross is not None and e.annual_gross.provenance.source == "demo"
        for e in dossier.entitlements
    )


def build_input(
    files: list[Path],
    as_of: dt.date,
    whatif: Path | None = None,
    horizon_age: int = 100,
    engine: Any = None,
) -> ExportInput:
    """Load the files, project the household and, with a what-if file, its variant."""
    from pensioenchecker.engine import Engine
    from pensioenchecker.projection.timeline import project
    from pensioenchecker.projection.whatif import (
        apply_whatif,
        basis_for,
        differences,
        read_whatif,
    )
    from pensioenchecker.sources.registry import load_paths

    engine = engine or Engine()
    dossier = load_paths(files, engine)
    projection = project(dossier, engine.book, engine.aow_table, as_of, horizon_age)
    result = ExportInput(dossier, projection, parameters=engine.parameters)
    if whatif is None:
        return result
    try:
        data = whatif.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read the what-if file ({exc.strerror})", str(whatif)) from None
    if len(data) > MAX_WHATIF_BYTES:
        raise InputError("a what-if file is at most 1 MB", str(whatif))
    spec = read_whatif(data, str(whatif))
    try:
        changed, notes = apply_whatif(dossier, spec, engine.aow_table, as_of, basis_for(spec))
    except InputError as exc:
        raise InputError(exc.message, str(whatif)) from None
    variant = project(changed, engine.book, engine.aow_table, as_of, horizon_age)
    result.variant = Variant(spec.label, changed, variant, notes, differences(projection, variant))
    return result
