"""What-ifs: pure transformations of a Dossier, combinable, each refused with a clear reason.

A what-if file (``WhatIf``) lists the choices; ``apply_whatif`` returns a new Dossier and notes
that say what was changed and with which factor. The projection of that dossier is the variant;
``differences`` puts it beside the baseline phase by phase. Order of application: wages,
partner-pension exchange, retirement age (whole or part-time), AOW bridge, hoog-laag, lump sum,
survivor — each step sees the result of the one before.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pensioenchecker.dates import years_between
from pensioenchecker.errors import InputError
from pensioenchecker.model import (
    Age,
    Amount,
    Dossier,
    Entitlement,
    IncomeLine,
    LumpSum,
    Moment,
    Provenance,
)
from pensioenchecker.model.validation import refusal
from pensioenchecker.projection.actuarial import Basis, apply_factor, load_defaults, todays_euros
from pensioenchecker.projection.timeline import HouseholdProjection, Phase
from pensioenchecker.projection.whatif_texts import Kind, LineName, Listed, Money, Months, Phrase
from pensioenchecker.rules.aow import AowAgeTable, add_months_clamped, aow_age

LIMITS: dict[str, int] = {k: v for k, v in load_defaults()["limits"].items() if k != "reference"}
WHATIF_PROVENANCE = Provenance(source="whatif", edited=True)


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Retire(_Spec):
    """Start a pension line at another age; ``percent`` below 100 moves only that part."""

    line: str
    age: Age
    percent: int = Field(default=100, gt=0, le=100)


class AowBridge(_Spec):
    """A bridging pension from the line's start to the AOW date, paid for by the line itself."""

    line: str
    annual: Decimal = Field(gt=0, decimal_places=2)
    """Euros a year: usually the gross AOW it replaces (single or couple rate)."""


class HighLow(_Spec):
    """Hoog-laag: a higher amount for the first years, a lower one after."""

    line: str
    years: int = Field(gt=0)
    low_percent: int = Field(le=100)


class LumpSumChoice(_Spec):
    """Bedrag ineens: a share of the line's value paid at its start, the line lowered by it."""

    line: str
    percent: Decimal = Field(gt=0, decimal_places=2)


class Exchange(_Spec):
    """Exchange partner pension for old-age pension, or back, at the fund's factor."""

    line: str
    """The old-age pension line."""
    partner_line: str
    direction: Literal["partner_to_old_age", "old_age_to_partner"]
    percent: int = Field(gt=0, le=100)
    factor: Decimal = Field(gt=0, le=10, decimal_places=4)
    """Euros of the receiving pension per euro given up (the fund's exchange factor)."""


class Survivor(_Spec):
    """One partner dies at an age: what the other has left."""

    person: str
    age: Age


class WageChange(_Spec):
    """Work longer or shorter, or fewer hours: a wage line's end and share of hours."""

    line: str
    until: dt.date | None = None
    """The last working day; None keeps the line's own end."""
    percent: int = Field(default=100, gt=0, le=200)
    """The share of today's hours from ``change_from`` on."""
    change_from: dt.date | None = None


class Scenario(_Spec):
    """A line's pessimistic and optimistic annual amounts from the UPO, in euros."""

    pessimistic: Decimal = Field(ge=0, decimal_places=2)
    optimistic: Decimal = Field(ge=0, decimal_places=2)


class WhatIf(_Spec):
    """Everything a what-if file may choose; all parts are optional and combine."""

    format: Literal["pensioenchecker-whatif"] = "pensioenchecker-whatif"
    label: str | None = Field(default=None, max_length=200)
    retire: list[Retire] = Field(default_factory=list)
    aow_bridge: AowBridge | None = None
    high_low: HighLow | None = None
    lump_sum: LumpSumChoice | None = None
    exchange: Exchange | None = None
    survivor: Survivor | None = None
    wages: list[WageChange] = Field(default_factory=list)
    scenarios: dict[str, Scenario] = Field(default_factory=dict)
    discount_rate: Decimal | None = Field(default=None, ge=0, le=Decimal("0.1"))
    inflation: Decimal | None = Field(default=None, ge=0, le=Decimal("0.2"))
    euros: Literal["nominal", "today"] = "nominal"


def read_whatif(text: str | bytes, where: str = "what-if") -> WhatIf:
    """A what-if file; a bad one raises InputError naming the first wrong field."""
    try:
        return WhatIf.model_validate_json(text)
    except ValidationError as exc:
        raise refusal(exc, where) from None


class WhatIfRefusedError(InputError):
    """A what-if the rules do not allow; the message says why."""


def basis_for(spec: WhatIf) -> Basis:
    """The default basis with the file's own rates, if it gives them."""
    return Basis.default(spec.discount_rate, spec.inflation)


class _Work:
    """The dossier being changed, with the facts the steps need."""

    def __init__(self, dossier: Dossier, table: AowAgeTable, basis: Basis, as_of: dt.date) -> None:
        self.dossier = dossier
        self.basis = basis
        self.as_of = as_of
        self.entitlements = list(dossier.entitlements)
        self.income = list(dossier.income_lines)
        self.lumps = list(dossier.lump_sums)
        self.persons = list(dossier.household.persons)
        births = np.array([p.birth_date for p in self.persons], dtype="datetime64[D]")
        ages = aow_age(table, births)
        self.aow_months = {
            p.id: int(ages.years[i]) * 12 + int(ages.months[i]) for i, p in enumerate(self.persons)
        }
        self.notes: list[str] = []

    def entitlement(self, line_id: str, kinds: tuple[str, ...] = ("old_age",)) -> Entitlement:
        for ent in self.entitlements:
            if ent.id == line_id:
                if ent.kind not in kinds:
                    raise WhatIfRefusedError(
                        Phrase(
                            "refuse.kind",
                            line=self.named(ent, True),
                            kind=Kind(ent.kind),
                            kinds=tuple(map(Kind, kinds)),
                        )
                    )
                return ent
        raise WhatIfRefusedError(Phrase("refuse.no_line", line=line_id))

    def named(self, ent: Entitlement, payer: bool = False) -> LineName:
        """A line by its owner's name (and payer, in a refusal); by its id when unnamed."""
        owner = next((p.name for p in self.persons if p.id == ent.person_id and p.name), None)
        name = f"{ent.provider}, {owner}" if payer and owner and ent.provider else owner
        return LineName(ent.id, name or ent.id)

    def replace(self, old: Entitlement, *new: Entitlement) -> None:
        at = self.entitlements.index(old)
        self.entitlements[at : at + 1] = list(new)

    def start_months(self, ent: Entitlement) -> int:
        if ent.start.age is None:
            raise WhatIfRefusedError(Phrase("refuse.paid", line=self.named(ent, True)))
        return ent.start.age.total_months()

    def birth(self, person_id: str) -> dt.date:
        return next(p.birth_date for p in self.persons if p.id == person_id)

    def date_at(self, person_id: str, months: int) -> dt.date:
        """The first day of the month in which an age is reached (when pensions start)."""
        reached = add_months_clamped(
            np.array([self.birth(person_id)], dtype="datetime64[D]"), np.array([months])
        )[0]
        return dt.date.fromisoformat(str(reached.astype("datetime64[M]").astype("datetime64[D]")))

    def result(self) -> Dossier:
        return self.dossier.model_copy(
            update={
                "entitlements": self.entitlements,
                "income_lines": self.income,
                "lump_sums": self.lumps,
                "household": self.dossier.household.model_copy(update={"persons": self.persons}),
            }
        )


def _amount(cents: int) -> Amount:
    return Amount(cents=cents, provenance=WHATIF_PROVENANCE)


def _annual(ent: Entitlement) -> int:
    assert ent.annual_gross is not None  # pension lines always have one (model rule)
    return ent.annual_gross.cents


def apply_whatif(
    dossier: Dossier, spec: WhatIf, table: AowAgeTable, as_of: dt.date, basis: Basis | None = None
) -> tuple[Dossier, list[str]]:
    """The dossier with every chosen what-if applied, and a note per change."""
    work = _Work(dossier, table, basis or basis_for(spec), as_of)
    for change in spec.wages:
        _wage(work, change)
    if spec.exchange:
        _exchange(work, spec.exchange)
    for retire in spec.retire:
        _retire(work, retire)
    if spec.aow_bridge:
        _bridge(work, spec.aow_bridge)
    if spec.high_low and spec.lump_sum and spec.high_low.line == spec.lump_sum.line:
        raise WhatIfRefusedError(Phrase("refuse.lump_with_high_low"))
    if spec.high_low:
        _high_low(work, spec.high_low)
    if spec.lump_sum:
        _lump_sum(work, spec.lump_sum)
    if spec.survivor:
        _survivor(work, spec.survivor)
    for line_id in spec.scenarios:
        work.entitlement(line_id)  # a scenario must name a pension line
    return work.result(), work.notes


def _retire(work: _Work, choice: Retire) -> None:
    ent = work.entitlement(choice.line)
    if ent.end is not None and ent.end.age is not None:
        raise WhatIfRefusedError(Phrase("refuse.temporary", line=work.named(ent, True)))
    old, new = work.start_months(ent), choice.age.total_months()
    earliest = LIMITS["earliest_retirement_age"] * 12
    latest = work.aow_months[ent.person_id] + LIMITS["latest_after_aow_years"] * 12
    if new < earliest:
        raise WhatIfRefusedError(Phrase("refuse.too_early", age=LIMITS["earliest_retirement_age"]))
    if new > latest:
        raise WhatIfRefusedError(Phrase("refuse.too_late", years=LIMITS["latest_after_aow_years"]))
    if work.date_at(ent.person_id, new) < work.as_of.replace(day=1):
        raise WhatIfRefusedError(Phrase("refuse.past", line=work.named(ent, True)))
    factor = work.basis.deferral_factor(old, new)
    annual = _annual(ent)
    moved = annual * choice.percent // 100 if choice.percent < 100 else annual
    moved_amount = apply_factor(moved, factor)
    parts = [
        ent.model_copy(
            update={
                "id": ent.id if choice.percent == 100 else f"{ent.id}@{new // 12}j{new % 12}m",
                "start": Moment(age=Age.from_months(new)),
                "annual_gross": _amount(moved_amount),
            }
        )
    ]
    if choice.percent < 100:
        parts.append(ent.model_copy(update={"annual_gross": _amount(annual - moved)}))
    work.replace(ent, *parts)
    share = "" if choice.percent == 100 else Phrase("note.retire.share", percent=choice.percent)
    work.notes.append(
        Phrase(
            "note.retire",
            share=share,
            provider=ent.provider,
            line=work.named(ent),
            new=Months(new),
            old=Months(old),
            moved=Money(moved),
            factor=factor,
            amount=Money(moved_amount),
            basis=work.basis.label(),
        )
    )


def _bridge(work: _Work, choice: AowBridge) -> None:
    ent = work.entitlement(choice.line)
    start, aow = work.start_months(ent), work.aow_months[ent.person_id]
    if start >= aow:
        raise WhatIfRefusedError(Phrase("refuse.no_gap", line=work.named(ent, True)))
    bridge = int(choice.annual * 100)
    cost = work.basis.bridge_cost_factor(start, aow)
    lowered = _annual(ent) - apply_factor(bridge, cost)
    if lowered < 0:
        raise WhatIfRefusedError(Phrase("refuse.bridge_too_big", line=work.named(ent, True)))
    bridge_line = ent.model_copy(
        update={
            "id": f"{ent.id}-overbrugging",
            "end": Moment(age=Age.from_months(aow)),
            "annual_gross": _amount(bridge),
            "scheme_id": None,
        }
    )
    work.replace(ent, ent.model_copy(update={"annual_gross": _amount(lowered)}), bridge_line)
    work.notes.append(
        Phrase(
            "note.bridge",
            bridge=Money(bridge),
            provider=ent.provider,
            factor=cost,
            lowered=Money(lowered),
            basis=work.basis.label(),
        )
    )


def _high_low(work: _Work, choice: HighLow) -> None:
    if choice.years > LIMITS["high_low_max_years"]:
        raise WhatIfRefusedError(Phrase("refuse.high_years", years=LIMITS["high_low_max_years"]))
    if choice.low_percent < LIMITS["high_low_min_low_percent"]:
        raise WhatIfRefusedError(
            Phrase("refuse.low_percent", percent=LIMITS["high_low_min_low_percent"])
        )
    ent = work.entitlement(choice.line)
    if ent.end is not None and ent.end.age is not None:
        raise WhatIfRefusedError(Phrase("refuse.high_low_temporary", line=work.named(ent, True)))
    start = work.start_months(ent)
    share = Decimal(choice.low_percent) / 100
    factor = work.basis.high_low_factor(start, choice.years * 12, share)
    high = apply_factor(_annual(ent), factor)
    low = (high * choice.low_percent * 2 + 100) // 200  # half up
    switch = start + choice.years * 12
    work.replace(
        ent,
        ent.model_copy(
            update={
                "id": f"{ent.id}-hoog",
                "end": Moment(age=Age.from_months(switch)),
                "annual_gross": _amount(high),
            }
        ),
        ent.model_copy(
            update={
                "id": f"{ent.id}-laag",
                "start": Moment(age=Age.from_months(switch)),
                "annual_gross": _amount(low),
            }
        ),
    )
    work.notes.append(
        Phrase(
            "note.high_low",
            provider=ent.provider,
            line=work.named(ent),
            annual=Money(_annual(ent)),
            factor=factor,
            high=Money(high),
            years=choice.years,
            low_percent=choice.low_percent,
            low=Money(low),
            basis=work.basis.label(),
        )
    )


def _lump_sum(work: _Work, choice: LumpSumChoice) -> None:
    if choice.percent > LIMITS["lump_sum_max_percent"]:
        raise WhatIfRefusedError(Phrase("refuse.lump_max", percent=LIMITS["lump_sum_max_percent"]))
    ent = work.entitlement(choice.line)
    if any(e.id == f"{ent.id}-hoog" for e in work.entitlements):
        raise WhatIfRefusedError(Phrase("refuse.lump_with_high_low"))
    start = work.start_months(ent)
    paid_on = work.date_at(ent.person_id, start)
    if paid_on < work.as_of.replace(day=1):
        raise WhatIfRefusedError(Phrase("refuse.lump_started", line=work.named(ent, True)))
    annual = _annual(ent)
    value_factor = work.basis.annuity_factor(start)
    given_up = (annual * int(choice.percent * 100) * 2 + 10_000) // 20_000  # half up
    lump = apply_factor(given_up, value_factor)
    work.replace(ent, ent.model_copy(update={"annual_gross": _amount(annual - given_up)}))
    work.lumps.append(
        LumpSum(
            id=f"{ent.id}-bedrag-ineens",
            person_id=ent.person_id,
            payer=ent.provider,
            date=paid_on,
            amount=_amount(lump),
            from_line=ent.id,
        )
    )
    work.notes.append(
        Phrase(
            "note.lump_sum",
            percent=choice.percent,
            provider=ent.provider,
            line=work.named(ent),
            paid_on=paid_on,
            given_up=Money(given_up),
            factor=value_factor,
            lump=Money(lump),
            year=paid_on.year,
            remaining=Money(annual - given_up),
            basis=work.basis.label(),
        )
    )


def _exchange(work: _Work, choice: Exchange) -> None:
    old_age = work.entitlement(choice.line)
    partner = work.entitlement(choice.partner_line, ("partner",))
    if partner.person_id != old_age.person_id:
        raise WhatIfRefusedError(Phrase("refuse.exchange_persons"))
    give, get = (
        (partner, old_age) if choice.direction == "partner_to_old_age" else (old_age, partner)
    )
    given = _annual(give) * choice.percent // 100
    received = apply_factor(given, choice.factor)
    work.replace(give, give.model_copy(update={"annual_gross": _amount(_annual(give) - given)}))
    current = work.entitlement(get.id, ("old_age", "partner"))
    work.replace(
        current, current.model_copy(update={"annual_gross": _amount(_annual(get) + received)})
    )
    work.notes.append(
        Phrase(
            "note.exchange",
            provider=give.provider,
            percent=choice.percent,
            give=Kind(give.kind),
            given=Money(given),
            factor=choice.factor,
            received=Money(received),
            get=Kind(get.kind),
        )
    )


def _survivor(work: _Work, choice: Survivor) -> None:
    index = {p.id: i for i, p in enumerate(work.persons)}
    if choice.person not in index:
        raise WhatIfRefusedError(Phrase("refuse.no_person", person=choice.person))
    if len(work.persons) < 2:  # noqa: PLR2004
        raise WhatIfRefusedError(Phrase("refuse.survivor_single"))
    person = work.persons[index[choice.person]]
    months = choice.age.total_months()
    died = add_months_clamped(
        np.array([person.birth_date], dtype="datetime64[D]"), np.array([months])
    )[0]
    death = dt.date.fromisoformat(str(died))
    if death < work.as_of:
        raise WhatIfRefusedError(Phrase("refuse.death_past"))
    work.persons[index[choice.person]] = person.model_copy(update={"death_date": death})
    other = work.persons[1 - index[choice.person]]
    partner_lines = [
        e for e in work.entitlements if e.person_id == person.id and e.kind == "partner"
    ]
    orphans = [e for e in work.entitlements if e.person_id == person.id and e.kind == "orphan"]
    lines = [
        Phrase("note.survivor.line", provider=e.provider, amount=Money(_annual(e)))
        for e in partner_lines
    ]
    work.notes.append(
        Phrase(
            "note.survivor",
            name=person.name or person.id,
            death=death,
            age=Months(choice.age.total_months()),
            other=other.name or other.id,
            lines=Listed(lines) if lines else Phrase("note.survivor.none"),
        )
    )
    for orphan in orphans:
        work.notes.append(
            Phrase("note.orphan", provider=orphan.provider, amount=Money(_annual(orphan)))
        )


def _wage(work: _Work, change: WageChange) -> None:
    line = next((w for w in work.income if w.id == change.line), None)
    if line is None:
        raise WhatIfRefusedError(Phrase("refuse.no_income", line=change.line))
    end = change.until or line.end
    parts: list[IncomeLine] = []
    if change.percent != 100:
        begin = change.change_from or work.as_of
        if end is not None and begin > end:
            raise WhatIfRefusedError(Phrase("refuse.hours_after_end"))
        scaled = line.annual_gross.cents * change.percent // 100
        if line.start is None or line.start < begin:
            parts.append(line.model_copy(update={"end": begin - dt.timedelta(days=1)}))
        parts.append(
            line.model_copy(
                update={
                    "id": f"{line.id}-{change.percent}pct",
                    "start": begin,
                    "end": end,
                    "annual_gross": _amount(scaled),
                }
            )
        )
        work.notes.append(
            Phrase(
                "note.wage.hours",
                payer=line.payer,
                percent=change.percent,
                begin=begin,
                scaled=Money(scaled),
                annual=Money(line.annual_gross.cents),
            )
        )
    else:
        parts.append(line.model_copy(update={"end": end}))
    if change.until:
        work.notes.append(Phrase("note.wage.until", payer=line.payer, until=change.until))
    at = work.income.index(line)
    work.income[at : at + 1] = parts


# --- comparing -----------------------------------------------------------------------------


def phase_at(phases: list[Phase], day: dt.date) -> Phase | None:
    """The phase a day falls in (None before the first)."""
    found = None
    for phase in phases:
        if phase.start <= day:
            found = phase
    return found


def differences(
    baseline: HouseholdProjection, variant: HouseholdProjection
) -> list[dict[str, Any]]:
    """Baseline and variant side by side over every stretch in which neither changes (cents)."""
    starts = sorted({p.start for p in baseline.phases} | {p.start for p in variant.phases})
    rows: list[dict[str, Any]] = []
    for i, start in enumerate(starts):
        base, var = phase_at(baseline.phases, start), phase_at(variant.phases, start)
        b_net = base.net_monthly if base else 0
        v_net = var.net_monthly if var else 0
        rows.append(
            {
                "start": start,
                "end": starts[i + 1] - dt.timedelta(days=1) if i + 1 < len(starts) else None,
                "baseline_gross_monthly": base.gross_monthly if base else 0,
                "variant_gross_monthly": var.gross_monthly if var else 0,
                "baseline_net_monthly": b_net,
                "variant_net_monthly": v_net,
                "difference_net_monthly": v_net - b_net,
            }
        )
    return rows


def in_todays_euros(cents: int, as_of: dt.date, when: dt.date, inflation: Decimal) -> int:
    """An amount paid on ``when`` in euros of ``as_of``."""
    years = years_between(as_of, max(when, as_of))
    return todays_euros(cents, years, inflation)


def scenario_dossiers(
    dossier: Dossier, spec: WhatIf, baseline: Dossier | None = None
) -> dict[str, Dossier]:
    """The dossier with each scenario line at its pessimistic and at its optimistic amount.

    The UPO's scenario amounts hold for the line as the fund shows it (``baseline``, default
    ``dossier``); a line a what-if changed (moved, split, high-low) is scaled by the same ratio.
    """
    original = {e.id: e for e in (baseline or dossier).entitlements}
    out: dict[str, Dossier] = {}
    for name in ("pessimistic", "optimistic"):
        lines = []
        for ent in dossier.entitlements:
            key = next(
                (k for k in spec.scenarios if ent.id == k or ent.id.startswith((f"{k}@", f"{k}-"))),
                None,
            )
            source = original.get(key) if key else None
            if key is not None and source is not None and ent.kind == "old_age":
                expected = _annual(source)
                wanted = int(getattr(spec.scenarios[key], name) * 100)
                scaled = _annual(ent) * wanted // expected if expected else wanted
                ent = ent.model_copy(update={"annual_gross": _amount(scaled)})
            lines.append(ent)
        out[name] = dossier.model_copy(update={"entitlements": lines})
    return out
