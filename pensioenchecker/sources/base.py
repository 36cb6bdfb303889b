"""What every importer shares: the result type, the problem type, safe reading and decoding."""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pensioenchecker import clock
from pensioenchecker.errors import InputError
from pensioenchecker.messages import phrase
from pensioenchecker.model import (
    Debt,
    EmploymentPeriod,
    Entitlement,
    IncomeLine,
    Message,
    Person,
    Property,
    Rent,
    SourceFile,
    TaxYearIncome,
    Transaction,
)

MAX_IMPORT_BYTES = 50 * 2**20
"""No source file Pensioenchecker reads is larger; bigger files are refused before reading."""

TIME_LIMIT_SECONDS = 10.0

BORN_PREFIX = "born:"
"""A line's person given by birth date ("born:1963-02-20"), resolved when files are merged."""


class ImportProblem(InputError):  # noqa: N818 - the name the issues use
    """A file that cannot be imported; the message names the file and the place in it."""


@dataclass
class ImportResult:
    """One imported file: dossier lines with provenance, the file's identity and warnings."""

    kind: str
    document: SourceFile
    persons: list[Person] = field(default_factory=list)
    entitlements: list[Entitlement] = field(default_factory=list)
    income_lines: list[IncomeLine] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    employment: list[EmploymentPeriod] = field(default_factory=list)
    debts: list[Debt] = field(default_factory=list)
    properties: list[Property] = field(default_factory=list)
    tax_income: list[TaxYearIncome] = field(default_factory=list)
    box3_assets_cents: int | None = None
    box3_other_cents: int | None = None
    box3_debts_cents: int | None = None
    rent: Rent | None = None
    warnings: list[Message] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    """Places in the file the importer did not recognise: kept in ``content``, reported."""
    content: Any = None
    """The source document as parsed (plain dicts and lists), unknown parts included."""


class Importer(Protocol):
    """The interface of a source module."""

    KIND: str
    MAX_BYTES: int

    def detect(self, data: bytes, name: str) -> bool:
        """Whether ``data`` looks like this source's file (cheap: look at the start)."""
        ...

    def load(self, data: bytes, name: str) -> ImportResult:
        """Parse and validate; raise ImportProblem for anything wrong."""
        ...


def read_limited(path: Path, max_bytes: int = MAX_IMPORT_BYTES) -> bytes:
    """Read a file, refusing a missing, empty or oversized one before reading it whole."""
    where = str(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportProblem(phrase("file not found"), where) from None
    except OSError as exc:
        raise ImportProblem(
            phrase("cannot read ({reason})", reason=exc.strerror or ""), where
        ) from None
    if path.is_dir():
        raise ImportProblem(phrase("is a folder, not a file"), where)
    if size == 0:
        raise ImportProblem(phrase("the file is empty"), where)
    if size > max_bytes:
        raise ImportProblem(
            phrase(
                "the file is {size_mb} MB; at most {limit_mb} MB is read for this kind of file",
                size_mb=round(size / 2**20),
                limit_mb=round(max_bytes / 2**20),
            ),
            where,
        )
    with path.open("rb") as handle:
        return handle.read(max_bytes + 1)


def decode_text(data: bytes, where: str, fallback: str | None = "cp1252") -> str:
    """Text from bytes: a BOM decides (UTF-8, UTF-16 LE/BE); else UTF-8, else ``fallback``.

    Dutch bank exports are UTF-8 or Windows-1252; Mijnpensioenoverzicht files UTF-8 or UTF-16.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return _decode(data[3:], "utf-8", where)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode(data, "utf-16", where)
    if _utf16_without_bom(data[:64]):
        return _decode(data, "utf-16-be" if data[0] == 0 else "utf-16-le", where)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fallback is None:
            raise ImportProblem(
                phrase("not UTF-8 text (byte {position})", position=exc.start), where
            ) from None
        return _decode(data, fallback, where)


def _decode(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ImportProblem(
            phrase(
                "not valid {encoding} text (byte {position})",
                encoding=encoding,
                position=exc.start,
            ),
            where,
        ) from None


def looks_binary(data: bytes) -> bool:
    """True for data that is no text in any encoding we read (NUL bytes outside UTF-16)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or _utf16_without_bom(head):
        return False
    return b"\x00" in head


def _utf16_without_bom(head: bytes) -> bool:
    """ASCII-range text in UTF-16: every other byte of the start is zero, the rest is not."""
    sample = head[:64]
    if len(sample) < 8:
        return False
    even, odd = sample[0::2], sample[1::2]
    return (even.count(0) == len(even) and odd.count(0) == 0) or (
        odd.count(0) == len(odd) and even.count(0) == 0
    )


def file_name(name: str) -> str:
    """A file's name without its folders (Windows or POSIX), as kept in provenance."""
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def checked_bytes(data: bytes, name: str, max_bytes: int) -> None:
    """Refuse empty, oversized and binary content before any parsing."""
    if not data.strip():
        raise ImportProblem(phrase("the file is empty"), name)
    if len(data) > max_bytes:
        raise ImportProblem(
            phrase("the file is larger than {limit_mb} MB", limit_mb=max_bytes // 2**20), name
        )
    if looks_binary(data):
        raise ImportProblem(phrase("not a text file (binary data)"), name)


def checked_text(data: bytes, name: str, max_bytes: int) -> str:
    """The text of a text-based export, after ``checked_bytes``."""
    checked_bytes(data, name, max_bytes)
    return decode_text(data, name)


def source_file(data: bytes, name: str, kind: str) -> SourceFile:
    """The identity of an imported file: name, kind, SHA-256 and size."""
    return SourceFile(
        name=file_name(name),
        kind=kind,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        imported_at=clock.now().replace(microsecond=0),
    )


class Deadline:
    """A time limit for one import, checked in the importers' loops."""

    def __init__(self, where: str, seconds: float = TIME_LIMIT_SECONDS) -> None:
        self.where = where
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        """Raise ImportProblem once the time is up."""
        if time.monotonic() > self.end:
            raise ImportProblem(
                phrase("took too long to read; is this the right file?"), self.where
            )
