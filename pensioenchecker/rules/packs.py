"""Signed rule packs: the dated parameter files in one JSON file, signed with Ed25519.

A pack holds every YAML file of ``pensioenchecker/rules/params`` as text, by file name, with its
``version`` (an integer or a date-like string such as "2027-01"; they order by their numbers),
the years it is valid for, when it was made, the id of the signing key and the signature. The
signature covers the canonical JSON (sorted keys, no spaces, UTF-8) of every field but
``signature``. A pack is used only when its signature is by a trusted key and its figures pass
the same checks as the built-in ones; the built-in figures stay in use otherwise.

See docs/rule-packs.md for the format, the trust model and how packs are published.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pensioenchecker import clock
from pensioenchecker.errors import InputError, ParameterError
from pensioenchecker.rules.parameters import PARAMS_DIR, Parameters, default_parameters

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

FORMAT = "pensioenchecker-rulepack"
MAX_PACK_BYTES = 5 * 1024 * 1024
"""A pack is a few tens of kilobytes; anything above this is refused unread."""
PACKS_FOLDER = "rulepacks"
"""The folder inside the data folder where installed packs live."""

_FIELDS = {
    "format",
    "version",
    "valid_from",
    "valid_to",
    "created_at",
    "parameters",
    "key_id",
    "signature",
}
_VERSION = re.compile(r"[0-9]{1,8}([.-][0-9]{1,8}){0,3}")
_FILE_NAME = re.compile(r"[a-z0-9_]{1,64}\.yaml")


class PackError(InputError):
    """A rule pack that is refused; the message says why in one line."""


def version_key(version: str | int) -> tuple[int, ...]:
    """The order of versions: 7 < 2026 < "2026-01" < "2027-01" < "2027-01-15"."""
    text = str(version)
    if isinstance(version, bool) or not _VERSION.fullmatch(text):
        raise ValueError(f"version {text!r} is not a number or a date-like string like 2027-01")
    return tuple(int(part) for part in re.split(r"[.-]", text))


def canonical(document: Mapping[str, Any]) -> bytes:
    """The bytes that are signed: sorted keys, no spaces, UTF-8."""
    return json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def key_id_for(public_raw: bytes) -> str:
    """A key's id: the first 16 hex digits of the SHA-256 of its raw 32 bytes."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _check_rules(parameters: Parameters, where: str) -> None:
    """Beyond the loader: every covered year's rules must build (bracket rates add up, ...)."""
    from pensioenchecker.rules.year import build_year_rules

    for year in parameters.years_covered:
        try:
            build_year_rules(parameters, year)
        except ParameterError as exc:
            raise PackError(f"figures fail the checks: {exc}", where) from None
        except (KeyError, ValueError, TypeError, ArithmeticError) as exc:
            raise PackError(f"figures for {year} are incomplete ({exc})", where) from None


def build_pack(
    params_folder: Path,
    version: str | int,
    key: Ed25519PrivateKey,
    created_at: dt.datetime | None = None,
) -> bytes:
    """A signed pack of every YAML file in ``params_folder``, checked before it is signed."""
    from cryptography.hazmat.primitives import serialization

    try:
        version_key(version)
    except ValueError as exc:
        raise PackError(str(exc), "version") from None
    parameters = Parameters(params_folder)
    _check_rules(parameters, str(params_folder))
    files = {
        path.name: path.read_text(encoding="utf-8") for path in sorted(params_folder.glob("*.yaml"))
    }
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    document: dict[str, Any] = {
        "format": FORMAT,
        "version": version,
        "valid_from": dt.date(parameters.years_covered[0], 1, 1).isoformat(),
        "valid_to": dt.date(parameters.years_covered[-1], 12, 31).isoformat(),
        "created_at": (created_at or clock.now()).replace(microsecond=0).isoformat(),
        "parameters": files,
        "key_id": key_id_for(raw),
    }
    document["signature"] = base64.b64encode(key.sign(canonical(document))).decode("ascii")
    return json.dumps(document, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8")


@dataclass(frozen=True)
class Pack:
    """A verified rule pack: its fields, its figures (loaded and checked), its bytes."""

    version: str
    valid_from: dt.date
    valid_to: dt.date
    created_at: str
    key_id: str
    files: Mapping[str, str]
    parameters: Parameters
    data: bytes

    @property
    def order(self) -> tuple[int, ...]:
        """Sort key of the version."""
        return version_key(self.version)

    @property
    def file_name(self) -> str:
        """The name the pack is installed under."""
        return f"rulepack-{self.version}.json"

    def describe(self) -> str:
        """How a result names these figures."""
        from pensioenchecker.rules.trusted_keys import KEY_NAMES

        signer = KEY_NAMES.get(self.key_id, "key")
        return f"figures from rule pack {self.version} (signed by {signer} {self.key_id})"


def _field(document: Mapping[str, Any], name: str, kind: type) -> Any:
    value = document.get(name)
    if not isinstance(value, kind) or isinstance(value, bool):
        raise PackError(f"the field {name!r} is missing or not a {kind.__name__}", "rule pack")
    return value


def _date(document: Mapping[str, Any], name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(_field(document, name, str))
    except ValueError:
        raise PackError(f"the field {name!r} is not a date (YYYY-MM-DD)", "rule pack") from None


def verify_pack(data: bytes, trusted_keys: Mapping[str, str] | None = None) -> Pack:
    """Check a pack completely, or refuse it with ``PackError``.

    Size, JSON, fields, the signature by a trusted key, and its figures through the loader's
    own checks.

    ``trusted_keys`` (key id → base64 raw Ed25519 public key) defaults to the keys in use.
    """
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    keys = trusted_keys if trusted_keys is not None else keys_in_use()
    if len(data) > MAX_PACK_BYTES:
        raise PackError(f"larger than {MAX_PACK_BYTES // (1024 * 1024)} MB", "rule pack")
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackError("not valid JSON", "rule pack") from None
    except RecursionError:
        raise PackError("not valid JSON (nested too deeply)", "rule pack") from None
    if not isinstance(document, dict):
        raise PackError("not a JSON object", "rule pack")
    if document.get("format") != FORMAT:
        raise PackError(f"not a rule pack (format is not {FORMAT!r})", "rule pack")
    unknown = sorted(set(document) - _FIELDS)
    if unknown:
        raise PackError(f"unknown field(s) {', '.join(unknown)}", "rule pack")
    version = document.get("version")
    try:
        version_text = str(version)
        version_key(version if isinstance(version, int | str) else "x")
    except ValueError as exc:
        raise PackError(str(exc), "rule pack") from None
    where = f"rule pack {version_text}"
    key_id = _field(document, "key_id", str)
    signature_text = _field(document, "signature", str)
    public = keys.get(key_id)
    if public is None:
        raise PackError(f"signed by an unknown key {key_id[:40]!r}; not trusted", where)
    try:
        signature = base64.b64decode(signature_text, validate=True)
        verifier = Ed25519PublicKey.from_public_bytes(base64.b64decode(public, validate=True))
        signed = {k: v for k, v in document.items() if k != "signature"}
        verifier.verify(signature, canonical(signed))
    except (InvalidSignature, binascii.Error, ValueError, RecursionError):
        raise PackError(
            "the signature does not match; the pack was altered or forged", where
        ) from None
    valid_from, valid_to = _date(document, "valid_from"), _date(document, "valid_to")
    if valid_to < valid_from:
        raise PackError("valid_to lies before valid_from", where)
    created_at = _field(document, "created_at", str)
    files = _field(document, "parameters", dict)
    for name, text in files.items():
        if not _FILE_NAME.fullmatch(name) or not isinstance(text, str):
            raise PackError(f"parameter file {name[:40]!r} is not a YAML text", where)
    try:
        parameters = Parameters(Path(where), texts=files)
    except ParameterError as exc:
        raise PackError(f"figures fail the checks: {exc}", where) from None
    except RecursionError:
        raise PackError("figures fail the checks (nested too deeply)", where) from None
    _check_rules(parameters, where)
    parameters.version = version_text
    pack = Pack(version_text, valid_from, valid_to, created_at, key_id, files, parameters, data)
    parameters.notices = (pack.describe(),)
    return pack


# -- keys in use (the embedded ones, unless a caller passes its own) -----------------------------

_keys_override: list[Mapping[str, str]] = []


def keys_in_use() -> Mapping[str, str]:
    """The trusted keys: those embedded in the program, or those of ``trusting``."""
    if _keys_override:
        return _keys_override[-1]
    from pensioenchecker.rules.trusted_keys import TRUSTED_KEYS

    return TRUSTED_KEYS


@contextlib.contextmanager
def trusting(keys: Mapping[str, str]) -> Iterator[None]:
    """Within the block, trust exactly ``keys``.

    For tests, and for organisations that sign their own packs in their own build; this is
    in-process only, never from the environment.
    """
    _keys_override.append(keys)
    try:
        yield
    finally:
        _keys_override.pop()


# -- installed packs -----------------------------------------------------------------------------


def packs_folder(create: bool = False) -> Path:
    """``rulepacks/`` inside the data folder."""
    from pensioenchecker.paths import data_dir

    folder = data_dir() / PACKS_FOLDER
    if create:
        folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass(frozen=True)
class Installed:
    """One file in the packs folder: its verified pack, or why it is ignored."""

    path: Path
    pack: Pack | None
    problem: str | None


def installed_packs(
    folder: Path | None = None, trusted_keys: Mapping[str, str] | None = None
) -> list[Installed]:
    """Every installed pack, verified again now, newest first; broken ones with their problem."""
    folder = folder if folder is not None else packs_folder()
    found: list[Installed] = []
    if not folder.is_dir():
        return found
    for path in sorted(folder.glob("rulepack-*.json")):
        try:
            if path.stat().st_size > MAX_PACK_BYTES:
                raise PackError(f"larger than {MAX_PACK_BYTES // (1024 * 1024)} MB", "rule pack")
            pack = verify_pack(path.read_bytes(), trusted_keys)
            found.append(Installed(path, pack, None))
        except PackError as exc:
            found.append(Installed(path, None, str(exc)))
        except OSError as exc:
            found.append(Installed(path, None, f"cannot be read ({exc.strerror})"))
        except (RecursionError, MemoryError, ValueError, TypeError, KeyError) as exc:
            # verify_pack refuses what it knows with PackError; anything else it trips over
            # in a damaged file still only means: ignore this pack, keep the figures in use
            found.append(Installed(path, None, f"is damaged ({type(exc).__name__})"))
    found.sort(key=lambda item: item.pack.order if item.pack else (-1,), reverse=True)
    return found


def builtin_version() -> str:
    """The version of the figures built into the program."""
    return default_parameters().version or "0"


def choose(builtin: Parameters, installed: list[Installed]) -> Parameters:
    """The newest valid pack newer than the built-in figures, else the built-in ones.

    A broken pack is named in the notices of whatever is used.
    """
    ignored = tuple(
        f"installed rule pack {item.path.name} is ignored: {item.problem}"
        for item in installed
        if item.pack is None
    )
    base = version_key(builtin.version or "0")
    newer = [item.pack for item in installed if item.pack and item.pack.order > base]
    if newer:
        chosen = max(newer, key=lambda pack: pack.order).parameters
    elif ignored:
        chosen = Parameters(builtin.directory)
    else:
        return builtin
    chosen.notices = tuple(dict.fromkeys(chosen.notices + ignored))
    return chosen


_cache: dict[tuple[Any, ...], Parameters] = {}


def current_parameters(
    folder: Path | None = None, trusted_keys: Mapping[str, str] | None = None
) -> Parameters:
    """The figures to compute with: the newest installed valid pack, else the built-in ones.

    Packs are verified again whenever the packs folder changed; the choice is then kept.
    """
    folder = folder if folder is not None else packs_folder()
    keys = trusted_keys if trusted_keys is not None else keys_in_use()
    try:
        state = tuple(
            (p.name, p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.glob("rulepack-*.json"))
        )
    except OSError:
        state = ()
    if not state:
        return default_parameters()
    cache_key = (str(folder), state, tuple(sorted(keys.items())))
    chosen = _cache.get(cache_key)
    if chosen is None:
        if len(_cache) > 8:
            _cache.clear()
        chosen = _cache[cache_key] = choose(default_parameters(), installed_packs(folder, keys))
    return chosen


def install(pack: Pack, folder: Path | None = None) -> Path:
    """Store a verified pack in the packs folder, atomically."""
    from pensioenchecker.storage import write_atomic

    folder = folder if folder is not None else packs_folder(create=True)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / pack.file_name
    write_atomic(target, pack.data)
    return target


__all__ = [
    "FORMAT",
    "PARAMS_DIR",
    "Pack",
    "PackError",
    "build_pack",
    "current_parameters",
    "verify_pack",
]
