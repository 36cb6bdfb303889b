"""The What if page's state and work: the choices a dossier offers, the variant, kept variants.

The page's controls hand in plain ``Choices``; this turns them into a ``WhatIf``, and applies
and projects it on the task runner, off the GUI thread (fitting a basis and projecting take
long enough to make a slider stutter). Results come back by signal. Only the newest request
counts: while one runs, later ones wait and only the last of them is run.
"""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QObject, Signal

from pensioenchecker.dates import add_months
from pensioenchecker.engine import Engine
from pensioenchecker.errors import PensioencheckerError
from pensioenchecker.model import Age, Dossier, Entitlement
from pensioenchecker.projection.actuarial import Basis, load_defaults
from pensioenchecker.projection.advice import LhkAdvice, withholding_advice
from pensioenchecker.projection.timeline import HouseholdProjection, Phase, project
from pensioenchecker.projection.whatif import (
    AowBridge,
    Exchange,
    HighLow,
    LumpSumChoice,
    Retire,
    Scenario,
    Survivor,
    WageChange,
    WhatIf,
    apply_whatif,
    basis_for,
    differences,
    scenario_dossiers,
)
from ui.controller import DossierController

MAX_SAVED = 3
DEFAULTS = load_defaults()
DEFAULT_DISCOUNT = Decimal(DEFAULTS["discount_rate"]["value"])
DEFAULT_INFLATION = Decimal(DEFAULTS["inflation"]["value"])
FULL_PERCENT = 100
DEFAULT_AOW_MONTHS = 67 * 12


@dataclass
class Variant:
    """What a variant gives: its projection, the stretches beside the baseline, its notes."""

    spec: WhatIf
    dossier: Dossier
    projection: HouseholdProjection
    rows: list[dict[str, Any]]
    notes: list[str]
    basis: Basis
    baseline: HouseholdProjection | None = None
    advice: list[LhkAdvice] = field(default_factory=list)
    scenarios: list[list[Phase]] = field(default_factory=list)
    """The phases of the variant with the UPO's pessimistic and optimistic amounts."""


@dataclass
class Saved:
    """A kept variant: its name, its choices and (if the rules still allow it) its result."""

    name: str
    spec: WhatIf
    variant: Variant | None


@dataclass(frozen=True)
class Choices:
    """The controls' values as plain data: what the controller turns into a ``WhatIf``."""

    line: str | None
    retire_months: int
    part: int
    high_low: bool
    high_years: int
    low_percent: int
    lump: float
    bridge: bool
    bridge_annual: float
    exchange: bool
    exchange_direction: str
    exchange_percent: int
    exchange_factor: float
    survivor: str | None
    survivor_age: int
    wage: bool
    wage_line: str | None
    wage_until: dt.date
    wage_hours: int
    scenario_low: float
    scenario_high: float
    today: bool
    inflation: float
    discount: float


@dataclass(frozen=True)
class Lines:
    """What the dossier offers to choose from, and the first variant to show."""

    pensions: list[Entitlement]
    names: dict[str, str]
    start_months: dict[str, int]
    aow_months: dict[str, int]
    partner_lines: dict[str, str]
    persons: list[str]
    wages: list[tuple[str, str]]
    """Wage lines as (id, shown name)."""
    wage_until: dt.date
    preset: tuple[str, int] | None
    """The largest pension line with a start one year earlier the rules allow (months)."""

    def person_of(self, line_id: str) -> str:
        """Whose pension line this is."""
        return next((e.person_id for e in self.pensions if e.id == line_id), "")


@dataclass(frozen=True)
class _Job:
    """Everything a projection off the GUI thread needs, taken on the GUI thread."""

    baseline: HouseholdProjection
    engine: Engine
    as_of: dt.date


@dataclass(frozen=True)
class _Prepared:
    """A new baseline's lines (when they changed) and the kept variants against it."""

    baseline: HouseholdProjection
    structure: tuple[tuple[str, ...], ...]
    lines: Lines | None
    variants: list[Variant | None]


def _structure(dossier: Dossier) -> tuple[tuple[str, ...], ...]:
    return (
        tuple(e.id for e in dossier.entitlements),
        tuple(p.id for p in dossier.household.persons),
        tuple(w.id for w in dossier.income_lines),
    )


def _partner_lines(dossier: Dossier, pensions: list[Entitlement]) -> dict[str, str]:
    """Per old-age line, the partner pension of the same person (for an exchange)."""
    found: dict[str, str] = {}
    for ent in pensions:
        partner = next(
            (
                p.id
                for p in dossier.entitlements
                if p.kind == "partner" and p.person_id == ent.person_id
            ),
            None,
        )
        if partner is not None:
            found[ent.id] = partner
    return found


def _decimal(value: float, places: int = 2) -> Decimal:
    return Decimal(f"{value:.{places}f}")


def spec_parts(choices: Choices, line_id: str, lines: Lines) -> dict[str, Any]:
    """The what-if's parts for the chosen pension line."""
    parts: dict[str, Any] = {}
    months = choices.retire_months
    if months != lines.start_months.get(line_id) or choices.part < FULL_PERCENT:
        age = Age.from_months(months)
        parts["retire"] = [Retire(line=line_id, age=age, percent=choices.part)]
    if choices.high_low:
        parts["high_low"] = HighLow(
            line=line_id, years=choices.high_years, low_percent=choices.low_percent
        )
    if choices.lump > 0:
        parts["lump_sum"] = LumpSumChoice(line=line_id, percent=_decimal(choices.lump))
    if choices.bridge:
        parts["aow_bridge"] = AowBridge(line=line_id, annual=_decimal(choices.bridge_annual))
    if choices.exchange and line_id in lines.partner_lines:
        parts["exchange"] = Exchange(
            line=line_id,
            partner_line=lines.partner_lines[line_id],
            direction=choices.exchange_direction,
            percent=choices.exchange_percent,
            factor=_decimal(choices.exchange_factor, 4),
        )
    if choices.survivor is not None:
        parts["survivor"] = Survivor(
            person=choices.survivor, age=Age(years=choices.survivor_age, months=0)
        )
    if choices.wage and choices.wage_line is not None:
        parts["wages"] = [
            WageChange(line=choices.wage_line, until=choices.wage_until, percent=choices.wage_hours)
        ]
    if choices.scenario_low > 0 and choices.scenario_high > 0:
        scenario = Scenario(
            pessimistic=_decimal(choices.scenario_low), optimistic=_decimal(choices.scenario_high)
        )
        parts["scenarios"] = {line_id: scenario}
    return parts


class WhatIfController(QObject):
    """Holds the baseline, the variant on screen, the refusal and the kept variants."""

    lines_changed = Signal(object)  # Lines: the dossier's lines changed, refill the choices
    baseline_ready = Signal()  # the kept variants are recomputed: time to compute the variant
    variant_changed = Signal()  # a new variant (or a refusal) to show
    saved_changed = Signal()

    def __init__(self, state: DossierController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.state = state
        self.baseline: HouseholdProjection | None = None
        self.lines: Lines | None = None
        self.variant: Variant | None = None
        self.refusal: str | None = None
        self.saved: list[Saved] = []
        self._structure: tuple[tuple[str, ...], ...] = ()
        self._bases: dict[tuple[Decimal, Decimal], Basis] = {}
        self._bases_lock = threading.Lock()
        self._busy = False
        self._waiting: WhatIf | None = None
        state.household_changed.connect(self.forget)

    @property
    def start_months(self) -> dict[str, int]:
        """Per pension line, its start age now in months."""
        return self.lines.start_months if self.lines else {}

    # --- the what-if ----------------------------------------------------------------------

    def spec(self, choices: Choices) -> WhatIf:
        """The choices as a what-if (raises ValidationError for impossible ones)."""
        parts: dict[str, Any] = {
            "discount_rate": _decimal(choices.discount) / 100,
            "inflation": _decimal(choices.inflation) / 100,
            "euros": "today" if choices.today else "nominal",
        }
        if choices.line is not None and self.lines is not None:
            parts.update(spec_parts(choices, choices.line, self.lines))
        return WhatIf(**parts)

    def basis(self, spec: WhatIf) -> Basis:
        """The basis for the spec's rates, made once per pair of rates (fitting takes time)."""
        key = (spec.discount_rate or DEFAULT_DISCOUNT, spec.inflation or DEFAULT_INFLATION)
        with self._bases_lock:
            known = self._bases.get(key)
        if known is not None:
            return known
        made = basis_for(spec)
        with self._bases_lock:
            return self._bases.setdefault(key, made)

    def _job(self) -> _Job:
        assert self.baseline is not None
        return _Job(self.baseline, self.state.engine, self.state.as_of)

    def compute(self, spec: WhatIf, job: _Job | None = None) -> Variant:
        """Apply and project a what-if against the baseline (raises when refused).

        Runs on any thread: it reads nothing but ``job`` and the basis cache.
        """
        job = job or self._job()
        engine, as_of, baseline = job.engine, job.as_of, job.baseline
        basis = self.basis(spec)
        dossier, notes = apply_whatif(baseline.dossier, spec, engine.aow_table, as_of, basis)
        projection = project(dossier, engine.book, engine.aow_table, as_of)
        scenarios = (
            [
                project(other, engine.book, engine.aow_table, as_of).phases
                for other in scenario_dossiers(dossier, spec, baseline.dossier).values()
            ]
            if spec.scenarios
            else []
        )
        return Variant(
            spec,
            dossier,
            projection,
            differences(baseline, projection),
            notes,
            basis,
            baseline,
            withholding_advice(projection, engine.book),
            scenarios,
        )

    def request(self, spec: WhatIf) -> None:
        """Compute a what-if off the GUI thread; a refused one keeps the last good variant."""
        if self.baseline is None:
            return
        if self._busy:
            self._waiting = spec
            return
        self._busy = True
        job = self._job()
        self.state.tasks.run(
            lambda: self.compute(spec, job),
            self._computed,
            lambda error: self._failed(error, job.baseline),
        )

    def refuse(self, reason: str) -> None:
        """A choice the rules (or the what-if's own checks) do not allow."""
        self.refusal = reason
        self.variant_changed.emit()

    def _computed(self, variant: Variant) -> None:
        if variant.baseline is self.baseline:
            self.variant = variant
            self.refusal = None
            self.variant_changed.emit()
        self._next()

    def _failed(self, error: BaseException, baseline: HouseholdProjection) -> None:
        if baseline is not self.baseline:
            pass  # refused against a dossier no longer shown
        elif isinstance(error, PensioencheckerError):
            self.refuse(getattr(error, "message", None) or str(error))
        else:
            self.state.problem.emit(self.state.failure_text(error))
        self._next()

    def _next(self) -> None:
        self._busy = False
        if self._waiting is not None:
            spec, self._waiting = self._waiting, None
            self.request(spec)

    # --- a new baseline -------------------------------------------------------------------

    def set_baseline(self, projection: HouseholdProjection) -> None:
        """A new projection of the dossier: new lines to choose from, kept variants recomputed."""
        self.baseline = projection
        structure = _structure(projection.dossier)
        changed = structure != self._structure
        job = self._job()
        specs = [saved.spec for saved in self.saved]

        def work() -> _Prepared:
            lines = self.lines_of(job) if changed else None
            variants = [self._try_compute(spec, job) for spec in specs]
            return _Prepared(job.baseline, structure, lines, variants)

        self.state.tasks.run(work, self._prepared, self._failed_baseline)

    def _prepared(self, outcome: _Prepared) -> None:
        if outcome.baseline is not self.baseline:
            return  # a newer baseline is on its way
        lines, variants = outcome.lines, outcome.variants
        self._structure = outcome.structure
        for saved, variant in zip(self.saved, variants, strict=False):
            saved.variant = variant
        if lines is not None:
            self.lines = lines
            self.lines_changed.emit(lines)
        self.baseline_ready.emit()
        self.saved_changed.emit()

    def _failed_baseline(self, error: BaseException) -> None:
        self.state.problem.emit(self.state.failure_text(error))

    def _try_compute(self, spec: WhatIf, job: _Job) -> Variant | None:
        try:
            return self.compute(spec, job)
        except PensioencheckerError:
            return None

    def lines_of(self, job: _Job) -> Lines:
        """The dossier's pension lines, persons and wages, and a first variant to look at."""
        projection = job.baseline
        dossier = projection.dossier
        names = {p.id: p.name or p.id for p in dossier.household.persons}
        pensions = [
            e
            for e in dossier.entitlements
            if e.kind == "old_age" and e.start.age is not None and e.annual_gross is not None
        ]
        start_months = {e.id: e.start.age.total_months() for e in pensions if e.start.age}
        wages = [w for w in dossier.income_lines if w.kind == "wage"]
        first_end = next((w.end for w in wages if w.end is not None), None)
        persons = [p.id for p in dossier.household.persons]
        return Lines(
            pensions=pensions,
            names=names,
            start_months=start_months,
            aow_months={p.id: p.aow_age.total_months() for p in projection.persons},
            partner_lines=_partner_lines(dossier, pensions),
            persons=persons if len(persons) > 1 else [],
            wages=[(w.id, f"{w.payer} ({names.get(w.person_id, '')})") for w in wages],
            wage_until=first_end or add_months(job.as_of, 12),
            preset=self._preset(job, pensions, start_months),
        )

    def _preset(
        self, job: _Job, pensions: list[Entitlement], start_months: dict[str, int]
    ) -> tuple[str, int] | None:
        """The largest pension line one year earlier, if the rules allow it."""
        largest_first = sorted(
            pensions, key=lambda e: -(e.annual_gross.cents if e.annual_gross else 0)
        )
        for ent in largest_first:
            earlier = start_months[ent.id] - 12
            age = Age.from_months(earlier)
            spec = WhatIf(retire=[Retire(line=ent.id, age=age)])
            try:
                apply_whatif(
                    job.baseline.dossier, spec, job.engine.aow_table, job.as_of, self.basis(spec)
                )
            except PensioencheckerError:
                continue
            return ent.id, earlier
        return None

    # --- kept variants --------------------------------------------------------------------

    def save(self, name: str) -> bool:
        """Keep the variant on screen under a name (at most three); False when full or none."""
        if self.variant is None or len(self.saved) >= MAX_SAVED:
            return False
        spec = self.variant.spec.model_copy(update={"label": name[:200]})
        self.saved.append(Saved(name, spec, self.variant))
        self.saved_changed.emit()
        return True

    def forget(self) -> None:
        """Another household: its variants, lines and choices are not this one's."""
        self.saved.clear()
        self.variant = None
        self.refusal = None
        self.lines = None
        self._structure = ()
        self._waiting = None
        self.saved_changed.emit()

    def remove(self, index: int) -> None:
        """Forget a kept variant."""
        del self.saved[index]
        self.saved_changed.emit()
