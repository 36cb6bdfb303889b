"""The JSON forms of Pensioenchecker's results, and the projection's readable text, in one place.

The keys and values here are a public contract (``--json`` of every command, the golden copies in
``tests/fixtures/golden``); the command line, the window's headless run and scripts all print
what these functions build, so the forms cannot drift apart.

One unit convention for money, everywhere in the JSON:

- every amount is in **euros**, as a JSON number: the rules' integer cents divided by 100
  (``euros``), which prints with at most two decimals (``1234.5`` is € 1.234,50);
- amounts the law itself fixes in whole euros (taxable income, tax and premiums before and after
  the credits, the credits, the annual table wage) stay whole euros, as JSON integers;
- dates are ISO strings (``YYYY-MM-DD``); a missing amount or date is ``null``.

Nothing here computes a figure: the builders only select, convert and name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from pensioenchecker.i18n import language
from pensioenchecker.messages import say
from pensioenchecker.money import format_euros
from pensioenchecker.projection.settlement import Settlement, person_settlement
from pensioenchecker.projection.text import projection_text as projection_text
from pensioenchecker.rules.notes import codes

if TYPE_CHECKING:
    from decimal import Decimal

    from pensioenchecker.model import Dossier
    from pensioenchecker.projection.actuarial import Basis
    from pensioenchecker.projection.results import DisposableFigures
    from pensioenchecker.projection.timeline import HouseholdProjection
    from pensioenchecker.projection.whatif import WhatIf
    from pensioenchecker.projection.year_totals import YearTotals
    from pensioenchecker.rules.year import RulesBook

# Box 1 groups by their index in the rules (below the AOW age; AOW age, born 1946 or later; ...).
GROUP_NAMES = ("below_aow", "aow_born_1946_or_later", "aow_born_before_1946")

# The kinds of entitlement by the names the ``import`` JSON has always used.
KIND_NAMES = {
    "aow": "aow",
    "old_age": "ouderdomspensioen",
    "partner": "partnerpensioen",
    "orphan": "wezenpensioen",
}

# The per-person keys of a phase that are amounts in cents (the others are not money).
_PERSON_CENTS = ("gross", "zvw", "net_annual", "net_monthly", "net_untaxed_monthly")


def euros(cents: int) -> float:
    """Cents as a JSON number of euros: the one conversion every amount in the JSON goes through."""
    return int(cents) / 100


def _optional_euros(cents: int | None) -> float | None:
    """Euros, or null where the figure was not found (never an invented amount)."""
    return None if cents is None else euros(cents)


def money_text(cents: int, english: bool = False) -> str:
    """An amount for the readable tables (Dutch notation unless ``english``)."""
    return format_euros(int(cents), dutch=not english)


# -- net, withholding, aow ----------------------------------------------------------------------


def net_payload(
    year: int,
    birth: dt.date,
    household: str,
    gross_cents: tuple[int, int, int],
    result: Any,
    notices: list[str],
) -> dict[str, Any]:
    """The ``net`` command's JSON: one person's annual view (``result`` from ``Engine.net``).

    ``gross_cents`` is the (AOW, pension, wage) the user gave, in cents.
    """
    aow, pension, wage = gross_cents
    f = result.figures
    return {
        "year": year,
        "birth_date": birth.isoformat(),
        "household": household,
        "aow_date": str(result.aow.date[0]),
        "group": GROUP_NAMES[int(result.group[0])],
        "month_aow_age_reached": int(result.transition_month[0]) or None,
        "aow": euros(aow),
        "pension": euros(pension),
        "wage": euros(wage),
        "gross": euros(f.gross[0]),
        "taxable_income": int(f.taxable_income[0]),
        "tax_before_credits": int(f.tax_before_credits[0]),
        "tax": int(f.tax[0]),
        "premiums": int(f.premiums[0]),
        "credits": _credits(f),
        "income_tax": int(f.income_tax[0]),
        "zvw": euros(f.zvw[0]),
        "net_annual": euros(f.net_annual[0]),
        "net_monthly": euros(f.net_monthly[0]),
        "notices": notices,
    }


def _toeslag_amounts(known: bool, annual: int, monthly: int) -> dict[str, float | None]:
    """Annual and monthly amount of one toeslag; null where its figures were not found."""
    return {
        "annual": euros(annual) if known else None,
        "monthly": euros(monthly) if known else None,
    }


def toeslagen_payload(
    year: int,
    household: str,
    income: int,
    rent: int,
    assets: int,
    zt: Any,
    ht: Any,
    notices: list[str],
) -> dict[str, Any]:
    """The ``toeslagen`` command's JSON (``zt``/``ht`` from ``rules.toeslagen``, one household)."""
    return {
        "year": year,
        "household": household,
        "income": euros(income),
        "rent": euros(rent),
        "assets": euros(assets),
        "zorgtoeslag": _toeslag_amounts(bool(zt.known[0]), zt.annual[0], zt.monthly[0])
        | {"status": zt.status},
        "huurtoeslag": _toeslag_amounts(bool(ht.known[0]), ht.annual[0], ht.monthly[0])
        | {"status": ht.status},
        "notices": notices,
    }


def disposable_payload(result: Any, notices: list[str]) -> dict[str, Any]:
    """``net``'s ``disposable`` object (``result`` from ``rules.disposable``, one household).

    Each part is null where its year's figures were not found; the totals then too.
    """
    zt, ht, b3, assumed = result.parts
    known = bool(result.known[0])
    health_known = bool(assumed.known[0]) if assumed is not None else True

    def part(found: bool, cents: int) -> float | None:
        return euros(cents) if found else None

    return {
        "year_known": known,
        "status": result.status,
        "toetsingsinkomen": euros(result.toetsingsinkomen[0]),
        "health_costs": part(health_known, result.health_costs[0]),
        "health_costs_assumed": assumed is not None,
        "zorgtoeslag": part(bool(zt.known[0]), zt.annual[0]),
        "huurtoeslag": part(bool(ht.known[0]), ht.annual[0]),
        "box3_tax": part(bool(b3.known[0]), b3.tax[0]),
        "disposable_annual": part(known, result.disposable_annual[0]),
        "disposable_monthly": part(known, result.disposable_monthly[0]),
        "notices": notices,
    }


def _credits(figures: Any) -> dict[str, int]:
    """The four tax credits of the first person, whole euros."""
    return {
        "algemene_heffingskorting": int(figures.algemene_heffingskorting[0]),
        "ouderenkorting": int(figures.ouderenkorting[0]),
        "alleenstaande_ouderenkorting": int(figures.alleenstaande_ouderenkorting[0]),
        "arbeidskorting": int(figures.arbeidskorting[0]),
    }


def withholding_payload(
    on: dt.date,
    birth: dt.date,
    table: str,
    gross_cents: int,
    result: Any,
    group: int,
    notices: list[str],
) -> dict[str, Any]:
    """The ``withholding`` command's JSON: one payer's month (``result`` from the engine)."""
    return {
        "date": on.isoformat(),
        "birth_date": birth.isoformat(),
        "table": table,
        "group": GROUP_NAMES[group],
        "gross_monthly": euros(gross_cents),
        "table_wage": euros(result.table_wage[0]),
        "annual_table_wage": int(result.annual_wage[0]),
        "tax_without_credits_annual": int(result.tax_without_credits[0]),
        "credits_annual": _credits(result),
        "loonheffing": euros(result.loonheffing[0]),
        "zvw": euros(result.zvw[0]),
        "net": euros(result.net[0]),
        "notices": notices,
    }


def aow_payload(birth: dt.date, ages: Any) -> dict[str, Any]:
    """The ``aow`` command's JSON: AOW age and date (``ages`` from ``Engine.aow_age``)."""
    known = bool(ages.known[0])
    return {
        "birth_date": birth.isoformat(),
        "aow_age": {"years": int(ages.years[0]), "months": int(ages.months[0])},
        "aow_date": str(ages.date[0]),
        "known": known,
        "notices": []
        if known
        else [
            "the AOW age for this birth date is not yet fixed by law; "
            "the latest known AOW age is used"
        ],
    }


def batch_payload(rows: int, chunks: int, output: str) -> dict[str, Any]:
    """The ``batch`` command's JSON summary."""
    return {"rows": rows, "chunks": chunks, "output": output}


# -- project ------------------------------------------------------------------------------------


def projection_payload(
    projection: HouseholdProjection, book: RulesBook | None = None, lang: str | None = None
) -> dict[str, Any]:
    """The JSON form of a household projection (``project --json``, exports, the window).

    The assumptions are English unless ``lang`` is given; their codes stay the same in every
    language, so a program can read them.
    """
    from pensioenchecker.projection.year_totals import household_year_totals

    return {
        "label": projection.dossier.label,
        "as_of": projection.as_of.isoformat(),
        "persons": [person.as_json() for person in projection.persons],
        "phases": [_phase_payload(phase) for phase in projection.phases],
        "years": [
            _year_payload(row) | disposable_fields(projection.year_disposable.get(int(row.year)))
            for row in household_year_totals(projection.year_columns)
        ],
        "assumptions": notes_in(projection.assumptions, lang),
        "assumption_codes": codes(projection.assumptions),
        "withholding_advice": advice_payload(projection, book) if book is not None else [],
    }


def notes_in(notes: list[str], lang: str | None) -> list[str]:
    """Notes as the command line writes them: unchanged English, or in ``lang`` when asked."""
    if lang is None or language(lang) == "en":
        return [str(n) for n in notes]
    return [say(n, lang) for n in notes]


def _year_payload(row: YearTotals) -> dict[str, Any]:
    """One calendar year of the household."""
    return {
        "year": int(row.year),
        "gross": euros(row.gross),
        "aow": euros(row.aow),
        "pension": euros(row.pension),
        "wage": euros(row.wage),
        "income_tax": euros(row.income_tax),
        "zvw": euros(row.zvw),
        "net": euros(row.net),
    }


def disposable_fields(figures: DisposableFigures | None) -> dict[str, Any]:
    """``disposable_monthly`` and ``disposable`` (its parts) of a phase or year; null if unknown.

    The parts' keys are those of the ``net`` command's ``disposable`` object.
    """
    if figures is None:
        return {"disposable_monthly": None, "disposable": None}
    return {
        "disposable_monthly": _optional_euros(figures.disposable_monthly),
        "disposable": {
            "year": figures.year,
            "known": figures.known,
            "status": figures.status,
            "toetsingsinkomen": euros(figures.toetsingsinkomen),
            "net_annual": euros(figures.net_annual),
            "health_costs": _optional_euros(figures.health_costs),
            "health_costs_assumed": figures.health_assumed,
            "zorgtoeslag": _optional_euros(figures.zorgtoeslag),
            "zorgtoeslag_monthly": _optional_euros(figures.zorgtoeslag_monthly),
            "huurtoeslag": _optional_euros(figures.huurtoeslag),
            "huurtoeslag_monthly": _optional_euros(figures.huurtoeslag_monthly),
            "box3_tax": _optional_euros(figures.box3_tax),
            "disposable_annual": _optional_euros(figures.disposable_annual),
            "disposable_monthly": _optional_euros(figures.disposable_monthly),
        },
    }


def _phase_payload(phase: Any) -> dict[str, Any]:
    """One phase: the household's month, each person's annual view and each payer's line."""
    return {
        "start": phase.start.isoformat(),
        "end": phase.end.isoformat() if phase.end else None,
        "gross_monthly": euros(phase.gross_monthly),
        "net_monthly": euros(phase.net_monthly),
        "net_monthly_withheld": euros(phase.net_monthly_withheld),
        **disposable_fields(phase.disposable),
        "persons": [
            {
                **{
                    key: (euros(value) if key in _PERSON_CENTS else value)
                    for key, value in person.as_annual_rule_units().items()
                },
                **_settlement_payload(person_settlement(phase, person.person_id)),
            }
            for person in phase.persons
        ],
        "lines": [
            {
                "id": line.stream_id,
                "person_id": line.person_id,
                "kind": line.kind,
                "payer": line.payer,
                "certain": line.certain,
                "gross_monthly": euros(line.gross_monthly),
                "holiday_accrual_monthly": euros(line.holiday_accrual_monthly),
                "loonheffingskorting": line.loonheffingskorting,
                "loonheffing": euros(line.loonheffing),
                "zvw": euros(line.zvw),
                "net_withheld": euros(line.net_withheld),
            }
            for line in phase.lines
        ],
    }


def _settlement_payload(settlement: Settlement) -> dict[str, float]:
    """A person's year-end settlement in a phase (negative: to pay), see projection.settlement."""
    return {
        "settlement_annual": euros(settlement.settlement_annual),
        "withheld_annual": euros(settlement.withheld_annual),
        "due_annual": euros(settlement.due_annual),
    }


def advice_payload(projection: HouseholdProjection, book: RulesBook) -> list[dict[str, Any]]:
    """Which payer should apply the loonheffingskorting, per person (see projection.advice)."""
    from pensioenchecker.projection.advice import withholding_advice

    return [
        {
            "person_id": advice.person_id,
            "from": advice.phase_start.isoformat(),
            "advised_line": advice.advised,
            "current_line": advice.current,
            "options": [
                {
                    "line": option.line_id,
                    "payer": option.payer,
                    "withheld_annual": euros(option.withheld_annual),
                    "due_annual": euros(option.due_annual),
                    "settlement_annual": euros(option.settlement),
                }
                for option in advice.options
            ],
            "note": "including the AOW holiday allowance (withheld in May at the special rate)",
        }
        for advice in withholding_advice(projection, book)
    ]


def differences_payload(
    rows: Iterable[Mapping[str, Any]], as_of: dt.date, inflation: Decimal | None
) -> list[dict[str, Any]]:
    """Baseline, variant and difference per phase; with ``inflation``, also in today's euros."""
    from pensioenchecker.projection.whatif import in_todays_euros

    def todays(row: Mapping[str, Any]) -> dict[str, float]:
        if inflation is None:
            return {}
        return {
            f"{key}_today": euros(in_todays_euros(value, as_of, row["start"], inflation))
            for key, value in row.items()
            if key.endswith("net_monthly")
        }

    return [
        {
            "start": row["start"].isoformat(),
            "end": row["end"].isoformat() if row["end"] else None,
            **{key: euros(value) for key, value in row.items() if key not in ("start", "end")},
            **todays(row),
        }
        for row in rows
    ]


def scenarios_payload(
    variant: HouseholdProjection, bands: Mapping[str, HouseholdProjection]
) -> list[dict[str, Any]]:
    """Net per month per phase of the variant, with its pessimistic and optimistic bands."""
    return [
        {
            "start": phase.start.isoformat(),
            "pessimistic_net_monthly": euros(_net_at(bands["pessimistic"], phase.start)),
            "expected_net_monthly": euros(phase.net_monthly),
            "optimistic_net_monthly": euros(_net_at(bands["optimistic"], phase.start)),
        }
        for phase in variant.phases
    ]


def _net_at(projection: HouseholdProjection, day: dt.date) -> int:
    """Net per month of the phase a day falls in."""
    from pensioenchecker.projection.whatif import phase_at

    phase = phase_at(projection.phases, day)
    return phase.net_monthly if phase else 0


def whatif_payload(
    spec: WhatIf, notes: list[str], basis: Basis, lang: str | None = None
) -> dict[str, Any]:
    """What the what-if file asked for and the actuarial basis it was computed on."""
    return {
        "label": spec.label,
        "changes": notes_in(notes, lang),
        "change_codes": codes(notes),
        "euros": spec.euros,
        "basis": {
            "label": basis.label(),
            "discount_rate": str(basis.discount_rate),
            "inflation": str(basis.inflation),
            "references": basis.references,
        },
    }


# -- import -------------------------------------------------------------------------------------


def import_payload(dossier: Dossier, lang: str = "en") -> dict[str, Any]:
    """The normalised view of imported files (the ``import`` command's JSON contract).

    ``warnings`` are the importers' messages written out in ``lang``; ``warning_codes`` gives
    each one's stable code, in the same order, for programs that read the JSON.
    """
    status = {p.id: p.household_status for p in dossier.household.persons}
    return {
        "persons": [
            {
                "id": p.id,
                "name": p.name,
                "birth_date": p.birth_date.isoformat(),
                "household": p.household_status,
            }
            for p in dossier.household.persons
        ],
        "entitlements": [
            _entitlement_payload(e, status[e.person_id]) for e in dossier.entitlements
        ],
        "income": [
            {
                "person": i.person_id,
                "kind": i.kind,
                "payer": i.payer,
                "annual_amount": euros(i.annual_gross.cents),
            }
            for i in dossier.income_lines
        ]
        + [
            {
                "person": t.person_id,
                "year": t.year,
                "payer": t.payer,
                "annual_amount": euros(t.income_cents),
            }
            for t in dossier.tax_income
        ],
        "transactions": [
            {
                "date": t.booking_date.isoformat(),
                "amount": euros(t.amount_cents),
                "currency": t.currency,
                "counterparty": t.counterparty,
                "description": t.description,
                "category": t.category,
                "account": t.account,
            }
            for t in dossier.transactions
        ],
        "employment": [
            {
                "person": e.person_id,
                "employer": e.employer,
                "start": e.start.isoformat(),
                "end": e.end.isoformat(),
                "sv_wage": _optional_euros(e.sv_wage_cents),
                "needs_review": e.needs_review,
            }
            for e in dossier.employment
        ],
        "documents": [
            {"name": d.name, "kind": d.kind, "sha256": d.sha256} for d in dossier.documents
        ],
        "warnings": [w.text(lang) for w in dossier.warnings],
        "warning_codes": [w.code for w in dossier.warnings],
    }


def _entitlement_payload(e: Any, household_status: str) -> dict[str, Any]:
    """One entitlement; an AOW entitlement shows the amount that fits the household."""
    item: dict[str, Any] = {
        "id": e.id,
        "person": e.person_id,
        "kind": KIND_NAMES[e.kind],
        "provider": e.provider,
        "scheme_id": e.scheme_id,
        "certain": e.certain,
        **_moment_fields("start", e.start),
        **_moment_fields("end", e.end),
    }
    if e.kind == "aow":
        single = e.aow_annual_single.cents if e.aow_annual_single else None
        couple = e.aow_annual_couple.cents if e.aow_annual_couple else None
        own = couple if household_status == "couple" else single
        item.update(
            single_annual=_optional_euros(single),
            couple_annual=_optional_euros(couple),
            annual_amount=_optional_euros(own),
            insured_years=e.aow_insured_years,
        )
        amount = e.aow_annual_single or e.aow_annual_couple
    else:
        amount = e.annual_gross
        item["annual_amount"] = None if amount is None else euros(amount.cents)
    item.update(
        accrued_amount=None if e.accrued is None else euros(e.accrued.cents),
        reference_date=None
        if amount is None or amount.provenance.reference_date is None
        else amount.provenance.reference_date.isoformat(),
        source=None if amount is None else amount.provenance.file,
        already_net=e.net_already,
        paid_now=e.paid_since is not None,
    )
    return item


def _moment_fields(prefix: str, moment: Any) -> dict[str, Any]:
    """A start or end as an age (years, months) or an event; no end means death."""
    if moment is None:
        return {f"{prefix}_event": "death"} if prefix == "end" else {}
    if moment.age is not None:
        return {f"{prefix}_age": {"years": moment.age.years, "months": moment.age.months}}
    return {f"{prefix}_event": moment.event}
