"""ABN AMRO's TXT export: tab-separated, no header, one transaction per line.

Columns: account, currency, transaction date (YYYYMMDD), start balance, end balance, value date,
amount (signed, decimal comma), description. Some descriptions of the layout put the value date
before the balances; each line is read by what its fields look like, so both orders work, and the
balances confirm it (start + amount = end). Descriptions follow the MT940 conventions.
"""

from __future__ import annotations

import re

from pensioenchecker.messages import phrase
from pensioenchecker.model import Message, Provenance, Transaction
from pensioenchecker.sources.bank.categories import (
    BankImporter,
    Rules,
    bank_transaction,
    currency_warnings,
    default_rules,
    dutch_cents,
    parse_date,
    shown,
)
from pensioenchecker.sources.bank.mt940 import parse_description
from pensioenchecker.sources.base import (
    Deadline,
    ImportProblem,
    ImportResult,
    checked_text,
    file_name,
    source_file,
)

_DATE = re.compile(r"\d{8}", re.ASCII)
_FIRST_LINE = re.compile(rb"[^\t\r\n]{1,40}\t[A-Z]{3}\t\d{8}\t[^\t\r\n]*\t[^\t\r\n]*\t")


class AbnAmroTxtImporter(BankImporter):
    """Reads ABN AMRO's tab-separated TXT download."""

    KIND = "abnamro-txt"

    def detect(self, data: bytes, name: str) -> bool:
        """First line: account, currency code, an 8-digit date, tab-separated."""
        return _FIRST_LINE.match(data[:512].lstrip(b"\xef\xbb\xbf")) is not None

    def load(self, data: bytes, name: str) -> ImportResult:
        """Parse every line; a wrong line stops the import with its number."""
        text = checked_text(data, name, self.MAX_BYTES)
        file = file_name(name)
        provenance = Provenance(source="bank", file=file, reference_date=None)
        rules = self.rules or default_rules()
        id_prefix = f"{self.KIND}-{source_file(data, name, self.KIND).sha256[:8]}"
        deadline = Deadline(name)
        transactions: list[Transaction] = []
        mismatches = 0
        for number, line in enumerate(text.splitlines(), 1):
            if number % 1024 == 0:
                deadline.check()
            if not line.strip():
                continue
            where = f"{name}, line {number}"
            item, balanced = _line(
                line, f"{id_prefix}-{len(transactions) + 1}", provenance, rules, where
            )
            transactions.append(item)
            mismatches += not balanced
        if not transactions:
            raise ImportProblem(phrase("the file holds no transactions"), name)
        warnings = []
        if mismatches:
            warnings.append(Message.of("bank.unbalanced_lines", count=mismatches))
        return ImportResult(
            kind=self.KIND,
            document=source_file(data, name, self.KIND),
            transactions=transactions,
            warnings=warnings + currency_warnings(transactions),
            content={"format": self.KIND, "lines": len(transactions)},
        )


def _line(
    line: str, id: str, provenance: Provenance, rules: Rules, where: str
) -> tuple[Transaction, bool]:
    fields = line.split("\t")
    if len(fields) < 8:
        raise ImportProblem(
            phrase("expected 8 tab-separated fields, found {count}", count=len(fields)), where
        )
    account, currency, day = fields[0].strip(), fields[1].strip(), fields[2].strip()
    if not re.fullmatch(r"[A-Z]{3}", currency):
        raise ImportProblem(
            phrase("currency {value} is not a currency code", value=shown(currency)), where
        )
    if not _DATE.fullmatch(day):
        raise ImportProblem(
            phrase("transaction date {value} is not YYYYMMDD", value=shown(day)), where
        )
    third, fourth, fifth = (f.strip() for f in fields[3:6])
    if _DATE.fullmatch(fifth) and not _DATE.fullmatch(third):
        start, end = third, fourth  # start, end, value date
    elif _DATE.fullmatch(third):
        start, end = fourth, fifth  # value date, start, end
    else:
        raise ImportProblem(phrase("no value date (YYYYMMDD) among fields 4 to 6"), where)
    cents = dutch_cents(fields[6], where)
    balanced = dutch_cents(start, where) + cents == dutch_cents(end, where)
    info = parse_description("\t".join(fields[7:]))
    transaction = bank_transaction(
        id=id,
        account=account,
        booking_date=parse_date(day, where),
        amount_cents=cents,
        currency=currency,
        counterparty=info.name,
        counterparty_account=info.iban,
        description=info.text,
        provenance=provenance,
        rules=rules,
        where=where,
    )
    return transaction, balanced
