"""One settlement and one headline in the window: Overview, What if, Explain and the JSON agree.

Each test is a short journey through the window as a person would make it: open a demo, read
the Overview, go to the What if page or follow the headline's link to the Explain page.
"""

from __future__ import annotations

import json

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from pensioenchecker.cli import main  # noqa: E402
from pensioenchecker.projection.settlement import person_settlement  # noqa: E402
from pensioenchecker.projection.timeline import headline_index, headline_person  # noqa: E402
from ui.application import build_window, demo_files  # noqa: E402
from ui.formatting import money  # noqa: E402
from ui.i18n import Texts  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.pages.explain import ExplainPage  # noqa: E402
from ui.pages.overview import OverviewPage  # noqa: E402
from ui.pages.whatif import WhatIfPage  # noqa: E402

AS_OF = "2026-11-28"
NBSP = "\u00a0"


def _window(qtbot, demo: str) -> MainWindow:  # type: ignore[no-untyped-def]
    window, controller = build_window(Texts("nl"), AS_OF, show_dialogs=False)
    qtbot.addWidget(window)
    controller.load_files(demo_files(demo))
    assert controller.projection is not None
    return window


def _json_settlements(capsys, demo: str) -> list[dict[str, dict[str, float]]]:  # type: ignore[no-untyped-def]
    files = [str(p) for p in demo_files(demo)]
    assert main(["project", *files, "--as-of", AS_OF, "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    return [
        {
            person["person_id"]: {
                key: person[key] for key in ("settlement_annual", "withheld_annual", "due_annual")
            }
            for person in phase["persons"]
        }
        for phase in document["phases"]
    ]


def _words(cents: int) -> str:
    """How a whole-euro amount reads in the page's sentences."""
    return money(abs(cents), decimals=False)


@pytest.mark.parametrize("demo", ["retired", "couple"])
def test_the_settlement_is_one_figure_on_every_page(qtbot, capsys, demo) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, demo)
    projection = window.controller.projection
    assert projection is not None
    from_json = _json_settlements(capsys, demo)
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    window.show_page("whatif")
    whatif = window.page("whatif")
    assert isinstance(whatif, WhatIfPage)
    assert whatif.variant is not None
    notes = whatif.results.notes.text().replace(NBSP, " ")
    for person in projection.persons:
        index = headline_index(projection, person.id)
        cents = person_settlement(projection.phases[index], person.id).settlement_annual
        # project --json: the same cents, in euros, for that phase and person.
        assert from_json[index][person.id]["settlement_annual"] == cents / 100
        # The Overview's view of this person: its settlement and its sentence.
        if len(projection.persons) > 1:
            overview.set_view(person.id)
        assert [s.settlement_annual for s in overview.settlements()] == [cents]
        text = overview.settlement.text().replace(NBSP, " ")
        verb = "krijgt u naar verwachting" if cents > 0 else "betaalt u naar verwachting"
        assert f"{verb} {_words(cents)} per jaar" in text
        # The What if page (no choice made: the variant is today's situation).
        said = "terug" if cents > 0 else "bij"
        assert f"Verrekening {person.label} vanaf " in notes
        assert f"{_words(cents)} per jaar {said}" in notes
    if demo == "retired":
        # € 1.259 to pay: what the Overview (€ 271) and the What if page (€ 966) once differed on.
        assert "betaalt u naar verwachting € 1.259 per jaar bij" in (
            overview.settlement.text().replace(NBSP, " ")
        )


def test_the_headline_opens_its_explanation_in_one_click(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, "couple")
    projection = window.controller.projection
    assert projection is not None
    window.show_page("overview")
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    qtbot.mouseClick(overview.explain_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == "explain"
    explain = window.page("explain")
    assert isinstance(explain, ExplainPage)
    head = headline_index(projection)
    phase = projection.phases[head]
    assert explain.what.currentData() == head
    assert explain.person.currentData() == headline_person(projection).id
    assert explain.year.value() == phase.start.year == 2030
    # The figure there reproduces the headline: the household's sum, and this person's share.
    assert explain.figures["household_net_monthly"] == phase.net_monthly == 394_591
    own = phase.figures_of(explain.person.currentData())
    assert explain.figures["net_monthly"] == own.net_monthly
    assert money(phase.net_monthly) in explain.browser.toPlainText()


def test_the_explain_page_opens_on_the_headline_and_any_period_reproduces_it(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, "couple")
    projection = window.controller.projection
    assert projection is not None
    window.show_page("explain")
    explain = window.page("explain")
    assert isinstance(explain, ExplainPage)
    assert explain.what.currentData() == headline_index(projection)
    for index, phase in enumerate(projection.phases):
        for person in projection.persons:
            explain.select_phase(person.id, index)
            own = phase.figures_of(person.id)
            assert explain.figures["net_monthly"] == own.net_monthly
            assert explain.figures["household_net_monthly"] == phase.net_monthly
            expected = person_settlement(phase, person.id).settlement_annual
            assert explain.figures["settlement_annual"] == expected
    # A person's view on the Overview links to that person's own AOW period.
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    participant = min(projection.persons, key=lambda p: p.aow_date)
    overview.set_view(participant.id)
    assert overview.headline_target() == (
        participant.id,
        headline_index(projection, participant.id),
    )


def test_a_single_compares_with_their_own_bank_statements(qtbot) -> None:  # type: ignore[no-untyped-def]
    window = _window(qtbot, "single-working")
    projection = window.controller.projection
    assert projection is not None and len(projection.persons) == 1
    assert projection.dossier.transactions
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    assert "bankafschriften" in overview.today.text()
