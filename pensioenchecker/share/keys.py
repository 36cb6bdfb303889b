"""Keys: the recipient's X25519 + Ed25519 pair, and the user's own Ed25519 signing key.

The recipient is encrypted to and signs requests; the user's key signs packages and
revocations. Private keys are written atomically with 0600 permissions: a key is only as safe
as its file.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from pensioenchecker import messages
from pensioenchecker.errors import InputError
from pensioenchecker.passphrase import require_strong
from pensioenchecker.paths import data_dir
from pensioenchecker.share._common import (
    b64,
    canonical,
    read_bytes,
    read_json_object,
    unb64,
)
from pensioenchecker.storage import write_atomic
from pensioenchecker.vault import crypto

KEY_FORMAT = "pensioenchecker-share-key"
KEY_PASSPHRASE_VARIABLE = "PENSIOENCHECKER_KEY_PASSPHRASE"
"""Where the command line (and tests) give the passphrase of a protected key file."""
SIGNING_KEY_FORMAT = "pensioenchecker-signing-key"
RAW = serialization.Encoding.Raw
RAW_PUBLIC = serialization.PublicFormat.Raw
RAW_PRIVATE = serialization.PrivateFormat.Raw


def raw_public(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    """The 32 raw bytes of a public key."""
    return key.public_bytes(RAW, RAW_PUBLIC)


def fingerprint(x25519_public: bytes, ed25519_public: bytes) -> str:
    """Names a recipient's key pair in a package header without revealing anything else."""
    return hashlib.sha256(
        b"pensioenchecker-share-recipient\0" + x25519_public + ed25519_public
    ).hexdigest()[:32]


@dataclass(frozen=True)
class RecipientKeys:
    """The recipient's two private keys."""

    encryption: X25519PrivateKey
    signing: Ed25519PrivateKey

    @property
    def x25519_public(self) -> bytes:
        """The key packages are encrypted to."""
        return raw_public(self.encryption.public_key())

    @property
    def ed25519_public(self) -> bytes:
        """The key requests are signed with."""
        return raw_public(self.signing.public_key())

    @property
    def fingerprint(self) -> str:
        """The name of this pair in a package header."""
        return fingerprint(self.x25519_public, self.ed25519_public)


def make_keys() -> RecipientKeys:
    """A fresh key pair for a recipient (an adviser)."""
    return RecipientKeys(X25519PrivateKey.generate(), Ed25519PrivateKey.generate())


def _write_private(path: Path, data: bytes, *, replace: bool = False) -> bool:
    """Write a private key file (0600); returns False when ``path`` already existed.

    Without ``replace`` the file is created exclusively: written beside the target, then
    hard-linked into place, so two programs making a key at once never both succeed and no
    reader ever sees half a file. The loser's key is discarded; the caller loads the winner's.
    """
    if replace:
        write_atomic(path, data, mode=0o600)
        with contextlib.suppress(OSError):
            os.chmod(path, 0o600)
        return True
    return write_atomic(path, data, mode=0o600, exclusive=True)


def save_recipient_keys(
    keys: RecipientKeys, path: Path, *, replace: bool = False, passphrase: str | None = None
) -> RecipientKeys:
    """Write the private key file (0600); it also holds the public keys for convenience.

    With a ``passphrase`` the private keys are sealed (AES-256-GCM under a key scrypt derives
    from it), so a copied file is of no use without the passphrase. An existing file is kept
    unless ``replace``: then its keys are returned instead of ``keys`` (another program made
    them first), so everyone ends up using the same pair. A passphrase must be strong enough
    (``require_strong``).
    """
    if passphrase:
        require_strong(passphrase, str(path))
    private = keys.encryption.private_bytes(
        RAW, RAW_PRIVATE, serialization.NoEncryption()
    ) + keys.signing.private_bytes(RAW, RAW_PRIVATE, serialization.NoEncryption())
    body: dict[str, Any] = {
        "format": KEY_FORMAT,
        "x25519_public": b64(keys.x25519_public),
        "ed25519_public": b64(keys.ed25519_public),
        "fingerprint": keys.fingerprint,
    }
    if passphrase:
        salt = os.urandom(crypto.SALT_BYTES)
        sealing_key = crypto.derive_key(passphrase, salt)
        body["version"] = 2
        body["scrypt"] = {
            "salt": b64(salt),
            "n": crypto.SCRYPT_N,
            "r": crypto.SCRYPT_R,
            "p": crypto.SCRYPT_P,
        }
        body["sealed_private"] = b64(crypto.seal(sealing_key, private, _bound(keys.fingerprint)))
    else:
        body["version"] = 1
        body["x25519_private"] = b64(private[:32])
        body["ed25519_private"] = b64(private[32:])
    if _write_private(path, canonical(body) + b"\n", replace=replace):
        return keys
    return load_recipient_keys(path, passphrase)


class KeyPassphraseNeededError(InputError):
    """The key file is sealed with a passphrase and none was given."""


def key_fingerprint(path: Path) -> str:
    """The fingerprint a key file names, read without its private keys (no passphrase)."""
    where = str(path)
    body = read_json_object(read_bytes(path, 64 * 1024), messages.phrase("share key file"), where)
    x_public = unb64(body.get("x25519_public"), "x25519_public", where, 32)
    e_public = unb64(body.get("ed25519_public"), "ed25519_public", where, 32)
    if body.get("format") != KEY_FORMAT:
        raise InputError(messages.phrase("not a Pensioenchecker share key file"), where)
    return fingerprint(x_public, e_public)


def load_recipient_keys(path: Path, passphrase: str | None = None) -> RecipientKeys:
    """Read a key file written by ``save_recipient_keys``.

    A sealed file needs its passphrase: ``passphrase``, else PENSIOENCHECKER_KEY_PASSPHRASE;
    without either, KeyPassphraseNeededError.
    """
    where = str(path)
    body = read_json_object(read_bytes(path, 64 * 1024), messages.phrase("share key file"), where)
    version = body.get("version")
    if body.get("format") != KEY_FORMAT or version not in (1, 2):
        raise InputError(messages.phrase("not a Pensioenchecker share key file"), where)
    if version == 1:
        x_private = unb64(body.get("x25519_private"), "x25519_private", where, 32)
        e_private = unb64(body.get("ed25519_private"), "ed25519_private", where, 32)
    else:
        phrase = passphrase or os.environ.get(KEY_PASSPHRASE_VARIABLE)
        if not phrase:
            raise KeyPassphraseNeededError(
                messages.phrase(
                    "the key is protected by a passphrase (give it in {variable})",
                    variable=KEY_PASSPHRASE_VARIABLE,
                ),
                where,
            )
        private = _unseal_private(body, phrase, where)
        x_private, e_private = private[:32], private[32:]
    keys = RecipientKeys(
        X25519PrivateKey.from_private_bytes(x_private),
        Ed25519PrivateKey.from_private_bytes(e_private),
    )
    if version == 2 and keys.fingerprint != body.get("fingerprint"):
        raise InputError(
            messages.phrase("the key file's public part does not match its private keys"), where
        )
    return keys


def _bound(fingerprint: object) -> str:
    """What a sealed private part is bound to: the pair it belongs to."""
    return f"pensioenchecker-share-key:{fingerprint}"


def _unseal_private(body: dict[str, Any], passphrase: str, where: str) -> bytes:
    settings = body.get("scrypt")
    if not isinstance(settings, dict):
        raise InputError(messages.phrase("the key file names no scrypt settings"), where)
    n, r, p = (settings.get(name) for name in ("n", "r", "p"))
    # Bounded, so a crafted file cannot make the derivation take minutes or gigabytes.
    if not (
        isinstance(n, int)
        and isinstance(r, int)
        and isinstance(p, int)
        and 2**14 <= n <= 2**17
        and n & (n - 1) == 0
        and 1 <= r <= 16
        and 1 <= p <= 4
    ):
        raise InputError(messages.phrase("the key file's scrypt settings are out of range"), where)
    salt = unb64(settings.get("salt"), "scrypt salt", where, crypto.SALT_BYTES)
    sealed = unb64(body.get("sealed_private"), "sealed_private", where, None)
    try:
        private = crypto.unseal(
            crypto.derive_key(passphrase, salt, n, r, p), sealed, _bound(body.get("fingerprint"))
        )
    except crypto.SealError:
        raise InputError(
            messages.phrase("wrong passphrase for the key (or the file was changed)"), where
        ) from None
    if len(private) != 64:  # noqa: PLR2004 - two raw 32-byte keys
        raise InputError(messages.phrase("the key file's sealed part is damaged"), where)
    return private


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """Read the user's own signing key."""
    where = str(path)
    body = read_json_object(read_bytes(path, 64 * 1024), messages.phrase("signing key file"), where)
    if body.get("format") != SIGNING_KEY_FORMAT or body.get("version") != 1:
        raise InputError(messages.phrase("not a Pensioenchecker signing key file"), where)
    return Ed25519PrivateKey.from_private_bytes(
        unb64(body.get("ed25519_private"), "ed25519_private", where, 32)
    )


def save_signing_key(
    key: Ed25519PrivateKey, path: Path, *, replace: bool = False
) -> Ed25519PrivateKey:
    """Write the user's signing key (0600).

    An existing one is kept and returned instead, unless ``replace``.
    """
    body = {
        "format": SIGNING_KEY_FORMAT,
        "version": 1,
        "ed25519_private": b64(key.private_bytes(RAW, RAW_PRIVATE, serialization.NoEncryption())),
        "ed25519_public": b64(raw_public(key.public_key())),
    }
    if _write_private(path, canonical(body) + b"\n", replace=replace):
        return key
    return load_signing_key(path)


def default_signing_key_path() -> Path:
    """Where the user's own signing key lives in the data folder."""
    return data_dir() / "keys" / "own-signing.key"


def own_signing_key(path: Path | None = None, *, create: bool = True) -> Ed25519PrivateKey:
    """The user's signing key from ``path`` (or the data folder), made once when missing.

    One key for all shares lets a recipient check that a later revocation comes from the same
    person who shared; making it again would break that, so it is only made when absent.
    """
    target = path or default_signing_key_path()
    if target.exists():
        return load_signing_key(target)
    if not create:
        raise InputError(messages.phrase("the signing key does not exist"), str(target))
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(OSError):
        os.chmod(target.parent, 0o700)
    return save_signing_key(Ed25519PrivateKey.generate(), target)
