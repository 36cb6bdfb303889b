"""Bank files as banks really write them beyond the textbook layouts: MT940 of older ING and
Triodos downloads and of Deutsche Bank, statements in other currencies than the euro, and
Rabobank's CSV with English headers. Each from a synthetic fixture of our own; counts and sums
to the cent."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from pensioenchecker.cli import main
from pensioenchecker.sources.bank import (
    Camt053Importer,
    Mt940Importer,
    RabobankCsvImporter,
    spending_profile,
)
from pensioenchecker.sources.bank.mt940 import parse_description
from pensioenchecker.sources.base import ImportProblem, ImportResult
from pensioenchecker.sources.registry import import_bytes

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "bank"

LEFT_OUT = "not in euros: imported, but left out of the spending profile and today's net"


def imported(file: str) -> ImportResult:
    """A fixture read the way the program reads any file: the importer is found by detection."""
    path = FIXTURES / file
    return import_bytes(path.read_bytes(), str(path))


def lines(result: ImportResult) -> list[tuple[dt.date, int]]:
    return [(t.booking_date, t.amount_cents) for t in result.transactions]


# --- MT940 variants ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "count", "total", "account", "opening", "closing"),
    [
        # 1500.00 - 950.00 - 112.53 - 48.20 - 35.60 - 25.03 - 89.95 + 2345.67
        ("mt940-ing-padded.940", 7, 108436, "0001234567", 150000, 258436),
        # 335.31 - 11.98 - 950.00 - 64.10 + 1450.00 - 20.00
        ("mt940-triodos.940", 5, 40392, "0390123456", 33531, 73923),
        # 1000.00 - 12.35 + 1500.00 - 450.00 - 37.80
        ("mt940-deutsche-bank.sta", 4, 99985, "0123456700", 100000, 199985),
    ],
)
def test_mt940_variants_are_read_to_the_cent(file, count, total, account, opening, closing):
    result = imported(file)
    assert result.kind == "mt940"
    assert len(result.transactions) == count
    assert sum(t.amount_cents for t in result.transactions) == total
    assert {t.account for t in result.transactions} == {account}
    assert {t.currency for t in result.transactions} == {"EUR"}
    # Opening balance plus every transaction equals the closing balance: no warning, so each
    # amount and each sign was read right.
    assert result.warnings == []
    [statement] = result.content["statements"]
    assert statement["opening"]["cents"] == opening
    assert statement["closing"]["cents"] == closing
    assert statement["currency"] == "EUR"


def test_mt940_older_ing_three_letter_codes_padded_with_a_space():
    # NOV, NGT, NGM, NVZ, NIT, NAC and NET, each written as "NOV NONREF".
    result = imported("mt940-ing-padded.940")
    assert lines(result) == [
        (dt.date(2010, 7, 1), -95000),
        (dt.date(2010, 7, 5), -11253),
        (dt.date(2010, 7, 8), -4820),
        (dt.date(2010, 7, 12), -3560),
        (dt.date(2010, 7, 15), -2503),
        (dt.date(2010, 7, 20), -8995),
        (dt.date(2010, 7, 25), 234567),
    ]
    rent, *_, pension = result.transactions
    assert rent.description.startswith("0123456789 WOONSTICHTING VOORBEELD")
    assert rent.category == "housing"
    assert pension.category == "income:pension"


def test_mt940_triodos_padded_codes():
    result = imported("mt940-triodos.940")
    assert lines(result) == [
        (dt.date(2025, 3, 1), -1198),
        (dt.date(2025, 3, 3), -95000),
        (dt.date(2025, 3, 10), -6410),
        (dt.date(2025, 3, 25), 145000),
        (dt.date(2025, 3, 27), -2000),
    ]
    assert result.transactions[3].category == "income:aow"


def test_mt940_deutsche_bank_space_before_the_code():
    # ":61:2006080608D12,35 NRTIKREF+...": value date 2020-06-08, entry date 06-08.
    result = imported("mt940-deutsche-bank.sta")
    assert lines(result) == [
        (dt.date(2020, 6, 8), -1235),
        (dt.date(2020, 6, 10), 150000),
        (dt.date(2020, 6, 15), -45000),
        (dt.date(2020, 6, 29), -3780),
    ]
    assert result.unknown == []
    # The :86: subfields: ?32/?33 the name, ?31 the account, SVWZ+ in ?20-?29 the description;
    # each joined across the line breaks and subfields it was wrapped over.
    assert [
        (t.counterparty, t.counterparty_account, t.description) for t in result.transactions
    ] == [
        ("Versicherung Voorbeeld (synthetisch)", None, "Ruecklastschrift Juni"),
        ("Rentenkasse Voorbeeld (synthetisch)", "DE00000000000000000003", "Rente Juni 2020"),
        (
            "Vermieter Voorbeeld (synthetisch)",
            "DE00000000000000000002",
            "Miete Juni 2020 Wohnung 3",
        ),
        (None, None, "Supermarkt Demo (synthetisch)"),
    ]
    rent = parse_description(
        "105?00BASISLASTSCHRIFT?20EREF+DEMO-0002 MREF+M-4?21711 CRED+DE00ZZZ00000000001"
        "?22SVWZ+Miete Juni 2020"
    )
    assert rent.fields["MREF"] == "M-4711" and rent.fields["EREF"] == "DEMO-0002"
    assert rent.fields["00"] == "BASISLASTSCHRIFT" and rent.fields["code"] == "105"
    # Without a remittance the booking text describes it; without either, the whole text.
    assert parse_description("166?00GUTSCHRIFT?32Voorbeeld").text == "GUTSCHRIFT"
    assert parse_description("166?10931").text == "166?10931"


@pytest.mark.parametrize(
    "line",
    [
        ":61:100722D25,03NO NONREF",  # two letters are no type code
        ":61:100722D25,03  NOV NONREF",  # two spaces before the code
        ":61:100722D25,03 NO NONREF",  # a space, then two letters
    ],
)
def test_mt940_a_line_that_fits_no_variant_is_still_refused(line):
    text = (FIXTURES / "mt940-ing-padded.940").read_text(encoding="ascii")
    broken = text.replace(":61:100712D35,60NVZ NONREF", line)
    with pytest.raises(ImportProblem) as caught:
        Mt940Importer().load(broken.encode(), "old.940")
    assert "not an MT940 transaction line" in caught.value.message
    assert caught.value.where == "old.940, line 17"


def test_mt940_padded_code_with_an_impossible_date_names_the_line():
    text = (FIXTURES / "mt940-triodos.940").read_text(encoding="ascii")
    broken = text.replace(":61:250310D64,10NAC", ":61:250230D64,10NAC")
    with pytest.raises(ImportProblem) as caught:
        Mt940Importer().load(broken.encode(), "triodos.940")
    assert "impossible date 2025-02-30" in caught.value.message
    assert caught.value.where == "triodos.940, line 15"


# --- currencies --------------------------------------------------------------------------------


def test_mt940_in_swiss_francs_is_imported_with_a_warning():
    result = imported("mt940-chf.sta")
    assert lines(result) == [
        (dt.date(2025, 3, 1), -145000),
        (dt.date(2025, 3, 8), -8640),
        (dt.date(2025, 3, 25), 210000),
    ]
    assert {t.currency for t in result.transactions} == {"CHF"}
    assert {t.account for t in result.transactions} == {"CH0000000000000000001"}  # no "CHF"
    # 2000.00 + 563.60 = 2563.60
    assert list(map(str, result.warnings)) == [f"3 transactions in CHF, {LEFT_OUT}"]
    assert result.content["statements"][0]["currency"] == "CHF"
    profile = spending_profile(result.transactions)
    assert profile["months"] == 0 and profile["per_category"] == {}
    assert profile["net_income_per_month"] == 0
    assert profile["other_currencies"] == {"CHF": {"transactions": 3, "cents": 56360}}


def test_mt940_with_three_currencies_keeps_each_statements_own():
    result = imported("mt940-mixed-currencies.sta")
    by_currency: dict[str, list[int]] = {}
    for t in result.transactions:
        by_currency.setdefault(t.currency, []).append(t.amount_cents)
    assert by_currency == {
        "DEM": [-25000, 320000],
        "EUR": [-95000, 145000, -1234],
        "PLN": [-123456, -9999],
    }
    assert [s["currency"] for s in result.content["statements"]] == ["DEM", "EUR", "PLN"]
    # Each account without the currency written after it.
    assert [s["account"] for s in result.content["statements"]] == [
        "DE00000000000000000001",
        "NL00DEMO0123456789",
        "PL00000000000000000000000001",
    ]
    assert list(map(str, result.warnings)) == [
        f"2 transactions in DEM, {LEFT_OUT}",
        f"2 transactions in PLN, {LEFT_OUT}",
    ]
    profile = spending_profile(result.transactions)
    assert profile["months"] == 1
    assert profile["per_category"] == {"groceries": -1234, "housing": -95000, "income:aow": 145000}
    assert profile["net_income_per_month"] == 145000
    assert profile["spending_per_month"] == 96234
    assert profile["other_currencies"] == {
        "DEM": {"transactions": 2, "cents": 295000},  # -250.00 + 3200.00
        "PLN": {"transactions": 2, "cents": -133455},  # -1234.56 - 99.99
    }


def test_mt940_currency_from_the_closing_balance_when_there_is_no_opening():
    text = (FIXTURES / "mt940-chf.sta").read_text(encoding="ascii")
    result = Mt940Importer().load(text.replace(":60F:C250301CHF2000,00\n", "").encode(), "x.sta")
    assert {t.currency for t in result.transactions} == {"CHF"}


def test_mt940_balances_in_two_currencies_are_a_warning():
    text = (FIXTURES / "mt940-chf.sta").read_text(encoding="ascii")
    result = Mt940Importer().load(text.replace("C250331CHF", "C250331EUR").encode(), "x.sta")
    assert {t.currency for t in result.transactions} == {"CHF"}  # the opening balance's
    assert str(result.warnings[0]) == (
        "statement DEMOCHF2503 (CH0000000000000000001): opening balance in CHF, closing balance "
        "in EUR; its transactions are taken to be in CHF"
    )


def test_camt053_entry_in_another_currency():
    data = (FIXTURES / "camt053-v02.xml").read_bytes()
    data = data.replace(b'<Amt Ccy="EUR">112.53</Amt>', b'<Amt Ccy="USD">112.53</Amt>')
    result = Camt053Importer().load(data, "mixed.xml")
    currencies = [(t.amount_cents, t.currency) for t in result.transactions]
    assert (-11253, "USD") in currencies
    assert [c for _, c in currencies].count("USD") == 1
    assert {c for _, c in currencies} == {"EUR", "USD"}
    # Balances in euros are not checked against a dollar entry: no mismatch warning.
    assert list(map(str, result.warnings)) == [
        "1 pending (not yet booked) entry was left out",
        f"1 transaction in USD, {LEFT_OUT}",
    ]
    euros = [t for t in result.transactions if t.currency == "EUR"]
    profile = spending_profile(result.transactions)
    assert profile == {**spending_profile(euros), "other_currencies": profile["other_currencies"]}
    assert profile["other_currencies"] == {"USD": {"transactions": 1, "cents": -11253}}


def test_euro_statements_have_no_currency_warning_and_an_empty_list_left_out():
    result = imported("mt940-structured.940")
    assert result.warnings == []
    assert spending_profile(result.transactions)["other_currencies"] == {}


def test_import_json_gives_each_transactions_currency(capsys):
    household = ROOT / "resources" / "demo" / "single-working" / "pensioenaanspraken.xml"
    banks = [FIXTURES / "mt940-mixed-currencies.sta", FIXTURES / "rabobank-en.csv"]
    files = [str(household), *map(str, banks)]
    assert main(["import", *files, "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    transactions = payload["transactions"]
    assert [t["currency"] for t in transactions] == ["DEM"] * 2 + ["EUR"] * 3 + ["PLN"] * 2 + [
        "EUR"
    ] * 3
    assert [t["amount"] for t in transactions if t["currency"] == "PLN"] == [-1234.56, -99.99]
    assert [w for w in payload["warnings"] if "currenc" in w or "euros" in w] == [
        f"mt940-mixed-currencies.sta: 2 transactions in DEM, {LEFT_OUT}",
        f"mt940-mixed-currencies.sta: 2 transactions in PLN, {LEFT_OUT}",
    ]


# --- Rabobank CSV with English headers ---------------------------------------------------------


def test_rabobank_csv_with_english_headers_reads_like_the_dutch_one():
    english = imported("rabobank-en.csv")
    dutch = RabobankCsvImporter().load((FIXTURES / "rabobank.csv").read_bytes(), "rabobank.csv")
    assert english.kind == "rabobank-csv"
    assert english.content["columns"][:7] == [
        "IBAN/BBAN", "Ccy", "BIC", "Seq No", "Date", "Value Date", "Amount",
    ]  # fmt: skip
    fields = ("booking_date", "amount_cents", "currency", "account", "counterparty",
              "counterparty_account", "description", "category")  # fmt: skip

    def rows(result: ImportResult) -> list[tuple[object, ...]]:
        return [tuple(getattr(t, f) for f in fields) for t in result.transactions]

    assert rows(english) == rows(dutch)
    assert lines(english) == [
        (dt.date(2025, 3, 1), -95000),
        (dt.date(2025, 3, 8), -1230),
        (dt.date(2025, 3, 25), 123456),
    ]
    assert english.transactions[0].description == "Huur maart contract 42"
    assert english.warnings == []


def test_rabobank_csv_in_another_currency_is_a_warning():
    text = (FIXTURES / "rabobank-en.csv").read_text(encoding="utf-8")
    result = RabobankCsvImporter().load(text.replace(',"EUR",', ',"USD",').encode(), "r.csv")
    assert {t.currency for t in result.transactions} == {"USD"}
    assert list(map(str, result.warnings)) == [f"3 transactions in USD, {LEFT_OUT}"]


def test_rabobank_english_csv_without_an_amount_column_names_what_is_missing():
    text = (FIXTURES / "rabobank-en.csv").read_text(encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        RabobankCsvImporter().load(text.replace('"Amount"', '"Sum"', 1).encode(), "r.csv")
    assert caught.value.message == "unknown CSV layout for rabobank-csv: no column bedrag"
    assert caught.value.where == "r.csv, line 1"
