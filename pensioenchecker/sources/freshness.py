"""The sources a household's data come from, how fresh each one is, and forgetting one.

The "Gegevens ophalen" page lists six sources (Mijnpensioenoverzicht, Belastingdienst, UWV, DUO,
MijnOverheid, the bank). Here, without any window, is what belongs to each: which importer kinds
and which provenance sources, when its data were read and which date they hold on, whether that is
more than two months ago (as with Ockto, data older than two months should be fetched again), and a
dossier with one source's lines removed.

The date judged is the one the source says its figures hold on: the newest ``StandPer`` of the
pension register, the UWV statement's date, DUO's peildatum, the last booking on a bank statement.
The Belastingdienst's and MijnOverheid's figures carry dates that are yearly by law (a tax year, a
WOZ peildatum, a purchase date) and say nothing about being out of date; for those the day the
user entered them counts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pensioenchecker.dates import add_months
from pensioenchecker.messages import TEXT
from pensioenchecker.model import (
    Debt,
    Dossier,
    EmploymentPeriod,
    IncomeLine,
    Message,
    Property,
    Provenance,
    TaxYearIncome,
    Transaction,
)

STALE_AFTER_MONTHS = 2
"""Data holding on a date more than this many months ago are marked: fetch them again."""


@dataclass(frozen=True)
class Source:
    """One row of the "Gegevens ophalen" page."""

    key: str
    url: str | None
    """The official page to log in at (None for the bank: every bank has its own)."""
    needed: bool
    provenance: tuple[str, ...]
    """The provenance sources of its lines (``Provenance.source``)."""
    kinds: tuple[str, ...]
    """The importer kinds of its files (``SourceFile.kind``); manual forms go by provenance."""
    forms: tuple[str, ...] = ()
    """The manual-entry forms that stand in for a download."""
    dated_by_entry: bool = False
    """Judged by the day the data were entered, not by the figures' own (yearly) dates."""


SOURCES: tuple[Source, ...] = (
    Source(
        "mpo",
        "https://www.mijnpensioenoverzicht.nl",
        needed=True,
        provenance=("mpo",),
        kinds=("mpo-xml", "mpo-json"),
    ),
    Source(
        "belastingdienst",
        "https://www.belastingdienst.nl",
        needed=False,
        provenance=("belastingdienst",),
        kinds=(),
        forms=("belastingdienst",),
        dated_by_entry=True,
    ),
    Source("uwv", "https://mijn.uwv.nl", needed=False, provenance=("uwv",), kinds=("uwv-vzb",)),
    Source("duo", "https://duo.nl", needed=False, provenance=("duo",), kinds=(), forms=("duo",)),
    Source(
        "mijnoverheid",
        "https://mijn.overheid.nl",
        needed=False,
        provenance=("brp", "woz", "kadaster"),
        kinds=(),
        forms=("brp", "woz", "kadaster"),
        dated_by_entry=True,
    ),
    Source(
        "bank",
        None,
        needed=False,
        provenance=("bank",),
        kinds=("camt053", "mt940", "ing-csv", "rabobank-csv", "abnamro-txt"),
    ),
)
BY_KEY = {source.key: source for source in SOURCES}


def source_of(kind: str, form: str | None = None) -> Source | None:
    """The row a file belongs to, by its importer kind (and a manual form's own source)."""
    for source in SOURCES:
        if kind in source.kinds or (form is not None and form in source.forms):
            return source
    return None


@dataclass(frozen=True)
class Status:
    """What the household holds from one source."""

    read_on: dt.date | None
    """The day its newest file was read (None: nothing from this source)."""
    reference: dt.date | None
    """The newest date its figures hold on."""
    stale: bool
    files: tuple[str, ...]
    """The names of its files in the dossier."""
    lines: int
    """How many dossier lines (payments, transactions, debts, …) came from it."""

    @property
    def present(self) -> bool:
        """Whether the household holds anything from this source."""
        return self.lines > 0 or bool(self.files)


def _dated(dossier: Dossier) -> Iterator[tuple[Provenance, list[dt.date | None]]]:
    """Every line's provenance with the dates it holds on."""
    for entitlement in dossier.entitlements:
        amounts = (
            entitlement.annual_gross,
            entitlement.accrued,
            entitlement.aow_annual_single,
            entitlement.aow_annual_couple,
        )
        present = [a for a in amounts if a is not None]
        if present:
            yield present[0].provenance, [a.provenance.reference_date for a in present]
    for line in dossier.income_lines:
        yield line.annual_gross.provenance, [line.annual_gross.provenance.reference_date]
    for transaction in dossier.transactions:
        provenance = transaction.provenance
        yield provenance, [provenance.reference_date, transaction.booking_date]
    for debt in dossier.debts:
        yield debt.provenance, [debt.provenance.reference_date, debt.as_of]
    for home in dossier.properties:
        yield home.provenance, [home.provenance.reference_date, home.woz_reference_date]
    for period in dossier.employment:
        yield period.provenance, [period.provenance.reference_date]
    for income in dossier.tax_income:
        yield income.provenance, [income.provenance.reference_date]


def is_stale(reference: dt.date, today: dt.date) -> bool:
    """Whether a figure holding on ``reference`` is more than two months old on ``today``."""
    return add_months(reference, STALE_AFTER_MONTHS) < today


def status(dossier: Dossier | None, source: Source, today: dt.date) -> Status:
    """What the household holds from ``source``, and whether it should be fetched again."""
    if dossier is None:
        return Status(None, None, False, (), 0)
    names: set[str] = set()
    dates: list[dt.date] = []
    lines = 0
    for provenance, held_on in _dated(dossier):
        if provenance.source in source.provenance:
            lines += 1
            dates.extend(d for d in held_on if d is not None)
            if provenance.file:
                names.add(provenance.file)
    documents = [d for d in dossier.documents if d.kind in source.kinds or d.name in names]
    read = [d.imported_at.date() for d in documents if d.imported_at is not None]
    read_on = max(read) if read else None
    reference = max(dates) if dates else None
    judged = read_on if source.dated_by_entry or reference is None else reference
    stale = judged is not None and is_stale(judged, today)
    return Status(read_on, reference, stale, tuple(d.name for d in documents), lines)


def stale_sources(dossier: Dossier, today: dt.date) -> list[tuple[Source, Status]]:
    """The sources whose data should be fetched again, in the page's order."""
    found = [(source, status(dossier, source, today)) for source in SOURCES]
    return [(source, state) for source, state in found if state.stale]


_Line = TypeVar("_Line", IncomeLine, Transaction, EmploymentPeriod, Debt, Property, TaxYearIncome)
"""A dossier line that names its own source (entitlements carry one per amount instead)."""


def _keep(items: Iterable[_Line], sources: tuple[str, ...]) -> list[_Line]:
    return [item for item in items if _provenance(item).source not in sources]


def _provenance(item: _Line) -> Provenance:
    """Where a dossier line came from: an income line's is that of its amount."""
    return item.annual_gross.provenance if isinstance(item, IncomeLine) else item.provenance


def _about(warning: Message, files: set[str], source: Source) -> bool:
    """Whether an importer's warning is about these files (or the register's AOW figures)."""
    if warning.file in files:
        return True
    if warning.code == "aow.insured_years" and "mpo" in source.provenance:
        return True
    if warning.code != TEXT:
        return False
    text = str(warning.args.get("text", ""))  # a sentence saved before warnings had codes
    if any(text.startswith(f"{name}: ") for name in files):
        return True
    return "mpo" in source.provenance and text.startswith("AOW of ")


def without_source(dossier: Dossier, source: Source) -> tuple[Dossier, tuple[str, ...]]:
    """The dossier with every line and file of ``source`` removed, and the files' names.

    The persons stay (a household needs one, and the BRP's are also in the pension register's
    file); the importers' warnings about the removed files go with them.
    """
    files = status(dossier, source, dt.date.min).files
    gone = set(files)
    entitlements = [
        e
        for e in dossier.entitlements
        if not any(
            a is not None and a.provenance.source in source.provenance
            for a in (e.annual_gross, e.aow_annual_single, e.aow_annual_couple)
        )
    ]
    update: dict[str, Any] = {
        "entitlements": entitlements,
        "income_lines": _keep(dossier.income_lines, source.provenance),
        "transactions": _keep(dossier.transactions, source.provenance),
        "employment": _keep(dossier.employment, source.provenance),
        "debts": _keep(dossier.debts, source.provenance),
        "properties": _keep(dossier.properties, source.provenance),
        "tax_income": _keep(dossier.tax_income, source.provenance),
        "documents": [d for d in dossier.documents if d.name not in gone],
        "warnings": [w for w in dossier.warnings if not _about(w, gone, source)],
    }
    if "belastingdienst" in source.provenance:
        update["box3_assets_cents"] = None
    return dossier.model_copy(update=update), files


def claimed(data: bytes, name: str) -> tuple[str, Source | None] | None:
    """Which importer kind reads this content, and its row; None when no importer claims it.

    Only the importers' cheap ``detect``: reading the file is the import's work.
    """
    from pensioenchecker.sources.manual import parse
    from pensioenchecker.sources.registry import IMPORTERS

    for importer in IMPORTERS:
        if importer.detect(data, name):
            form: str | None = None
            if importer.KIND == "manual":
                raw = parse(data, name).get("source")
                form = raw if isinstance(raw, str) else None
            return importer.KIND, source_of(importer.KIND, form)
    return None


def superseded(data: bytes, name: str, files: Sequence[Path]) -> list[Path]:
    """The loaded files a new download replaces: the same person's earlier register file.

    A Mijnpensioenoverzicht file replaces one of the same birth date: merged side by side, the
    old and the new file would give every scheme twice, the old amount first. Bank statements
    and forms add up instead, and a partner's file stays. A loaded file that can no longer be
    read is left for the import to report.
    """
    from pensioenchecker.errors import PensioencheckerError
    from pensioenchecker.sources.base import MAX_IMPORT_BYTES, read_limited
    from pensioenchecker.sources.registry import import_bytes

    mpo = BY_KEY["mpo"]
    found = claimed(data, name)
    if found is None or found[1] is not mpo:
        return []
    born = {person.birth_date for person in import_bytes(data, name).persons}
    replaced = []
    for path in files:
        try:
            old = read_limited(path, MAX_IMPORT_BYTES)
            other = claimed(old, str(path))
            if other is None or other[1] is not mpo:
                continue
            if born & {person.birth_date for person in import_bytes(old, str(path)).persons}:
                replaced.append(path)
        except PensioencheckerError:
            continue
    return replaced
