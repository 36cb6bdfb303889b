"""Mijnpensioenoverzicht download, XML and JSON: one data model, one interpreter.

Both serialisations become the same plain tree (dicts, lists, strings) keyed by local element
names, and one interpreter turns that tree into persons and entitlements, so the XML and the JSON
of one person give identical dossiers. Facts per the register's data model v1.2 and the peers'
observations (formats.md §1, §1c): namespaces and prefixes vary, a single repeatable element is
not a list in XML, ``xsi:nil`` means empty, amounts are gross per year, ``StatusCode`` "000" is
the only good status, a scheme repeats in every age block it pays in.

One job at about 740 lines, on purpose: the reading of both serialisations and the one
interpreter share the element names and the refusal messages; split, the parity between XML and
JSON would depend on two files staying in step.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.etree.ElementTree import Element, TreeBuilder

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

from pensioenchecker import clock
from pensioenchecker.masking import shown_value
from pensioenchecker.messages import phrase
from pensioenchecker.model import Age, Amount, Entitlement, Message, Moment, Person, Provenance
from pensioenchecker.model.bounds import MAX_ANNUAL_CENTS
from pensioenchecker.model.dossier import EntitlementKind, MomentEvent
from pensioenchecker.sources.base import (
    Deadline,
    Importer,
    ImportProblem,
    ImportResult,
    decode_text,
    file_name,
    looks_binary,
    source_file,
)

MAX_BYTES = 5 * 2**20
"""A real download is tens of kilobytes; five megabytes leaves room and refuses bombs."""
MAX_DEPTH = 40
EVENTS: dict[str, MomentEvent] = {
    "Overlijden": "death",
    "Heden": "now",
    "OverlijdenPartner": "death_partner",
    "OverlijdenOuder": "death_parent",
}
XSI_NIL = "{http://www.w3.org/2001/XMLSchema-instance}nil"

REPEATABLE = {
    "OuderdomsPensioen",
    "Pensioen",
    "IndicatiefPensioen",
    "AlleenstaandenPensioen",
    "NettoPensioen",
    "PensioenUitkering",
    "NettoPensioenUitkering",
    "PartnerPensioen",
    "WezenPensioen",
    "OntbrekendePuvsError",
    "OntbrekendePuvsGeenGegevens",
    "Bijzonderheden",
    "Statussen",
    "OuderdomsPensioenTotaal",
    "PartnerPensioenTotaal",
    "WezenPensioenTotaal",
    "PartnerPensioenUitkering",
    "PartnerNettoPensioenUitkering",
    "WezenPensioenUitkering",
    "WezenNettoPensioenUitkering",
}

KNOWN = REPEATABLE | {
    "Pensioenaanspraken",
    "Pensioenoverzicht",
    "StatusCode",
    "TijdstipAanmakenBericht",
    "Gegevens",
    "Naam",
    "Geboortedatum",
    "LevensSituatie",
    "HuwelijkseStaat",
    "Gemoedsbezwaarde",
    "Totalen",
    "OuderdomsPensioenTotalen",
    "PartnerPensioenTotalen",
    "WezenPensioenTotalen",
    "Details",
    "OuderdomsPensioenDetails",
    "PartnerPensioenDetails",
    "WezenPensioenDetails",
    "Van",
    "Tot",
    "Leeftijd",
    "Jaren",
    "Maanden",
    "OuderdomsPensioenEvent",
    "PartnerEvent",
    "WezenEvent",
    "AOW",
    "StandPer",
    "AOWDetailsOpbouw",
    "AOWDetailsUitkering",
    "TeBereikenSamenwonend",
    "OpgebouwdSamenwonend",
    "TeBereikenAlleenstaand",
    "OpgebouwdAlleenstaand",
    "UitkeringSamenwonend",
    "UitkeringAlleenstaand",
    "AOWSamenwonend",
    "AOWAlleenstaand",
    "AOWUitkeringSamenwonend",
    "AOWUitkeringAlleenstaand",
    "PensioenUitvoerder",
    "HerkenningsNummer",
    "TeBereiken",
    "Opgebouwd",
    "Uitkering",
    "AfhandelingVerevening",
    "AfhandelingScheiding",
    "PensioenVerevend",
    "Bedragen",
    "Bedrag",
    "BedragenPerKind",
    "PerKind",
    "VerzekerdBedrag",
    "OpgebouwdBedrag",
    "VerzekerdBedragNaPens",
    "OpgebouwdBedragNaPens",
    "Code",
    "Omschrijving",
    "Status",
}

# Line lists inside an old-age block: (element, certain, already net, paid now)
OLD_AGE_LINES = (
    ("Pensioen", True, False),
    ("IndicatiefPensioen", False, False),
    ("AlleenstaandenPensioen", True, False),
    ("PensioenUitkering", True, False),
    ("NettoPensioen", True, True),
    ("NettoPensioenUitkering", True, True),
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1].split(":")[-1]


def _xml_node(element: Element, depth: int, where: str) -> Any:
    """An element as plain data: text, None (empty or xsi:nil), or a dict of children."""
    if depth > MAX_DEPTH:
        raise ImportProblem(phrase("nested deeper than {count} levels", count=MAX_DEPTH), where)
    if element.get(XSI_NIL) in ("true", "1"):
        return None
    children = list(element)
    if not children:
        text = (element.text or "").strip()
        return text or None
    node: dict[str, Any] = {}
    for child in children:
        name = _local(child.tag)
        value = _xml_node(child, depth + 1, where)
        if name not in node:
            node[name] = value
        elif isinstance(node[name], list):
            node[name].append(value)
        else:
            node[name] = [node[name], value]
    return node


class _DepthLimited(TreeBuilder):
    """Builds the tree, refusing elements nested deeper than ``MAX_DEPTH`` as they open.

    A file of nothing but start tags would otherwise be built whole (millions of elements)
    before any check could see it.
    """

    def __init__(self, where: str) -> None:
        super().__init__()
        self.where = where
        self.depth = 0

    def start(self, tag: str, attrs: dict[str, str]) -> Element:
        """An element opens (ElementTree's target interface)."""
        self.depth += 1
        if self.depth > MAX_DEPTH + 1:
            raise ImportProblem(
                phrase("nested deeper than {count} levels", count=MAX_DEPTH), self.where
            )
        return super().start(tag, attrs)

    def end(self, tag: str) -> Element:
        """An element closes."""
        self.depth -= 1
        return super().end(tag)


def parse_xml(data: bytes, where: str) -> dict[str, Any]:
    """Parse safely (no DTDs, entities or external references) into plain data."""
    try:
        parser = SafeET.XMLParser(target=_DepthLimited(where), forbid_dtd=True)
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as exc:
        raise ImportProblem(
            phrase(
                "refused: the XML uses {feature} "
                "(entities, DTDs and external references are not allowed)",
                feature=type(exc).__name__,
            ),
            where,
        ) from None
    except SafeET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ImportProblem(
            phrase("not well-formed XML at line {line}, column {column}", line=line, column=column),
            where,
        ) from None
    except (ValueError, LookupError) as exc:
        raise ImportProblem(
            phrase("cannot read the XML ({reason})", reason=str(exc)), where
        ) from None
    node = _xml_node(root, 0, where)
    if not isinstance(node, dict):
        raise ImportProblem(phrase("the XML has no content"), where)
    return node


def parse_json(data: bytes, where: str) -> dict[str, Any]:
    """Parse JSON with exact decimals; refuse deep nesting and non-objects."""
    text = decode_text(data, where, fallback=None)
    try:
        node = json.loads(text, parse_float=Decimal)
    except RecursionError:
        raise ImportProblem(phrase("the JSON is nested too deeply"), where) from None
    except json.JSONDecodeError as exc:
        raise ImportProblem(
            phrase(
                "not valid JSON at line {line}, column {column}: {reason}",
                line=exc.lineno,
                column=exc.colno,
                reason=exc.msg,
            ),
            where,
        ) from None
    if not isinstance(node, dict):
        raise ImportProblem(phrase("the JSON is not an object"), where)
    _check_depth(node, 0, where)
    return node


def _check_depth(node: Any, depth: int, where: str) -> None:
    if depth > MAX_DEPTH:
        raise ImportProblem(phrase("nested deeper than {count} levels", count=MAX_DEPTH), where)
    if isinstance(node, dict):
        for value in node.values():
            _check_depth(value, depth + 1, where)
    elif isinstance(node, list):
        for value in node:
            _check_depth(value, depth + 1, where)


# -- the interpreter --------------------------------------------------------------------------


def as_list(value: Any) -> list[Any]:
    """A repeatable element: absent -> [], one -> [one], many -> many."""
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@dataclass
class _Reader:
    """Reads typed values out of the plain tree, naming the place when something is wrong."""

    where: str
    warnings: list[Message]

    def text(self, node: Any, path: str) -> str | None:
        if node is None:
            return None
        if isinstance(node, bool | dict | list):
            raise ImportProblem(
                phrase(
                    "{place}: expected text, found {found}", place=path, found=type(node).__name__
                ),
                self.where,
            )
        return str(node).strip() or None

    def date(self, node: Any, path: str) -> dt.date | None:
        value = self.text(node, path)
        if value is None:
            return None
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            shown = shown_value(value)
            raise ImportProblem(
                phrase("{place}: {value} is not a valid date", place=path, value=shown), self.where
            ) from None

    def amount(self, node: Any, path: str) -> int | None:
        """Euros (integer, dot-decimal, or a flagged decimal comma) as exact cents."""
        if node is None:
            return None
        if isinstance(node, bool | dict | list):
            raise ImportProblem(
                phrase(
                    "{place}: expected an amount, found {found}",
                    place=path,
                    found=type(node).__name__,
                ),
                self.where,
            )
        raw = str(node).strip()
        if re.fullmatch(r"-?\d+,\d{1,2}", raw):
            self.warnings.append(
                Message.of(
                    "mpo.decimal_comma",
                    place=path,
                    raw=shown_value(raw),
                    read=shown_value(raw.replace(",", ".")),
                )
            )
            raw = raw.replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            shown = shown_value(raw)
            raise ImportProblem(
                phrase("{place}: {value} is not an amount", place=path, value=shown), self.where
            ) from None
        if not value.is_finite() or value < 0:
            raise ImportProblem(
                phrase(
                    "{place}: {value} is not a valid amount", place=path, value=shown_value(raw)
                ),
                self.where,
            )
        cents = value * 100
        if cents != cents.to_integral_value():
            raise ImportProblem(
                phrase(
                    "{place}: {value} has fractions of a cent", place=path, value=shown_value(raw)
                ),
                self.where,
            )
        if cents >= MAX_ANNUAL_CENTS:
            raise ImportProblem(
                phrase("{place}: {value} is implausibly large", place=path, value=shown_value(raw)),
                self.where,
            )
        return int(cents)

    def integer(self, node: Any, path: str, low: int, high: int) -> int:
        value = self.text(node, path)
        if value is None or not re.fullmatch(r"\d{1,3}", value) or not low <= int(value) <= high:
            raise ImportProblem(
                phrase(
                    "{place}: {value} is not a number from {low} to {high}",
                    place=path,
                    value=shown_value(value),
                    low=str(low),
                    high=str(high),
                ),
                self.where,
            )
        return int(value)

    def scheme(self, line: Any, path: str) -> tuple[str, str]:
        """A pension line's provider (required) and scheme number ("" when absent)."""
        if not isinstance(line, dict):
            raise ImportProblem(
                phrase("{place}: expected a group of elements", place=path), self.where
            )
        provider = self.text(line.get("PensioenUitvoerder"), f"{path}/PensioenUitvoerder")
        if provider is None:
            raise ImportProblem(
                phrase("{place}: missing", place=f"{path}/PensioenUitvoerder"), self.where
            )
        return provider, self.text(line.get("HerkenningsNummer"), f"{path}/HerkenningsNummer") or ""

    def moment(self, node: Any, path: str) -> Moment | None:
        """A period boundary: an age (two shapes) or an event."""
        if node is None:
            return None
        if not isinstance(node, dict):
            raise ImportProblem(
                phrase("{place}: expected an age or an event", place=path), self.where
            )
        age = node.get("Leeftijd", node if "Jaren" in node else None)
        if isinstance(age, dict):
            years = self.integer(age.get("Jaren"), f"{path}/Jaren", 0, 120)
            months = self.integer(age.get("Maanden", "0"), f"{path}/Maanden", 0, 11)
            return Moment(age=Age(years=years, months=months))
        for key in ("OuderdomsPensioenEvent", "PartnerEvent", "WezenEvent"):
            if key in node:
                event = self.text(node[key], f"{path}/{key}")
                mapped = EVENTS.get(event or "")
                if mapped is None:
                    shown = shown_value(event)
                    raise ImportProblem(
                        phrase(
                            "{place}: unknown event {value}", place=f"{path}/{key}", value=shown
                        ),
                        self.where,
                    )
                return Moment(event=mapped)
        raise ImportProblem(phrase("{place}: neither an age nor an event", place=path), self.where)


def _walk(node: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every (path, element name) in the tree."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield path, key
            yield from _walk(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{path}[{index + 1}]")


def _moment_key(moment: Moment | None) -> tuple[int, int]:
    """Sort order of boundaries: now first, then ages, then events."""
    if moment is None:
        return (3, 0)
    if moment.age is not None:
        return (1, moment.age.total_months())
    return (0, 0) if moment.event == "now" else (2, 0)


@dataclass
class _Run:
    """Consecutive age blocks in which one scheme pays the same amount."""

    start: Moment | None
    end: Moment | None
    amount: int
    accrued: int | None
    reference: dt.date | None
    paid_now: bool


def interpret(doc: dict[str, Any], name: str, kind: str, data: bytes) -> ImportResult:
    """Turn a parsed download (XML or JSON, same tree) into an ImportResult."""
    where = name
    deadline = Deadline(where)
    warnings: list[Message] = []
    r = _Reader(where, warnings)
    if len(doc) == 1 and isinstance(next(iter(doc.values())), dict) and "StatusCode" not in doc:
        doc = next(iter(doc.values()))  # a JSON wrapper object around the download
    status = doc.get("StatusCode")
    status_text = f"{status:03d}" if isinstance(status, int) else r.text(status, "StatusCode")
    if status_text is None:
        raise ImportProblem(
            phrase("StatusCode missing: is this a Mijnpensioenoverzicht download?"), where
        )
    if status_text != "000":
        raise ImportProblem(
            phrase(
                "StatusCode {code}: Mijnpensioenoverzicht reports an error; "
                "download the file again",
                code=status_text,
            ),
            where,
        )
    for key, code in (
        ("OntbrekendePuvsError", "mpo.unreachable"),
        ("OntbrekendePuvsGeenGegevens", "mpo.no_data"),
    ):
        providers = [_provider_name(item) for item in as_list(doc.get(key))]
        if providers:
            warnings.append(Message.of(code, providers=", ".join(p for p in providers if p)))
    for note in as_list(doc.get("Bijzonderheden")):
        text = _provider_name(note)
        if text:
            warnings.append(Message.of("mpo.notes", text=text))

    details = doc.get("Details") or {}
    if not isinstance(details, dict):
        raise ImportProblem(phrase("{place}: expected a group of elements", place="Details"), where)
    person = _person(doc, r, where)
    provenance = {"source": "mpo", "file": file_name(name)}
    entitlements: list[Entitlement] = []
    entitlements += _old_age(details, person, r, provenance, deadline, warnings)
    entitlements += _survivors(details, person, r, provenance, deadline)
    unknown = sorted({f"{path}/{key}" for path, key in _walk(doc, "") if key not in KNOWN})
    for place in unknown:
        warnings.append(Message.of("mpo.unknown_element", place=place.lstrip("/")))
    return ImportResult(
        kind=kind,
        document=source_file(data, name, kind),
        persons=[person],
        entitlements=entitlements,
        warnings=warnings,
        unknown=unknown,
        content=doc,
    )


def _provider_name(item: Any) -> str:
    if isinstance(item, dict):
        parts = [str(v) for v in item.values() if isinstance(v, str | int)]
        return " ".join(parts)
    return "" if item is None else str(item)


def _person(doc: dict[str, Any], r: _Reader, where: str) -> Person:
    data = doc.get("Gegevens") or {}
    if not isinstance(data, dict):
        raise ImportProblem(
            phrase("{place}: expected a group of elements", place="Gegevens"), where
        )
    birth = r.date(data.get("Geboortedatum"), "Gegevens/Geboortedatum")
    if birth is None:
        raise ImportProblem(phrase("the file holds no birth date (Gegevens/Geboortedatum)"), where)
    if not dt.date(1900, 1, 1) <= birth <= clock.today():
        raise ImportProblem(
            phrase(
                "{place}: {birth_date} is not plausible",
                place="Gegevens/Geboortedatum",
                birth_date=birth.isoformat(),
            ),
            where,
        )
    situation = r.text(
        data.get("LevensSituatie") or data.get("HuwelijkseStaat"), "Gegevens/LevensSituatie"
    )
    if situation is None:
        r.warnings.append(Message.of("mpo.living_situation"))
    couple = situation is not None and situation.lower() not in ("alleenstaand", "single")
    return Person(
        id="p1",
        name=r.text(data.get("Naam"), "Gegevens/Naam"),
        birth_date=birth,
        household_status="couple" if couple else "single",
    )


def _blocks(details: dict[str, Any], group: str, item: str, where: str) -> list[dict[str, Any]]:
    container = details.get(group) or {}
    if not isinstance(container, dict):
        raise ImportProblem(
            phrase("{place}: expected a group of elements", place=f"Details/{group}"), where
        )
    blocks = as_list(container.get(item))
    for index, block in enumerate(blocks):
        if not isinstance(block, dict):
            raise ImportProblem(
                phrase(
                    "{place}: expected a group of elements",
                    place=f"Details/{group}/{item}[{index + 1}]",
                ),
                where,
            )
    return blocks


def _old_age(
    details: dict[str, Any],
    person: Person,
    r: _Reader,
    provenance: dict[str, Any],
    deadline: Deadline,
    warnings: list[Message],
) -> list[Entitlement]:
    blocks = _blocks(details, "OuderdomsPensioenDetails", "OuderdomsPensioen", r.where)
    runs: dict[tuple[str, str, str], list[_Run]] = {}
    order: list[tuple[str, str, str]] = []
    net_keys: set[tuple[str, str, str]] = set()
    certain_of: dict[tuple[str, str, str], bool] = {}
    aow: list[tuple[Moment | None, Moment | None, dict[str, Any], str]] = []
    indexed = sorted(
        enumerate(blocks),
        key=lambda ib: _moment_key(
            r.moment(ib[1].get("Van"), f"OuderdomsPensioen[{ib[0] + 1}]/Van")
        ),
    )
    for index, block in indexed:
        deadline.check()
        place = f"Details/OuderdomsPensioenDetails/OuderdomsPensioen[{index + 1}]"
        start = r.moment(block.get("Van"), f"{place}/Van")
        end = r.moment(block.get("Tot"), f"{place}/Tot")
        if isinstance(block.get("AOW"), dict):
            aow.append((start, end, block["AOW"], f"{place}/AOW"))
        for element, certain, net in OLD_AGE_LINES:
            for number, line in enumerate(as_list(block.get(element))):
                at = f"{place}/{element}[{number + 1}]"
                provider, scheme = r.scheme(line, at)
                paid = r.amount(line.get("Uitkering"), f"{at}/Uitkering")
                expected = r.amount(line.get("TeBereiken"), f"{at}/TeBereiken")
                accrued = r.amount(line.get("Opgebouwd"), f"{at}/Opgebouwd")
                amount = paid if paid is not None else expected if expected is not None else accrued
                if amount is None:
                    raise ImportProblem(
                        phrase("{place}: no amount (TeBereiken, Opgebouwd or Uitkering)", place=at),
                        r.where,
                    )
                key = (element, provider, scheme)
                if key not in runs:
                    runs[key] = []
                    order.append(key)
                    if element == "AlleenstaandenPensioen":
                        warnings.append(
                            Message.of(
                                "mpo.alleenstaandenpensioen", provider=provider, scheme=scheme
                            )
                        )
                if net:
                    net_keys.add(key)
                certain_of[key] = certain
                reference = r.date(line.get("StandPer"), f"{at}/StandPer")
                paid_now = paid is not None or (start is not None and start.event == "now")
                previous = runs[key][-1] if runs[key] else None
                if (
                    previous
                    and previous.amount == amount
                    and previous.end == start
                    and previous.paid_now == paid_now
                ):
                    previous.end = end
                else:
                    runs[key].append(_Run(start, end, amount, accrued, reference, paid_now))
    entitlements: list[Entitlement] = []
    for key in order:
        element, provider, scheme = key
        for number, run in enumerate(runs[key]):
            ident = f"{person.id}-{_slug(provider)}-{_slug(scheme) or 'regeling'}"
            ident += f"-{_slug(element)}" if element != "Pensioen" else ""
            ident += f"-{number + 1}" if len(runs[key]) > 1 else ""
            source = Provenance(reference_date=run.reference, **provenance)
            entitlements.append(
                Entitlement(
                    id=ident,
                    person_id=person.id,
                    kind="old_age",
                    provider=provider,
                    scheme_id=scheme or None,
                    start=run.start or Moment(event="now"),
                    end=None if run.end is None or run.end.event == "death" else run.end,
                    annual_gross=Amount(cents=run.amount, provenance=source),
                    accrued=None
                    if run.accrued is None
                    else Amount(cents=run.accrued, provenance=source),
                    certain=certain_of[key],
                    net_already=key in net_keys,
                    paid_since=run.reference if run.paid_now else None,
                )
            )
    if aow:
        entitlements.insert(0, _aow(aow, person, r, provenance))
    return entitlements


def _aow(
    blocks: list[tuple[Moment | None, Moment | None, dict[str, Any], str]],
    person: Person,
    r: _Reader,
    provenance: dict[str, Any],
) -> Entitlement:
    start, _, node, place = blocks[0]
    build_up = node.get("AOWDetailsOpbouw")
    paying = node.get("AOWDetailsUitkering")
    reference = r.date(node.get("StandPer"), f"{place}/StandPer")
    if isinstance(paying, dict):
        single = r.amount(
            paying.get("UitkeringAlleenstaand"),
            f"{place}/AOWDetailsUitkering/UitkeringAlleenstaand",
        )
        couple = r.amount(
            paying.get("UitkeringSamenwonend"), f"{place}/AOWDetailsUitkering/UitkeringSamenwonend"
        )
        reference = (
            r.date(paying.get("StandPer"), f"{place}/AOWDetailsUitkering/StandPer") or reference
        )
        accrued_single = None
        paid_now = True
    elif isinstance(build_up, dict):
        at = f"{place}/AOWDetailsOpbouw"
        single = r.amount(build_up.get("TeBereikenAlleenstaand"), f"{at}/TeBereikenAlleenstaand")
        couple = r.amount(build_up.get("TeBereikenSamenwonend"), f"{at}/TeBereikenSamenwonend")
        accrued_single = r.amount(
            build_up.get("OpgebouwdAlleenstaand"), f"{at}/OpgebouwdAlleenstaand"
        )
        r.amount(build_up.get("OpgebouwdSamenwonend"), f"{at}/OpgebouwdSamenwonend")
        paid_now = start is not None and start.event == "now"
    else:
        raise ImportProblem(
            phrase("{place}: neither AOWDetailsOpbouw nor AOWDetailsUitkering", place=place),
            r.where,
        )
    source = Provenance(reference_date=reference, **provenance)
    return Entitlement(
        id=f"{person.id}-aow",
        person_id=person.id,
        kind="aow",
        provider="SVB",
        start=start or Moment(event="now"),
        certain=True,
        aow_annual_single=None if single is None else Amount(cents=single, provenance=source),
        aow_annual_couple=None if couple is None else Amount(cents=couple, provenance=source),
        accrued=None if accrued_single is None else Amount(cents=accrued_single, provenance=source),
        paid_since=reference if paid_now else None,
    )


def _survivors(
    details: dict[str, Any],
    person: Person,
    r: _Reader,
    provenance: dict[str, Any],
    deadline: Deadline,
) -> list[Entitlement]:
    found: dict[tuple[str, str, str], Entitlement] = {}
    groups: tuple[tuple[str, str, EntitlementKind], ...] = (
        ("PartnerPensioenDetails", "PartnerPensioen", "partner"),
        ("WezenPensioenDetails", "WezenPensioen", "orphan"),
    )
    for group, item, kind in groups:
        for index, block in enumerate(_blocks(details, group, item, r.where)):
            deadline.check()
            place = f"Details/{group}/{item}[{index + 1}]"
            start = r.moment(block.get("Van"), f"{place}/Van")
            end = r.moment(block.get("Tot"), f"{place}/Tot")
            for element, certain in (("Pensioen", True), ("IndicatiefPensioen", False)):
                for number, line in enumerate(as_list(block.get(element))):
                    at = f"{place}/{element}[{number + 1}]"
                    provider, scheme = r.scheme(line, at)
                    bedragen = line.get("Bedragen")
                    amounts: dict[str, Any] = bedragen if isinstance(bedragen, dict) else line
                    insured = r.amount(
                        amounts.get("VerzekerdBedrag", amounts.get("Bedrag")),
                        f"{at}/Bedragen/VerzekerdBedrag",
                    )
                    accrued = r.amount(
                        amounts.get("OpgebouwdBedrag"), f"{at}/Bedragen/OpgebouwdBedrag"
                    )
                    amount = insured if insured is not None else accrued
                    if amount is None:
                        raise ImportProblem(
                            phrase(
                                "{place}: no amount (VerzekerdBedrag or OpgebouwdBedrag)", place=at
                            ),
                            r.where,
                        )
                    key = (kind, provider, scheme)
                    if key in found:
                        continue  # the same survivor's pension repeated per period
                    source = Provenance(
                        reference_date=r.date(line.get("StandPer"), f"{at}/StandPer"), **provenance
                    )
                    found[key] = Entitlement(
                        id=f"{person.id}-{kind}-{_slug(provider)}-{_slug(scheme) or 'regeling'}",
                        person_id=person.id,
                        kind=kind,
                        provider=provider,
                        scheme_id=scheme or None,
                        start=start
                        or Moment(event="death" if kind == "partner" else "death_parent"),
                        end=end,
                        annual_gross=Amount(cents=amount, provenance=source),
                        accrued=None
                        if accrued is None
                        else Amount(cents=accrued, provenance=source),
                        certain=certain,
                    )
    return list(found.values())


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40]


# -- the two importers ------------------------------------------------------------------------


def _head(data: bytes) -> str:
    head = data[:4096]
    try:
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return head.decode("utf-16", errors="ignore")
        return head.decode("utf-8", errors="ignore").lstrip("\ufeff")
    except LookupError:
        return ""


MARKERS = ("StatusCode", "OuderdomsPensioen", "Pensioenaanspraken", "TijdstipAanmakenBericht")


class MpoDownload:
    """One serialisation of the Mijnpensioenoverzicht download (both share the interpreter)."""

    MAX_BYTES = MAX_BYTES

    def __init__(self, kind: str, opening: str, parse: Callable[[bytes, str], dict[str, Any]]):
        self.KIND = kind
        self.opening = opening
        self.parse = parse

    def detect(self, data: bytes, name: str) -> bool:
        """The format's first character and one of the download's own element names."""
        head = _head(data).lstrip()
        return head.startswith(self.opening) and any(m in head for m in MARKERS)

    def load(self, data: bytes, name: str) -> ImportResult:
        """Parse safely, then interpret."""
        if looks_binary(data):
            raise ImportProblem(phrase("binary data, not a Mijnpensioenoverzicht file"), name)
        return interpret(self.parse(data, name), name, self.KIND, data)


MPO_XML = MpoDownload("mpo-xml", "<", parse_xml)
"""pensioenaanspraken.xml from Mijnpensioenoverzicht."""
MPO_JSON = MpoDownload("mpo-json", "{", parse_json)
"""The JSON download of Mijnpensioenoverzicht (Pensioenoverzicht-DD-MM-YYYY.json)."""

IMPORTERS: list[Importer] = [MPO_XML, MPO_JSON]
