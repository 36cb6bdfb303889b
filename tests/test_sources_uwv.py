"""The UWV verzekeringsbericht importer, on a synthetic PDF made here with fpdf2."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

import pytest
from fpdf import FPDF
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader, PdfWriter

from pensioenchecker.sources import uwv
from pensioenchecker.sources.base import ImportProblem, ImportResult

IMPORTER = uwv.IMPORTERS[0]
FAKE_BSN = "111222333"

PAGE_1 = [
    "Verzekeringsbericht",
    "VZB-006",
    "De heer J. Voorbeeld (synthetisch)",
    f"Burgerservicenummer: {FAKE_BSN}",
    "Datum: 15-01-2026",
    "Werkgever Bakkerij De Korenschoof B.V. (synthetisch)",
    "Loonheffingennummer 001234567L01",
    "Verzekerde wetten WW, ZW, WIA",
    "Contractvorm schriftelijke arbeidsovereenkomst voor onbepaalde tijd, geen oproepovereenkomst",
    "Periode Uren SV-loon",
    "01-01-2024 t/m 31-01-2024 152 € 3.215,45",
    "01-02-2024 t/m 29-02-2024 160 € 3.215,45",
    "01-03-2024 t/m 31-03-2024 168,5 € 3.380,10",
    "Werkgever Zorggroep Voorbeeld (synthetisch)",
    "Loonheffingennummer 009876543L02",
    "Contractvorm schriftelijke arbeidsovereenkomst voor bepaalde tijd,",
    "oproepovereenkomst",
    "01-04-2024 t/m 28-04-2024 64 € 1.012,80",
    "29-04-2024 t/m 26-05-2024 72,25 € 1.143,33",
]
PAGE_2 = [
    "De heer J. Voorbeeld (synthetisch)",
    "Instantie WW-Uitkering van UWV",
    "Loonheffingennummer 810220350L02",
    "Verzekerde wetten WW, ZW, WIA",
    "01-06-2024 t/m 30-06-2024 0 € 2.104,00",
    "01-07-2024 t/m 31-07-2024 0 € 2.104,00",
]

BAKKERIJ = "Bakkerij De Korenschoof B.V. (synthetisch)"
ZORG = "Zorggroep Voorbeeld (synthetisch)"
WW = "WW-Uitkering van UWV"
EXPECTED = [
    # employer, loonheffingennummer, start, end, hours, SV-loon in cents (€ 3.215,45 = 321545)
    (BAKKERIJ, "001234567L01", dt.date(2024, 1, 1), dt.date(2024, 1, 31), Decimal(152), 321545),
    (BAKKERIJ, "001234567L01", dt.date(2024, 2, 1), dt.date(2024, 2, 29), Decimal(160), 321545),
    (BAKKERIJ, "001234567L01", dt.date(2024, 3, 1), dt.date(2024, 3, 31), Decimal("168.5"), 338010),
    (ZORG, "009876543L02", dt.date(2024, 4, 1), dt.date(2024, 4, 28), Decimal(64), 101280),
    (ZORG, "009876543L02", dt.date(2024, 4, 29), dt.date(2024, 5, 26), Decimal("72.25"), 114333),
    (WW, "810220350L02", dt.date(2024, 6, 1), dt.date(2024, 6, 30), Decimal(0), 210400),
    (WW, "810220350L02", dt.date(2024, 7, 1), dt.date(2024, 7, 31), Decimal(0), 210400),
]


def make_pdf(*pages: list[str]) -> bytes:
    """A PDF with one text line per cell; core fonts in cp1252 so '€' survives."""
    pdf = FPDF()
    pdf.core_fonts_encoding = "windows-1252"
    pdf.set_font("helvetica", size=9)
    for lines in pages:
        pdf.add_page()
        for line in lines:
            pdf.cell(text=line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


@pytest.fixture(scope="module")
def vzb() -> bytes:
    return make_pdf(PAGE_1, PAGE_2)


@pytest.fixture(scope="module")
def result(vzb: bytes) -> ImportResult:
    return IMPORTER.load(vzb, "downloads/verzekeringsbericht-2026.pdf")


def test_periods_hours_and_wages_exact(result: ImportResult) -> None:
    got = [
        (p.employer, p.loonheffingennummer, p.start, p.end, p.hours, p.sv_wage_cents)
        for p in result.employment
    ]
    assert got == EXPECTED
    # 321545 + 321545 + 338010 = 981100 cents at the bakery
    assert sum(p.sv_wage_cents or 0 for p in result.employment[:3]) == 981100


def test_contract_forms_including_a_wrapped_one(result: ImportResult) -> None:
    forms = [p.contract_form for p in result.employment]
    assert forms[0] == (
        "schriftelijke arbeidsovereenkomst voor onbepaalde tijd, geen oproepovereenkomst"
    )
    assert forms[3] == "schriftelijke arbeidsovereenkomst voor bepaalde tijd, oproepovereenkomst"
    assert forms[5] is None  # the WW block has no Contractvorm


def test_every_period_needs_review_with_provenance(result: ImportResult) -> None:
    assert result.kind == "uwv-vzb"
    assert all(p.needs_review for p in result.employment)
    assert all(p.person_id == "p1" for p in result.employment)
    provenance = result.employment[0].provenance
    assert provenance.source == "uwv"
    assert provenance.file == "verzekeringsbericht-2026.pdf"
    assert provenance.reference_date == dt.date(2026, 1, 15)
    assert "7 employment periods" in str(result.warnings[0])
    assert "review" in str(result.warnings[0])
    assert any("De heer J. Voorbeeld (synthetisch)" in w for w in map(str, result.warnings))
    assert result.document.kind == "uwv-vzb"
    assert result.unknown == []


def test_bsn_is_never_stored(result: ImportResult) -> None:
    everything = repr(result)
    assert FAKE_BSN not in everything
    assert f"Burgerservicenummer: {uwv.BSN_REMOVED}" in result.content
    assert any("burgerservicenummer" in w for w in map(str, result.warnings))


def test_content_is_the_text_lines(result: ImportResult) -> None:
    assert result.content[:3] == [
        "Verzekeringsbericht",
        "VZB-006",
        "De heer J. Voorbeeld (synthetisch)",
    ]
    assert "01-07-2024 t/m 31-07-2024 0 € 2.104,00" in result.content
    assert "Loonheffingennummer 810220350L02" in result.content  # not taken for a BSN


def test_detect(vzb: bytes) -> None:
    assert IMPORTER.detect(vzb, "download.pdf")  # by its text
    assert IMPORTER.detect(b"%PDF-1.4 broken", "Verzekeringsbericht.pdf")  # by its name
    other = make_pdf(["Jaaropgaaf 2025", "Werkgever X"])
    assert not IMPORTER.detect(other, "jaaropgaaf.pdf")
    assert not IMPORTER.detect(b"", "vzb.pdf")
    assert not IMPORTER.detect(b"Verzekeringsbericht as plain text", "notes.txt")
    assert not IMPORTER.detect(bytes(range(256)) * 8, "x.bin")
    assert not IMPORTER.detect(b"%PDF-1.7\n" + bytes(range(256)), "x.pdf")


def test_the_registry_size_limit_is_twenty_megabytes() -> None:
    assert IMPORTER.KIND == "uwv-vzb"
    assert IMPORTER.MAX_BYTES == 20 * 2**20
    with pytest.raises(ImportProblem, match="larger than 20 MB"):
        IMPORTER.load(b"%PDF-1.4" + b" " * IMPORTER.MAX_BYTES, "big.pdf")


def encrypted(data: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt("geheim", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda pdf: b"", "the file is empty"),
        (lambda pdf: b"Werkgever X\n01-01-2024 t/m 31-01-2024 1 \xe2\x82\xac 1,00", "not a PDF"),
        (lambda pdf: bytes(range(256)) * 4, "not a PDF"),
        (lambda pdf: pdf[: len(pdf) // 2], "damaged or incomplete"),
        (lambda pdf: b"%PDF-1.4\n" + bytes(range(256)) * 4, "damaged or incomplete"),
        (encrypted, "password-protected"),
        (lambda pdf: make_pdf(["Jaaropgaaf 2025", "Loon € 1.000,00"]), "no employment periods"),
        (lambda pdf: make_pdf([]), "no text layer"),
    ],
    ids=[
        "empty",
        "text",
        "binary",
        "truncated",
        "garbage-pdf",
        "encrypted",
        "other-pdf",
        "no-text",
    ],
)
def test_bad_input_is_an_import_problem(
    vzb: bytes, make: Callable[[bytes], bytes], message: str
) -> None:
    with pytest.raises(ImportProblem, match=message) as info:
        IMPORTER.load(make(vzb), "vzb.pdf")
    assert str(info.value).startswith("vzb.pdf: ")


def test_no_employment_message_is_the_documented_one() -> None:
    with pytest.raises(ImportProblem) as info:
        IMPORTER.load(make_pdf(["Verzekeringsbericht", "Datum: 15-01-2026"]), "x.pdf")
    assert info.value.message == "no employment periods found; is this a UWV verzekeringsbericht?"


def test_unreadable_wage_lines_are_listed_not_guessed() -> None:
    lines = uwv.parse_lines(
        [
            "01-01-2024 t/m 31-01-2024 10 € 100,00",  # before any employer
            "Werkgever Voorbeeld (synthetisch)",
            "30-02-2024 t/m 31-03-2024 10 € 100,00",  # 30 February
            "01-04-2024 t/m 31-03-2024 10 € 100,00",  # ends before it starts
            "01-05-2024 t/m 31-05-2024 12 € 1.234.567,89",
        ]
    )
    assert lines.bad_lines == 3
    assert lines.unknown[0] == "line 1: 01-01-2024 t/m 31-01-2024 10 € 100,00"
    # 1.234.567,89 euro = 123456789 cents
    assert lines.blocks[0].periods == [
        (dt.date(2024, 5, 1), dt.date(2024, 5, 31), Decimal(12), 123456789)
    ]


def test_written_dates_corrections_and_missing_hours() -> None:
    parsed = uwv.parse_lines(
        [
            "Mevrouw A. Voorbeeld (synthetisch)",
            "Datum: 3 februari 2026",
            "Werkgever Voorbeeld (synthetisch)",
            "01-01-2024 t/m 31-01-2024 -8 -€ 120,50",
            "01-02-2024 t/m 29-02-2024 € -99",
        ]
    )
    assert parsed.date == dt.date(2026, 2, 3)
    assert parsed.names == ["Mevrouw A. Voorbeeld (synthetisch)"]
    assert parsed.blocks[0].periods == [
        (dt.date(2024, 1, 1), dt.date(2024, 1, 31), Decimal(-8), -12050),
        (dt.date(2024, 2, 1), dt.date(2024, 2, 29), None, -9900),
    ]


def test_bsn_redaction_spares_loonheffingennummers() -> None:
    lines, found = uwv.redact_bsn(
        ["BSN", "1234.56.789", "Loonheffingennummer 810220350L02", "BSN 810220350L02"]
    )
    assert found
    assert lines == ["BSN", uwv.BSN_REMOVED, "Loonheffingennummer 810220350L02", "BSN 810220350L02"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(0, 255)), max_size=6),
    cut=st.one_of(st.none(), st.integers(min_value=0)),
)
def test_mutated_pdfs_give_only_import_problems(
    edits: list[tuple[int, int]], cut: int | None
) -> None:
    data = bytearray(make_pdf(PAGE_1))
    for position, value in edits:
        data[position % len(data)] = value
    if cut is not None:
        data = data[: cut % (len(data) + 1)]
    assert isinstance(IMPORTER.detect(bytes(data), "vzb.pdf"), bool)
    try:
        result = IMPORTER.load(bytes(data), "vzb.pdf")
    except ImportProblem:
        return
    assert all(p.needs_review for p in result.employment)
