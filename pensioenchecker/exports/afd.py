"""An adviser's JSON file, inspired by the SIVI AFD 2.0 entities party, pension, loan, object.

This is Pensioenchecker's own documented mapping (docs/afd-mapping.md, schema in
docs/afd.schema.json); it borrows the AFD's way of grouping data and does not claim conformance
with the SIVI standard. Amounts are decimal strings in euros with two decimals ("1234.56").
"""

from __future__ import annotations

import json
from typing import Any

from pensioenchecker.exports.report import ExportInput, amount, headline_index
from pensioenchecker.model import Amount, Dossier, Moment, Provenance
from pensioenchecker.projection.timeline import HouseholdProjection

FORMAT = "pensioenchecker-afd"
VERSION = "1.0"
INSPIRED_BY = "SIVI AFD 2.0 (party, pension, loan, object); not a conformant AFD message"


def _moment(moment: Moment | None) -> dict[str, Any] | None:
    if moment is None:
        return None
    if moment.age is not None:
        return {"age": {"years": moment.age.years, "months": moment.age.months}}
    return {"event": moment.event}


def _source(provenance: Provenance | None) -> dict[str, Any] | None:
    if provenance is None:
        return None
    return {
        "kind": provenance.source,
        "file": provenance.file,
        "reference_date": (
            provenance.reference_date.isoformat() if provenance.reference_date else None
        ),
        "edited": provenance.edited,
    }


def _money(value: Amount | None) -> str | None:
    return None if value is None else amount(value.cents)


def _cents(value: int | None) -> str | None:
    return None if value is None else amount(value)


def _parties(dossier: Dossier, projection: HouseholdProjection) -> list[dict[str, Any]]:
    aow = {p.id: p.aow_date for p in projection.persons}
    return [
        {
            "id": person.id,
            "name": person.name,
            "birth_date": person.birth_date.isoformat(),
            "role": "applicant" if index == 0 else "partner",
            "household_status": person.household_status,
            "aow_date": aow[person.id].isoformat(),
        }
        for index, person in enumerate(dossier.household.persons)
    ]


def _pensions(dossier: Dossier) -> list[dict[str, Any]]:
    status = {p.id: p.household_status for p in dossier.household.persons}
    out = []
    for ent in dossier.entitlements:
        gross = ent.annual_gross
        if ent.kind == "aow" and gross is None:
            gross = ent.aow_annual_couple if status[ent.person_id] == "couple" else None
            gross = gross or ent.aow_annual_single
        source = gross or ent.accrued
        out.append(
            {
                "id": ent.id,
                "party_id": ent.person_id,
                "kind": ent.kind,
                "provider": ent.provider,
                "scheme_id": ent.scheme_id,
                "start": _moment(ent.start),
                "end": _moment(ent.end),
                "gross_per_year": _money(gross),
                "accrued_per_year": _money(ent.accrued),
                "certainty": "certain" if ent.certain else "indicative",
                "reference_date": (
                    source.provenance.reference_date.isoformat()
                    if source and source.provenance.reference_date
                    else None
                ),
                "source": _source(source.provenance if source else None),
                "aow_insured_years": ent.aow_insured_years,
                "already_net": ent.net_already,
            }
        )
    return out


def _income(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "id": line.id,
            "party_id": line.person_id,
            "kind": line.kind,
            "payer": line.payer,
            "gross_per_year": amount(line.annual_gross.cents),
            "start": line.start.isoformat() if line.start else None,
            "end": line.end.isoformat() if line.end else None,
            "source": _source(line.annual_gross.provenance),
        }
        for line in dossier.income_lines
    ]


def _loans(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "id": debt.id,
            "party_id": debt.person_id,
            "kind": debt.kind,
            "lender": debt.lender,
            "regime": debt.regime,
            "original": _cents(debt.original_cents),
            "outstanding": amount(debt.current_cents),
            "as_of": debt.as_of.isoformat(),
            "interest_rate": None if debt.interest_rate is None else str(debt.interest_rate),
            "per_month": _cents(debt.monthly_cents),
            "source": _source(debt.provenance),
        }
        for debt in dossier.debts
    ]


def _objects(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "id": prop.id,
            "kind": "property",
            "address": prop.address,
            "kadastrale_aanduiding": prop.kadastrale_aanduiding,
            "purchase_price": _cents(prop.purchase_price_cents),
            "purchase_date": prop.purchase_date.isoformat() if prop.purchase_date else None,
            "woz_value": _cents(prop.woz_value_cents),
            "woz_reference_date": (
                prop.woz_reference_date.isoformat() if prop.woz_reference_date else None
            ),
            "source": _source(prop.provenance),
        }
        for prop in dossier.properties
    ]


def projection_summary(projection: HouseholdProjection) -> dict[str, Any]:
    """Phases (start, end, gross and net per month) and the headline phase."""
    head = headline_index(projection)
    return {
        "as_of": projection.as_of.isoformat(),
        "headline_phase": head,
        "headline_net_per_month": amount(projection.phases[head].net_monthly),
        "phases": [
            {
                "start": phase.start.isoformat(),
                "end": phase.end.isoformat() if phase.end else None,
                "gross_per_month": amount(phase.gross_monthly),
                "net_per_month": amount(phase.net_monthly),
                "paid_per_month": amount(phase.net_monthly_withheld),
            }
            for phase in projection.phases
        ],
        "assumptions": list(projection.assumptions),
    }


def afd_document(data: ExportInput) -> dict[str, Any]:
    """The household as an AFD-inspired document; with a what-if, the variant's figures."""
    dossier, projection = data.dossier, data.projection
    whatif: dict[str, Any] | None = None
    if data.variant is not None:
        dossier, projection = data.variant.dossier, data.variant.projection
        whatif = {"label": data.variant.label, "changes": list(data.variant.notes)}
    return {
        "format": FORMAT,
        "version": VERSION,
        "inspired_by": INSPIRED_BY,
        "label": dossier.label,
        "parties": _parties(dossier, projection),
        "pensions": _pensions(dossier),
        "income": _income(dossier),
        "loans": _loans(dossier),
        "objects": _objects(dossier),
        "projection": projection_summary(projection),
        "whatif": whatif,
    }


def afd_bytes(data: ExportInput) -> bytes:
    """The document as UTF-8 JSON text."""
    return (json.dumps(afd_document(data), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
