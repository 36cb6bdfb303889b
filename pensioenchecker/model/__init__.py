"""The domain model: a household's people, entitlements and income, each amount with provenance."""

from pensioenchecker.model.dossier import (
    Age,
    Amount,
    Dossier,
    Entitlement,
    Household,
    IncomeLine,
    Moment,
    Person,
    Provenance,
)

__all__ = [
    "Age",
    "Amount",
    "Dossier",
    "Entitlement",
    "Household",
    "IncomeLine",
    "Moment",
    "Person",
    "Provenance",
]
