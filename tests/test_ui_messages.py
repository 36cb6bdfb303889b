"""Importer warnings follow the window's language: after a switch and after a restart."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from pensioenchecker.model import Dossier  # noqa: E402
from ui.controller import DossierController  # noqa: E402
from ui.i18n import Texts  # noqa: E402
from ui.pages.data import DataPage  # noqa: E402
from ui.tasks import SyncTaskRunner  # noqa: E402

DEMO = Path(__file__).resolve().parents[1] / "resources" / "demo"
MPO = DEMO / "retired" / "Pensioenoverzicht-02-11-2026.json"
DUTCH = (
    "Pensioenoverzicht-02-11-2026.json: ontbreekt in dit overzicht — deze uitvoerders waren "
    "niet bereikbaar: Verzekeraar Voorbeeld (synthetisch)"
)
ENGLISH = (
    "Pensioenoverzicht-02-11-2026.json: missing from this overview — these providers could not "
    "be reached: Verzekeraar Voorbeeld (synthetisch)"
)


def shown(page: DataPage) -> list[str]:
    return [page.warnings.item(row).text() for row in range(page.warnings.count())]


def test_a_warning_imported_in_dutch_reads_in_english_after_a_switch_and_a_restart(qtbot, engine):
    controller = DossierController(
        engine, SyncTaskRunner(), Texts("nl"), as_of=dt.date(2026, 11, 28)
    )
    page = DataPage(controller)
    qtbot.addWidget(page)
    controller.load_files([MPO])
    assert controller.dossier is not None
    assert shown(page)[0] == DUTCH
    assert "Opmerkingen van Mijnpensioenoverzicht" in shown(page)[1]

    controller.set_language("en")
    assert shown(page)[0] == ENGLISH
    assert "Mijnpensioenoverzicht notes" in shown(page)[1]

    # A restart: the dossier as it is kept between sessions, read by a new English window.
    kept = controller.dossier.to_json()
    assert '"code": "mpo.unreachable"' in kept and "niet bereikbaar" not in kept
    restarted = DossierController(
        engine, SyncTaskRunner(), Texts("en"), as_of=dt.date(2026, 11, 28)
    )
    again = DataPage(restarted)
    qtbot.addWidget(again)
    restarted.set_dossier(Dossier.from_json(kept))
    assert shown(again)[0] == ENGLISH
    restarted.set_language("nl")
    assert shown(again)[0] == DUTCH


def test_no_warnings_line_follows_the_language_too(qtbot, controller):
    page = DataPage(controller)
    qtbot.addWidget(page)
    assert shown(page) == ["Geen meldingen."]
    controller.set_language("en")
    assert shown(page) == ["No notices."]
