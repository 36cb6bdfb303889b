"""The ``withholding`` and ``aow`` tables in the ``--lang`` language, figures by notation."""

from __future__ import annotations

import argparse
import json

import pytest

from pensioenchecker.cli import main
from pensioenchecker.commands.aow import cmd_aow
from pensioenchecker.commands.withholding import cmd_withholding
from pensioenchecker.i18n import PSEUDO

WITHHOLDING = [
    "withholding",
    "--date",
    "2024-03-01",
    "--birth-date",
    "1975-01-01",
    "--gross-monthly",
    "1234.56",
    "--loonheffingskorting",
]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> list[str]:
    assert main(list(args)) == 0
    return capsys.readouterr().out.splitlines()


def test_withholding_in_dutch(capsys):
    lines = run(capsys, *WITHHOLDING, "--explain", "--lang", "nl")
    assert lines[0] == "Inhouding op 1 maart 2024 (groene tabel, onder de AOW-leeftijd)"
    rows = {line[:40].strip(): line[40:].strip() for line in lines[1:6]}
    assert rows == {
        "Bruto deze maand": "€ 1.234,56",
        "Tabelloon (in stappen van € 4,50)": "€ 1.233,00",
        "Loonheffing": "€ 175,67",
        "Zvw-bijdrage": "€ 65,67",
        "Netto uitbetaald": "€ 993,22",
    }
    assert "Zo is het berekend:" in lines
    assert "    tot € 75.518: 36,97 %" in lines
    assert "    daarboven: 49,5 %" in lines
    assert any(
        line.startswith(
            "- Algemene heffingskorting onder de AOW-leeftijd: ten hoogste € 3.362, min 6,63 % "
            "van het inkomen boven € 24.812 (geldt sinds 1 januari 2024)"
        )
        for line in lines
    )


def test_withholding_in_english(capsys):
    lines = run(capsys, *WITHHOLDING, "--explain", "--lang", "en")
    assert lines[0] == "Withholding on 1 March 2024 (green table, below the AOW age)"
    assert lines[1].startswith("Gross this month") and lines[1].endswith("€1,234.56")
    assert lines[5].startswith("Net paid") and lines[5].endswith("€993.22")
    assert "    up to €75,518: 36.97%" in lines
    assert "    above that: 49.5%" in lines


def test_withholding_notes_in_dutch(capsys):
    lines = run(
        capsys,
        *WITHHOLDING[:-1],
        "--alleenstaande-ouderenkorting",
        "--table",
        "white",
        "--lang",
        "nl",
    )
    assert lines[0].startswith("Inhouding op 1 maart 2024 (witte tabel,")
    assert (
        "let op: de alleenstaandeouderenkorting geldt alleen samen met de loonheffingskorting"
        in lines
    )
    assert any(line.startswith("let op: witte tabel: de werkgever betaalt") for line in lines)


def test_withholding_json_is_the_same_in_every_language(capsys):
    dutch = json.loads("\n".join(run(capsys, *WITHHOLDING, "--json", "--lang", "nl")))
    english = json.loads("\n".join(run(capsys, *WITHHOLDING, "--json", "--lang", "en")))
    assert dutch == english
    assert dutch["gross_monthly"] == 1234.56 and dutch["group"] == "below_aow"


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            [
                "AOW voor iemand geboren op 10 mei 1961",
                ("AOW-leeftijd", "67 jaar en 3 maanden"),
                ("AOW-datum", "10 augustus 2028"),
                ("Wettelijk vastgesteld", "ja"),
            ],
        ),
        (
            "en",
            [
                "AOW for someone born on 10 May 1961",
                ("AOW age", "67 years and 3 months"),
                ("AOW date", "10 August 2028"),
                ("Fixed by law", "yes"),
            ],
        ),
    ],
)
def test_aow_in_the_language(capsys, lang, expected):
    lines = run(capsys, "aow", "--birth-date", "1961-05-10", "--lang", lang)
    assert lines[0] == expected[0]
    for line, (label, value) in zip(lines[1:], expected[1:], strict=True):
        assert line.split("  ")[0] == label
        assert line.strip().endswith(value)


def test_aow_not_fixed_by_law_says_so_in_dutch(capsys):
    lines = run(capsys, "aow", "--birth-date", "1990-05-10", "--lang", "nl")
    assert lines[-2].startswith("Wettelijk vastgesteld") and lines[-2].endswith(
        "nee (laatst bekende leeftijd)"
    )
    assert lines[-1] == (
        "let op: de AOW-leeftijd voor deze geboortedatum is nog niet wettelijk vastgesteld; de "
        "laatst bekende AOW-leeftijd wordt gebruikt"
    )


def test_every_label_comes_from_the_catalog(capsys):
    """In the pseudo-language each label and note is visibly changed; figures are not."""
    assert cmd_aow(argparse.Namespace(birth_date="1990-05-10", json=False, lang=PSEUDO)) == 0
    withholding = argparse.Namespace(
        date="2024-03-01",
        birth_date="1975-01-01",
        gross_monthly="1234.56",
        loonheffingskorting=False,
        alleenstaande_ouderenkorting=True,
        table="white",
        explain=True,
        json=False,
        lang=PSEUDO,
    )
    assert cmd_withholding(withholding) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    # Parameter names come from the rules' own table of names, not from the catalog.
    own = [line for line in lines if not line.startswith("- ")]
    assert all("⟦" in line for line in own), [line for line in own if "⟦" not in line]
    assert "⟦ÁÓW ágé⟧" in lines[1] and "€ 1.234,56" in lines[6]


def test_a_year_without_figures_is_noted_in_the_language(capsys):
    args = ["withholding", "--date", "2028-03-01", "--birth-date", "1975-01-01"]
    args += ["--gross-monthly", "3500", "--loonheffingskorting"]
    dutch = run(capsys, *args, "--lang", "nl")
    assert dutch[-1] == (
        "let op: geen cijfers voor 2028; de cijfers van 2026 worden gebruikt (bedragen niet "
        "geïndexeerd)"
    )
    english = run(capsys, *args, "--lang", "en")
    assert english[-1] == (
        "note: no figures for 2028; the figures of 2026 are used (amounts not indexed)"
    )
    payload = json.loads("\n".join(run(capsys, *args, "--json", "--lang", "nl")))
    assert payload["notices"] == [
        "no figures for 2028; the figures of 2026 are used (amounts not indexed)"
    ]
