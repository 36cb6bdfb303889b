"""The Explain page: the year's calculation line by line, equal to the ``net`` command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

pytest.importorskip("pytestqt")

from focus import focus_chain  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from test_source_names import DUTCH_OR_SHARED, words  # noqa: E402

from pensioenchecker.cli import main  # noqa: E402
from pensioenchecker.rules.names import source_name  # noqa: E402
from pensioenchecker.sources.registry import load_paths  # noqa: E402
from ui.controller import DossierController  # noqa: E402
from ui.formatting import money  # noqa: E402
from ui.pages.explain import ExplainPage  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo"


@pytest.fixture
def page(qtbot, controller: DossierController) -> ExplainPage:
    widget = ExplainPage(controller)
    qtbot.addWidget(widget)
    widget.resize(1280, 800)
    return widget


def euros(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def cli_net(capsys, year: int, birth: dt.date, household: str, row) -> dict:
    args = ["net", "--year", str(year), "--birth-date", birth.isoformat()]
    args += ["--household", household, "--aow", euros(int(row["aow"]))]
    args += ["--pension", euros(int(row["pension"])), "--json"]
    if int(row["wage"]):
        args += ["--wage", euros(int(row["wage"]))]
    capsys.readouterr()
    assert main(args) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("demo", "year"),
    [("retired", 2026), ("retired", 2027), ("retired", 2031), ("single-working", 2027)],
)
def test_explain_figures_equal_the_cli_net(page, controller, engine, capsys, demo, year):
    dossier = load_paths(sorted((DEMO / demo).iterdir()), engine)
    controller.set_dossier(dossier)
    person = dossier.household.persons[0]
    page.select(person.id, year)
    years = controller.projection.years
    row = years[(years.year == year) & (years.person_id == person.id)].iloc[0]
    out = cli_net(capsys, year, person.birth_date, person.household_status, row)
    assert page.figures["income_tax_euros"] == out["income_tax"]
    assert page.figures["zvw"] == round(out["zvw"] * 100)
    assert page.figures["net_annual"] == round(out["net_annual"] * 100)
    assert page.figures["taxable_income_euros"] == out["taxable_income"]
    assert page.figures["tax_before_credits_euros"] == out["tax_before_credits"]
    for credit, value in out["credits"].items():
        assert page.figures[f"{credit}_euros"] == value
    text = page.browser.toPlainText()
    assert money(page.figures["net_annual"]) in text
    assert money(page.figures["zvw"]) in text
    assert money(page.figures["income_tax_euros"] * 100, decimals=False) in text


def test_explain_shows_parameters_sources_and_withholding(page, controller, engine):
    controller.set_dossier(load_paths(sorted((DEMO / "retired").iterdir()), engine))
    page.select("p1", 2027)
    text = page.browser.toPlainText()
    html = page.browser.toHtml()
    assert "Algemene heffingskorting" in text
    assert "afbouw vanaf" in text  # the credit's phase-out
    assert "1 januari 2026" in text  # validity of the parameters
    assert "definitief" in text  # status
    assert "schijf 1" in text  # bracket parts
    assert 'href="https://' in html  # sources as links
    assert page.browser.openExternalLinks()
    assert "Loonheffing per maand" in text  # withholding of each payer
    assert "Pensioenfonds Voorbeeld (synthetisch)" in text
    assert "SVB" in text


def test_person_and_year_choices_follow_the_projection(page, controller, engine):
    controller.set_dossier(load_paths(sorted((DEMO / "couple").iterdir()), engine))
    assert page.person.count() == 2
    years = controller.projection.years
    assert page.year.minimum() == int(years.year.min())
    page.person.setCurrentIndex(1)
    assert page.figures


def test_language_changes_labels_not_numbers(page, controller, engine):
    controller.set_dossier(load_paths(sorted((DEMO / "retired").iterdir()), engine))
    page.select("p1", 2027)
    figures = dict(page.figures)
    label = page.person_label.text()
    controller.set_language("en")
    assert page.figures == figures
    assert page.person_label.text() != label
    assert "General tax credit" in page.browser.toPlainText()
    assert "income in whole euros, rounded down" in page.browser.toPlainText()
    controller.set_language("nl")
    assert "inkomen in hele euro's, naar beneden afgerond" in page.browser.toPlainText()


def test_the_legal_basis_in_english_is_the_cores_own(page, controller, engine):
    """The window's English words for each step's legal basis are the rules' own words."""
    from ui.i18n import ENGLISH

    controller.set_dossier(load_paths(sorted((DEMO / "retired").iterdir()), engine))
    steps = controller.projection.explain("year", (2027, "p1"))  # type: ignore[union-attr]
    steps += controller.projection.explain("disposable-year", (2026,))  # type: ignore[union-attr]
    laws = {step["rule"]: step["law"] for step in steps}
    keys = [key for key in ENGLISH if key.startswith("explain.law.")]
    shown = [key for key in keys if key.removeprefix("explain.law.") in laws]
    assert len(shown) >= 10  # the withholding steps are in the periods, not in these two
    for key in shown:
        assert ENGLISH[key] == laws[key.removeprefix("explain.law.")], key


def test_tab_order_reaches_every_input(page, controller, engine, qtbot):
    controller.set_dossier(load_paths(sorted((DEMO / "retired").iterdir()), engine))
    page.show()
    qtbot.waitExposed(page)
    chain = focus_chain(page.person)
    for needed in (page.person, page.year, page.browser):
        assert needed in chain
        assert needed.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert chain.index(page.person) < chain.index(page.year) < chain.index(page.browser)
    assert page.person_label.buddy() is page.person
    assert page.year_label.buddy() is page.year


def test_empty_page_says_what_to_do(page):
    assert "Gegevens" in page.browser.toPlainText()


def test_the_page_paints_into_a_pixmap_with_qts_own_render(page, controller, engine):
    """Showing an explanation has its own name: ``QWidget.render`` still paints the page."""
    from PySide6.QtGui import QPixmap

    controller.set_dossier(load_paths(sorted((DEMO / "retired").iterdir()), engine))
    page.select("p1", 2027)
    explained = page.browser.toHtml()
    pixmap = QPixmap(page.size())
    pixmap.fill(Qt.GlobalColor.white)
    page.render(pixmap)
    image = pixmap.toImage()
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, 200, 7)}
    assert len(colours) > 1  # the page's text and controls, not a blank fill
    assert page.browser.toHtml() == explained  # painting does not rewrite the explanation


@pytest.mark.parametrize("demo", ["retired", "couple", "single-working"])
def test_parameters_and_sources_are_shown_by_name_not_by_key(page, controller, engine, demo):
    dossier = load_paths(sorted((DEMO / demo).iterdir()), engine)
    controller.set_dossier(dossier)
    page.select(dossier.household.persons[0].id, 2026)
    text = page.browser.toPlainText()
    assert "Premie AOW" in text
    assert "Belastingdienst, " in text
    for key in engine.parameters.definitions:
        assert key not in text
    controller.set_language("en")
    text = page.browser.toPlainText()
    assert "AOW premium" in text
    for key in engine.parameters.definitions:
        assert key not in text


def _english_titles(engine) -> list[str]:
    """Titles recorded in sources.yaml that are English (the Dutch window must not show them)."""
    return [
        source.title
        for source in engine.parameters.sources.values()
        if words(source.title) - DUTCH_OR_SHARED
    ]


@pytest.mark.parametrize("demo", ["retired", "couple", "single-working"])
def test_dutch_explain_page_names_sources_in_dutch(page, controller, engine, demo):
    """Every period and a year of every person: sources by Dutch name, no English title."""
    dossier = load_paths(sorted((DEMO / demo).iterdir()), engine)
    controller.set_dossier(dossier)
    titles = _english_titles(engine)
    assert len(titles) > 70
    named: set[str] = set()
    for person in dossier.household.persons:
        views = [lambda p=person: page.select(p.id, 2026)]
        views += [
            lambda p=person, i=index: page.select_phase(p.id, i)
            for index in range(len(controller.projection.phases))
        ]
        for show in views:
            show()
            text = page.browser.toPlainText()
            assert [t for t in titles if t in text] == []
            for key, source in engine.parameters.sources.items():
                name = source_name(source.title, source.href, key, "nl")
                if name in text:
                    named.add(key)
                    assert source_name(source.title, source.href, key, "en") not in text
            for status in ("final", "derived", "not_found", "provisional", "empirical"):
                assert f"\n{status}\n" not in f"\n{text}\n".replace("\t", "\n")
    assert {"S20", "S22"} <= named


def test_the_not_known_notes_are_in_the_windows_language(page, controller, engine):
    # retired: the 2027 zorgtoeslag, huurtoeslag and box 3 figures are not published yet.
    controller.set_dossier(load_paths(sorted((DEMO / "retired").iterdir()), engine))
    page.select("p1", 2027)
    text = page.browser.toPlainText()
    assert "zorgtoeslag 2027: niet bekend, er wordt geen bedrag gegeven" in text
    assert "was not found" not in text and "not known" not in text
    controller.set_language("en")
    text = page.browser.toPlainText()
    assert "zorgtoeslag 2027: not known, no figure is given" in text
    assert "niet bekend" not in text


def test_every_rule_the_core_traces_has_its_legal_basis_in_the_catalog():
    """A new trace step without window words would show its English law text in Dutch."""
    import ast

    from ui.i18n import ENGLISH

    traced = {}
    for path in (ROOT / "pensioenchecker").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "add"
                and len(node.args) >= 2
                and all(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) for a in node.args[:2]
                )
            ):
                traced[node.args[0].value] = node.args[1].value
    assert len(traced) >= 15
    missing = {rule: law for rule, law in traced.items() if f"explain.law.{rule}" not in ENGLISH}
    assert missing == {}
    assert all(ENGLISH[f"explain.law.{rule}"] == law for rule, law in traced.items())


def test_the_person_and_the_period_are_shown_whole(page, controller, engine, qtbot):
    """'Demo Gepensioneerd (synthetisch)' and 'Periode vanaf 4 december 2026', not cut off."""
    controller.set_dossier(load_paths(sorted((DEMO / "retired").iterdir()), engine))
    page.resize(1280, 800)
    page.show()
    qtbot.waitExposed(page)
    for combo in (page.person, page.what):
        assert combo.width() >= combo.sizeHint().width(), combo.currentText()
