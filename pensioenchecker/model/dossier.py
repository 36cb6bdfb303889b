"""Pydantic domain model, saved and read as versioned JSON (the "dossier").

Amounts are integer cents with their provenance: where the figure came from (a Mijnpensioenoverzicht
file, a bank statement, the user's own entry, a synthetic demo), its reference date, and whether
the user edited it. Nothing here computes; the projection reads it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pensioenchecker.errors import InputError
from pensioenchecker.model.message import Message

MAX_DOSSIER_BYTES = 20 * 1024 * 1024

SourceKind = Literal[
    "mpo",
    "bank",
    "uwv",
    "belastingdienst",
    "duo",
    "brp",
    "kadaster",
    "woz",
    "manual",
    "demo",
    "share",
    "whatif",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(_Model):
    """Where a value came from."""

    source: SourceKind
    file: str | None = None
    reference_date: dt.date | None = None
    """The date the source says the figure holds on (Mijnpensioenoverzicht's StandPer)."""
    edited: bool = False
    """True when the user changed the figure after import."""


class Amount(_Model):
    """Euro amount in integer cents, with its provenance."""

    cents: int = Field(ge=0)
    provenance: Provenance


class Age(_Model):
    """An age in years and months (pension start ages are often 67 years and 3 months)."""

    years: int = Field(ge=0, le=120)
    months: int = Field(default=0, ge=0, le=11)

    def total_months(self) -> int:
        """The age in months."""
        return self.years * 12 + self.months

    @classmethod
    def from_months(cls, months: int) -> Age:
        """The age ``months`` months old: what-if sliders and the AOW table count in months."""
        years, rest = divmod(months, 12)
        return cls(years=years, months=rest)


MomentEvent = Literal["death", "death_partner", "death_parent", "now"]


class Moment(_Model):
    """A start or end: an age of the person, or an event (death, partner's death, now)."""

    age: Age | None = None
    event: MomentEvent | None = None

    @model_validator(mode="after")
    def _one_of(self) -> Moment:
        if (self.age is None) == (self.event is None):
            raise ValueError("a moment is either an age or an event")
        return self


class Person(_Model):
    """One member of the household."""

    id: str = Field(min_length=1, max_length=64)
    name: str | None = Field(default=None, max_length=200)
    birth_date: dt.date
    household_status: Literal["single", "couple"] = "single"
    """Single or living together (married, registered or cohabiting): sets the AOW rate."""
    fiscal_partner: str | None = None
    """The id of the other person when they are each other's fiscal partner."""
    death_date: dt.date | None = None
    """Only in a survivor what-if: the assumed date of death (payments stop, the partner's
    partner pension starts, the survivor's AOW becomes the single rate)."""


EntitlementKind = Literal["aow", "old_age", "partner", "orphan"]


class Entitlement(_Model):
    """A right to a benefit: the AOW or a pension from a fund or insurer."""

    id: str = Field(min_length=1, max_length=128)
    person_id: str
    kind: EntitlementKind
    provider: str = Field(min_length=1, max_length=200)
    scheme_id: str | None = None
    start: Moment
    end: Moment | None = None
    """None or the event 'death': paid for life."""
    annual_gross: Amount | None = None
    """Gross per year including holiday pay; for the AOW None means: the law's amounts."""
    accrued: Amount | None = None
    """Built up so far (Opgebouwd), where the source gives it."""
    certain: bool = True
    """Pensioen (certain) versus IndicatiefPensioen (indicative, assumes build-up continues)."""
    aow_insured_years: int | None = Field(default=None, ge=0, le=50)
    """For the AOW: insured years (2 % each); None means a full AOW."""
    aow_annual_single: Amount | None = None
    aow_annual_couple: Amount | None = None
    """For the AOW: the source's own annual figures for a single person and per person in a
    couple (Mijnpensioenoverzicht's TeBereiken or Uitkering); shown, while the projection follows
    the law's current amounts for the insured years."""
    paid_since: dt.date | None = None
    """For a benefit already being paid (Heden): the date the source says it holds on."""
    net_already: bool = False
    """Amounts a source gives as already net (NettoPensioen...) are never taxed again."""
    loonheffingskorting: bool | None = None
    """True when this payer applies the loonheffingskorting; None lets the program choose."""

    @model_validator(mode="after")
    def _amount_needed(self) -> Entitlement:
        if self.kind != "aow" and self.annual_gross is None:
            raise ValueError(f"entitlement {self.id}: a pension needs annual_gross")
        return self


class IncomeLine(_Model):
    """Income other than AOW and pension: wage, a benefit, other."""

    id: str = Field(min_length=1, max_length=128)
    person_id: str
    kind: Literal["wage", "benefit", "other"]
    payer: str = Field(min_length=1, max_length=200)
    annual_gross: Amount
    start: dt.date | None = None
    end: dt.date | None = None
    """The last day of this income (exclusive end is the day after); None: open."""
    loonheffingskorting: bool | None = None


class LumpSum(_Model):
    """A one-off payment (bedrag ineens): taxed in the year it is paid, never a monthly income."""

    id: str = Field(min_length=1, max_length=128)
    person_id: str
    payer: str = Field(min_length=1, max_length=200)
    date: dt.date
    amount: Amount
    from_line: str | None = None
    """The pension line it was taken from."""


class Transaction(_Model):
    """One booked bank transaction; negative amounts leave the account."""

    id: str = Field(min_length=1, max_length=128)
    person_id: str | None = None
    account: str = Field(max_length=64)
    booking_date: dt.date
    amount_cents: int
    currency: str = Field(default="EUR", min_length=3, max_length=3)
    counterparty: str | None = Field(default=None, max_length=200)
    counterparty_account: str | None = Field(default=None, max_length=64)
    description: str = Field(default="", max_length=1000)
    category: str | None = None
    """housing, groceries, care, transport, insurance, income:salary, income:aow, ..."""
    provenance: Provenance


class EmploymentPeriod(_Model):
    """A period of employment or benefit from the UWV verzekeringsbericht (to be reviewed)."""

    person_id: str
    employer: str = Field(max_length=200)
    loonheffingennummer: str | None = None
    contract_form: str | None = None
    start: dt.date
    end: dt.date
    hours: Decimal | None = None
    sv_wage_cents: int | None = None
    needs_review: bool = True
    provenance: Provenance


class Debt(_Model):
    """A debt that weighs on the budget: DUO study debt, a mortgage, another loan."""

    id: str = Field(min_length=1, max_length=128)
    person_id: str | None = None
    kind: Literal["studieschuld", "hypotheek", "other"]
    lender: str = Field(max_length=200)
    regime: str | None = None
    """For DUO: SF35, SF15 or SF15-oud."""
    original_cents: int | None = Field(default=None, ge=0)
    current_cents: int = Field(ge=0)
    as_of: dt.date
    interest_rate: Decimal | None = Field(default=None, ge=0, le=1)
    monthly_cents: int | None = Field(default=None, ge=0)
    phase: str | None = None
    provenance: Provenance


class Property(_Model):
    """A home: the Kadaster's registration and the WOZ value."""

    id: str = Field(min_length=1, max_length=128)
    address: str | None = Field(default=None, max_length=300)
    kadastrale_aanduiding: str | None = None
    purchase_price_cents: int | None = Field(default=None, ge=0)
    purchase_date: dt.date | None = None
    woz_value_cents: int | None = Field(default=None, ge=0)
    woz_reference_date: dt.date | None = None
    provenance: Provenance


class TaxYearIncome(_Model):
    """Income per payer for a past year as the Belastingdienst knows it (manual entry)."""

    person_id: str
    year: int = Field(ge=1990, le=2100)
    payer: str = Field(max_length=200)
    income_cents: int = Field(ge=0)
    withheld_tax_cents: int = Field(default=0, ge=0)
    withheld_zvw_cents: int = Field(default=0, ge=0)
    provenance: Provenance


class SourceFile(_Model):
    """A file the dossier was built from; the original is kept beside the dossier."""

    name: str = Field(max_length=300)
    kind: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    imported_at: dt.datetime | None = None


class Household(_Model):
    """One or two people; living together decides the AOW rate."""

    persons: list[Person] = Field(min_length=1, max_length=2)

    @model_validator(mode="after")
    def _ids(self) -> Household:
        ids = [p.id for p in self.persons]
        if len(set(ids)) != len(ids):
            raise ValueError("two persons share one id")
        return self


class Dossier(_Model):
    """Everything known about one household, ready to be projected, saved or shared."""

    format: Literal["pensioenchecker-dossier"] = "pensioenchecker-dossier"
    version: Literal[1] = 1
    label: str | None = None
    """A description for people; demo dossiers say they are synthetic."""
    household: Household
    entitlements: list[Entitlement] = Field(default_factory=list)
    income_lines: list[IncomeLine] = Field(default_factory=list)
    lump_sums: list[LumpSum] = Field(default_factory=list)
    transactions: list[Transaction] = Field(default_factory=list)
    employment: list[EmploymentPeriod] = Field(default_factory=list)
    debts: list[Debt] = Field(default_factory=list)
    properties: list[Property] = Field(default_factory=list)
    tax_income: list[TaxYearIncome] = Field(default_factory=list)
    box3_assets_cents: int | None = Field(default=None, ge=0)
    documents: list[SourceFile] = Field(default_factory=list)
    warnings: list[Message] = Field(default_factory=list)
    """What the importers noticed and the user should know (missing providers, conflicts),
    as codes with arguments: written out in the language of whoever reads them."""

    @field_validator("warnings", mode="before")
    @classmethod
    def _plain_warnings(cls, value: Any) -> Any:
        """Dossiers saved before warnings had codes hold sentences: each becomes a plain one."""
        if isinstance(value, list):
            return [Message.plain(item) if isinstance(item, str) else item for item in value]
        return value

    @model_validator(mode="after")
    def _references(self) -> Dossier:
        ids = {p.id for p in self.household.persons}
        owners = [(e.id, e.person_id) for e in self.entitlements]
        owners += [(line.id, line.person_id) for line in self.income_lines]
        owners += [(lump.id, lump.person_id) for lump in self.lump_sums]
        owners += [(f"employment {e.employer}", e.person_id) for e in self.employment]
        owners += [(f"tax income {t.payer}", t.person_id) for t in self.tax_income]
        owners += [(t.id, t.person_id) for t in self.transactions if t.person_id]
        owners += [(d.id, d.person_id) for d in self.debts if d.person_id]
        for item_id, person_id in owners:
            if person_id not in ids:
                raise ValueError(f"{item_id} belongs to unknown person {person_id!r}")
        return self

    def person(self, person_id: str) -> Person:
        """The person with this id."""
        return next(p for p in self.household.persons if p.id == person_id)

    def to_json(self) -> str:
        """The dossier as JSON text (round-trips through ``from_json``)."""
        return self.model_dump_json(indent=2, exclude_none=True)

    @classmethod
    def from_json(cls, text: str | bytes, where: str = "dossier") -> Dossier:
        """Read a dossier; a bad one raises InputError naming the first wrong field."""
        try:
            return cls.model_validate_json(text)
        except ValidationError as exc:
            first = exc.errors()[0]
            place = ".".join(str(p) for p in first["loc"]) or "top level"
            raise InputError(f"{first['msg']} (at {place})", where) from None


def load_dossier(path: Path) -> Dossier:
    """Read a saved dossier file, refusing missing, oversized or malformed files cleanly."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("file not found", str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot read ({exc.strerror})", str(path)) from None
    if size == 0:
        raise InputError("the file is empty", str(path))
    if size > MAX_DOSSIER_BYTES:
        raise InputError(f"the file is larger than {MAX_DOSSIER_BYTES // 2**20} MB", str(path))
    data = path.read_bytes()
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("not a UTF-8 text file", str(path)) from None
    if not text.lstrip().startswith("{"):
        raise InputError("not a dossier JSON file", str(path))
    return Dossier.from_json(text, str(path))
