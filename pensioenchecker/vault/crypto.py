"""Sealing payloads and finding the vault key: AES-256-GCM, the OS keyring, or a passphrase.

Every payload carries its own random nonce and is bound to its row by the associated data, so
a payload copied into another row (or another table) does not decrypt.
"""

from __future__ import annotations

import base64
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

KEY_BYTES = 32
NONCE_BYTES = 12
SALT_BYTES = 16
SCRYPT_N = 2**15
SCRYPT_R = 8
SCRYPT_P = 1
KEYRING_SERVICE = "Pensioenchecker"
PASSPHRASE_VARIABLE = "PENSIOENCHECKER_VAULT_PASSPHRASE"


class SealError(Exception):
    """A payload did not decrypt: wrong key, damaged, or moved from another row."""


def new_key() -> bytes:
    """A fresh random 256-bit key."""
    return os.urandom(KEY_BYTES)


def seal(key: bytes, plaintext: bytes, where: str) -> bytes:
    """Nonce followed by ciphertext and tag; ``where`` (table and row id) is bound to it."""
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, plaintext, where.encode("utf-8"))


def unseal(key: bytes, sealed: bytes, where: str) -> bytes:
    """The plaintext of ``seal``; SealError when the key, the row or the bytes do not match."""
    if len(sealed) < NONCE_BYTES + 16:
        raise SealError(where)
    try:
        return AESGCM(key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], where.encode())
    except InvalidTag:
        raise SealError(where) from None


def derive_key(
    passphrase: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    """A 256-bit key from a passphrase with scrypt (slow on purpose, against guessing)."""
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def keyring_available() -> bool:
    """True when the OS offers a real keyring (not the fail, null or an empty chainer backend)."""
    try:
        import keyring
        from keyring.backends import chainer, fail, null

        backend = keyring.get_keyring()
    except Exception:  # a broken keyring installation means: no keyring
        return False
    if isinstance(backend, fail.Keyring | null.Keyring):
        return False
    if isinstance(backend, chainer.ChainerBackend):
        return bool(backend.backends)
    return True


def keyring_name(folder: str) -> str:
    """The keyring entry name of the vault in this (absolute) folder."""
    return f"vault-key:{folder}"


def keyring_get(folder: str) -> bytes | None:
    """The vault key kept in the OS keyring for this folder, or None."""
    import keyring

    text = keyring.get_password(KEYRING_SERVICE, keyring_name(folder))
    if text is None:
        return None
    try:
        key = base64.b64decode(text, validate=True)
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def keyring_set(folder: str, key: bytes) -> None:
    """Keep the vault key for this folder in the OS keyring."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, keyring_name(folder), base64.b64encode(key).decode())
