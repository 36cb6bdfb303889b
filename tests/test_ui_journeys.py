"""Journeys through the window, each from the first click: a first start, a demo and then one's
own file, two single people, two downloads of one person, and switching households."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from pensioenchecker.engine import Engine
from pensioenchecker.projection.timeline import headline_index, project
from pensioenchecker.sources.registry import load_paths
from ui.application import build_window
from ui.household_menu import households_of, own_data_page
from ui.i18n import Texts
from ui.pages.overview import amount, view_figures

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo"
RETIRED = DEMO / "retired" / "Pensioenoverzicht-02-11-2026.json"
SINGLE = DEMO / "single-working" / "pensioenaanspraken.xml"
AS_OF = "2026-11-28"


@pytest.fixture
def app(qtbot):
    window, controller = build_window(Texts("nl"), AS_OF, show_dialogs=False)
    qtbot.addWidget(window)
    window.show()
    problems: list[str] = []
    controller.problem.connect(problems.append)
    households = households_of(window)
    households.show_welcome()  # what the start does with no files and nothing kept
    return window, controller, households, problems


def older_download(folder: Path) -> Path:
    doc = json.loads(RETIRED.read_text(encoding="utf-8"))
    doc["TijdstipAanmakenBericht"] = "2025-11-02T12:00:00+01:00"
    path = folder / "Pensioenoverzicht-02-11-2025.json"
    path.write_text(json.dumps(doc).replace("25000", "24000"), encoding="utf-8")
    return path


def test_first_start_welcome_own_file_headline_is_the_engines(app, qtbot):
    window, controller, households, problems = app
    assert households.welcome_shown() and controller.dossier is None
    assert not households.demo_bar.isVisible()
    qtbot.mouseClick(households.welcome.own_button, Qt.MouseButton.LeftButton)
    assert window.current_page() == own_data_page(window) and not households.welcome_shown()
    households.open_files([RETIRED])
    assert controller.demo is None and not problems
    window.show_page("overview")
    engine = Engine()
    dossier = load_paths([RETIRED], engine)
    projection = project(dossier, engine.book, engine.aow_table, controller.as_of)
    phase = projection.phases[headline_index(projection, "p1")]
    expected = amount(view_figures(phase, "p1").net, "nl")
    headline = window.page("overview").headline.text()  # type: ignore[attr-defined]
    assert headline.endswith(expected) and expected.startswith("€")


def test_a_demo_then_a_new_household_then_ones_own_file(app, qtbot):
    window, controller, households, problems = app
    households.welcome.demo_choice.setCurrentIndex(
        households.welcome.demo_choice.findData("couple")
    )
    qtbot.mouseClick(households.welcome.demo_button, Qt.MouseButton.LeftButton)
    assert controller.demo == "couple" and len(controller.dossier.household.persons) == 2
    assert households.demo_bar.isVisible()
    assert households.banner.text().startswith("Voorbeeld — synthetische gegevens")
    assert window.current_page() == "overview"
    with qtbot.waitActive(window):
        window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert controller.dossier is None and controller.demo is None
    assert households.welcome_shown() and not households.demo_bar.isVisible()
    households.open_files([SINGLE])
    persons = controller.dossier.household.persons
    assert [p.name for p in persons] == ["Demo Alleenstaand (synthetisch)"]
    assert all(line.person_id == "p1" for line in controller.dossier.entitlements)
    assert not problems


def test_adding_a_file_to_a_demo_leaves_the_demo_without_merging(app):
    _window, controller, households, problems = app
    households.show_demo("couple")
    households.add_files([RETIRED])
    assert controller.demo is None and not problems
    assert [p.birth_date.isoformat() for p in controller.dossier.household.persons] == [
        "1955-03-15"
    ]


def test_two_single_people_are_asked_about_never_silently_a_couple(app):
    _window, controller, households, problems = app
    asked: list[tuple[str, str]] = []
    answer = [False]

    def ask(names: tuple[str, str]) -> bool:
        asked.append(names)
        return answer[0]

    controller.ask_partners = ask
    households.open_files([SINGLE, RETIRED])
    assert asked == [("Demo Alleenstaand (synthetisch)", "Demo Gepensioneerd (synthetisch)")]
    assert controller.dossier is None
    assert problems and "Nieuw huishouden" in problems[-1] and "niet samengevoegd" in problems[-1]
    answer[0] = True
    households.open_files([SINGLE, RETIRED])
    persons = controller.dossier.household.persons
    assert [p.household_status for p in persons] == ["couple", "couple"]
    assert persons[0].fiscal_partner == persons[1].id


def test_two_downloads_of_one_person_give_one_set_of_lines_and_a_message(app, tmp_path):
    window, controller, households, _problems = app
    households.open_files([RETIRED])
    lines = window.page("data").model.rowCount()  # type: ignore[attr-defined]
    households.add_files([older_download(tmp_path)])
    assert [f.name for f in controller.files] == [RETIRED.name, "Pensioenoverzicht-02-11-2025.json"]
    window.show_page("data")
    data = window.page("data")
    assert data.model.rowCount() == lines == 3  # type: ignore[attr-defined]
    shown = data.warnings  # type: ignore[attr-defined]
    warnings = [shown.item(i).text() for i in range(shown.count())]
    assert warnings[0] == (  # in the window's language
        "Pensioenoverzicht-02-11-2025.json: een oudere download van Demo Gepensioneerd "
        "(synthetisch) (2 november 2025) is terzijde gelegd; Pensioenoverzicht-02-11-2026.json "
        "(2 november 2026) wordt gebruikt"
    )
    fund = next(e for e in controller.dossier.entitlements if e.scheme_id == "DEMO-PF-9")
    assert fund.annual_gross.cents == 2_500_000


def test_switching_household_resets_view_state_and_saved_variants(app):
    window, controller, households, _problems = app
    households.show_demo("couple")
    overview = window.page("overview")
    overview.set_view("p1")  # type: ignore[attr-defined]
    whatif = window.page("whatif")
    window.show_page("whatif")
    assert whatif.variant is not None  # type: ignore[attr-defined]
    assert whatif.save_variant("eerder")  # type: ignore[attr-defined]
    assert len(whatif.whatif.saved) == 1  # type: ignore[attr-defined]
    households.show_demo("retired")
    assert whatif.whatif.saved == []  # type: ignore[attr-defined]
    window.show_page("overview")
    assert overview.person_id == "p1"  # type: ignore[attr-defined]  # the single person now
    households.show_demo("couple")
    assert overview.person_id is None  # type: ignore[attr-defined]  # the household, not "p1"
    assert overview.view.currentData() is None  # type: ignore[attr-defined]


def test_start_over_resets_a_demo_and_exports_say_it_is_an_example(app, tmp_path):
    window, controller, households, _problems = app
    households.show_demo("retired")
    line = next(e for e in controller.dossier.entitlements if e.scheme_id == "DEMO-PF-9")
    controller.edit_amount(line.id, 100_000)
    households.reset_button.click()
    again = next(e for e in controller.dossier.entitlements if e.scheme_id == "DEMO-PF-9")
    assert again.annual_gross.cents == 2_500_000 and controller.demo == "retired"
    saved = households.save_as(tmp_path / "voorbeeld.json")
    assert saved is not None
    label = json.loads(saved.read_text(encoding="utf-8"))["label"]
    assert label == "Voorbeeld — synthetische gegevens"
    pdf = households.export_pdf(tmp_path / "voorbeeld.pdf")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")
    assert households.recent() == []  # a demo is never remembered as one's own


def test_the_recent_menu_reopens_ones_own_household(app):
    _window, controller, households, _problems = app
    households.open_files([RETIRED])
    assert households.recent() == [[str(RETIRED)]]
    controller.new_household()
    households.recent_menu.actions()[0].trigger()
    assert controller.dossier is not None and controller.files == [RETIRED]


def test_a_file_list_that_keeps_some_files_updates_the_household(app, tmp_path):
    _window, controller, households, _problems = app
    changes: list[bool] = []
    households.open_files([RETIRED])
    controller.household_changed.connect(lambda: changes.append(True))
    households.open_files([RETIRED, older_download(tmp_path)])  # a newer list, one file kept
    assert changes == [] and len(controller.files) == 2
    households.open_files([SINGLE])  # another household
    assert changes == [True]


def test_files_dropped_on_the_welcome_page_are_opened(app):
    from PySide6.QtCore import QMimeData, QUrl

    window, controller, households, problems = app
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(SINGLE))])
    assert households.welcome.drop_mime(mime)
    assert controller.demo is None and not problems
    assert [p.birth_date.isoformat() for p in controller.dossier.household.persons] == [
        "1964-03-15"
    ]
    assert window.current_page() == "overview" and not households.welcome_shown()
