"""The manual-entry forms: one pydantic model per source a user types in (see ``manual``).

Field names follow the sources' own vocabulary; a field's ``description`` documents it and
describes it in the form's JSON schema (the form window's tooltips). The descriptions are data,
not docstrings, so the app bundle needs no ``.py`` source to show them. Money is exact: euros
with a decimal point become Decimals of whole cents, and anything else is refused, never rounded.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)

from pensioenchecker.i18n import N_
from pensioenchecker.masking import shown_value as masked_value
from pensioenchecker.messages import phrase
from pensioenchecker.model import Age
from pensioenchecker.model.dossier import SourceKind
from pensioenchecker.model.validation import FieldPlace

FORMAT: Final = "pensioenchecker-manual"
MAX_EUROS = Decimal(10**11)
CENT = Decimal("0.01")

# -- field types ------------------------------------------------------------------------------


def shown_value(value: object) -> str:
    """A value for a message: short, and never the whole of a huge or nested input."""
    if isinstance(value, str | int | float | Decimal) and not isinstance(value, bool):
        return masked_value(value if isinstance(value, str) else str(value))
    return phrase("a {type}", type=type(value).__name__)


WHAT: dict[str, str] = {"amount": N_("amount"), "percentage": N_("percentage")}
"""The kinds of number a form holds, as a refusal names them (translated when shown)."""


def _number(value: object, what: str, example: str) -> tuple[Decimal, str]:
    """An exact, finite, non-negative Decimal from a JSON string or number, and how to show it."""
    kind = phrase(WHAT[what]) if what in WHAT else what
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(
            phrase(
                '{what} must be a number or a string such as "{example}"',
                what=kind,
                example=example,
            )
        )
    shown = shown_value(value)
    if isinstance(value, str):
        text = value.strip()
        if "," in text:
            raise ValueError(
                phrase(
                    "{what} {value} uses a comma; write it with a point, e.g. {example}",
                    what=kind,
                    value=shown,
                    example=example,
                )
            )
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
            raise ValueError(
                phrase(
                    '{what} {value} is not a number; write it like "{example}"',
                    what=kind,
                    value=shown,
                    example=example,
                )
            )
        number = Decimal(text)
    else:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(phrase("{what} {value} is not a number", what=kind, value=shown))
    if number < 0:
        raise ValueError(phrase("{what} {value} is negative", what=kind, value=shown))
    return number, shown


def _decimals(number: Decimal) -> int:
    exponent = number.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _euros(value: object) -> Decimal:
    """Exact euros from a JSON string or number; refuses commas, negatives, sub-cent amounts.

    More than two written decimals is refused even when they are zeros: "412.000" is a Dutch
    way of writing four hundred and twelve thousand, not 412 euros.
    """
    number, shown = _number(value, "amount", "1234.56")
    if _decimals(number) > 2:
        raise ValueError(phrase("amount {value} has more than two decimals", value=shown))
    if number > MAX_EUROS:
        raise ValueError(phrase("amount {value} is implausibly large", value=shown))
    return number.quantize(CENT)


def _percent(value: object) -> Decimal:
    """An exact percentage (2.56 for 2,56 %), at most four decimals, 0 to 100."""
    number, shown = _number(value, "percentage", "2.56")
    if number > 100:
        raise ValueError(phrase("percentage {value} must be between 0 and 100", value=shown))
    if _decimals(number) > 4:
        raise ValueError(phrase("percentage {value} has more than four decimals", value=shown))
    return number


def _iso_date(value: object) -> dt.date:
    """A calendar date written YYYY-MM-DD (2025-02-30 is refused)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(
            phrase("{value} is not a date written as YYYY-MM-DD", value=shown_value(value))
        )
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            phrase("{value} is not a calendar date", value=shown_value(value))
        ) from None


EURO_PATTERN = r"^[0-9]+(\.[0-9]{1,2})?$"
"""How a form file writes euros as text."""

Euros = Annotated[
    Decimal,
    BeforeValidator(_euros),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": EURO_PATTERN},
                {"type": "number", "minimum": 0},
            ],
            "description": 'euros with a decimal point, at most two decimals ("1234.56")',
        }
    ),
]
PERCENT_PATTERN = r"^[0-9]+(\.[0-9]{1,4})?$"
"""How a form file writes a percentage as text (2.56 for 2,56 %)."""

Percent = Annotated[
    Decimal,
    BeforeValidator(_percent),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": PERCENT_PATTERN},
                {"type": "number", "minimum": 0, "maximum": 100},
            ],
            "description": "a percentage with a decimal point (2.56 means 2,56 %)",
        }
    ),
]
IsoDate = Annotated[
    dt.date, BeforeValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
Note = Annotated[str, StringConstraints(max_length=2000)]


class _Part(BaseModel):
    """A part of a form: unknown keys are typos, so they are refused.

    A field is described with ``Field(description=...)``, never a docstring under it: pydantic
    could only read such docstrings from the ``.py`` source, which the app bundle does not ship.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Form(_Part):
    """The envelope every manual-entry file shares."""

    format: Literal["pensioenchecker-manual"] = FORMAT
    version: Literal[1] = 1
    note: Note | None = Field(
        default=None,
        description='Free text for people, e.g. "synthetic demo"; not used in any calculation.',
    )


# -- Belastingdienst (VIA labels as documentation, formats.md §3) ---------------------------


class PayerIncome(_Part):
    """One payer's line: VIA's "Naam werkgever of uitkeringsinstantie" and its figures."""

    payer: Text
    income: Euros = Field(
        description=(
            'Loon / pensioen / uitkering for the year (VIA: "Loon tegenwoordige arbeid" etc.).'
        )
    )
    withheld_loonheffing: Euros = Field(
        default=Decimal(0), description='VIA: "Ingehouden loonheffing".'
    )
    withheld_zvw: Euros = Field(
        default=Decimal(0),
        description='VIA: "Bijdrage ZVW" (the income-related Zvw contribution the payer withheld).',
    )


class BelastingdienstForm(_Form):
    """A past tax year as Mijn Belastingdienst shows it: income per payer, box 3 assets."""

    source: Literal["belastingdienst"] = "belastingdienst"
    year: int = Field(ge=1990, le=2100)
    payers: list[PayerIncome] = Field(default_factory=list, max_length=50)
    box3_assets: Euros | None = Field(
        default=None,
        description="Box 3 bezittingen on 1 January of the year (bank balances, investments).",
    )
    box3_investments: Euros | None = Field(
        default=None,
        description=(
            "Of the box 3 bezittingen: beleggingen en andere bezittingen (the rest counts as "
            "banktegoeden; their forfaitary returns differ)."
        ),
    )
    box3_debts: Euros | None = Field(
        default=None, description="Box 3 schulden on 1 January of the year."
    )

    @model_validator(mode="after")
    def _something(self) -> BelastingdienstForm:
        if not self.payers and self.box3_assets is None:
            raise ValueError(phrase("give at least one payer or the box 3 assets"))
        if self.box3_investments is not None and self.box3_investments > (
            self.box3_assets or Decimal(0)
        ):
            raise ValueError(
                phrase(
                    "{investments} is more than {assets}, of which it is a part",
                    investments=FieldPlace(["box3_investments"]),
                    assets=FieldPlace(["box3_assets"]),
                )
            )
        return self


# -- Rent (the landlord's yearly rent notice) ------------------------------------------------


class RentForm(_Form):
    """The rent per month, as the landlord's rent notice (huurverhoging) states it."""

    source: Literal["rent"] = "rent"
    kale_huur: Euros = Field(description="Kale huur per month: the rent without service costs.")
    servicekosten: Euros = Field(
        default=Decimal(0),
        description=(
            "Per month, only the servicekosten that count for huurtoeslag: energy and cleaning "
            "of shared spaces, a caretaker, shared facilities (at most 48 counts, until 2025)."
        ),
    )
    peildatum: IsoDate | None = Field(
        default=None, description="The date the rent holds from (usually 1 July)."
    )


# -- DUO (portal labels, formats.md §5) -------------------------------------------------------

DuoPhase = Literal["studie", "aanloop", "aflos", "aflosvrij"]
_PHASES: dict[str, DuoPhase] = {
    "studie": "studie",
    "aanloop": "aanloop",
    "aanloopfase": "aanloop",
    "aflos": "aflos",
    "aflosfase": "aflos",
    "aflossing": "aflos",
    "aflosvrij": "aflosvrij",
    "aflosvrije periode": "aflosvrij",
}


def _phase(value: object) -> object:
    """Accept the portal's wordings ("aflosfase", "aanloopfase") for the four phases."""
    if isinstance(value, str):
        return _PHASES.get(value.strip().lower(), value)
    return value


class DuoForm(_Form):
    """A study debt as Mijn DUO shows it."""

    source: Literal["duo"] = "duo"
    regime: Literal["SF35", "SF15", "SF15-oud", "other"]
    oorspronkelijke_schuld: Euros | None = Field(
        default=None, description="The debt when repayment started (DUO: SaldoStartAflosfase)."
    )
    actuele_schuld: Euros = Field(description="Saldo schuld including interest on ``peildatum``.")
    peildatum: IsoDate = Field(description='DUO: "rente is berekend tot".')
    rentepercentage: Percent | None = None
    maandbedrag: Euros | None = None
    fase: Annotated[DuoPhase, BeforeValidator(_phase)] | None = None
    start_aflosfase: IsoDate | None = None


# -- BRP (Haal Centraal BRP names, formats.md §6) ---------------------------------------------


class Naam(_Part):
    """Haal Centraal ``naam``."""

    voornamen: Text | None = None
    voorletters: Short | None = None
    voorvoegsel: Short | None = None
    geslachtsnaam: Text

    def volledig(self) -> str:
        """The name as one line ("Jan Pieter van Voorbeeld")."""
        first = self.voornamen or self.voorletters
        return " ".join(p for p in (first, self.voorvoegsel, self.geslachtsnaam) if p)[:200]


class Geboorte(_Part):
    """Haal Centraal ``geboorte``."""

    datum: IsoDate
    plaats: Text | None = None
    land: Text | None = None


class Datum(_Part):
    """A Haal Centraal date object (``aangaanHuwelijkPartnerschap`` and the like)."""

    datum: IsoDate


class Partner(_Part):
    """Haal Centraal ``partners[]``: a marriage or registered partnership."""

    naam: Naam | None = None
    geboorte: Geboorte | None = None
    soortVerbintenis: Literal["huwelijk", "geregistreerd_partnerschap"] | None = None  # noqa: N815
    aangaanHuwelijkPartnerschap: Datum | None = None  # noqa: N815 - Haal Centraal name
    ontbindingHuwelijkPartnerschap: Datum | None = Field(  # noqa: N815
        default=None,
        description="Set when the marriage or partnership has ended: then no longer a partner.",
    )


class Adres(_Part):
    """An address with the BRP/BRK names (``verblijfplaats``, ``adressen[]``)."""

    straat: Text | None = None
    huisnummer: int | None = Field(default=None, ge=1, le=99999)
    huisletter: Annotated[str, StringConstraints(pattern=r"^[A-Za-z]$")] | None = None
    huisnummertoevoeging: Annotated[str, StringConstraints(max_length=4)] | None = None
    postcode: Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")] | None = (
        None
    )
    woonplaats: Text | None = None

    def regel(self) -> str | None:
        """One line, "Voorbeeldstraat 10a-2, 1234AB Utrecht"; None when empty."""
        number = ""
        if self.huisnummer is not None:
            number = f"{self.huisnummer}{self.huisletter or ''}"
            if self.huisnummertoevoeging:
                number += f"-{self.huisnummertoevoeging}"
        street = " ".join(p for p in (self.straat, number) if p)
        place = " ".join(p for p in (self.postcode_norm(), self.woonplaats) if p)
        return ", ".join(p for p in (street, place) if p) or None

    def postcode_norm(self) -> str | None:
        """The postcode without space, capitals: 1234AB."""
        return self.postcode.replace(" ", "").upper() if self.postcode else None

    def key(self) -> str | None:
        """Postcode and house number, the same for the Kadaster and WOZ entry of one home."""
        if self.postcode is None or self.huisnummer is None:
            return None
        extra = (self.huisletter or "") + (self.huisnummertoevoeging or "")
        return f"{self.postcode_norm()}-{self.huisnummer}{extra}".lower()


class BrpForm(_Form):
    """A person as MijnOverheid shows the BRP record (no burgerservicenummer is kept)."""

    source: Literal["brp"] = "brp"
    naam: Naam
    geboorte: Geboorte
    partners: list[Partner] = Field(default_factory=list, max_length=20)
    verblijfplaats: Adres | None = None
    leefsituatie: Literal["Alleenstaand", "GehuwdOfSamenwonend"] | None = Field(
        default=None,
        description=(
            "Not in the BRP: living together unmarried also counts for the AOW; None derives it."
        ),
    )

    @model_validator(mode="after")
    def _one_partner(self) -> BrpForm:
        if len(self.current_partners()) > 1:
            raise ValueError(phrase("more than one partner without ontbindingHuwelijkPartnerschap"))
        return self

    def current_partners(self) -> list[Partner]:
        """Partners whose marriage or partnership has not ended."""
        return [p for p in self.partners if p.ontbindingHuwelijkPartnerschap is None]


# -- Kadaster and WOZ (Haal Centraal BRK / WOZ names) -----------------------------------------


class KadasterForm(_Form):
    """A home as the Kadaster registers it."""

    source: Literal["kadaster"] = "kadaster"
    kadastraleAanduiding: Text = Field(description='E.g. "Beekbergen K 4879".')  # noqa: N815 - Haal Centraal BRK name
    koopsom: Euros | None = None
    koopdatum: IsoDate | None = None
    adressen: list[Adres] = Field(default_factory=list, max_length=10)


class WozForm(_Form):
    """A WOZ value as wozwaardeloket.nl or the municipality's beschikking shows it."""

    source: Literal["woz"] = "woz"
    wozobjectnummer: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,16}$")] | None = None
    vastgesteldeWaarde: Euros  # noqa: N815 - Haal Centraal WOZ name
    waardepeildatum: IsoDate = Field(
        description="Normally 1 January of the year before the value year."
    )
    ingangsdatum: IsoDate | None = None
    adres: Adres | None = None


# -- a pension the register does not show -----------------------------------------------------


class PensionForm(_Form):
    """A private annuity (lijfrente) or a foreign pension, entered by hand."""

    source: Literal["pension"] = "pension"
    provider: Text
    scheme_id: Text | None = None
    annual_gross: Euros = Field(description="Gross per year including holiday pay.")
    start_age: Age | None = None
    start_date: IsoDate | None = None
    end_age: Age | None = None
    end_date: IsoDate | None = Field(default=None, description="No end: paid for life.")
    birth_date: IsoDate | None = Field(
        default=None,
        description="Needed only when the start or end is a date: it is turned into an age.",
    )
    certain: bool = True
    net_already: bool = Field(
        default=False,
        description="True for an amount already net (taxed abroad, not taxed again here).",
    )
    reference_date: IsoDate | None = Field(
        default=None, description="The date of the statement the figure comes from."
    )

    @model_validator(mode="after")
    def _moments(self) -> PensionForm:
        if (self.start_age is None) == (self.start_date is None):
            raise ValueError(
                phrase(
                    "give either {age} or {date}",
                    age=FieldPlace(["start_age"]),
                    date=FieldPlace(["start_date"]),
                )
            )
        if self.end_age is not None and self.end_date is not None:
            raise ValueError(
                phrase(
                    "give either {age} or {date}, not both",
                    age=FieldPlace(["end_age"]),
                    date=FieldPlace(["end_date"]),
                )
            )
        dated = self.start_date is not None or self.end_date is not None
        if dated and self.birth_date is None:
            raise ValueError(
                phrase(
                    "a {start} or {end} needs {birth} to become an age",
                    start=FieldPlace(["start_date"]),
                    end=FieldPlace(["end_date"]),
                    birth=FieldPlace(["birth_date"]),
                )
            )
        return self


class IncomeForm(_Form):
    """Income that goes on until a date: a wage until retirement, a benefit, other income."""

    source: Literal["income"] = "income"
    kind: Literal["wage", "benefit", "other"] = "wage"
    payer: Text
    annual_gross: Euros = Field(description="Gross per year including holiday allowance.")
    start_date: IsoDate | None = None
    end_date: IsoDate | None = Field(
        default=None, description="The last day of this income; none: until further notice."
    )
    birth_date: IsoDate | None = Field(
        default=None,
        description=(
            "Whose income, in a household of two: the person with this birth date (else the first)."
        ),
    )

    @model_validator(mode="after")
    def _order(self) -> IncomeForm:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError(
                phrase(
                    "{end} lies before {start}",
                    end=FieldPlace(["end_date"]),
                    start=FieldPlace(["start_date"]),
                )
            )
        return self


ManualForm = (
    BelastingdienstForm
    | DuoForm
    | BrpForm
    | KadasterForm
    | WozForm
    | PensionForm
    | IncomeForm
    | RentForm
)

FORMS: dict[str, type[_Form]] = {
    "belastingdienst": BelastingdienstForm,
    "duo": DuoForm,
    "brp": BrpForm,
    "kadaster": KadasterForm,
    "woz": WozForm,
    "pension": PensionForm,
    "income": IncomeForm,
    "rent": RentForm,
}

PROVENANCE_SOURCE: dict[str, SourceKind] = {
    "belastingdienst": "belastingdienst",
    "duo": "duo",
    "brp": "brp",
    "kadaster": "kadaster",
    "woz": "woz",
    "pension": "manual",
    "income": "manual",
    "rent": "manual",
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one form, for the desktop app to build its entry screen."""
    try:
        form = FORMS[kind]
    except KeyError:
        raise ValueError(f"unknown manual source {kind!r}; one of {', '.join(FORMS)}") from None
    return form.model_json_schema()


def to_json(form: ManualForm) -> str:
    """A form as the JSON file ``load`` reads back."""
    return form.model_dump_json(indent=2, exclude_none=True)
