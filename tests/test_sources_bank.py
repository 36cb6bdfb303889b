"""Bank statement importers: exact cents and dates per format, categories, the monthly profile,
and refusal of hostile or broken files with one clear ImportProblem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pensioenchecker.errors import InputError
from pensioenchecker.model import Provenance, Transaction
from pensioenchecker.sources.bank import (
    IMPORTERS,
    AbnAmroTxtImporter,
    Camt053Importer,
    IngCsvImporter,
    Mt940Importer,
    RabobankCsvImporter,
    categorise,
    default_rules,
    load_rules,
    spending_profile,
)
from pensioenchecker.sources.bank import camt053 as camt053_module
from pensioenchecker.sources.base import Deadline, Importer, ImportProblem, ImportResult

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "bank"
DEMO = ROOT / "resources" / "demo"
BY_KIND = {importer.KIND: importer for importer in IMPORTERS}


def load(importer: Importer, file: str) -> ImportResult:
    path = FIXTURES / file
    result = importer.load(path.read_bytes(), str(path))
    assert isinstance(result, ImportResult)
    return result


def summary(result: ImportResult) -> list[tuple[dt.date, int, str | None, str | None]]:
    return [
        (t.booking_date, t.amount_cents, t.counterparty, t.category) for t in result.transactions
    ]


# --- each format, exact values -----------------------------------------------------------------


def test_camt053_version_02():
    result = load(Camt053Importer(), "camt053-v02.xml")
    assert result.kind == "camt053"
    assert result.document.name == "camt053-v02.xml"
    assert result.content["format"] == "camt.053.001.02"
    assert summary(result) == [
        (dt.date(2025, 3, 25), 312540, "Werkgever Voorbeeld (synthetisch)", "income:salary"),
        (dt.date(2025, 3, 1), -95000, "Woonstichting Voorbeeld (synthetisch)", "housing"),
        (dt.date(2025, 3, 8), -11253, None, "groceries"),
    ]
    salary, rent, shop = result.transactions
    assert {t.account for t in result.transactions} == {"NL00DEMO0123456789"}
    assert salary.counterparty_account == "NL00DEMO0000000001"  # the debtor pays us
    assert rent.counterparty_account == "NL00DEMO0000000002"  # we pay the creditor
    assert rent.description == "Huur maart contract 42"  # two Ustrd lines joined
    assert shop.description == "BEA, Betaalpas Albert Heijn 1234 (synthetisch)"  # AddtlNtryInf
    assert salary.provenance == Provenance(
        source="bank", file="camt053-v02.xml", reference_date=dt.date(2025, 3, 31)
    )
    # The PDNG entry is left out; 1000.00 + 3125.40 - 950.00 - 112.53 = 3062.87 = CLBD: no
    # balance warning.
    assert list(map(str, result.warnings)) == ["1 pending (not yet booked) entry was left out"]
    assert result.content["statements"][0]["balances"]["CLBD"]["cents"] == 306287


def test_camt053_version_08_prefixed_namespace():
    result = load(Camt053Importer(), "camt053-v08.xml")
    assert result.content["format"] == "camt.053.001.08"
    assert summary(result) == [
        # BookgDt/DtTm 2025-01-23T08:15 gives the date; Dbtr/Pty/Nm the payer.
        (dt.date(2025, 1, 23), 156321, "Sociale Verzekeringsbank (synthetisch)", "income:aow"),
        (dt.date(2025, 1, 24), 81240, "Pensioenfonds Voorbeeld (synthetisch)", "income:pension"),
        (dt.date(2025, 1, 2), -15090, "Zorgverzekeraar Voorbeeld (synthetisch)", "care"),
    ]
    assert result.transactions[1].description == "PF-2025-01-7788"  # Strd/CdtrRefInf/Ref
    assert result.transactions[0].provenance.reference_date == dt.date(2025, 1, 31)
    # PRCD -250.00 + 1563.21 + 812.40 - 150.90 = 1974.71 = CLBD
    assert result.warnings == []


def test_camt053_same_result_through_the_plain_target_interface(monkeypatch):
    fast = load(Camt053Importer(), "camt053-v08.xml")
    # Without expat's handlers exposed the reader is an ordinary ElementTree parser target.
    monkeypatch.setattr(camt053_module, "getattr", lambda *args: None, raising=False)
    plain = load(Camt053Importer(), "camt053-v08.xml")
    assert plain.transactions == fast.transactions


def _camt_outcome(data: bytes) -> object:
    try:
        result = Camt053Importer().load(data, "x.xml")
    except ImportProblem as problem:
        return (problem.message, problem.where)
    return (result.transactions, result.warnings, result.content)


CAMT_VARIANTS = [
    ("v02", (FIXTURES / "camt053-v02.xml").read_bytes()),
    ("v08", (FIXTURES / "camt053-v08.xml").read_bytes()),
    ("demo", (DEMO / "single-working" / "bank-camt053.xml").read_bytes()),
    (
        "text-after-elements",
        (FIXTURES / "camt053-v02.xml")
        .read_bytes()
        .replace(b"</Ustrd>", b"</Ustrd> na ")
        .replace(b"</Nm>", b"</Nm>x"),
    ),
    (
        "two-statements",
        (FIXTURES / "camt053-v02.xml")
        .read_bytes()
        .replace(
            b"</Stmt>",
            b"</Stmt><Stmt><Acct><Id><IBAN>NL00X</IBAN></Id></Acct><Ntry><Amt>1.00</Amt>"
            b"<CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2025-01-01</Dt></BookgDt></Ntry></Stmt>",
        ),
    ),
    ("truncated", (FIXTURES / "camt053-v02.xml").read_bytes()[:2500]),
]


@pytest.mark.parametrize(("label", "data"), CAMT_VARIANTS)
def test_camt053_same_result_in_any_chunk_size_and_without_shape_plans(monkeypatch, label, data):
    """Reading parts as chunks end, or element by element, gives what whole parts give."""
    whole = _camt_outcome(data)
    monkeypatch.setattr(camt053_module, "_CHUNK_BYTES", 7)
    assert _camt_outcome(data) == whole, label
    monkeypatch.setattr(camt053_module, "_PLAN_ELEMENTS", 0)
    assert _camt_outcome(data) == whole, label


def test_camt053_text_after_an_element_counts_as_before():
    data = (FIXTURES / "camt053-v02.xml").read_bytes().replace(b"</Ustrd>", b"</Ustrd> na ")
    rent = Camt053Importer().load(data, "x.xml").transactions[1]
    assert rent.description == "Huur maart na contract 42 na"


def test_camt053_tree_is_dropped_while_reading(monkeypatch):
    """Only about one chunk of the file is ever held as elements."""
    data = camt053_entries(600)
    total = data.count(b"</")  # one end tag per element
    held: list[int] = []
    read = camt053_module._Reader.read

    def spy(self, root, complete):
        read(self, root, complete)
        if root is not None and not complete:
            held.append(len(list(root.iter())))

    monkeypatch.setattr(camt053_module, "_CHUNK_BYTES", 4096)
    monkeypatch.setattr(camt053_module._Reader, "read", spy)
    result = Camt053Importer().load(data, "big.xml")
    assert len(result.transactions) == 600
    assert held and max(held) < total / 20


def test_camt053_an_entry_problem_before_broken_xml_is_reported_first():
    camt = _text("camt053-v02.xml").replace(">950.00<", ">95O.00<")
    broken = camt.replace("</Stmt>", "<Ntry></Stmt>").encode()
    with pytest.raises(ImportProblem) as caught:
        Camt053Importer().load(broken, "x.xml")
    assert "not an amount" in caught.value.message
    assert caught.value.where == "x.xml, entry 2"


def test_camt053_balance_mismatch_is_a_warning():
    data = (FIXTURES / "camt053-v02.xml").read_bytes().replace(b"3062.87", b"3062.88")
    result = Camt053Importer().load(data, "x.xml")
    assert any("differs from the closing balance by €0.01" in w for w in map(str, result.warnings))


def test_mt940_plain_cp1252():
    result = load(Mt940Importer(), "mt940-plain.sta")
    assert summary(result) == [
        (dt.date(2025, 3, 1), -95000, "Woonstichting Voorbeeld (synthetisch)", "housing"),
        (dt.date(2025, 3, 8), -11253, "Albert Heijn 1234", "groceries"),
        (dt.date(2025, 3, 15), -4500, "Café De Hoek (synthetisch)", "leisure"),  # cp1252 é
        (dt.date(2025, 3, 25), 312540, "Werkgever Voorbeeld (synthetisch)", "income:salary"),
    ]
    rent = result.transactions[0]
    assert rent.account == "123456789"
    assert rent.counterparty_account == "NL00DEMO0000000002"
    assert rent.description == "Huur maart"  # the "Omschrijving:" field
    assert rent.provenance.reference_date == dt.date(2025, 3, 31)  # :62F: date
    # 1000.00 - 950.00 - 112.53 - 45.00 + 3125.40 = 3017.87 = :62F:
    assert result.warnings == []


def test_mt940_structured():
    result = load(Mt940Importer(), "mt940-structured.940")
    assert summary(result) == [
        # :61:2501011231D: value date 2025-01-01, entry date 12-31 of the year before
        (dt.date(2024, 12, 31), -1250, "Voorbeeld Verzekeringen (synthetisch)", "insurance"),
        (dt.date(2025, 1, 25), 145000, "Sociale Verzekeringsbank (synthetisch)", "income:aow"),
        # /NAME/ wrapped mid-word over two lines ("Pensi" + "oenfonds")
        (
            dt.date(2025, 1, 25),
            98765,
            "Stichting Pensioenfonds Voorbeeld (synthetisch)",
            "income:pension",
        ),
        # RD: reversal of a debit, so money comes back (+20.00)
        (dt.date(2025, 1, 28), 2000, "Voorbeeld Verzekeringen (synthetisch)", "insurance"),
    ]
    first, aow, pension, _ = result.transactions
    assert first.account == "NL00DEMO0123456789"  # "EUR" suffix of :25: removed
    assert first.counterparty_account == "NL00DEMO0000000003"  # from /CNTP/
    assert first.description == "Premie inboedelverzekering januari"  # /REMI/USTD//
    assert aow.description == "AOW januari 2025"
    assert pension.description == "1234567890123456"  # /REMI/STRD/CUR/ref/
    # 500.00 - 12.50 + 1450.00 + 987.65 + 20.00 = 2945.15 = :62F:
    assert result.warnings == []
    assert result.content["statements"][0]["closing"]["cents"] == 294515


ING_EXPECTED = [
    (dt.date(2025, 3, 25), 312540, "Werkgever Voorbeeld (synthetisch)", "income:salary"),
    (dt.date(2025, 3, 8), -11253, "Albert Heijn 1234", "groceries"),
    (dt.date(2025, 3, 1), -95000, "Woonstichting Voorbeeld (synthetisch)", "housing"),
]


@pytest.mark.parametrize(
    ("file", "delimiter"),
    [
        ("ing-nl-comma.csv", ","),  # 9 columns, YYYYMMDD
        ("ing-nl-semicolon.csv", ";"),  # 11 columns (Saldo na mutatie, Tag)
        ("ing-en-comma.csv", ","),  # English headers, DD-MM-YYYY, Debit/Credit
        ("ing-en-semicolon.csv", ";"),
    ],
)
def test_ing_csv(file, delimiter):
    result = load(IngCsvImporter(), file)
    assert result.kind == "ing-csv"
    assert result.content["delimiter"] == delimiter
    assert summary(result) == ING_EXPECTED
    salary = result.transactions[0]
    assert salary.account == "NL00DEMO0123456789"
    assert salary.counterparty_account == "NL00DEMO0000000001"
    assert salary.description.startswith("Naam: Werkgever Voorbeeld")
    assert salary.provenance.reference_date is None


def test_rabobank_csv():
    result = load(RabobankCsvImporter(), "rabobank.csv")  # UTF-8 with BOM
    assert summary(result) == [
        (dt.date(2025, 3, 1), -95000, "Woonstichting Voorbeeld (synthetisch)", "housing"),
        (dt.date(2025, 3, 8), -1230, "Jumbo Demo (synthetisch)", "groceries"),  # "-12,30"
        # "+1.234,56": thousands dot, decimal comma
        (
            dt.date(2025, 3, 25),
            123456,
            "Stichting Pensioenfonds Voorbeeld (synthetisch)",
            "income:pension",
        ),
    ]
    assert result.transactions[0].description == "Huur maart contract 42"  # Omschrijving-1 + -2


def test_abn_amro_txt():
    result = load(AbnAmroTxtImporter(), "abnamro.txt")
    assert summary(result) == [
        (dt.date(2025, 3, 1), -95000, "Woonstichting Voorbeeld (synthetisch)", "housing"),
        (dt.date(2025, 3, 8), -11253, "Albert Heijn 1234", "groceries"),  # from "BEA ... ,PAS"
        (dt.date(2025, 3, 25), 312540, "Werkgever Voorbeeld (synthetisch)", "income:salary"),
    ]
    assert result.transactions[0].counterparty_account == "NL00DEMO0000000002"
    assert result.transactions[2].description == "Salaris maart 2025"  # /REMI/
    assert result.warnings == []  # 2000,00 - 950,00 = 1050,00 etc.: every line balances


def test_abn_amro_txt_value_date_before_balances():
    # The column order formats.md gives: value date, then start and end balance.
    line = "123456789\tEUR\t20250301\t20250302\t2000,00\t1050,00\t-950,00\tHuur maart\n"
    result = AbnAmroTxtImporter().load(line.encode(), "abn.txt")
    assert summary(result) == [(dt.date(2025, 3, 1), -95000, None, "housing")]
    assert result.warnings == []


def test_each_fixture_is_detected_by_its_own_importer_only():
    expected = {
        "camt053-v02.xml": "camt053",
        "camt053-v08.xml": "camt053",
        "mt940-plain.sta": "mt940",
        "mt940-structured.940": "mt940",
        "mt940-ing-padded.940": "mt940",
        "mt940-triodos.940": "mt940",
        "mt940-deutsche-bank.sta": "mt940",
        "mt940-chf.sta": "mt940",
        "mt940-mixed-currencies.sta": "mt940",
        "ing-nl-comma.csv": "ing-csv",
        "ing-nl-semicolon.csv": "ing-csv",
        "ing-en-comma.csv": "ing-csv",
        "ing-en-semicolon.csv": "ing-csv",
        "profile-3months.csv": "ing-csv",
        "rabobank.csv": "rabobank-csv",
        "rabobank-en.csv": "rabobank-csv",
        "abnamro.txt": "abnamro-txt",
    }
    for file, kind in expected.items():
        data = (FIXTURES / file).read_bytes()
        assert [i.KIND for i in IMPORTERS if i.detect(data, file)] == [kind], file
    assert sorted(BY_KIND) == ["abnamro-txt", "camt053", "ing-csv", "mt940", "rabobank-csv"]
    for importer in IMPORTERS:
        assert importer.MAX_BYTES == 50 * 2**20
        assert importer.detect(b"", "empty") is False
        assert importer.detect(b"\x00\xff" * 100, "binary") is False


def test_ids_are_unique_and_deterministic():
    first = load(Mt940Importer(), "mt940-structured.940")
    second = load(Mt940Importer(), "mt940-structured.940")
    ids = [t.id for t in first.transactions]
    assert ids == [t.id for t in second.transactions]
    assert len(set(ids)) == len(ids)
    assert ids[0].startswith("mt940-") and ids[0].endswith("-1")


def test_demo_files_are_synthetic_and_import():
    single = (DEMO / "single-working" / "bank-camt053.xml").read_bytes()
    assert b"Synthetic demo file" in single
    couple = (DEMO / "couple" / "bank-ing.csv").read_bytes()
    results = [
        BY_KIND["camt053"].load(single, "bank-camt053.xml"),
        BY_KIND["ing-csv"].load(couple, "bank-ing.csv"),
    ]
    for result in results:
        assert result.warnings == []
        for t in result.transactions:
            assert t.account.startswith("NL00DEMO")
            assert "(synthetisch)" in (t.counterparty or "")
    single_result, couple_result = results
    categories = {t.category for t in single_result.transactions}
    assert {"income:salary", "housing", "groceries", "insurance", "care", "transport"} <= categories
    profile = spending_profile(couple_result.transactions)
    assert profile["months"] == 3
    # The AOW starts in the second month: 2 x 1012.66 over 3 months = 675.11 a month.
    assert profile["per_category"]["income:aow"] == 67511
    assert profile["per_category"]["income:pension"] == 35248
    assert profile["per_category"]["income:salary"] == 268415


# --- categories and the spending profile ----------------------------------------------------


def test_default_categories():
    rules = default_rules()
    assert (
        rules.category("Sociale Verzekeringsbank", None, "AOW uitkering mei", 150000)
        == "income:aow"
    )
    assert rules.category("SVB", None, "Uitkering", 150000) == "income:aow"
    assert rules.category("SVB", None, "Kinderbijslag 2e kwartaal", 30000) == "income:benefit"
    assert (
        rules.category("Stichting Pensioenfonds ABP", None, "Uitkering", 90000) == "income:pension"
    )
    assert rules.category("PFZW", None, "", 40000) == "income:pension"
    assert rules.category("Stichting bpfBOUW", None, "", 40000) == "income:pension"
    assert rules.category("Bakkerij BV", None, "Salaris april", 250000) == "income:salary"
    assert rules.category("Woonstichting De Eendracht", None, "Huur april", -85000) == "housing"
    assert rules.category("UWV", None, "WW", 120000) == "income:benefit"
    assert rules.category("Belastingdienst", None, "Zorgtoeslag", 12300) == "income:benefit"
    assert rules.category("AH 1234 Utrecht", None, "", -2000) == "groceries"
    assert rules.category("Jahn", None, "", -2000) == "other"  # "ah" is a whole word only
    assert rules.category("Stichting Pensioenfonds X", None, "Premie", -5000) == "other"
    assert rules.category("Iemand", None, "Terugbetaling", 5000) == "income:other"


_ROWS = [
    ("Sociale Verzekeringsbank", None, "AOW uitkering mei", 150000, "income:aow"),
    ("SVB", None, "Kinderbijslag 2e kwartaal", 30000, "income:benefit"),
    ("Iemand", None, "ah", -2000, "groceries"),  # a whole word that is the whole text
    ("Iemand", None, "jahn", -2000, "other"),  # not a whole word
    ("Iemand", None, "boodschappen ah", -2000, "groceries"),  # the word ends the text
    ("Iemand", None, "ahold", -2000, "other"),  # ... and here the next text starts
    ("Bakkerij BV", "NL00 DEMO 0000 0000 01", "Salaris april", 250000, "income:salary"),
    (None, None, None, 5000, "income:other"),
    ("Woonstichting De Eendracht", None, "Huur april", -85000, "housing"),
]


def test_categories_of_a_whole_statement_equal_one_by_one():
    """One pass over many descriptions (joined at line breaks) finds what each alone gives.

    Neighbouring texts must not make or break whole words: "ah" ending one description and
    "ahold" starting the next stay apart.
    """
    rules = default_rules()
    columns = zip(*_ROWS, strict=True)
    names, ibans, descriptions, amounts, expected = (list(column) for column in columns)
    assert rules.categories(names, ibans, descriptions, amounts) == expected
    one_by_one = [rules.category(*row[:4]) for row in _ROWS]
    assert one_by_one == expected
    # A user's regular-expression rule is tried for every row, with or without literal hits.
    extended = rules.extended([{"category": "rent", "description_re": r"^huur \w+$"}])
    assert extended.categories(names, ibans, descriptions, amounts)[-1] == "rent"
    assert extended.categories([], [], [], []) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    texts=st.lists(
        st.text(alphabet="ahjnsvbo p-1é", max_size=30)
        | st.sampled_from(["svb", "ah", "jahn", "albert heijn", "aow uitkering", "huur"]),
        max_size=8,
    ),
    split=st.integers(min_value=-1, max_value=40),
)
def test_literal_search_by_scan_equals_the_compiled_trie(texts, split):
    """Short statements search literal by literal, long ones by the compiled pattern: the
    hits must be the same, word boundaries and the name/description split included."""
    from pensioenchecker.sources.bank.categories import _Literals

    literals = default_rules()._text
    assert literals is not None
    scanner = _Literals(literals.entries)  # fresh: still scanning
    compiled = _Literals(literals.entries)
    compiled._compiled()
    for text in texts:
        assert scanner.hits(text, split) == compiled.hits(text, split)
    assert scanner.hits_each(texts) == compiled.hits_each(texts)
    assert scanner._finder is None and compiled._finder is not None


def test_user_rules_override_defaults(tmp_path):
    result = load(IngCsvImporter(), "ing-nl-comma.csv")
    by_list = categorise(result.transactions, [{"category": "leisure", "name": "albert heijn"}])
    assert [t.category for t in by_list] == ["income:salary", "leisure", "housing"]
    rules_file = tmp_path / "rules.yaml"
    rules_file.write_text("housing_shared:\n  - description_re: 'huur \\w+'\n", encoding="utf-8")
    by_file = categorise(result.transactions, rules_file)
    assert [t.category for t in by_file] == ["income:salary", "groceries", "housing_shared"]
    by_mapping = load_rules({"income:other": [{"name": "werkgever", "direction": "in"}]})
    assert categorise(result.transactions, by_mapping)[0].category == "income:other"
    edited = result.transactions[1].model_copy(
        update={"category": "leisure", "provenance": Provenance(source="bank", edited=True)}
    )
    assert categorise([edited])[0].category == "leisure"  # the user's own choice is kept


@pytest.mark.parametrize(
    ("rules", "fragment"),
    [
        ([{"name": "x"}], "needs a 'category'"),
        ({"leisure": [{"nam": "x"}]}, "unknown key"),
        ({"leisure": [{"name_re": "("}]}, "bad regular expression"),
        ({"leisure": [{"direction": "in"}]}, "needs name, iban"),
        ({"leisure": [{"name": 5}]}, "needs text"),
        ({"leisure": [{"name": "x", "direction": ["in"]}]}, "direction is in, out or any"),
        ({"leisure": [{"name": "x" * 201}]}, "longer than 200"),
        ({"Lei sure": [{"name": "x"}]}, "unusable category"),
    ],
)
def test_bad_user_rules_are_input_errors(rules, fragment):
    with pytest.raises(InputError, match=fragment):
        load_rules(rules)


def test_spending_profile_of_three_months_by_hand():
    result = load(IngCsvImporter(), "profile-3months.csv")
    profile = spending_profile(result.transactions)
    assert profile == {
        "months": 3,  # January to March 2025
        "first_month": "2025-01",
        "last_month": "2025-03",
        "per_category": {
            "groceries": -27525,  # -(300.00 + 250.50 + 275.25) / 3 = -275.25
            "housing": -90000,  # -3 x 900.00 / 3
            "income:aow": 33333,  # 1000.00 in March only: 333.333... -> 333.33
            "income:salary": 250000,  # 3 x 2500.00 / 3
            "other": -333,  # -10.00 / 3 = -3.333... -> -3.33
        },
        "net_income_per_month": 283333,  # 2500.00 + 333.33
        "spending_per_month": 117858,  # 275.25 + 900.00 + 3.33
        "balance_per_month": 165475,  # 2833.33 - 1178.58
        "transfers_left_out": 0,
        "other_currencies": {},
    }


def test_spending_profile_rounds_half_away_and_skips_own_transfers():
    prov = Provenance(source="bank")

    def tx(n: int, account: str, other: str | None, cents: int, day: dt.date) -> Transaction:
        return Transaction(
            id=f"t{n}",
            account=account,
            counterparty_account=other,
            booking_date=day,
            amount_cents=cents,
            category="leisure",
            provenance=prov,
        )

    items = [
        tx(1, "NL00DEMO01", None, -5, dt.date(2025, 1, 31)),
        tx(2, "NL00DEMO01", None, -0, dt.date(2025, 2, 1)),
        # Savings transfer between two of the listed accounts: not spending.
        tx(3, "NL00DEMO01", "NL00 DEMO 02", -10000, dt.date(2025, 1, 15)),
        tx(4, "NL00DEMO02", "NL00DEMO01", 10000, dt.date(2025, 1, 15)),
    ]
    profile = spending_profile(items)
    assert profile["months"] == 2
    assert profile["per_category"] == {"leisure": -3}  # -5 / 2 = -2.5 -> -3 (half away)
    assert profile["transfers_left_out"] == 2
    assert spending_profile([])["months"] == 0


# --- hostile and broken input: ImportProblem only ------------------------------------------


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Document [
 <!ENTITY a "aaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
 <!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">
 <!ENTITY h "&g;&g;&g;&g;&g;&g;&g;&g;&g;&g;">
 <!ENTITY i "&h;&h;&h;&h;&h;&h;&h;&h;&h;&h;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>&i;
</BkToCstmrStmt></Document>
"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt>
<Id>&xxe;</Id></Stmt></BkToCstmrStmt></Document>
"""


_PULL_PARSER = camt053_module.XMLPullParser


class _RecordingParser:
    """The tree builder's pull parser, keeping what it was fed."""

    fed: list[bytes] = []

    def __init__(self, events):
        self.inner = _PULL_PARSER(events=events)
        _RecordingParser.fed = []

    def feed(self, data):
        _RecordingParser.fed.append(data)
        self.inner.feed(data)

    def read_events(self):
        return self.inner.read_events()

    def close(self):
        return self.inner.close()


def test_camt053_an_enormous_tag_is_refused_before_expat_reads_it_again_and_again():
    """Expat 2.5 rereads an unfinished tag with every chunk (45 MiB ran into the 10-second time
    limit); a 4 MiB attribute is refused before it is read at all, naming its line."""
    head, rest = _text("camt053-v02.xml").split("<Ntry>", 1)
    hostile = (head + '<Ntry a="' + "x" * 4 * 2**20 + '"><Ntry>' + rest).encode()
    with pytest.raises(ImportProblem, match="markup longer than 64 KiB") as caught:
        Camt053Importer().load(hostile, "x.xml")
    assert caught.value.where == f"x.xml, line {head.count(chr(10)) + 1}"
    # A long text is no markup: 1 MiB of remittance information is read as text.
    long_text = _text("camt053-v02.xml").replace("<Ustrd>", "<Ustrd>" + "y" * 2**20, 1)
    result = Camt053Importer().load(long_text.encode(), "x.xml")
    assert any(len(t.description) == 1000 for t in result.transactions)  # cut to 1000


def test_camt053_deep_nesting_is_refused_with_memory_bounded(refused_peak_bytes):
    """Start tags alone, 300,000 deep: open elements cannot be dropped, so depth is capped."""
    depth = 300_000
    hostile = (
        _text("camt053-v02.xml").split("<Ntry>")[0].encode()
        + b"<Ntry>"
        + b"<a>" * depth
        + b"</a>" * depth
        + b"</Ntry></Stmt></BkToCstmrStmt></Document>"
    )
    peak = refused_peak_bytes(
        lambda: Camt053Importer().load(hostile, "x.xml"), "nested deeper than 64 levels"
    )
    assert peak < 25 * 2**20  # a chunk's worth of elements, not 300,000 of them


@pytest.mark.parametrize("hostile", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_camt053_the_tree_builder_never_sees_a_dtd(monkeypatch, hostile):
    """defusedxml reads every byte before the C tree builder may; a DTD stops both."""
    monkeypatch.setattr(camt053_module, "XMLPullParser", _RecordingParser)
    with pytest.raises(ImportProblem, match="DTD"):
        Camt053Importer().load(hostile, "x.xml")
    assert b"".join(_RecordingParser.fed) == b""


def test_camt053_a_dtd_after_a_long_prolog_is_refused_before_the_tree_builder_sees_it(
    monkeypatch,
):
    """The screen runs ahead chunk by chunk: the builder gets only chunks already accepted."""
    monkeypatch.setattr(camt053_module, "XMLPullParser", _RecordingParser)
    monkeypatch.setattr(camt053_module, "_CHUNK_BYTES", 512)
    prolog = b'<?xml version="1.0"?>\n' + b"<!-- synthetic padding -->\n" * 40
    hostile = prolog + BILLION_LAUGHS.split(b"?>", 1)[1]
    with pytest.raises(ImportProblem, match="DTD"):
        Camt053Importer().load(hostile, "x.xml")
    fed = b"".join(_RecordingParser.fed)
    assert len(fed) >= 512  # the padding before it was read, in whole chunks
    assert b"<!DOCTYPE" not in fed
    assert b"<!ENTITY" not in fed


def test_camt053_a_doctype_inside_the_document_is_broken_xml_not_a_dtd():
    """After the root element starts, a DOCTYPE can declare nothing: expat refuses it."""
    camt = _text("camt053-v02.xml")
    late = camt.replace("<Stmt>", '<Stmt><!DOCTYPE x [<!ENTITY a "b">]>', 1).encode()
    with pytest.raises(ImportProblem, match="not well-formed XML"):
        Camt053Importer().load(late, "x.xml")


def _text(file: str) -> str:
    return (FIXTURES / file).read_text(encoding="utf-8")


def _broken_cases() -> list[tuple[str, object, bytes, str, str]]:
    camt = _text("camt053-v02.xml")
    ing = _text("ing-nl-comma.csv")
    mt940 = _text("mt940-structured.940")
    rabo = (FIXTURES / "rabobank.csv").read_text(encoding="utf-8-sig")
    abn = (FIXTURES / "abnamro.txt").read_text(encoding="cp1252")
    return [
        ("billion-laughs", Camt053Importer(), BILLION_LAUGHS, "DTD", "x.xml"),
        ("external-entity", Camt053Importer(), EXTERNAL_ENTITY, "DTD", "x.xml"),
        (
            "truncated-xml",
            Camt053Importer(),
            camt[: len(camt) // 2].encode(),
            "not well-formed",
            "x.xml, line",
        ),
        ("not-camt", Camt053Importer(), b"<html><body>hi</body></html>", "not a CAMT.053", "x.xml"),
        (
            "camt-letters",
            Camt053Importer(),
            camt.replace(">950.00<", ">95O.00<").encode(),
            "not an amount",
            "x.xml, entry 2",
        ),
        (
            "camt-date",
            Camt053Importer(),
            camt.replace("<Dt>2025-03-08</Dt>", "<Dt>2025-02-30</Dt>").encode(),
            "impossible date 2025-02-30",
            "x.xml, entry 3",
        ),
        ("empty", IngCsvImporter(), b"", "empty", "x.xml"),
        ("whitespace", Mt940Importer(), b"  \r\n ", "empty", "x.xml"),
        ("binary", RabobankCsvImporter(), b"PK\x03\x04\x00\x00\x08\x00" * 64, "binary", "x.xml"),
        ("binary-camt", Camt053Importer(), b"\x00\x01\x02" * 100, "binary", "x.xml"),
        ("unknown-csv", IngCsvImporter(), b"a,b,c\n1,2,3\n", "unknown CSV layout", "x.xml, line 1"),
        (
            "ing-letters",
            IngCsvImporter(),
            ing.replace('"112,53"', '"11a,53"').encode(),
            "not an amount",
            "x.xml, line 3",
        ),
        (
            "ing-date",
            IngCsvImporter(),
            ing.replace('"20250308"', '"20250230"').encode(),
            "impossible date 2025-02-30",
            "x.xml, line 3",
        ),
        (
            "ing-columns",
            IngCsvImporter(),
            ing.replace(',"BA",', ",").encode(),
            "expected 9 columns",
            "x.xml, line 3",
        ),
        (
            "rabo-letters",
            RabobankCsvImporter(),
            rabo.replace('"-12,30"', '"-12,3x"').encode(),
            "not an amount",
            "x.xml, line 3",
        ),
        (
            "mt940-date",
            Mt940Importer(),
            mt940.replace(":61:250125C1450", ":61:250230C1450").encode(),
            "impossible date 2025-02-30",
            "x.xml, line 10",
        ),
        (
            "mt940-letters",
            Mt940Importer(),
            mt940.replace("C987,65", "C98x,65").encode(),
            "not an MT940 transaction line",
            "x.xml, line 12",
        ),
        ("mt940-no-20", Mt940Importer(), b":25:NL00DEMO0123456789\n:61:x\n", "no :20:", "x.xml"),
        (
            "abn-letters",
            AbnAmroTxtImporter(),
            abn.replace("-112,53", "-112,5e").encode(),
            "not an amount",
            "x.xml, line 2",
        ),
        (
            "abn-date",
            AbnAmroTxtImporter(),
            abn.replace("\t20250308\t1050", "\t20250230\t1050").encode(),
            "impossible date 2025-02-30",
            "x.xml, line 2",
        ),
    ]


@pytest.mark.parametrize(
    ("label", "importer", "data", "fragment", "where"),
    _broken_cases(),
    ids=[case[0] for case in _broken_cases()],
)
def test_broken_input_is_one_clear_problem(label, importer, data, fragment, where):
    with pytest.raises(ImportProblem) as caught:
        importer.load(data, "x.xml")
    problem = caught.value
    assert fragment in problem.message, label
    assert (problem.where or "").startswith(where), (label, problem.where)
    assert "\n" not in str(problem)


def test_size_limit_is_checked_before_parsing():
    importer = Camt053Importer()
    importer.MAX_BYTES = 100
    with pytest.raises(ImportProblem, match="larger than"):
        load(importer, "camt053-v02.xml")


def test_deadline_is_checked_in_the_loop(monkeypatch):
    monkeypatch.setattr(camt053_module, "Deadline", lambda where: Deadline(where, -1.0))
    with pytest.raises(ImportProblem, match="took too long"):
        Camt053Importer().load(camt053_entries(600), "slow.xml")


MUTATION_CASES = [
    ("camt053", "camt053-v02.xml"),
    ("camt053", "camt053-v08.xml"),
    ("mt940", "mt940-plain.sta"),
    ("mt940", "mt940-structured.940"),
    ("mt940", "mt940-ing-padded.940"),
    ("mt940", "mt940-triodos.940"),
    ("mt940", "mt940-deutsche-bank.sta"),
    ("mt940", "mt940-mixed-currencies.sta"),
    ("ing-csv", "ing-nl-comma.csv"),
    ("ing-csv", "ing-en-semicolon.csv"),
    ("rabobank-csv", "rabobank.csv"),
    ("rabobank-csv", "rabobank-en.csv"),
    ("abnamro-txt", "abnamro.txt"),
]


@pytest.mark.parametrize(("kind", "file"), MUTATION_CASES)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_files_raise_only_import_problems(kind, file, data):
    original = (FIXTURES / file).read_bytes()
    mutated = bytearray(original)
    if data.draw(st.booleans(), label="flip"):
        for _ in range(data.draw(st.integers(1, 4), label="flips")):
            position = data.draw(st.integers(0, len(mutated) - 1), label="position")
            mutated[position] = data.draw(st.integers(0, 255), label="byte")
    if data.draw(st.booleans(), label="truncate"):
        mutated = mutated[: data.draw(st.integers(0, len(mutated)), label="length")]
    try:
        result = BY_KIND[kind].load(bytes(mutated), file)
    except ImportProblem as problem:
        assert "\n" not in str(problem)
    else:
        assert all(isinstance(t, Transaction) for t in result.transactions)


# --- speed ---------------------------------------------------------------------------------


def camt053_entries(count: int) -> bytes:
    """A CAMT.053 statement with ``count`` entries in the shape Dutch banks write them."""
    shapes = [
        ("DBIT", "Cdtr", "Supermarkt Voorbeeld (synthetisch)", "Boodschappen"),
        ("CRDT", "Dbtr", "Werkgever Voorbeeld (synthetisch)", "Salaris"),
        ("DBIT", "Cdtr", "Iemand (synthetisch)", "Tikkie etentje"),
    ]
    entries = []
    for n in range(count):
        sign, side, name, text = shapes[n % 3]
        entries.append(
            f'<Ntry><Amt Ccy="EUR">{n % 997}.{n % 100:02d}</Amt><CdtDbtInd>{sign}</CdtDbtInd>'
            f"<Sts>BOOK</Sts><BookgDt><Dt>2025-{1 + n % 12:02d}-{1 + n % 28:02d}</Dt></BookgDt>"
            f"<ValDt><Dt>2025-01-01</Dt></ValDt><AcctSvcrRef>REF{n}</AcctSvcrRef>"
            f"<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly>"
            f"</Domn></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>E2E-{n}</EndToEndId></Refs>"
            f"<RltdPties><{side}><Nm>{name}</Nm></{side}><{side}Acct><Id><IBAN>"
            f"NL00DEMO{n:010d}</IBAN></Id></{side}Acct></RltdPties><RmtInf><Ustrd>{text} "
            f"nummer {n}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>\n"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>X</MsgId><CreDtTm>2025-12-31T00:00:00</CreDtTm></GrpHdr><Stmt>"
        "<Id>S</Id><CreDtTm>2025-12-31T00:00:00</CreDtTm><Acct><Id><IBAN>NL00DEMO0123456789"
        "</IBAN></Id><Ccy>EUR</Ccy></Acct>\n"
        + "".join(entries)
        + "</Stmt></BkToCstmrStmt></Document>\n"
    ).encode()


def test_twenty_thousand_camt_entries_load():
    """A large statement imports whole; its speed is measured by bench/import.py, not here."""
    data = camt053_entries(20_000)  # about 10.7 MB
    result = Camt053Importer().load(data, "big.xml")
    assert len(result.transactions) == 20_000
    assert result.transactions[1].amount_cents == 101  # entry 2: "1.01", CRDT


def test_the_collector_runs_again_after_an_import_also_a_failed_one() -> None:
    """Imports pause cyclic garbage collection (speed), and always switch it back on."""
    import gc

    from pensioenchecker.sources.base import ImportProblem
    from pensioenchecker.sources.registry import collector_paused, import_bytes

    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    broken = (
        b'<?xml version="1.0"?><Document '
        b'xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
    )
    with pytest.raises(ImportProblem):
        import_bytes(broken, "broken.xml")
    assert gc.isenabled()
    gc.disable()  # a caller that had it off keeps it off
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
