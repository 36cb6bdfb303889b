"""The What if page: variant figures equal the core's, refusals keep the last variant, saving."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from focus import focus_chain  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from pensioenchecker.model import Age  # noqa: E402
from pensioenchecker.projection.timeline import project  # noqa: E402
from pensioenchecker.projection.whatif import (  # noqa: E402
    HighLow,
    LumpSumChoice,
    Retire,
    WhatIf,
    apply_whatif,
    basis_for,
    differences,
)
from ui.application import demo_files  # noqa: E402
from ui.controller import DossierController  # noqa: E402
from ui.formatting import money  # noqa: E402
from ui.i18n import Texts  # noqa: E402
from ui.pages.whatif import MAX_SAVED, WhatIfPage  # noqa: E402
from ui.tasks import SyncTaskRunner, TaskRunner  # noqa: E402

VARIANT_COLUMN = 3


@pytest.fixture
def page(qtbot, controller: DossierController) -> WhatIfPage:  # type: ignore[no-untyped-def]
    widget = WhatIfPage(controller)
    qtbot.addWidget(widget)
    controller.load_files(demo_files("couple"))
    assert controller.projection is not None
    return widget


def expected_rows(controller: DossierController, spec: WhatIf) -> list[dict[str, object]]:
    """The core's answer for a what-if, computed apart from the page."""
    engine, as_of = controller.engine, controller.as_of
    assert controller.dossier is not None and controller.projection is not None
    dossier, _notes = apply_whatif(
        controller.dossier, spec, engine.aow_table, as_of, basis_for(spec)
    )
    variant = project(dossier, engine.book, engine.aow_table, as_of)
    return differences(controller.projection, variant)


def column(page: WhatIfPage, index: int) -> list[str]:
    return [
        page.results.table.item(row, index).text() for row in range(page.results.table.rowCount())
    ]


def test_first_variant_is_a_line_one_year_earlier(page: WhatIfPage) -> None:
    line = page.controls.line.currentData()
    assert line is not None
    assert page.controls.retire.value() == page.whatif.start_months[line] - 12
    assert page.variant is not None and page.variant.notes
    differences_shown = column(page, 4)
    assert any(text not in ("€ 0,00",) for text in differences_shown)
    assert page.results.chart.data is not None and page.results.chart.data.compare is not None


def test_slider_gives_exactly_the_cores_figures(page: WhatIfPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    line = page.controls.line.currentData()
    start = page.whatif.start_months[line]
    for months in (start + 7, start + 24, start - 5):
        page.controls.retire.setValue(months)
        spec = WhatIf(
            retire=[Retire(line=line, age=Age(years=months // 12, months=months % 12))],
            discount_rate=Decimal("0.025"),
            inflation=Decimal("0.02"),
        )
        rows = expected_rows(page.controller, spec)
        assert column(page, VARIANT_COLUMN) == [money(r["variant_net_monthly"]) for r in rows]
        assert column(page, 2) == [money(r["baseline_net_monthly"]) for r in rows]
        assert page.controls.retire_age.text() == f"{months // 12} jaar en {months % 12} maanden"
        assert not page.results.message.isVisibleTo(page)


def test_keyboard_moves_the_slider(page: WhatIfPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    before = page.controls.retire.value()
    shown = column(page, VARIANT_COLUMN)
    page.controls.retire.setFocus()
    qtbot.keyClick(page.controls.retire, Qt.Key.Key_PageUp)
    assert page.controls.retire.value() == before + 12
    assert column(page, VARIANT_COLUMN) != shown


def test_refused_choice_shows_the_reason_and_keeps_the_numbers(page: WhatIfPage) -> None:
    shown = column(page, VARIANT_COLUMN)
    line = page.controls.line.currentData()
    refused = WhatIf(high_low=HighLow(line=line, years=5, low_percent=70))
    page.show_spec(refused)
    assert page.results.message.isVisibleTo(page)
    assert "75 %" in page.results.message.text() and "Niet mogelijk" in page.results.message.text()
    assert column(page, VARIANT_COLUMN) == shown
    # the slider at 60: that start lies in the past for the demo's older partner
    page.controls.retire.setValue(page.controls.retire.minimum())
    assert page.results.message.isVisibleTo(page)
    assert column(page, VARIANT_COLUMN) == shown
    # a good choice again clears the message
    page.controls.retire.setValue(page.whatif.start_months[line])
    assert not page.results.message.isVisibleTo(page)


def test_language_switch_changes_labels_and_keeps_numbers(page: WhatIfPage) -> None:
    numbers = [text.replace(".", "").replace(",", "") for text in column(page, VARIANT_COLUMN)]
    assert page.results.save_button.text() == "Variant &bewaren"
    page.controller.set_language("en")
    assert page.results.save_button.text() == "&Save variant"
    assert page.results.table.horizontalHeaderItem(VARIANT_COLUMN).text() == "Net variant"
    assert "years and" in page.controls.retire_age.text()
    assert [t.replace(".", "").replace(",", "") for t in column(page, VARIANT_COLUMN)] == numbers
    # The notes follow the language too: factors and amounts in words of the interface.
    assert " a year " in page.results.notes.text() and "discount rate" in page.results.notes.text()
    page.controller.set_language("nl")
    assert " per jaar " in page.results.notes.text() and "rekenrente" in page.results.notes.text()
    assert " a year " not in page.results.notes.text()


def test_three_variants_side_by_side_and_no_fourth(page: WhatIfPage) -> None:
    line = page.controls.line.currentData()
    start = page.whatif.start_months[line]
    nets = []
    for i, months in enumerate((start - 12, start, start + 12)):
        page.controls.retire.setValue(months)
        page.controls.lump.setValue(5.0 if i == 0 else 0.0)
        assert page.variant is not None
        assert page.save_variant(f"keuze {i}")
        projection = page.variant.projection
        # The household headline: both on the AOW and no wage left.
        aow = max(p.aow_date for p in projection.persons)
        phase = next(
            p
            for p in projection.phases
            if p.start >= aow and not any(x.kind == "wage" for x in p.lines)
        )
        nets.append(money(phase.net_monthly))
    table = page.results.saved_table
    assert table.rowCount() == 1 + MAX_SAVED  # the current situation, then the variants
    assert [table.item(r, 0).text() for r in range(1, 4)] == ["keuze 0", "keuze 1", "keuze 2"]
    assert [table.item(r, 1).text() for r in range(1, 4)] == nets
    assert table.item(1, 2).text() != "—" and table.item(2, 2).text() == "—"
    assert not page.results.save_button.isEnabled()
    assert page.save_variant("vierde") is False
    page.remove_variant(0)
    assert table.rowCount() == MAX_SAVED and page.results.save_button.isEnabled()


def test_every_input_has_a_name_and_is_reachable_by_tab(page: WhatIfPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    for box in (
        page.controls.high_low,
        page.controls.bridge,
        page.controls.exchange,
        page.controls.wage,
    ):
        box.setChecked(True)
    page.controls.survivor.setCurrentIndex(1)
    page.show()
    qtbot.waitExposed(page)
    chain = focus_chain(page.controls.line)
    inputs = [w for w in page.inputs() if w.isVisibleTo(page)]
    assert (
        page.controls.exchange_factor in inputs and page.controls.wage_until in inputs
    )  # the couple has both
    for widget in [
        *inputs,
        page.results.chart,
        page.results.table,
        page.results.save_name,
        page.results.save_button,
    ]:
        assert widget.accessibleName(), widget.objectName()
        assert widget.isEnabled(), widget.objectName()
        assert widget.focusPolicy() & Qt.FocusPolicy.TabFocus, widget.objectName()
        assert widget in chain, widget.objectName()
    order = [chain.index(w) for w in inputs]
    assert order == sorted(order)


def test_fields_write_amounts_and_rates_one_way(page: WhatIfPage) -> None:
    """€ 15.000 (not € 15000), 2,00 % with a space, as the amounts and rates elsewhere."""
    controls = page.controls
    controls.bridge_annual.setValue(15000)
    assert controls.bridge_annual.text() == "€ 15.000"
    controls.scenario_high.setValue(21500)
    assert controls.scenario_high.text() == "€ 21.500"
    assert controls.inflation.text() == "2,00 %"
    assert controls.low_percent.text() == "75 %"


def test_todays_euros_divide_by_inflation(page: WhatIfPage) -> None:
    from pensioenchecker.projection.whatif import in_todays_euros

    assert page.variant is not None
    rows = page.variant.rows
    page.controls.today.setChecked(True)
    expected = [
        money(
            in_todays_euros(
                r["variant_net_monthly"], page.controller.as_of, r["start"], Decimal("0.02")
            ),
            "nl",
        )
        for r in rows
    ]
    assert column(page, VARIANT_COLUMN) == expected
    assert "inflatie 2 % per jaar" in page.results.euros_note.text()


def test_upo_scenarios_draw_a_band_around_the_variant(page: WhatIfPage) -> None:
    """Pessimistic and optimistic amounts give the core's scenario nets, drawn as a band."""
    from pensioenchecker.projection.whatif import scenario_dossiers

    page.controls.scenario_low.setValue(15_000)
    page.controls.scenario_high.setValue(21_000)
    spec = page.spec()
    assert spec.scenarios  # both amounts entered: a scenario for the chosen line
    data = page.results.chart.data
    assert data is not None and data.band is not None
    low, high = data.band
    controller = page.controller
    engine, as_of = controller.engine, controller.as_of
    variant = page.variant
    assert variant is not None
    nets = {
        name: project(d, engine.book, engine.aow_table, as_of).phases[-1].net_monthly
        for name, d in scenario_dossiers(variant.dossier, spec, controller.dossier).items()
    }
    assert low[-1] == nets["pessimistic"] / 100 and high[-1] == nets["optimistic"] / 100
    assert low[-1] < data.compare[-1] < high[-1]  # type: ignore[index]


class RecordingRunner(SyncTaskRunner):
    """Keeps every task until ``finish``: what the page hands to it does not run in place."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: list[tuple[Callable[[], Any], Callable[[Any], None], Any]] = []
        self.ran = 0

    def run(self, func, on_done, on_error) -> None:  # type: ignore[no-untyped-def]
        self.waiting.append((func, on_done, on_error))

    def finish(self) -> None:
        while self.waiting:
            func, on_done, on_error = self.waiting.pop(0)
            self.ran += 1
            super().run(func, on_done, on_error)


def test_the_projection_runs_on_the_task_runner(qtbot, engine) -> None:  # type: ignore[no-untyped-def]
    """Nothing is projected in place: results arrive from the runner and then show."""
    runner = RecordingRunner()
    controller = DossierController(engine, runner, Texts("nl"), as_of=dt.date(2026, 11, 28))
    page = WhatIfPage(controller)
    qtbot.addWidget(page)
    controller.load_files(demo_files("couple"))
    runner.finish()  # the import, then the page's first variant
    assert page.variant is not None and page.results.table.rowCount() > 0
    line = page.controls.line.currentData()
    start = page.whatif.start_months[line]

    ran = runner.ran
    for months in (start + 3, start + 6, start + 9):
        page.controls.retire.setValue(months)
    assert len(runner.waiting) == 1  # one projection runs; the later choices wait
    assert page.variant.spec.retire[0].age.total_months() == start - 12  # still the old one
    runner.finish()
    assert runner.ran == ran + 2  # the first move, then only the last one
    spec = WhatIf(
        retire=[Retire(line=line, age=Age(years=(start + 9) // 12, months=(start + 9) % 12))],
        discount_rate=Decimal("0.025"),
        inflation=Decimal("0.02"),
    )
    rows = expected_rows(controller, spec)
    assert column(page, VARIANT_COLUMN) == [money(r["variant_net_monthly"]) for r in rows]
    assert page.results.chart.data is not None
    assert page.results.chart.data.compare == [r["variant_net_monthly"] / 100 for r in rows]


class ThreadRecordingRunner(TaskRunner):
    """The window's runner, noting the thread every task runs on."""

    def __init__(self) -> None:
        super().__init__()
        self.threads: list[threading.Thread] = []

    def run(self, func, on_done, on_error) -> None:  # type: ignore[no-untyped-def]
        def noted() -> Any:
            self.threads.append(threading.current_thread())
            return func()

        super().run(noted, on_done, on_error)


def test_variants_are_computed_off_the_gui_thread(qtbot, engine) -> None:  # type: ignore[no-untyped-def]
    """With the window's thread pool the page still ends up showing the chosen variant."""
    runner = ThreadRecordingRunner()
    controller = DossierController(engine, runner, Texts("nl"), as_of=dt.date(2026, 11, 28))
    page = WhatIfPage(controller)
    qtbot.addWidget(page)
    controller.load_files(demo_files("couple"))
    qtbot.waitUntil(lambda: page.results.table.rowCount() > 0, timeout=20_000)
    page.controls.lump.setValue(5.0)
    qtbot.waitUntil(
        lambda: page.variant is not None and page.variant.spec.lump_sum is not None,
        timeout=20_000,
    )
    assert len(runner.threads) >= 3  # the import, the baseline's lines, the variants
    assert all(t is not threading.main_thread() for t in runner.threads)
    assert page.save_variant("met bedrag ineens")
    assert page.results.saved_table.item(1, 2).text() != "—"  # the lump sum, shown


def test_refusal_and_notes_are_dutch_and_name_the_payer(page: WhatIfPage) -> None:
    line = page.controls.line.currentData()
    page.show_spec(WhatIf(high_low=HighLow(line=line, years=5, low_percent=70)))
    refusal = page.results.message.text()
    assert "het lage bedrag is minstens 75 % van het hoge" in refusal
    page.show_spec(WhatIf(lump_sum=LumpSumChoice(line=line, percent=Decimal(10))))
    notes = page.results.notes.text()
    assert "bedrag ineens van 10 % uit Pensioenfonds Voorbeeld (synthetisch)" in notes
    assert line not in notes and "a year" not in notes


def test_a_household_with_every_pension_in_payment_has_nothing_to_move(qtbot, controller) -> None:  # type: ignore[no-untyped-def]
    """Retired demo: no pension still to start, so no choice and no age "0 jaar en 0 maanden"."""
    page = WhatIfPage(controller)
    qtbot.addWidget(page)
    controller.load_files(demo_files("retired"))
    controls = page.controls
    assert controls.line.count() == 0 and not controls.line.isEnabled()
    assert controls.line.placeholderText() == "alle al ingegaan"
    assert controls.retire_age.text() == "—"
