"""Pydantic domain model, saved and read as versioned JSON (the "dossier").

Amounts are integer cents with their provenance: where the figure came from (a Mijnpensioenoverzicht
file, a bank statement, the user's own entry, a synthetic demo), its reference date, and whether
the user edited it. Nothing here computes; the projection reads it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from pensioenchecker import clock
from pensioenchecker.errors import InputError
from pensioenchecker.messages import phrase
from pensioenchecker.model.bounds import (
    FIRST_DATE,
    LAST_DATE,
    MAX_ANNUAL_CENTS,
    MAX_BALANCE_CENTS,
    MAX_LINES,
    MAX_TRANSACTIONS,
    MAX_WARNINGS,
)
from pensioenchecker.model.message import Message
from pensioenchecker.model.validation import refusal

MAX_DOSSIER_BYTES = 20 * 1024 * 1024

Day = Annotated[dt.date, Field(ge=FIRST_DATE, le=LAST_DATE)]
"""Any date in a dossier: within ``bounds`` (a year 9999 never reaches the rules)."""
YearCents = Annotated[int, Field(ge=0, lt=MAX_ANNUAL_CENTS)]
"""An amount per year in cents, below € 100 million."""
BalanceCents = Annotated[int, Field(ge=0, lt=MAX_BALANCE_CENTS)]
"""A standing amount in cents (a home, a debt, savings), below € 1 billion."""

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
    reference_date: Day | None = None
    """The date the source says the figure holds on (Mijnpensioenoverzicht's StandPer)."""
    edited: bool = False
    """True when the user changed the figure after import."""


class Amount(_Model):
    """Euro amount in integer cents, with its provenance."""

    cents: YearCents
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
    birth_date: Day
    household_status: Literal["single", "couple"] = "single"
    """Single or living together (married, registered or cohabiting): sets the AOW rate."""
    fiscal_partner: str | None = None
    """The id of the other person when they are each other's fiscal partner."""
    death_date: Day | None = None
    """Only in a survivor what-if: the assumed date of death (payments stop, the partner's
    partner pension starts, the survivor's AOW becomes the single rate)."""

    @model_validator(mode="after")
    def _born_plausibly(self) -> Person:
        if not FIRST_DATE <= self.birth_date <= clock.today():
            raise ValueError(f"a birth date lies between {FIRST_DATE.isoformat()} and today")
        return self


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
    paid_since: Day | None = None
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
    start: Day | None = None
    end: Day | None = None
    """The last day of this income (exclusive end is the day after); None: open."""
    loonheffingskorting: bool | None = None


class LumpSum(_Model):
    """A one-off payment (bedrag ineens): taxed in the year it is paid, never a monthly income."""

    id: str = Field(min_length=1, max_length=128)
    person_id: str
    payer: str = Field(min_length=1, max_length=200)
    date: Day
    amount: Amount
    from_line: str | None = None
    """The pension line it was taken from."""


class Transaction(_Model):
    """One booked bank transaction; negative amounts leave the account."""

    id: str = Field(min_length=1, max_length=128)
    person_id: str | None = None
    account: str = Field(max_length=64)
    booking_date: Day
    amount_cents: int = Field(gt=-MAX_BALANCE_CENTS, lt=MAX_BALANCE_CENTS)
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
    start: Day
    end: Day
    hours: Decimal | None = None
    sv_wage_cents: YearCents | None = None
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
    original_cents: BalanceCents | None = None
    current_cents: BalanceCents
    as_of: Day
    interest_rate: Decimal | None = Field(default=None, ge=0, le=1)
    monthly_cents: YearCents | None = None
    phase: str | None = None
    provenance: Provenance


class Property(_Model):
    """A home: the Kadaster's registration and the WOZ value."""

    id: str = Field(min_length=1, max_length=128)
    address: str | None = Field(default=None, max_length=300)
    kadastrale_aanduiding: str | None = None
    purchase_price_cents: BalanceCents | None = None
    purchase_date: Day | None = None
    woz_value_cents: BalanceCents | None = None
    woz_reference_date: Day | None = None
    provenance: Provenance


class TaxYearIncome(_Model):
    """Income per payer for a past year as the Belastingdienst knows it (manual entry)."""

    person_id: str
    year: int = Field(ge=1990, le=2100)
    payer: str = Field(max_length=200)
    income_cents: YearCents
    withheld_tax_cents: YearCents = 0
    withheld_zvw_cents: YearCents = 0
    provenance: Provenance


class Rent(_Model):
    """The home's rent per month, as huurtoeslag counts it (Wht art. 5-7)."""

    kale_huur_cents: YearCents
    """The bare rent (kale huur) per month."""
    service_costs_cents: YearCents = 0
    """Only the servicekosten that count for huurtoeslag (energy and cleaning of shared spaces,
    a caretaker, shared facilities), per month; until 2025 they add to the rent."""
    provenance: Provenance
    """``manual`` from the rent form; ``bank`` when the user confirmed the bank's suggestion."""


class SourceFile(_Model):
    """A file the dossier was built from; the original is kept beside the dossier."""

    name: str = Field(max_length=300)
    kind: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    size: int = Field(ge=0)
    imported_at: dt.datetime | None = None
    person_id: str | None = None
    """Whose file it is; None for a file of the household as a whole (a joint bank account)."""


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
    entitlements: list[Entitlement] = Field(default_factory=list, max_length=MAX_LINES)
    income_lines: list[IncomeLine] = Field(default_factory=list, max_length=MAX_LINES)
    lump_sums: list[LumpSum] = Field(default_factory=list, max_length=MAX_LINES)
    transactions: list[Transaction] = Field(default_factory=list, max_length=MAX_TRANSACTIONS)
    employment: list[EmploymentPeriod] = Field(default_factory=list, max_length=MAX_LINES)
    debts: list[Debt] = Field(default_factory=list, max_length=MAX_LINES)
    properties: list[Property] = Field(default_factory=list, max_length=MAX_LINES)
    tax_income: list[TaxYearIncome] = Field(default_factory=list, max_length=MAX_LINES)
    box3_assets_cents: BalanceCents | None = None
    """Box 3 assets on 1 January (bank balances and investments together)."""
    box3_other_cents: BalanceCents | None = None
    """Of ``box3_assets_cents``, the investments and other assets (the rest is bank balances:
    the two have different forfaitary returns)."""
    box3_debts_cents: BalanceCents | None = None
    """Box 3 debts on 1 January."""
    rent: Rent | None = None
    """The rent, for huurtoeslag; None: no rent known (no huurtoeslag is computed)."""
    health_costs_cents: YearCents | None = None
    """What the household pays a year for health insurance and eigen risico; None: the stated
    assumption (average nominal premium plus the full eigen risico per adult)."""
    documents: list[SourceFile] = Field(default_factory=list, max_length=MAX_LINES)
    warnings: list[Message] = Field(default_factory=list, max_length=MAX_WARNINGS)
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
        owners += [(f"file {d.name}", d.person_id) for d in self.documents if d.person_id]
        for item_id, person_id in owners:
            if person_id not in ids:
                raise ValueError(f"{item_id} belongs to an unknown person (not in the household)")
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
            raise refusal(exc, where) from None


def load_dossier(path: Path) -> Dossier:
    """Read a saved dossier file, refusing missing, oversized or malformed files cleanly."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(phrase("file not found"), str(path)) from None
    except OSError as exc:
        raise InputError(
            phrase("cannot read ({reason})", reason=exc.strerror or ""), str(path)
        ) from None
    if size == 0:
        raise InputError(phrase("the file is empty"), str(path))
    if size > MAX_DOSSIER_BYTES:
        raise InputError(
            phrase("the file is larger than {limit_mb} MB", limit_mb=MAX_DOSSIER_BYTES // 2**20),
            str(path),
        )
    data = path.read_bytes()
    if data[:3] == b"\xef\xbb\xbf":
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(phrase("not a UTF-8 text file"), str(path)) from None
    if not text.lstrip().startswith("{"):
        raise InputError(phrase("not a dossier JSON file"), str(path))
    return Dossier.from_json(text, str(path))
