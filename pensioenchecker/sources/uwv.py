"""UWV verzekeringsbericht (VZB) PDF: best-effort text import, every line for review.

There is no data spec for the verzekeringsbericht (formats.md §4): it is a signed PDF from
mijn.uwv.nl, so this importer reads the PDF's text layer with pypdf and looks for the layout the
IBL tooling expects: a name header, ``Datum:``, and per employer or benefit a block
"Werkgever/Instantie <naam>" with ``Loonheffingennummer``, ``Contractvorm`` and wage lines
``dd-mm-jjjj t/m dd-mm-jjjj <uren> € <SV-loon>``.

Each wage line becomes one ``EmploymentPeriod`` (not merged per employer): the document lists
monthly or four-weekly periods, and the user reviews them line by line against the PDF, so the
dossier keeps the same granularity. Because text extraction can misread a layout, every period
has ``needs_review=True`` and the result says so. A burgerservicenummer is never stored: a
9-digit number on or just after a "BSN"/"Burgerservicenummer" label is blanked in ``content``.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from pensioenchecker.calendar_names import MONTHS_NL
from pensioenchecker.i18n import N_
from pensioenchecker.messages import phrase
from pensioenchecker.model import EmploymentPeriod, Message, Provenance
from pensioenchecker.sources.base import (
    Deadline,
    Importer,
    ImportProblem,
    ImportResult,
    file_name,
    source_file,
)

if TYPE_CHECKING:
    from pypdf import PdfReader

KIND = "uwv-vzb"
MAX_BYTES = 20 * 2**20
"""A verzekeringsbericht is a few hundred kilobytes; twenty megabytes refuses anything odd."""
MAX_PAGES = 200
MAX_TEXT_CHARS = 2_000_000
"""Text beyond this is no verzekeringsbericht (a decompression bomb, a book): refused."""
PERSON_ID = "p1"
NO_PERIODS = N_("no employment periods found; is this a UWV verzekeringsbericht?")
BSN_REMOVED = "[BSN niet bewaard]"

_MONTHS = {name: number for number, name in enumerate(MONTHS_NL, start=1)}

_BSN_LABEL = re.compile(r"\b(?:BSN|burger\s*service\s*nummer)\b", re.IGNORECASE)
_BSN_NUMBER = re.compile(
    r"(?<![\w.-])(?:\d{9}|\d{4}[. ]\d{2}[. ]\d{3}|\d{3}[. ]\d{3}[. ]\d{3})(?![\w-])"
)
_NAME = re.compile(r"^\s*(?:De heer|de heer|Mevrouw|mevrouw|Dhr\.|Mw\.)\s+\S.*$")
_DATUM = re.compile(
    r"\bDatum\s*:?\s*(?P<date>\d{1,2}-\d{1,2}-\d{4}|\d{1,2}\s+[a-z]+\s+\d{4})", re.IGNORECASE
)
_VERSION = re.compile(r"\bVZB[- ]?(?P<version>\d{3})\b")
_BLOCK = re.compile(
    r"^\s*(?:Werkgever\s*/\s*Instantie|Werkgever|Uitkeringsinstantie|Instantie)\s*:?\s+"
    r"(?P<name>\S.*?)\s*$"
)
_BENEFIT = re.compile(
    r"^\s*(?P<name>(?:WW|WIA \((?:IVA|WGA)\)|Ziektewet- of WAZO|WAO|WAZ|Wajong)"
    r"-[Uu]itkering van UWV)\s*$"
)
_LOONHEFFINGENNUMMER = re.compile(
    r"Loonheffingennummer\s*:?\s*(?P<number>\d{9}\s*L\s*\d{2})\b", re.IGNORECASE
)
_CONTRACT = re.compile(r"^\s*Contractvorm\s*:?\s*(?P<form>.*?)\s*$", re.IGNORECASE)
_WAGE = re.compile(
    r"(?P<start>\d{2}-\d{2}-\d{4})\s*t/m\s*(?P<end>\d{2}-\d{2}-\d{4})"
    r"(?:\s+(?P<hours>-?\d{1,4}(?:,\d{1,2})?))?"
    r"\s+(?P<sign>-\s*)?(?:€|EUR)\s*(?P<amount>-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d{1,2})?)"
    r"(?![\d,])"
)


def _is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


# -- text extraction --------------------------------------------------------------------------


@contextmanager
def _quiet_pypdf() -> Iterator[None]:
    """Silence pypdf's log warnings on damaged files: we report those as ImportProblem."""
    log = logging.getLogger("pypdf")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        yield
    finally:
        log.setLevel(level)


def _open(data: bytes, where: str) -> PdfReader:
    """A reader for a readable PDF; encrypted (unless with an empty password) is refused."""
    from pypdf import PasswordType, PdfReader  # loaded only when a PDF is read

    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise ImportProblem(
            phrase(
                "the PDF is password-protected; download the verzekeringsbericht again from "
                "mijn.uwv.nl and import that file unchanged"
            ),
            where,
        )
    return reader


def _page_texts(data: bytes, where: str, layout: bool, deadline: Deadline) -> list[str]:
    reader = _open(data, where)
    pages = len(reader.pages)
    if pages > MAX_PAGES:
        raise ImportProblem(
            phrase("the PDF has {count} pages; not a verzekeringsbericht", count=pages), where
        )
    texts: list[str] = []
    size = 0
    for page in reader.pages:
        deadline.check()
        text = page.extract_text(extraction_mode="layout" if layout else "plain")
        size += len(text)
        if size > MAX_TEXT_CHARS:
            raise ImportProblem(
                phrase("the PDF holds far more text than a verzekeringsbericht"), where
            )
        texts.append(text)
    return texts


def extract_lines(data: bytes, where: str, layout: bool = False) -> list[str]:
    """The PDF's text lines; any pypdf failure becomes an ImportProblem naming the file."""
    if not data:
        raise ImportProblem(phrase("the file is empty"), where)
    if len(data) > MAX_BYTES:
        raise ImportProblem(
            phrase(
                "larger than {limit_mb} MB; not a verzekeringsbericht", limit_mb=MAX_BYTES // 2**20
            ),
            where,
        )
    if not _is_pdf(data):
        raise ImportProblem(phrase("not a PDF file; the verzekeringsbericht is a PDF"), where)
    deadline = Deadline(where)
    try:
        with _quiet_pypdf():
            texts = _page_texts(data, where, layout, deadline)
    except ImportProblem:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on damaged input
        from pypdf.errors import DependencyError

        if isinstance(exc, DependencyError):
            raise ImportProblem(
                phrase(
                    "the PDF is encrypted in a way this installation cannot decrypt; download the "
                    "verzekeringsbericht again from mijn.uwv.nl and import that file unchanged"
                ),
                where,
            ) from None
        detail = type(exc).__name__
        raise ImportProblem(
            phrase(
                "the PDF is damaged or incomplete and cannot be read ({reason}); download it "
                "again from mijn.uwv.nl",
                reason=detail,
            ),
            where,
        ) from None
    lines = [line.strip() for text in texts for line in text.splitlines()]
    return [line for line in lines if line]


def redact_bsn(lines: Iterable[str]) -> tuple[list[str], bool]:
    """Blank 9-digit numbers on or right after a BSN label; whether any was blanked."""
    out: list[str] = []
    found = False
    after_label = False
    for line in lines:
        near = after_label or bool(_BSN_LABEL.search(line))
        after_label = bool(_BSN_LABEL.search(line))
        if near:
            cleaned = _BSN_NUMBER.sub(BSN_REMOVED, line)
            found = found or cleaned != line
            line = cleaned
        out.append(line)
    return out, found


# -- parsing ----------------------------------------------------------------------------------


@dataclass
class _Block:
    employer: str
    loonheffingennummer: str | None = None
    contract_form: str | None = None
    periods: list[tuple[dt.date, dt.date, Decimal | None, int]] = field(default_factory=list)


def _date(text: str) -> dt.date | None:
    """A dd-mm-jjjj or "15 januari 2026" date; None when it is no real date."""
    text = text.strip().lower()
    try:
        if "-" in text:
            return dt.datetime.strptime(text, "%d-%m-%Y").date()
        day, month, year = text.split()
        return dt.date(int(year), _MONTHS[month], int(day))
    except (ValueError, KeyError):
        return None


def _cents(amount: str, negative: bool) -> int:
    """Dutch money text ("3.215,45") to cents."""
    value = Decimal(amount.replace(".", "").replace(",", "."))
    cents = int(value * 100)
    return -abs(cents) if negative else cents


def _hours(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


@dataclass
class _Parsed:
    names: list[str] = field(default_factory=list)
    date: dt.date | None = None
    version: str | None = None
    blocks: list[_Block] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    bad_lines: int = 0


def parse_lines(lines: list[str]) -> _Parsed:
    """Read the VZB layout from text lines; what does not fit is listed, never guessed."""
    parsed = _Parsed()
    block: _Block | None = None
    in_contract = False
    for number, line in enumerate(lines, start=1):
        if in_contract and block is not None and line[:1].islower() and not _WAGE.search(line):
            block.contract_form = f"{block.contract_form or ''} {line}".strip()[:300]
            continue
        in_contract = False
        if _NAME.match(line) and len(line) <= 200:
            if line not in parsed.names:
                parsed.names.append(line)
            continue
        if parsed.date is None and (match := _DATUM.search(line)):
            parsed.date = _date(match["date"])
        if parsed.version is None and (match := _VERSION.search(line)):
            parsed.version = match["version"]
        if match := _BLOCK.match(line):
            block = _Block(employer=match["name"][:200])
            parsed.blocks.append(block)
            continue
        if match := _BENEFIT.match(line):
            if block is None or block.periods or block.employer != match["name"]:
                block = _Block(employer=match["name"])
                parsed.blocks.append(block)
            continue
        if match := _LOONHEFFINGENNUMMER.search(line):
            if block is not None:
                block.loonheffingennummer = re.sub(r"\s+", "", match["number"]).upper()
            continue
        if match := _CONTRACT.match(line):
            if block is not None:
                block.contract_form = match["form"][:300] or None
                in_contract = True
            continue
        if match := _WAGE.search(line):
            start, end = _date(match["start"]), _date(match["end"])
            if block is None or start is None or end is None or end < start:
                parsed.unknown.append(f"line {number}: {line}")
                parsed.bad_lines += 1
                continue
            negative = match["sign"] is not None
            block.periods.append(
                (start, end, _hours(match["hours"]), _cents(match["amount"], negative))
            )
    return parsed


def _periods(parsed: _Parsed, name: str) -> list[EmploymentPeriod]:
    provenance = Provenance(source="uwv", file=file_name(name), reference_date=parsed.date)
    return [
        EmploymentPeriod(
            person_id=PERSON_ID,
            employer=block.employer,
            loonheffingennummer=block.loonheffingennummer,
            contract_form=block.contract_form,
            start=start,
            end=end,
            hours=hours,
            sv_wage_cents=cents,
            needs_review=True,
            provenance=provenance,
        )
        for block in parsed.blocks
        for start, end, hours, cents in block.periods
    ]


def _warnings(parsed: _Parsed, periods: list[EmploymentPeriod], bsn: bool) -> list[Message]:
    warnings = [Message.of("uwv.review", count=len(periods))]
    if parsed.names:
        warnings.append(Message.of("uwv.addressed_to", name=parsed.names[0]))
    if len(parsed.names) > 1:
        warnings.append(Message.of("uwv.names_differ"))
    if parsed.date is None:
        warnings.append(Message.of("uwv.no_date"))
    if parsed.version is not None and parsed.version not in {"004", "005", "006"}:
        warnings.append(Message.of("uwv.unknown_version", version=parsed.version))
    if parsed.bad_lines:
        warnings.append(Message.of("uwv.bad_lines", count=parsed.bad_lines))
    empty = [b.employer for b in parsed.blocks if not b.periods]
    if empty:
        warnings.append(Message.of("uwv.no_wage_lines", employers="; ".join(empty[:10])))
    if bsn:
        warnings.append(Message.of("uwv.bsn"))
    return warnings


def load_vzb(data: bytes, name: str) -> ImportResult:
    """Import a verzekeringsbericht PDF; anything unreadable is an ImportProblem."""
    lines = extract_lines(data, name)
    if not lines:
        raise ImportProblem(
            phrase(
                "the PDF has no text layer (a scan?); no employment periods found; is this a "
                "UWV verzekeringsbericht? Only the PDF from mijn.uwv.nl can be read"
            ),
            name,
        )
    lines, bsn = redact_bsn(lines)
    parsed = parse_lines(lines)
    if not any(block.periods for block in parsed.blocks):
        # Some layouts only come out line by line in pypdf's layout mode.
        layout_lines, layout_bsn = redact_bsn(extract_lines(data, name, layout=True))
        layout_parsed = parse_lines(layout_lines)
        if any(block.periods for block in layout_parsed.blocks):
            lines, parsed, bsn = layout_lines, layout_parsed, layout_bsn
    periods = _periods(parsed, name)
    if not periods:
        raise ImportProblem(phrase(NO_PERIODS), name)
    return ImportResult(
        kind=KIND,
        document=source_file(data, name, KIND),
        employment=periods,
        warnings=_warnings(parsed, periods, bsn),
        unknown=parsed.unknown,
        content=lines,
    )


def _mentions_vzb(text: str) -> bool:
    lowered = text.lower()
    return "verzekeringsbericht" in lowered or (
        "uwv" in lowered and "loonheffingennummer" in lowered
    )


class UwvVerzekeringsbericht:
    """The verzekeringsbericht PDF from mijn.uwv.nl."""

    KIND = KIND
    MAX_BYTES = MAX_BYTES

    def detect(self, data: bytes, name: str) -> bool:
        """A PDF named like a verzekeringsbericht, or whose first page mentions one."""
        try:
            if not _is_pdf(data):
                return False
            base = file_name(name).lower()
            if "verzekeringsbericht" in base or "vzb" in base:
                return True
            if len(data) > MAX_BYTES:
                return False
            if b"erzekeringsbericht" in data:
                return True
            with _quiet_pypdf():
                reader = _open(data, name)
                return bool(reader.pages) and _mentions_vzb(reader.pages[0].extract_text())
        except Exception:  # detection must never fail an import run
            return False

    def load(self, data: bytes, name: str) -> ImportResult:
        """Parse the PDF's text into employment periods marked for review."""
        return load_vzb(data, name)


IMPORTERS: list[Importer] = [UwvVerzekeringsbericht()]
