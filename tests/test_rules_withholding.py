"""Monthly withholding against the official Witte Maandloon-tabel 2026 and hand computations.

Published rows: tests/fixtures/published/wit_mnd_nl_std_20260101.yaml (Belastingdienst,
wit_mnd_nl_std_20260101; S22). Method (nl-rules.md §7, Rekenvoorschriften 2026): table wage =
gross down to a multiple of 4,50; L = 12 x table wage; tax per bracket floor(part x rate); with
loonheffingskorting minus AHK(L), OK(L) [, AOK], arbeidskorting on the white table, each
tapering credit rounded up to euros; floor at 0; / 12 half up to cents. Zvw (green table only):
gross x rate, down to the cent, on at most the monthly maximum.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml

from pensioenchecker.money import half_up_div
from pensioenchecker.rules.trace import Trace
from pensioenchecker.rules.withholding import Withholding, monthly_withholding
from pensioenchecker.rules.year import (
    GROUP_AOW_1946_OR_LATER,
    GROUP_AOW_BEFORE_1946,
    GROUP_BELOW_AOW,
    RulesBook,
    YearRules,
)

PUBLISHED = Path(__file__).parent / "fixtures" / "published"
TABLE = yaml.safe_load((PUBLISHED / "wit_mnd_nl_std_20260101.yaml").read_text(encoding="utf-8"))
ROWS = TABLE["rows"]


def cents(text: str) -> int:
    scaled = Decimal(text) * 100
    assert scaled == scaled.to_integral_value(), text
    return int(scaled)


def withhold(
    rules: YearRules,
    gross: list[int] | int,
    group: int,
    *,
    lhk: bool,
    aok: bool = False,
    white: bool,
) -> Withholding:
    """One call of the rule for one or more payments that share group and flags."""
    amounts = np.atleast_1d(np.asarray(gross, dtype=np.int64))
    n = len(amounts)
    return monthly_withholding(
        rules,
        amounts,
        np.full(n, group, dtype=np.int64),
        np.full(n, lhk),
        np.full(n, aok),
        np.full(n, white),
    )


@pytest.fixture(scope="module")
def rules_2026(book: RulesBook) -> YearRules:
    return book.year(TABLE["year"])


def verrekende_arbeidskorting(result: Withholding) -> np.ndarray:
    """Arbeidskorting actually offset per month: the credit, at most the tax left after AHK and OK.

    The table's column "verrekende arbeidskorting" is what is offset, not the entitlement: at
    2.700,00 at AOW age the entitlement is 2.711 but only 5.783 - 1.471 - 2.067 = 2.245 of tax is
    left (2.245 / 12 = 187,08, the published figure).
    """
    room = np.maximum(
        result.tax_without_credits - result.algemene_heffingskorting - result.ouderenkorting, 0
    )
    return half_up_div(np.minimum(result.arbeidskorting, room) * 100, 12)


ROW_IDS = [row["table_wage"] for row in ROWS]


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_white_table_below_aow_age(rules_2026: YearRules, row: dict[str, Any]) -> None:
    gross = cents(row["table_wage"])
    expected = row["below_aow"]
    without = withhold(rules_2026, gross, GROUP_BELOW_AOW, lhk=False, white=True)
    with_lhk = withhold(rules_2026, gross, GROUP_BELOW_AOW, lhk=True, white=True)
    assert without.table_wage[0] == gross
    assert without.loonheffing[0] == cents(expected["zonder"])
    assert with_lhk.loonheffing[0] == cents(expected["met"])
    assert verrekende_arbeidskorting(with_lhk)[0] == cents(expected["ak"])
    # White table: the employer pays the Zvw levy; nothing is withheld for it.
    assert without.zvw[0] == with_lhk.zvw[0] == 0
    assert with_lhk.net[0] == gross - cents(expected["met"])


@pytest.mark.parametrize("row", ROWS, ids=ROW_IDS)
def test_white_table_aow_age_born_1946_or_later(rules_2026: YearRules, row: dict[str, Any]) -> None:
    gross = cents(row["table_wage"])
    expected = row["aow_age"]
    group = GROUP_AOW_1946_OR_LATER
    without = withhold(rules_2026, gross, group, lhk=False, white=True)
    excl_aok = withhold(rules_2026, gross, group, lhk=True, aok=False, white=True)
    incl_aok = withhold(rules_2026, gross, group, lhk=True, aok=True, white=True)
    assert without.loonheffing[0] == cents(expected["zonder"])
    assert excl_aok.loonheffing[0] == cents(expected["met_excl_aok"])
    assert incl_aok.loonheffing[0] == cents(expected["met_incl_aok"])
    assert verrekende_arbeidskorting(excl_aok)[0] == cents(expected["ak"])
    # AOK is 540 a year at AOW age (S20/S22): 45,00 a month less wherever there is tax left.
    assert incl_aok.alleenstaande_ouderenkorting[0] == 540
    assert excl_aok.alleenstaande_ouderenkorting[0] == 0


def test_white_table_rows_in_one_vectorised_call(rules_2026: YearRules) -> None:
    """Mixed groups and flags in one call give the same answers as one call per payment."""
    gross = np.array([cents(r["table_wage"]) for r in ROWS] * 2, dtype=np.int64)
    n = len(ROWS)
    group = np.array([GROUP_BELOW_AOW] * n + [GROUP_AOW_1946_OR_LATER] * n, dtype=np.int64)
    lhk = np.array([True, False] * n)
    aok = np.array([True] * (2 * n))
    result = monthly_withholding(rules_2026, gross, group, lhk, aok, np.full(2 * n, True))
    expected = []
    for i, row in enumerate(ROWS * 2):
        columns = row["below_aow"] if i < n else row["aow_age"]
        key = ("met" if i < n else "met_incl_aok") if lhk[i] else "zonder"
        expected.append(cents(columns[key]))
    assert result.loonheffing.tolist() == expected


def test_arbeidskorting_entitlement_on_the_annual_table_wage(rules_2026: YearRules) -> None:
    """The full credit from the published 2026 table (Tabel arbeidskorting 2026, S20/S22).

    L = 12 x 2.700,00 = 32.400: below AOW age 5.300 + 1,950 % x (32.400 - 25.845) = 5.427,82
    -> 5.428; at AOW age 2.647 + 0,974 % x 6.555 = 2.710,85 -> 2.711. L = 12 x 4.000,50 =
    48.006: 5.685 - 6,510 % x (48.006 - 45.592) = 5.527,85 -> 5.528 and 2.840 - 3,250 % x 2.414
    = 2.761,55 -> 2.762 (rounded up, S22).
    """
    below = withhold(rules_2026, [270000, 400050], GROUP_BELOW_AOW, lhk=True, white=True)
    at_aow = withhold(rules_2026, [270000, 400050], GROUP_AOW_1946_OR_LATER, lhk=True, white=True)
    assert below.annual_wage.tolist() == [32400, 48006]
    assert below.arbeidskorting.tolist() == [5428, 5528]
    assert at_aow.arbeidskorting.tolist() == [2711, 2762]


def test_table_steps_of_4_50(rules_2026: YearRules) -> None:
    """4.004,99 falls in the 4.000,50 row; 4.005,00 starts the next one.

    Next row, below AOW age, without loonheffingskorting: L = 12 x 4.005,00 = 48.060;
    floor(38.883 x 35,75 %) = floor(13.900,67) = 13.900; floor((48.060 - 38.883) x 37,56 %) =
    floor(9.177 x 37,56 %) = floor(3.446,88) = 3.446; (13.900 + 3.446) / 12 = 1.445,50.
    """
    row = next(r for r in ROWS if r["table_wage"] == "4000.50")
    for group, columns, keys in (
        (GROUP_BELOW_AOW, row["below_aow"], (("zonder", False, False), ("met", True, False))),
        (
            GROUP_AOW_1946_OR_LATER,
            row["aow_age"],
            (("zonder", False, False), ("met_excl_aok", True, False), ("met_incl_aok", True, True)),
        ),
    ):
        for key, lhk, aok in keys:
            result = withhold(rules_2026, [400050, 400499], group, lhk=lhk, aok=aok, white=True)
            assert result.table_wage.tolist() == [400050, 400050]
            assert result.loonheffing.tolist() == [cents(columns[key])] * 2
    next_row = withhold(rules_2026, 400500, GROUP_BELOW_AOW, lhk=False, white=True)
    assert next_row.table_wage[0] == 400500
    assert next_row.annual_wage[0] == 48060
    assert next_row.tax_without_credits[0] == 13900 + 3446
    assert next_row.loonheffing[0] == 144550


def test_table_wage_is_gross_down_to_the_step(rules_2026: YearRules) -> None:
    gross = np.arange(0, 2_000_000, 997, dtype=np.int64)
    result = withhold(rules_2026, gross.tolist(), GROUP_BELOW_AOW, lhk=False, white=True)
    assert (result.table_wage % 450 == 0).all()
    assert (result.table_wage <= gross).all()
    assert (gross - result.table_wage < 450).all()
    assert (result.annual_wage * 100 == result.table_wage * 12).all()


def test_born_before_1946_has_the_wider_first_bracket(rules_2026: YearRules) -> None:
    """4.000,50, no loonheffingskorting, born before 1946 (bracket 1 to 41.123, S21/S22).

    L = 48.006: floor(41.123 x 17,85 %) = floor(7.340,46) = 7.340; floor((48.006 - 41.123) x
    37,56 %) = floor(6.883 x 37,56 %) = floor(2.585,25) = 2.585; (7.340 + 2.585) / 12 = 827,08.
    Born 1946 or later (table row 863,83): floor(38.883 x 17,85 %) = 6.940 and
    floor(9.123 x 37,56 %) = 3.426 -> 10.366 / 12 = 863,83.
    """
    before_1946 = withhold(rules_2026, 400050, GROUP_AOW_BEFORE_1946, lhk=False, white=False)
    assert before_1946.tax_without_credits[0] == 7340 + 2585
    assert before_1946.loonheffing[0] == 82708
    later = withhold(rules_2026, 400050, GROUP_AOW_1946_OR_LATER, lhk=False, white=False)
    assert later.tax_without_credits[0] == 6940 + 3426


# --- green table: pension and AOW ---------------------------------------------------------------


def test_green_table_has_no_arbeidskorting(rules_2026: YearRules) -> None:
    """Pension of 2.000,00 at AOW age with loonheffingskorting, 2026.

    Table wage 1.998,00 (444 x 4,50); L = 23.976; floor(23.976 x 17,85 %) = floor(4.279,72) =
    4.279; AHK 1.556 (L below 29.736) and OK 2.067 (L below 46.002): 4.279 - 3.623 = 656;
    656 / 12 = 54,666.. -> 54,67. Zvw floor(2.000,00 x 4,85 %) = 97,00. Net 2.000,00 - 54,67 -
    97,00 = 1.848,33. The white table would offset arbeidskorting 498 + 15,483 % x (23.976 -
    11.965) = 2.357,66 -> 2.358 > 656, so nothing would be withheld there.
    """
    green = withhold(rules_2026, 200000, GROUP_AOW_1946_OR_LATER, lhk=True, white=False)
    assert green.table_wage[0] == 199800
    assert green.tax_without_credits[0] == 4279
    assert (green.algemene_heffingskorting[0], green.ouderenkorting[0]) == (1556, 2067)
    assert green.arbeidskorting[0] == 0
    assert green.loonheffing[0] == 5467
    assert green.zvw[0] == 9700
    assert green.net[0] == 184833
    white = withhold(rules_2026, 200000, GROUP_AOW_1946_OR_LATER, lhk=True, white=True)
    assert white.arbeidskorting[0] == 2358
    assert white.loonheffing[0] == 0
    assert white.zvw[0] == 0


@pytest.mark.parametrize(
    ("gross", "zvw"),
    [
        (100, 4),  # 1,00 x 4,85 % = 0,0485 -> 0,04 (down)
        (163757, 7942),  # 1.637,57 x 4,85 % = 79,422 -> 79,42
        (112212, 5442),  # 1.122,12 x 4,85 % = 54,423 -> 54,42
        (600000, 29100),  # 6.000,00 x 4,85 % = 291,00
        (661741, 32094),  # at the monthly maximum 6.617,41: 320,944 -> 320,94
        (661742, 32094),  # one cent above: capped at 6.617,41
        (1000000, 32094),  # 10.000,00: capped
    ],
)
def test_green_table_zvw_down_to_the_cent_with_monthly_maximum(
    rules_2026: YearRules, gross: int, zvw: int
) -> None:
    """Zvw 2026: 4,85 % of the gross, rounded down, on at most 79.409 / 12 = 6.617,41 (S22)."""
    assert rules_2026.zvw_max_monthly == 661741
    result = withhold(rules_2026, gross, GROUP_AOW_1946_OR_LATER, lhk=True, white=False)
    assert result.zvw[0] == zvw


def test_full_single_aow_2026_with_lhk_and_aok_withholds_no_loonheffing(
    rules_2026: YearRules,
) -> None:
    """Full single AOW 2026: 1.637,57 gross (S12/S17), nl-rules §7: "SVB withholds €0 LH".

    Table wage 1.633,50 (363 x 4,50); L = 19.602; floor(19.602 x 17,85 %) = floor(3.498,96) =
    3.498 < AHK 1.556 + OK 2.067 (+ AOK 540) -> 0,00. Zvw floor(1.637,57 x 4,85 %) = 79,42.
    Without loonheffingskorting: 3.498 / 12 = 291,50.
    """
    gross = 163757
    with_aok = withhold(rules_2026, gross, GROUP_AOW_1946_OR_LATER, lhk=True, aok=True, white=False)
    assert with_aok.table_wage[0] == 163350
    assert with_aok.annual_wage[0] == 19602
    assert with_aok.tax_without_credits[0] == 3498
    assert with_aok.loonheffing[0] == 0
    assert with_aok.zvw[0] == 7942
    assert with_aok.net[0] == 163757 - 7942  # 1.558,15
    without_aok = withhold(rules_2026, gross, GROUP_AOW_1946_OR_LATER, lhk=True, white=False)
    assert without_aok.loonheffing[0] == 0
    no_lhk = withhold(rules_2026, gross, GROUP_AOW_1946_OR_LATER, lhk=False, white=False)
    assert no_lhk.loonheffing[0] == 29150
    assert no_lhk.algemene_heffingskorting[0] == no_lhk.ouderenkorting[0] == 0


def test_couple_aow_2026(rules_2026: YearRules) -> None:
    """Couple AOW 2026: 1.122,12 (S17/S19). Table wage 1.120,50 (249 x 4,50); L = 13.446;
    floor(13.446 x 17,85 %) = floor(2.400,11) = 2.400 -> with LHK 0,00; without 200,00.
    """
    with_lhk = withhold(rules_2026, 112212, GROUP_AOW_1946_OR_LATER, lhk=True, white=False)
    assert with_lhk.loonheffing[0] == 0
    assert with_lhk.zvw[0] == 5442
    no_lhk = withhold(rules_2026, 112212, GROUP_AOW_1946_OR_LATER, lhk=False, white=False)
    assert no_lhk.tax_without_credits[0] == 2400
    assert no_lhk.loonheffing[0] == 20000


def test_full_single_aow_2025(book: RulesBook) -> None:
    """January 2025, 1.580,92 (S11): table wage 1.579,50 (351 x 4,50); L = 18.954;
    floor(18.954 x 17,92 %) = floor(3.396,56) = 3.396 < 1.536 + 2.035 -> 0,00.
    Zvw 2025: floor(1.580,92 x 5,26 %) = floor(83,156) = 83,15.
    """
    result = withhold(
        book.year(2025), 158092, GROUP_AOW_1946_OR_LATER, lhk=True, aok=True, white=False
    )
    assert result.tax_without_credits[0] == 3396
    assert result.loonheffing[0] == 0
    assert result.zvw[0] == 8315


def test_credits_never_make_withholding_negative(rules_2026: YearRules) -> None:
    gross = np.arange(0, 300000, 1234, dtype=np.int64).tolist()
    for group in (GROUP_BELOW_AOW, GROUP_AOW_1946_OR_LATER, GROUP_AOW_BEFORE_1946):
        for white in (True, False):
            result = withhold(rules_2026, gross, group, lhk=True, aok=True, white=white)
            assert (result.loonheffing >= 0).all()
            without = withhold(rules_2026, gross, group, lhk=False, white=white)
            assert (result.loonheffing <= without.loonheffing).all()


def test_missing_work_credit_is_reported(book: RulesBook) -> None:
    """The 2025 arbeidskorting at AOW age was NOT FOUND (nl-rules §5): say so, do not guess."""
    result = withhold(book.year(2025), 300000, GROUP_AOW_1946_OR_LATER, lhk=True, white=True)
    assert result.arbeidskorting[0] == 0
    assert any("arbeidskorting at AOW age in 2025 was not found" in n for n in result.notices)
    green = withhold(book.year(2025), 300000, GROUP_AOW_1946_OR_LATER, lhk=True, white=False)
    assert green.notices == ()


def test_trace_records_the_withholding(rules_2026: YearRules) -> None:
    trace = Trace()
    monthly_withholding(
        rules_2026,
        np.array([163757]),
        np.array([GROUP_AOW_1946_OR_LATER]),
        np.array([True]),
        np.array([True]),
        np.array([False]),
        trace=trace,
    )
    (step,) = trace.explain(0)
    assert step["outputs"]["loonheffing"] == 0
    assert step["outputs"]["zvw"] == 7942
    assert step["outputs"]["annual_table_wage_euros"] == 19602
    assert {p["name"] for p in step["parameters"]} >= {"zvw.rate", "credits.ouderenkorting"}
