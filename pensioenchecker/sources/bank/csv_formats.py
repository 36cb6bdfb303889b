"""Consumer CSV exports: ING and Rabobank, each with Dutch or English headers.

These are what most people download from internet banking. The layouts are de-facto formats, so
columns are found by header name (not position) and a file whose header does not fit is refused
with the columns that were missing, rather than read wrongly.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

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
    to_cents,
)
from pensioenchecker.sources.base import (
    Deadline,
    ImportProblem,
    ImportResult,
    checked_text,
    file_name,
    source_file,
)

_CURRENCY = re.compile(r"[A-Z]{3}")


class _CsvImporter(BankImporter):
    """Shared reading: decoding, the delimiter, header columns, row checks, line numbers."""

    KIND = "csv"
    COLUMNS: dict[str, tuple[str, ...]] = {}
    """Field -> accepted header names (lower case)."""
    REQUIRED: tuple[str, ...] = ()

    def load(self, data: bytes, name: str) -> ImportResult:
        """Parse all rows; a row that is wrong stops the import with its line number."""
        text = checked_text(data, name, self.MAX_BYTES)
        header_line = text.lstrip("\ufeff").split("\n", 1)[0]
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        rows = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
        columns, wanted = self._columns(_next_row(rows, name) or [], name)
        file = file_name(name)
        provenance = Provenance(source="bank", file=file, reference_date=None)
        rules = self.rules or default_rules()
        id_prefix = f"{self.KIND}-{source_file(data, name, self.KIND).sha256[:8]}"
        deadline = Deadline(name)
        transactions: list[Transaction] = []
        for row in _rows(rows, name):
            if len(transactions) % 1024 == 1023:
                deadline.check()
            where = f"{name}, line {rows.line_num}"
            if len(row) == len(columns) + 1 and not row[-1].strip():
                row = row[:-1]  # a trailing delimiter
            if len(row) != len(columns):
                raise ImportProblem(
                    phrase(
                        "expected {expected} columns, found {count}",
                        expected=len(columns),
                        count=len(row),
                    ),
                    where,
                )
            values = {key: row[index].strip() for key, index in wanted.items()}
            transactions.append(
                self._transaction(
                    values, f"{id_prefix}-{len(transactions) + 1}", provenance, rules, where
                )
            )
        return ImportResult(
            kind=self.KIND,
            document=source_file(data, name, self.KIND),
            transactions=transactions,
            warnings=(
                currency_warnings(transactions)
                if transactions
                else [Message.of("bank.no_transactions")]
            ),
            content={
                "format": self.KIND,
                "delimiter": delimiter,
                "columns": columns,
                "rows": len(transactions),
            },
        )

    def _columns(self, header: list[str], name: str) -> tuple[list[str], dict[str, int]]:
        """The header's names and, per field, its column index."""
        names = [h.strip().lstrip("\ufeff").strip('"').strip() for h in header]
        lowered = [h.lower() for h in names]
        wanted: dict[str, int] = {}
        for key, accepted in self.COLUMNS.items():
            for index, column in enumerate(lowered):
                if column in accepted:
                    wanted[key] = index
                    break
        missing = [self.COLUMNS[k][0] for k in self.REQUIRED if k not in wanted]
        if missing:
            raise ImportProblem(
                phrase(
                    "unknown CSV layout for {kind}: no column {columns}",
                    kind=self.KIND,
                    columns=", ".join(missing),
                ),
                phrase("{file}, line {line}", file=name, line="1"),
            )
        return names, wanted

    def _transaction(
        self, values: dict[str, str], id: str, provenance: Provenance, rules: Rules, where: str
    ) -> Transaction:
        raise NotImplementedError


def _next_row(rows: Iterator[list[str]], name: str) -> list[str] | None:
    try:
        return next(rows, None)
    except csv.Error as exc:
        raise ImportProblem(
            phrase("not readable as CSV ({reason})", reason=str(exc)),
            phrase("{file}, line {line}", file=name, line="1"),
        ) from None


def _rows(rows: Iterator[list[str]], name: str) -> Iterator[list[str]]:
    """Data rows, skipping blank lines; CSV syntax errors become ImportProblems."""
    while True:
        try:
            row = next(rows, None)
        except csv.Error as exc:
            line = getattr(rows, "line_num", 0)
            raise ImportProblem(
                phrase("not readable as CSV ({reason})", reason=str(exc)),
                phrase("{file}, line {line}", file=name, line=str(line)),
            ) from None
        if row is None:
            return
        if any(cell.strip() for cell in row):
            yield row


def _first_line(data: bytes) -> str:
    """The header line, lower-cased, for a cheap sniff (never raises)."""
    return data[:2048].decode("utf-8", "replace").split("\n", 1)[0].lower()


class IngCsvImporter(_CsvImporter):
    """ING's "Af- en bijschrijvingen" CSV, Dutch or English headers; the sign comes from Af/Bij."""

    KIND = "ing-csv"
    COLUMNS = {
        "date": ("datum", "date"),
        "name": ("naam / omschrijving", "name / description"),
        "account": ("rekening", "account"),
        "counterparty": ("tegenrekening", "counterparty"),
        "code": ("code",),
        "direction": ("af bij", "debit/credit", "af/bij"),
        "amount": ("bedrag (eur)", "amount (eur)"),
        "type": ("mutatiesoort", "transactietype", "transaction type"),
        "notes": ("mededelingen", "notifications"),
        "balance": ("saldo na mutatie", "resulting balance"),
    }
    REQUIRED = ("date", "name", "account", "direction", "amount")

    def detect(self, data: bytes, name: str) -> bool:
        """ING's header: Naam / Omschrijving and Af Bij (or the English names)."""
        first = _first_line(data)
        return ("naam / omschrijving" in first and "af bij" in first) or (
            "name / description" in first and "debit/credit" in first
        )

    def _transaction(
        self, values: dict[str, str], id: str, provenance: Provenance, rules: Rules, where: str
    ) -> Transaction:
        direction = values["direction"].lower()
        if direction not in ("af", "bij", "debit", "credit"):
            raise ImportProblem(
                phrase("Af Bij is {value}, not Af or Bij", value=shown(values["direction"])), where
            )
        amount = values["amount"]
        if amount.startswith(("-", "+")):
            raise ImportProblem(
                phrase("a signed amount {value}; Af Bij gives the sign", value=shown(amount)), where
            )
        cents = dutch_cents(amount, where) if "," in amount else to_cents(amount, where)
        if direction in ("af", "debit"):
            cents = -cents
        return bank_transaction(
            id=id,
            account=values["account"],
            booking_date=parse_date(values["date"], where),
            amount_cents=cents,
            counterparty=values["name"],
            counterparty_account=values.get("counterparty"),
            description=values.get("notes", ""),
            provenance=provenance,
            rules=rules,
            where=where,
        )


class RabobankCsvImporter(_CsvImporter):
    """Rabobank's CSV export, Dutch or English headers.

    Amounts are signed ("+34,00", "-1.234,56"), dates ISO, the currency in its own column.
    """

    KIND = "rabobank-csv"
    COLUMNS = {
        "account": ("iban/bban",),
        "currency": ("munt", "ccy"),
        "sequence": ("volgnr", "seq no"),
        "date": ("datum", "date"),
        "amount": ("bedrag", "amount"),
        "balance": ("saldo na trn", "bal after bkng"),
        "counterparty": ("tegenrekening iban/bban", "counterpty iban/bban"),
        "name": ("naam tegenpartij", "name counterpty"),
        "description1": ("omschrijving-1", "description-1"),
        "description2": ("omschrijving-2", "description-2"),
        "description3": ("omschrijving-3", "description-3"),
    }
    REQUIRED = ("account", "currency", "date", "amount")

    def detect(self, data: bytes, name: str) -> bool:
        """Rabobank's header: IBAN/BBAN first, with the counterparty's name or Description-1."""
        first = _first_line(data)
        return "iban/bban" in first and any(
            column in first
            for column in ("naam tegenpartij", "omschrijving-1", "name counterpty", "description-1")
        )

    def _transaction(
        self, values: dict[str, str], id: str, provenance: Provenance, rules: Rules, where: str
    ) -> Transaction:
        currency = values["currency"]
        if not _CURRENCY.fullmatch(currency):
            raise ImportProblem(
                phrase("currency {value} is not a currency code", value=shown(currency)), where
            )
        parts = [values.get(f"description{n}", "") for n in (1, 2, 3)]
        return bank_transaction(
            id=id,
            account=values["account"],
            booking_date=parse_date(values["date"], where),
            amount_cents=dutch_cents(values["amount"], where),
            currency=currency,
            counterparty=values.get("name"),
            counterparty_account=values.get("counterparty"),
            description=" ".join(p for p in parts if p),
            provenance=provenance,
            rules=rules,
            where=where,
        )
