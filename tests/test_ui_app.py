"""The window as a whole: start-up, pages by keyboard, languages, screenshots, crashes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from ui.application import build_window, demo_files
from ui.formatting import age_text, long_date, money
from ui.i18n import ENGLISH, Texts, placeholders

ROOT = Path(__file__).resolve().parents[1]


def test_every_window_text_is_translated_with_the_same_placeholders():
    # The catalog's tests (tests/test_i18n.py) check the entries; this checks the lookup: every
    # key is found in the Dutch catalog under its context and keeps its placeholders.
    dutch = Texts("nl")
    for key in ENGLISH:
        assert placeholders(dutch.t(key)) == placeholders(ENGLISH[key]), key
    assert dutch.t("page.overview") == "Overzicht"
    assert dutch.t("household.menu") == "&Bestand"


def test_dutch_formatting():
    assert money(306812) == "€ 3.068,12"
    assert money(306812, decimals=False) == "€ 3.068"
    assert long_date(dt.date(2028, 8, 10), "nl") == "10 augustus 2028"
    assert age_text(67, 3, "nl") == "67 jaar en 3 maanden"
    assert age_text(67, 1, "en") == "67 years and 1 month"


@pytest.fixture
def window(qtbot):
    win, controller = build_window(Texts("nl"), "2026-11-28", show_dialogs=False)
    qtbot.addWidget(win)
    controller.load_files(demo_files("couple"))
    return win, controller


def test_the_window_loads_the_demo_and_pages_open_by_keyboard(window, qtbot):
    win, controller = window
    assert controller.projection is not None
    with qtbot.waitActive(win):
        win.show()
        win.activateWindow()
    pages = ("ophalen", "overview", "data", "explain", "whatif", "share")
    for number, name in enumerate(pages, start=1):
        qtbot.keyClick(win, str(number), Qt.KeyboardModifier.ControlModifier)
        assert win.current_page() == name


def test_switching_language_renames_the_navigation(window):
    win, controller = window
    assert win.nav.item(0).text() == "Gegevens ophalen"
    assert win.nav.item(1).text() == "Overzicht"
    controller.set_language("en")
    assert win.nav.item(1).text() == "Overview" and win.windowTitle() == "Pensioenchecker"
    assert win.nav.item(0).text() == "Fetch data"


def test_qt_standard_buttons_follow_the_language(window, qtbot):
    """Qt's own words (here a dialog button) come from its qtbase translations."""
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QApplication

    from ui.application import follow_language_in_qt

    win, controller = window
    app = QApplication.instance()
    follow_language_in_qt(app, controller)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Annuleren"
        controller.set_language("en")
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        controller.set_language("en")  # leave no Dutch translator behind for other tests


def test_chart_follows_a_dark_palette(window):
    """A dark system palette gives a dark chart with light text (and back)."""
    from PySide6.QtGui import QColor, QPalette

    win, _controller = window
    from ui.charts import IncomeChart

    win.show_page("overview")
    chart = win.findChild(IncomeChart, "overviewChart")  # the overview's; other pages have theirs
    dark = QPalette(chart.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#f0f0f0"))
    chart.setPalette(dark)
    assert chart.figure.get_facecolor()[:3] == pytest.approx((0x1E / 255,) * 3)
    assert chart.ink == "#f0f0f0"
    assert chart.axes.xaxis.label.get_color() == "#f0f0f0"


@pytest.mark.parametrize("page", ["ophalen", "overview", "data", "explain"])
def test_screenshot_of_each_page(tmp_path, page):
    target = tmp_path / f"{page}.png"
    done = subprocess.run(
        [
            sys.executable,
            "app.py",
            "--demo",
            "--page",
            page,
            "--screenshot",
            str(target),
            "--data-dir",
            str(tmp_path / "data"),
            "--no-crash-dialog",
            "--as-of",
            "2026-11-28",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )
    assert done.returncode == 0, done.stderr
    image = QImage(str(target))
    assert image.width() >= 1280 and image.height() >= 800


def test_without_a_display_the_projection_is_printed_and_nothing_else_kept(tmp_path):
    """Headless: the projection on the terminal only; a screenshot only when asked for."""
    import stat

    data = tmp_path / "data"
    done = subprocess.run(
        [sys.executable, "app.py", "--demo", "retired", "--data-dir", str(data),
         "--no-crash-dialog"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "Demo Gepensioneerd (synthetisch)" in done.stdout
    assert not list(data.rglob("*.png")) and "screenshot" not in done.stdout
    # The log only the user can read, in a folder only the user can open.
    assert stat.S_IMODE((data / "log").stat().st_mode) == 0o700
    assert stat.S_IMODE((data / "log" / "pensioenchecker.log").stat().st_mode) == 0o600
    shot = tmp_path / "asked.png"
    done = subprocess.run(
        [sys.executable, "app.py", "--demo", "retired", "--data-dir", str(data),
         "--no-crash-dialog", "--screenshot", str(shot)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert shot.is_file() and str(shot) in done.stdout


def test_crash_handler_writes_a_crash_file(tmp_path):
    code = (
        "import sys; from ui.application import install_crash_handler;"
        f"install_crash_handler(__import__('pathlib').Path({str(tmp_path)!r}), False);"
        "raise RuntimeError('boom')"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert "details are in" in done.stderr
    assert "RuntimeError: boom" in (tmp_path / "crash.txt").read_text()
    assert (tmp_path / "crash.txt").stat().st_mode & 0o777 == 0o600


def test_a_crash_while_making_a_screenshot_is_an_error_exit(tmp_path, monkeypatch):
    """A page that fails during --screenshot: exit code 3, not a silent bad picture."""
    import ui.pages.explain as explain_module
    from ui.application import main

    def broken(self, projection):  # type: ignore[no-untyped-def]
        raise RuntimeError("a page failed (synthetic)")

    monkeypatch.setattr(explain_module.ExplainPage, "show_projection", broken)
    shot = tmp_path / "x.png"
    previous = sys.excepthook
    try:
        code = main(
            ["--demo", "--page", "explain", "--screenshot", str(shot), "--no-crash-dialog",
             "--data-dir", str(tmp_path / "data")]
        )  # fmt: skip
    finally:
        sys.excepthook = previous
    assert code == 3
    assert "a page failed" in (tmp_path / "data" / "log" / "crash.txt").read_text()


def test_garbage_collection_waits_while_the_window_starts(tmp_path, monkeypatch):
    """Paused while the window is built, collecting again (and start-up frozen) afterwards."""
    import gc

    import ui.application as application

    seen: list[bool] = []
    build = application.build_window

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(gc.isenabled())
        return build(*args, **kwargs)

    monkeypatch.setattr(application, "build_window", spy)
    assert gc.isenabled()
    frozen_before = gc.get_freeze_count()
    previous = sys.excepthook
    try:
        code = application.main(
            ["--demo", "--screenshot", str(tmp_path / "x.png"), "--no-crash-dialog",
             "--data-dir", str(tmp_path / "data")]
        )  # fmt: skip
    finally:
        sys.excepthook = previous
    assert code == 0
    assert seen == [False]
    assert gc.isenabled()
    assert gc.get_freeze_count() > frozen_before


def test_dropping_a_file_on_the_data_page_changes_the_overview_headline(qtbot, tmp_path):
    from PySide6.QtCore import QMimeData, QUrl

    from ui.formatting import money

    win, controller = build_window(Texts("nl"), "2026-11-28", show_dialogs=False)
    qtbot.addWidget(win)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in demo_files("single-working")])
    assert win.page("data").drop_mime(mime)
    # The engine's figure for the phase from the AOW date (15 June 2031), whole euros.
    phase = next(p for p in controller.projection.phases if p.start == dt.date(2031, 6, 15))
    headline = win.page("overview").headline.text()
    assert "15 juni 2031" in headline
    assert money(phase.net_monthly, decimals=False).replace(" ", "\u00a0") in headline


def test_the_dossier_is_kept_for_next_time_in_the_vault(qtbot, tmp_path, monkeypatch):
    """The user's own household is kept encrypted in the vault; demo households are not kept;
    a plain file from an earlier version moves into the vault."""
    import shutil

    from pensioenchecker.model.dossier import load_dossier
    from pensioenchecker.vault import Vault
    from ui.application import keeper
    from ui.vault_access import LAST, VaultAccess

    monkeypatch.setenv("PENSIOENCHECKER_VAULT_PASSPHRASE", "synthetic test passphrase")
    access = VaultAccess(tmp_path / "data", ask=False)
    win, controller = build_window(
        Texts("nl"), "2026-11-28", show_dialogs=False, data_folder=tmp_path / "data",
        vault_access=access,
    )  # fmt: skip
    qtbot.addWidget(win)
    controller.autosave = keeper(controller, access)
    controller.load_files(demo_files("retired"))  # synthetic: not kept
    assert not access.exists()
    own = tmp_path / "own"
    shutil.copytree(demo_files("retired")[0].parent, own)  # the same files, as the user's own
    controller.load_files(sorted(own.iterdir()))
    assert access.exists()
    raw = (tmp_path / "data" / "vault.sqlite").read_bytes()
    name = controller.dossier.household.persons[0].name
    assert name and name.encode() not in raw  # encrypted at rest
    access.opened().close()
    with Vault.open(tmp_path / "data") as vault:
        assert vault.load_dossier(LAST) == controller.dossier
    # An earlier version's plain file: moved into a new vault, then gone.
    legacy_folder = tmp_path / "legacy"
    legacy_folder.mkdir()
    fixture = Path(__file__).parent / "fixtures" / "dossier-couple.json"
    shutil.copy(fixture, legacy_folder / "last-dossier.json")
    moved = VaultAccess(legacy_folder, ask=False).load_last()
    assert moved == load_dossier(fixture)
    assert not (legacy_folder / "last-dossier.json").exists()


def test_log_lines_mask_account_and_citizen_numbers(tmp_path):
    import logging

    from ui.application import start_logging

    path = start_logging(tmp_path)
    root = logging.getLogger()
    try:
        logging.getLogger("pensioenchecker.test").warning(
            "import of NL91ABNA0417164300 for bsn 111222333 failed"
        )
        for handler in root.handlers:
            handler.flush()
        text = path.read_text(encoding="utf-8")
        assert "NL91 **** 4300" in text and "*********" in text
        assert "NL91ABNA0417164300" not in text and "111222333" not in text
    finally:
        for handler in list(root.handlers):
            if getattr(handler, "baseFilename", "") == str(path):
                root.removeHandler(handler)
                handler.close()


def test_without_a_display_the_projection_text_is_the_command_lines(capsys):
    """The headless run prints what ``pensioenchecker project`` prints, without the command line."""
    from pensioenchecker import clock
    from pensioenchecker.cli import main as cli_main
    from ui.application import print_projection

    files = demo_files("couple")
    with clock.frozen(dt.date(2026, 12, 1)):
        print_projection(files)
    headless = capsys.readouterr().out
    assert cli_main(["project", *map(str, files), "--as-of", "2026-12-01"]) == 0
    assert headless == capsys.readouterr().out
    assert "Phase" in headless and "note: " in headless


def test_without_a_display_an_unreadable_file_is_one_line(capsys, tmp_path):
    from ui.application import print_projection

    missing = tmp_path / "missing.json"
    print_projection([missing])
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and str(missing) in captured.err


def screenshot_run(tmp_path: Path, *options: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "app.py",
            *options,
            "--page",
            "overview",
            "--screenshot",
            str(tmp_path / "shot.png"),
            "--data-dir",
            str(tmp_path / "data"),
            "--no-crash-dialog",
            "--as-of",
            "2026-11-28",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
    )


def test_a_first_start_screenshot_is_the_welcome_page_and_demo_still_the_demo(tmp_path):
    first = screenshot_run(tmp_path)
    assert first.returncode == 0, first.stderr
    assert "screenshot of the welcome page written to" in first.stdout
    demo = screenshot_run(tmp_path, "--demo", "retired")
    assert demo.returncode == 0, demo.stderr
    assert "screenshot of the overview page written to" in demo.stdout
    assert not (tmp_path / "data" / "vault.sqlite").exists()  # nothing of a demo is kept


def test_which_demo_a_start_opens():
    import argparse

    from ui.application import start_demo

    def args(*files: str, demo: str | None = None, screenshot: str | None = None):
        return argparse.Namespace(files=list(files), demo=demo, screenshot=screenshot)

    assert start_demo(args(), kept=False, display=True) is None  # the welcome page
    assert start_demo(args(screenshot="x.png"), kept=False, display=False) is None
    assert start_demo(args(demo="retired"), kept=True, display=True) == "retired"
    assert start_demo(args("own.json", demo="retired"), kept=False, display=True) is None
    assert start_demo(args(), kept=True, display=True) is None  # the kept household
    assert start_demo(args(screenshot="x.png"), kept=True, display=True) == "couple"


def test_the_crash_dialog_speaks_the_windows_language(qtbot, tmp_path, monkeypatch):
    """One language per window, also when something goes wrong: Dutch, then English."""
    import sys as system

    from PySide6.QtWidgets import QMessageBox

    from ui import application

    shown: list[str] = []

    def read(box: QMessageBox) -> None:
        shown.append(box.text())
        box.deleteLater()  # a parentless box left to the collector after the app is gone crashes

    monkeypatch.setattr(QMessageBox, "exec", read)
    monkeypatch.setattr(system, "excepthook", system.excepthook)
    monkeypatch.setattr(application, "CRASH_LANGUAGE", ["nl"])
    application.install_crash_handler(tmp_path, dialog=True)
    try:
        raise RuntimeError("test")
    except RuntimeError:
        system.excepthook(*system.exc_info())
    application.CRASH_LANGUAGE[0] = "en"
    try:
        raise RuntimeError("test")
    except RuntimeError:
        system.excepthook(*system.exc_info())
    crash = tmp_path / "crash.txt"
    assert shown == [
        f"Er ging iets mis en Pensioenchecker moet stoppen.\nDetails: {crash}\n"
        "Meld het alstublieft met dit bestand.",
        f"Something went wrong and Pensioenchecker has to stop.\nDetails: {crash}\n"
        "Please report it with this file.",
    ]
    qtbot.wait(1)  # the boxes' deleteLater runs
