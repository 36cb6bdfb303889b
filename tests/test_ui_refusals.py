"""The window says a refusal in its own language: a third person, a weak new passphrase."""

from __future__ import annotations

from pathlib import Path

import pytest

from ui.application import build_window
from ui.household_menu import households_of
from ui.i18n import Texts

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo"
THREE_PERSONS = [
    DEMO / "couple" / "partner-a-pensioenaanspraken.xml",
    DEMO / "couple" / "Pensioenoverzicht-02-11-2026.json",
    DEMO / "single-working" / "pensioenaanspraken.xml",
]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "nl",
            "pensioenaanspraken.xml: een derde persoon: een huishouden bestaat uit een of twee "
            "personen. Open de bestanden van deze persoon als een nieuw huishouden (Nieuw "
            "huishouden), of verwijder het bestand",
        ),
        (
            "en",
            "pensioenaanspraken.xml: a third person: a household has one or two. Open this "
            "person's files as a new household (New household), or remove the file",
        ),
    ],
)
def test_a_third_person_is_refused_in_the_windows_language(qtbot, lang, expected):
    window, controller = build_window(Texts(lang), "2026-11-28", show_dialogs=False)
    qtbot.addWidget(window)
    problems: list[str] = []
    controller.problem.connect(problems.append)
    households_of(window).open_files(THREE_PERSONS)
    qtbot.waitUntil(lambda: bool(problems), timeout=20_000)
    assert problems[-1] == expected
    assert controller.dossier is None


def test_a_refusal_follows_a_language_switch(qtbot):
    """The same refusal said again after the user switches the window to English."""
    from pensioenchecker.sources.base import ImportProblem
    from pensioenchecker.sources.registry import load_paths

    window, controller = build_window(Texts("nl"), "2026-11-28", show_dialogs=False)
    qtbot.addWidget(window)
    with pytest.raises(ImportProblem) as raised:
        load_paths(THREE_PERSONS)
    assert controller.failure_text(raised.value).startswith(
        "pensioenaanspraken.xml: een derde persoon"
    )
    controller.set_language("en")
    assert controller.failure_text(raised.value).startswith(
        "pensioenaanspraken.xml: a third person"
    )
