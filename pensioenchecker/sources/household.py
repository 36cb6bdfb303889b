"""Several imported files become one household's dossier.

Both partners' Mijnpensioenoverzicht files (or a file and manual entries) merge into one dossier
with two persons. The same person is recognised by birth date and name; conflicts (one name with
two birth dates, one scheme with two amounts) are kept visible as warnings, never settled quietly.

Two people are fiscal partners only when a file says so (living together in a
Mijnpensioenoverzicht file, a partner in a BRP entry) or the user confirms it: a couple's AOW is
lower than two singles', so it is never assumed. Two downloads of one person from different days
are not two sets of pensions: the newest is used and the older is set aside, with a note.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from pensioenchecker import clock
from pensioenchecker.engine import Engine
from pensioenchecker.messages import phrase
from pensioenchecker.model import Dossier, Entitlement, Household, Message, Person, Rent
from pensioenchecker.sources.base import BORN_PREFIX, ImportProblem, ImportResult

PERSON_IDS = ("p1", "p2")
OVERVIEW_KINDS = ("mpo-xml", "mpo-json")
"""The Mijnpensioenoverzicht downloads: one such file is all of one person's pensions."""


class PartnersUnconfirmed(ImportProblem):  # noqa: N818 - an ImportProblem like the others
    """Two people whose files do not say they live together: the user must say so.

    Raised instead of silently making them a couple; build again with ``partners=True`` once
    the user confirms, or open each person as a household of their own.
    """

    def __init__(self, names: tuple[str, str]) -> None:
        super().__init__(
            phrase(
                "{first} and {second} are both single in their files; a household of two is a "
                "couple (fiscal partners, a lower AOW each). If they live together, confirm it "
                "(import --partners); otherwise open each person's files as a household of "
                "their own",
                first=names[0],
                second=names[1],
            ),
        )
        self.names = names


def download_moment(result: ImportResult) -> dt.datetime | None:
    """When a Mijnpensioenoverzicht download was made (TijdstipAanmakenBericht).

    Without that element, the latest reference date (StandPer) of its figures stands in.
    """
    content = result.content
    made = content.get("TijdstipAanmakenBericht") if isinstance(content, dict) else None
    if isinstance(made, str):
        try:
            moment = dt.datetime.fromisoformat(made.strip())
        except ValueError:
            moment = None
        if moment is not None:
            return moment.replace(tzinfo=None)
    dates = [
        amount.provenance.reference_date
        for e in result.entitlements
        for amount in (e.annual_gross, e.aow_annual_single, e.aow_annual_couple)
        if amount is not None and amount.provenance.reference_date is not None
    ]
    return dt.datetime.combine(max(dates), dt.time()) if dates else None


def newest_downloads(
    results: Sequence[ImportResult], warnings: list[Message]
) -> list[ImportResult]:
    """The files without older downloads of a person who also has a newer one.

    Two Mijnpensioenoverzicht files of one person (same birth date and name) made on different
    moments would otherwise count every pension twice or mix two reference dates; the older is
    set aside and a warning says which. The same download twice counts once.
    """
    kept: list[ImportResult] = []
    for result in results:
        if result.kind not in OVERVIEW_KINDS or len(result.persons) != 1:
            kept.append(result)
            continue
        person = result.persons[0]
        earlier = next(
            (
                k
                for k in kept
                if k.kind in OVERVIEW_KINDS
                and len(k.persons) == 1
                and _same_person(k.persons[0], person)
            ),
            None,
        )
        if earlier is None:
            kept.append(result)
            continue
        if earlier.document.sha256 == result.document.sha256:
            continue  # the very same file twice
        old, new = download_moment(earlier), download_moment(result)
        if old is None or new is None or old == new:
            kept.append(result)  # not told apart by date: merged, conflicts are flagged
            continue
        newer, older = (result, earlier) if new > old else (earlier, result)
        if newer is result:
            kept[kept.index(earlier)] = result
        dates = {
            "older_date": _moment_text(min(old, new)),
            "newer_date": _moment_text(max(old, new)),
        }
        if person.name:
            set_aside = Message.of(
                "download.older", person=person.name, newer=newer.document.name, **dates
            )
        else:
            set_aside = Message.of("download.older_unnamed", newer=newer.document.name, **dates)
        warnings.append(set_aside.model_copy(update={"file": older.document.name}))
    return kept


def _moment_text(moment: dt.datetime) -> str:
    return moment.date().isoformat()


def _says_partners(results: Sequence[ImportResult]) -> bool:
    """Whether any file says its person lives with a partner (MPO or BRP)."""
    return any(p.household_status == "couple" for r in results for p in r.persons)


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
    results: Sequence[ImportResult],
    engine: Engine | None = None,
    label: str | None = None,
    partners: bool = False,
) -> Dossier:
    """Merge imported files into one dossier (at most two persons).

    ``partners`` is the user's confirmation that two people whose files both say single live
    together; without it such files raise ``PartnersUnconfirmed``.
    """
    engine = engine or Engine()
    persons: list[Person] = []
    rename: dict[tuple[int, str], str] = {}
    warnings: list[Message] = []
    results = newest_downloads(results, warnings)
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
                        phrase(
                            "a third person: a household has one or two. Open this person's "
                            "files as a new household (New household), or remove the file"
                        ),
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
            phrase(
                "none of these files says who the household is (a "
                "Mijnpensioenoverzicht file or a BRP entry is needed)"
            ),
            ", ".join(r.document.name for r in results),
        )
    if len(persons) == 2 and not (partners or _says_partners(results)):
        first, second = (p.name or p.birth_date.isoformat() for p in persons)
        raise PartnersUnconfirmed((first, second))
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
                    phrase(
                        "no person in this household is born on {birth_date}",
                        birth_date=born.isoformat(),
                    ),
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
    box3_other: int | None = None
    box3_debts: int | None = None
    rent: Rent | None = None
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
        if result.box3_other_cents is not None:
            box3_other = (box3_other or 0) + result.box3_other_cents
        if result.box3_debts_cents is not None:
            box3_debts = (box3_debts or 0) + result.box3_debts_cents
        if result.rent is not None:
            if rent is not None and rent != result.rent:
                warnings.append(Message(code="rent.second", file=result.document.name))
            rent = result.rent
    ids = [e.id for e in lines["entitlements"]]
    if len(set(ids)) != len(ids):
        lines["entitlements"] = [
            e.model_copy(update={"id": f"{e.id}-{n + 1}"})
            for n, e in enumerate(lines["entitlements"])
        ]
    documents = [
        r.document.model_copy(update={"person_id": _file_owner(index, r, owner)})
        for index, r in enumerate(results)
    ]
    return Dossier(
        label=label,
        household=Household(persons=persons),
        documents=documents,
        warnings=warnings,
        box3_assets_cents=box3,
        box3_other_cents=box3_other,
        box3_debts_cents=box3_debts,
        rent=rent,
        **lines,
    )


def _file_owner(
    index: int, result: ImportResult, owner: Callable[[int, str | None], str | None]
) -> str | None:
    """The person a file belongs to: its own person, or the one all its lines belong to."""
    if result.persons:
        return owner(index, result.persons[0].id)
    items: list[Any] = [
        *result.entitlements,
        *result.income_lines,
        *result.employment,
        *result.tax_income,
        *result.transactions,
        *result.debts,
    ]
    owners = {owner(index, getattr(item, "person_id", None)) for item in items}
    return owners.pop() if len(owners) == 1 else None


def _line_file(item: Any) -> str | None:
    """The file a line was read from, by its provenance."""
    provenance = getattr(item, "provenance", None)
    if provenance is None:
        for field in ("annual_gross", "aow_annual_single", "aow_annual_couple"):
            amount = getattr(item, field, None)
            if amount is not None:
                provenance = amount.provenance
                break
    return None if provenance is None else provenance.file


OWNED = ("entitlements", "income_lines", "employment", "tax_income", "transactions", "debts")
"""The dossier's lists whose items belong to a person."""


def move_document(dossier: Dossier, name: str, person_id: str) -> Dossier:
    """The dossier with one file, and every line read from it, given to another person."""
    dossier.person(person_id)  # raises StopIteration for an unknown person
    changed: dict[str, Any] = {
        field: [
            item.model_copy(update={"person_id": person_id}) if _line_file(item) == name else item
            for item in getattr(dossier, field)
        ]
        for field in OWNED
    }
    changed["documents"] = [
        d.model_copy(update={"person_id": person_id}) if d.name == name else d
        for d in dossier.documents
    ]
    return dossier.model_copy(update=changed)


def _amount(entitlement: Entitlement) -> int:
    if entitlement.annual_gross is not None:
        return entitlement.annual_gross.cents
    amount = entitlement.aow_annual_single or entitlement.aow_annual_couple
    return 0 if amount is None else amount.cents
