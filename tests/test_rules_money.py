"""The legal rounding steps in pensioenchecker.money, each at its boundary."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

from pensioenchecker.errors import InputError
from pensioenchecker.money import (
    ceil_div,
    cents_times_rate_floor,
    cents_to_whole_euros_down,
    euros_from_decimal,
    floor_div,
    format_euros,
    half_up_div,
    parse_euros,
    rate_from_decimal,
    round_down_to_step,
)


def test_floor_and_ceil_are_exact_on_both_sides_of_zero() -> None:
    values = np.array([-7, -6, -5, -1, 0, 1, 5, 6, 7], dtype=np.int64)
    assert floor_div(values, 6).tolist() == [-2, -1, -1, -1, 0, 0, 0, 1, 1]
    assert ceil_div(values, 6).tolist() == [-1, -1, 0, 0, 0, 1, 1, 1, 2]


def test_half_up() -> None:
    # x / 12, half away from zero (non-negative x): 6/12 = 0,5 -> 1, 18/12 = 1,5 -> 2
    assert half_up_div(np.array([0, 5, 6, 7, 11, 12, 18]), 12).tolist() == [0, 0, 1, 1, 1, 1, 2]
    assert half_up_div(np.array([5428 * 100]), 12)[0] == 45233  # 5.428 / 12 = 452,333 -> 452,33


def test_rates_and_whole_euros() -> None:
    # floor(1.637,57 x 4,85 %) = floor(79,422145) = 79,42
    assert cents_times_rate_floor(np.array([163757]), 4850)[0] == 7942
    assert cents_to_whole_euros_down(np.array([4519244, 99, 100])).tolist() == [45192, 0, 1]


def test_table_step() -> None:
    gross = np.array([0, 449, 450, 400499, 400500])
    assert round_down_to_step(gross, 450).tolist() == [0, 0, 450, 400050, 400500]


def test_exact_conversions_refuse_what_does_not_fit() -> None:
    assert rate_from_decimal(Decimal("0.3582")) == 35820
    assert rate_from_decimal(Decimal("0.06337")) == 6337
    with pytest.raises(ValueError, match="five decimals"):
        rate_from_decimal(Decimal("0.063371"))
    assert euros_from_decimal(Decimal("1637.57")) == 163757
    with pytest.raises(ValueError, match="fractions of a cent"):
        euros_from_decimal(Decimal("1637.575"))


@pytest.mark.parametrize(
    ("text", "cents"),
    [("1234", 123400), ("1234.5", 123450), ("1234.56", 123456), (" 0.01 ", 1), ("0", 0)],
)
def test_parse_euros(text: str, cents: int) -> None:
    assert parse_euros(text) == cents


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("1234,56", "comma"),
        ("abc", "not a number"),
        ("-5", "negative"),
        ("1.234", "more than two"),
        ("nan", "not a number"),
        ("1e14", "implausibly"),
    ],
)
def test_parse_euros_refuses(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as caught:
        parse_euros(text, what="pension")
    assert "pension" in str(caught.value)


def test_format_euros() -> None:
    assert format_euros(123456) == "€ 1.234,56"
    assert format_euros(123456, dutch=False) == "1,234.56"
    assert format_euros(-5) == "€ -0,05"
    assert format_euros(123450, decimals=False) == "€ 1.235"  # 1.234,50 half up
