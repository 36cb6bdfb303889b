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

The forms themselves live in ``manual_forms``; this module reads a form file and turns a form
into dossier lines, and keeps the forms' public names importable from here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from typing import Any, Literal, cast

from pydantic import ValidationError

from pensioenchecker.dates import age_on
from pensioenchecker.masking import shown_value as quoted_safely
from pensioenchecker.messages import phrase
from pensioenchecker.model import (
    Age,
    Amount,
    Debt,
    Entitlement,
    IncomeLine,
    Message,
    Moment,
    Person,
    Property,
    Provenance,
    Rent,
    TaxYearIncome,
)
from pensioenchecker.model.validation import FieldPlace, validation_sentence
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
from pensioenchecker.sources.manual_forms import (
    EURO_PATTERN,
    FORMAT,
    FORMS,
    PERCENT_PATTERN,
    PROVENANCE_SOURCE,
    BelastingdienstForm,
    BrpForm,
    DuoForm,
    IncomeForm,
    KadasterForm,
    ManualForm,
    PensionForm,
    RentForm,
    WozForm,
    json_schema,
    shown_value,
    to_json,
)

__all__ = [
    "EURO_PATTERN",
    "FORMAT",
    "FORMS",
    "IMPORTERS",
    "PERCENT_PATTERN",
    "ManualEntry",
    "ManualForm",
    "PensionForm",
    "form_result",
    "json_schema",
    "load_manual",
    "parse",
    "read_form",
    "to_json",
]

KIND = "manual"
MAX_BYTES = 2**20
"""A form is a few kilobytes; one megabyte leaves room and refuses anything else."""
PERSON_ID = "p1"
PARTNER_ID = "p2"

# -- reading ----------------------------------------------------------------------------------


def _problem(exc: ValidationError, where: str) -> ImportProblem:
    return ImportProblem(validation_sentence(exc, json_style=True), where)


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(
                phrase("the key {key} appears twice in one object", key=shown_value(key))
            )
        result[key] = value
    return result


def _no_constant(text: str) -> Any:
    raise ValueError(phrase("{value} is not a number JSON allows", value=text))


def parse(data: bytes, where: str) -> dict[str, Any]:
    """The file's JSON object; floats stay exact Decimals. Bad JSON is an ImportProblem."""
    if not data:
        raise ImportProblem(phrase("the file is empty"), where)
    if len(data) > MAX_BYTES:
        raise ImportProblem(
            phrase(
                "larger than {limit_mb} MB; not a manual-entry form", limit_mb=MAX_BYTES // 2**20
            ),
            where,
        )
    if looks_binary(data):
        raise ImportProblem(phrase("binary data, not a manual-entry JSON form"), where)
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
            phrase(
                "not valid JSON ({reason}, line {line} column {column})",
                reason=exc.msg,
                line=exc.lineno,
                column=exc.colno,
            ),
            where,
        ) from None
    except RecursionError:
        raise ImportProblem(
            phrase("the JSON is nested too deeply to be a manual-entry form"), where
        ) from None
    except ValueError as exc:
        raise ImportProblem(
            phrase("not valid JSON ({reason})", reason=exc.args[0] if exc.args else str(exc)), where
        ) from None
    if not isinstance(value, dict):
        raise ImportProblem(phrase("a manual-entry form is a JSON object {{...}}"), where)
    return value


def read_form(data: bytes, where: str) -> tuple[ManualForm, list[Message]]:
    """Validate a manual-entry file into its form; also the warnings reading it raised."""
    raw = parse(data, where)
    if raw.get("format") != FORMAT:
        raise ImportProblem(
            phrase("not a manual-entry form (format must be {format})", format=repr(FORMAT)), where
        )
    if raw.get("version") != 1 or isinstance(raw.get("version"), bool):
        version = quoted_safely(raw.get("version"))
        raise ImportProblem(
            phrase(
                "version {version} is not supported (at {place})",
                version=version,
                place=FieldPlace(["version"]),
            ),
            where,
        )
    kind = raw.get("source")
    if not isinstance(kind, str) or kind not in FORMS:
        raise ImportProblem(
            phrase(
                "unknown source {source}; one of {choices} (at {place})",
                source=quoted_safely(kind),
                choices=", ".join(FORMS),
                place=FieldPlace(["source"]),
            ),
            where,
        )
    warnings: list[Message] = []
    if kind == "brp":
        warnings = _drop_bsn(raw)
    try:
        form = cast(ManualForm, FORMS[kind].model_validate(raw))
    except ValidationError as exc:
        raise _problem(exc, where) from None
    except RecursionError:
        raise ImportProblem(
            phrase("the JSON is nested too deeply to be a manual-entry form"), where
        ) from None
    return form, warnings


def _drop_bsn(raw: dict[str, Any]) -> list[Message]:
    """Remove a burgerservicenummer a user pasted in: it is never stored."""
    found = raw.pop("burgerservicenummer", None) is not None
    partners = raw.get("partners")
    if isinstance(partners, list):
        for partner in partners:
            if isinstance(partner, dict):
                found = partner.pop("burgerservicenummer", None) is not None or found
    return [Message.of("manual.bsn")] if found else []


# -- forms to dossier lines -------------------------------------------------------------------


def _cents(euros: Decimal) -> int:
    return int(euros * 100)


def _cents_or_none(euros: Decimal | None) -> int | None:
    return None if euros is None else _cents(euros)


def _age_at(birth: dt.date, on: dt.date) -> Age:
    """The age in whole years and months on a date (a month counts once its day is reached)."""
    years, months = age_on(birth, on)
    return Age(years=years, months=months)


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
        result.box3_other_cents = _cents_or_none(form.box3_investments)
        result.box3_debts_cents = _cents_or_none(form.box3_debts)
    elif isinstance(form, RentForm):
        result.rent = Rent(
            kale_huur_cents=_cents(form.kale_huur),
            service_costs_cents=_cents(form.servicekosten),
            provenance=provenance.model_copy(update={"reference_date": form.peildatum}),
        )
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
        result.warnings.append(Message.of("manual.partner_without_birth_date"))


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
        raise ValueError(phrase("the pension ends before it starts"))
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
        raise ImportProblem(exc.args[0] if exc.args else str(exc), name) from None
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
