"""The engine: the one place where parameters, the AOW-age table and the rules come together.

Everything that computes (the CLI's net, withholding, aow, project and batch; later the desktop
app) goes through an ``Engine``, so one implementation of the rules serves them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from pensioenchecker.money import IntArray
from pensioenchecker.rules.annual import AnnualNet, annual_net, box1_group, tax_group
from pensioenchecker.rules.aow import (
    AowAge,
    AowAgeTable,
    DateArray,
    aow_age,
    aow_months,
    may_payments,
)
from pensioenchecker.rules.packs import current_parameters
from pensioenchecker.rules.parameters import Parameters
from pensioenchecker.rules.trace import Trace
from pensioenchecker.rules.withholding import Withholding, monthly_withholding
from pensioenchecker.rules.year import (
    RulesBook,
)


@dataclass(frozen=True)
class NetResult:
    """The annual view for one or more people, with the year's notices and the trace."""

    year: int
    aow: AowAge
    group: IntArray
    transition_month: IntArray
    figures: AnnualNet
    trace: Trace | None


UNIQUE_DATES_FROM = 1000
"""From this many rows on, date rules run once per distinct birth date."""


class Engine:
    """Parameters + rules, built once; cheap to call many times."""

    def __init__(self, parameters: Parameters | None = None) -> None:
        """``parameters`` default to the newest installed signed rule pack, else the built-in."""
        self.parameters = parameters or current_parameters()
        self.book = RulesBook(self.parameters)

    @cached_property
    def aow_table(self) -> AowAgeTable:
        """The AOW-age table as arrays."""
        return AowAgeTable.from_parameters(self.parameters)

    def aow_age(self, birth: DateArray) -> AowAge:
        """AOW age and date per birth date."""
        return aow_age(self.aow_table, birth)

    def full_aow_annual(self, year: int, couple: bool) -> tuple[int, list[str]]:
        """A full year's AOW as paid in ``year`` (12 months + the May holiday allowance), cents."""
        months = np.arange(
            np.datetime64(f"{year - 1}-05", "M"), np.datetime64(f"{year + 1}-01", "M")
        )
        flags = np.full(len(months), couple)
        share = np.full(len(months), 100_000, dtype=np.int64)
        gross, accrual = aow_months(
            self.book, months, flags, np.array(["1900-01-01"], dtype="datetime64[D]"), share
        )
        paid = gross + may_payments(months, accrual)
        notices = list(self.book.aow_month_table(year - 1, year).notices)
        return int(paid[8:].sum()), notices

    def net(
        self,
        year: int,
        birth: DateArray,
        couple: np.ndarray,
        aow: IntArray,
        pension: IntArray,
        wage: IntArray,
        trace: bool = False,
    ) -> NetResult:
        """Annual net for people in one calendar year (the ``net`` command and batch).

        Member files repeat birth dates a great deal, so the date work (AOW age, tax group) is
        done once per distinct birth date and spread back over the rows.
        """
        birth = np.asarray(birth, dtype="datetime64[D]")
        if len(birth) > UNIQUE_DATES_FROM:
            distinct, back = np.unique(birth, return_inverse=True)
            distinct_ages = self.aow_age(distinct)
            distinct_group, distinct_transition = tax_group(year, distinct, distinct_ages.date)
            ages = AowAge(
                distinct_ages.years[back],
                distinct_ages.months[back],
                distinct_ages.date[back],
                distinct_ages.known[back],
            )
            group, transition = distinct_group[back], distinct_transition[back]
        else:
            ages = self.aow_age(birth)
            group, transition = tax_group(year, birth, ages.date)
        recorder = Trace() if trace else None
        single_aow = ~np.asarray(couple, dtype=bool) & (np.asarray(aow) > 0)
        figures = annual_net(
            self.book.year(year),
            aow=aow,
            pension=pension,
            wage=wage,
            group=group,
            transition_month=transition,
            single_aow=single_aow,
            trace=recorder,
        )
        return NetResult(year, ages, group, transition, figures, recorder)

    def withholding(
        self,
        on: dt.date,
        birth: DateArray,
        gross_monthly: IntArray,
        loonheffingskorting: np.ndarray,
        alleenstaande_ouderenkorting: np.ndarray,
        white_table: np.ndarray,
        trace: bool = False,
    ) -> tuple[Withholding, IntArray, Trace | None]:
        """What a payer withholds in the month of ``on``; the AOW-age table from the AOW month."""
        ages = self.aow_age(birth)
        month_end = (np.datetime64(on, "M") + 1).astype("datetime64[D]") - 1
        group = box1_group(ages.date <= month_end, birth)
        recorder = Trace() if trace else None
        result = monthly_withholding(
            self.book.year(on.year),
            gross_monthly,
            group,
            loonheffingskorting,
            alleenstaande_ouderenkorting,
            white_table,
            trace=recorder,
        )
        return result, group, recorder
