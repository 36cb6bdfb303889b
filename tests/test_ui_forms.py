"""Manual entry in the window: a form built from the core's schema, saved and imported."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from PySide6.QtWidgets import QComboBox, QLineEdit

from pensioenchecker.engine import Engine
from ui.application import demo_files
from ui.controller import DossierController
from ui.forms import ManualFormDialog
from ui.i18n import Texts
from ui.tasks import SyncTaskRunner


def make_controller(tmp_path):
    controller = DossierController(
        Engine(), SyncTaskRunner(), Texts("nl"), as_of=dt.date(2026, 11, 28)
    )
    controller.forms_folder = tmp_path / "forms"
    return controller


def test_an_income_form_is_saved_and_imported(qtbot, tmp_path):
    controller = make_controller(tmp_path)
    controller.load_files(demo_files("retired"))
    dialog = ManualFormDialog("income", controller.texts, controller.forms_folder)
    qtbot.addWidget(dialog)
    fields = dialog.fields
    assert isinstance(fields["kind"], QComboBox)
    fields["payer"].setText("Bijbaan Voorbeeld (synthetisch)")  # type: ignore[attr-defined]
    fields["annual_gross"].setText("6000.00")  # type: ignore[attr-defined]
    fields["end_date"].setText("2027-12-31")  # type: ignore[attr-defined]
    dialog.accept()
    assert dialog.saved is not None and dialog.saved.is_file()
    saved = json.loads(dialog.saved.read_text())
    assert saved["source"] == "income" and saved["annual_gross"] == "6000.00"
    controller.load_files([dialog.saved], add=True)
    line = next(i for i in controller.dossier.income_lines if i.payer.startswith("Bijbaan"))
    assert line.annual_gross.cents == 600000 and line.end == dt.date(2027, 12, 31)


def test_amounts_and_rates_are_typed_the_dutch_way(qtbot, tmp_path):
    """ "18.400,50" and "2,56" in the window; the file keeps its own notation (18400.50, 2.56)."""
    from ui.forms import euros_for_file, percent_for_file

    assert euros_for_file("18.400,50") == "18400.50"
    assert euros_for_file("€ 18.400") == "18400.00"
    assert euros_for_file("1234,5") == "1234.50"
    assert euros_for_file("6000.00") == "6000.00"  # a point before 1 or 2 digits: decimal
    assert percent_for_file("2,56") == "2.56" and percent_for_file("2,56 %") == "2.56"
    controller = make_controller(tmp_path)
    dialog = ManualFormDialog("duo", controller.texts, controller.forms_folder)
    qtbot.addWidget(dialog)
    fields = dialog.fields
    assert fields["actuele_schuld"].placeholderText() == "1.234,56"  # type: ignore[attr-defined]
    fields["regime"].setCurrentText("SF35")  # type: ignore[attr-defined]
    fields["actuele_schuld"].setText("18.400,50")  # type: ignore[attr-defined]
    fields["rentepercentage"].setText("2,56")  # type: ignore[attr-defined]
    fields["peildatum"].setText("2026-01-01")  # type: ignore[attr-defined]
    dialog.accept()
    assert dialog.saved is not None, dialog.problem.text()
    saved = json.loads(dialog.saved.read_text())
    assert saved["actuele_schuld"] == "18400.50" and saved["rentepercentage"] == "2.56"


def test_an_amount_that_is_none_names_its_field(qtbot, tmp_path):
    controller = make_controller(tmp_path)
    dialog = ManualFormDialog("duo", controller.texts, controller.forms_folder)
    qtbot.addWidget(dialog)
    dialog.fields["actuele_schuld"].setText("achttien")  # type: ignore[attr-defined]
    dialog.accept()
    assert dialog.saved is None
    assert dialog.problem.text() == (
        "actuele schuld: Dit is geen bedrag: achttien. Typ bijvoorbeeld 18.400,00 of 18400."
    )


def test_a_wrong_form_says_why_and_saves_nothing(qtbot, tmp_path):
    controller = make_controller(tmp_path)
    dialog = ManualFormDialog("duo", controller.texts, controller.forms_folder)
    qtbot.addWidget(dialog)
    fields = dialog.fields
    assert isinstance(fields["actuele_schuld"], QLineEdit)
    fields["actuele_schuld"].setText("1.234,56")  # type: ignore[attr-defined]
    fields["peildatum"].setText("2026-02-30")  # type: ignore[attr-defined]
    dialog.accept()
    assert dialog.saved is None and dialog.problem.text()
    assert not (tmp_path / "forms").exists() or not any((tmp_path / "forms").iterdir())


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
    dialog = ManualFormDialog("income", controller.texts, controller.forms_folder)
    qtbot.addWidget(dialog)
    dialog.fields["payer"].setText("Bijbaan Voorbeeld (synthetisch)")  # type: ignore[attr-defined]
    dialog.fields["annual_gross"].setText("6000.00")  # type: ignore[attr-defined]
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
