"""Start-up of the desktop application, in a fixed order.

Crash handler, arguments, folders, logging, QApplication, language, main window. ``app.py`` and
the installed ``pensioenchecker-app`` call ``main()``; heavy modules are imported late so the
window appears fast.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import io
import logging
import logging.handlers
import os
import sys
import traceback
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

import platformdirs

from pensioenchecker import clock
from pensioenchecker.i18n import system_language
from pensioenchecker.paths import using_data_dir

if TYPE_CHECKING:  # for the annotations only: start-up imports Qt and the window late
    from PySide6.QtCore import QCoreApplication, QSettings

    from pensioenchecker.model import Dossier
    from ui.controller import DossierController
    from ui.i18n import Texts
    from ui.main_window import MainWindow
    from ui.vault_access import VaultAccess

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "resources" / "demo"
DEFAULT_DEMO = "couple"
PAGES = ("ophalen", "overview", "data", "explain", "whatif", "share")
LEGACY_LAST = "last-dossier.json"
"""Where earlier versions kept the last household in plain text (moved into the vault)."""
MIN_ZOOM, MAX_ZOOM = 80, 200
"""The text sizes --zoom takes, in percent (those of Ctrl+= and Ctrl+-)."""
SCREENSHOT_SIZE = (1280, 860)
SETTLE_ROUNDS = 8
"""Rounds of events before a screenshot: nested layouts (and wrapped text) settle in a few."""
ORGANISATION = "Pensioenchecker"
APPLICATION = "Pensioenchecker"

log = logging.getLogger("pensioenchecker.app")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command-line options of the window."""
    from pensioenchecker import __version__

    demos = sorted(p.name for p in DEMO_DIR.iterdir() if p.is_dir()) if DEMO_DIR.is_dir() else []
    parser = argparse.ArgumentParser(
        prog="pensioenchecker-app", description="Pensioenchecker: your net pension per month."
    )
    parser.add_argument("--version", action="version", version=f"Pensioenchecker {__version__}")
    parser.add_argument(
        "--demo",
        nargs="?",
        const=DEFAULT_DEMO,
        metavar="NAME",
        help=f"open a synthetic demo household ({', '.join(demos)})",
    )
    parser.add_argument("--page", choices=PAGES, default="overview")
    parser.add_argument(
        "--screenshot", metavar="FILE", help="render the page offscreen to a PNG and exit"
    )
    parser.add_argument("--lang", choices=("nl", "en"))
    parser.add_argument("--data-dir", metavar="DIR", help="keep data, settings and logs here")
    parser.add_argument(
        "--no-crash-dialog", action="store_true", help="report crashes on stderr only (for CI)"
    )
    parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="project from this date")
    parser.add_argument(
        "--zoom", type=int, metavar="PERCENT", help="text size in percent (80-200; Ctrl+= / Ctrl+-)"
    )
    parser.add_argument(
        "--size", metavar="WIDTHxHEIGHT", help="window size in pixels, e.g. 1920x1080"
    )
    parser.add_argument(
        "--presentation", action="store_true", help="start in the presentation view (large type)"
    )
    parser.add_argument("--full-screen", action="store_true", help="start full screen (F11)")
    parser.add_argument("files", nargs="*", metavar="FILE", help="files to open")
    args = parser.parse_args(argv)
    if args.demo and args.demo not in demos:
        parser.error(f"no demo named {args.demo!r} (known: {', '.join(demos)})")
    try:
        args.as_of = dt.date.fromisoformat(args.as_of) if args.as_of else None
    except ValueError:
        parser.error(f"--as-of {args.as_of!r} is not a date written as YYYY-MM-DD")
    if args.zoom is not None and not MIN_ZOOM <= args.zoom <= MAX_ZOOM:
        parser.error(f"--zoom {args.zoom} is outside {MIN_ZOOM}-{MAX_ZOOM} (percent)")
    if args.size is not None:
        width, _, height = args.size.lower().partition("x")
        if not (width.isdigit() and height.isdigit() and int(width) > 0 and int(height) > 0):
            parser.error(f"--size {args.size!r} is not written as WIDTHxHEIGHT, e.g. 1920x1080")
        args.size = (int(width), int(height))
    return args


def folders(data_dir: str | None) -> dict[str, Path]:
    """Where data, settings and logs go: platform folders, or all under ``--data-dir``."""
    if data_dir:
        base = Path(data_dir)
        paths = {"data": base, "config": base / "config", "log": base / "log"}
    else:
        paths = {
            "data": platformdirs.user_data_path(APPLICATION, ORGANISATION),
            "config": platformdirs.user_config_path(APPLICATION, ORGANISATION),
            "log": platformdirs.user_log_path(APPLICATION, ORGANISATION),
        }
    for path in paths.values():
        path.mkdir(parents=True, exist_ok=True, mode=0o700)
    with contextlib.suppress(OSError):
        paths["log"].chmod(0o700)  # logs and crash files: for the user's eyes only
    return paths


class MaskingFormatter(logging.Formatter):
    """Log lines with account and citizen service numbers masked: a log is no second copy."""

    def format(self, record: logging.LogRecord) -> str:
        """The line as usual, identifiers masked."""
        from pensioenchecker.masking import mask_identifiers

        return mask_identifiers(super().format(record))


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """A rotating log whose files only the user can read (0600), also after a rotation."""

    def _open(self) -> io.TextIOWrapper:
        """Open (make) the log file with mode 0600 before anything is written to it."""
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def write_private(path: Path, text: str) -> None:
    """Write a text file only the user can read (0600), as crash files are."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with contextlib.suppress(OSError):
        os.fchmod(fd, 0o600)
    with open(fd, "w", encoding="utf-8") as out:
        out.write(text)


def start_logging(log_dir: Path) -> Path:
    """A rotating log file (0600); third-party loggers kept quiet."""
    path = log_dir / "pensioenchecker.log"
    handler = PrivateRotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    for noisy in ("matplotlib", "PIL", "pypdf"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    return path


CRASHES: list[Path] = []
"""Crash files written in this run: a screenshot run with one exits with an error code."""


CRASH_LANGUAGE = [system_language()]
"""The language the crash dialog speaks: the window's, once there is one (a list, to update)."""


def install_crash_handler(log_dir: Path, dialog: bool) -> None:
    """Log any uncaught error, keep a crash file, and tell the user where it is."""

    def handle(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, error, tb))
        crash = log_dir / "crash.txt"
        from pensioenchecker.masking import mask_identifiers

        details = mask_identifiers(details)
        write_private(crash, details)
        CRASHES.append(crash)
        log.error("uncaught error\n%s", details)
        sys.stderr.write(f"Pensioenchecker stopped unexpectedly; details are in {crash}\n")
        if dialog:
            from PySide6.QtWidgets import QApplication, QMessageBox

            if QApplication.instance() is not None:
                from ui.i18n import Texts

                texts = Texts(CRASH_LANGUAGE[0])
                box = QMessageBox(
                    QMessageBox.Icon.Critical,
                    texts.t("app.title"),
                    texts.t("crash.text", file=crash),
                )
                box.setDetailedText(details)
                box.exec()

    sys.excepthook = handle


def has_display() -> bool:
    """Whether a window can be shown (always on Windows and macOS)."""
    if sys.platform.startswith(("win", "darwin")):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").startswith(("offscreen", "minimal")):
        return False
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def demo_files(name: str) -> list[Path]:
    """The source files of one synthetic demo household."""
    return sorted(p for p in (DEMO_DIR / name).glob("*") if p.is_file())


def print_projection(files: list[Path]) -> None:
    """Without a display: the projection as text, as ``pensioenchecker project`` prints it.

    A file that cannot be read is one line on stderr, as on the command line; the screenshot
    that follows still shows what the window makes of it.
    """
    from pensioenchecker.engine import Engine
    from pensioenchecker.errors import PensioencheckerError
    from pensioenchecker.payloads import projection_text
    from pensioenchecker.projection.timeline import project
    from pensioenchecker.sources.registry import load_paths

    try:
        engine = Engine()
        dossier = load_paths(files, engine)
        projection = project(dossier, engine.book, engine.aow_table, clock.today())
    except PensioencheckerError as exc:
        sys.stderr.write(f"pensioenchecker: {exc}\n")
        return
    notes = "".join(f"note: {note}\n" for note in projection.assumptions)
    sys.stdout.write(f"{projection_text(projection)}\n{notes}")


class StartupCollector:
    """Garbage collection waits while the window starts.

    Start-up makes a few hundred thousand objects that live as long as the window (modules,
    classes, widgets, the household); collecting among them while they are being made took
    about a tenth of the start-up time. Once the window is up, what start-up made is left out
    of later collections (``gc.freeze``), so they stay short too, and collecting resumes.
    """

    def __init__(self) -> None:
        self.was_enabled = gc.isenabled()
        gc.disable()
        self.paused = True

    def resume(self) -> None:
        """Start-up is over (safe to call more than once)."""
        if self.paused:
            self.paused = False
            if self.was_enabled:
                gc.freeze()
                gc.enable()


def main(argv: list[str] | None = None, data_dir: Path | None = None) -> int:
    """Start the window (or, without a display, print the projection and write a screenshot).

    ``data_dir`` does what ``--data-dir`` does (data, settings and logs in one folder), for a
    caller in the same process; nothing of it outlives the call.
    """
    collector = StartupCollector()
    args = parse_arguments(argv)
    paths = folders(args.data_dir or (str(data_dir) if data_dir else None))
    moment = args.as_of
    chosen = paths["data"] if (args.data_dir or data_dir) else None
    platform = os.environ.get("QT_QPA_PLATFORM")
    # The core's own folder (keys, rule packs) is the window's; --as-of sets the one clock.
    with using_data_dir(chosen), clock.frozen(moment) if moment else nullcontext():
        try:
            return _start(args, paths, collector)
        finally:
            collector.resume()
            if platform is None:
                os.environ.pop("QT_QPA_PLATFORM", None)


def _start(args: argparse.Namespace, paths: dict[str, Path], collector: StartupCollector) -> int:
    CRASHES.clear()
    install_crash_handler(paths["log"], dialog=not args.no_crash_dialog and not args.screenshot)
    log_file = start_logging(paths["log"])
    from pensioenchecker.paths import VAULT_FILE

    kept = (paths["data"] / VAULT_FILE).is_file() or (paths["data"] / LEGACY_LAST).is_file()
    files = [Path(f) for f in args.files]
    demo = start_demo(args, kept, has_display())
    if files:
        pass
    elif demo is not None:
        files = demo_files(demo)
    screenshot = args.screenshot
    headless = not has_display()
    if headless:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        if not screenshot:
            # Only what the terminal shows: a picture of the household is written only when
            # asked for (--screenshot FILE), never left unencrypted in the data folder.
            if files:
                print_projection(files)
            else:
                sys.stdout.write("no household yet: the window opens on its welcome page\n")
            return 0
    os.environ.setdefault("QT_API", "pyside6")

    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    running = QApplication.instance()
    app = running if isinstance(running, QApplication) else QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    from PySide6.QtGui import QIcon

    app.setWindowIcon(QIcon(str(ROOT / "resources" / "icons" / "pensioenchecker.png")))
    from ui.i18n import Texts, system_language
    from ui.vault_access import VaultAccess

    texts = Texts(args.lang or system_language())
    start_zoom(args)
    holder: list[MainWindow] = []  # the window, once made: the passphrase dialog's parent
    access = VaultAccess(
        paths["data"],
        ask=not screenshot,
        demo=demo is not None or bool(screenshot),
        texts=texts.t,
        parent=lambda: holder[0] if holder else None,
    )
    window, controller = build_window(
        texts,
        None,  # the clock is set to --as-of for the whole run
        QSettings(str(paths["config"] / "window.ini"), QSettings.Format.IniFormat),
        show_dialogs=not screenshot,
        data_folder=paths["data"],
        demo=demo is not None or bool(screenshot),
        vault_access=access,
    )
    holder.append(window)
    follow_language_in_qt(app, controller)
    window.show_page(args.page)
    if not screenshot:
        controller.autosave = keeper(controller, access)
        controller.mode_changed.connect(lambda: None if controller.is_demo else access.leave_demo())
    controller.forms_folder = access.forms_folder  # forms are kept in the vault, not here
    log.info("started; log at %s", log_file)
    if screenshot:
        window.resize(*(args.size or SCREENSHOT_SIZE))
        window.show()
        start_household(window, controller, files, demo)  # pages behind catch up when shown
        for _ in range(SETTLE_ROUNDS):  # a layout that moves a widget posts its children's
            app.processEvents()
        ok = window.grab().save(screenshot)
        if not ok:
            sys.stderr.write(f"pensioenchecker-app: could not write {screenshot}\n")
            return 2
        if CRASHES:  # a page failed while the screenshot was made: not a good picture
            return 3
        from ui.household_menu import households_of

        shown = "welcome" if households_of(window).welcome_shown() else args.page
        sys.stdout.write(f"screenshot of the {shown} page written to {screenshot}\n")
        return 0
    if args.size:
        window.resize(*args.size)
    if args.full_screen:
        window.showFullScreen()
    else:
        window.show()
    if files:
        start_household(window, controller, files, demo)
    else:
        kept_dossier = access.load_last()
        if kept_dossier is not None:
            controller.show_kept(kept_dossier)
        else:
            if access.problem:
                controller.problem.emit(access.problem)
            start_household(window, controller, [], None)
    from PySide6.QtCore import QTimer

    # Collecting resumes once the first events, the window's first paint among them, are done.
    QTimer.singleShot(0, collector.resume)
    return int(app.exec())


def start_demo(args: argparse.Namespace, kept: bool, display: bool) -> str | None:
    """The demo household to start with, if any.

    Files given: none. ``--demo``: that one. Nothing kept: none (the welcome page). A kept
    household without a display or for a screenshot: the default demo, as the vault needs the
    window to unlock.
    """
    if args.files:
        return None
    if args.demo:
        return str(args.demo)
    if kept and (not display or args.screenshot):
        return DEFAULT_DEMO
    return None


def start_household(
    window: MainWindow, controller: DossierController, files: list[Path], demo: str | None
) -> None:
    """Open the start's files (a demo in demo mode), or the welcome page when there are none."""
    from ui.household_menu import households_of

    if demo is not None:
        controller.load_demo(demo, files)
    elif files:
        controller.load_files(files)
    else:
        households_of(window).show_welcome()


def demo_names() -> list[str]:
    """The synthetic demo households, by folder name (the default first)."""
    names = sorted(p.name for p in DEMO_DIR.iterdir() if p.is_dir()) if DEMO_DIR.is_dir() else []
    return sorted(names, key=lambda name: name != DEFAULT_DEMO)


def start_zoom(args: argparse.Namespace) -> None:
    """The text size and presentation view asked for on the command line."""
    from ui.zoom import zoom

    if args.zoom is not None:
        zoom().set_scale(args.zoom / 100)
    if args.presentation:
        zoom().set_presentation(True)


def keeper(controller: DossierController, access: VaultAccess) -> Callable[[Dossier], None]:
    """Autosave into the vault, except demo households (nothing of the user's)."""

    def keep(dossier: Dossier) -> None:
        if controller.demo is not None:
            return
        files = controller.files  # a demo's files opened by hand are synthetic all the same
        if files and all(DEMO_DIR in Path(f).resolve().parents for f in files):
            return
        if not access.save_last(dossier) and access.problem and not access.declined:
            controller.problem.emit(access.problem)

    return keep


def follow_language_in_qt(app: QCoreApplication, controller: DossierController) -> None:
    """Qt's own words (dialog buttons, menus) in the interface language, after a switch too."""
    from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator

    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)

    def apply(lang: str) -> None:
        CRASH_LANGUAGE[0] = lang
        app.removeTranslator(translator)
        if lang != "en" and translator.load(QLocale(lang), "qtbase", "_", folder):
            app.installTranslator(translator)

    apply(controller.texts.lang)
    controller.language_changed.connect(apply)


def build_window(
    texts: Texts,
    as_of: str | None,
    settings: QSettings | None = None,
    show_dialogs: bool = True,
    data_folder: Path | None = None,
    demo: bool = False,
    vault_access: VaultAccess | None = None,
) -> tuple[MainWindow, DossierController]:
    """The main window with its pages and its controller (load files with the controller).

    ``data_folder`` holds the vault and keys (a fresh temporary folder when not given, so tests
    and benchmarks never touch a user's own); ``demo`` fills the Share page with a synthetic
    request, package and log.
    """
    import datetime as dt

    from pensioenchecker.engine import Engine
    from ui.controller import DossierController
    from ui.main_window import MainWindow
    from ui.pages.base import Page
    from ui.tasks import SyncTaskRunner, TaskRunner

    start = dt.date.fromisoformat(as_of) if as_of else None
    tasks = TaskRunner() if show_dialogs else SyncTaskRunner()
    controller = DossierController(Engine(), tasks, texts, as_of=start)

    # Pages are made (and their modules imported) when first shown: start-up pays only for
    # the page in front.
    def data() -> Page:
        from ui.pages.data import DataPage

        return DataPage(controller)

    def explain() -> Page:
        from ui.pages.explain import ExplainPage

        return ExplainPage(controller)

    def whatif() -> Page:
        from ui.pages.whatif import WhatIfPage

        return WhatIfPage(controller)

    def share() -> Page:
        from pensioenchecker.tempfolders import session_folder
        from ui.pages.share import SharePage

        folder = data_folder or session_folder("pensioenchecker-")
        return SharePage(
            controller,
            folder,
            demo=demo,
            ask=show_dialogs,
            access=vault_access,
        )

    def overview() -> Page:
        from ui.pages.overview import OverviewPage

        return OverviewPage(controller)

    def ophalen() -> Page:
        from ui.pages.ophalen import OphalenPage

        return OphalenPage(controller, settings, ask=show_dialogs)

    pages = [
        ("ophalen", ophalen),
        ("overview", overview),
        ("data", data),
        ("explain", explain),
        ("whatif", whatif),
        ("share", share),
    ]
    window = MainWindow(controller, pages, settings, show_dialogs)
    from ui.household_menu import Households

    Households(
        window,
        controller,
        {name: demo_files(name) for name in demo_names()},
        settings,
        show_dialogs,
    )
    return window, controller
