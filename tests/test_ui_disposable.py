"""The window's disposable income: the Overview block, the Explain page's toeslagen and the
What if page's lost toeslagen, for the synthetic single AOW recipient with a rent."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from pensioenchecker.model import Provenance, Transaction  # noqa: E402
from pensioenchecker.sources.registry import load_paths  # noqa: E402
from ui.controller import DossierController  # noqa: E402
from ui.pages.explain import ExplainPage  # noqa: E402
from ui.pages.overview import OverviewPage  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo"
RENTER = sorted((DEMO / "single-renter").iterdir())
NBSP = "\u00a0"


def plain(text: str) -> str:
    return text.replace(NBSP, " ")


@pytest.fixture
def renter(controller: DossierController, engine) -> DossierController:
    """The demo single-renter, seen on 28 November 2026 (AOW and pension since January)."""
    controller.set_dossier(load_paths(RENTER, engine))
    return controller


def test_overview_shows_disposable_with_both_toeslagen(qtbot, renter):
    """Headline phase 2026: net 25.908,17 - 2.264 + 1.550 + 2.880 - 0 = 28.074,17 a year,
    2.339,51 a month (/ 12, half up), shown in whole euros: 2.340."""
    page = OverviewPage(renter)
    qtbot.addWidget(page)
    block = page.disposable
    assert plain(block.headline.text()) == "Besteedbaar per maand: € 2.340"
    details = plain(block.details.text())
    assert (
        "netto € 25.908 − zorgkosten € 2.264 + zorgtoeslag € 1.550 + huurtoeslag € 2.880 − "
        "belasting box 3 € 0 = € 28.074" in details
    )
    assert "empirisch" in details  # the zorgtoeslag's drempelinkomen
    assert "aanname" in details  # the health costs
    assert block.figures is not None and block.figures.disposable_monthly == 233951
    renter.set_language("en")
    page.retranslate()
    assert plain(block.headline.text()) == "Disposable per month: € 2.340"


def test_overview_says_not_known_for_2027_and_shows_no_figure(qtbot, controller, engine):
    controller.as_of = dt.date(2027, 3, 1)
    controller.set_dossier(load_paths(RENTER, engine))
    page = OverviewPage(controller)
    qtbot.addWidget(page)
    text = plain(page.disposable.headline.text())
    assert text.startswith("Besteedbaar per maand: niet bekend voor 2027")
    assert "€" not in text
    assert "Per jaar" not in page.disposable.details.text()


def test_bank_housing_costs_are_a_suggestion_the_user_confirms(qtbot, controller, engine):
    """Without a rent, the bank's housing category (two months of 576) is offered; only the
    confirmed amount enters the dossier, marked as from the bank and edited."""
    dossier = load_paths([p for p in RENTER if "huur" not in p.name], engine)
    bank = Provenance(source="bank", file="synthetic.csv")
    payments = [
        Transaction(
            id=f"t{month}",
            account="NL00DEMO0000000001",
            booking_date=dt.date(2026, month, 1),
            amount_cents=-57600,
            counterparty="Woningstichting Voorbeeld (synthetisch)",
            description="huur",
            category="housing",
            provenance=bank,
        )
        for month in (9, 10)
    ]
    controller.set_dossier(dossier.model_copy(update={"transactions": payments}))
    page = OverviewPage(controller)
    qtbot.addWidget(page)
    block = page.disposable
    assert block.figures is not None and block.figures.huurtoeslag == 0
    assert block.suggested == 57600
    assert "woonlasten van gemiddeld € 576" in plain(block.details.text())
    assert not block.rent_button.isHidden()
    block.use_rent(57600)
    assert controller.dossier is not None and controller.dossier.rent is not None
    assert controller.dossier.rent.provenance.source == "bank"
    assert page.disposable.figures is not None
    assert page.disposable.figures.huurtoeslag == 288000
    assert page.disposable.rent_button.isHidden()


def test_explain_shows_each_toeslag_step_with_sources(qtbot, renter):
    page = ExplainPage(renter)
    qtbot.addWidget(page)
    page.select("p1", 2026)
    text = page.browser.toPlainText()
    start = text.index("Besteedbaar inkomen van het huishouden in 2026")
    part = text[start:]
    for heading in (
        "Box 3 (sparen en beleggen)",
        "Zorgtoeslag: normpremie",
        "Zorgtoeslag per jaar",
        "Huurtoeslag",
        "Besteedbaar inkomen",
    ):
        assert heading in part
    assert "Standaardpremie zorgtoeslag" in part  # parameters by name, not by key
    assert "Minimale basishuur, eenpersoonshuishouden" in part
    assert "zorgtoeslag.standaardpremie" not in part
    assert "empirisch" in part and "schatting" in part  # drempelinkomen, health costs
    assert "Wzt art. 2" in part


def test_explain_2027_says_not_found(qtbot, renter):
    page = ExplainPage(renter)
    qtbot.addWidget(page)
    page.select("p1", 2027)
    text = page.browser.toPlainText()
    assert "Voor 2027 zijn niet alle bedragen gevonden" in text
    assert "Standaardpremie zorgtoeslag voor 2027 is niet gevonden of nog geen wet" in text  # Dutch


def test_whatif_lump_sum_shows_the_lost_toeslagen(qtbot, controller, engine):
    """As of 1 January 2026, a 10 % lump sum at the pension's start: in 2026 zorgtoeslag
    1.550 -> 772 (778 lost) and huurtoeslag 12 x 283 = 3.396 -> 12 x 76 = 912 (2.484 lost),
    as in test_cli_disposable; 2027 and later are not known."""
    from ui.pages.whatif.page import WhatIfPage

    controller.as_of = dt.date(2026, 1, 1)
    page = WhatIfPage(controller)
    qtbot.addWidget(page)
    controller.set_dossier(load_paths(RENTER, engine))
    line = "p1-pensioenfonds-klein-synthetisch-demo-pf-600"
    page.controls.line.setCurrentIndex(page.controls.line.findData(line))
    page.controls.retire.setValue(page.whatif.start_months[line])
    page.controls.lump.setValue(10.0)
    assert page.variant is not None and page.variant.spec.lump_sum is not None
    table = page.results.disposable
    assert table.lost[2026] == (77800, 248400)
    rows = [
        [
            table.table.item(r, c).text()
            for c in range(table.table.columnCount())
            if table.table.item(r, c) is not None
        ]
        for r in range(table.table.rowCount())
    ]
    assert rows[0][0] == "2026" and rows[0][4] == "€ 3.262,00"
    assert rows[-1][0].startswith("2027 en later: niet bekend")
    note = table.note.text()
    assert "in 2026 verliest u door het bedrag ineens € 778,00 zorgtoeslag en € 2.484,00" in note


def test_explain_a_far_year_says_not_found_too(qtbot, renter):
    """2035: the rules are not run again for far years, and the page still says why."""
    page = ExplainPage(renter)
    qtbot.addWidget(page)
    page.select("p1", 2035)
    text = page.browser.toPlainText()
    assert "Voor 2035 zijn niet alle bedragen gevonden" in text
    assert "besteedbaar inkomen 2027-" in text  # the note in the window's language
    assert renter.projection is not None
    assert renter.projection.year_disposable[2035].disposable_monthly is None
