"""The local vault: everything the program keeps about a household, encrypted at rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pensioenchecker.lazy import lazy_exports

if TYPE_CHECKING:
    from pensioenchecker.masking import mask_identifiers
    from pensioenchecker.vault.store import DossierEntry, LogEntry, ShareRecord, Vault
    from pensioenchecker.vault.unlock import PassphraseNeededError, WrongPassphraseError

_WHERE = {
    "mask_identifiers": "pensioenchecker.masking",
    "DossierEntry": "pensioenchecker.vault.store",
    "LogEntry": "pensioenchecker.vault.store",
    "PassphraseNeededError": "pensioenchecker.vault.unlock",
    "ShareRecord": "pensioenchecker.vault.store",
    "Vault": "pensioenchecker.vault.store",
    "WrongPassphraseError": "pensioenchecker.vault.unlock",
}
"""Where each name lives: imported on first use, so the command line and the window start
without the cryptography until it is needed."""


__getattr__ = lazy_exports(__name__, _WHERE)

__all__ = [
    "DossierEntry",
    "LogEntry",
    "PassphraseNeededError",
    "ShareRecord",
    "Vault",
    "WrongPassphraseError",
    "mask_identifiers",
]
