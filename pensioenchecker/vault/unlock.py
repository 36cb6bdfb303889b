"""Finding the vault's key: from the OS keyring, a passphrase (scrypt) or an explicit key.

Kept apart from the store so the rules for where a key lives, and what a wrong passphrase looks
like, are read in one place; the store only asks for a key and gets bytes back.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pensioenchecker import messages
from pensioenchecker.errors import InputError
from pensioenchecker.passphrase import require_strong
from pensioenchecker.vault import crypto
from pensioenchecker.vault.crypto import SealError

KeySource = Literal["keyring", "passphrase", "key"]
CHECK = b"pensioenchecker-vault"


class PassphraseNeededError(InputError):
    """No keyring and no passphrase: the caller should ask the user for one."""


class WrongPassphraseError(InputError):
    """The passphrase (or key) does not open this vault or export."""


def passphrase_or_environment(given: str | None, where: str) -> str:
    """The given passphrase, else PENSIOENCHECKER_VAULT_PASSPHRASE; ask the user when neither."""
    phrase = given if given is not None else os.environ.get(crypto.PASSPHRASE_VARIABLE)
    if not phrase:
        raise PassphraseNeededError(
            messages.phrase("the vault needs a passphrase (no system keyring is available)"), where
        )
    return phrase


def new_key(
    folder: Path, where: str, passphrase: str | None, key: bytes | None
) -> tuple[bytes, KeySource, dict[str, bytes]]:
    """The key of a new vault, where it is kept, and the meta rows that let it be found again.

    When the OS keyring already holds a key for this folder (a vault that was moved aside,
    deleted or emptied), that key is reused rather than overwritten: a copy of the old vault
    put back in the folder must stay readable.
    """
    meta: dict[str, bytes] = {}
    source: KeySource
    if key is not None:
        vault_key, source = key, "key"
    elif passphrase is None and crypto.keyring_available():
        kept = crypto.keyring_get(str(folder))
        vault_key = kept if kept is not None else crypto.new_key()
        source = "keyring"
        if kept is None:
            crypto.keyring_set(str(folder), vault_key)
    else:
        phrase = require_strong(passphrase_or_environment(passphrase, where), where)
        vault_key, source = crypto.new_key(), "passphrase"
        salt = os.urandom(crypto.SALT_BYTES)
        wrapping = crypto.derive_key(phrase, salt)
        meta["salt"] = salt
        meta["scrypt"] = f"{crypto.SCRYPT_N},{crypto.SCRYPT_R},{crypto.SCRYPT_P}".encode()
        meta["wrapped_key"] = crypto.seal(wrapping, vault_key, "meta:wrapped_key")
    meta["key_source"] = source.encode()
    meta["check"] = crypto.seal(vault_key, CHECK, "meta:check")
    return vault_key, source, meta


def existing_key(
    meta: dict[str, bytes],
    folder: Path,
    where: str,
    passphrase: str | None,
    key: bytes | None,
) -> tuple[bytes, KeySource]:
    """The key of an existing vault from its meta rows; refuses a key that fails the check."""
    stored = bytes(meta.get("key_source", b"")).decode()
    if stored not in ("keyring", "passphrase", "key"):
        raise InputError(
            messages.phrase("the vault's key information is missing or damaged"), where
        )
    source: KeySource = stored  # type: ignore[assignment]
    if key is not None:
        vault_key = key
    elif source == "keyring":
        found = crypto.keyring_get(str(folder)) if crypto.keyring_available() else None
        if found is None:
            raise InputError(
                messages.phrase("the vault key is missing from the system keyring"), where
            )
        vault_key = found
    elif source == "passphrase":
        phrase = passphrase_or_environment(passphrase, where)
        n, r, p = (int(x) for x in bytes(meta["scrypt"]).decode().split(","))
        wrapping = crypto.derive_key(phrase, bytes(meta["salt"]), n, r, p)
        try:
            vault_key = crypto.unseal(wrapping, bytes(meta["wrapped_key"]), "meta:wrapped_key")
        except SealError:
            raise WrongPassphraseError(
                messages.phrase("wrong passphrase for the vault in {folder}", folder=str(folder)),
                where,
            ) from None
    else:
        raise InputError(messages.phrase("this vault opens only with its explicit key"), where)
    try:
        crypto.unseal(vault_key, bytes(meta["check"]), "meta:check")
    except SealError:
        raise WrongPassphraseError(
            messages.phrase("wrong key for the vault in {folder}", folder=str(folder)), where
        ) from None
    return vault_key, source
