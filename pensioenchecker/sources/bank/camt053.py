"""CAMT.053 (ISO 20022 bank-to-customer statement), versions 001.02 to 001.08.

Elements are matched by local name, so the namespace of each version (and banks' prefixes) does
not matter. XML is read only through defusedxml's parser with DTDs forbidden: a statement never
needs one, and refusing them stops entity-expansion bombs and external entities before they
expand. One streaming pass that keeps only the needed fields of each entry (no element tree)
keeps tens of thousands of entries fast and small in memory.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import XMLParser as SafeXMLParser

from pensioenchecker.model import Provenance, Transaction
from pensioenchecker.sources.bank.categories import (
    BankImporter,
    Rules,
    bank_transaction,
    default_rules,
    parse_date,
    shown,
    to_cents,
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
_PARTS = frozenset(_WANTED)
_KEEP = frozenset(
    "/".join(path.split("/")[:n])
    for paths in _WANTED.values()
    for path in paths
    for n in range(1, path.count("/") + 2)
)


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


_DOCUMENT_END = "\0end"
"""Passed as the tag to the start handler once the document has ended (never an XML name)."""


def _child_path(parent: str, tag: str) -> str | None:
    """The record path of a child element, or None when nothing under it is needed."""
    local = tag.rpartition("}")[2]
    path = f"{parent}/{local}" if parent else local
    return path if path in _KEEP else None


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
        reader = _Reader(data, name, self.rules or default_rules())
        parser = SafeXMLParser(target=reader, forbid_dtd=True)
        expat = getattr(parser, "parser", None)
        if expat is not None:
            # Take element events straight from expat (defusedxml's DTD and entity guards stay
            # installed on it), skipping the wrapper calls ElementTree's parser makes per element.
            expat.StartElementHandler = reader.start_raw
            expat.EndElementHandler = reader.ends.append
            expat.CharacterDataHandler = reader.chunks.append
        try:
            parser.feed(data)
            parser.close()
        except DefusedXmlException as exc:
            # DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden: never expanded.
            raise ImportProblem(
                f"refused: the XML declares a DTD or entities ({type(exc).__name__})",
                reader.place(),
            ) from None
        except ParseError as exc:
            line = exc.position[0] if exc.position else 0
            reason = str(exc).split(":")[0]
            raise ImportProblem(f"not well-formed XML ({reason})", f"{name}, line {line}") from None
        except (LookupError, UnicodeError) as exc:
            raise ImportProblem(f"unreadable text encoding ({type(exc).__name__})", name) from None
        reader.finish()
        return ImportResult(
            kind=self.KIND,
            document=source_file(data, name, self.KIND),
            transactions=reader.transactions,
            warnings=reader.warnings,
            content={
                "format": f"camt.053.001.{reader.version:02d}",
                "statements": reader.statements,
            },
        )


class _Reader:
    """The parser's target: keeps only flat records (path -> text) of each statement part.

    Building no element tree is what makes one pass over tens of thousands of entries cheap;
    a record is one child of Stmt (Acct, Bal, Ntry, ...), handled as soon as it closes.
    """

    def __init__(self, data: bytes, name: str, rules: Rules) -> None:
        self.name = name
        self.file = file_name(name)
        self.rules = rules
        self.id_prefix = f"camt053-{source_file(data, name, 'camt053').sha256[:8]}"
        self.version: int | None = None
        self.transactions: list[Transaction] = []
        self.statements: list[dict[str, Any]] = []
        self.warnings: list[str] = []
        self.entry_number = 0
        self.pending = 0
        self.deadline = Deadline(name)
        self.parts = 0
        self.chunks: list[str] = []
        """Character data since the last element start (expat appends to it directly)."""
        self.ends: list[str] = []
        """Element ends since the last element start (expat appends to it directly)."""
        self.statement: dict[str, Any] | None = None
        self.provenance: Provenance | None = None
        self.start_raw = self.handlers()

    def place(self) -> str:
        """Where in the file reading is: the entry, once entries have begun."""
        return f"{self.name}, entry {self.entry_number}" if self.entry_number else self.name

    # --- parser target: depth 1 Document, 2 BkToCstmrStmt, 3 Stmt, 4 Stmt's parts ---

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        """An element opens (ElementTree target interface)."""
        self.start_raw(tag, [x for pair in attrib.items() for x in pair])

    def end(self, tag: str) -> None:
        """An element closes (ElementTree target interface)."""
        self.ends.append(tag)

    def data(self, text: str) -> None:
        """Character data (ElementTree target interface)."""
        self.chunks.append(text)

    def close(self) -> None:
        """The document ended: apply the last element ends."""
        self.start_raw(_DOCUMENT_END, [])

    def handlers(self) -> Callable[[str, list[str]], None]:
        """The element-start handler for expat.

        Expat calls Python once per element: element ends and text only go onto lists (C
        appends, no Python frame) and are applied at the next start, in a plain loop; ``close``
        applies the last ones. A closure over local state, because local variables are faster
        than attributes in CPython; it runs for every element.
        """
        depth = 0  # elements open, as far as applied
        skip = 0  # the depth of an element whose content nobody needs, or 0
        leaf: str | None = None  # the record path of the element opened last, until it has a child
        paths: list[str] = []
        record: dict[str, str] = {}
        chunks = self.chunks
        ends = self.ends
        child_paths: dict[tuple[str, str], str | None] = {}

        def start(tag: str, attrib: list[str]) -> None:
            nonlocal depth, skip, leaf, record, paths
            if ends:
                closed = len(ends)
                ends.clear()
                if leaf is not None:
                    # The element opened last closed before any child opened: its text is all
                    # the character data since (its content plus layout whitespace after it).
                    text = "".join(chunks).strip()
                    if text:
                        if leaf not in record:
                            record[leaf] = text
                        elif leaf.endswith("Ustrd"):
                            record[leaf] += " " + text
                for _ in range(closed):
                    if skip:
                        if depth == skip:
                            skip = 0
                    elif depth >= 4:
                        paths.pop()
                        if depth == 4 and self.statement is not None:
                            self._part(record, self.statement)
                    elif depth == 3 and self.statement is not None:
                        self._close_statement(self.statement)
                        self.statement = None
                    depth -= 1
            if chunks:
                chunks.clear()
            leaf = None
            if tag is _DOCUMENT_END:
                return
            depth += 1
            if skip:
                return
            if depth > 4:
                key = (paths[-1], tag)
                path = child_paths.get(key, "\0")
                if path == "\0":
                    path = child_paths[key] = _child_path(*key)
                if path is None:
                    skip = depth
                    return
                paths.append(path)
                leaf = path
                if attrib:
                    for index in range(0, len(attrib), 2):
                        record[f"{path}@{attrib[index]}"] = attrib[index + 1]
                return
            local = tag.rpartition("}")[2]
            if depth == 4:
                if self.statement is None or local not in _PARTS:
                    skip = depth
                    return
                record = {"#": local}
                paths = [""]
                leaf = ""
            elif depth == 3:
                if local == "Stmt":
                    self.statement = {
                        "account": None,
                        "currency": None,
                        "balances": {},
                        "entries": 0,
                    }
                    self.provenance = None
            elif depth == 1:
                self._root(tag, local)

        return start

    # --- records ---

    def _root(self, tag: str, local: str) -> None:
        match = _NAMESPACE.fullmatch(tag.lstrip("{").partition("}")[0])
        if local != "Document" or match is None:
            raise ImportProblem(
                "not a CAMT.053 bank statement (wrong root element or namespace)", self.name
            )
        self.version = int(match.group(1))
        if self.version not in SUPPORTED_VERSIONS:
            self.warnings.append(
                f"camt.053.001.{self.version:02d} is newer than the versions "
                "this program was tested with (001.02 to 001.08)"
            )

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
                    f"statement {len(self.statements) + 1} ({statement['account']}): opening "
                    f"balance plus entries differs from the closing balance by "
                    f"{difference / 100:.2f}; entries may be missing"
                )
        statement.pop("other_currency", None)
        self.statements.append(statement)

    def _part(self, record: dict[str, str], statement: dict[str, Any]) -> None:
        kind = record["#"]
        self.parts += 1
        if self.parts % 512 == 0:
            self.deadline.check()
        if kind == "Ntry":
            self.entry_number += 1
            if self.provenance is None:
                self.provenance = self._provenance(statement)
            if self._entry(record, statement, self.provenance):
                statement["entries"] += 1
            else:
                self.pending += 1
        elif kind == "Acct":
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
        if self.version is None:
            raise ImportProblem("not a CAMT.053 bank statement", self.name)
        if not self.statements:
            raise ImportProblem("the file holds no account statement (Stmt)", self.name)
        if self.pending:
            self.warnings.append(
                f"{self.pending} pending (not yet booked) "
                f"entr{'y was' if self.pending == 1 else 'ies were'} left out"
            )

    def _provenance(self, statement: dict[str, Any]) -> Provenance:
        """The statement date: closing balance date, else the period end, else none."""
        if statement["account"] is None:
            raise ImportProblem("the statement names no account (Acct/Id)", self.place())
        closing = statement["balances"].get("CLBD") or statement["balances"].get("CLAV")
        text = (closing or {}).get("date") or statement.get("to")
        reference: dt.date | None = None
        if text:
            reference = parse_date(str(text)[:10], f"{self.name}, statement")
        return Provenance(source="bank", file=self.file, reference_date=reference)

    def _entry(
        self, rec: dict[str, str], statement: dict[str, Any], provenance: Provenance
    ) -> bool:
        where = self.place()
        status = rec.get("Sts") or rec.get("Sts/Cd") or "BOOK"
        if status != "BOOK":
            return False
        amount = rec.get("Amt")
        if amount is None:
            raise ImportProblem("an entry without an amount (Amt)", where)
        cents = to_cents(amount, where)
        indicator = rec.get("CdtDbtInd")
        if indicator == "DBIT":
            cents = -cents
        elif indicator != "CRDT":
            raise ImportProblem(f"CdtDbtInd is {shown(indicator or '')}, not CRDT or DBIT", where)
        currency = rec.get("Amt@Ccy") or statement["currency"] or "EUR"
        if len(currency) != 3 or not currency.isascii() or not currency.isupper():
            raise ImportProblem(f"currency {shown(currency)} is not a currency code", where)
        day = (
            rec.get("BookgDt/Dt")
            or rec.get("BookgDt/DtTm")
            or rec.get("ValDt/Dt")
            or rec.get("ValDt/DtTm")
        )
        if day is None:
            raise ImportProblem("an entry without a booking date (BookgDt)", where)
        # Money paid goes to the creditor; money received comes from the debtor.
        names, accounts = _CREDITOR if cents < 0 else _DEBTOR
        counterparty = (
            rec.get(names[0]) or rec.get(names[1]) or rec.get(names[2]) or rec.get(names[3])
        )
        other = rec.get(accounts[0]) or rec.get(accounts[1])
        description = rec.get(_USTRD) or rec.get(_CREDITOR_REF) or ""
        extra = rec.get("AddtlNtryInf") or rec.get("NtryDtls/TxDtls/AddtlTxInf")
        if extra and extra not in description:
            description = f"{description} {extra}" if description else extra
        statement["booked_cents"] = statement.get("booked_cents", 0) + cents
        if currency != (statement["currency"] or currency):
            statement["other_currency"] = True
        self.transactions.append(
            bank_transaction(
                id=f"{self.id_prefix}-{self.entry_number}",
                account=statement["account"],
                booking_date=parse_date(day[:10], where),
                amount_cents=cents,
                currency=currency,
                counterparty=counterparty,
                counterparty_account=other,
                description=description,
                provenance=provenance,
                rules=self.rules,
                where=where,
            )
        )
        return True
