"""The Data page: dropping files, editing amounts, hostile files, language, keyboard."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from focus import focus_chain  # noqa: E402
from PySide6.QtCore import QMimeData, Qt, QUrl  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QTextEdit,
    QWidget,
)

from pensioenchecker.model import Age  # noqa: E402
from ui.application import demo_files  # noqa: E402
from ui.controller import DossierController  # noqa: E402
from ui.models import (  # noqa: E402
    AMOUNT_COLUMN,
    COLUMNS,
    EDITED_COLUMN,
    AmountError,
    parse_dutch_euros,
)
from ui.pages.data import DataPage, with_manual_line  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo"
MPO = DEMO / "retired" / "Pensioenoverzicht-02-11-2026.json"
PENSION_ID = "p1-pensioenfonds-voorbeeld-synthetisch-demo-pf-9"


@pytest.fixture
def page(qtbot, controller: DossierController) -> DataPage:
    widget = DataPage(controller)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    return widget


def mime_for(*paths: Path) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path)) for path in paths])
    return mime


def row_of(page: DataPage, line_id: str) -> int:
    return next(r for r in range(page.model.rowCount()) if page.model.line_id(r) == line_id)


def cell(page: DataPage, row: int, column: int) -> str:
    return page.model.data(page.model.index(row, column))


def test_drop_loads_the_file_and_the_table_shows_its_entitlements(page, controller):
    assert page.drop_mime(mime_for(MPO))
    assert controller.dossier is not None
    assert page.model.rowCount() == len(controller.dossier.entitlements) == 3
    shown = {cell(page, r, 2) for r in range(page.model.rowCount())}
    assert "Pensioenfonds Voorbeeld (synthetisch)" in shown
    row = row_of(page, PENSION_ID)
    assert cell(page, row, AMOUNT_COLUMN) == "€ 25.000,00"
    assert cell(page, row, EDITED_COLUMN) == ""
    assert page.sources.rowCount() == 1
    assert page.sources.item(0, 1).text() == MPO.name
    assert page.warnings.count() == len(controller.dossier.warnings) > 0
    # a second drop adds to what is loaded
    page.drop_mime(mime_for(DEMO / "retired" / "belastingdienst-2025.json"))
    assert page.sources.rowCount() == 2


def test_drop_event_path_accepts_only_local_files(page):
    mime = QMimeData()
    mime.setUrls([QUrl("https://example.org/file.xml")])
    assert not page.drop_mime(mime)
    assert page.problem_label.isVisibleTo(page)


def test_editing_an_amount_recomputes_and_marks_it(page, controller):
    page.drop_mime(mime_for(MPO))
    before = controller.projection
    net_before = int(before.years.loc[before.years.year == 2027, "net"].iloc[0])
    row = row_of(page, PENSION_ID)
    index = page.model.index(row, AMOUNT_COLUMN)
    assert page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert page.model.data(index, Qt.ItemDataRole.EditRole) == "25000,00"
    assert page.model.setData(index, "18.400,00")
    after = controller.projection
    assert after is not before
    assert int(after.years.loc[after.years.year == 2027, "pension"].iloc[0]) == 1_840_000
    assert int(after.years.loc[after.years.year == 2027, "net"].iloc[0]) < net_before
    row = row_of(page, PENSION_ID)
    assert cell(page, row, AMOUNT_COLUMN) == "€ 18.400,00"
    assert cell(page, row, EDITED_COLUMN) == "door u aangepast"
    assert controller.dossier.entitlements[1].annual_gross.provenance.edited


def test_bad_amount_is_refused_with_a_message(page, controller):
    page.drop_mime(mime_for(MPO))
    before = controller.projection
    index = page.model.index(row_of(page, PENSION_ID), AMOUNT_COLUMN)
    assert not page.model.setData(index, "18400.50")
    assert controller.projection is before
    assert page.problem_label.isVisibleTo(page)
    assert "komma" in page.problem_label.text()


def test_aow_amount_is_not_editable(page):
    page.drop_mime(mime_for(MPO))
    index = page.model.index(row_of(page, "p1-aow"), AMOUNT_COLUMN)
    assert not page.model.flags(index) & Qt.ItemFlag.ItemIsEditable
    assert not page.model.setData(index, "1000")


@pytest.mark.parametrize(
    ("text", "cents"),
    [
        ("18.400,00", 1_840_000),
        ("18400", 1_840_000),
        ("€ 18.400", 1_840_000),
        ("18400,5", 1_840_050),
        ("1.234.567,89", 123_456_789),
        ("18.400,-", 1_840_000),
        ("0", 0),
    ],
)
def test_dutch_amounts(text, cents):
    assert parse_dutch_euros(text) == cents


@pytest.mark.parametrize(
    "text", ["", "-5", "18400.50", "18,123", "abc", "1.23.456", "12,3a", "99999999999"]
)
def test_bad_dutch_amounts(text):
    with pytest.raises(AmountError):
        parse_dutch_euros(text)


def test_hostile_file_gives_a_message_not_an_exception(page, controller, tmp_path):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
        ' <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\n'
        ' <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\n]>\n'
        "<lolz>&lol3;</lolz>\n",
        encoding="utf-8",
    )
    messages: list[str] = []
    controller.problem.connect(messages.append)
    page.drop_mime(mime_for(bomb))
    assert messages
    assert page.problem_label.isVisibleTo(page)
    assert page.problem_label.text() == messages[0]
    assert controller.dossier is None


def test_add_a_line_by_hand(page, controller):
    page.drop_mime(mime_for(MPO))
    rows = page.model.rowCount()
    dossier = with_manual_line(
        controller.dossier, "p1", "foreign", "Deutsche Rentenversicherung", 300_000, Age(years=67)
    )
    dossier = with_manual_line(
        dossier, "p1", "wage", "Bakkerij", 500_000, end_date=dt.date(2027, 6, 30)
    )
    controller.set_dossier(dossier)
    assert page.model.rowCount() == rows + 2
    row = row_of(page, "p1-manual-foreign-1")
    assert cell(page, row, AMOUNT_COLUMN) == "€ 3.000,00"
    assert cell(page, row, EDITED_COLUMN) == "door u aangepast"
    assert "zelf ingevuld" in cell(page, row, COLUMNS.index("source"))
    wage = row_of(page, "p1-manual-wage-1")
    assert cell(page, wage, 5) == "30 juni 2027"
    years = controller.projection.years
    assert int(years.loc[years.year == 2027, "wage"].iloc[0]) == 250_000


def test_bank_profile_is_shown_with_transactions(page, controller):
    page.drop_mime(mime_for(*sorted((DEMO / "single-working").iterdir())))
    assert controller.dossier.transactions
    assert page.lower_tabs.isTabVisible(page.lower_tabs.indexOf(page.bank_box))
    assert page.bank.rowCount() > 0
    assert "€" in page.bank_summary.text()
    # Categories by their names in the interface language, not the rules' keys.
    shown = {page.bank.item(row, 0).text() for row in range(page.bank.rowCount())}
    assert "wonen" in shown and "housing" not in shown
    controller.set_language("en")
    shown = {page.bank.item(row, 0).text() for row in range(page.bank.rowCount())}
    assert "housing" in shown
    controller.set_language("nl")


def test_bank_profile_says_which_currencies_it_left_out(page, controller):
    swiss = Path(__file__).resolve().parent / "fixtures" / "bank" / "mt940-chf.sta"
    page.drop_mime(mime_for(MPO, swiss))
    assert {t.currency for t in controller.dossier.transactions} == {"CHF"}
    assert page.lower_tabs.isTabVisible(page.lower_tabs.indexOf(page.bank_box))
    # No euro transactions: no averages, only what was left out.
    assert page.bank_summary.text() == (
        "Transacties in een andere munt dan de euro tellen niet mee: 3 in CHF."
    )
    assert page.bank.rowCount() == 0
    page.drop_mime(mime_for(DEMO / "single-working" / "bank-camt053.xml"))  # added to it
    first, second = page.bank_summary.text().split("\n")
    assert first.startswith("Over ") and "€" in first
    assert second == "Transacties in een andere munt dan de euro tellen niet mee: 3 in CHF."
    assert page.bank.rowCount() > 0


def test_every_packaged_category_has_a_name_in_both_languages():
    import yaml

    from pensioenchecker.sources.bank.categories import (
        DEFAULT_RULES_FILE,
        FALLBACK_IN,
        FALLBACK_OUT,
    )
    from ui.i18n import ENGLISH, Texts

    categories = [*yaml.safe_load(DEFAULT_RULES_FILE.read_text()), FALLBACK_IN, FALLBACK_OUT]
    assert all(f"category.{c}" in ENGLISH for c in categories)
    dutch = Texts("nl")
    assert all(dutch.t(f"category.{c}") != ENGLISH[f"category.{c}"] for c in categories)


def test_switching_language_changes_labels_not_numbers(page, controller):
    page.drop_mime(mime_for(MPO))
    row = row_of(page, PENSION_ID)
    header_nl = page.model.headerData(AMOUNT_COLUMN, Qt.Orientation.Horizontal)
    amount_nl = cell(page, row, AMOUNT_COLUMN)
    open_nl = page.open_button.text()
    projection = controller.projection
    controller.set_language("en")
    assert page.model.headerData(AMOUNT_COLUMN, Qt.Orientation.Horizontal) != header_nl
    assert page.open_button.text() != open_nl
    assert page.open_button.text() == "&Open…"
    assert cell(page, row, 1) == "Old-age pension"
    assert controller.projection is projection
    assert cell(page, row, AMOUNT_COLUMN).replace(",", "").replace(".", "") == amount_nl.replace(
        ".", ""
    ).replace(",", "")


def tab_inputs(page: QWidget) -> list[QWidget]:
    kinds = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractItemView, QTextEdit)
    return [
        w
        for w in page.findChildren(QWidget)
        if isinstance(w, kinds)
        and not isinstance(w, QHeaderView)
        and w.isEnabled()
        and w.isVisibleTo(page)
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]


def test_tab_order_reaches_every_input(page, qtbot):
    page.drop_mime(mime_for(*sorted((DEMO / "single-working").iterdir())))
    page.show()
    qtbot.waitExposed(page)
    # The files, bank and forms are tabs: the tab bar is in the chain, and the bank's table
    # once its tab is chosen (Ctrl+Tab or the arrow keys on the tab bar).
    assert page.lower_tabs.tabBar() in focus_chain(page.open_button)
    page.lower_tabs.setCurrentWidget(page.bank_box)
    chain = focus_chain(page.open_button)
    inputs = tab_inputs(page)
    assert page.table in inputs and page.add_button in inputs and page.bank in inputs
    for widget in inputs:
        assert widget in chain, widget.objectName() or type(widget).__name__
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert chain.index(page.open_button) < chain.index(page.add_button) < chain.index(page.table)
    # the buttons have mnemonics
    assert "&" in page.open_button.text() and "&" in page.add_button.text()


def test_render_png(page, controller, tmp_path):
    page.drop_mime(mime_for(*sorted((DEMO / "couple").iterdir())))
    page.show()
    page.resize(1280, 800)
    out = tmp_path / "data.png"
    assert page.grab().save(str(out))
    assert out.stat().st_size > 0


def test_add_dialog_builds_the_line_and_refuses_bad_input(page, controller):
    from ui.pages.data import AddLineDialog

    page.drop_mime(mime_for(MPO))
    dialog = AddLineDialog(page)
    dialog.kind.setCurrentIndex(dialog.kind.findData("annuity"))
    dialog.payer.setText("Verzekeraar")
    dialog.amount.setText("12,345")
    assert dialog.result_dossier() is None
    assert dialog.message.text()
    dialog.amount.setText("2.400,00")
    dialog.start_years.setValue(68)
    dossier = dialog.result_dossier()
    line = dossier.entitlements[-1]
    assert line.provider == "Verzekeraar" and line.annual_gross.cents == 240_000
    assert line.start.age == Age(years=68)
    assert line.annual_gross.provenance.source == "manual"
    assert line.annual_gross.provenance.edited


def test_add_dialog_takes_the_wage_end_date_as_a_date(page, controller):
    from PySide6.QtCore import QDate

    from ui.pages.data import AddLineDialog

    page.drop_mime(mime_for(MPO))
    dialog = AddLineDialog(page)
    dialog.kind.setCurrentIndex(dialog.kind.findData("wage"))
    dialog.payer.setText("Bakkerij")
    dialog.amount.setText("5.000,00")
    dialog.end_date.setDate(QDate(2027, 6, 30))
    line = dialog.result_dossier().income_lines[-1]
    assert line.kind == "wage" and line.end == dt.date(2027, 6, 30)
    dialog.end_date.setDate(dialog.end_date.minimumDate())  # "no end date"
    assert dialog.result_dossier().income_lines[-1].end is None


@pytest.mark.parametrize(
    ("url", "accepted"),
    [(QUrl.fromLocalFile(str(MPO)), True), (QUrl("https://example.org/file.xml"), False)],
)
def test_files_moving_over_the_page_stay_accepted_only_when_local(page, url, accepted):
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent

    mime = QMimeData()
    mime.setUrls([url])
    args = (QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier)  # fmt: skip
    enter, move = QDragEnterEvent(*args), QDragMoveEvent(*args)
    enter.setAccepted(not accepted)
    move.setAccepted(not accepted)
    page.dragEnterEvent(enter)
    page.dragMoveEvent(move)
    assert enter.isAccepted() is accepted
    assert move.isAccepted() is accepted


def test_an_error_goes_once_a_later_edit_is_valid(page, controller):
    page.drop_mime(mime_for(MPO))
    index = page.model.index(row_of(page, PENSION_ID), AMOUNT_COLUMN)
    assert not page.model.setData(index, "18400.50")
    assert page.problem_label.isVisibleTo(page)
    assert page.model.setData(index, "18.400,50")
    assert not page.problem_label.isVisibleTo(page)


def test_the_edits_column_is_in_view_at_1280_pixels(qtbot, controller):
    from ui.application import build_window
    from ui.i18n import Texts

    window, controller = build_window(Texts("nl"), "2026-11-28", show_dialogs=False)
    qtbot.addWidget(window)
    window.resize(1280, 820)
    window.show()
    controller.load_files(demo_files("couple"))
    window.show_page("data")
    page = window.page("data")
    qtbot.waitUntil(lambda: page.table.columnWidth(EDITED_COLUMN) > 0)
    page._size_columns()
    table = page.table
    right = table.columnViewportPosition(EDITED_COLUMN) + table.columnWidth(EDITED_COLUMN)
    assert table.columnViewportPosition(EDITED_COLUMN) >= 0 and right <= table.viewport().width()


def test_two_funds_of_one_name_are_told_apart_by_their_scheme(page, controller):
    page.drop_mime(mime_for(MPO))
    dossier = controller.dossier
    fund = next(e for e in dossier.entitlements if e.scheme_id == "DEMO-PF-9")
    twin = fund.model_copy(update={"id": "p1-second-scheme", "scheme_id": "DEMO-PF-10"})
    lines = [*dossier.entitlements, twin]
    controller.set_dossier(dossier.model_copy(update={"entitlements": lines}))
    payers = {cell(page, r, COLUMNS.index("payer")) for r in range(page.model.rowCount())}
    assert {
        "Pensioenfonds Voorbeeld (synthetisch) (DEMO-PF-9)",
        "Pensioenfonds Voorbeeld (synthetisch) (DEMO-PF-10)",
    } <= payers


def test_each_file_shows_its_person_and_can_be_moved_or_removed(page, controller):
    controller.load_files(demo_files("couple"))
    names = {p.id: p.name for p in controller.dossier.household.persons}
    owners = {
        page.sources.item(r, 1).text(): page.sources.item(r, 2).text()
        for r in range(page.sources.rowCount())
    }
    assert owners["loon-partner.json"] == "Demo-partner (synthetisch)"
    assert owners["bank-ing.csv"] == "het huishouden"
    other = next(pid for pid, name in names.items() if name != "Demo-partner (synthetisch)")
    page.move_file("loon-partner.json", other)
    wage = next(line for line in controller.dossier.income_lines if line.kind == "wage")
    assert wage.person_id == other
    owners = {
        page.sources.item(r, 1).text(): page.sources.item(r, 2).text()
        for r in range(page.sources.rowCount())
    }
    assert owners["loon-partner.json"] == names[other]
    row = next(
        r
        for r in range(page.sources.rowCount())
        if page.sources.item(r, 1).text() == "loon-partner.json"
    )
    page.sources.selectRow(row)
    page.remove_file()
    assert not any(line.kind == "wage" for line in controller.dossier.income_lines)
    assert "loon-partner.json" not in {d.name for d in controller.dossier.documents}


def test_file_kinds_are_shown_in_words(page, controller):
    page.drop_mime(mime_for(*sorted((DEMO / "couple").iterdir())))
    kinds = {page.sources.item(row, 0).text() for row in range(page.sources.rowCount())}
    assert "Mijnpensioenoverzicht (JSON)" in kinds
    assert "ING-transacties (CSV)" in kinds
    assert "Zelf ingevuld" in kinds
    assert not kinds & {"mpo-json", "ing-csv", "manual", "mpo-xml"}
    controller.set_language("en")
    kinds = {page.sources.item(row, 0).text() for row in range(page.sources.rowCount())}
    assert "Entered by you" in kinds and "ING transactions (CSV)" in kinds
    controller.set_language("nl")
