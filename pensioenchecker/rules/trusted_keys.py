"""The public keys whose signature makes a rule pack trusted: embedded in the program.

A rule pack is used only when it is signed by one of these keys. Each key is the raw 32-byte
Ed25519 public key in base64, under its key id (the first 16 hex digits of the SHA-256 of the raw
key, see ``pensioenchecker.rules.packs.key_id_for``). The matching private key is the project's
release key; it never enters the repository (see docs/rule-packs.md for where maintainers keep
it). To replace a key: add the new one here, release, sign new packs with it, and only remove the
old one a release later.
"""

from __future__ import annotations

from types import MappingProxyType

TRUSTED_KEYS = MappingProxyType(
    {
        # The project release key for rule packs, made in November 2026.
        "9dfb9107b241eda8": "OP6Wg+QCEhdU4OYekjCg7it1khPXHlGy2Re+4SP0Cow=",
    }
)
"""Key id → raw Ed25519 public key (base64)."""

KEY_NAMES = MappingProxyType({"9dfb9107b241eda8": "the Pensioenchecker release key"})
"""Key id → how a result names the signer."""
