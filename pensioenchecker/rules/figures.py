"""The figures one disposable-income rule uses for a year, with what is known about each.

Toeslagen and box 3 must not carry a figure over to a year it was not published for: a missing
figure makes the result unknown, and the result says which one. Figures that are provisional,
derived, empirical or an estimate are named in the result's notices with their status, so the
label travels with every amount computed from them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from pensioenchecker.i18n import N_
from pensioenchecker.money import CENTS, RATE_SCALE
from pensioenchecker.rules.notes import STATUS_TERMS, DataNote, Note, ParameterName, Term, note
from pensioenchecker.rules.parameters import Parameters, Resolved, Status

STATUS_ORDER: tuple[Status, ...] = (
    "final",
    "bp",
    "provisional",
    "derived",
    "estimate",
    "empirical",
    "not_found",
)
"""From most to least certain: a result carries the least certain status of its figures."""


def weakest(statuses: list[Status] | tuple[Status, ...]) -> Status:
    """The least certain of some statuses ("final" for none)."""
    return max(statuses, key=STATUS_ORDER.index, default="final")


@dataclass
class YearFigures:
    """Looks figures up for one calendar year and remembers what it used and what was missing."""

    parameters: Parameters
    year: int
    topic: str
    used: list[Resolved] = field(default_factory=list)
    missing: list[Resolved] = field(default_factory=list)

    def _get(self, name: str) -> Decimal | None:
        try:
            found = self.parameters.lookup_exact(name, dt.date(self.year, 1, 1))
        except KeyError:
            found = Resolved(
                name,
                None,
                dt.date(self.year, 1, 1),
                "not_found",
                (),
                None,
                f"{name} is not in these parameter files",
            )
        if found.value is None:
            self.missing.append(found)
            return None
        self.used.append(found)
        return Decimal(found.value)

    def cents(self, name: str) -> int:
        """An amount in cents (0 when missing; ``known`` is then False)."""
        value = self._get(name)
        return 0 if value is None else int(value * CENTS)

    def euros(self, name: str) -> int:
        """An amount in whole euros (0 when missing)."""
        value = self._get(name)
        if value is None:
            return 0
        if value != value.to_integral_value():
            raise ValueError(f"{name} for {self.year} must be whole euros, got {value}")
        return int(value)

    def rate(self, name: str) -> int:
        """A rate in 1/100 000ths (0 when missing)."""
        value = self._get(name)
        return 0 if value is None else int(value * RATE_SCALE)

    @property
    def known(self) -> bool:
        """Every figure asked for so far was found for this year."""
        return not self.missing

    @property
    def status(self) -> Status:
        """The least certain status of the figures used (not_found if one was missing)."""
        return "not_found" if self.missing else weakest([f.status for f in self.used])

    @property
    def references(self) -> tuple[str, ...]:
        """Source keys of every figure used, in order of first use."""
        return tuple(dict.fromkeys(k for f in self.used for k in f.reference))

    def notices(self) -> tuple[str, ...]:
        """What a reader must know: missing figures, then every figure that is not final."""
        topic, year = Term(self.topic), str(self.year)
        said: list[str] = [
            note(
                "figure.not_known",
                N_("{topic} {year}: not known, no figure is given: {detail}"),
                topic=topic,
                year=year,
                detail=DataNote(
                    f.note or f.name,
                    note(
                        "figure.not_found",
                        N_("{parameter} for {year} was not found or is not yet law"),
                        parameter=ParameterName(f.name),
                        year=year,
                    ),
                ),
            )
            for f in self.missing
        ]
        for f in self.used:
            if f.status != "final":
                args = {"topic": topic, "year": year, "parameter": ParameterName(f.name)}
                status = Term(STATUS_TERMS.get(f.status, f.status))
                if f.note:
                    said.append(
                        note(
                            "figure.status_noted",
                            N_("{topic} {year}: {parameter} is {status}: {detail}"),
                            **args,
                            status=status,
                            detail=DataNote(
                                f.note,
                                _STATUS_SENTENCES.get(f.status)
                                or Note("{status}", {"status": status}),
                            ),
                        )
                    )
                else:
                    said.append(
                        note(
                            "figure.status",
                            N_("{topic} {year}: {parameter} is {status}"),
                            **args,
                            status=status,
                        )
                    )
        return tuple(dict.fromkeys(said))


_STATUS_SENTENCES = {
    "provisional": note(
        "figure.provisional", N_("a provisional figure; the final one follows later")
    ),
    "estimate": note("figure.estimate", N_("an estimate, not a published figure")),
    "empirical": note(
        "figure.empirical", N_("the figure as the Dienst publishes it, not the law's text")
    ),
    "derived": note("figure.derived", N_("derived from published figures by our reading")),
    "bp": note("figure.bp", N_("from the Belastingplan, not yet law")),
}
"""What another language says instead of the parameter files' English note, per status."""
