"""Manual entry in the window: a form built from the core's schema, saved and imported."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from pensioenchecker import clock
from pensioenchecker.engine import Engine
from pensioenchecker.i18n import PSEUDO, Translator, pseudo
from pensioenchecker.sources import manual_forms
from pensioenchecker.sources.manual import FORMS, json_schema, read_form
from pensioenchecker.sources.manual_forms import DuoForm, IncomeForm
from ui.application import demo_files
from ui.controller import DossierController
from ui.forms import (
    DateField,
    ManualFormDialog,
    euros_for_file,
    parse_amount,
    percent_for_file,
    show_amount,
    window_locale,
)
from ui.forms_texts import RULES
from ui.i18n import Texts
from ui.tasks import SyncTaskRunner


def make_controller(tmp_path):
    controller = DossierController(
        Engine(), SyncTaskRunner(), Texts("nl"), as_of=dt.date(2026, 11, 28)
    )
    controller.forms_folder = tmp_path / "forms"
    return controller


def dialog_for(qtbot, kind, lang, folder):
    """A form shown and active, so typed keys reach the field that has the focus."""
    dialog = ManualFormDialog(kind, lang, folder)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    return dialog


def type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def line(dialog, key) -> QLineEdit:
    widget = dialog.fields[key]
    assert isinstance(widget, QLineEdit)
    return widget


def date_field(dialog, key) -> DateField:
    widget = dialog.fields[key]
    assert isinstance(widget, DateField)
    return widget


def visible_texts(dialog) -> list[str]:
    """Every text a person sees in the form: title, labels, group titles, buttons, choices,
    placeholders, dates' hints, tooltips (the calendar's own month names left out)."""
    texts = [dialog.windowTitle()]
    for widget in dialog.findChildren(QWidget):
        if any(isinstance(a, QCalendarWidget) for a in _ancestors(widget)):
            continue
        if isinstance(widget, QLabel):
            texts.append(widget.text())
        elif isinstance(widget, QGroupBox):
            texts.append(widget.title())
        elif isinstance(widget, QAbstractButton) and not isinstance(widget.parent(), QDateEdit):
            texts.append(widget.text())
        elif isinstance(widget, QComboBox):
            texts += [widget.itemText(i) for i in range(widget.count())]
        elif isinstance(widget, QDateEdit):
            texts.append(widget.text())
        elif isinstance(widget, QLineEdit):
            texts.append(widget.placeholderText())
        texts += [widget.toolTip(), widget.accessibleName(), widget.accessibleDescription()]
    return [t for t in texts if t]


def _ancestors(widget):
    while widget is not None:
        yield widget
        widget = widget.parentWidget()


def outside_catalog(text: str) -> str:
    """What is left of ``text`` once every pseudo-translated ⟦…⟧ part (nested too) is taken out."""
    while True:
        shorter = re.sub(r"⟦[^⟦⟧]*⟧", "", text)
        if shorter == text:
            return text
        text = shorter


# -- labels ---------------------------------------------------------------------------------------


def test_forms_speak_dutch_and_english_from_the_catalog(qtbot, tmp_path):
    dutch = dialog_for(qtbot, "income", "nl", tmp_path)
    assert dutch.windowTitle() == "Zelf invullen: ander inkomen"
    labels = [label.text() for label in dutch.findChildren(QLabel)]
    for text in ("Werkgever of uitbetaler *", "Bruto per jaar *", "Laatste dag", "Soort inkomen"):
        assert text in labels
    kind = dutch.fields["kind"]
    assert isinstance(kind, QComboBox)
    assert [kind.itemText(i) for i in range(kind.count())] == ["Loon", "Uitkering", "Ander inkomen"]
    assert kind.currentData() == "wage"
    buttons = {b.text() for b in dutch.findChildren(QPushButton)}
    assert {"&Opslaan", "Annuleren", "Opslaan als &bestand…"} <= buttons
    assert date_field(dutch, "end_date").text() == "dd-mm-jjjj"
    assert line(dutch, "annual_gross").placeholderText() == "1.234,56"
    assert date_field(dutch, "end_date").toolTip().startswith("De laatste dag van dit inkomen")

    english = dialog_for(qtbot, "income", "en", tmp_path)
    assert english.windowTitle() == "Enter yourself: other income"
    labels = [label.text() for label in english.findChildren(QLabel)]
    assert "Employer or payer *" in labels and "Last day" in labels
    assert date_field(english, "end_date").text() == "dd-mm-yyyy"
    assert line(english, "annual_gross").placeholderText() == "1,234.56"

    duo = dialog_for(qtbot, "duo", "nl", tmp_path)
    labels = [label.text() for label in duo.findChildren(QLabel)]
    assert "Terugbetaalregels *" in labels and "Rente berekend tot *" in labels
    regime = duo.fields["regime"]
    assert isinstance(regime, QComboBox) and regime.itemText(0) == "SF35 (terugbetalen in 35 jaar)"
    brp = dialog_for(qtbot, "brp", "nl", tmp_path)
    titles = [box.title() for box in brp.findChildren(QGroupBox)]
    assert titles == ["Naam *", "Geboorte *", "Partners", "Woonadres"]


@pytest.mark.parametrize("kind", list(FORMS))
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_no_field_name_or_code_is_shown(qtbot, tmp_path, kind, lang):
    """Every field has its own label and every choice its words: no schema name shows."""
    dialog = dialog_for(qtbot, kind, lang, tmp_path)
    for widget in dialog.findChildren(QPushButton):
        if widget.text() == Translator(lang)._("&Add"):
            widget.click()
    raw = set()
    schema = json_schema(kind)
    for part in [schema, *schema.get("$defs", {}).values()]:
        for name, spec in part["properties"].items():
            raw.add(name)
            for option in [spec, *spec.get("anyOf", [])]:
                raw.update(str(v) for v in option.get("enum", []))
    texts = visible_texts(dialog)
    assert "Field" not in texts and "Veld" not in texts  # the fallback of a missing label
    # Dutch words may equal a Dutch schema value ("Alleenstaand"); English ones never do.
    shown = [t for t in texts if lang == "en" and t in raw or re.search(r"_|[a-z][A-Z]", t)]
    assert shown == []


# -- dates and amounts ----------------------------------------------------------------------------


def test_a_date_is_typed_dd_mm_jjjj_and_stored_as_an_iso_date(qtbot, tmp_path):
    controller = make_controller(tmp_path)
    controller.load_files(demo_files("retired"))
    dialog = dialog_for(qtbot, "income", "nl", controller.forms_folder)
    end = date_field(dialog, "end_date")
    assert end.calendarPopup() and end.displayFormat() == "dd-MM-yyyy"
    assert end.day() is None
    type_into(qtbot, line(dialog, "payer"), "Bijbaan Voorbeeld (synthetisch)")
    type_into(qtbot, line(dialog, "annual_gross"), "6.000,50")
    type_into(qtbot, end, "31-12-2027")
    assert end.text() == "31-12-2027" and end.day() == dt.date(2027, 12, 31)
    type_into(qtbot, date_field(dialog, "start_date"), "1-3-2026")  # as people write it
    assert date_field(dialog, "start_date").text() == "01-03-2026"
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.is_file(), dialog.problem.text()
    saved = json.loads(dialog.saved.read_text())
    assert saved["end_date"] == "2027-12-31" and saved["start_date"] == "2026-03-01"
    assert saved["annual_gross"] == "6000.50" and saved["kind"] == "wage"
    form, _warnings = read_form(dialog.saved.read_bytes(), dialog.saved.name)
    assert isinstance(form, IncomeForm) and form.end_date == dt.date(2027, 12, 31)
    controller.load_files([dialog.saved], add=True)
    line_ = next(i for i in controller.dossier.income_lines if i.payer.startswith("Bijbaan"))
    assert line_.annual_gross.cents == 600050 and line_.end == dt.date(2027, 12, 31)


def test_a_date_can_be_emptied_and_a_leap_day_typed(qtbot, tmp_path):
    dialog = dialog_for(qtbot, "income", "nl", tmp_path)
    birth = date_field(dialog, "birth_date")
    type_into(qtbot, birth, "29-02-1960")
    assert birth.day() == dt.date(1960, 2, 29)
    qtbot.keyClick(birth, Qt.Key.Key_Delete)
    assert birth.day() is None and birth.text() == "dd-mm-jjjj"
    birth.set_day(dt.date(1961, 3, 5))
    assert birth.text() == "05-03-1961"
    end = date_field(dialog, "end_date")
    qtbot.mouseClick(end, Qt.MouseButton.LeftButton, pos=QPoint(end.width() - 6, end.height() // 2))
    assert end.calendarWidget().isVisible()  # an empty date's calendar opens on this month
    today = clock.today()  # the run's day (a test run may move it)
    assert (end.calendarWidget().yearShown(), end.calendarWidget().monthShown()) == (
        today.year,
        today.month,
    )
    assert end.day() is None


def test_amounts_in_dutch_notation_are_stored_in_cents(qtbot, tmp_path):
    """ "18.400,50" and "2,56" in the window; the file keeps its own notation (18400.50, 2.56)."""
    nl = window_locale("nl")
    en = window_locale("en")
    assert parse_amount("18.400,50", nl) == 1840050
    assert parse_amount("€ 18.400", nl) == 1840000
    assert parse_amount("1234,5", nl) == 123450
    assert parse_amount("6000.00", nl) == 600000  # a point before 1 or 2 digits: decimal
    assert parse_amount("1.234.567,89", nl) == 123456789
    assert parse_amount("€ 1.500,-", nl) == 150000
    assert parse_amount("1,234.56", en) == 123456
    assert parse_amount("1.234,56", en) == 123456  # Dutch notation in the English window too
    assert parse_amount("18.400", en) == 1840000
    for text, reason in (("-5", "negative"), ("12,345", "decimals"), ("achttien", "invalid")):
        with pytest.raises(ValueError, match=reason):
            parse_amount(text, nl)
    with pytest.raises(ValueError, match="invalid"):
        parse_amount("1,234.56", nl)  # English notation in the Dutch window is refused
    assert euros_for_file(1840050) == "18400.50"
    assert show_amount(123456789, nl) == "1.234.567,89" and show_amount(5, en) == "0.05"
    assert percent_for_file("2,56") == "2.56" and percent_for_file("2,56 %") == "2.56"

    dialog = dialog_for(qtbot, "duo", "nl", tmp_path)
    regime = dialog.fields["regime"]
    assert isinstance(regime, QComboBox)
    regime.setCurrentIndex(regime.findData("SF15"))
    type_into(qtbot, line(dialog, "actuele_schuld"), "18400,5")
    line(dialog, "actuele_schuld").editingFinished.emit()
    assert line(dialog, "actuele_schuld").text() == "18.400,50"  # shown back as Dutch notation
    type_into(qtbot, line(dialog, "rentepercentage"), "2,56")
    type_into(qtbot, date_field(dialog, "peildatum"), "01-01-2026")
    dialog.accept()
    assert dialog.saved is not None, dialog.problem.text()
    saved = json.loads(dialog.saved.read_text())
    assert saved["actuele_schuld"] == "18400.50" and saved["rentepercentage"] == "2.56"
    assert saved["peildatum"] == "2026-01-01" and saved["regime"] == "SF15"
    form, _warnings = read_form(dialog.saved.read_bytes(), dialog.saved.name)
    assert isinstance(form, DuoForm) and int(form.actuele_schuld * 100) == 1840050


# -- problems -------------------------------------------------------------------------------------


def test_problems_are_said_in_the_window_language_at_their_field(qtbot, tmp_path):
    dialog = dialog_for(qtbot, "duo", "nl", tmp_path)
    dialog.accept()
    assert dialog.saved is None
    assert dialog.problem.text() == (
        "Actuele schuld inclusief rente: vul dit in.\nRente berekend tot: vul dit in."
    )
    line(dialog, "actuele_schuld").setText("achttien")
    dialog.accept()
    assert dialog.problem.text() == (
        "Actuele schuld inclusief rente: dit is geen bedrag: achttien. Typ bijvoorbeeld 18.400,00."
    )
    assert not (tmp_path / "forms").exists()

    pension = dialog_for(qtbot, "pension", "en", tmp_path)
    line(pension, "provider").setText("Lijfrente Voorbeeld (synthetisch)")
    line(pension, "annual_gross").setText("1,200")
    pension.accept()
    assert pension.problem.text() == "Fill in either the starting age or the starting date."

    brp = dialog_for(qtbot, "brp", "nl", tmp_path)
    line(brp, "naam.geslachtsnaam").setText("Voorbeeld")
    date_field(brp, "geboorte.datum").set_day(dt.date(1960, 5, 1))
    add = next(b for b in brp.findChildren(QPushButton) if b.text() == "&Toevoegen")
    add.click()
    line(brp, "partners.0.naam.voornamen").setText("Jan")
    brp.accept()
    assert brp.problem.text() == "Partner 1 › Naam van de partner › Achternaam: vul dit in."


def test_every_rule_of_the_core_forms_has_words(qtbot):
    """The window's words for the forms' own checks follow the core's messages."""
    # The core says its rules as catalog sentences whose English names the fields by their
    # keys ("{investments} is more than {assets}…" with box3_investments, box3_assets).
    source = Path(manual_forms.__file__).read_text(encoding="utf-8")
    templates = re.findall(r'phrase\(\s*"([^"]+)"', source)
    patterns = [re.escape(t).replace(r"\{", "{").replace(r"\}", "}") for t in templates]
    patterns = [re.sub(r"\{\w+\}", r"\\S+", p) for p in patterns]
    for english in RULES:
        assert any(re.fullmatch(p, english) for p in patterns), english


# -- keyboard and screen readers --------------------------------------------------------------


def test_inputs_have_accessible_names_and_tab_follows_the_form(qtbot, tmp_path):
    dialog = dialog_for(qtbot, "pension", "nl", tmp_path)
    inputs = dialog.root.inputs()
    names = [w.accessibleName() for w in inputs]
    assert names[:4] == [
        "Notitie",
        "Pensioenuitvoerder of verzekeraar",
        "Polis- of regelingnummer",
        "Bruto per jaar",
    ]
    assert all(names) and not any(name.endswith("*") for name in names)
    with qtbot.waitActive(dialog):
        dialog.activateWindow()
    inputs[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    visited = []
    for _ in range(len(inputs) + 3):
        focused = QApplication.focusWidget()
        owner = next((w for w in _ancestors(focused) if w in inputs or w in dialog.buttons), None)
        if owner is not None and (not visited or visited[-1] is not owner):
            visited.append(owner)
        dialog.focusNextChild()
    assert visited[: len(inputs)] == inputs
    assert visited[len(inputs)] is dialog.buttons[0]


# -- the pseudo-language ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(FORMS))
def test_every_text_of_every_form_comes_from_the_catalog(qtbot, tmp_path, kind):
    dialog = dialog_for(qtbot, kind, PSEUDO, tmp_path)
    for button in dialog.findChildren(QPushButton):
        if button.text() == pseudo("&Add"):
            button.click()  # a list's section shows its own texts
    dialog.accept()  # and a problem is said
    texts = visible_texts(dialog)
    assert dialog.problem.text() in texts
    left = {text: outside_catalog(text) for text in texts}
    assert {t: rest for t, rest in left.items() if re.search(r"[^\W\d_]", rest)} == {}


def test_the_data_page_opens_forms_in_the_window_language(qtbot, tmp_path, monkeypatch):
    from ui.pages.data import DataPage

    controller = make_controller(tmp_path)
    opened = []
    monkeypatch.setattr(ManualFormDialog, "exec", lambda self: opened.append(self.lang) or 0)
    page = DataPage(controller)
    qtbot.addWidget(page)
    page.fill_in_form()
    assert opened == ["nl"]


def test_forms_are_kept_in_the_vault_and_written_out_only_when_asked(qtbot, tmp_path, monkeypatch):
    """The form waits in a private session folder; the vault keeps it with the household;
    an earlier version's plain forms move into the vault; a plain copy only on request."""
    import stat

    from pensioenchecker.model.dossier import load_dossier
    from ui.vault_access import VaultAccess

    monkeypatch.setenv("PENSIOENCHECKER_VAULT_PASSPHRASE", "synthetic test passphrase")
    data = tmp_path / "data"
    legacy = data / "forms"
    legacy.mkdir(parents=True)
    (legacy / "duo-20250101-120000.json").write_text('{"old": true}')
    access = VaultAccess(data, ask=False)
    assert stat.S_IMODE(access.forms_folder.stat().st_mode) == 0o700
    assert data not in access.forms_folder.parents
    controller = make_controller(tmp_path)
    controller.forms_folder = access.forms_folder
    dialog = dialog_for(qtbot, "income", "nl", controller.forms_folder)
    line(dialog, "payer").setText("Bijbaan Voorbeeld (synthetisch)")
    line(dialog, "annual_gross").setText("6000.00")
    copy = tmp_path / "mijn-formulier.json"
    assert dialog.export_file(copy) == copy  # the user asked for a plain copy
    assert json.loads(copy.read_text())["annual_gross"] == "6000.00"
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.parent == access.forms_folder
    assert stat.S_IMODE(dialog.saved.stat().st_mode) == 0o600
    dossier = load_dossier(Path(__file__).parent / "fixtures" / "dossier-couple.json")
    assert access.save_last(dossier)
    kept = dict(access.kept_forms())
    assert json.loads(kept[dialog.saved.name])["payer"] == "Bijbaan Voorbeeld (synthetisch)"
    assert kept["duo-20250101-120000.json"] == b'{"old": true}'
    assert not legacy.exists()  # the plain copies of before are gone
    assert access.save_last(dossier) and len(access.kept_forms()) == 2  # kept once
    assert not any(data.rglob("*.json"))


def test_session_folders_are_private_and_removed(monkeypatch):
    from pensioenchecker import tempfolders

    monkeypatch.setattr(tempfolders, "_MADE", [])  # only this test's folder is removed here
    folder = tempfolders.session_folder("pensioenchecker-test-")
    (folder / "x").write_text("synthetisch")
    assert folder.stat().st_mode & 0o777 == 0o700
    tempfolders.remove_session_folders()
    assert not folder.exists()
