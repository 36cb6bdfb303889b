"""The overview page: headline, table twin, language switch, person switch, banner, picture."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from pensioenchecker.engine import Engine  # noqa: E402
from pensioenchecker.model import Message  # noqa: E402
from pensioenchecker.model.dossier import load_dossier  # noqa: E402
from pensioenchecker.projection.timeline import HouseholdProjection  # noqa: E402
from ui.controller import DossierController  # noqa: E402
from ui.formatting import long_date, money  # noqa: E402
from ui.i18n import Texts  # noqa: E402
from ui.pages.overview import OverviewPage  # noqa: E402
from ui.tasks import SyncTaskRunner  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "resources" / "demo" / "couple"
AS_OF = dt.date(2026, 11, 28)


@pytest.fixture
def controller(engine: Engine) -> DossierController:
    return DossierController(engine, SyncTaskRunner(), Texts("nl"), as_of=AS_OF)


@pytest.fixture
def page(qtbot, controller: DossierController) -> OverviewPage:  # type: ignore[no-untyped-def]
    widget = OverviewPage(controller)
    qtbot.addWidget(widget)
    controller.load_files(sorted(DEMO.iterdir()))
    assert controller.projection is not None
    return widget


def plain(text: str) -> str:
    """Non-breaking spaces (kept together on screen) as ordinary spaces."""
    return text.replace("\u00a0", " ")


def digits(text: str) -> list[str]:
    """The numbers in a text, separators removed: the same in Dutch and English."""
    return [re.sub(r"[.,]", "", n) for n in re.findall(r"\d[\d.,]*\d|\d", text)]


def expected_index(projection: HouseholdProjection, person_id: str | None = None) -> int:
    """The rule, written out again.

    A person: the first phase on or after their AOW date. The household: the first phase in
    which everyone has the AOW and no wage is left. Else the last phase.
    """
    persons = [p for p in projection.persons if person_id in (None, p.id)]
    aow = max(p.aow_date for p in persons)
    for i, ph in enumerate(projection.phases):
        wage = any(line.kind == "wage" for line in ph.lines if person_id in (None, line.person_id))
        if ph.start >= aow and (person_id is not None or not wage):
            return i
    return len(projection.phases) - 1


def test_headline_is_the_household_once_both_have_the_aow_and_no_wage(page: OverviewPage) -> None:
    projection = page.controller.projection
    assert projection is not None
    index = expected_index(projection)
    phase = projection.phases[index]
    last = max(projection.persons, key=lambda p: p.aow_date)
    assert phase.start == last.aow_date == dt.date(2030, 5, 20)  # the partner's AOW date
    assert not [line for line in phase.lines if line.kind == "wage"]
    assert plain(page.headline.text()) == (
        "Netto per maand voor het huishouden vanaf 20 mei 2030, als u beiden AOW hebt: € 3.946"
    )
    assert page.headline_note.isHidden()  # no wage in it
    # The earlier phases from the first AOW date, each saying the wage is still in them.
    earlier = plain(page.earlier.text())
    worker = projection.persons[0].label
    assert f"vanaf 10 augustus 2028: € 4.818 per maand (met het loon van {worker})" in earlier
    assert f"vanaf 1 mei 2030: € 5.092 per maand (met het loon van {worker})" in earlier
    assert plain(page.withheld.text()) == (
        f"Op uw rekening per maand: {money(phase.net_monthly_withheld, decimals=False)}"
    )
    # Settlement per person (projection.settlement; see tests/test_settlement.py for the sums):
    # partner 2.190,02 withheld - 942,27 due = 1.247,75 back; participant 5.029,61 - 3.913,76
    # = 1.115,85 back; together 2.363,60.
    text = plain(page.settlement.text())
    assert text.startswith("Na de aangifte krijgt u naar verwachting € 2.364 per jaar terug.")
    assert "€ 1.248 terug" in text and "€ 1.116 terug" in text
    assert "vakantiegeld" in text and "definitief" in text


def test_a_persons_headline_says_when_it_still_holds_a_wage(page: OverviewPage) -> None:
    projection = page.controller.projection
    assert projection is not None
    worker = next(line.person_id for line in projection.phases[0].lines if line.kind == "wage")
    page.set_view(worker)
    assert page.headline_note.isHidden()  # the wage ends before this person's AOW date
    page.set_view(None)
    # A household whose wage runs past both AOW dates: the headline says it is included.
    dossier = page.controller.dossier
    assert dossier is not None
    wage = dossier.income_lines[0]
    longer = dossier.model_copy(update={"income_lines": [wage.model_copy(update={"end": None})]})
    from pensioenchecker.projection.timeline import project

    engine = page.controller.engine
    working = project(longer, engine.book, engine.aow_table, AS_OF)
    page.show_projection(working)
    assert not page.headline_note.isHidden()
    worker_name = next(p.label for p in working.persons if p.id == wage.person_id)
    assert page.headline_note.text() == f"Hierin zit nog het loon van {worker_name}."


def test_today_comes_from_the_bank_statements(page: OverviewPage) -> None:
    from pensioenchecker.sources.bank import spending_profile

    projection = page.controller.projection
    assert projection is not None
    today = spending_profile(projection.dossier.transactions)["net_income_per_month"]
    assert today > 0
    assert money(today, decimals=False) in plain(page.today.text())
    pension = projection.phases[expected_index(projection)].net_monthly
    assert f"{round(100 * pension / today)} %" in page.ratio.text()


def test_today_from_the_bank_counts_euros_and_says_what_it_left_out(
    page: OverviewPage, controller: DossierController
) -> None:
    from pensioenchecker.sources.bank import spending_profile

    euros_only = spending_profile(controller.dossier.transactions)["net_income_per_month"]
    swiss = ROOT / "tests" / "fixtures" / "bank" / "mt940-chf.sta"
    controller.load_files([*sorted(DEMO.iterdir()), swiss])
    assert {t.currency for t in controller.dossier.transactions} == {"EUR", "CHF"}
    assert plain(page.today.text()) == (
        "Nu netto per maand (gemiddelde uit uw bankafschriften, alleen euro's; niet meegeteld: "
        f"3 in CHF): {money(euros_only, decimals=False)}"
    )
    controller.set_language("en")
    assert "euros only; not counted: 3 in CHF" in page.today.text()
    controller.set_language("nl")


def test_table_twin_has_one_row_per_phase(page: OverviewPage) -> None:
    projection = page.controller.projection
    assert projection is not None
    table = page.table
    assert table.rowCount() == len(projection.phases)
    assert table.columnCount() == 5
    for row, phase in enumerate(projection.phases):
        cells = [table.item(row, column).text() for column in range(5)]
        assert cells[0] == long_date(phase.start, "nl")
        assert cells[1] == (long_date(phase.end, "nl") if phase.end else "—")
        assert cells[2:] == [
            money(v, decimals=False)
            for v in (phase.gross_monthly, phase.net_monthly, phase.net_monthly_withheld)
        ]


def test_language_switch_changes_words_not_numbers(page: OverviewPage) -> None:
    controller = page.controller
    before = {
        "headline": page.headline.text(),
        "withheld": page.withheld.text(),
        "today": page.today.text(),
        "table": [
            page.table.item(r, c).text() for r in range(page.table.rowCount()) for c in (2, 3, 4)
        ],
        "header": page.table.horizontalHeaderItem(2).text(),
        "view": page.view.accessibleName(),
        "chart": page.chart.accessibleName(),
    }
    controller.set_language("en")
    assert page.headline.text().startswith("Net per month for the household from ")
    # Dutch amounts keep their Dutch notation in the English interface: € 4.818, not € 4,818.
    assert before["headline"].rsplit("€", 1)[1] == page.headline.text().rsplit("€", 1)[1]
    assert page.headline.text() != before["headline"]
    assert page.table.horizontalHeaderItem(2).text() == "Gross per month"
    assert page.view.accessibleName() == "View" != before["view"]
    assert page.chart.accessibleName() != before["chart"]
    for key in ("headline", "withheld", "today"):
        # the numbers (amount, date's day and year, age) stay; only the words change
        assert digits(getattr(page, key).text()) == digits(before[key]), key
    after = [page.table.item(r, c).text() for r in range(page.table.rowCount()) for c in (2, 3, 4)]
    assert [digits(a) for a in after] == [digits(b) for b in before["table"]]
    controller.set_language("nl")
    assert page.headline.text() == before["headline"]


def test_person_switch_shows_that_persons_figure(page: OverviewPage) -> None:
    projection = page.controller.projection
    assert projection is not None
    for person in projection.persons:
        page.set_view(person.id)
        phase = projection.phases[expected_index(projection, person.id)]
        assert phase.start == person.aow_date
        own = phase.figures_of(person.id)
        net = own.net_monthly + own.net_untaxed_monthly
        text = plain(page.headline.text())
        assert text.endswith(f": {money(net, decimals=False)}")
        assert long_date(phase.start, "nl") in text
        withheld = sum(line.net_withheld for line in phase.lines if line.person_id == person.id)
        assert money(withheld, decimals=False) in plain(page.withheld.text())
        legend = [t.get_text() for t in page.chart.axes.get_legend().get_texts()]
        kinds = {
            line.kind
            for ph in projection.phases
            for line in ph.lines
            if line.person_id == person.id
        }
        assert ("AOW" in legend) == ("aow" in kinds)
        assert any(label.startswith("Loon:") for label in legend) == ("wage" in kinds)
    page.set_view(None)
    phase = projection.phases[expected_index(projection)]
    assert plain(page.headline.text()).endswith(money(phase.net_monthly, decimals=False))
    assert page.view.currentText() == "Huishouden"


def test_banner_names_the_indicative_pension(page: OverviewPage) -> None:
    assert not page.banner.isHidden()
    assert "indicatief" in page.banner.text()
    projection = page.controller.projection
    assert projection is not None
    uncertain = {line.payer for line in projection.lines if not line.certain}
    assert uncertain and all(payer in page.banner.text() for payer in uncertain)


def test_banner_for_old_data_and_missing_providers(qtbot, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    controller = DossierController(engine, SyncTaskRunner(), Texts("nl"), as_of=dt.date(2029, 6, 1))
    page = OverviewPage(controller)
    qtbot.addWidget(page)
    controller.load_files(sorted(DEMO.iterdir()))
    dossier = controller.dossier
    assert dossier is not None
    dossier = dossier.model_copy(
        update={
            "warnings": [
                Message.plain("Fonds X is missing from this overview"),  # saved before codes
                Message.plain("A harmless note"),
                Message.of("mpo.no_data", providers="Fonds Y"),
            ]
        }
    )
    controller.set_dossier(dossier)
    text = page.banner.text()
    assert not page.banner.isHidden()
    assert "missing from this overview" in text and "harmless" not in text
    assert "deze uitvoerders hadden geen gegevens: Fonds Y" in text  # a coded one, in Dutch
    # The demo's newest register date is the AOW's StandPer, 1 November 2026 (stand per
    # provider 1 January 2026); the bank statement's last booking is 27 October 2026.
    # The source is named with the newest date it holds on, to be fetched again.
    assert (
        "Niet meer actueel (ouder dan twee maanden): Mijnpensioenoverzicht (stand 1 november "
        "2026), Uw bank (stand 27 oktober 2026)." in text
    )


def test_banner_hidden_when_nothing_to_say(qtbot, engine: Engine) -> None:  # type: ignore[no-untyped-def]
    controller = DossierController(engine, SyncTaskRunner(), Texts("nl"), as_of=AS_OF)
    page = OverviewPage(controller)
    qtbot.addWidget(page)
    dossier = load_dossier(ROOT / "tests" / "fixtures" / "dossier-couple.json")
    certain = [e.model_copy(update={"certain": True}) for e in dossier.entitlements]
    controller.set_dossier(dossier.model_copy(update={"entitlements": certain, "warnings": []}))
    assert page.banner.isHidden()
    assert page.table.rowCount() == len(controller.projection.phases)  # type: ignore[union-attr]


def test_empty_page_before_a_dossier(qtbot, controller: DossierController) -> None:  # type: ignore[no-untyped-def]
    page = OverviewPage(controller)
    qtbot.addWidget(page)
    assert page.content.isHidden() and not page.empty.isHidden()
    assert page.banner.isHidden()


def test_controls_have_accessible_names_and_tab_order(page: OverviewPage) -> None:
    for widget in (page.view, page.headline, page.chart, page.table, page.banner):
        assert widget.accessibleName(), widget.objectName()
    assert page.chart.accessibleDescription()
    assert page.explain_button.accessibleName()
    chain = [page.view]
    widget = page.view
    while len(chain) < 4:
        widget = widget.nextInFocusChain()
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            chain.append(widget)
    assert chain == [page.view, page.explain_button, page.chart, page.table]


def test_window_shortcuts_still_work_after_focus_on_the_page(page: OverviewPage, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QKeySequence, QShortcut

    hits: list[int] = []
    shortcut = QShortcut(QKeySequence("Ctrl+2"), page)
    shortcut.activated.connect(lambda: hits.append(1))
    with qtbot.waitActive(page):
        page.show()
        page.activateWindow()
    for widget in (page.view, page.chart, page.table):
        widget.setFocus()
        qtbot.keyClick(widget, "2", Qt.KeyboardModifier.ControlModifier)
    assert len(hits) == 3


def test_show_projection_reuses_the_figure(page: OverviewPage) -> None:
    """Redraws reuse one Figure and axes (their speed: bench/startup.py)."""
    projection = page.controller.projection
    figure, axes = page.chart.figure, page.chart.axes
    for _ in range(3):
        page.show_projection(projection)
    assert page.chart.figure is figure and page.chart.axes is axes
    assert page.chart.figure.axes == [axes]


def test_render_to_png(qtbot, page: OverviewPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.chart.full_draws > 0)
    target = tmp_path / "overview.png"
    assert page.grab().save(str(target))
    assert target.stat().st_size > 10_000


@pytest.mark.parametrize(
    ("highest", "top"),
    [
        # top = highest x 1.05 rounded up to half its order of magnitude (ui/charts.py)
        (0.0, 1.5),  # nothing to show: 1 x 1.05 = 1.05 -> step 0.5 -> 1.5
        (4761.90, 5000.0),  # 4761.90 x 1.05 = 4999.995 -> step 500 -> 5000
        (4762.00, 5500.0),  # 4762 x 1.05 = 5000.10 -> step 500 -> 5500
        (5915.0, 6500.0),  # 6210.75 -> 6500
        (9600.0, 15000.0),  # 10080 -> order 10^4, step 5000 -> 15000
    ],
)
def test_axis_top_is_rounded_so_small_edits_keep_the_frame(highest: float, top: float) -> None:
    from ui.charts import nice_ceiling

    assert nice_ceiling(highest) == top


def _settle(page: OverviewPage) -> None:
    """Handle events until a whole round of them draws nothing more: no guessed waiting time."""
    from PySide6.QtWidgets import QApplication

    while True:
        draws = page.chart.full_draws
        for _ in range(5):
            QApplication.processEvents()
        if page.chart.full_draws == draws:
            return


def test_small_edit_repaints_data_over_the_kept_frame(qtbot, page: OverviewPage) -> None:  # type: ignore[no-untyped-def]
    """An edit that leaves axes and legend as they were is blitted, not redrawn whole."""
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.chart.full_draws > 0)
    _settle(page)  # the window settles (a last resize draws the whole figure once more)
    controller = page.controller
    line = next(e for e in controller.dossier.entitlements if e.kind == "old_age")
    draws = page.chart.full_draws
    before = bytes(page.chart.buffer_rgba())
    controller.edit_amount(line.id, line.annual_gross.cents + 60_000)  # + € 50 a month
    qtbot.waitUntil(lambda: bytes(page.chart.buffer_rgba()) != before)  # the data changed
    _settle(page)
    assert page.chart.full_draws == draws  # on the frame that was kept
    controller.set_language("en")  # new words on the axes: the whole figure again
    qtbot.waitUntil(lambda: page.chart.full_draws > draws)
