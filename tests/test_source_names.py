"""Every source of every figure is named by its publisher and document, in the reader's language.

The walk covers every parameter of every year in every parameter file (and the AOW-age table):
each source it cites must read as a name in Dutch and in English, with no English title recorded
in ``params/sources.yaml`` left in the Dutch text and no raw key anywhere.

Proper names in the pseudo-language: a publisher (Belastingdienst, SVB, wetten.overheid.nl) and
the site that quoted a document are names, kept as they are in every language, like a person's
name. The rest of a source's name comes from the catalog, so in the pseudo-language the whole
name sits inside one ⟦…⟧ (the "{publisher}, {document}" template) and the document inside its
own; once the proper names are taken out, no letter the pseudo-language accents may be left.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from pensioenchecker.i18n import PSEUDO
from pensioenchecker.rules.names import SOURCES, STATUS_NAMES, source_name, status_name
from pensioenchecker.rules.parameters import Parameters, Status, default_parameters

_DUTCH_OR_SHARED_WORDS = (
    "a aanleiding aanslag aanvangsleeftijd aow april arbeidskorting awir b bedrag bedragen "
    "begroting belastingdienst beloningen berekening besluit bijdrage bijzondere box cbs co de "
    "dienst drempel eigen en euro forfaitaire grenzen grinwis groene heffingskorting heffingsvrij "
    "herziening het hoeveel huurtoeslag huurtoeslaggrenzen huurtoeslagparameters i in indexering "
    "ineens inkomen is jaarloon kamerstukken kassa loonheffingskorting maximaal meijburg "
    "miljoenennota naar naheffing nl nominale normen nota nr op over per percentages pfzw premie "
    "promemorie regeling regelingen rendementen rijksoverheid risico standaardpremie svb szw "
    "tabel tabellen toeslagen toetsingsinkomen van vaststelling verlaging vermogen verslag "
    "voorlopige vrijstellingen vws wet wijziging witte woonbond xv zorgtoeslag zvw"
)
DUTCH_OR_SHARED = set(_DUTCH_OR_SHARED_WORDS.split())
"""Words of the recorded titles that are Dutch (or names, or the same in both languages)."""

RAW = re.compile(r"box1\.|_euros|credits\.|\b(?:S\d+[a-c]?|BB?\d+|[HKPZ]\d+)\b|\{|\}")
"""Keys a reader must never see: parameter keys, output names, source keys, placeholders."""

PSEUDO_LETTERS = re.compile(r"[aceinosuyzACEINOSUYZ]")
"""The letters the pseudo-language accents: one left over was not changed by the catalog."""


def words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[A-Za-zÀ-ÿ']+", text)}


@pytest.fixture(scope="module")
def parameters() -> Parameters:
    return default_parameters()


@pytest.fixture(scope="module")
def english_words(parameters: Parameters) -> set[str]:
    """The English words of the titles as recorded in sources.yaml."""
    recorded = set().union(*(words(source.title) for source in parameters.sources.values()))
    english = recorded - DUTCH_OR_SHARED
    assert {"amounts", "brackets", "rules", "version", "the", "and"} <= english
    return english


def cited_keys(parameters: Parameters) -> Iterator[tuple[str, str]]:
    """(where, source key) for every reference of every value of every parameter file."""
    for name, definition in parameters.definitions.items():
        for since, entry in definition.values.items():
            for key in entry.reference:
                yield f"{name} {since}", key
    table = parameters.aow_age
    for key in table.reference:
        yield "aow_age", key
    for year, row in [("before", table.before_first_year), *table.by_year.items()]:
        for key in row.reference:
            yield f"aow_age {year}", key


def test_the_walk_covers_every_file_and_year(parameters: Parameters) -> None:
    cited = list(cited_keys(parameters))
    years = {where.split()[-1][:4] for where, _key in cited}
    assert {"2024", "2025", "2026", "2027"} <= years
    assert len({key for _where, key in cited}) >= 60
    files = {name.split(".")[0] for name in parameters.definitions}
    assert {"box1", "box3", "credits", "aow", "zvw", "premiums", "holiday_pay"} <= files
    assert {"zorgtoeslag", "huurtoeslag", "health", "awir"} <= files


def test_every_cited_source_has_a_name(parameters: Parameters) -> None:
    unnamed = sorted({key for _where, key in cited_keys(parameters) if key not in SOURCES})
    assert unnamed == []
    assert set(SOURCES) == set(parameters.sources)  # the sources no figure cites as well


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_source_of_every_figure_reads_as_publisher_and_document(
    parameters: Parameters, english_words: set[str], lang: str
) -> None:
    for where, key in cited_keys(parameters):
        source = parameters.sources[key]
        name = source_name(source.title, source.href, key, lang)
        cited = SOURCES[key]
        assert name, (where, key)
        assert not RAW.search(name), (where, key, name)
        if cited.publisher:
            assert name.startswith(f"{cited.publisher}, "), (where, key, name)
        if cited.quoted_on:
            assert name.endswith(f" {cited.quoted_on})"), (where, key, name)
        if lang == "nl":
            leftover = words(name) & english_words
            assert not leftover, (where, key, name, leftover)
            if words(source.title) & english_words:
                assert source.title not in name, (where, key)


def test_dutch_and_english_names_differ_where_the_document_does(parameters: Parameters) -> None:
    s22 = parameters.sources["S22"]
    assert source_name(s22.title, s22.href, "S22", "nl") == (
        "Belastingdienst, Rekenvoorschriften 2026 en cijferbijlage 2026 (nieuwsbrief loonheffingen)"
    )
    assert source_name(s22.title, s22.href, "S22", "en").startswith(
        "Belastingdienst, Calculation rules 2026"
    )
    s3 = parameters.sources["S3"]  # a secondary site that names no primary source: itself
    assert source_name(s3.title, s3.href, "S3", "nl").startswith("De Financiële Gids, Sociale en")
    s12 = parameters.sources["S12"]  # a news site quoting the SVB: the SVB, and the site
    assert source_name(s12.title, s12.href, "S12", "nl") == (
        "SVB, AOW-bedragen januari 2026 (aangehaald op welingelichtekringen.nl)"
    )
    bb2 = parameters.sources["BB2"]  # derived, no publisher: the rule in words
    assert source_name(bb2.title, bb2.href, "BB2", "nl").startswith("Regel afgeleid uit")


def test_every_source_is_transformed_in_the_pseudo_language(parameters: Parameters) -> None:
    for key, source in parameters.sources.items():
        name = source_name(source.title, source.href, key, PSEUDO)
        cited = SOURCES[key]
        assert name.startswith("⟦") and name.endswith("⟧"), (key, name)
        rest = name
        for proper in (cited.publisher, cited.quoted_on):
            if proper:
                assert proper in rest, (key, name)
                rest = rest.replace(proper, "", 1)
        document = re.findall(r"⟦([^⟦⟧]*)⟧", rest)
        assert document and all(part.strip() for part in document), (key, name)
        assert not PSEUDO_LETTERS.search(rest), (key, name)


STATUSES: tuple[Status, ...] = Status.__args__  # type: ignore[attr-defined]


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_is_said_in_words(parameters: Parameters, status: Status) -> None:
    assert status in STATUS_NAMES
    dutch, english = status_name(status, "nl"), status_name(status, "en")
    assert dutch and english and dutch != status and "_" not in dutch + english
    assert english.lower() != "not_found" and "NOT FOUND" not in dutch + english
    assert not PSEUDO_LETTERS.search(re.sub(r"⟦[^⟦⟧]*⟧", "", status_name(status, PSEUDO)))
    assert status_name(status, PSEUDO).startswith("⟦")


def test_statuses_in_the_files_all_have_words(parameters: Parameters) -> None:
    used = {e.status for d in parameters.definitions.values() for e in d.values.values()}
    assert used <= set(STATUS_NAMES)
    assert status_name("final", "nl") == "definitief"
    assert status_name("not_found", "nl") == "niet gevonden"
    assert status_name("no such status", "nl") == "zekerheid niet vermeld"


ROOT = Path(__file__).resolve().parents[1]
COUPLE = sorted((ROOT / "resources" / "demo" / "couple").iterdir())
COUPLE_SOURCES = ("S1", "S3", "S12", "S20", "S21", "S22", "S25")
"""The sources the couple demo's calculation cites (its report lists them under its rules)."""


@pytest.fixture(scope="module")
def couple_report(engine):  # type: ignore[no-untyped-def]
    from pensioenchecker.exports.report import build_input

    return build_input(COUPLE, dt.date(2026, 11, 28), engine=engine)


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_pdf_names_its_sources_in_its_language(
    couple_report, parameters: Parameters, english_words: set[str], lang: str
) -> None:
    from pypdf import PdfReader

    from pensioenchecker.exports.pdf import render_pdf

    reader = PdfReader(io.BytesIO(render_pdf(couple_report, lang)))
    flat = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    other = "en" if lang == "nl" else "nl"
    for key in COUPLE_SOURCES:
        source = parameters.sources[key]
        assert source_name(source.title, source.href, key, lang) in flat, key
        assert source_name(source.title, source.href, key, other) not in flat, key
    if lang == "nl":
        rules = flat[flat.index("Bronnen van de regels") :]
        rules = re.sub(r"<[^>]*>", "", rules[: rules.index(" Bronnen ")])  # the links
        assert not words(rules) & english_words
        for source in parameters.sources.values():
            if words(source.title) & english_words:
                assert source.title not in flat
        for status in STATUS_NAMES:
            assert f"({status})" not in flat and f": {status}." not in flat
