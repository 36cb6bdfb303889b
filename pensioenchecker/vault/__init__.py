"""The local vault: everything the program keeps about a household, encrypted at rest."""

from pensioenchecker.masking import mask_identifiers
from pensioenchecker.vault.store import (
    DossierEntry,
    LogEntry,
    PassphraseNeededError,
    ShareRecord,
    Vault,
    WrongPassphraseError,
    utc_now,
)

__all__ = [
    "DossierEntry",
    "LogEntry",
    "PassphraseNeededError",
    "ShareRecord",
    "Vault",
    "WrongPassphraseError",
    "mask_identifiers",
    "utc_now",
]
