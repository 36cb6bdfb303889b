"""MT940 bank statements, plain and structured (MT940S, with /NAME/, /IBAN/, /REMI/ code words).

SWIFT retires MT940 in November 2028, but Dutch banks still offer it (ABN AMRO's ``.STA`` files,
Rabobank, ING), and older downloads people keep are MT940. The :86: description parser here is
also used for ABN AMRO's TXT export, whose descriptions follow the same conventions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from pensioenchecker.messages import phrase
from pensioenchecker.model import Message, Provenance, Transaction
from pensioenchecker.sources.bank.categories import (
    BankImporter,
    Rules,
    bank_transaction,
    currency_warnings,
    default_rules,
    dutch_cents,
    make_date,
    shown,
)
from pensioenchecker.sources.base import (
    Deadline,
    ImportProblem,
    ImportResult,
    checked_text,
    file_name,
    source_file,
)

_TAG = re.compile(r":(\d{2}[A-Z]?|[A-Z]{2}):(.*)")
_LINE_61 = re.compile(
    r"(?P<value>\d{6})(?P<entry>\d{4})?(?P<mark>R?[CD])(?P<funds>[A-Z])?"
    r"(?P<amount>\d[\d,]{0,17}) ?(?P<type>[A-Z][A-Z0-9]{2}(?:[A-Z0-9]| |$))(?P<rest>.*)",
    re.ASCII,
)
"""A :61: line. Besides the standard layout it reads two that real banks write: older ING and
Triodos files give a three-letter type padded with a space (``D25,03NOV NONREF``), and Deutsche
Bank puts a space before the type (``D12,35 NRTIKREF+...``)."""
_BALANCE = re.compile(
    r"(?P<mark>[CD])(?P<date>\d{6})(?P<currency>[A-Z]{3})(?P<amount>\d[\d,]*)", re.ASCII
)
_IBAN = re.compile(r"\b[A-Z]{2}\d{2}[A-Z]{4}\d{7,16}\b", re.ASCII)

# fmt: off
_CODES = (
    "ACCW", "ADDR", "BENM", "BIC", "BUSP", "CDTRREF", "CDTRREFTP", "CHGS", "CNTP", "COAM", "CSID",
    "EREF", "EXCH", "IBAN", "ID", "IREF", "ISDT", "MARF", "NAME", "OCMT", "ORCR", "ORDP", "PREF",
    "PURP", "REMI", "RTRN", "SVCL", "TRCD", "TRTP", "ULTB", "ULTC", "ULTD",
)
# fmt: on
"""MT940S code words; each must be followed by "/" to count, so /CDTRREFTP/ is never /CDTRREF/."""
_CODE_SPLIT = re.compile(r"/(" + "|".join(_CODES) + r")/")
_LABELS = re.compile(
    r"(?:^|\s)(IBAN|BIC|Naam|Omschrijving|Kenmerk|Machtiging|Incassant|Betalingskenm\.)\s*:\s*"
)
_SUBFIELD = re.compile(r"\?(\d{2})")
_GERMAN = re.compile(r"\d{3}\?\d{2}")
"""German banks' :86: (Deutsche Bank's among them): a business code, then ?NN subfields."""
_SEPA_MARKS = re.compile(r"(EREF|KREF|MREF|CRED|DEBT|COAM|OAMT|SVWZ|ABWA|ABWE|IBAN|BIC)\+")
_WRAPPED_ANYWHERE = re.compile(r"/|\d{3}\?\d{2}")
_CARD = re.compile(r"\d{2}\.\d{2}\.\d{2}/\d{2}[.:]\d{2}\s+(?P<name>[^,]+?)\s*,\s*PAS", re.I)


@dataclass
class Description:
    """What a bank's free description says: counterparty, IBAN, the text, and all fields."""

    name: str | None = None
    iban: str | None = None
    text: str = ""
    fields: dict[str, str] = field(default_factory=dict)


def parse_description(raw: str) -> Description:
    """Read an :86: (or ABN AMRO TXT) description in any of the three Dutch conventions.

    Structured MT940S: ``/TRTP/.../IBAN/NL..../BIC/.../NAME/.../REMI/.../EREF/...`` (ING's
    ``/CNTP/iban/bic/name/city/`` too); labelled: ``IBAN: ... Naam: ... Omschrijving: ...``;
    German banks' ``166?00...?20...?32...`` subfields; anything else is kept as text (a card
    payment's shop name is picked out).
    """
    text = " ".join(raw.split())
    if _CODE_SPLIT.match(text):
        return _structured(text)
    if _GERMAN.match(text):
        return _german(text)
    labelled = _LABELS.split(text)
    if len(labelled) >= 3:
        fields = {labelled[i]: labelled[i + 1].strip() for i in range(1, len(labelled) - 1, 2)}
        fields["type"] = labelled[0].strip()
        return Description(
            name=fields.get("Naam") or None,
            iban=_iban_in(fields.get("IBAN", "").replace(" ", "")),
            text=fields.get("Omschrijving") or text,
            fields=fields,
        )
    card = _CARD.search(text)
    return Description(name=card.group("name") if card else None, iban=_iban_in(text), text=text)


def _structured(text: str) -> Description:
    parts = _CODE_SPLIT.split(text)
    fields: dict[str, str] = {}
    for index in range(1, len(parts) - 1, 2):
        fields.setdefault(parts[index], parts[index + 1].strip())
    name = fields.get("NAME")
    iban = fields.get("IBAN")
    if "CNTP" in fields:  # ING: /CNTP/iban/bic/name/city/
        pieces = fields["CNTP"].split("/")
        iban = iban or (pieces[0] if pieces else None)
        name = name or (pieces[2] if len(pieces) > 2 else None)
    remittance = fields.get("REMI", "")
    if remittance.startswith("USTD//"):
        remittance = remittance[6:]
    elif remittance.startswith("STRD/"):
        remittance = remittance.split("/")[2] if remittance.count("/") >= 2 else remittance
    remittance = remittance.strip("/ ")
    return Description(
        name=(name or "").strip("/ ") or None,
        iban=(iban or "").strip("/ ").replace(" ", "") or None,
        text=remittance or fields.get("TRTP", "") or text,
        fields=fields,
    )


def _german(text: str) -> Description:
    """A German :86: by its subfields: name, account and what the payer wrote.

    ?00 is the booking text, ?20-?29 and ?60-?63 the remittance (27 characters each, so joined
    as they are), ?30 the bank code or BIC, ?31 the account or IBAN, ?32-?33 the name. The
    remittance may hold SEPA fields (``EREF+...SVWZ+...``); the ``SVWZ+`` part is the
    description the payer wrote.
    """
    parts = _SUBFIELD.split(text)
    fields: dict[str, str] = {"code": parts[0]}
    for index in range(1, len(parts) - 1, 2):
        fields[parts[index]] = fields.get(parts[index], "") + parts[index + 1]
    numbers = [*range(20, 30), *range(60, 64)]
    remittance = "".join(fields.get(f"{n}", "") for n in numbers).strip()
    sepa = _SEPA_MARKS.split(remittance)
    for index in range(1, len(sepa) - 1, 2):
        fields.setdefault(sepa[index], sepa[index + 1].strip())
    name = (fields.get("32", "") + fields.get("33", "")).strip()
    return Description(
        name=name or None,
        iban=fields.get("31", "").strip().replace(" ", "") or None,
        text=fields.get("SVWZ") or remittance or fields.get("00", "").strip() or text,
        fields=fields,
    )


def _iban_in(text: str) -> str | None:
    """The first IBAN written without spaces in a text (bank descriptions write them so)."""
    match = _IBAN.search(text) if text else None
    return match.group(0) if match else None


def own_account(text: str) -> str:
    """The account of :25: without a bank code prefix or a currency suffix."""
    account = text.strip().rsplit("/", 1)[-1].replace(" ", "")
    match = re.fullmatch(r"(.*\d)(EUR|USD|GBP|CHF)", account)
    return match.group(1) if match else account


def _without_suffix(account: str, currency: str) -> str:
    """The account without the statement's currency written after it ("...6789PLN")."""
    if account.endswith(currency) and account[: -len(currency)][-1:].isdigit():
        return account[: -len(currency)]
    return account


@dataclass
class _Statement:
    line: int
    reference: str
    account: str | None = None
    sequence: str | None = None
    opening: dict[str, Any] | None = None
    closing: dict[str, Any] | None = None
    lines: list[dict[str, Any]] = field(default_factory=list)
    info: list[str] = field(default_factory=list)


class Mt940Importer(BankImporter):
    """Reads MT940 and MT940S statement files (one or more statements per file)."""

    KIND = "mt940"

    def detect(self, data: bytes, name: str) -> bool:
        """A :20: reference and a :25: account tag near the start."""
        head = data[:4096]
        return re.search(rb"(^|[\r\n]):20:", head) is not None and b":25:" in head

    def load(self, data: bytes, name: str) -> ImportResult:
        """Parse every statement; each :61: line with its :86: becomes one transaction."""
        text = checked_text(data, name, self.MAX_BYTES)
        deadline = Deadline(name)
        tags = _tags(text, deadline)
        if not tags or tags[0][0] != "20":
            raise ImportProblem(phrase("not an MT940 statement (no :20: tag first)"), name)
        reader = _Reader(data, name, self.rules or default_rules(), deadline)
        for number, (tag, value, line) in enumerate(tags, 1):
            if number % 1024 == 0:
                deadline.check()
            reader.tag(tag, value, line)
        reader.finish()
        return ImportResult(
            kind=self.KIND,
            document=source_file(data, name, self.KIND),
            transactions=reader.transactions,
            warnings=reader.warnings + currency_warnings(reader.transactions),
            unknown=reader.unknown,
            content={"format": "mt940", "statements": reader.content},
        )


def _tags(text: str, deadline: Deadline) -> list[tuple[str, list[str], int]]:
    """The tags with their lines (continuations joined on), skipping SWIFT envelopes."""
    tags: list[tuple[str, list[str], int]] = []
    for number, raw in enumerate(text.splitlines(), 1):
        if number % 4096 == 0:
            deadline.check()
        line = raw.rstrip()
        if line.startswith("{"):
            # SWIFT envelope {1:...}{2:...}{4: : whatever follows block 4's opening is content.
            line = line.split("{4:", 1)[1] if "{4:" in line else ""
        if line in ("-", "-}", "") or line.startswith("-}"):
            continue
        match = _TAG.match(line)
        if match:
            # With the spaces it ends in, as continuation lines: a wrapped line may end in one.
            tags.append((match.group(1), [match.group(2) + raw[len(raw.rstrip()) :]], number))
        elif tags:
            tags[-1][1].append(raw)  # as is: a wrapped structured line may end in a space
        # Lines before the first tag (bank headers such as "ABNANL2A" / "940") are skipped.
    return tags


class _Reader:
    """Walks the tags in order, collecting statements and their transactions."""

    def __init__(self, data: bytes, name: str, rules: Rules, deadline: Deadline) -> None:
        self.name = name
        self.deadline = deadline
        self.file = file_name(name)
        self.rules = rules
        self.id_prefix = f"mt940-{source_file(data, name, 'mt940').sha256[:8]}"
        self.statement: _Statement | None = None
        self.transactions: list[Transaction] = []
        self.content: list[dict[str, Any]] = []
        self.warnings: list[Message] = []
        self.unknown: list[str] = []
        self.previous = ""
        self.count = 0

    def tag(self, tag: str, lines: list[str], line: int) -> None:
        where = f"{self.name}, line {line}"
        value = lines[0].strip()
        if tag == "20":
            self._close()
            self.statement = _Statement(line=line, reference=value[:64])
        elif self.statement is None:
            raise ImportProblem(
                phrase(":{tag}: before the statement's :20: reference", tag=tag), where
            )
        elif tag == "25":
            self.statement.account = own_account(value)
        elif tag in ("28C", "28"):
            self.statement.sequence = value[:32]
        elif tag in ("60F", "60M"):
            self.statement.opening = _balance(value, where)
        elif tag in ("62F", "62M"):
            self.statement.closing = _balance(value, where)
        elif tag == "61":
            if self.statement.account is None:
                raise ImportProblem(phrase("a transaction (:61:) before the account (:25:)"), where)
            self.statement.lines.append(_line_61(value, lines[1:], line, where))
        elif tag == "86":
            if self.previous == "61":
                self.statement.lines[-1]["description"] = lines
            else:
                self.statement.info.append(" ".join(" ".join(lines).split())[:500])
        elif tag not in ("64", "65", "21", "13D", "34F", "90D", "90C"):
            self.unknown.append(f"line {line}: :{tag}:")
        self.previous = tag

    def _close(self) -> None:
        """Turn the open statement's lines into transactions, dated by its closing balance."""
        statement = self.statement
        if statement is None:
            return
        self.statement = None
        if statement.account is None:
            raise ImportProblem(
                phrase("a statement without its account (:25:)"),
                phrase("{file}, line {line}", file=self.name, line=str(statement.line)),
            )
        reference = statement.closing["date"] if statement.closing else None
        # The balances name the statement's currency; a statement without them is in euros.
        currency = (statement.opening or statement.closing or {"currency": "EUR"})["currency"]
        account = _without_suffix(statement.account, currency)
        provenance = Provenance(source="bank", file=self.file, reference_date=reference)
        total = 0
        for item in statement.lines:
            self.count += 1
            if self.count % 1024 == 0:
                self.deadline.check()
            where = f"{self.name}, line {item['line']}"
            lines = item.get("description") or []
            # Code words and ?NN subfields are wrapped anywhere, even mid-word: joined as they are.
            structured = bool(lines) and _WRAPPED_ANYWHERE.match(lines[0].lstrip()) is not None
            info = parse_description(("" if structured else " ").join(lines))
            total += item["cents"]
            self.transactions.append(
                bank_transaction(
                    id=f"{self.id_prefix}-{self.count}",
                    account=account,
                    booking_date=item["booking_date"],
                    amount_cents=item["cents"],
                    currency=currency,
                    counterparty=info.name,
                    counterparty_account=info.iban or _iban_in(item["reference"]),
                    description=info.text,
                    provenance=provenance,
                    rules=self.rules,
                    where=where,
                )
            )
        opening, closing = statement.opening, statement.closing
        if opening and closing and opening["currency"] != closing["currency"]:
            self.warnings.append(
                Message.of(
                    "bank.currency_mismatch",
                    statement=str(statement.reference or statement.line),
                    account=account,
                    opening_currency=opening["currency"],
                    closing_currency=closing["currency"],
                    currency=currency,
                )
            )
        elif opening and closing:
            difference = closing["cents"] - opening["cents"] - total
            if difference:
                self.warnings.append(
                    Message.of(
                        "bank.balance_difference",
                        statement=str(statement.reference or statement.line),
                        account=account,
                        difference_cents=difference,
                    )
                )
        self.content.append(
            {
                "reference": statement.reference,
                "account": account,
                "currency": currency,
                "sequence": statement.sequence,
                "opening": _shown_balance(statement.opening),
                "closing": _shown_balance(statement.closing),
                "transactions": len(statement.lines),
                "information": statement.info,
            }
        )

    def finish(self) -> None:
        self._close()
        if not self.content:
            raise ImportProblem(
                phrase("not an MT940 statement (no :20: statement found)"), self.name
            )


def _shown_balance(balance: dict[str, Any] | None) -> dict[str, Any] | None:
    if balance is None:
        return None
    return {**balance, "date": balance["date"].isoformat()}


def _date6(text: str, where: str) -> dt.date:
    """YYMMDD; MT940 years 80-99 are 19xx (no statement is older), the rest 20xx."""
    year = int(text[:2])
    return make_date(
        1900 + year if year >= 80 else 2000 + year, int(text[2:4]), int(text[4:6]), where
    )


def _balance(value: str, where: str) -> dict[str, Any]:
    match = _BALANCE.fullmatch(value.replace(" ", ""))
    if match is None:
        raise ImportProblem(
            phrase("not a balance (mark, YYMMDD, currency, amount): {value}", value=shown(value)),
            where,
        )
    cents = dutch_cents(match.group("amount"), where)
    return {
        "cents": -cents if match.group("mark") == "D" else cents,
        "date": _date6(match.group("date"), where),
        "currency": match.group("currency"),
    }


def _line_61(value: str, more: list[str], line: int, where: str) -> dict[str, Any]:
    match = _LINE_61.fullmatch(value)
    if match is None:
        raise ImportProblem(
            phrase("not an MT940 transaction line: {value}", value=shown(value)), where
        )
    value_date = _date6(match.group("value"), where)
    booking = value_date
    if match.group("entry"):
        month, day = int(match.group("entry")[:2]), int(match.group("entry")[2:])
        year = value_date.year
        if month == 12 and value_date.month == 1:
            year -= 1
        elif month == 1 and value_date.month == 12:
            year += 1
        booking = make_date(year, month, day, where)
    cents = dutch_cents(match.group("amount"), where)
    # C credit, D debit; RC reverses a credit (money leaves), RD reverses a debit.
    if match.group("mark") in ("D", "RC"):
        cents = -cents
    return {
        "line": line,
        "booking_date": booking,
        "value_date": value_date,
        "cents": cents,
        "type": match.group("type").strip(),
        "reference": " ".join([match.group("rest"), *more]),
    }
