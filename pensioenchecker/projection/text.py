"""The projection as readable text, in the reader's language: the command line's table.

Kept beside the projection (not in ``pensioenchecker.payloads``, which re-exports it): the JSON
forms there are the contract, this is the words around the same figures.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from pensioenchecker import notation
from pensioenchecker.i18n import Translator

if TYPE_CHECKING:
    from pensioenchecker.projection.results import HouseholdProjection

__all__ = ["projection_text"]


def projection_text(projection: HouseholdProjection, t: Translator | None = None) -> str:
    """The projection as readable text: the persons, the phases, the first calendar years.

    In ``t``'s language (English without one); figures in that language's notation.
    """
    from pensioenchecker.projection.year_totals import household_year_totals

    t = t or Translator("en")

    def amount(cents: int) -> str:
        return notation.money(int(cents), t.lang, decimals=True)

    def day(value: dt.date) -> str:
        return value.strftime("%d-%m-%Y") if t.lang == "nl" else value.isoformat()

    lines: list[str] = []
    if projection.dossier.label:
        lines += [projection.dossier.label, ""]
    for person in projection.persons:
        age = person.aow_age
        lines.append(
            t._("{name}: born {birth}, AOW from {aow_date} ({years} years {months} months)").format(
                name=person.label,
                birth=notation.date(person.birth_date, t.lang),
                aow_date=notation.date(person.aow_date, t.lang),
                years=age.years,
                months=age.months,
            )
        )
    heads = (t._("Phase"), t._("gross/month"), t._("net/month"), t._("paid/month"))
    lines += ["", f"{heads[0]:<25}{heads[1]:>14}{heads[2]:>14}{heads[3]:>14}"]
    for phase in projection.phases:
        end = day(phase.end) if phase.end else t._("onwards")
        lines.append(
            f"{day(phase.start) + ' - ' + end:<25}{amount(phase.gross_monthly):>14}"
            f"{amount(phase.net_monthly):>14}{amount(phase.net_monthly_withheld):>14}"
        )
    years = (t._("Year"), t._("gross"), t._("income tax"), "Zvw", t._("net"))
    lines += ["", f"{years[0]:<6}{years[1]:>14}{years[2]:>14}{years[3]:>12}{years[4]:>14}"]
    for row in household_year_totals(projection.year_columns, first=12):
        lines.append(
            f"{row.year:<6}{amount(row.gross):>14}{amount(row.income_tax):>14}"
            f"{amount(row.zvw):>12}{amount(row.net):>14}"
        )
    lines += [
        "",
        t._(
            "net/month: the year's tax and Zvw / 12, as Mijnpensioenoverzicht shows it; "
            "paid/month: what the payers transfer in a regular month after withholding."
        ),
    ]
    return "\n".join(lines)
