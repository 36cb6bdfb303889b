"""The local vault: everything the program keeps about a household, encrypted at rest."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
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

_WHERE = {
    "mask_identifiers": "pensioenchecker.masking",
    "DossierEntry": "pensioenchecker.vault.store",
    "LogEntry": "pensioenchecker.vault.store",
    "PassphraseNeededError": "pensioenchecker.vault.store",
    "ShareRecord": "pensioenchecker.vault.store",
    "Vault": "pensioenchecker.vault.store",
    "WrongPassphraseError": "pensioenchecker.vault.store",
    "utc_now": "pensioenchecker.vault.store",
}
"""Where each name lives: imported on first use, so the command line and the window start
without the cryptography until it is needed."""


def __getattr__(name: str) -> object:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(module), name)


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
