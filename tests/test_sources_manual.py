"""Manual-entry forms: each kind to its dossier lines, exact cents, and clean refusals."""

from __future__ import annotations

import ast
import contextlib
import copy
import datetime as dt
import importlib.util
import inspect
import itertools
import json
import linecache
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pensioenchecker.model import Age, Moment
from pensioenchecker.sources import manual, manual_forms
from pensioenchecker.sources.base import ImportProblem, ImportResult

IMPORTER = manual.IMPORTERS[0]
DEMO = Path(__file__).resolve().parent.parent / "resources" / "demo"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ENVELOPE = {"format": "pensioenchecker-manual", "version": 1}


def load(form: dict[str, Any], name: str = "form.json") -> ImportResult:
    return IMPORTER.load(json.dumps(form).encode(), name)


def problem(form: dict[str, Any] | bytes, name: str = "form.json") -> str:
    data = form if isinstance(form, bytes) else json.dumps(form).encode()
    with pytest.raises(ImportProblem) as info:
        IMPORTER.load(data, name)
    assert str(info.value).startswith(f"{name}: ")
    return info.value.message


BELASTINGDIENST = {
    **ENVELOPE,
    "source": "belastingdienst",
    "year": 2024,
    "payers": [
        {
            "payer": "Werkgever Voorbeeld (synthetisch)",
            "income": "41234.56",
            "withheld_loonheffing": "9120.00",
            "withheld_zvw": "0",
        }
    ],
    "box3_assets": 12500,
}
DUO = {
    **ENVELOPE,
    "source": "duo",
    "regime": "SF35",
    "actuele_schuld": "31000.10",
    "peildatum": "2026-01-31",
    "rentepercentage": 2.57,
    "maandbedrag": "45.67",
    "fase": "aanloopfase",
}
BRP = {
    **ENVELOPE,
    "source": "brp",
    "naam": {"voornamen": "Jan Pieter", "voorvoegsel": "van", "geslachtsnaam": "Voorbeeld"},
    "geboorte": {"datum": "1961-05-10", "plaats": "Utrecht"},
    "partners": [
        {
            "naam": {"voornamen": "Els", "geslachtsnaam": "Oud-Voorbeeld"},
            "geboorte": {"datum": "1958-01-01"},
            "ontbindingHuwelijkPartnerschap": {"datum": "2001-09-01"},
        },
        {
            "naam": {"voornamen": "Anna", "geslachtsnaam": "Voorbeeld"},
            "geboorte": {"datum": "1963-02-20"},
            "soortVerbintenis": "huwelijk",
            "aangaanHuwelijkPartnerschap": {"datum": "2004-06-12"},
        },
    ],
    "verblijfplaats": {
        "straat": "Voorbeeldstraat",
        "huisnummer": 10,
        "huisletter": "a",
        "postcode": "1234 ab",
        "woonplaats": "Utrecht",
    },
}
ADDRESS = {"straat": "Voorbeeldstraat", "huisnummer": 10, "huisletter": "a", "postcode": "1234AB"}
KADASTER = {
    **ENVELOPE,
    "source": "kadaster",
    "kadastraleAanduiding": "Voorbeeld K 4879",
    "koopsom": "245000.00",
    "koopdatum": "2004-03-15",
    "adressen": [{**ADDRESS, "woonplaats": "Utrecht"}],
}
WOZ = {
    **ENVELOPE,
    "source": "woz",
    "wozobjectnummer": "034400012345",
    "vastgesteldeWaarde": 412000,
    "waardepeildatum": "2025-01-01",
    "ingangsdatum": "2026-01-01",
    "adres": {**ADDRESS, "postcode": "1234 AB", "woonplaats": "Utrecht"},
}
PENSION = {
    **ENVELOPE,
    "source": "pension",
    "provider": "Lijfrente Voorbeeld N.V. (synthetisch)",
    "scheme_id": "LR-77",
    "annual_gross": "2400.00",
    "start_date": "2027-06-01",
    "birth_date": "1960-05-10",
    "end_age": {"years": 77, "months": 1},
    "reference_date": "2026-01-01",
}


# -- the demo files ---------------------------------------------------------------------------


def test_demo_belastingdienst_2025() -> None:
    path = DEMO / "retired" / "belastingdienst-2025.json"
    data = path.read_bytes()
    assert IMPORTER.detect(data, path.name)
    result = IMPORTER.load(data, str(path))
    assert "ynthetic" in result.content["note"]
    got = [
        (t.year, t.payer, t.income_cents, t.withheld_tax_cents, t.withheld_zvw_cents)
        for t in result.tax_income
    ]
    assert got == [
        # "20448.36" euro = 2044836 cents, and so on
        (2025, "Sociale Verzekeringsbank (AOW, synthetisch)", 2044836, 21240, 107558),
        (2025, "Pensioenfonds Voorbeeld (synthetisch)", 2500000, 448000, 131500),
    ]
    assert result.box3_assets_cents == 3850000
    provenance = result.tax_income[0].provenance
    assert provenance.source == "belastingdienst"
    assert provenance.file == "belastingdienst-2025.json"
    assert provenance.reference_date == dt.date(2025, 12, 31)
    assert all(t.person_id == "p1" for t in result.tax_income)


def test_demo_duo() -> None:
    path = DEMO / "single-working" / "duo.json"
    result = IMPORTER.load(path.read_bytes(), path.name)
    assert "ynthetic" in result.content["note"]
    (debt,) = result.debts
    assert debt.kind == "studieschuld"
    assert debt.lender == "DUO"
    assert debt.regime == "SF15"
    assert debt.original_cents == 2148000
    assert debt.current_cents == 631287
    assert debt.as_of == dt.date(2026, 10, 31)
    assert debt.interest_rate == Decimal("0.0256")  # 2.56 % / 100
    assert debt.monthly_cents == 16342
    assert debt.phase == "aflos"  # "aflosfase" in the file
    assert debt.provenance.source == "duo"
    assert debt.provenance.reference_date == dt.date(2026, 10, 31)


# -- each kind to its lines -------------------------------------------------------------------


def test_belastingdienst() -> None:
    result = load(BELASTINGDIENST)
    (line,) = result.tax_income
    assert (line.income_cents, line.withheld_tax_cents, line.withheld_zvw_cents) == (
        4123456,
        912000,
        0,
    )
    assert result.box3_assets_cents == 1250000  # 12500 euro as a JSON integer
    assert result.content["payers"][0]["income"] == "41234.56"


def test_duo_with_numbers_and_defaults() -> None:
    (debt,) = load(DUO).debts
    assert debt.current_cents == 3100010
    assert debt.original_cents is None
    assert debt.interest_rate == Decimal("0.0257")  # the JSON number 2.57, exactly
    assert debt.monthly_cents == 4567
    assert debt.phase == "aanloop"


def test_brp_current_partner_becomes_the_fiscal_partner() -> None:
    result = load(BRP)
    me, partner = result.persons
    assert (me.id, me.name, me.birth_date) == (
        "p1",
        "Jan Pieter van Voorbeeld",
        dt.date(1961, 5, 10),
    )
    assert (me.household_status, me.fiscal_partner) == ("couple", "p2")
    assert (partner.id, partner.name, partner.birth_date) == (
        "p2",
        "Anna Voorbeeld",
        dt.date(1963, 2, 20),
    )
    assert (partner.household_status, partner.fiscal_partner) == ("couple", "p1")
    assert result.content["verblijfplaats"]["postcode"] == "1234 ab"
    assert result.warnings == []


def test_brp_without_current_partner_is_single_unless_living_together() -> None:
    form = copy.deepcopy(BRP)
    form["partners"] = form["partners"][:1]  # only the ended marriage
    (me,) = load(form).persons
    assert (me.household_status, me.fiscal_partner) == ("single", None)
    form["leefsituatie"] = "GehuwdOfSamenwonend"
    (me,) = load(form).persons
    assert (me.household_status, me.fiscal_partner) == ("couple", None)


def test_brp_partner_without_birth_date_and_a_bsn() -> None:
    form = copy.deepcopy(BRP)
    form["burgerservicenummer"] = "999999990"
    form["partners"] = [{"naam": {"geslachtsnaam": "Voorbeeld"}, "burgerservicenummer": "1"}]
    result = load(form)
    (me,) = result.persons
    assert me.household_status == "couple"
    assert "999999990" not in repr(result)
    assert "burgerservicenummer" not in json.dumps(result.content)
    assert str(result.warnings[0]) == "a burgerservicenummer in the file was not stored"
    assert "geboorte.datum" in str(result.warnings[1])


def test_kadaster_and_woz_of_one_home_share_an_id() -> None:
    (home,) = load(KADASTER).properties
    assert home.id == "home-1234ab-10a"
    assert home.address == "Voorbeeldstraat 10a, 1234AB Utrecht"
    assert home.kadastrale_aanduiding == "Voorbeeld K 4879"
    assert home.purchase_price_cents == 24500000
    assert home.purchase_date == dt.date(2004, 3, 15)
    assert home.provenance.source == "kadaster"
    (woz,) = load(WOZ).properties
    assert woz.id == home.id
    assert woz.address == home.address
    assert woz.woz_value_cents == 41200000
    assert woz.woz_reference_date == dt.date(2025, 1, 1)
    assert (woz.provenance.source, woz.provenance.reference_date) == ("woz", dt.date(2025, 1, 1))


def test_kadaster_and_woz_without_address() -> None:
    form = {k: v for k, v in KADASTER.items() if k != "adressen"}
    assert load(form).properties[0].id == "home-kadaster-voorbeeld-k-4879"
    form = {k: v for k, v in WOZ.items() if k != "adres"}
    assert load(form).properties[0].id == "home-woz-034400012345"


def test_pension_from_a_start_date() -> None:
    (pension,) = load(PENSION, "lijfrente.json").entitlements
    assert pension.id == "p1-manual-lijfrente-voorbeeld-n-v-synthetisch"
    assert pension.kind == "old_age"
    assert pension.person_id == "p1"
    # 1960-05-10 to 2027-06-01: (2027 - 1960) * 12 + (6 - 5) - 1 (the 10th not yet reached)
    # = 804 months = 67 years 0 months
    assert pension.start == Moment(age=Age(years=67, months=0))
    assert pension.end == Moment(age=Age(years=77, months=1))
    assert pension.annual_gross is not None
    assert pension.annual_gross.cents == 240000
    assert pension.annual_gross.provenance.source == "manual"
    assert pension.annual_gross.provenance.file == "lijfrente.json"
    assert pension.annual_gross.provenance.reference_date == dt.date(2026, 1, 1)
    assert pension.certain


def test_pension_for_life_from_an_age() -> None:
    form = {k: v for k, v in PENSION.items() if k not in {"start_date", "birth_date", "end_age"}}
    form["start_age"] = {"years": 65, "months": 6}
    form["net_already"] = True
    (pension,) = load(form).entitlements
    assert pension.start == Moment(age=Age(years=65, months=6))
    assert pension.end == Moment(event="death")
    assert pension.net_already


def test_age_from_dates() -> None:
    assert manual._age_at(dt.date(1960, 5, 10), dt.date(2027, 6, 1)) == Age(years=67, months=0)
    assert manual._age_at(dt.date(1960, 5, 10), dt.date(2027, 6, 10)) == Age(years=67, months=1)
    assert manual._age_at(dt.date(1960, 5, 1), dt.date(2027, 6, 1)) == Age(years=67, months=1)
    # A start on the last day of a short month, for someone born on the 29th to 31st, is the
    # age that the projection turns back into that same day (as the AOW rules count months).
    assert manual._age_at(dt.date(1960, 2, 29), dt.date(2027, 2, 27)) == Age(years=66, months=11)
    assert manual._age_at(dt.date(1960, 2, 29), dt.date(2027, 2, 28)) == Age(years=67, months=0)
    assert manual._age_at(dt.date(1960, 1, 31), dt.date(2027, 4, 30)) == Age(years=67, months=3)
    with pytest.raises(ValueError, match="before the birth date"):
        manual._age_at(dt.date(1960, 5, 10), dt.date(1960, 5, 9))


def test_a_python_form_round_trips() -> None:
    form = manual.PensionForm(
        provider="Buitenlands Pensioen (synthetisch)",
        annual_gross=Decimal("1234.5"),
        start_age=Age(years=66),
    )
    result = IMPORTER.load(manual.to_json(form).encode(), "pension.json")
    assert result.entitlements[0].annual_gross is not None
    assert result.entitlements[0].annual_gross.cents == 123450
    assert manual.read_form(manual.to_json(form).encode(), "x")[0] == form


def test_json_schema_for_every_kind() -> None:
    for kind in manual.FORMS:
        schema = manual.json_schema(kind)
        assert schema["properties"]["source"]["const"] == kind
    duo = manual.json_schema("duo")
    assert set(duo["required"]) == {"regime", "actuele_schuld", "peildatum"}
    assert "vastgesteldeWaarde" in manual.json_schema("woz")["properties"]
    # Fields are described by the docstring under them, over their type's general words ...
    assert duo["properties"]["actuele_schuld"]["description"] == (
        "Saldo schuld including interest on ``peildatum``."
    )
    # ... also in nested parts and for fields a form inherits.
    tax = manual.json_schema("belastingdienst")
    assert tax["$defs"]["PayerIncome"]["properties"]["withheld_zvw"]["description"].startswith(
        'VIA: "Bijdrage ZVW"'
    )
    assert tax["properties"]["note"]["description"].startswith("Free text for people")
    with pytest.raises(ValueError, match="unknown manual source"):
        manual.json_schema("mpo")


def _descriptions(node: object, pointer: str = "") -> dict[str, str]:
    """Every description in a JSON schema, by the JSON pointer of the object holding it."""
    found: dict[str, str] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                found[pointer or "/"] = value
            else:
                found.update(_descriptions(value, f"{pointer}/{key}"))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found.update(_descriptions(value, f"{pointer}/{index}"))
    return found


def _stored_descriptions() -> dict[str, dict[str, str]]:
    stored: dict[str, dict[str, str]] = json.loads(
        (FIXTURES / "manual_field_descriptions.json").read_text("utf-8")
    )
    assert set(stored) == set(manual.FORMS)
    assert sum(len(fields) for fields in stored.values()) == 57  # 48 + rent and box 3 fields
    return stored


def test_field_descriptions_are_the_stored_ones() -> None:
    """Field by field, the schemas (the form tooltips) describe what the stored copy says.

    The copy was taken from the schemas when the descriptions were still read from the source;
    a new or changed field description updates it on purpose.
    """
    stored = _stored_descriptions()
    for kind in manual.FORMS:
        assert _descriptions(manual.json_schema(kind)) == stored[kind], kind


def test_field_descriptions_need_no_source(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app bundle ships no ``.py`` source: the forms, made without it, say the same."""
    path = Path(manual_forms.__file__).resolve()
    read_lines = linecache.getlines

    def no_source(filename: str, module_globals: Any = None) -> list[str]:
        if Path(filename).resolve() == path:
            return []
        return read_lines(filename, module_globals)

    monkeypatch.setattr(linecache, "getlines", no_source)
    with pytest.raises(OSError):
        inspect.getsource(manual_forms.PensionForm)
    spec = importlib.util.spec_from_file_location("manual_forms_unread", path)
    assert spec is not None and spec.loader is not None
    unread = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, spec.name, unread)  # pydantic resolves annotations there
    spec.loader.exec_module(unread)
    stored = _stored_descriptions()
    for kind, form in unread.FORMS.items():
        assert _descriptions(form.model_json_schema()) == stored[kind], kind


def test_no_field_is_described_by_a_docstring_under_it() -> None:
    """Such a docstring would describe nothing: pydantic reads them only from the source."""
    tree = ast.parse(Path(manual_forms.__file__).read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            for field, after in itertools.pairwise(node.body):
                text = isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                assert not (isinstance(field, ast.AnnAssign) and text), (node.name, after.lineno)


def test_detect() -> None:
    assert IMPORTER.KIND == "manual"
    assert IMPORTER.MAX_BYTES == 2**20
    assert IMPORTER.detect(json.dumps(DUO).encode(), "duo.json")
    assert IMPORTER.detect(b"\xef\xbb\xbf" + json.dumps(DUO).encode(), "duo.json")
    assert IMPORTER.detect(json.dumps(DUO).encode("utf-16"), "duo.json")
    mpo = (DEMO / "retired" / "Pensioenoverzicht-02-11-2026.json").read_bytes()
    assert not IMPORTER.detect(mpo, "mpo.json")
    assert not IMPORTER.detect(b'{"format": "pensioenchecker-manual", ', "broken.json")
    assert not IMPORTER.detect(b'{"format": "pensioenchecker-dossier"}', "dossier.json")
    assert not IMPORTER.detect(b"", "x.json")
    assert not IMPORTER.detect(bytes(range(256)), "x.bin")
    assert not IMPORTER.detect(b"[" * 100_000 + b'"pensioenchecker-manual"', "deep.json")


# -- refusals ---------------------------------------------------------------------------------


def with_(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``base`` with one value replaced at a dotted path (ints index lists)."""
    form = copy.deepcopy(base)
    *parents, last = path.split(".")
    node: Any = form
    for part in parents:
        node = node[int(part)] if part.isdigit() else node[part]
    node[int(last) if last.isdigit() else last] = value
    return form


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        (with_(BELASTINGDIENST, "year", "2024"), "valid integer (at year)"),
        (with_(BELASTINGDIENST, "year", 2024.0), "valid integer (at year)"),
        (with_(BELASTINGDIENST, "payers", "SVB"), "(at payers)"),
        (with_(BELASTINGDIENST, "payers.0.income", "-5.00"), "negative (at payers[0].income)"),
        (with_(BELASTINGDIENST, "payers.0.income", -5), "negative (at payers[0].income)"),
        (with_(BELASTINGDIENST, "payers.0.income", "1234,56"), "comma (at payers[0].income)"),
        (with_(BELASTINGDIENST, "payers.0.income", "1234.567"), "more than two decimals"),
        (with_(BELASTINGDIENST, "payers.0.income", "€ 12"), "not a number"),
        (with_(BELASTINGDIENST, "payers.0.income", "1e4"), "not a number"),
        (with_(BELASTINGDIENST, "payers.0.income", "1234.560"), "more than two decimals"),
        (with_(BELASTINGDIENST, "payers.0.income", 10**12), "implausibly large"),
        (with_(BELASTINGDIENST, "payers.0.income", True), "must be a number"),
        (with_(BELASTINGDIENST, "payers.0.income", None), "must be a number"),
        (with_(BELASTINGDIENST, "payers.0.incme", "1"), "Extra inputs are not permitted"),
        (with_(BELASTINGDIENST, "payers", []) | {"box3_assets": None}, "at least one payer"),
        (with_(BELASTINGDIENST, "year", 1800), "greater than or equal to 1990 (at year)"),
        (with_(DUO, "peildatum", "2025-02-30"), "not a calendar date (at peildatum)"),
        (with_(DUO, "peildatum", "30-01-2025"), "YYYY-MM-DD (at peildatum)"),
        (with_(DUO, "peildatum", 20250130), "YYYY-MM-DD (at peildatum)"),
        (with_(DUO, "rentepercentage", "2,56"), "comma (at rentepercentage)"),
        (with_(DUO, "rentepercentage", 101), "between 0 and 100"),
        (with_(DUO, "regime", "SF20"), "(at regime)"),
        (with_(DUO, "fase", "later"), "(at fase)"),
        (with_(DUO, "source", "pensioenregister"), "unknown source (not shown"),
        (with_(DUO, "source", None), "unknown source None"),
        (with_(DUO, "format", "pensioenchecker-dossier"), "not a manual-entry form"),
        (with_(DUO, "version", 2), "version 2 is not supported"),
        (with_(DUO, "version", True), "version True is not supported"),
        (with_(BRP, "partners.0.ontbindingHuwelijkPartnerschap", None), "more than one partner"),
        (with_(BRP, "verblijfplaats.postcode", "12345"), "(at verblijfplaats.postcode)"),
        (with_(BRP, "geboorte.datum", "1961-13-01"), "not a calendar date (at geboorte.datum)"),
        (with_(KADASTER, "adressen.0.huisnummer", "10"), "(at adressen[0].huisnummer)"),
        (with_(WOZ, "vastgesteldeWaarde", "412.000"), "more than two decimals"),
        (with_(PENSION, "birth_date", None), "needs birth_date"),
        (with_(PENSION, "start_age", {"years": 67}), "either start_age or start_date"),
        (with_(PENSION, "end_age", {"years": 60}), "ends before it starts"),
        (with_(PENSION, "start_date", "1950-01-01"), "before the birth date"),
        (with_(PENSION, "annual_gross", "0.001"), "more than two decimals"),
    ],
)
def test_bad_forms(form: dict[str, Any], expected: str) -> None:
    message = problem(form)
    what, _, where = expected.partition(" (at ")
    assert what in message
    assert not where or message.endswith(f"(at {where}")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02\x03binary", "binary data"),
        (b"{not json", "not valid JSON"),
        (b"[1, 2]", "a JSON object"),
        (b'{"format": "pensioenchecker-manual", "version": 1, "source": "duo", "x": NaN}', "NaN"),
        (b'{"format": "pensioenchecker-manual", "format": "x"}', "appears twice"),
        (
            b'{"format": "pensioenchecker-manual", "version": 1, "source": "woz", '
            b'"vastgesteldeWaarde": ' + b"9" * 5000 + b"}",
            "not valid JSON",
        ),
        (
            b'{"format": "pensioenchecker-manual", "version": 1, "source": "woz", '
            b'"vastgesteldeWaarde": 1e400, "waardepeildatum": "2025-01-01"}',
            "implausibly large",
        ),
        (
            b'{"format": "pensioenchecker-manual", "version": 1, "source": "woz", '
            b'"vastgesteldeWaarde": 412.000, "waardepeildatum": "2025-01-01"}',
            "two decimals",
        ),
        (b"\xff\xfe\x00", "not valid utf-16"),
        (b'{"a": "\xe9"}', "not UTF-8"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply"),
        (
            b'{"format": "pensioenchecker-manual", "version": 1, "source": "duo", "regime": '
            + b"[" * 100_000
            + b"]" * 100_000
            + b"}",
            "nested too deeply",
        ),
        (b" " * (2**20 + 1), "larger than 1 MB"),
    ],
    ids=[
        "empty",
        "binary",
        "not-json",
        "array",
        "nan",
        "duplicate",
        "huge-int",
        "1e400",
        "412.000",
        "bad-utf16",
        "latin1",
        "deep",
        "deep-inside",
        "too-big",
    ],
)
def test_bad_files(data: bytes, expected: str) -> None:
    assert expected in problem(data)


def test_a_nested_value_within_the_recursion_limit_is_a_type_error() -> None:
    form = with_(DUO, "regime", json.loads("[" * 500 + "]" * 500))
    assert "(at regime)" in problem(form)


# -- fuzzing ----------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
FORMS = [BELASTINGDIENST, DUO, BRP, KADASTER, WOZ, PENSION]


def _expect_only_import_problems(data: bytes) -> None:
    assert isinstance(IMPORTER.detect(data, "fuzz.json"), bool)
    with contextlib.suppress(ImportProblem):
        IMPORTER.load(data, "fuzz.json")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    form=st.sampled_from(FORMS),
    edits=st.lists(st.tuples(st.integers(min_value=0), st.characters()), max_size=5),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_mutated_text_gives_only_import_problems(
    form: dict[str, Any], edits: list[tuple[int, str]], cut: int | None
) -> None:
    text = list(json.dumps(form))
    for position, char in edits:
        text[position % len(text)] = char
    data = "".join(text).encode("utf-8", errors="surrogatepass")
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    _expect_only_import_problems(data)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(form=st.sampled_from(FORMS), choice=st.data(), value=JSON_VALUES)
def test_mutated_values_give_only_import_problems(
    form: dict[str, Any], choice: st.DataObject, value: Any
) -> None:
    paths: list[list[str | int]] = []

    def walk(node: Any, path: list[str | int]) -> None:
        paths.append(path)
        if isinstance(node, dict):
            for key, child in node.items():
                walk(child, [*path, key])
        elif isinstance(node, list):
            for index, child in enumerate(node):
                walk(child, [*path, index])

    walk(form, [])
    path = choice.draw(st.sampled_from(paths[1:]))
    mutated = copy.deepcopy(form)
    node: Any = mutated
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    _expect_only_import_problems(json.dumps(mutated).encode())


# --- rent and box 3 for the disposable income -----------------------------------------------------


def test_rent_form_gives_the_rent_with_its_date() -> None:
    result = load(
        ENVELOPE
        | {
            "source": "rent",
            "kale_huur": "576.00",
            "servicekosten": 12.5,
            "peildatum": "2026-07-01",
        }
    )
    assert result.rent is not None
    assert (result.rent.kale_huur_cents, result.rent.service_costs_cents) == (57600, 1250)
    assert result.rent.provenance.source == "manual"
    assert result.rent.provenance.reference_date == dt.date(2026, 7, 1)


def test_rent_form_refuses_a_comma_and_a_missing_rent() -> None:
    assert "comma" in problem(ENVELOPE | {"source": "rent", "kale_huur": "576,00"})
    assert "kale_huur" in problem(ENVELOPE | {"source": "rent"})


def test_box3_investments_and_debts_from_the_belastingdienst_form() -> None:
    form = ENVELOPE | {
        "source": "belastingdienst",
        "year": 2026,
        "box3_assets": "425000",
        "box3_investments": "275000",
        "box3_debts": "100000",
    }
    result = load(form)
    assert (result.box3_assets_cents, result.box3_other_cents, result.box3_debts_cents) == (
        42_500_000,
        27_500_000,
        10_000_000,
    )
    assert "part" in problem(form | {"box3_investments": "500000"})


def test_the_demo_renter_dossier_has_rent_and_savings() -> None:
    from pensioenchecker.sources.registry import load_paths

    dossier = load_paths(sorted((DEMO / "single-renter").iterdir()))
    assert dossier.rent is not None and dossier.rent.kale_huur_cents == 57600
    assert dossier.box3_assets_cents == 1_250_000
