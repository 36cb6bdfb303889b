"""Every parameter and source has a name a reader understands, in Dutch and in English."""

from __future__ import annotations

import re

from pensioenchecker.i18n import PSEUDO
from pensioenchecker.rules.names import PARAMETER_NAMES, parameter_name, publisher, source_name
from pensioenchecker.rules.parameters import default_parameters


def test_every_parameter_has_a_dutch_and_an_english_name():
    parameters = default_parameters()
    keys = set(parameters.definitions)
    assert keys == set(PARAMETER_NAMES)
    for key in keys:
        dutch, english = parameter_name(key, "nl"), parameter_name(key, "en")
        assert dutch and english and key not in (dutch, english)
    assert parameter_name("box1.tax_rate_bracket1", "nl") == "Belastingtarief schijf 1"
    assert parameter_name("credits.ahk_aow", "en") == "General tax credit at AOW age"


def test_every_source_is_named_by_its_publisher_and_document():
    for key, source in default_parameters().sources.items():
        name = source_name(source.title, source.href)
        assert name and source.title in name, key
        for lang in ("nl", "en"):
            assert source_name(source.title, source.href, key, lang), key
        if source.href:
            assert publisher(source.href), key
    s20 = default_parameters().sources["S20"]
    assert source_name(s20.title, s20.href).startswith("Belastingdienst, ")
    s22 = default_parameters().sources["S22"]
    assert source_name(s22.title, s22.href, "S22", "nl").startswith(
        "Belastingdienst, Rekenvoorschriften 2026"
    )
    assert source_name(s22.title, s22.href, "S22", "en").startswith(
        "Belastingdienst, Calculation rules 2026"
    )


def test_parameter_names_come_from_the_catalog():
    """In the pseudo-language every name is changed: none is written outside the catalog."""
    for key in PARAMETER_NAMES:
        name = parameter_name(key, PSEUDO)
        assert name.startswith("⟦") and name.endswith("⟧"), key
        assert not re.search(r"[aceinosuyzACEINOSUYZ]", name), key
    assert parameter_name("box1.nonsense", "nl") == "box1.nonsense"  # a rule pack's new key
