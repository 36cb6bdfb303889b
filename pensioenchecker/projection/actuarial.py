"""Actuarial factors for the what-ifs: a documented mortality law and a discount rate.

Funds convert with their own (unpublished) factors. The program's default basis is a Gompertz
law fitted to two published CBS figures plus an assumed discount rate, both in
``whatif_basis.yaml`` with their sources; every factor is shown with the basis it came from,
and a user can change the basis. Factors are rounded to four decimals (as funds publish them)
and applied to integer cents with half-up rounding.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from pensioenchecker.errors import InputError
from pensioenchecker.projection.whatif_texts import Phrase, Rate

BASIS_FILE = Path(__file__).with_name("whatif_basis.yaml")
FACTOR_PLACES = Decimal("0.0001")


def load_defaults() -> dict[str, Any]:
    """The what-if defaults file (mortality, rates, limits, with their references)."""
    with BASIS_FILE.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.safe_load(handle)
    return data


def gompertz_fit(age: int, death_probability: float, life_expectancy: float) -> tuple[float, float]:
    """B and c of mu(x) = B c^x that give ``death_probability`` and ``life_expectancy`` at ``age``.

    For a given c, the one-year death probability fixes B; the remaining life expectancy falls
    as c rises, so c is found by bisection.
    """

    def b_for(c: float) -> float:
        return -math.log1p(-death_probability) * math.log(c) / (c**age * (c - 1))

    def expectancy(c: float) -> float:
        b = b_for(c)
        t = np.arange(0, (120 - age) * 12 + 1) / 12
        alive = np.exp(-b / math.log(c) * c**age * (c**t - 1))
        return float(np.trapezoid(alive, t))

    low, high = 1.001, 1.5
    for _ in range(200):
        middle = (low + high) / 2
        if expectancy(middle) > life_expectancy:
            low = middle
        else:
            high = middle
    c = (low + high) / 2
    return b_for(c), c


@dataclass(frozen=True)
class Basis:
    """Mortality and interest: what turns an annual pension into a value at an age."""

    gompertz_b: float
    gompertz_c: float
    discount_rate: Decimal
    inflation: Decimal
    max_age: int = 120
    description: str = ""
    references: dict[str, str] = field(default_factory=dict)

    @classmethod
    def default(
        cls, discount_rate: Decimal | None = None, inflation: Decimal | None = None
    ) -> Basis:
        """The documented default basis (rates may be overridden by the user)."""
        data = load_defaults()
        fit = data["mortality"]["fitted_to"]
        b, c = gompertz_fit(
            int(fit["age"]), float(fit["death_probability"]), float(fit["life_expectancy_years"])
        )
        return cls(
            gompertz_b=b,
            gompertz_c=c,
            discount_rate=(
                Decimal(data["discount_rate"]["value"]) if discount_rate is None else discount_rate
            ),
            inflation=Decimal(data["inflation"]["value"]) if inflation is None else inflation,
            max_age=int(data["mortality"]["max_age"]),
            description=" ".join(str(data["mortality"]["description"]).split()),
            references={
                "mortality": " ".join(str(data["mortality"]["reference"]).split()),
                "discount_rate": " ".join(str(data["discount_rate"]["reference"]).split()),
                "inflation": " ".join(str(data["inflation"]["reference"]).split()),
            },
        )

    def label(self) -> Phrase:
        """One line naming the basis, shown next to every factor (``.text("nl")`` in Dutch)."""
        key = "basis.none" if self.gompertz_b == 0 else "basis.gompertz"
        return Phrase(key, rate=Rate(self.discount_rate))

    @cached_property
    def _n(self) -> np.ndarray:
        """N(m) = sum over months k >= m of v^(k/12) l(k/12) / 12, for ages in months 0..max."""
        months = np.arange(self.max_age * 12 + 1)
        t = months / 12
        if self.gompertz_b == 0:
            alive = np.ones(len(t))
        else:
            c = self.gompertz_c
            alive = np.exp(-self.gompertz_b / math.log(c) * (c**t - 1))
        discount = (1 + float(self.discount_rate)) ** -t
        values = discount * alive / 12
        return np.cumsum(values[::-1])[::-1]

    def _at(self, age_months: int) -> float:
        if not 0 <= age_months <= self.max_age * 12:
            raise InputError(f"age {age_months // 12} is outside 0 to {self.max_age}")
        return float(self._n[age_months])

    def _d(self, age_months: int) -> float:
        """v^x l(x) at an age in months."""
        following = self._at(age_months + 1) if age_months < self.max_age * 12 else 0.0
        return (self._at(age_months) - following) * 12

    def deferral_factor(self, from_months: int, to_months: int) -> Decimal:
        """What a lifelong pension of 1 starting at one age is worth per year at another age."""
        return _rounded(self._at(from_months) / self._at(to_months))

    def high_low_factor(self, start_months: int, high_months: int, low_share: Decimal) -> Decimal:
        """The high amount per 1 of level pension, when the low one is ``low_share`` of it."""
        whole, later = self._at(start_months), self._at(start_months + high_months)
        return _rounded(whole / (whole - (1 - float(low_share)) * later))

    def annuity_factor(self, age_months: int) -> Decimal:
        """The value at an age of a lifelong pension of 1 a year paid monthly from that age."""
        return _rounded(self._at(age_months) / self._d(age_months))

    def bridge_cost_factor(self, start_months: int, end_months: int) -> Decimal:
        """Lifelong pension given up per 1 a year of bridging pension between two ages."""
        start, end = self._at(start_months), self._at(end_months)
        return _rounded((start - end) / start)


def _rounded(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(FACTOR_PLACES, rounding=ROUND_HALF_UP)


def apply_factor(cents: int, factor: Decimal) -> int:
    """``cents`` times a four-decimal factor, rounded half up to the cent (exact integers)."""
    scaled = int((factor / FACTOR_PLACES).to_integral_value())
    return (cents * scaled * 2 + 10_000) // 20_000


def todays_euros(cents: int, years: float, inflation: Decimal) -> int:
    """An amount ``years`` from now in today's euros: divided by (1 + inflation)^years."""
    return round(cents / math.pow(1 + float(inflation), years))
