"""Several imported files become one household's dossier.

Both partners' Mijnpensioenoverzicht files (or a file and manual entries) merge into one dossier
with two persons. The same person is recognised by birth date and name; conflicts (one name with
two birth dates, one scheme with two amounts) are kept visible as warnings, never settled quietly.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pensioenchecker import clock
from pensioenchecker.engine import Engine
from pensioenchecker.model import Dossier, Entitlement, Household, Message, Person
from pensioenchecker.sources.base import BORN_PREFIX, ImportProblem, ImportResult

PERSON_IDS = ("p1", "p2")


def _same_person(a: Person, b: Person) -> bool:
    return a.birth_date == b.birth_date and (a.name or "") == (b.name or "")


def _full_aow_annual(engine: Engine, on: dt.date, couple: bool) -> int:
    """A full AOW for a year at the amounts holding on ``on`` (12 x gross + holiday accrual)."""
    year = engine.book.year(on.year)
    amounts = year.aow_for_month(on.month)
    if couple:
        return 12 * (amounts.couple_gross + amounts.couple_accrual)
    return 12 * (amounts.single_gross + amounts.single_accrual)


def _insured_years(
    engine: Engine, entitlement: Entitlement, who: str, warnings: list[Message]
) -> int | None:
    """Insured years behind the file's AOW figure (2 % a year), rounded to whole years."""
    amount = entitlement.aow_annual_single or entitlement.aow_annual_couple
    if amount is None:
        return None
    couple = entitlement.aow_annual_single is None
    on = amount.provenance.reference_date or clock.today()
    full = _full_aow_annual(engine, on, couple)
    share = Decimal(amount.cents) / Decimal(full)
    years = int((share * 50).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    years = max(0, min(50, years))
    if years < 50:
        warnings.append(
            Message.of(
                "aow.insured_years",
                person=who,
                share_ratio=str(share.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)),
                on_date=on.isoformat(),
                count=years,
            )
        )
    return years


def build_dossier(
    results: Sequence[ImportResult], engine: Engine | None = None, label: str | None = None
) -> Dossier:
    """Merge imported files into one dossier (at most two persons)."""
    engine = engine or Engine()
    persons: list[Person] = []
    rename: dict[tuple[int, str], str] = {}
    warnings: list[Message] = []
    for index, result in enumerate(results):
        for person in result.persons:
            match = next((p for p in persons if _same_person(p, person)), None)
            if match is None:
                namesake = next((p for p in persons if person.name and p.name == person.name), None)
                if namesake is not None:
                    warnings.append(
                        Message.of(
                            "conflict.birth_date",
                            name=person.name or "",
                            first_date=namesake.birth_date.isoformat(),
                            second_date=person.birth_date.isoformat(),
                            document=result.document.name,
                        )
                    )
                if len(persons) == len(PERSON_IDS):
                    raise ImportProblem(
                        "more than two persons in these files; a household has one or two",
                        result.document.name,
                    )
                new_id = PERSON_IDS[len(persons)]
                persons.append(person.model_copy(update={"id": new_id}))
                rename[(index, person.id)] = new_id
            else:
                rename[(index, person.id)] = match.id
                if match.household_status != person.household_status:
                    warnings.append(
                        Message.of(
                            "conflict.household",
                            name=match.name or match.id,
                            first_term=match.household_status,
                            second_term=person.household_status,
                            document=result.document.name,
                        )
                    )
    if not persons:
        raise ImportProblem(
            "none of these files says who the household is (a "
            "Mijnpensioenoverzicht file or a BRP entry is needed)",
            ", ".join(r.document.name for r in results),
        )
    if len(persons) == 2:
        persons = [
            p.model_copy(update={"household_status": "couple", "fiscal_partner": persons[1 - i].id})
            for i, p in enumerate(persons)
        ]
    default_person = persons[0].id

    def owner(index: int, person_id: str | None) -> str | None:
        if person_id is None:
            return None
        if person_id.startswith(BORN_PREFIX):
            born = dt.date.fromisoformat(person_id.removeprefix(BORN_PREFIX))
            match = next((p.id for p in persons if p.birth_date == born), None)
            if match is None:
                raise ImportProblem(
                    f"no person in this household is born on {born.isoformat()}",
                    results[index].document.name,
                )
            return match
        return rename.get((index, person_id), default_person)

    lines: dict[str, list[Any]] = {
        key: []
        for key in (
            "entitlements",
            "income_lines",
            "transactions",
            "employment",
            "debts",
            "properties",
            "tax_income",
        )
    }
    seen_schemes: dict[tuple[str, str, str | None, str, str], Entitlement] = {}
    box3: int | None = None
    for index, result in enumerate(results):
        about = {"file": result.document.name}
        warnings.extend(w.model_copy(update=about) for w in result.warnings)
        for entitlement in result.entitlements:
            person_id = owner(index, entitlement.person_id) or default_person
            update: dict[str, Any] = {
                "person_id": person_id,
                "id": entitlement.id.replace(entitlement.person_id, person_id, 1),
            }
            if entitlement.kind == "aow":
                who = next((p.name for p in persons if p.id == person_id and p.name), person_id)
                update["aow_insured_years"] = _insured_years(engine, entitlement, who, warnings)
            moved = entitlement.model_copy(update=update)
            key = (
                person_id,
                moved.kind,
                moved.scheme_id,
                moved.provider,
                moved.start.model_dump_json(),
            )
            twin = seen_schemes.get(key)
            if twin is not None:
                if _amount(twin) != _amount(moved):
                    warnings.append(
                        Message.of(
                            "conflict.amounts",
                            provider=moved.provider,
                            scheme=moved.scheme_id or "",
                            first_cents=_amount(twin),
                            second_cents=_amount(moved),
                        )
                    )
                continue
            seen_schemes[key] = moved
            lines["entitlements"].append(moved)
        for name in ("income_lines", "employment", "tax_income"):
            for item in getattr(result, name):
                lines[name].append(
                    item.model_copy(
                        update={"person_id": owner(index, item.person_id) or default_person}
                    )
                )
        for name in ("transactions", "debts"):
            for item in getattr(result, name):
                lines[name].append(
                    item.model_copy(update={"person_id": owner(index, item.person_id)})
                )
        for home in result.properties:
            twin_index = next(
                (i for i, h in enumerate(lines["properties"]) if h.id == home.id), None
            )
            if twin_index is None:
                lines["properties"].append(home)
            else:  # the Kadaster entry and the WOZ entry of one home
                twin = lines["properties"][twin_index]
                filled = {
                    k: v
                    for k, v in home.model_dump().items()
                    if v is not None and getattr(twin, k) is None
                }
                lines["properties"][twin_index] = twin.model_copy(update=filled)
        if result.box3_assets_cents is not None:
            box3 = (box3 or 0) + result.box3_assets_cents
    ids = [e.id for e in lines["entitlements"]]
    if len(set(ids)) != len(ids):
        lines["entitlements"] = [
            e.model_copy(update={"id": f"{e.id}-{n + 1}"})
            for n, e in enumerate(lines["entitlements"])
        ]
    return Dossier(
        label=label,
        household=Household(persons=persons),
        documents=[r.document for r in results],
        warnings=warnings,
        box3_assets_cents=box3,
        **lines,
    )


def _amount(entitlement: Entitlement) -> int:
    if entitlement.annual_gross is not None:
        return entitlement.annual_gross.cents
    amount = entitlement.aow_annual_single or entitlement.aow_annual_couple
    return 0 if amount is None else amount.cents
