"""Manual-entry sources: what no consumer file exists for, typed in (formats.md §3, §5, §6).

The Belastingdienst, DUO, BRP, Kadaster and WOZ give citizens no machine-readable download, and a
private annuity or a foreign pension is not in the pension register. For each there is a
pydantic form, saved as a small JSON file::

    {"format": "pensioenchecker-manual", "version": 1, "source": "duo", ...}

Field names follow the sources' own vocabulary where one is public (DUO's portal labels, the
Haal Centraal BRP/BRK/WOZ names) so a user can copy what the screen shows. Money is written in
euros with a decimal point, as a JSON string or number ("1234.56"), and becomes exact integer
cents; a decimal comma, a negative amount or a fraction of a cent is refused by JSON path, never
rounded. Every form becomes dossier lines with provenance; the person a file describes is
"p1" (the household merger renames).
"""

from __future__ import annotations

import ast
import datetime as dt
import inspect
import json
import re
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any, Final, Literal, cast

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    WithJsonSchema,
    model_validator,
)

from pensioenchecker.model import (
    Age,
    Amount,
    Debt,
    Entitlement,
    IncomeLine,
    Moment,
    Person,
    Property,
    Provenance,
    TaxYearIncome,
)
from pensioenchecker.model.dossier import SourceKind
from pensioenchecker.sources.base import (
    BORN_PREFIX,
    Importer,
    ImportProblem,
    ImportResult,
    decode_text,
    file_name,
    looks_binary,
    source_file,
)

KIND = "manual"
FORMAT: Final = "pensioenchecker-manual"
MAX_BYTES = 2**20
"""A form is a few kilobytes; one megabyte leaves room and refuses anything else."""
PERSON_ID = "p1"
PARTNER_ID = "p2"
MAX_EUROS = Decimal(10**11)
CENT = Decimal("0.01")

# -- field types ------------------------------------------------------------------------------


def _shown(value: object) -> str:
    """A value for a message: short, and never the whole of a huge or nested input."""
    if isinstance(value, str | int | float | Decimal) and not isinstance(value, bool):
        text = repr(value) if isinstance(value, str) else repr(str(value))
        return text if len(text) <= 40 else text[:37] + "...'"
    return f"a {type(value).__name__}"


def _number(value: object, what: str, example: str) -> tuple[Decimal, str]:
    """An exact, finite, non-negative Decimal from a JSON string or number, and how to show it."""
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(f'{what} must be a number or a string such as "{example}"')
    shown = _shown(value)
    if isinstance(value, str):
        text = value.strip()
        if "," in text:
            raise ValueError(f"{what} {shown} uses a comma; write it with a point, e.g. {example}")
        if not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?", text):
            raise ValueError(f'{what} {shown} is not a number; write it like "{example}"')
        number = Decimal(text)
    else:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{what} {shown} is not a number")
    if number < 0:
        raise ValueError(f"{what} {shown} is negative")
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
        raise ValueError(f"amount {shown} has more than two decimals")
    if number > MAX_EUROS:
        raise ValueError(f"amount {shown} is implausibly large")
    return number.quantize(CENT)


def _percent(value: object) -> Decimal:
    """An exact percentage (2.56 for 2,56 %), at most four decimals, 0 to 100."""
    number, shown = _number(value, "percentage", "2.56")
    if number > 100:
        raise ValueError(f"percentage {shown} must be between 0 and 100")
    if _decimals(number) > 4:
        raise ValueError(f"percentage {shown} has more than four decimals")
    return number


def _iso_date(value: object) -> dt.date:
    """A calendar date written YYYY-MM-DD (2025-02-30 is refused)."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError(f"{_shown(value)} is not a date written as YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{_shown(value)} is not a calendar date") from None


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
    """A part of a form: unknown keys are typos, so they are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class _Form(_Part):
    """The envelope every manual-entry file shares."""

    format: Literal["pensioenchecker-manual"] = FORMAT
    version: Literal[1] = 1
    note: Note | None = None
    """Free text for people, e.g. "synthetic demo"; not used in any calculation."""


# -- Belastingdienst (VIA labels as documentation, formats.md §3) ---------------------------


class PayerIncome(_Part):
    """One payer's line: VIA's "Naam werkgever of uitkeringsinstantie" and its figures."""

    payer: Text
    income: Euros
    """Loon / pensioen / uitkering for the year (VIA: "Loon tegenwoordige arbeid" etc.)."""
    withheld_loonheffing: Euros = Decimal(0)
    """VIA: "Ingehouden loonheffing"."""
    withheld_zvw: Euros = Decimal(0)
    """VIA: "Bijdrage ZVW" (the income-related Zvw contribution the payer withheld)."""


class BelastingdienstForm(_Form):
    """A past tax year as Mijn Belastingdienst shows it: income per payer, box 3 assets."""

    source: Literal["belastingdienst"] = "belastingdienst"
    year: int = Field(ge=1990, le=2100)
    payers: list[PayerIncome] = Field(default_factory=list, max_length=50)
    box3_assets: Euros | None = None
    """Box 3 bezittingen on 1 January of the year (bank balances, investments)."""

    @model_validator(mode="after")
    def _something(self) -> BelastingdienstForm:
        if not self.payers and self.box3_assets is None:
            raise ValueError("give at least one payer or the box 3 assets")
        return self


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
    oorspronkelijke_schuld: Euros | None = None
    """The debt when repayment started (DUO: SaldoStartAflosfase)."""
    actuele_schuld: Euros
    """Saldo schuld including interest on ``peildatum``."""
    peildatum: IsoDate
    """DUO: "rente is berekend tot"."""
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
    ontbindingHuwelijkPartnerschap: Datum | None = None  # noqa: N815
    """Set when the marriage or partnership has ended: then no longer a partner."""


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
    leefsituatie: Literal["Alleenstaand", "GehuwdOfSamenwonend"] | None = None
    """Not in the BRP: living together unmarried also counts for the AOW; None derives it."""

    @model_validator(mode="after")
    def _one_partner(self) -> BrpForm:
        if len(self.current_partners()) > 1:
            raise ValueError("more than one partner without ontbindingHuwelijkPartnerschap")
        return self

    def current_partners(self) -> list[Partner]:
        """Partners whose marriage or partnership has not ended."""
        return [p for p in self.partners if p.ontbindingHuwelijkPartnerschap is None]


# -- Kadaster and WOZ (Haal Centraal BRK / WOZ names) -----------------------------------------


class KadasterForm(_Form):
    """A home as the Kadaster registers it."""

    source: Literal["kadaster"] = "kadaster"
    kadastraleAanduiding: Text  # noqa: N815 - Haal Centraal BRK name
    """E.g. "Beekbergen K 4879"."""
    koopsom: Euros | None = None
    koopdatum: IsoDate | None = None
    adressen: list[Adres] = Field(default_factory=list, max_length=10)


class WozForm(_Form):
    """A WOZ value as wozwaardeloket.nl or the municipality's beschikking shows it."""

    source: Literal["woz"] = "woz"
    wozobjectnummer: Annotated[str, StringConstraints(pattern=r"^[0-9]{1,16}$")] | None = None
    vastgesteldeWaarde: Euros  # noqa: N815 - Haal Centraal WOZ name
    waardepeildatum: IsoDate
    """Normally 1 January of the year before the value year."""
    ingangsdatum: IsoDate | None = None
    adres: Adres | None = None


# -- a pension the register does not show -----------------------------------------------------


class PensionForm(_Form):
    """A private annuity (lijfrente) or a foreign pension, entered by hand."""

    source: Literal["pension"] = "pension"
    provider: Text
    scheme_id: Text | None = None
    annual_gross: Euros
    """Gross per year including holiday pay."""
    start_age: Age | None = None
    start_date: IsoDate | None = None
    end_age: Age | None = None
    end_date: IsoDate | None = None
    """No end: paid for life."""
    birth_date: IsoDate | None = None
    """Needed only when the start or end is a date: it is turned into an age."""
    certain: bool = True
    net_already: bool = False
    """True for an amount already net (taxed abroad, not taxed again here)."""
    reference_date: IsoDate | None = None
    """The date of the statement the figure comes from."""

    @model_validator(mode="after")
    def _moments(self) -> PensionForm:
        if (self.start_age is None) == (self.start_date is None):
            raise ValueError("give either start_age or start_date")
        if self.end_age is not None and self.end_date is not None:
            raise ValueError("give either end_age or end_date, not both")
        dated = self.start_date is not None or self.end_date is not None
        if dated and self.birth_date is None:
            raise ValueError("a start_date or end_date needs birth_date to become an age")
        return self


class IncomeForm(_Form):
    """Income that goes on until a date: a wage until retirement, a benefit, other income."""

    source: Literal["income"] = "income"
    kind: Literal["wage", "benefit", "other"] = "wage"
    payer: Text
    annual_gross: Euros
    """Gross per year including holiday allowance."""
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None
    """The last day of this income; none: until further notice."""
    birth_date: IsoDate | None = None
    """Whose income, in a household of two: the person with this birth date (else the first)."""

    @model_validator(mode="after")
    def _order(self) -> IncomeForm:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValueError("end_date lies before start_date")
        return self


ManualForm = (
    BelastingdienstForm | DuoForm | BrpForm | KadasterForm | WozForm | PensionForm | IncomeForm
)

FORMS: dict[str, type[_Form]] = {
    "belastingdienst": BelastingdienstForm,
    "duo": DuoForm,
    "brp": BrpForm,
    "kadaster": KadasterForm,
    "woz": WozForm,
    "pension": PensionForm,
    "income": IncomeForm,
}

PROVENANCE_SOURCE: dict[str, SourceKind] = {
    "belastingdienst": "belastingdienst",
    "duo": "duo",
    "brp": "brp",
    "kadaster": "kadaster",
    "woz": "woz",
    "pension": "manual",
    "income": "manual",
}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one form, for the desktop app to build its entry screen."""
    try:
        form = FORMS[kind]
    except KeyError:
        raise ValueError(f"unknown manual source {kind!r}; one of {', '.join(FORMS)}") from None
    schema = form.model_json_schema()
    _describe(schema, form)
    parts = {part.__name__: part for part in _subclasses(_Part)}
    for name, part_schema in schema.get("$defs", {}).items():
        _describe(part_schema, parts.get(name))
    return schema


def _subclasses(cls: type[BaseModel]) -> list[type[BaseModel]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _describe(schema: dict[str, Any], model: type[BaseModel] | None) -> None:
    """Describe each property by its attribute docstring (over its type's general words).

    A description given in ``Field`` comes first, as in pydantic's own docstring option.
    """
    if model is None:
        return
    docs = _attribute_docstrings()
    for name, spec in schema.get("properties", {}).items():
        field = model.model_fields.get(name)
        if field is None or field.description:
            continue
        for cls in model.__mro__:
            text = docs.get(cls.__name__, {}).get(name)
            if text:
                spec["description"] = text
                break


@lru_cache(maxsize=1)
def _attribute_docstrings() -> dict[str, dict[str, str]]:
    """Per class in this file, the docstring written under each field.

    They document the fields here and describe them in the forms' JSON schemas. Reading them
    when a schema is asked for (one parse of this file), rather than as each model class is
    made, keeps start-up fast; without the source there are none.
    """
    try:
        # In a bundle this module is "manual.pyc"; the bundle carries the source beside it.
        tree = ast.parse(Path(__file__).with_suffix(".py").read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return {}
    found: dict[str, dict[str, str]] = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        docs = found.setdefault(node.name, {})
        for field, after in zip(node.body, node.body[1:], strict=False):
            if (
                isinstance(field, ast.AnnAssign)
                and isinstance(field.target, ast.Name)
                and isinstance(after, ast.Expr)
                and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)
            ):
                docs[field.target.id] = inspect.cleandoc(after.value.value)
    return found


def to_json(form: ManualForm) -> str:
    """A form as the JSON file ``load`` reads back."""
    return form.model_dump_json(indent=2, exclude_none=True)


# -- reading ----------------------------------------------------------------------------------


def _path(loc: tuple[int | str, ...]) -> str:
    """A pydantic location as a JSON path: payers[0].income."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "top level"


def _problem(exc: ValidationError, where: str) -> ImportProblem:
    first = exc.errors(include_url=False)[0]
    message = str(first["msg"]).removeprefix("Value error, ")
    return ImportProblem(f"{message} (at {_path(tuple(first['loc']))})", where)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"the key {_shown(key)} appears twice in one object")
        result[key] = value
    return result


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not a number JSON allows")


def parse(data: bytes, where: str) -> dict[str, Any]:
    """The file's JSON object; floats stay exact Decimals. Bad JSON is an ImportProblem."""
    if not data:
        raise ImportProblem("the file is empty", where)
    if len(data) > MAX_BYTES:
        raise ImportProblem(f"larger than {MAX_BYTES // 2**20} MB; not a manual-entry form", where)
    if looks_binary(data):
        raise ImportProblem("binary data, not a manual-entry JSON form", where)
    text = decode_text(data, where, fallback=None)
    try:
        value = json.loads(
            text,
            parse_float=Decimal,
            parse_constant=_no_constant,
            object_pairs_hook=_no_duplicates,
        )
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            f"not valid JSON ({exc.msg}, line {exc.lineno} column {exc.colno})", where
        ) from None
    except RecursionError:
        raise ImportProblem(
            "the JSON is nested too deeply to be a manual-entry form", where
        ) from None
    except ValueError as exc:
        raise ImportProblem(f"not valid JSON ({exc})", where) from None
    if not isinstance(value, dict):
        raise ImportProblem("a manual-entry form is a JSON object {...}", where)
    return value


def read_form(data: bytes, where: str) -> tuple[ManualForm, list[str]]:
    """Validate a manual-entry file into its form; also the warnings reading it raised."""
    raw = parse(data, where)
    if raw.get("format") != FORMAT:
        raise ImportProblem(f"not a manual-entry form (format must be {FORMAT!r})", where)
    if raw.get("version") != 1 or isinstance(raw.get("version"), bool):
        raise ImportProblem(f"version {raw.get('version')!r} is not supported (at version)", where)
    kind = raw.get("source")
    if not isinstance(kind, str) or kind not in FORMS:
        raise ImportProblem(
            f"unknown source {kind!r}; one of {', '.join(FORMS)} (at source)", where
        )
    warnings: list[str] = []
    if kind == "brp":
        warnings = _drop_bsn(raw)
    try:
        form = cast(ManualForm, FORMS[kind].model_validate(raw))
    except ValidationError as exc:
        raise _problem(exc, where) from None
    except RecursionError:
        raise ImportProblem(
            "the JSON is nested too deeply to be a manual-entry form", where
        ) from None
    return form, warnings


def _drop_bsn(raw: dict[str, Any]) -> list[str]:
    """Remove a burgerservicenummer a user pasted in: it is never stored."""
    found = raw.pop("burgerservicenummer", None) is not None
    partners = raw.get("partners")
    if isinstance(partners, list):
        for partner in partners:
            if isinstance(partner, dict):
                found = partner.pop("burgerservicenummer", None) is not None or found
    return ["a burgerservicenummer in the file was not stored"] if found else []


# -- forms to dossier lines -------------------------------------------------------------------


def _cents(euros: Decimal) -> int:
    return int(euros * 100)


def _cents_or_none(euros: Decimal | None) -> int | None:
    return None if euros is None else _cents(euros)


def _age_at(birth: dt.date, on: dt.date) -> Age:
    """The age in whole years and months on a date (a month counts once its day is reached)."""
    months = (on.year - birth.year) * 12 + on.month - birth.month - (on.day < birth.day)
    if months < 0:
        raise ValueError(f"{on} lies before the birth date {birth}")
    return Age(years=months // 12, months=months % 12)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "x"


def _fill(result: ImportResult, form: ManualForm, provenance: Provenance) -> None:
    """Put a validated form's lines into ``result``."""
    if isinstance(form, BelastingdienstForm):
        tax_provenance = provenance.model_copy(
            update={"reference_date": dt.date(form.year, 12, 31)}
        )
        result.tax_income = [
            TaxYearIncome(
                person_id=PERSON_ID,
                year=form.year,
                payer=line.payer,
                income_cents=_cents(line.income),
                withheld_tax_cents=_cents(line.withheld_loonheffing),
                withheld_zvw_cents=_cents(line.withheld_zvw),
                provenance=tax_provenance,
            )
            for line in form.payers
        ]
        result.box3_assets_cents = _cents_or_none(form.box3_assets)
    elif isinstance(form, IncomeForm):
        owner = f"{BORN_PREFIX}{form.birth_date.isoformat()}" if form.birth_date else PERSON_ID
        result.income_lines = [
            IncomeLine(
                id=f"{PERSON_ID}-{form.kind}-{_slug(form.payer)}",
                person_id=owner,
                kind=form.kind,
                payer=form.payer,
                annual_gross=Amount(cents=_cents(form.annual_gross), provenance=provenance),
                start=form.start_date,
                end=form.end_date,
            )
        ]
    elif isinstance(form, DuoForm):
        result.debts = [
            Debt(
                id="duo-studieschuld",
                person_id=PERSON_ID,
                kind="studieschuld",
                lender="DUO",
                regime=form.regime,
                original_cents=_cents_or_none(form.oorspronkelijke_schuld),
                current_cents=_cents(form.actuele_schuld),
                as_of=form.peildatum,
                interest_rate=None if form.rentepercentage is None else form.rentepercentage / 100,
                monthly_cents=_cents_or_none(form.maandbedrag),
                phase=form.fase,
                provenance=provenance.model_copy(update={"reference_date": form.peildatum}),
            )
        ]
    elif isinstance(form, BrpForm):
        _fill_brp(result, form)
    elif isinstance(form, KadasterForm):
        address = form.adressen[0] if form.adressen else None
        key = (address.key() if address else None) or f"kadaster-{_slug(form.kadastraleAanduiding)}"
        result.properties = [
            Property(
                id=f"home-{key}",
                address=address.regel() if address else None,
                kadastrale_aanduiding=form.kadastraleAanduiding,
                purchase_price_cents=_cents_or_none(form.koopsom),
                purchase_date=form.koopdatum,
                provenance=provenance.model_copy(update={"reference_date": form.koopdatum}),
            )
        ]
    elif isinstance(form, WozForm):
        key = (form.adres.key() if form.adres else None) or (
            f"woz-{form.wozobjectnummer}" if form.wozobjectnummer else "woz"
        )
        result.properties = [
            Property(
                id=f"home-{key}",
                address=form.adres.regel() if form.adres else None,
                woz_value_cents=_cents(form.vastgesteldeWaarde),
                woz_reference_date=form.waardepeildatum,
                provenance=provenance.model_copy(update={"reference_date": form.waardepeildatum}),
            )
        ]
    else:
        result.entitlements = [_entitlement(form, provenance)]


def _fill_brp(result: ImportResult, form: BrpForm) -> None:
    partners = form.current_partners()
    partner = partners[0] if partners else None
    couple = (
        form.leefsituatie == "GehuwdOfSamenwonend"
        if form.leefsituatie is not None
        else partner is not None
    )
    status: Literal["single", "couple"] = "couple" if couple else "single"
    with_partner = partner is not None and partner.geboorte is not None
    result.persons = [
        Person(
            id=PERSON_ID,
            name=form.naam.volledig(),
            birth_date=form.geboorte.datum,
            household_status=status,
            fiscal_partner=PARTNER_ID if with_partner else None,
        )
    ]
    if partner is not None and partner.geboorte is not None:
        result.persons.append(
            Person(
                id=PARTNER_ID,
                name=partner.naam.volledig() if partner.naam else None,
                birth_date=partner.geboorte.datum,
                household_status="couple",
                fiscal_partner=PERSON_ID,
            )
        )
    elif partner is not None:
        result.warnings.append(
            "the partner has no geboorte.datum, so only this person is added; "
            "add the partner's birth date to include them"
        )


def _entitlement(form: PensionForm, provenance: Provenance) -> Entitlement:
    birth = form.birth_date
    if form.start_age is not None:
        start = form.start_age
    else:
        assert birth is not None and form.start_date is not None
        start = _age_at(birth, form.start_date)
    end: Moment = Moment(event="death")
    if form.end_age is not None:
        end = Moment(age=form.end_age)
    elif form.end_date is not None:
        assert birth is not None
        end = Moment(age=_age_at(birth, form.end_date))
    if end.age is not None and end.age.total_months() <= start.total_months():
        raise ValueError("the pension ends before it starts")
    amount_provenance = provenance.model_copy(update={"reference_date": form.reference_date})
    return Entitlement(
        id=f"{PERSON_ID}-manual-{_slug(form.provider)}",
        person_id=PERSON_ID,
        kind="old_age",
        provider=form.provider,
        scheme_id=form.scheme_id,
        start=Moment(age=start),
        end=end,
        annual_gross=Amount(cents=_cents(form.annual_gross), provenance=amount_provenance),
        certain=form.certain,
        net_already=form.net_already,
    )


def form_result(form: ManualForm, data: bytes, name: str) -> ImportResult:
    """The dossier lines of a validated form; ``data`` is the file it came from."""
    provenance = Provenance(source=PROVENANCE_SOURCE[form.source], file=file_name(name))
    result = ImportResult(
        kind=KIND,
        document=source_file(data, name, KIND),
        content=form.model_dump(mode="json", exclude_none=True),
    )
    try:
        _fill(result, form, provenance)
    except ValidationError as exc:
        raise _problem(exc, name) from None
    except ValueError as exc:
        raise ImportProblem(str(exc), name) from None
    return result


def load_manual(data: bytes, name: str) -> ImportResult:
    """Read a manual-entry JSON file into dossier lines; anything wrong is an ImportProblem."""
    form, warnings = read_form(data, name)
    result = form_result(form, data, name)
    result.warnings[:0] = warnings
    return result


class ManualEntry:
    """A manual-entry JSON form of any kind (belastingdienst, duo, brp, kadaster, woz, pension)."""

    KIND = KIND
    MAX_BYTES = MAX_BYTES

    def detect(self, data: bytes, name: str) -> bool:
        """JSON whose "format" is "pensioenchecker-manual"."""
        try:
            if len(data) > MAX_BYTES or looks_binary(data):
                return False
            text = decode_text(data, name, fallback=None)
            if not text.lstrip("\ufeff \t\r\n").startswith("{") or FORMAT not in text:
                return False
            return parse(data, name).get("format") == FORMAT
        except Exception:  # detection must never fail an import run
            return False

    def load(self, data: bytes, name: str) -> ImportResult:
        """Validate the form and turn it into dossier lines with provenance."""
        return load_manual(data, name)


IMPORTERS: list[Importer] = [ManualEntry()]
