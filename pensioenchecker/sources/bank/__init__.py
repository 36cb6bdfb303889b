"""Bank statements: the importers (one per format) and the categoriser behind the budget view.

Each importer has ``KIND``, ``MAX_BYTES``, ``detect(data, name)`` and ``load(data, name)``;
``IMPORTERS`` lists them in the order to try ``detect``. Transactions come out categorised with
the default rules; ``categorise`` re-sorts them with a user's own rules, and ``spending_profile``
turns them into averages per month: today's budget, to set beside the net pension.
"""

from __future__ import annotations

from pensioenchecker.sources.bank.abn_txt import AbnAmroTxtImporter
from pensioenchecker.sources.bank.camt053 import Camt053Importer
from pensioenchecker.sources.bank.categories import (
    Rules,
    categorise,
    default_rules,
    load_rules,
    spending_profile,
)
from pensioenchecker.sources.bank.csv_formats import IngCsvImporter, RabobankCsvImporter
from pensioenchecker.sources.bank.mt940 import Mt940Importer
from pensioenchecker.sources.base import Importer

IMPORTERS: list[Importer] = [
    Camt053Importer(),
    Mt940Importer(),
    IngCsvImporter(),
    RabobankCsvImporter(),
    AbnAmroTxtImporter(),
]
"""One importer per format; their ``detect`` sniffs do not overlap."""

__all__ = [
    "IMPORTERS",
    "AbnAmroTxtImporter",
    "Camt053Importer",
    "IngCsvImporter",
    "Mt940Importer",
    "RabobankCsvImporter",
    "Rules",
    "categorise",
    "default_rules",
    "load_rules",
    "spending_profile",
]
