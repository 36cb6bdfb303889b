"""The "Gegevens ophalen" page: a file landing in Downloads, unknown and hostile files, freshness,
deleting a source, the official pages, and the whole journey from an empty household."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QSettings, Qt, QUrl  # noqa: E402

from pensioenchecker import clock  # noqa: E402
from pensioenchecker.engine import Engine  # noqa: E402
from pensioenchecker.projection.timeline import headline_index, project  # noqa: E402
from pensioenchecker.sources.registry import load_paths  # noqa: E402
from ui.application import build_window, demo_files  # noqa: E402
from ui.controller import DossierController  # noqa: E402
from ui.downloads import DownloadWatcher, is_partial  # noqa: E402
from ui.i18n import Texts  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.pages.ophalen import FOLDER_SETTING, OphalenPage  # noqa: E402
from ui.pages.overview import OverviewPage, amount  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
MPO_JSON = ROOT / "resources" / "demo" / "couple" / "Pensioenoverzicht-02-11-2026.json"
TODAY = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)
BOMB = (
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
    "<Pensioenaanspraken><StatusCode>&c;</StatusCode></Pensioenaanspraken>"
)


@pytest.fixture
def downloads(tmp_path: Path) -> Path:
    folder = tmp_path / "Downloads"
    folder.mkdir()
    return folder


@pytest.fixture
def opened(qtbot, downloads, tmp_path) -> Iterator[tuple[MainWindow, DossierController]]:  # type: ignore[no-untyped-def]
    """The window with the page in front, watching a Downloads folder of the test's own."""
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    settings.setValue(FOLDER_SETTING, str(downloads))
    with clock.frozen(TODAY):
        window, controller = build_window(Texts("nl"), None, settings, show_dialogs=False)
        qtbot.addWidget(window)
        window.show()
        window.show_page("ophalen")
        page = ophalen(window)
        qtbot.waitUntil(lambda: page.watcher.active)
        page.watcher._timer.setInterval(150)
        yield window, controller


def ophalen(window: MainWindow) -> OphalenPage:
    page = window.page("ophalen")
    assert isinstance(page, OphalenPage)
    return page


def lines(page: OphalenPage) -> list[str]:
    return [page.log.item(row).text() for row in range(page.log.count())]


def engine_headline(files: list[Path], engine: Engine, as_of: dt.date) -> str:
    """The overview's headline amount, from the engine directly."""
    projection = project(load_paths(files, engine), engine.book, engine.aow_table, as_of)
    phase = projection.phases[headline_index(projection, None)]
    return amount(phase.net_monthly, "nl")


def test_a_download_written_in_pieces_is_read_once_when_complete(qtbot, opened, downloads):  # type: ignore[no-untyped-def]
    window, controller = opened
    page = ophalen(window)
    data = MPO_JSON.read_bytes()
    target = downloads / MPO_JSON.name
    target.write_bytes(data[: len(data) // 2])  # the browser has written half
    qtbot.waitUntil(lambda: page.watcher.seen(target))
    assert controller.dossier is None and page.log.count() == 0  # not read while growing
    with target.open("ab") as rest:
        rest.write(data[len(data) // 2 :])
    qtbot.waitUntil(lambda: controller.projection is not None, timeout=5000)
    assert controller.files == [target]
    assert [d.name for d in controller.dossier.documents] == [MPO_JSON.name]  # type: ignore[union-attr]
    assert len(controller.dossier.entitlements) == 2  # type: ignore[union-attr]
    assert lines(page) == [
        f"{MPO_JSON.name} gelezen (Mijnpensioenoverzicht): 2 regels, stand 1 november 2026."
    ]
    assert page.rows["mpo"].status.text() == (
        "✓ Gelezen op 28 november 2026, stand 1 november 2026"
    )
    assert page.rows["mpo"].purge_button.isEnabled()
    # Another file later: the first is not read again.
    (downloads / "notities.txt").write_text("boodschappen", encoding="utf-8")
    qtbot.waitUntil(lambda: page.log.count() == 2)
    assert controller.files == [target] and len(controller.dossier.documents) == 1  # type: ignore[union-attr]
    window.show_page("overview")
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    expected = engine_headline([MPO_JSON], controller.engine, controller.as_of)
    assert overview.headline.text().endswith(expected)


def test_a_browser_temporary_name_waits_for_the_rename(qtbot, opened, downloads):  # type: ignore[no-untyped-def]
    window, controller = opened
    page = ophalen(window)
    partial = downloads / f"{MPO_JSON.name}.crdownload"
    shutil.copyfile(MPO_JSON, partial)
    assert is_partial(partial) and is_partial(downloads / "a.json.part")
    marker = downloads / "leesmij.txt"  # a file after it: once this is seen, so was the partial
    marker.write_text("x", encoding="utf-8")
    qtbot.waitUntil(lambda: page.log.count() == 1)
    assert controller.dossier is None
    partial.rename(downloads / MPO_JSON.name)
    qtbot.waitUntil(lambda: controller.projection is not None, timeout=5000)
    assert controller.files == [downloads / MPO_JSON.name]


def test_unknown_and_hostile_files_change_nothing_and_say_so_once(qtbot, opened, downloads):  # type: ignore[no-untyped-def]
    window, controller = opened
    page = ophalen(window)
    controller.load_files(demo_files("couple"))
    before, files = controller.dossier, list(controller.files)
    (downloads / "vakantie.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4)
    qtbot.waitUntil(lambda: page.log.count() == 1)
    assert lines(page) == ["vakantie.jpg overgeslagen: geen bestand dat Pensioenchecker kan lezen."]
    (downloads / "pensioenaanspraken.xml").write_text(BOMB, encoding="utf-8")
    qtbot.waitUntil(lambda: page.log.count() == 2)
    newest = lines(page)[0]
    assert newest.startswith("pensioenaanspraken.xml niet gelezen: geweigerd: de XML gebruikt DTD")
    assert "entiteiten" in newest and "\n" not in newest and str(downloads) not in newest
    (downloads / "leeg.csv").write_bytes(b"")  # empty: never handed on (size must be > 0)
    (downloads / "kapot.json").write_text('{"StatusCode": "000", "Details": [', encoding="utf-8")
    qtbot.waitUntil(lambda: page.log.count() == 3)
    assert lines(page)[0] == (
        "kapot.json niet gelezen: geen geldige JSON in regel 1, kolom 35: Expecting value"
    )
    assert controller.dossier is before and controller.files == files


def test_a_bank_statement_before_anyone_is_known_is_one_line(qtbot, opened, downloads):  # type: ignore[no-untyped-def]
    """Refused by the household merge (through the controller), not by the page's own check."""
    window, controller = opened
    page = ophalen(window)
    shutil.copyfile(ROOT / "resources" / "demo" / "couple" / "bank-ing.csv", downloads / "ing.csv")
    qtbot.waitUntil(lambda: page.log.count() == 1)
    assert lines(page) == [
        "ing.csv niet gelezen: geen van deze bestanden zegt wie het huishouden vormt (een "
        "bestand van Mijnpensioenoverzicht of een BRP-invoer is nodig)"
    ]
    assert controller.dossier is None and controller.files == [] and page._waiting == []


def test_a_file_already_read_is_not_read_twice(qtbot, opened, downloads):  # type: ignore[no-untyped-def]
    window, controller = opened
    page = ophalen(window)
    controller.load_files([MPO_JSON])
    before = controller.dossier
    shutil.copyfile(MPO_JSON, downloads / "kopie.json")
    qtbot.waitUntil(lambda: page.log.count() == 1)
    assert lines(page) == ["kopie.json overgeslagen: dit bestand is al gelezen."]
    assert controller.dossier is before


def test_a_newer_register_file_replaces_the_same_persons_earlier_one(qtbot, opened, downloads):  # type: ignore[no-untyped-def]
    window, controller = opened
    page = ophalen(window)
    controller.load_files(demo_files("couple"))
    before = controller.dossier
    assert before is not None
    newer = MPO_JSON.read_text(encoding="utf-8").replace("2026-11-01", "2026-12-01")
    target = downloads / "Pensioenoverzicht-01-12-2026.json"
    target.write_text(newer, encoding="utf-8")
    qtbot.waitUntil(lambda: page.log.count() == 1, timeout=5000)
    after = controller.dossier
    assert after is not None and after is not before
    assert MPO_JSON not in controller.files and target in controller.files
    assert sorted(f.name for f in controller.files) == sorted(
        [target.name, "partner-a-pensioenaanspraken.xml", "bank-ing.csv", "loon-partner.json"]
    )
    assert len(after.entitlements) == len(before.entitlements)  # the partner's stay, none twice
    assert not any("conflict" in w for w in map(str, after.warnings))
    assert page.rows["mpo"].status.text().endswith("stand 1 december 2026")


def test_stale_sources_are_marked_and_named_on_the_overview(qtbot, engine):  # type: ignore[no-untyped-def]
    with clock.frozen(dt.date(2026, 12, 1)):
        controller = DossierController(engine, _sync(), Texts("nl"))
        page = OphalenPage(controller, ask=False)
        qtbot.addWidget(page)
        controller.load_files(demo_files("couple"))
        mpo = page.rows["mpo"]
        assert mpo.status.text() == "✓ Gelezen op 1 december 2026, stand 1 november 2026"
        assert mpo.open_button.text() == "Website &openen"
    with clock.frozen(dt.date(2027, 1, 1)):  # bank to 27 Oct: past two months; MPO just not
        page._fill()
        assert page.rows["bank"].status.text().startswith("⚠ Ouder dan twee maanden")
        assert mpo.status.text().startswith("✓")
    with clock.frozen(dt.date(2027, 1, 2)):
        page._fill()
        assert mpo.status.text() == "⚠ Ouder dan twee maanden (stand 1 november 2026): vernieuwen"
        assert mpo.open_button.text() == "&Vernieuwen"
        assert "vernieuwen" in mpo.open_button.accessibleName()
        later = DossierController(engine, _sync(), Texts("nl"))
        overview = OverviewPage(later)
        qtbot.addWidget(overview)
        later.set_dossier(controller.dossier)  # type: ignore[arg-type]
    banner = overview.banner.text()
    assert not overview.banner.isHidden()
    assert (
        "Niet meer actueel (ouder dan twee maanden): Mijnpensioenoverzicht (stand 1 november "
        "2026), Uw bank (stand 27 oktober 2026). Haal ze opnieuw op via de pagina Gegevens "
        "ophalen." in banner
    )


def test_deleting_a_source_removes_its_lines_and_files(qtbot, engine):  # type: ignore[no-untyped-def]
    controller = DossierController(engine, _sync(), Texts("nl"), as_of=dt.date(2026, 11, 28))
    page = OphalenPage(controller, ask=False)
    qtbot.addWidget(page)
    controller.load_files(demo_files("couple"))
    dossier = controller.dossier
    assert dossier is not None and dossier.transactions
    page.rows["bank"].purge_button.click()
    after = controller.dossier
    assert after is not None and after.transactions == []
    assert "bank-ing.csv" not in [d.name for d in after.documents]
    assert "bank-ing.csv" not in [f.name for f in controller.files]
    assert after.entitlements == dossier.entitlements
    assert page.rows["bank"].status.text() == "Nog niet opgehaald"
    assert not page.rows["bank"].purge_button.isEnabled()
    assert lines(page) == ["Gewist: de gegevens van Uw bank."]
    page.purge("mpo")
    left = controller.dossier
    assert left is not None
    assert [e.provenance for e in left.entitlements] == []  # type: ignore[attr-defined]
    assert [d.name for d in left.documents] == ["loon-partner.json"]
    assert [f.name for f in controller.files] == ["loon-partner.json"]
    assert len(left.income_lines) == len(dossier.income_lines)  # the partner's wage stays


def test_the_buttons_open_the_official_pages_and_are_reachable(qtbot, controller):  # type: ignore[no-untyped-def]
    page = OphalenPage(controller, ask=False)
    qtbot.addWidget(page)
    opened: list[QUrl] = []
    page.open_url = opened.append
    qtbot.mouseClick(page.rows["mpo"].open_button, Qt.MouseButton.LeftButton)
    page.rows["uwv"].open_button.click()
    assert [u.toString() for u in opened] == [
        "https://www.mijnpensioenoverzicht.nl",
        "https://mijn.uwv.nl",
    ]
    assert page.rows["bank"].open_button.isHidden()  # every bank has its own address
    forms: list[str] = []
    page.open_form = forms.append  # type: ignore[method-assign]
    page.rows["duo"].form_button.click()
    page.rows["belastingdienst"].form_button.click()
    menu = page.rows["mijnoverheid"].form_button.menu()
    assert menu is not None
    for action in menu.actions():
        action.trigger()
    assert forms == ["duo", "belastingdienst", "brp", "woz", "kadaster"]
    assert [a.text() for a in menu.actions()] == [
        "BRP (persoonsgegevens)",
        "WOZ-waarde",
        "Kadaster (woning)",
    ]
    for row in page.rows.values():
        for button in (row.open_button, row.form_button, row.purge_button):
            assert button.accessibleName(), button.objectName()
            assert button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert page.folder_button.accessibleName() == "Map kiezen…"
    assert page.log.accessibleName()
    controller.set_language("en")
    assert page.rows["mpo"].status.text() == "Not fetched yet"
    assert page.rows["duo"].steps.text().startswith("Log in to Mijn DUO")


def test_the_chosen_folder_is_kept_in_the_settings(qtbot, controller, tmp_path):  # type: ignore[no-untyped-def]
    settings = QSettings(str(tmp_path / "w.ini"), QSettings.Format.IniFormat)
    page = OphalenPage(controller, settings, ask=False)
    qtbot.addWidget(page)
    assert page.folder.name  # the platform's Downloads folder until one is chosen
    page.set_folder(tmp_path)
    assert settings.value(FOLDER_SETTING) == str(tmp_path)
    again = OphalenPage(controller, settings, ask=False)
    qtbot.addWidget(again)
    assert again.folder == tmp_path
    assert not again.watcher.active  # only while the page is in front


def test_the_journey_from_an_empty_household_to_the_headline(qtbot, opened, downloads):  # type: ignore[no-untyped-def]
    """Empty household, the page first in the navigation, a file lands, the headline."""
    window, controller = opened
    assert window.names[0] == "ophalen" and window.nav.item(0).text() == "Gegevens ophalen"
    assert window.current_page() == "ophalen" and controller.dossier is None
    page = ophalen(window)
    assert all(row.status.text() == "Nog niet opgehaald" for row in page.rows.values())
    page.open_url = lambda url: None
    page.rows["mpo"].open_button.click()
    shutil.copyfile(MPO_JSON, downloads / MPO_JSON.name)  # the user downloads the file
    qtbot.waitUntil(lambda: controller.projection is not None, timeout=5000)
    assert page.rows["mpo"].status.text().startswith("✓ Gelezen op 28 november 2026")
    qtbot.keyClick(window, "2", Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == "overview"
    assert not page.watcher.active  # the page is behind: nothing is watched
    overview = window.page("overview")
    assert isinstance(overview, OverviewPage)
    expected = engine_headline([MPO_JSON], controller.engine, controller.as_of)
    assert overview.headline.text().startswith("Netto per maand vanaf ")
    assert overview.headline.text().endswith(expected)


def test_the_watcher_alone_hands_on_each_new_file_once(qtbot, tmp_path):  # type: ignore[no-untyped-def]
    (tmp_path / "al-er.json").write_text("{}", encoding="utf-8")
    watcher = DownloadWatcher(tick_ms=100)
    finished: list[Path] = []
    watcher.finished.connect(finished.append)
    assert watcher.start(tmp_path) and not DownloadWatcher().start(tmp_path / "nergens")
    (tmp_path / "nieuw.xml").write_text("<a/>", encoding="utf-8")
    qtbot.waitUntil(lambda: finished == [tmp_path / "nieuw.xml"])
    ticks = watcher.ticks
    (tmp_path / "ander.txt").write_text("b", encoding="utf-8")
    qtbot.waitUntil(lambda: len(finished) == 2 and watcher.ticks > ticks + 1)
    assert finished == [tmp_path / "nieuw.xml", tmp_path / "ander.txt"]
    watcher.stop()
    assert not watcher.active


def _sync():  # type: ignore[no-untyped-def]
    from ui.tasks import SyncTaskRunner

    return SyncTaskRunner()


def test_a_download_during_a_demo_starts_the_users_own_household(qtbot, opened, downloads):  # type: ignore[no-untyped-def]
    """The demo's synthetic files are never mixed into the user's household."""
    window, controller = opened
    with clock.frozen(TODAY):
        controller.load_demo("couple", demo_files("couple"))
        qtbot.waitUntil(lambda: controller.is_demo and controller.projection is not None)
        own = ROOT / "resources" / "demo" / "retired" / "Pensioenoverzicht-02-11-2026.json"
        shutil.copy(own, downloads / "eigen.json")  # not one of the couple demo's files
        qtbot.waitUntil(lambda: not controller.is_demo and controller.files != [], timeout=5000)
    assert controller.files == [downloads / "eigen.json"]


def test_a_download_never_replaces_a_kept_household_without_files(qtbot, opened, downloads):  # type: ignore[no-untyped-def]
    """A household reopened from the vault has no files: one line, the household stays."""
    window, controller = opened
    page = ophalen(window)
    kept = load_paths([MPO_JSON], controller.engine)
    controller.set_dossier(kept)
    assert controller.files == []
    shutil.copy(ROOT / "resources" / "demo" / "retired" / "Pensioenoverzicht-02-11-2026.json",
                downloads / "nieuw.json")  # fmt: skip
    qtbot.waitUntil(lambda: any("nieuw.json niet gelezen" in line for line in lines(page)))
    assert controller.dossier == kept


def test_two_downloads_together_both_end_up_in_the_household(qtbot, opened):  # type: ignore[no-untyped-def]
    """Two files arriving in one tick: the newest import carries both."""
    window, controller = opened
    page = ophalen(window)
    first = ROOT / "resources" / "demo" / "couple" / "partner-a-pensioenaanspraken.xml"
    with clock.frozen(TODAY):
        page.arrived(MPO_JSON)
        page.arrived(first)
        qtbot.waitUntil(lambda: set(controller.files) == {MPO_JSON, first}, timeout=5000)
    assert page._waiting == []
