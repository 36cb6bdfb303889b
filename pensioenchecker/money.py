"""Exact money: integer euro-cents and exact rates, and the legal rounding steps.

Inside the rules every amount is an int64 number of cents (or whole euros where the law works in
whole euros) and every rate an integer number of 1/100 000ths. Each rounding step the law knows
is written once here, so it can be tested at every boundary.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

import numpy as np
import numpy.typing as npt

from pensioenchecker.masking import shown_value

IntArray = npt.NDArray[np.int64]

RATE_SCALE: Final = 100_000
"""Rates are integers per 100 000: 17,92 % is 17 920."""

CENTS: Final = 100


def floor_div(numerator: IntArray | int, denominator: int) -> IntArray:
    """Round a quotient down (towards minus infinity), exactly, for integer arrays."""
    return np.floor_divide(np.asarray(numerator, dtype=np.int64), denominator)


def ceil_div(numerator: IntArray | int, denominator: int) -> IntArray:
    """Round a quotient up (towards plus infinity), exactly."""
    return -np.floor_divide(-np.asarray(numerator, dtype=np.int64), denominator)


def half_up_div(numerator: IntArray | int, denominator: int) -> IntArray:
    """Round a quotient half away from zero for non-negative numbers (commercial rounding)."""
    num = np.asarray(numerator, dtype=np.int64)
    return np.floor_divide(2 * num + denominator, 2 * denominator)


INT64_MAX: Final = 2**63 - 1


def checked_product(cents: IntArray | int, factor: IntArray | int) -> IntArray:
    """``cents * factor`` in int64, refusing (OverflowError) rather than wrapping around.

    numpy's integer arithmetic wraps silently. The model bounds every amount far below this
    (``model.bounds``); the check is the guard for anything that got past it.
    """
    left = np.asarray(cents, dtype=np.int64)
    right = np.asarray(factor, dtype=np.int64)
    if left.size and right.size:
        largest = int(np.abs(left).max()) * int(np.abs(right).max())  # Python ints: exact
        if largest > INT64_MAX:
            raise OverflowError("an amount is too large for exact arithmetic")
    return left * right


def cents_times_rate_floor(cents: IntArray, rate: IntArray | int) -> IntArray:
    """Cents x rate, rounded down to the cent (the Zvw contribution)."""
    return floor_div(checked_product(cents, rate), RATE_SCALE)


def cents_to_whole_euros_down(cents: IntArray) -> IntArray:
    """Taxable income is taken in whole euros, rounded down."""
    return floor_div(cents, CENTS)


def round_down_to_step(cents: IntArray, step_cents: int) -> IntArray:
    """Round an amount down to a multiple of a table step (the 4,50 monthly step)."""
    return floor_div(cents, step_cents) * step_cents


def parse_euros(text: str, what: str = "amount") -> int:
    """Parse a euro amount written with a decimal point into exact cents.

    Accepts "1234", "1234.5", "1234.56"; refuses a decimal comma, more than two decimals,
    negatives, and anything that is not a number, naming ``what`` in the message.
    """
    from pensioenchecker.errors import InputError

    raw = text.strip()
    if "," in raw:
        raise InputError(
            f"{what} {shown_value(text)} uses a comma; write euros with a point, e.g. 1234.56"
        )
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InputError(f"{what} {shown_value(text)} is not a number") from None
    if not value.is_finite():
        raise InputError(f"{what} {shown_value(text)} is not a number")
    if value < 0:
        raise InputError(f"{what} {shown_value(text)} is negative")
    cents = value * 100
    if cents != cents.to_integral_value():
        raise InputError(f"{what} {shown_value(text)} has more than two decimals")
    if cents > 10**13:
        raise InputError(f"{what} {shown_value(text)} is implausibly large")
    return int(cents)


def rate_from_decimal(value: Decimal) -> int:
    """Turn an exact decimal rate (0.1792) into integer 1/100 000ths, refusing finer rates."""
    scaled = value * RATE_SCALE
    if scaled != scaled.to_integral_value():
        raise ValueError(f"rate {value} has more than five decimals")
    return int(scaled)


def euros_from_decimal(value: Decimal) -> int:
    """Turn an exact decimal euro amount into cents, refusing fractions of a cent."""
    scaled = value * CENTS
    if scaled != scaled.to_integral_value():
        raise ValueError(f"amount {value} has fractions of a cent")
    return int(scaled)


def format_euros(cents: int, *, dutch: bool = True, decimals: bool = True) -> str:
    """Format cents as money: Dutch style "€ 1.234,56" (or "1,234.56" when not dutch)."""
    negative = cents < 0
    whole, rest = divmod(abs(int(cents)), 100)
    if not decimals:
        whole = int((Decimal(abs(int(cents))) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    group = "." if dutch else ","
    point = "," if dutch else "."
    digits = f"{whole:,}".replace(",", group)
    text = f"{digits}{point}{rest:02d}" if decimals else digits
    sign = "-" if negative else ""
    return f"€ {sign}{text}" if dutch else f"{sign}{text}"
