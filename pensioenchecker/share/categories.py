"""The share categories and the part of a dossier each one lets travel."""

from __future__ import annotations

from collections.abc import Iterable

from pensioenchecker.errors import InputError
from pensioenchecker.messages import phrase
from pensioenchecker.model.dossier import Dossier

CATEGORIES: tuple[str, ...] = (
    "personal",
    "pensions",
    "income",
    "debts",
    "property",
    "bank",
    "files",
)
"""In the order they are shown; the names are part of the request and package format."""


def parse_categories(text: str | Iterable[str], where: str = "--categories") -> tuple[str, ...]:
    """Categories from ``a,b`` text or a list, checked and in the canonical order."""
    items = text.split(",") if isinstance(text, str) else list(text)
    chosen = {item.strip() for item in items if item.strip()}
    if not chosen:
        raise InputError(phrase("no categories given"), where)
    unknown = sorted(chosen - set(CATEGORIES))
    if unknown:
        raise InputError(
            phrase(
                "unknown category {category} (known: {known})",
                category=repr(unknown[0]),
                known=", ".join(CATEGORIES),
            ),
            where,
        )
    return tuple(c for c in CATEGORIES if c in chosen)


def select_categories(dossier: Dossier, categories: Iterable[str]) -> Dossier:
    """The part of a dossier the chosen categories allow; the rest is left out, not blanked.

    The persons always travel with their ids, birth dates and household status, because every
    pension figure depends on them; names only with ``personal``. Addresses need both
    ``property`` and ``personal``. The label and importer warnings may name people or files, so
    the label needs ``personal`` and the warnings ``pensions`` plus ``personal``. The list of
    source documents (their file names) travels only with ``files``.
    """
    chosen = set(parse_categories(list(categories)))
    personal = "personal" in chosen
    persons = [
        p if personal else p.model_copy(update={"name": None}) for p in dossier.household.persons
    ]
    properties = []
    if "property" in chosen:
        properties = [
            p if personal else p.model_copy(update={"address": None}) for p in dossier.properties
        ]
    pensions = "pensions" in chosen
    income = "income" in chosen
    data = {
        "label": dossier.label if personal else None,
        "household": dossier.household.model_copy(update={"persons": persons}),
        "entitlements": list(dossier.entitlements) if pensions else [],
        "lump_sums": list(dossier.lump_sums) if pensions else [],
        "income_lines": list(dossier.income_lines) if income else [],
        "tax_income": list(dossier.tax_income) if income else [],
        "employment": list(dossier.employment) if income else [],
        "debts": list(dossier.debts) if "debts" in chosen else [],
        "properties": properties,
        "transactions": list(dossier.transactions) if "bank" in chosen else [],
        "box3_assets_cents": dossier.box3_assets_cents if "bank" in chosen else None,
        "documents": list(dossier.documents) if "files" in chosen else [],
        "warnings": list(dossier.warnings) if pensions and personal else [],
    }
    # Validate again through JSON so the result is a plain, checked Dossier.
    return Dossier.model_validate_json(dossier.model_copy(update=data).model_dump_json())
