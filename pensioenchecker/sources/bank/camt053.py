"""CAMT.053 (ISO 20022 bank-to-customer statement), versions 001.02 to 001.08.

Elements are matched by local name, so the namespace of each version (and banks' prefixes) does
not matter. Every file is first read by defusedxml's parser with DTDs forbidden, up to its root
element: a statement never needs a DTD, and refusing one stops entity-expansion bombs and
external entities before anything expands. Only then is the tree built, by the standard
library's C parser and tree builder (no Python code per element), fed in chunks; after each one
the finished statement parts are read into their needed fields and dropped from the tree, so
tens of thousands of entries stay fast and the tree stays small.

One job at about 890 lines: one CAMT.053 file, read safely and fast, into transactions. The DTD
screen, the chunked tree, the reading plans per part shape (with their element-by-element
fallback) and the entry fields all serve that one reading and share its wanted element paths
(``_WANTED``, ``_ENTRY_FIELDS``) and its refusals, which name the file and entry alike.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from functools import partial
from itertools import chain
from operator import attrgetter, itemgetter, methodcaller
from pyexpat import ErrorString, ExpatError
from typing import Any, NamedTuple, cast
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser as SafeXMLParser

from pensioenchecker.messages import phrase
from pensioenchecker.model import Message, Provenance, Transaction
from pensioenchecker.sources.bank.categories import (
    BankImporter,
    Rules,
    bank_transactions,
    currency_warnings,
    default_rules,
    parse_date,
    shown,
    to_cents,
    transaction_draft,
)
from pensioenchecker.sources.base import (
    Deadline,
    ImportProblem,
    ImportResult,
    checked_bytes,
    file_name,
    source_file,
)

_NAMESPACE = re.compile(r"urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.(\d{2})")
SUPPORTED_VERSIONS = range(2, 9)
"""camt.053.001.02 (Rabobank, most Dutch banks) up to 001.08."""


_WANTED = {
    "Ntry": [
        "Amt",
        "CdtDbtInd",
        "Sts",
        "Sts/Cd",
        "BookgDt/Dt",
        "BookgDt/DtTm",
        "ValDt/Dt",
        "ValDt/DtTm",
        "AddtlNtryInf",
        "NtryDtls/TxDtls/AddtlTxInf",
        "NtryDtls/TxDtls/RmtInf/Ustrd",
        "NtryDtls/TxDtls/RmtInf/Strd/CdtrRefInf/Ref",
    ]
    + [
        f"NtryDtls/TxDtls/RltdPties/{party}/{leaf}"
        for party in ("Cdtr", "Dbtr", "UltmtCdtr", "UltmtDbtr")
        for leaf in ("Nm", "Pty/Nm")
    ]
    + [
        f"NtryDtls/TxDtls/RltdPties/{account}/Id/{leaf}"
        for account in ("CdtrAcct", "DbtrAcct")
        for leaf in ("IBAN", "Othr/Id")
    ],
    "Acct": ["Id/IBAN", "Id/Othr/Id", "Ccy"],
    "Bal": ["Tp/CdOrPrtry/Cd", "Tp/CdOrPrtry/Prtry", "Amt", "CdtDbtInd", "Dt/Dt", "Dt/DtTm"],
    "FrToDt": ["ToDtTm"],
    "Id": [],
    "ElctrncSeqNb": [],
    "CreDtTm": [],
}
"""Per part of a statement, the paths read from it; everything else is skipped unread."""

_PARTIES = "NtryDtls/TxDtls/RltdPties/"
_CREDITOR = (
    tuple(f"{_PARTIES}{p}/{leaf}" for p in ("Cdtr", "UltmtCdtr") for leaf in ("Nm", "Pty/Nm")),
    tuple(f"{_PARTIES}CdtrAcct/Id/{leaf}" for leaf in ("IBAN", "Othr/Id")),
)
_DEBTOR = (
    tuple(f"{_PARTIES}{p}/{leaf}" for p in ("Dbtr", "UltmtDbtr") for leaf in ("Nm", "Pty/Nm")),
    tuple(f"{_PARTIES}DbtrAcct/Id/{leaf}" for leaf in ("IBAN", "Othr/Id")),
)
_USTRD = "NtryDtls/TxDtls/RmtInf/Ustrd"
_CREDITOR_REF = "NtryDtls/TxDtls/RmtInf/Strd/CdtrRefInf/Ref"


_TWO_DECIMALS = re.compile(r"\d{1,15}\.\d\d", re.ASCII)

_BATCH = 4096
"""Entries categorised and validated together (see ``bank_transactions``)."""

_CHUNK_BYTES = 2**16
"""Bytes fed to the parser at a time; the entries completed in them are read and dropped."""


class _Node:
    """A wanted element in a statement part: its record path and its wanted children.

    ``children`` maps local names, and (learned while reading) full tags, to the child's node;
    False marks a tag whose whole subtree is skipped.
    """

    __slots__ = ("children", "currency", "join", "path")

    def __init__(self, path: str) -> None:
        self.path = path
        self.join = path.endswith("Ustrd")
        """Repeated texts are joined with a space (remittance lines); otherwise the first counts."""
        self.currency = path == "Amt"
        """The entry's amount: its Ccy attribute is read too."""
        self.children: dict[str, _Node | bool] = {}

    def child(self, tag: str) -> _Node | bool:
        """The node of a child element with this tag, or False when nothing under it is needed."""
        node = self.children.get(tag.rpartition("}")[2], False)
        self.children[tag] = node
        return node


def _part_nodes() -> dict[str, _Node]:
    """A fresh node tree per statement part (its tag cache fills while one file is read)."""
    parts = {}
    for part, paths in _WANTED.items():
        top = parts[part] = _Node("")
        for path in paths:
            node = top
            steps = path.split("/")
            for n, step in enumerate(steps, 1):
                found = node.children.get(step)
                if not isinstance(found, _Node):
                    found = node.children[step] = _Node("/".join(steps[:n]))
                node = found
    return parts


_PLAN_ELEMENTS = 256
"""Parts with more elements than this are walked element by element instead."""
_PLANS = 256
"""Shapes remembered per file; a file with more starts over."""
_TAG = attrgetter("tag")
_TAIL = attrgetter("tail")
_TEXT = attrgetter("text")
_ITER = methodcaller("iter")

_Step = tuple[int, tuple[int, ...], bool, str, bool]
"""One leaf read by a part's plan: its position (in document order), then what makes its text:
its own text, the tails of the elements at the positions listed (its own, then those of the
ancestors it ends last in) and, when ``last``, the text after the part. The text is recorded at
the path; with the final flag set, repeated texts are joined with a space.
"""
_ENTRY_FIELDS = (
    ("Sts", "Sts/Cd"),
    ("Amt",),
    ("CdtDbtInd",),
    ("BookgDt/Dt", "BookgDt/DtTm", "ValDt/Dt", "ValDt/DtTm"),
    _CREDITOR[0],
    _CREDITOR[1],
    _DEBTOR[0],
    _DEBTOR[1],
    (_USTRD,),
    (_CREDITOR_REF,),
    ("AddtlNtryInf", "NtryDtls/TxDtls/AddtlTxInf"),
)
"""The fields ``_Reader._entry_fields`` takes, each as its paths in order of preference."""


class _Plan:
    """How to read a part of one shape (see ``_plan``).

    ``currencies`` are the positions of entry amounts (their Ccy is read), ``steps`` the
    leaves. For an entry whose leaves all have different paths, ``leaves`` fetches the leaf
    elements in one call and ``fields`` picks from their texts, per ``_ENTRY_FIELDS`` item,
    the one that holds it (the last, None, when absent), so an entry with only layout
    whitespace is read without a record.
    """

    __slots__ = ("currencies", "fields", "leaves", "steps")

    def __init__(self, currencies: tuple[int, ...], steps: tuple[_Step, ...], entry: bool) -> None:
        self.currencies = currencies
        self.steps = steps
        self.leaves: Callable[[list[Element]], tuple[Element, ...]] | None = None
        self.fields: Callable[[list[str | None]], tuple[str | None, ...]] = tuple
        paths = [step[3] for step in steps]
        if entry and len(paths) >= 2 and len(set(paths)) == len(paths) and len(currencies) <= 1:
            where = {path: number for number, path in enumerate(paths)}
            self.leaves = itemgetter(*(step[0] for step in steps))
            self.fields = itemgetter(
                *(
                    next((where[path] for path in choices if path in where), -1)
                    for choices in _ENTRY_FIELDS
                )
            )


def _plan(elements: list[Element], node: _Node, entry: bool) -> _Plan:
    """The steps that read a part of this shape, in document order (see ``_Reader._collect``)."""
    position = {id(element): index for index, element in enumerate(elements)}
    currencies: list[int] = []
    steps: list[_Step] = []

    def walk(element: Element, node: _Node, tails: tuple[int, ...], last: bool) -> None:
        count = len(element)
        for number, child in enumerate(element, 1):
            found = node.children.get(child.tag)
            if found is None:
                found = node.child(child.tag)
            if not isinstance(found, _Node):
                continue
            index = position[id(child)]
            if found.currency:
                currencies.append(index)
            after = (index, *tails) if number == count else (index,)
            ends_part = last and number == count
            if len(child):
                walk(child, found, after, ends_part)
            else:
                steps.append((index, after, ends_part, found.path, found.join))

    walk(elements[0], node, (), True)
    return _Plan(tuple(currencies), tuple(steps), entry)


def _not_well_formed(exc: ParseError, name: str) -> ImportProblem:
    """Expat's complaint as a problem naming the file and line."""
    line = exc.position[0] if exc.position else 0
    reason = str(exc).split(":")[0]
    return ImportProblem(
        phrase("not well-formed XML ({reason})", reason=reason),
        phrase("{file}, line {line}", file=name, line=str(line)),
    )


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _trim(element: Element) -> None:
    """Drop the finished children of an element nobody needs, down its open descendants."""
    while len(element):
        del element[:-1]
        element = element[0]


class Camt053Importer(BankImporter):
    """Reads CAMT.053 XML statements."""

    KIND = "camt053"

    def detect(self, data: bytes, name: str) -> bool:
        """The camt.053 namespace near the start of an XML file."""
        head = data[:4096]
        return b"<" in head[:200] and b"urn:iso:std:iso:20022:tech:xsd:camt.053." in head

    def load(self, data: bytes, name: str) -> ImportResult:
        """Parse all statements; only booked entries become transactions."""
        checked_bytes(data, name, self.MAX_BYTES)
        document = source_file(data, name, self.KIND)
        reader = _Reader(document.sha256, name, self.rules or default_rules())
        screen = _Screen(reader)
        # The tree is built by the standard library's C parser and tree builder, with no Python
        # code per element, from bytes defusedxml's parser has already accepted as far as the
        # root element (see ``_Screen``). The pull parser hands out start events (the root's is
        # the first); they are drained after every chunk so no finished element is kept alive,
        # and the finished statement parts are read and dropped.
        parser: XMLPullParser[Element] = XMLPullParser(events=("start",))
        root: Element | None = None
        size = len(data)
        markup = _Markup(data, name)
        for offset in [*range(0, size, _CHUNK_BYTES), size]:
            final = offset == size
            chunk = data[offset : offset + _CHUNK_BYTES]
            markup.check(offset, offset + len(chunk))
            problem: ImportProblem | None = None
            if not screen.passed:
                broken = screen.read(chunk, final)
                if broken is not None:
                    chunk, problem = chunk[: max(0, broken.at - offset)], broken.problem
            try:
                if final and problem is None:
                    parser.close()
                else:
                    parser.feed(chunk)
            except ParseError as exc:
                problem = problem or _not_well_formed(exc, reader.name)
            except (LookupError, UnicodeError) as exc:
                problem = problem or ImportProblem(
                    phrase("unreadable text encoding ({reason})", reason=type(exc).__name__),
                    reader.name,
                )
            try:
                # A parse error while feeding is queued after the events before it.
                # Only start events are asked for, so each one carries an element.
                starts = cast("Iterator[tuple[str, Element]]", parser.read_events())
                for _event, element in starts:
                    if root is None:
                        root = element
                        reader.check_root(root.tag)
            except ParseError as exc:
                problem = problem or _not_well_formed(exc, reader.name)
            reader.deadline.check()
            _check_depth(root, reader)
            if problem is not None:
                # The entries that ended before the error are read first, as they come in
                # the file: a problem in one of them is reported before the broken XML.
                reader.read(root, complete=False)
                raise problem
            reader.read(root, complete=final)
        reader.finish()
        return ImportResult(
            kind=self.KIND,
            document=document,
            transactions=reader.transactions,
            warnings=reader.warnings + currency_warnings(reader.transactions),
            content={
                "format": f"camt.053.001.{reader.version:02d}",
                "statements": reader.statements,
            },
        )


MAX_MARKUP_BYTES = 2**16
"""The longest tag (with its attributes), comment or other markup a statement may hold."""


class _Markup:
    """Refuses markup (a tag, comment, ...) longer than ``MAX_MARKUP_BYTES`` before it is fed.

    Expat keeps an unfinished tag and reads it again with every chunk that follows, so one
    tag of tens of megabytes ran into the time limit; no statement has a tag near this size. Text
    cannot hold a "<", so the last "<" without a ">" after it opens the markup being read.
    """

    def __init__(self, data: bytes, name: str) -> None:
        self.data = data
        self.name = name
        self.opened = -1
        self.closed = -1

    def check(self, start: int, end: int) -> None:
        """The bytes up to ``end`` are about to be read; ``start`` is where new ones begin."""
        opened = self.data.rfind(b"<", start, end)
        if opened >= 0:
            self.opened = opened
        closed = self.data.rfind(b">", max(start, self.opened), end)
        if closed >= 0:
            self.closed = closed
        if self.opened > self.closed and end - self.opened > MAX_MARKUP_BYTES:
            line = self.data.count(b"\n", 0, self.opened) + 1
            raise ImportProblem(
                phrase(
                    "a tag or other markup longer than {limit_kib} KiB",
                    limit_kib=MAX_MARKUP_BYTES // 1024,
                ),
                phrase("{file}, line {line}", file=self.name, line=str(line)),
            )


MAX_DEPTH = 64
"""A statement nests about fifteen levels deep; far deeper is a file made to exhaust memory."""


def _check_depth(root: Element | None, reader: _Reader) -> None:
    """Refuse a file whose open elements nest deeper than ``MAX_DEPTH``.

    Open elements cannot be dropped, so without this a file of nothing but start tags would
    hold all of them; checked after each chunk, memory stays within a chunk's worth.
    """
    element, depth = root, 0
    while element is not None and len(element):
        element = element[-1]
        depth += 1
        if depth > MAX_DEPTH:
            raise ImportProblem(
                phrase("elements nested deeper than {count} levels", count=MAX_DEPTH),
                reader.place(),
            )


class _Broken(NamedTuple):
    """Where the XML stops being well-formed (a byte index in the file), and the problem."""

    at: int
    problem: ImportProblem


class _Screen:
    """defusedxml's parser, reading the file up to its root element before anything else may.

    A DTD, and with it every entity declaration and external reference, can only stand before
    the root element; so once defusedxml's parser has passed the root's start tag without
    refusing, the rest cannot declare anything, and a DOCTYPE further on is merely not
    well-formed XML. It refuses a DTD (defusedxml's guards) and unreadable encodings by raising
    ImportProblem; for text that is not well-formed it returns the byte where the error lies,
    so the tree builder gets only the bytes before it.
    """

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.passed = False
        """The root element has started: no DTD came before it."""
        self.expat = SafeXMLParser(forbid_dtd=True).parser
        for handler in _BUILDING_HANDLERS:
            setattr(self.expat, handler, None)
        self.expat.StartElementHandler = self._element

    def _element(self, tag: str, attributes: object) -> None:
        self.passed = True

    def read(self, chunk: bytes, final: bool) -> _Broken | None:
        """Read the next chunk (``final``: the file ends after it)."""
        try:
            self.expat.Parse(chunk, final)
        except DefusedXmlException as exc:
            # DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden: never expanded.
            raise ImportProblem(
                phrase(
                    "refused: the XML declares a DTD or entities ({reason})",
                    reason=type(exc).__name__,
                ),
                self.reader.place(),
            ) from None
        except ExpatError as exc:
            where = phrase("{file}, line {line}", file=self.reader.name, line=str(exc.lineno))
            problem = ImportProblem(
                phrase("not well-formed XML ({reason})", reason=ErrorString(exc.code)), where
            )
            return _Broken(self.expat.ErrorByteIndex, problem)
        except (LookupError, UnicodeError) as exc:
            raise ImportProblem(
                phrase("unreadable text encoding ({reason})", reason=type(exc).__name__),
                self.reader.name,
            ) from None
        return None


_BUILDING_HANDLERS = (
    "StartElementHandler",
    "EndElementHandler",
    "CharacterDataHandler",
    "CommentHandler",
    "ProcessingInstructionHandler",
    "DefaultHandlerExpand",
)
"""The handlers that would build a tree; defusedxml's DTD and entity guards stay installed."""


class _Reader:
    """Reads the statements from the element tree as it grows, then drops what it has read.

    Depth 1 is Document, 2 BkToCstmrStmt, 3 Stmt, 4 a statement's parts (Acct, Bal, Ntry, ...).
    Only the last child of an element can still be open, so after each chunk the other
    children are finished: they are read and deleted, and the last one is looked into. Each
    part becomes a flat record (path -> text) of the wanted fields, as ``_WANTED`` lists them.

    An element's text is what the file holds from its start tag to the next start tag (so it
    includes the text after its end tag), stripped; only elements without child elements have
    one. A field that repeats keeps its first text, except remittance lines, which are joined.
    """

    def __init__(self, sha256: str, name: str, rules: Rules) -> None:
        self.name = name
        self.file = file_name(name)
        self.rules = rules
        self.id_prefix = f"camt053-{sha256[:8]}"
        self.version: int | None = None
        self.transactions: list[Transaction] = []
        self.drafts: list[dict[str, Any]] = []
        self.numbers: list[int] = []
        """The entry number of each draft."""
        self.statements: list[dict[str, Any]] = []
        self.warnings: list[Message] = []
        self.entry_number = 0
        self.pending = 0
        self.deadline = Deadline(name)
        self.parts = 0
        self.nodes = _part_nodes()
        self.statement: dict[str, Any] | None = None
        self.statement_element: Element | None = None
        self.provenance: Provenance | None = None
        self.part_element: Element | None = None
        self.record: dict[str, str] = {}
        self.dates: dict[str, dt.date] = {}
        self.kinds: dict[str, str] = {}
        """Local names of the statement parts' tags."""
        self.currencies: set[str] = set()
        """Currency codes already checked."""
        self.plans: dict[tuple[str | int, ...], _Plan] = {}

    def place(self) -> str:
        """Where in the file reading is: the entry, once entries have begun."""
        return f"{self.name}, entry {self.entry_number}" if self.entry_number else self.name

    def check_root(self, tag: str) -> None:
        """The root element must be a camt.053 Document."""
        self._root(tag, _local(tag))

    # --- the tree, level by level ---

    def read(self, root: Element | None, complete: bool) -> None:
        """Read the finished parts of the tree (all of it once ``complete``) and drop them."""
        if root is None:
            return
        count = len(root)
        done = count if complete else count - 1
        for index in range(done):
            group = root[index]
            self._group(group, True, group.tail or "")
        if not complete and count:
            self._group(root[count - 1], False, "")
        if done > 0:
            del root[:done]

    def _group(self, group: Element, complete: bool, after: str) -> None:
        """A child of Document (BkToCstmrStmt): its Stmt children are the statements."""
        count = len(group)
        done = count if complete else count - 1
        for index in range(done):
            child = group[index]
            tail = child.tail or ""
            trailing = tail + after if index == count - 1 else tail
            if _local(child.tag) == "Stmt":
                self._statement(child, True, trailing)
        if not complete and count:
            child = group[count - 1]
            if _local(child.tag) == "Stmt":
                self._statement(child, False, "")
            else:
                _trim(child)
        if done > 0 and not complete:
            del group[:done]

    def _statement(self, element: Element, complete: bool, after: str) -> None:
        if element is not self.statement_element:
            self.statement_element = element
            self.statement = {"account": None, "currency": None, "balances": {}, "entries": 0}
            self.provenance = None
        statement = self.statement
        assert statement is not None
        count = len(element)
        done = count if complete else count - 1
        # Text after elements is nearly always layout (or nothing): checked once for all the
        # finished parts, so each entry need not check its own.
        finished = element[:done]
        tails = "".join(filter(None, map(_TAIL, chain.from_iterable(map(_ITER, finished)))))
        layout = (not tails or tails.isspace()) and (not after or after.isspace())
        for index, part in enumerate(finished):
            tail = part.tail or ""
            trailing = tail + after if index == count - 1 else tail
            self._part_element(part, True, trailing, statement, layout)
        if not complete and count:
            self._part_element(element[count - 1], False, "", statement, False)
        if complete:
            self.statement_element = None
            self.statement = None
            self._close_statement(statement)
        elif done > 0:
            del element[:done]

    def _part_element(
        self,
        element: Element,
        complete: bool,
        after: str,
        statement: dict[str, Any],
        layout: bool,
    ) -> None:
        """A part of a statement; ``layout``: only layout whitespace after its elements."""
        kind = self.kinds.get(element.tag)
        if kind is None:
            kind = self.kinds[element.tag] = _local(element.tag)
        node = self.nodes.get(kind)
        if node is None:
            if not complete:
                _trim(element)
            return
        if complete and element is not self.part_element and len(element):
            # The usual case: a whole part, read by the plan for its shape.
            elements = list(element.iter())
            if len(elements) <= _PLAN_ELEMENTS:
                self._planned(elements, node, kind, after, statement, layout)
                return
        if element is not self.part_element:
            self.part_element = element
            self.record = {"#": kind}
        record = self.record
        if len(element):
            self._collect(element, node, record, complete, after)
        elif complete:
            text = ((element.text or "") + after).strip()
            if text:
                record[""] = text
        if complete:
            self.part_element = None
            self._part(record, statement)

    def _planned(
        self,
        elements: list[Element],
        node: _Node,
        kind: str,
        after: str,
        statement: dict[str, Any],
        layout: bool,
    ) -> None:
        """Read a whole part by the plan for its shape (what ``_collect`` would do).

        Entries of one file nearly all have the same shape (tags and nesting), so the walk that
        finds the wanted elements runs once per shape; each part only looks up its texts.
        """
        key = tuple(map(_TAG, elements)) + tuple(map(len, elements))  # tags, then child counts
        plan = self.plans.get(key)
        if plan is None:
            if len(self.plans) >= _PLANS:
                self.plans.clear()
            plan = self.plans[key] = _plan(elements, node, kind == "Ntry")
        if not layout:
            tails = "".join(filter(None, map(_TAIL, elements)))
            layout = (not tails or tails.isspace()) and (not after or after.isspace())
        if layout and plan.leaves is not None:
            texts: list[str | None] = list(map(_TEXT, plan.leaves(elements)))
            if None not in texts:
                texts = list(map(str.strip, texts))  # type: ignore[arg-type]
                if all(texts):
                    # The usual entry: each wanted field once, with a text of its own.
                    texts.append(None)  # what field -1 (absent) reads
                    currency = elements[plan.currencies[0]].get("Ccy") if plan.currencies else None
                    self._entry_fields(plan.fields(texts), currency, statement)
                    return
        self._part(self._record(elements, plan, kind, after), statement)

    def _record(
        self, elements: list[Element], plan: _Plan, kind: str, after: str
    ) -> dict[str, str]:
        """The record of a whole part (path -> text), read by its plan as ``_collect`` would."""
        record = {"#": kind}
        steps = plan.steps
        for index in plan.currencies:
            currency = elements[index].get("Ccy")
            if currency is not None:
                record["Amt@Ccy"] = currency
        for index, after_indices, last, path, join in steps:
            text = elements[index].text
            for tail_index in after_indices:
                tail = elements[tail_index].tail
                if tail:
                    text = (text or "") + tail
            if last and after:
                text = (text or "") + after
            if text:
                text = text.strip()
                if text:
                    if path not in record:
                        record[path] = text
                    elif join:
                        record[path] += " " + text
        return record

    def _collect(
        self, element: Element, node: _Node, record: dict[str, str], complete: bool, after: str
    ) -> None:
        """Record the wanted texts under an element of a part.

        Unfinished (``complete`` false): only its finished children, which are then dropped.
        """
        children = node.children
        count = len(element)
        last = count - 1
        done = count if complete else last
        for index, child in enumerate(element):
            if index == done:
                break
            found = children.get(child.tag)
            if found is None:
                found = node.child(child.tag)
            if found:
                assert isinstance(found, _Node)
                if found.currency:
                    currency = child.get("Ccy")
                    if currency is not None:
                        record["Amt@Ccy"] = currency
                tail = child.tail
                if len(child):
                    if index == last:
                        self._collect(child, found, record, True, (tail or "") + after)
                    else:
                        self._collect(child, found, record, True, tail or "")
                else:
                    text = child.text
                    if tail:
                        text = (text or "") + tail
                    if index == last and after:
                        text = (text or "") + after
                    if text:
                        text = text.strip()
                        if text:
                            path = found.path
                            if path not in record:
                                record[path] = text
                            elif found.join:
                                record[path] += " " + text
        if not complete and count:
            child = element[last]
            found = children.get(child.tag)
            if found is None:
                found = node.child(child.tag)
            if found:
                assert isinstance(found, _Node)
                if len(child):
                    self._collect(child, found, record, False, "")
            else:
                _trim(child)
            if last > 0:
                del element[:last]

    # --- records ---

    def _root(self, tag: str, local: str) -> None:
        match = _NAMESPACE.fullmatch(tag.lstrip("{").partition("}")[0])
        if local != "Document" or match is None:
            raise ImportProblem(
                phrase("not a CAMT.053 bank statement (wrong root element or namespace)"),
                self.name,
            )
        self.version = int(match.group(1))
        if self.version not in SUPPORTED_VERSIONS:
            self.warnings.append(Message.of("bank.newer_version", version=f"{self.version:02d}"))

    def _close_statement(self, statement: dict[str, Any]) -> None:
        """Keep the statement's summary; warn when its balances do not add up."""
        booked = statement.pop("booked_cents", 0)
        balances = statement["balances"]
        opening = balances.get("OPBD") or balances.get("PRCD")
        closing = balances.get("CLBD")
        if opening and closing and not statement.pop("other_currency", False):
            difference = closing["cents"] - opening["cents"] - booked
            if difference:
                self.warnings.append(
                    Message.of(
                        "bank.entries_missing",
                        statement=str(len(self.statements) + 1),
                        account=str(statement["account"]),
                        difference_cents=difference,
                    )
                )
        statement.pop("other_currency", None)
        self.statements.append(statement)

    def _part(self, record: dict[str, str], statement: dict[str, Any]) -> None:
        kind = record["#"]
        if kind == "Ntry":
            fields = [next(filter(None, map(record.get, paths)), None) for paths in _ENTRY_FIELDS]
            self._entry_fields(fields, record.get("Amt@Ccy"), statement)
            return
        self.parts += 1
        if self.parts % 512 == 0:
            self.deadline.check()
        if kind == "Acct":
            statement["account"] = record.get("Id/IBAN") or record.get("Id/Othr/Id")
            statement["currency"] = record.get("Ccy")
        elif kind == "Bal":
            code = record.get("Tp/CdOrPrtry/Cd") or record.get("Tp/CdOrPrtry/Prtry")
            amount = record.get("Amt")
            day = record.get("Dt/Dt") or record.get("Dt/DtTm")
            if code and amount:
                sign = -1 if record.get("CdtDbtInd") == "DBIT" else 1
                statement["balances"][code] = {
                    "cents": sign * to_cents(amount, f"{self.name}, balance {code}"),
                    "date": day[:10] if day else None,
                }
        elif kind == "FrToDt":
            statement["to"] = record.get("ToDtTm")
        elif kind in ("Id", "ElctrncSeqNb", "CreDtTm"):
            statement[kind] = record.get("", "")[:64]

    def finish(self) -> None:
        """Checks once the whole file is read."""
        self.flush()
        if self.version is None:
            raise ImportProblem(phrase("not a CAMT.053 bank statement"), self.name)
        if not self.statements:
            raise ImportProblem(phrase("the file holds no account statement (Stmt)"), self.name)
        if self.pending:
            self.warnings.append(Message.of("bank.pending", count=self.pending))

    def _provenance(self, statement: dict[str, Any]) -> Provenance:
        """The statement date: closing balance date, else the period end, else none."""
        if statement["account"] is None:
            raise ImportProblem(phrase("the statement names no account (Acct/Id)"), self.place())
        closing = statement["balances"].get("CLBD") or statement["balances"].get("CLAV")
        text = (closing or {}).get("date") or statement.get("to")
        reference: dt.date | None = None
        if text:
            reference = parse_date(str(text)[:10], f"{self.name}, statement")
        return Provenance(source="bank", file=self.file, reference_date=reference)

    def _entry_fields(
        self, fields: Sequence[str | None], currency: str | None, statement: dict[str, Any]
    ) -> None:
        """One entry, from its texts in ``_ENTRY_FIELDS`` order and its amount's currency."""
        self.entry_number += 1
        self.parts += 1
        if self.parts % 512 == 0:
            self.deadline.check()
        if self.provenance is None:
            self.provenance = self._provenance(statement)
        (
            status,
            amount,
            indicator,
            day,
            creditor,
            creditor_account,
            debtor,
            debtor_account,
            remittance,
            creditor_reference,
            extra,
        ) = fields
        if (status or "BOOK") != "BOOK":
            self.pending += 1
            return
        if amount is None:
            raise ImportProblem(phrase("an entry without an amount (Amt)"), self.place())
        # Most amounts have two decimals: the same cents as to_cents, without a Decimal.
        cents = (
            int(amount.replace(".", ""))
            if _TWO_DECIMALS.fullmatch(amount)
            else to_cents(amount, self.place())
        )
        if indicator == "DBIT":
            cents = -cents
        elif indicator != "CRDT":
            raise ImportProblem(
                phrase("CdtDbtInd is {value}, not CRDT or DBIT", value=shown(indicator or "")),
                self.place(),
            )
        currency = currency or statement["currency"] or "EUR"
        if currency not in self.currencies:
            if len(currency) != 3 or not currency.isascii() or not currency.isupper():
                raise ImportProblem(
                    phrase("currency {value} is not a currency code", value=shown(currency)),
                    self.place(),
                )
            self.currencies.add(currency)
        if day is None:
            raise ImportProblem(phrase("an entry without a booking date (BookgDt)"), self.place())
        # Money paid goes to the creditor; money received comes from the debtor.
        paid = cents < 0
        counterparty = creditor if paid else debtor
        other = creditor_account if paid else debtor_account
        description = remittance or creditor_reference or ""
        if extra and extra not in description:
            description = f"{description} {extra}" if description else extra
        booking_date = self.dates.get(day[:10])
        if booking_date is None:
            booking_date = self.dates[day[:10]] = parse_date(day[:10], self.place())
        statement["booked_cents"] = statement.get("booked_cents", 0) + cents
        if currency != (statement["currency"] or currency):
            statement["other_currency"] = True
        statement["entries"] += 1
        self.drafts.append(
            transaction_draft(
                id=f"{self.id_prefix}-{self.entry_number}",
                account=statement["account"],
                booking_date=booking_date,
                amount_cents=cents,
                currency=currency,
                counterparty=counterparty,
                counterparty_account=other,
                description=description,
                provenance=self.provenance,
                where=self.place,
            )
        )
        self.numbers.append(self.entry_number)
        if len(self.drafts) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        """Categorise and validate the entries read so far, as one batch."""
        if self.drafts:
            numbers = self.numbers
            place = partial(self._entry_place, numbers)
            self.transactions.extend(bank_transactions(self.drafts, place, self.rules))
            self.drafts = []
            self.numbers = []

    def _entry_place(self, numbers: list[int], index: int) -> str:
        return f"{self.name}, entry {numbers[index]}"
