"""Every visible text of the window comes from the catalog: a walk in the pseudo-language.

The pseudo-language (``pensioenchecker.i18n.PSEUDO``) writes every catalog text accented and
in ⟦ ⟧. The window is opened in it with a demo household and every page, tab, table, chart,
menu and dialog is read; what is left after taking out the transformed texts, figures, dates and
the household's own data (names of people, funds and files; bank descriptions) must hold no
word. A word left is a text that would stay English in the Dutch window.

Qt's own words (the standard buttons of its dialogs) come from Qt's catalog (``qtbase_nl.qm``,
loaded by ``ui.application.follow_language_in_qt``) and are not ours to transform.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from babel.dates import get_month_names
from matplotlib.text import Text
from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from pensioenchecker.i18n import PSEUDO
from ui.application import build_window, demo_files
from ui.charts import IncomeChart
from ui.i18n import Texts
from ui.main_window import PAGE_ORDER, MainWindow

MONTHS_NL = {
    name.lower().rstrip(".")
    for width in ("wide", "abbreviated")
    for name in get_month_names(width, locale="nl_NL").values()
}
"""Month names in dates: Babel's words (the pseudo-language writes figures as Dutch)."""
WORD = re.compile(r"[^\W\d_]{2,}")
TRANSFORMED = re.compile(r"⟦[^⟦⟧]*⟧")
FIGURE_WORDS = {"x", "€"}


def plain(text: str) -> str:
    """A label's text without its markup."""
    if "<" in text and ">" in text:
        document = QTextDocument()
        document.setHtml(text)
        return document.toPlainText()
    return text


def household_data(controller) -> set[str]:  # type: ignore[no-untyped-def]
    """The strings the household's own files hold: names, funds, files, bank descriptions."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)
        elif isinstance(value, str) and not re.fullmatch(r"[a-z0-9_.\-]*", value):
            found.add(value)

    dossier = controller.dossier
    if dossier is not None:
        walk(dossier.model_dump(mode="json", exclude={"warnings"}))
    return found


def typed(root: QWidget) -> set[str]:
    """What was typed into the window's fields (the demo's adviser, a purpose): data too."""
    return {
        field.text()
        for field in root.findChildren(QLineEdit)
        if not field.isReadOnly() and field.text() and not isinstance(field.parent(), QComboBox)
    }


def words_left(text: str, data: Iterable[str]) -> list[str]:
    """The words of ``text`` that did not come from the catalog, the figures or the data."""
    left = text.replace("&&", "&")
    while True:
        shorter = TRANSFORMED.sub(" ", left)
        if shorter == left:
            break
        left = shorter
    for item in sorted(data, key=len, reverse=True):
        if item in left:
            left = left.replace(item, " ")
    left = re.sub(r"https?://\S+|\S+@\S+|\S+\.(json|xml|pdf|csv|sta|txt|940)\b", " ", left)
    left = re.sub(r"\bWet [A-Z]+ \d{4}, art\. [\d.]+", " ", left)  # a law's name: "Wet IB 2001"
    left = re.sub(r"\S+[-_]\S+", " ", left)  # file names, ids of the household's own files
    left = re.sub(r"\b[0-9a-f]{8,}\b", " ", left)  # a package's or dossier's number
    names = {word for item in data for word in WORD.findall(item)}  # cut short: "Voorbeeld…"
    cut_short = re.findall(r"([^\W\d_]+)…", left)  # a name cut off in a legend
    words = [
        w
        for w in WORD.findall(left)
        if w.lower() not in MONTHS_NL
        and w not in names
        and not (w in cut_short and any(name.startswith(w) for name in names))
    ]
    return [w for w in words if w not in FIGURE_WORDS and w != "Pensioenchecker"]


def texts_of(widget: QWidget) -> Iterator[tuple[str, str]]:
    """What a widget shows: (where, text) pairs."""
    kind = type(widget).__name__
    if isinstance(widget, QLabel):
        yield kind, plain(widget.text())
    elif isinstance(widget, QAbstractButton):
        box = widget.parentWidget()
        if isinstance(box, QDialogButtonBox) and box.standardButton(widget) != (
            QDialogButtonBox.StandardButton.NoButton
        ):
            return  # Qt's own word, from Qt's catalog
        yield kind, widget.text()
    elif isinstance(widget, QGroupBox):
        yield kind, widget.title()
    elif isinstance(widget, QComboBox):
        for index in range(widget.count()):
            yield kind, widget.itemText(index)
    elif isinstance(widget, QLineEdit):
        yield kind, widget.placeholderText()
        if widget.isReadOnly():
            yield kind, widget.text()
    elif isinstance(widget, QTabWidget):
        for index in range(widget.count()):
            yield kind, widget.tabText(index)
    elif isinstance(widget, QTextEdit):
        yield kind, widget.toPlainText()
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        top = model.index(-1, -1)  # the root, for list models that want a parent
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(top)
        for column in range(columns):
            yield f"{kind} header", str(model.headerData(column, Qt.Orientation.Horizontal) or "")
        for row in range(model.rowCount(top)):
            for column in range(columns):
                yield kind, str(model.data(model.index(row, column)) or "")
    elif isinstance(widget, IncomeChart):
        for artist in widget.figure.findobj(Text):
            if artist.get_visible():
                yield kind, artist.get_text()
    if widget.toolTip():
        yield f"{kind} tooltip", plain(widget.toolTip())
    if widget.accessibleName():
        yield f"{kind} accessible name", widget.accessibleName()


def menu_texts(menu: QMenu) -> Iterator[tuple[str, str]]:
    for action in menu.actions():
        if action.isSeparator():
            continue
        yield "menu", action.text()
        if action.menu() is not None:
            yield from menu_texts(action.menu())


def untranslated(root: QWidget, data: set[str]) -> list[str]:
    """Every visible text under ``root`` with words that are not from the catalog."""
    problems: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if not widget.isVisible():
            continue
        for where, text in texts_of(widget):
            left = words_left(text, data)
            if left:
                problems.append(f"{where}: {text[:80]!r} → {left[:12]}")
    return sorted(set(problems))


def page_problems(win: MainWindow, controller, page: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What one page shows that is not from the catalog, with each of its tabs in front."""
    win.show_page(page)
    settle()
    data = household_data(controller) | typed(win)
    problems = untranslated(win, data)
    for tabs in win.page(page).findChildren(QTabWidget):
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            settle()
            problems += untranslated(tabs, data)
    return sorted(set(problems))


def settle() -> None:
    for _ in range(6):
        QApplication.processEvents()


def opened(qtbot, folder: Path, demo: str | None):  # type: ignore[no-untyped-def]
    win, controller = build_window(
        Texts(PSEUDO), "2026-11-28", show_dialogs=False, data_folder=folder, demo=demo is not None
    )
    qtbot.addWidget(win)
    if demo is not None:
        controller.load_files(demo_files(demo))
    win.resize(1400, 900)
    win.show()
    settle()
    return win, controller


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    return opened(qtbot, tmp_path, "couple")


def test_the_welcome_page_is_from_the_catalog(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    win, controller = opened(qtbot, tmp_path, None)
    problems = untranslated(win, set())
    assert not problems, "not from the catalog:\n" + "\n".join(problems)
    win.show_page("ophalen")
    settle()
    problems = untranslated(win, set())
    assert not problems, "not from the catalog:\n" + "\n".join(problems)


@pytest.mark.parametrize("demo", ["abroad", "retired", "single-renter", "single-working"])
@pytest.mark.parametrize("page", ["overview", "data", "explain", "whatif"])
def test_every_demo_is_from_the_catalog(qtbot, tmp_path: Path, demo: str, page: str) -> None:  # type: ignore[no-untyped-def]
    win, controller = opened(qtbot, tmp_path, demo)
    problems = page_problems(win, controller, page)
    assert not problems, "not from the catalog:\n" + "\n".join(problems)


@pytest.mark.parametrize("page", PAGE_ORDER)
def test_every_text_of_every_page_is_from_the_catalog(window, page: str) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    assert isinstance(win, MainWindow)
    problems = page_problems(win, controller, page)
    assert not problems, "not from the catalog:\n" + "\n".join(problems)


def test_every_menu_entry_is_from_the_catalog(window) -> None:  # type: ignore[no-untyped-def]
    win, controller = window
    data = household_data(controller)
    problems = [
        f"{where}: {text!r}"
        for menu in win.menuBar().findChildren(QMenu)
        for where, text in menu_texts(menu)
        if words_left(text, data)
    ]
    problems += [f"title: {win.windowTitle()!r}"] if words_left(win.windowTitle(), data) else []
    assert not problems, "not from the catalog:\n" + "\n".join(problems)


def test_every_form_is_from_the_catalog(window, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from ui.forms import ManualFormDialog

    win, controller = window
    win.show_page("data")
    settle()
    kinds = win.page("data").form_kind
    assert kinds.count() >= 3
    problems: list[str] = []
    for index in range(kinds.count()):
        dialog = ManualFormDialog(kinds.itemData(index), controller.lang, tmp_path, win)
        dialog.show()
        settle()
        problems += [f"{kinds.itemData(index)}: {p}" for p in untranslated(dialog, set())]
        problems += [dialog.windowTitle()] if words_left(dialog.windowTitle(), set()) else []
        dialog.close()
    assert not problems, "not from the catalog:\n" + "\n".join(problems)


def test_every_question_is_from_the_catalog(window, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog, QMessageBox

    win, controller = window
    asked: list[str] = []

    def question(_parent, title, text, *_args):  # type: ignore[no-untyped-def]
        asked.extend([title, text])
        return QMessageBox.StandardButton.No

    def get_text(_parent, title, label, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.extend([title, label])
        return "", False

    monkeypatch.setattr(QMessageBox, "question", question)
    monkeypatch.setattr(QInputDialog, "getText", get_text)
    monkeypatch.setattr(QInputDialog, "getDouble", get_text)
    from ui.household_menu import Households

    menu = Households(win, controller, {}, None, True)
    assert menu.ask_partners(("Anna", "Bram")) is False
    win.show_dialogs = True
    win._check_rules()
    ophalen = win.page("ophalen")
    ophalen.ask = True
    ophalen.ask_purge("mpo")
    win.show_page("share")
    settle()
    share = win.page("share")
    share.ask = True
    share._passphrase("share.key.passphrase.new")
    assert len(asked) == 8
    problems = [text for text in asked if words_left(plain(text), {"Anna", "Bram"})]
    assert not problems, "not from the catalog:\n" + "\n".join(problems)
