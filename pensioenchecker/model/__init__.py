"""The domain model: a household's people, entitlements and income, each amount with provenance."""

from pensioenchecker.model.dossier import (
    Age,
    Amount,
    Debt,
    Dossier,
    EmploymentPeriod,
    Entitlement,
    Household,
    IncomeLine,
    LumpSum,
    Moment,
    Person,
    Property,
    Provenance,
    Rent,
    SourceFile,
    TaxYearIncome,
    Transaction,
)
from pensioenchecker.model.message import Message

__all__ = [
    "Age",
    "Amount",
    "Debt",
    "Dossier",
    "EmploymentPeriod",
    "Entitlement",
    "Household",
    "IncomeLine",
    "LumpSum",
    "Message",
    "Moment",
    "Person",
    "Property",
    "Provenance",
    "Rent",
    "SourceFile",
    "TaxYearIncome",
    "Transaction",
]
