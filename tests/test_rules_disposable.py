"""Zorgtoeslag, huurtoeslag, box 3 and disposable income against published figures.

Expected values come from tests/fixtures/published/disposable.yaml, typed by hand from
../shared/reference/disposable-income.md and the publications it names (Dienst Toeslagen
leaflets and monthly tables, the Belastingdienst's box 3 examples, Kamerstuk 36154), or from
hand computations with the arithmetic written next to them.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from math import ceil, floor
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from pensioenchecker.rules.annual import annual_net
from pensioenchecker.rules.box3 import box3
from pensioenchecker.rules.disposable import disposable_income, health_costs
from pensioenchecker.rules.parameters import Parameters
from pensioenchecker.rules.toeslagen import NORMHUUR_INCOME_CAP, huurtoeslag, zorgtoeslag
from pensioenchecker.rules.trace import Trace
from pensioenchecker.rules.year import GROUP_AOW_1946_OR_LATER, RulesBook

PUBLISHED = yaml.safe_load(
    (Path(__file__).parent / "fixtures" / "published" / "disposable.yaml").read_text("utf-8")
)
YEARS = (2024, 2025, 2026)


def cents(text: str | int) -> int:
    scaled = Decimal(str(text)) * 100
    assert scaled == scaled.to_integral_value(), text
    return int(scaled)


def pct(text: str) -> Decimal:
    return Decimal(text) / 100


def one(value: int | bool) -> Any:
    return np.array([value])


def zt(
    parameters: Parameters,
    year: int,
    income: int,
    partner: bool = False,
    assets: int = 0,
    insured: bool = True,
) -> Any:
    """Zorgtoeslag for one household; income and assets in whole euros."""
    return zorgtoeslag(
        parameters,
        year,
        income=one(income * 100),
        partner=one(partner),
        assets=one(assets * 100),
        partner_insured=one(insured),
    )


def ht(
    parameters: Parameters,
    year: int,
    income: int,
    rent: str,
    partner: bool = False,
    aow: bool = True,
    assets: int = 0,
    service: str = "0",
) -> Any:
    return huurtoeslag(
        parameters,
        year,
        income=one(income * 100),
        partner=one(partner),
        rent=one(cents(rent)),
        service_costs=one(cents(service)),
        assets=one(assets * 100),
        aow_household=one(aow),
    )


# --- parameters equal the publication -----------------------------------------------------------


@pytest.mark.parametrize("year", YEARS)
def test_zorgtoeslag_parameters_equal_publication(parameters: Parameters, year: int) -> None:
    row = PUBLISHED["zorgtoeslag"][year]
    on = dt.date(year, 1, 1)
    expected = {
        "zorgtoeslag.standaardpremie": row["standaardpremie"],
        "zorgtoeslag.drempelinkomen": row["drempelinkomen"],
        "zorgtoeslag.normpercentage_single": pct(row["single_pct"]),
        "zorgtoeslag.normpercentage_partner": pct(row["partner_pct"]),
        "zorgtoeslag.percentage_above_drempel": pct(row["above_pct"]),
        "zorgtoeslag.income_limit_single": row["limit_single"],
        "zorgtoeslag.income_limit_partner": row["limit_partner"],
        "zorgtoeslag.vermogensgrens_single": row["vermogen_single"],
        "zorgtoeslag.vermogensgrens_partner": row["vermogen_partner"],
        "awir.vermogensgrens_person": PUBLISHED["awir_vermogensgrens"][year],
    }
    for name, value in expected.items():
        found = parameters.lookup_exact(name, on)
        assert found.value == value, name
        assert found.reference
    # The Dienst's whole-euro drempelinkomen is empirical, and stays labelled so.
    assert parameters.lookup_exact("zorgtoeslag.drempelinkomen", on).status == "empirical"


def test_huurtoeslag_2026_parameters_equal_leaflet(parameters: Parameters) -> None:
    row = PUBLISHED["huurtoeslag_2026"]
    on = dt.date(2026, 1, 1)
    expected = {
        "huurtoeslag.basishuur.one": Decimal(row["basishuur_one"]),
        "huurtoeslag.basishuur.more": Decimal(row["basishuur_more"]),
        "huurtoeslag.kwaliteitskortingsgrens": Decimal(row["kkg"]),
        "huurtoeslag.aftoppingsgrens": Decimal(row["aft"]),
        "huurtoeslag.maximale_huurgrens": Decimal(row["max_rent"]),
        "huurtoeslag.ijkpunt.one": row["ijkpunt_one"],
        "huurtoeslag.ijkpunt.more": row["ijkpunt_more"],
        "huurtoeslag.afbouw.one": pct(row["afbouw_one_pct"]),
        "huurtoeslag.afbouw.more": pct(row["afbouw_more_pct"]),
    }
    for name, value in expected.items():
        found = parameters.lookup_exact(name, on)
        assert (found.value, found.status) == (value, "final"), name
        assert set(found.reference) <= set(row["sources"])


@pytest.mark.parametrize("year", YEARS)
def test_box3_parameters_equal_publication(parameters: Parameters, year: int) -> None:
    row = PUBLISHED["box3"][year]
    on = dt.date(year, 1, 1)
    for key, name in (("bank", "rate_bank"), ("other", "rate_other"), ("debts", "rate_debts")):
        found = parameters.lookup_exact(f"box3.{name}", on)
        assert found.value == pct(row[f"{key}_pct"])
        assert found.status == ("provisional" if key in row["provisional"] else "final")
    assert parameters.lookup_exact("box3.heffingsvrij_vermogen", on).value == row["allowance"]
    assert parameters.lookup_exact("box3.schuldendrempel", on).value == row["threshold"]
    assert parameters.lookup_exact("box3.tarief", on).value == pct(row["tarief_pct"])


def test_derived_huurtoeslag_points_follow_from_their_parts(parameters: Parameters) -> None:
    """Nmin/Nref are the law's amounts minus the art. 17/18 deductions (derived, §3.2-3.3);
    the 2024 minimum basishuur below AOW age is exactly 192,00 with the empirical 34,67."""

    def value(name: str, year: int) -> Decimal:
        return Decimal(parameters.lookup_exact(name, dt.date(year, 1, 1)).value)

    assert value("huurtoeslag.nmin.one", 2025) == Decimal("238.01") - Decimal("1.82")
    assert value("huurtoeslag.nmin.more", 2025) == Decimal("238.01") - Decimal("3.63")
    assert value("huurtoeslag.nref.one_aow", 2024) == Decimal("460.74") - Decimal("2.27")
    assert value("huurtoeslag.nref.more_aow", 2024) == Decimal("460.74") - Decimal("4.54")
    reduction = value("huurtoeslag.basishuur_reduction", 2024)
    assert value("huurtoeslag.nmin.one", 2024) - reduction == Decimal("192.00")
    # 2026 basishuur = normhuur 252,49 - 1,82 / 3,63 - 48,15 (art. 17 lid 2-3; Wet verlaging)
    cut = value("huurtoeslag.basishuur_reduction", 2026)
    assert value("huurtoeslag.basishuur.one", 2026) == Decimal("252.49") - Decimal("1.82") - cut
    assert value("huurtoeslag.basishuur.more", 2026) == Decimal("252.49") - Decimal("3.63") - cut


# --- zorgtoeslag --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "case",
    PUBLISHED["zorgtoeslag_examples"],
    ids=lambda c: f"{c['year']}-{'partner' if c['partner'] else 'single'}",
)
def test_zorgtoeslag_leaflet_examples_to_the_cent(
    parameters: Parameters, case: dict[str, Any]
) -> None:
    """E.g. 2026 single, 25.000: N = 1,912 % x 29.736 = 568,55 (income below D);
    2.119 - 568,55 = 1.550,45 -> 1.550 a year; 1.550 / 12 = 129,17 -> 129 a month.
    2024 partner not insured: N = 4,256 % x 26.819 + 13,67 % x (33.200 - 26.819)
    = 1.141,42 + 872,28 = 2.013,70; (2 x 1.987 - 2.013,70) x 50 % = 980,15 -> 980 -> 81."""
    result = zt(parameters, case["year"], case["income"], case["partner"], insured=case["insured"])
    assert result.known.tolist() == [True]
    assert result.normpremie[0] == cents(case["normpremie"])
    assert result.entitlement[0] == cents(case["annual"])
    annual = round(Decimal(case["annual"]))
    assert result.annual[0] == annual * 100
    assert result.monthly[0] == case["monthly"] * 100 == annual // 12 * 100


TABLE_ROWS = [
    (year, kind, income, monthly)
    for year, kinds in PUBLISHED["zorgtoeslag_table"].items()
    for kind, rows in kinds.items()
    for income, monthly in rows.items()
]


@pytest.mark.parametrize(("year", "kind", "income", "monthly"), TABLE_ROWS)
def test_zorgtoeslag_monthly_tables(
    parameters: Parameters, year: int, kind: str, income: int, monthly: int
) -> None:
    """Every transcribed row of the Belastingdienst's monthly tables. With the law text's
    drempelinkomen (29.735,424) the 2026 partner row at 44.500 would give 77, not 78."""
    assert zt(parameters, year, income, kind == "partner").monthly[0] == monthly * 100


LIMITS = [(year, partner) for year in YEARS for partner in (False, True)]


@pytest.mark.parametrize(("year", "partner"), LIMITS)
def test_zorgtoeslag_published_income_limits(
    parameters: Parameters, year: int, partner: bool
) -> None:
    """At the published limit the rounded amount is still 24 (about 23,5 -> 24); one euro more
    gives 23 < 24, so nothing (Awir art. 14 lid 4-5). One euro less gives 24 as well."""
    row = PUBLISHED["zorgtoeslag"][year]
    limit = row["limit_partner" if partner else "limit_single"]
    granted = [
        zt(parameters, year, income, partner).annual[0] for income in (limit - 1, limit, limit + 1)
    ]
    assert granted == [2400, 2400, 0]


@pytest.mark.parametrize(("year", "partner"), LIMITS)
def test_zorgtoeslag_vermogensgrens(parameters: Parameters, year: int, partner: bool) -> None:
    """'meer bedraagt dan': at the limit there is zorgtoeslag, one euro above none at all."""
    row = PUBLISHED["zorgtoeslag"][year]
    limit = row["vermogen_partner" if partner else "vermogen_single"]
    at = zt(parameters, year, 20000, partner, assets=limit)
    above = zt(parameters, year, 20000, partner, assets=limit + 1)
    assert at.annual[0] > 0
    assert (above.annual[0], above.monthly[0], above.entitlement[0]) == (0, 0, 0)


def test_zorgtoeslag_2027_is_not_known_and_says_why(parameters: Parameters) -> None:
    result = zt(parameters, 2027, 20000)
    assert result.known.tolist() == [False]
    assert result.status == "not_found"
    assert (result.annual[0], result.monthly[0]) == (0, 0)
    said = " ".join(result.notices)
    assert "standaardpremie for 2027 was not found" in said
    assert "drempelinkomen for 2027" in said
    assert "no figure is given" in said
    # The 2027 percentages exist but are provisional, and are named as such.
    assert "normpercentage_single is provisional" in said


def test_zorgtoeslag_carries_the_empirical_drempelinkomen(parameters: Parameters) -> None:
    result = zt(parameters, 2026, 20000)
    assert result.status == "empirical"
    assert any("drempelinkomen is empirical" in n for n in result.notices)
    assert "Z5" in result.references


# --- huurtoeslag --------------------------------------------------------------------------------


def test_huurtoeslag_2026_by_hand(parameters: Parameters) -> None:
    """Single, income 26.800, kale huur 576 (Berekening huurtoeslag 2026, steps 2-7):
    A = 498,20 - 202,52 = 295,68; B = 65 % x (576 - 498,20) = 50,57; C = 0;
    D = (26.800 - 23.425) x 27 % / 12 = 75,9375; 295,68 + 50,57 - 75,9375 = 270,3125 -> 270.
    Couple, same: A = 498,20 - 200,71 = 297,49; B = 50,57; income below 31.500, D = 0 -> 348."""
    single = ht(parameters, 2026, 26800, "576")
    couple = ht(parameters, 2026, 26800, "576", partner=True)
    assert (single.monthly[0], single.annual[0]) == (27000, 12 * 27000)
    assert couple.monthly[0] == 34800
    assert single.status == "final"


def test_huurtoeslag_2026_ijkpunt_and_rent_cap(parameters: Parameters) -> None:
    """At the ijkpunt no reduction; one euro above: 27 % / 12 = 0,0225 less per month.
    Rent 1.000 counts only up to the maximale huurgrens 932,93 (no longer a refusal):
    A 295,68 + B 65 % x (713,02 - 498,20) = 139,633 + C 40 % x (932,93 - 713,02) = 87,964
    = 523,277 -> 523 at an income below the ijkpunt."""
    at = ht(parameters, 2026, 23425, "576").monthly[0]
    assert at == 34600  # 295,68 + 50,57 = 346,25 -> 346
    assert ht(parameters, 2026, 23426, "576").monthly[0] == 34600  # 346,2275 -> 346
    assert ht(parameters, 2026, 23424, "576").monthly[0] == 34600
    assert ht(parameters, 2026, 20000, "1000").monthly[0] == 52300


def _normhuur_by_fraction(y: int, ymin: int, yref: int, nmin: str, nref: str) -> Fraction:
    """The art. 19 normhuur, exact: Y x quote, the quote linear in Y; rounded up to cents."""
    qmin = Fraction(Decimal(nmin)) / ymin
    qref = Fraction(Decimal(nref)) / yref
    a = (qref - qmin) / (yref - ymin)
    b = qmin - a * ymin
    return Fraction(ceil((a * y * y + b * y) * 100), 100)


@pytest.mark.parametrize(
    ("year", "partner", "aow", "ymin", "yref", "nmin", "nref", "cut"),
    [
        (2024, False, True, 22025, 30575, "224.85", "458.47", "34.67"),
        (2024, True, True, 29325, 39875, "223.04", "456.20", "34.67"),
        (2024, False, False, 20700, 30550, "226.67", "458.92", "34.67"),
        (2025, False, True, 22700, 32625, "236.19", "481.51", "37.14"),
    ],
)
def test_huurtoeslag_quadratic_years_at_the_minimum_income_point(
    parameters: Parameters,
    year: int,
    partner: bool,
    aow: bool,
    ymin: int,
    yref: int,
    nmin: str,
    nref: str,
    cut: str,
) -> None:
    """Up to Ymin the normhuur is Nmin; one euro above it follows a x Y^2 + b x Y, rounded up
    to cents; the toeslag is A + 65 % x B (rent 576 lies below the aftoppingsgrens), floored."""
    kkg = {2024: Fraction("454.47"), 2025: Fraction("477.20")}[year]
    for y in (ymin - 1, ymin, ymin + 1, yref):
        norm = (
            Fraction(Decimal(nmin))
            if y <= ymin
            else _normhuur_by_fraction(y, ymin, yref, nmin, nref)
        )
        basis = norm - Fraction(Decimal(cut))
        rent = Fraction(576)
        expected = floor(max(kkg - basis, 0) + Fraction(65, 100) * (rent - max(basis, kkg)))
        result = ht(parameters, year, y, "576", partner=partner, aow=aow)
        assert result.basishuur[0] == basis * 100
        assert result.monthly[0] == expected * 100, y
        assert result.status == "empirical"


def test_huurtoeslag_2025_hard_rent_limit(parameters: Parameters) -> None:
    """Until 2025 a rekenhuur above the maximale huurgrens (900,07) gives no huurtoeslag."""
    assert ht(parameters, 2025, 20000, "900.07").monthly[0] > 0
    assert ht(parameters, 2025, 20000, "900.08").monthly[0] == 0
    # servicekosten count (at most 48 a month) and can push the rekenhuur over the limit
    assert ht(parameters, 2025, 20000, "880.00", service="20.08").monthly[0] == 0


def test_huurtoeslag_2024_couple_below_aow_age_gets_nothing_above_the_aftoppingsgrens(
    parameters: Parameters,
) -> None:
    """Wht 2024 art. 21 lid 1 onder c: 40 % above 650,43 only for one-person or AOW households."""
    young = ht(parameters, 2024, 20000, "800", partner=True, aow=False).monthly[0]
    old = ht(parameters, 2024, 20000, "800", partner=True, aow=True).monthly[0]
    # basishuur young couple = 226,67 - 34,67 = 192,00: 454,47 - 192 + 65 % x 195,96 = 389,844
    assert young == 38900
    assert old > young


@pytest.mark.parametrize(("year", "limit"), [(2024, 36952), (2025, 37395), (2026, 38479)])
def test_huurtoeslag_vermogensgrens(parameters: Parameters, year: int, limit: int) -> None:
    assert ht(parameters, year, 20000, "576", assets=limit).monthly[0] > 0
    assert ht(parameters, year, 20000, "576", assets=limit + 1).annual[0] == 0
    if year == 2025:
        return  # the 2025 couple figures were not found (see the next test)
    assert ht(parameters, year, 20000, "576", partner=True, assets=2 * limit).monthly[0] > 0
    assert ht(parameters, year, 20000, "576", partner=True, assets=2 * limit + 1).monthly[0] == 0


def test_huurtoeslag_2025_couple_is_not_known(parameters: Parameters) -> None:
    """The 2025 minimum-inkomensijkpunt for two persons was not found: no figure for couples,
    while singles in the same call are computed."""
    result = huurtoeslag(
        parameters,
        2025,
        income=np.array([2000000, 2000000]),
        partner=np.array([False, True]),
        rent=57600,
    )
    assert result.known.tolist() == [True, False]
    assert result.monthly[1] == 0 and result.monthly[0] > 0
    assert any(
        "2025 minimum-inkomensijkpunt for two or more persons was not found" in n
        for n in result.notices
    )


def test_huurtoeslag_2027_and_co_residents_are_not_known(parameters: Parameters) -> None:
    result = ht(parameters, 2027, 20000, "576")
    assert result.known.tolist() == [False]
    assert any("2027 basishuur was not found" in n for n in result.notices)
    mixed = huurtoeslag(
        parameters,
        2026,
        income=np.array([2000000, 2000000]),
        partner=False,
        rent=57600,
        other_members=np.array([0, 1]),
    )
    assert mixed.known.tolist() == [True, False]
    assert any("without children or co-residents" in n for n in mixed.notices)
    # No rent: no huurtoeslag, known even in 2027.
    assert ht(parameters, 2027, 20000, "0").known.tolist() == [True]


def test_normhuur_stays_exact_up_to_the_income_cap(parameters: Parameters) -> None:
    """Above the cap the quadratic normhuur is far above any maximale huurgrens, so the
    toeslag is nil there; below it the int64 arithmetic equals the exact fraction."""
    for year, partner, aow in (
        (2024, False, True),
        (2024, True, True),
        (2024, False, False),
        (2024, True, False),
        (2025, False, True),
    ):
        at_cap = ht(parameters, year, NORMHUUR_INCOME_CAP, "879.66", partner=partner, aow=aow)
        assert at_cap.basishuur[0] > 100_000  # more than 1.000 a month
        assert (
            ht(
                parameters, year, 10 * NORMHUUR_INCOME_CAP, "879.66", partner=partner, aow=aow
            ).monthly[0]
            == 0
        )


# --- box 3 --------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", PUBLISHED["box3_examples_2025"], ids=lambda c: c["name"])
def test_box3_belastingdienst_examples_2025(parameters: Parameters, case: dict[str, Any]) -> None:
    """E.g. example 3: debts 100.000 - 3.800 = 96.200; 150.000 x 1,37 % = 2.055 +
    275.000 x 5,88 % = 16.170 - 96.200 x 2,70 % = 2.597,40 -> 2.597: 15.628; grondslag
    425.000 - 96.200 - 57.684 = 271.116; share 271.116 / 328.800 = 82,456 % -> 82,45 %;
    voordeel 15.628 x 82,45 % = 12.885,28 -> 12.885; tax 36 % = 4.638,60 -> 4.638."""
    result = box3(
        parameters,
        2025,
        bank=one(case["bank"] * 100),
        other=one(case["other"] * 100),
        debts=one(case["debts"] * 100),
        partner=one(case["partner"]),
    )
    persons = 2 if case["partner"] else 1
    assert result.rendement[0] == case["rendement"]
    assert result.grondslag[0] == case["grondslag"]
    assert result.share[0, :persons].tolist() == [cents(case["share"])] * persons
    assert result.voordeel[0, :persons].tolist() == [case["voordeel"]] * persons
    assert result.tax_person[0, :persons].tolist() == [case["tax"]] * persons
    assert result.tax[0] == persons * case["tax"] * 100
    assert result.income[0] == persons * case["voordeel"] * 100
    assert result.status == "final"


def test_box3_partner_allocation_and_provisional_2026(parameters: Parameters) -> None:
    """2026, partners, 200.000 savings, all of the grondslag to the first partner:
    rendement floor(200.000 x 1,28 %) = 2.560; grondslag 200.000 - 118.714 = 81.286;
    share 81.286 / 200.000 = 40,643 % -> 40,64 %; voordeel 2.560 x 40,64 % = 1.040,38 -> 1.040;
    tax 36 % = 374,40 -> 374; the partner nothing."""
    result = box3(
        parameters, 2026, bank=one(20_000_000), partner=one(True), share_first=one(100_000)
    )
    assert result.grondslag[0] == 81286
    assert result.share[0].tolist() == [4064, 0]
    assert result.voordeel[0].tolist() == [1040, 0]
    assert result.tax_person[0].tolist() == [374, 0]
    assert result.status == "provisional"
    assert any("rate_bank is provisional" in n for n in result.notices)


def test_box3_2027_is_not_known(parameters: Parameters) -> None:
    result = box3(parameters, 2027, bank=one(20_000_000))
    assert result.known.tolist() == [False]
    assert result.tax[0] == 0
    assert any("heffingsvrij vermogen is a proposal" in n for n in result.notices)


# --- vectorised equals element-wise -------------------------------------------------------------


def test_vectorised_equals_element_wise(parameters: Parameters) -> None:
    rng = np.random.default_rng(17)
    n = 300
    income = rng.integers(0, 6_000_000, n)
    partner = rng.random(n) < 0.5
    aow = rng.random(n) < 0.7
    rent = rng.integers(0, 110_000, n)
    assets = rng.integers(0, 20_000_000, n)
    bank = rng.integers(0, 30_000_000, n)
    debts = rng.integers(0, 2_000_000, n)
    for year in (2024, 2025, 2026):
        zt_all = zorgtoeslag(parameters, year, income=income, partner=partner, assets=assets)
        ht_all = huurtoeslag(
            parameters,
            year,
            income=income,
            partner=partner,
            rent=rent,
            assets=assets,
            aow_household=aow,
        )
        b3_all = box3(parameters, year, bank=bank, debts=debts, partner=partner)
        for i in range(0, n, 7):
            z = zorgtoeslag(
                parameters,
                year,
                income=income[i : i + 1],
                partner=partner[i : i + 1],
                assets=assets[i : i + 1],
            )
            h = huurtoeslag(
                parameters,
                year,
                income=income[i : i + 1],
                partner=partner[i : i + 1],
                rent=rent[i : i + 1],
                assets=assets[i : i + 1],
                aow_household=aow[i : i + 1],
            )
            b = box3(
                parameters,
                year,
                bank=bank[i : i + 1],
                debts=debts[i : i + 1],
                partner=partner[i : i + 1],
            )
            assert (z.annual[0], z.monthly[0]) == (zt_all.annual[i], zt_all.monthly[i])
            assert (h.known[0], h.monthly[0]) == (ht_all.known[i], ht_all.monthly[i])
            assert b.tax_person[0].tolist() == b3_all.tax_person[i].tolist()


# --- disposable income: Kamerstuk 36154 ----------------------------------------------------------


def test_disposable_follows_kamerstuk_36154(parameters: Parameters, book: RulesBook) -> None:
    """Single AOW recipient, full AOW 2024 (6 x (1.541,53 + 76,20) + 6 x (1.569,75 + 78,34)
    = 19.594,92, row 1: 19.600), rent 576, health costs 2.100 as in row 8.

    The pension after a lump sum is the pension x (1 - share taken); the lump sum is the
    printed (rounded) row 3. Rows 7, 9 and 11 are each rounded to hundreds: within 50.
    Rows 10 and 12 add two rounded rows: within 100 (the document's row 8 itself lies between
    about 2.050 and 2.080 by its own totals, disposable-income.md §5)."""
    cases = PUBLISHED["kamerstuk_36154"]
    n = len(cases)
    aow = 6 * (154153 + 7620) + 6 * (156975 + 7834)
    pension = np.array(
        [
            round(Decimal(c["pension"] * 12 * 100) * (1 - Decimal(c["taken"]))) + c["lump"] * 100
            for c in cases
        ],
        dtype=np.int64,
    )
    net = annual_net(
        book.year(2024),
        aow=np.full(n, aow),
        pension=pension,
        wage=np.zeros(n, np.int64),
        group=np.full(n, GROUP_AOW_1946_OR_LATER),
        transition_month=np.zeros(n, np.int64),
        single_aow=np.ones(n, bool),
    )
    result = disposable_income(
        parameters,
        2024,
        net_annual=net.net_annual,
        income=net.gross,
        partner=False,
        rent=57600,
        health=np.array([c["health"] * 100 for c in cases]),
        aow_household=True,
    )
    assert result.known.all()
    for i, case in enumerate(cases):
        where = f"table {case['table']}, {case['column']}"
        assert abs(net.net_annual[i] / 100 - case["net"]) <= 50, where
        assert abs(result.zorgtoeslag[i] / 100 - case["zt"]) <= 50, where
        assert abs(result.huurtoeslag[i] / 100 - case["ht"]) <= 50, where
        without_ht = result.disposable_annual[i] - result.huurtoeslag[i]
        assert abs(without_ht / 100 - case["disposable"]) <= 100, where
        assert abs(result.disposable_annual[i] / 100 - case["with_ht"]) <= 100, where
    # The 10 % lump sum of table 1 wipes out both toeslagen in its year.
    assert (result.zorgtoeslag[1], result.huurtoeslag[1]) == (0, 0)
    assert result.status == "empirical"


def test_disposable_sums_its_parts_and_box3_raises_the_toetsingsinkomen(
    parameters: Parameters,
) -> None:
    """2026 single, net 24.000, box 1 income 27.000, 100.000 savings, rent 576:
    box 3: floor(100.000 x 1,28 %) = 1.280; grondslag 40.643; share 40,64 %; voordeel 520;
    tax 187. The toetsingsinkomen is 27.520. Health costs assumed: 1.879 + 385 = 2.264.
    The rendementsgrondslag of 100.000 is above the huurtoeslag's Awir limit (38.479): no
    huurtoeslag; below the zorgtoeslag limit (146.011): zorgtoeslag on 27.520."""
    result = disposable_income(
        parameters,
        2026,
        net_annual=one(2_400_000),
        income=one(2_700_000),
        partner=False,
        rent=57600,
        bank=10_000_000,
    )
    zt_, ht_, b3, health = result.parts
    assert b3.tax[0] == 18700 and b3.income[0] == 52000
    assert result.toetsingsinkomen[0] == 2_752_000
    assert health is not None and result.health_costs[0] == 226400
    assert result.zorgtoeslag[0] == zt(parameters, 2026, 27520).annual[0]
    assert ht(parameters, 2026, 27520, "576").annual[0] > 0
    assert result.huurtoeslag[0] == ht(parameters, 2026, 27520, "576", assets=100_000).annual[0]
    assert result.huurtoeslag[0] == 0 and result.zorgtoeslag[0] > 0
    assert result.disposable_annual[0] == (
        2_400_000 - 226400 + result.zorgtoeslag[0] + result.huurtoeslag[0] - 18700
    )
    assert result.disposable_monthly[0] == (result.disposable_annual[0] * 2 + 12) // 24
    assert result.status == "empirical"  # the zorgtoeslag's drempelinkomen
    assert any("rate_bank is provisional" in n for n in result.notices)
    assert any("health costs are an assumption" in n for n in result.notices)


def test_disposable_2027_is_not_known(parameters: Parameters) -> None:
    result = disposable_income(
        parameters, 2027, net_annual=one(2_400_000), income=one(2_700_000), partner=False
    )
    assert result.known.tolist() == [False]
    assert result.disposable_annual[0] == 0 and result.disposable_monthly[0] == 0
    assert any("not known, no figure is given" in n for n in result.notices)


def test_health_cost_assumption_per_adult(parameters: Parameters) -> None:
    """2024: 1.788 + 385 = 2.173 per adult, an estimate; a couple twice that."""
    result = health_costs(parameters, 2024, np.array([1, 2]))
    assert result.annual.tolist() == [217300, 434600]
    assert result.status == "estimate"


def test_trace_explains_each_step_with_its_figures(parameters: Parameters) -> None:
    """The Explain page reads the steps back per household, with status and sources."""
    trace = Trace()
    disposable_income(
        parameters,
        2026,
        net_annual=np.array([2_400_000, 3_000_000]),
        income=np.array([2_680_000, 3_400_000]),
        partner=False,
        rent=57600,
        trace=trace,
    )
    steps = trace.explain(0, parameters)
    assert [s["rule"] for s in steps] == [
        "box 3",
        "zorgtoeslag: normpremie",
        "zorgtoeslag per year",
        "huurtoeslag",
        "disposable income",
    ]
    huur = steps[3]
    assert huur["outputs"]["monthly"] == 27000  # the 2026 hand computation above
    cited = {p["name"]: p for p in steps[2]["parameters"]}
    assert cited["zorgtoeslag.drempelinkomen"]["status"] == "empirical"
    assert cited["zorgtoeslag.standaardpremie"]["value"] == "2119"
    assert steps[4]["parameters"][0]["status"] == "estimate"
    assert trace.explain(1)[4]["outputs"]["disposable_annual"] > 0
