"""The packaged parameters equal an independent transcription of the published tables.

The transcription lives in tests/fixtures/published/*.yaml, typed by hand from the project's
sourced rule notes (../shared/reference/nl-rules.md), each row with its source keys (S1..S77).
Every figure the rules use is compared twice: as ``Parameters.lookup`` returns it (exact
decimals, status, source keys) and as ``RulesBook.year(Y)`` turns it into integers.

The second half checks that a broken parameter file is refused with a ``ParameterError`` that
names the file and the field.
"""

from __future__ import annotations

import datetime as dt
import shutil
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from pensioenchecker.errors import ParameterError
from pensioenchecker.rules.parameters import PARAMS_DIR, Parameters
from pensioenchecker.rules.year import GROUP_NAMES, NO_LIMIT, RulesBook

PUBLISHED = Path(__file__).parent / "fixtures" / "published"
YEARS = (2024, 2025, 2026)


def _published(name: str) -> Any:
    return yaml.safe_load((PUBLISHED / name).read_text(encoding="utf-8"))


BOX1 = _published("box1.yaml")
CREDITS = _published("credits.yaml")
ZVW = _published("zvw.yaml")
AOW_AMOUNTS = _published("aow_amounts.yaml")
AOW_AGE = _published("aow_age.yaml")


def pct(text: str) -> Decimal:
    """A printed percentage as an exact fraction: "35.82" -> Decimal("0.3582")."""
    return Decimal(text) / 100


def per_100k(text: str) -> int:
    """A printed percentage in the rules' integer scale (1/100 000ths): "35.82" -> 35 820."""
    scaled = Decimal(text) * 1000
    assert scaled == scaled.to_integral_value(), text
    return int(scaled)


def cents(text: str) -> int:
    """A printed euro amount in cents: "1541.53" -> 154 153."""
    scaled = Decimal(text) * 100
    assert scaled == scaled.to_integral_value(), text
    return int(scaled)


def jan(year: int) -> dt.date:
    return dt.date(year, 1, 1)


def assert_cites(reference: tuple[str, ...], sources: list[str]) -> None:
    """The package cites at least one source and only sources the published row names."""
    assert reference, "a parameter value without a source"
    assert set(reference) <= set(sources), (reference, sources)


# --- box 1 --------------------------------------------------------------------------------------

BOX1_CASES = [(year, group) for year in YEARS for group in GROUP_NAMES]


@pytest.mark.parametrize(("year", "group"), BOX1_CASES)
def test_box1_brackets_equal_publication(parameters: Parameters, year: int, group: str) -> None:
    row = BOX1["years"][year][group]
    found = parameters.lookup(f"box1.{group}", jan(year))
    assert found.since == jan(year)
    assert found.fallback is None
    assert found.status == row["status"]
    assert_cites(found.reference, row["sources"])
    assert [(b.upto, b.rate) for b in found.value.brackets] == [
        (b["upto"], pct(b["pct"])) for b in row["brackets"]
    ]
    assert found.value.premium_upto == row.get("premium_upto", row["brackets"][0]["upto"])


@pytest.mark.parametrize("year", YEARS)
def test_box1_year_rules_equal_publication(book: RulesBook, year: int) -> None:
    """The integer segments: brackets split at the premium boundary, rates per 100 000."""
    rules = book.year(year)
    assert rules.year == rules.data_year == year
    for g, group in enumerate(GROUP_NAMES):
        row = BOX1["years"][year][group]
        premium_upto = row.get("premium_upto", row["brackets"][0]["upto"])
        uppers: list[int] = []
        rates: list[int] = []
        for bracket in row["brackets"]:
            upto = NO_LIMIT if bracket["upto"] is None else bracket["upto"]
            lower = uppers[-1] if uppers else 0
            if lower < premium_upto < upto:  # 2024 below AOW age: one rate, split at 38.098
                uppers.append(premium_upto)
                rates.append(per_100k(bracket["pct"]))
            uppers.append(upto)
            rates.append(per_100k(bracket["pct"]))
        assert rules.segment_uppers[g].tolist() == uppers, group
        assert rules.segment_rates[g].tolist() == rates, group
        assert rules.premium_upto[g] == premium_upto, group


@pytest.mark.parametrize("year", YEARS)
def test_bracket1_is_tax_part_plus_premiums(
    parameters: Parameters, book: RulesBook, year: int
) -> None:
    """Bracket 1 = tax part + AOW + Anw + Wlz below AOW age; without the AOW premium at AOW age."""
    prem = BOX1["premiums"]
    tax = BOX1["tax_part_bracket1"][year]
    aow, anw, wlz = (per_100k(prem[k]) for k in ("aow_pct", "anw_pct", "wlz_pct"))
    assert aow + anw + wlz == per_100k(prem["total_pct"])  # 17,90 + 0,10 + 9,65 = 27,65
    # The published figures are consistent with each other (e.g. 2025: 8,17 + 27,65 = 35,82).
    years = BOX1["years"][year]
    below_rate = per_100k(years["below_aow"]["brackets"][0]["pct"])
    assert per_100k(tax["pct"]) + aow + anw + wlz == below_rate
    for group in ("aow_born_1946_or_later", "aow_born_before_1946"):
        assert per_100k(tax["pct"]) + anw + wlz == per_100k(years[group]["brackets"][0]["pct"])

    found = parameters.lookup("box1.tax_rate_bracket1", jan(year))
    assert found.value == pct(tax["pct"])
    assert found.status == tax["status"]
    assert_cites(found.reference, tax["sources"])
    for name, key in (("aow", "aow_pct"), ("anw", "anw_pct"), ("wlz", "wlz_pct")):
        premium = parameters.lookup(f"premiums.{name}", jan(year))
        assert premium.value == pct(prem[key])
        assert_cites(premium.reference, prem["sources"])

    rules = book.year(year)
    assert rules.tax_rate_bracket1 == per_100k(tax["pct"])
    assert rules.aow_premium_rate == aow
    assert rules.premium_rate.tolist() == [aow + anw + wlz, anw + wlz, anw + wlz]


@pytest.mark.parametrize("year", YEARS)
def test_transition_month_rates_equal_publication(
    parameters: Parameters, book: RulesBook, year: int
) -> None:
    row = BOX1["transition_month_rates"][year]
    found = parameters.lookup("box1.transition_month_rates", jan(year))
    assert found.status == row["status"]
    assert_cites(found.reference, row["sources"])
    if row.get("rule"):
        assert found.value == "rule"  # official table NOT FOUND: the derived rule is used
    else:
        assert found.value == {m: pct(r) for m, r in row["pct"].items()}
        assert book.year(year).transition_rates[1:].tolist() == [
            per_100k(row["pct"][m]) for m in range(1, 13)
        ]
    # January: the AOW age is reached in the first month, so the whole year is at the AOW-age rate.
    assert book.year(year).transition_rates[1] == per_100k(
        BOX1["years"][year]["aow_born_1946_or_later"]["brackets"][0]["pct"]
    )


@pytest.mark.parametrize(
    "entry",
    BOX1["superseded"],
    ids=lambda e: f"{e['year']}-{e['group']}-{e.get('pct') or e.get('upto')}",
)
def test_superseded_box1_figures_are_not_used(
    parameters: Parameters, entry: dict[str, Any]
) -> None:
    bracket = parameters.lookup(f"box1.{entry['group']}", jan(entry["year"])).value.brackets[
        entry["bracket"]
    ]
    if "pct" in entry:
        assert bracket.rate != pct(entry["pct"])
    if "upto" in entry:
        assert bracket.upto != entry["upto"]


# --- tax credits --------------------------------------------------------------------------------

AHK_NAMES = {
    "below_aow": ("credits.ahk_below_aow", "ahk_below"),
    "aow_age": ("credits.ahk_aow", "ahk_aow"),
}


@pytest.mark.parametrize(("year", "group"), [(y, g) for y in YEARS for g in AHK_NAMES])
def test_algemene_heffingskorting_equals_publication(
    parameters: Parameters, book: RulesBook, year: int, group: str
) -> None:
    row = CREDITS["algemene_heffingskorting"][year][group]
    name, attribute = AHK_NAMES[group]
    found = parameters.lookup(name, jan(year))
    assert found.status == row["status"]
    assert_cites(found.reference, row["sources"])
    value = found.value
    assert (value.max, value.phaseout_start, value.phaseout_rate, value.nil_above) == (
        row["max"],
        row["phaseout_start"],
        pct(row["phaseout_pct"]),
        row["zero_at"],
    )
    credit = getattr(book.year(year), attribute)
    assert (credit.max, credit.phaseout_start, credit.phaseout_rate, credit.nil_above) == (
        row["max"],
        row["phaseout_start"],
        per_100k(row["phaseout_pct"]),
        row["zero_at"],
    )


@pytest.mark.parametrize("year", YEARS)
def test_ouderenkorting_and_aok_equal_publication(
    parameters: Parameters, book: RulesBook, year: int
) -> None:
    row = CREDITS["ouderenkorting"][year]
    found = parameters.lookup("credits.ouderenkorting", jan(year))
    assert found.status == row["status"]
    assert_cites(found.reference, row["sources"])
    value = found.value
    assert (value.max, value.phaseout_start, value.phaseout_rate, value.nil_above) == (
        row["max"],
        row["phaseout_start"],
        pct(row["phaseout_pct"]),
        row["zero_at"],
    )
    credit = book.year(year).ouderenkorting
    assert (credit.max, credit.phaseout_start, credit.phaseout_rate, credit.nil_above) == (
        row["max"],
        row["phaseout_start"],
        per_100k(row["phaseout_pct"]),
        row["zero_at"],
    )

    aok = CREDITS["alleenstaande_ouderenkorting"][year]
    found = parameters.lookup("credits.alleenstaande_ouderenkorting", jan(year))
    assert found.value == aok["amount"]
    assert found.status == aok["status"]
    assert_cites(found.reference, aok["sources"])
    assert book.year(year).alleenstaande_ouderenkorting == aok["amount"]


AK_NAMES = {
    "below_aow": ("credits.arbeidskorting_below_aow", "arbeidskorting_below"),
    "aow_age": ("credits.arbeidskorting_aow", "arbeidskorting_aow"),
}


@pytest.mark.parametrize(("year", "group"), [(y, g) for y in YEARS for g in AK_NAMES])
def test_arbeidskorting_equals_publication(
    parameters: Parameters, book: RulesBook, year: int, group: str
) -> None:
    row = CREDITS["arbeidskorting"][group][year]
    name, attribute = AK_NAMES[group]
    found = parameters.lookup(name, jan(year))
    assert found.status == row["status"]
    assert_cites(found.reference, row["sources"])
    rule = getattr(book.year(year), attribute)
    if row["status"] == "not_found":
        assert found.value is None
        assert rule is None
        return
    assert rule is not None
    assert rule.uppers == tuple(step["upto"] for step in row["build_up"])
    assert rule.rates == tuple(per_100k(step["pct"]) for step in row["build_up"])
    assert rule.caps[-1] == row["max"]
    # Where the source prints the base of a step, the cap of the step before is that base.
    for cap, step in zip(rule.caps[:-1], row["build_up"][1:], strict=True):
        if "base" in step:
            assert cap == step["base"]
    assert rule.phaseout_start == row["phaseout_start"]
    assert rule.phaseout_rate == per_100k(row["phaseout_pct"])
    if "zero_at" in row:
        assert rule.nil_above == row["zero_at"]
    else:
        # 2025: no published zero point. Derived: the last income at which
        # 5.599 - 6,51 % x (income - 43.071) is still above zero:
        # 5.599 / 6,51 % = 86.006,1 -> 43.071 + 86.006 = 129.077 (5.599 - 5.598,99 = 0,01 > 0).
        def taper(income: int) -> Fraction:
            excess = income - row["phaseout_start"]
            return row["max"] - Fraction(row["phaseout_pct"]) / 100 * excess

        assert taper(rule.nil_above) > 0 >= taper(rule.nil_above + 1)
        assert rule.nil_above == 129077


def test_arbeidskorting_2024_partial_figures_are_not_silently_used(parameters: Parameters) -> None:
    """Only the 2024 maximum and taper were found; the parameter must say not found."""
    found = parameters.lookup("credits.arbeidskorting_below_aow", jan(2024))
    assert found.status == "not_found"
    assert found.value is None
    assert found.fallback


@pytest.mark.parametrize(
    "entry", CREDITS["superseded"], ids=lambda e: f"{e['credit']}-{e['year']}-{e.get('group', '')}"
)
def test_superseded_credit_figures_are_not_used(
    parameters: Parameters, entry: dict[str, Any]
) -> None:
    year, credit = entry["year"], entry["credit"]
    if credit == "alleenstaande_ouderenkorting":
        assert (
            parameters.lookup("credits.alleenstaande_ouderenkorting", jan(year)).value
            != (entry["amount"])
        )
        return
    name = {
        "algemene_heffingskorting": AHK_NAMES.get(entry.get("group", ""), ("",))[0],
        "ouderenkorting": "credits.ouderenkorting",
        "arbeidskorting": AK_NAMES.get(entry.get("group", ""), ("",))[0],
    }[credit]
    value = parameters.lookup(name, jan(year)).value
    if "max" in entry:
        max_value = value.build_up[-1].cap if credit == "arbeidskorting" else value.max
        assert max_value != entry["max"]
    if "phaseout_pct" in entry:
        assert value.phaseout_rate != pct(entry["phaseout_pct"])
    if "phaseout_start" in entry:
        assert value.phaseout_start != entry["phaseout_start"]
    if "zero_at" in entry:
        assert value.nil_above != entry["zero_at"]


# --- Zvw ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_zvw_equals_publication(parameters: Parameters, book: RulesBook, year: int) -> None:
    row = ZVW[year]
    rate = parameters.lookup("zvw.rate", jan(year))
    maximum = parameters.lookup("zvw.max_income", jan(year))
    assert rate.value == pct(row["rate_pct"])
    assert maximum.value == row["max_income"]
    for found in (rate, maximum):
        assert found.status == row["status"]
        assert_cites(found.reference, row["sources"])
    if "max_income_alternative" in row:
        assert maximum.value != row["max_income_alternative"]
    rules = book.year(year)
    assert rules.zvw_rate == per_100k(row["rate_pct"])
    assert rules.zvw_max_income == row["max_income"] * 100
    if "monthly_max_income" in row:
        # 2025: 75.864 / 12 = 6.322,00; 2026: 79.409 / 12 = 6.617,4166.. -> 6.617,41 (down)
        assert rules.zvw_max_monthly == cents(row["monthly_max_income"])
    if "monthly_max_contribution" in row:
        # PFZW 2025: 5,26 % x 6.322,00 = 332,5372 -> 332,53 (down to the cent)
        assert rules.zvw_max_monthly * rules.zvw_rate // 100_000 == cents(
            row["monthly_max_contribution"]
        )


# --- AOW amounts --------------------------------------------------------------------------------

AOW_PERIODS = [
    (since, household) for since in AOW_AMOUNTS["periods"] for household in ("single", "couple")
]


@pytest.mark.parametrize(
    ("since", "household"), AOW_PERIODS, ids=[f"{s.isoformat()}-{h}" for s, h in AOW_PERIODS]
)
def test_aow_amounts_equal_svb(
    parameters: Parameters, book: RulesBook, since: dt.date, household: str
) -> None:
    row = AOW_AMOUNTS["periods"][since][household]
    # The transcription itself: SVB gross = SZW gross + IOAOW (e.g. 1.536,03 + 5,50 = 1.541,53).
    assert cents(row["gross"]) == cents(row["gross_excl_ioaow"]) + cents(row["ioaow"])

    found = parameters.lookup("aow.monthly", since)
    assert found.since == since
    assert found.fallback is None
    assert found.status == "final"
    both = AOW_AMOUNTS["periods"][since]
    assert_cites(found.reference, both["single"]["sources"] + both["couple"]["sources"])
    amount = getattr(found.value, household)
    assert amount.gross == Decimal(row["gross"])  # SVB's gross, including the IOAOW in 2024
    assert amount.holiday_accrual == Decimal(row["holiday_accrual"])

    half = book.year(since.year).aow_for_month(since.month)
    assert half.since == since
    assert getattr(half, f"{household}_gross") == cents(row["gross"])
    assert getattr(half, f"{household}_accrual") == cents(row["holiday_accrual"])


def test_aow_2026_couple_is_the_svb_figure(parameters: Parameters) -> None:
    couple = parameters.lookup("aow.monthly", dt.date(2026, 1, 1)).value.couple
    for rejected in AOW_AMOUNTS["periods"][dt.date(2026, 1, 1)]["rejected_couple_gross"]:
        assert couple.gross != Decimal(rejected)


@pytest.mark.parametrize("missing", AOW_AMOUNTS["not_found"])
def test_aow_amounts_not_found_fall_back_and_say_so(
    parameters: Parameters, book: RulesBook, missing: dt.date
) -> None:
    """July 2026 was not found: the January amounts hold on, and the lookup says so."""
    found = parameters.lookup("aow.monthly", missing)
    earlier = parameters.lookup("aow.monthly", dt.date(missing.year, 1, 1))
    assert found.value == earlier.value
    assert found.since == dt.date(missing.year, 1, 1)
    assert found.fallback and missing.isoformat() in found.fallback
    rules = book.year(missing.year)
    july = rules.aow_for_month(7)
    january = rules.aow_for_month(1)
    assert (july.single_gross, july.couple_gross) == (january.single_gross, january.couple_gross)
    # The year rules look the July amounts up quietly; the AOW month table reports the fallback.
    notices = book.aow_month_table(missing.year, missing.year).notices
    assert any(missing.isoformat() in notice for notice in notices)


@pytest.mark.parametrize("year", YEARS)
def test_insured_share_per_year(parameters: Parameters, book: RulesBook, year: int) -> None:
    row = AOW_AMOUNTS["insured_share"]
    found = parameters.lookup("aow.insured_share_per_year", jan(year))
    assert found.value == pct(row["pct_per_year"])
    assert_cites(found.reference, row["sources"])
    assert book.year(year).aow_share_per_year == per_100k(row["pct_per_year"])
    assert per_100k(row["pct_per_year"]) * row["full_years"] == 100_000


# --- AOW age ------------------------------------------------------------------------------------


def test_aow_age_table_equals_publication(parameters: Parameters) -> None:
    table = parameters.aow_age
    published = {year: (row["years"], row["months"]) for year, row in AOW_AGE["by_year"].items()}
    published |= {
        year: (row["years"], row["months"]) for year, row in AOW_AGE["earlier"]["ages"].items()
    }
    assert {year: (row.years, row.months) for year, row in table.by_year.items()} == published
    before = AOW_AGE["earlier"]["before_2013"]
    assert (table.before_first_year.years, table.before_first_year.months) == (
        before["years"],
        before["months"],
    )
    assert min(table.by_year) == 2013
    assert max(table.by_year) == AOW_AGE["not_fixed_from"] - 1  # 2032 is not fixed yet
    for year, row in table.by_year.items():
        sources = (AOW_AGE["by_year"].get(year) or AOW_AGE["earlier"])["sources"]
        assert_cites(tuple(row.reference), sources)


# --- sources and years without figures -----------------------------------------------------------


def _keys(node: Any) -> set[str]:
    if isinstance(node, dict):
        found = set(node.get("sources", [])) if isinstance(node.get("sources"), list) else set()
        return found.union(*(_keys(v) for v in node.values()))
    if isinstance(node, list):
        return set().union(*(_keys(v) for v in node))
    return set()


def test_every_cited_source_key_is_defined(parameters: Parameters) -> None:
    cited = set().union(*(_keys(doc) for doc in (BOX1, CREDITS, ZVW, AOW_AMOUNTS, AOW_AGE)))
    assert cited, "the transcription cites no sources"
    assert cited <= set(parameters.sources)
    for key in cited:
        assert parameters.sources[key].href.startswith("http"), key


@pytest.mark.parametrize(("year", "data_year"), [(2023, 2024), (2027, 2026), (2040, 2026)])
def test_year_without_figures_uses_nearest_and_says_so(
    book: RulesBook, year: int, data_year: int
) -> None:
    rules = book.year(year)
    assert rules.year == year
    assert rules.data_year == data_year
    assert any(f"no figures for {year}" in notice for notice in rules.notices)


def test_lookup_before_first_date_falls_back(parameters: Parameters) -> None:
    found = parameters.lookup("zvw.rate", dt.date(2023, 6, 30))
    assert found.value == pct(ZVW[2024]["rate_pct"])
    assert found.fallback and "2023-06-30" in found.fallback


def test_lookup_unknown_name(parameters: Parameters) -> None:
    with pytest.raises(KeyError, match="no parameter named"):
        parameters.lookup("box1.nonsense", jan(2025))


# --- broken parameter files ---------------------------------------------------------------------


@pytest.fixture
def params_copy(tmp_path: Path) -> Path:
    """A private copy of the packaged parameter directory, to corrupt."""
    target = tmp_path / "params"
    shutil.copytree(PARAMS_DIR, target)
    return target


def corrupt(directory: Path, file: str, old: str, new: str) -> None:
    """Replace one exact, unique piece of text in a parameter file."""
    path = directory / file
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} must occur exactly once in {file}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def load_all_years(directory: Path) -> None:
    """Load a parameter tree and build every covered year (some checks run per year)."""
    book = RulesBook(Parameters(directory))
    for year in YEARS:
        book.year(year)


ZVW_2024 = "      2024-01-01: {status: final, reference: [S10, S36], value: 0.0532}\n"
ZVW_2025 = "      2025-01-01: {status: final, reference: [S11, S22], value: 0.0526}\n"
BRACKETS_2025 = "- {upto: 38441, rate: 0.3582}\n            - {upto: 76817, rate: 0.3748}"
BRACKETS_2025_FALLING = "- {upto: 76817, rate: 0.3582}\n            - {upto: 38441, rate: 0.3748}"

BROKEN = {
    # id: (file, old text, new text, field named in the error, words of the message)
    "rate_not_a_number": (
        "zvw.yaml",
        "value: 0.0526}",
        "value: abc}",
        "zvw.rate.values.2025-01-01",
        "'abc'",
    ),
    "rate_in_percent": (
        "zvw.yaml",
        "value: 0.0526}",
        "value: 5.26}",
        "zvw.rate.values.2025-01-01",
        "between 0 and 1",
    ),
    "unknown_source_key": (
        "zvw.yaml",
        "reference: [S11, S22], value: 0.0526",
        "reference: [S11, S999], value: 0.0526",
        "zvw.rate.values.2025-01-01",
        "S999",
    ),
    "unknown_source_key_aow_age": (
        "aow_age.yaml",
        "reference: [S51a]",
        "reference: [S5x]",
        "by_year.2030",
        "S5x",
    ),
    "dates_not_sorted": (
        "zvw.yaml",
        ZVW_2024 + ZVW_2025,
        ZVW_2025 + ZVW_2024,
        "zvw.rate.values",
        "ascending order",
    ),
    "bracket_bounds_fall": (
        "box1.yaml",
        BRACKETS_2025,
        BRACKETS_2025_FALLING,
        "box1.below_aow.values.2025-01-01",
        "rise strictly",
    ),
    "bracket_rate_in_percent": (
        "box1.yaml",
        "- {upto: 38441, rate: 0.3582}",
        "- {upto: 38441, rate: 35.82}",
        "box1.below_aow.values.2025-01-01",
        "less than or equal to 1",
    ),
    "credit_amount_not_a_number": (
        "credits.yaml",
        "max: 3068,",
        "max: abc,",
        "credits.ahk_below_aow.values.2025-01-01",
        "integer",
    ),
    "value_missing": (
        "zvw.yaml",
        "reference: [S11, S22], value: 0.0526}",
        "reference: [S11, S22]}",
        "zvw.rate.values.2025-01-01",
        "value missing",
    ),
    "no_reference": (
        "zvw.yaml",
        "reference: [S11, S22], value: 0.0526",
        "reference: [], value: 0.0526",
        "zvw.rate.values",
        "at least 1",
    ),
    "misspelt_key": (
        "zvw.yaml",
        "reference: [S11, S22], value: 0.0526",
        "reference: [S11, S22], valeu: 0.0526",
        "valeu",
        "not permitted",
    ),
    "aow_age_months_12": (
        "aow_age.yaml",
        "2030: {years: 67, months: 3,",
        "2030: {years: 67, months: 12,",
        "by_year.2030.months",
        "11",
    ),
}


@pytest.mark.parametrize("case", BROKEN.values(), ids=BROKEN.keys())
def test_broken_parameter_file_names_file_and_field(
    params_copy: Path, case: tuple[str, ...]
) -> None:
    file, old, new, field, words = case
    corrupt(params_copy, file, old, new)
    with pytest.raises(ParameterError) as caught:
        load_all_years(params_copy)
    error = caught.value
    assert Path(error.file).name == file
    assert error.field is not None and field in error.field
    assert file in str(error) and field in str(error) and words in str(error)
    assert "\n" not in str(error)  # one line for the user


def test_bracket_rate_that_is_not_tax_part_plus_premiums(params_copy: Path) -> None:
    """35,83 % is not 8,17 % + 27,65 %: refused when the year is built, naming file and field."""
    corrupt(
        params_copy, "box1.yaml", "- {upto: 38441, rate: 0.3582}", "- {upto: 38441, rate: 0.3583}"
    )
    parameters = Parameters(params_copy)  # each value is valid on its own
    book = RulesBook(parameters)
    book.year(2024)  # other years are untouched
    with pytest.raises(ParameterError) as caught:
        book.year(2025)
    error = caught.value
    assert Path(error.file).name == "box1.yaml"
    assert error.field == "box1.below_aow.2025"
    assert "35830" in str(error) and "8170" in str(error) and "27650" in str(error)


def test_yaml_syntax_error_names_the_file(params_copy: Path) -> None:
    corrupt(params_copy, "zvw.yaml", "value: 0.0526}", "value: 0.0526")
    with pytest.raises(ParameterError, match="not valid YAML") as caught:
        Parameters(params_copy)
    assert Path(caught.value.file).name == "zvw.yaml"
    assert "\n" not in str(caught.value)


def test_source_key_written_twice_is_refused(params_copy: Path) -> None:
    """A second ``S36:`` would silently replace the first and misname every figure citing it."""
    corrupt(params_copy, "sources.yaml", "  S37:\n", "  S36:\n")
    with pytest.raises(ParameterError, match="'S36' appears twice") as caught:
        Parameters(params_copy)
    assert Path(caught.value.file).name == "sources.yaml"
    assert "\n" not in str(caught.value)


def test_missing_file_names_the_file(params_copy: Path) -> None:
    (params_copy / "zvw.yaml").unlink()
    with pytest.raises(ParameterError, match="file not found") as caught:
        Parameters(params_copy)
    assert Path(caught.value.file).name == "zvw.yaml"


def test_parameter_defined_twice(params_copy: Path) -> None:
    """premiums.wlz defined again in zvw.yaml (loaded after premiums.yaml)."""
    text = (params_copy / "zvw.yaml").read_text(encoding="utf-8")
    extra = (
        "  premiums.wlz:\n    description: again\n    kind: rate\n    values:\n"
        "      2024-01-01: {status: final, reference: [S3], value: 0.0965}\n"
    )
    (params_copy / "zvw.yaml").write_text(text + extra, encoding="utf-8")
    with pytest.raises(ParameterError, match="defined twice") as caught:
        Parameters(params_copy)
    assert Path(caught.value.file).name == "zvw.yaml"
    assert caught.value.field == "premiums.wlz"


def test_unchanged_copy_loads(params_copy: Path) -> None:
    """Control: the copy itself is fine, so each failure above comes from its one change."""
    load_all_years(params_copy)


# Broken figures that only the exactness and range checks catch.
EXACTNESS = {
    "month_rate_not_a_number": ("box1.yaml", "{1: 0.1792,", "{1: abc,"),
    "month_rate_in_percent": ("box1.yaml", "{1: 0.1792,", "{1: 17.92,"),
    "rate_with_six_decimals": ("zvw.yaml", "value: 0.0526}", "value: 0.052611}"),
    "aow_amount_with_fraction_of_a_cent": ("aow.yaml", "gross: 1580.92", "gross: 1580.925"),
    "impossible_date": (
        "zvw.yaml",
        "      2025-01-01: {status: final, reference: [S11, S22], value: 0.0526}",
        "      2025-13-01: {status: final, reference: [S11, S22], value: 0.0526}",
    ),
}


@pytest.mark.parametrize("case", EXACTNESS.values(), ids=EXACTNESS.keys())
def test_broken_figure_is_refused_naming_the_file(
    params_copy: Path, case: tuple[str, str, str]
) -> None:
    file, old, new = case
    corrupt(params_copy, file, old, new)
    with pytest.raises(ParameterError) as caught:
        load_all_years(params_copy)
    assert Path(caught.value.file).name == file
    assert "\n" not in str(caught.value)
