"""Benchmark of sharing: how long the couple household's package takes to make and to open.

Why this exists: the user waits for ``share create`` in the window, the adviser for ``share
open``; both should feel instant. The figures are set against a same-process baseline, AES-GCM
of the same payload bytes alone, so the cost of the rest (selection, JSON, compression, the key
exchange and the two signatures) is visible on any machine.

Usage: ``.venv/bin/python bench/share.py [--runs N]``. Prints figures, asserts only that the
opened package equals what was put in.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cryptography.hazmat.primitives.ciphers.aead import AESGCM  # noqa: E402

from pensioenchecker.engine import Engine  # noqa: E402
from pensioenchecker.share import (  # noqa: E402
    create_package,
    gather_files,
    make_keys,
    make_request,
    open_package,
    own_signing_key,
    read_request,
    select_categories,
)
from pensioenchecker.share._common import b64, canonical  # noqa: E402
from pensioenchecker.sources.registry import load_paths  # noqa: E402

COUPLE = sorted((ROOT / "resources" / "demo" / "couple").iterdir())
ALL = ("personal", "pensions", "income", "debts", "property", "bank", "files")
NOW = dt.datetime(2026, 11, 28, 10, 0, tzinfo=dt.UTC)


def median_ms(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls after one warm-up call, in milliseconds."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def vault_figures() -> dict[str, Any] | None:
    """VAULT FIGURES: the vault open time with 100 dossiers, measured by bench/vault.py.

    That file is written separately and fills the folder it is given; when it is missing this
    returns None and only a note is printed.
    """
    try:
        from bench.vault import vault_open_figures
    except ImportError:
        return None
    with tempfile.TemporaryDirectory() as folder:
        figures: dict[str, Any] = vault_open_figures(Path(folder))
        return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        os.environ["PENSIOENCHECKER_DATA_DIR"] = folder
        engine = Engine()
        load_ms = median_ms(lambda: load_paths(COUPLE, engine), max(3, args.runs // 5))
        dossier = load_paths(COUPLE, engine)
        files = gather_files(COUPLE, dossier)
        keys = make_keys()
        _, request_bytes = make_request(
            keys, name="Adviseur", purpose="advies", categories=ALL, days=30, now=NOW
        )
        request = read_request(request_bytes)
        user_key = own_signing_key(Path(folder) / "user.key")

        package = create_package(request, dossier, ALL, user_key, files, NOW)
        opened = open_package(package.data, keys, NOW)
        assert opened.dossier == select_categories(dossier, ALL)
        assert [f.data for f in opened.files] == [p.read_bytes() for p in COUPLE]

        create_ms = median_ms(
            lambda: create_package(request, dossier, ALL, user_key, files, NOW), args.runs
        )
        open_ms = median_ms(lambda: open_package(package.data, keys, NOW), args.runs)

        # Baseline: the same payload bytes, AES-256-GCM alone (no JSON, no keys, no signatures).
        payload = canonical(
            {
                "receipt": package.receipt,
                "dossier": json.loads(select_categories(dossier, ALL).to_json()),
                "files": [{"name": f.name, "sha256": f.sha256, "data": b64(f.data)} for f in files],
            }
        )
        aes = AESGCM(AESGCM.generate_key(bit_length=256))
        nonce = os.urandom(12)
        sealed = aes.encrypt(nonce, payload, b"")
        seal_ms = median_ms(lambda: aes.encrypt(nonce, payload, b""), args.runs)
        unseal_ms = median_ms(lambda: aes.decrypt(nonce, sealed, b""), args.runs)
        compress_ms = median_ms(lambda: zlib.compress(payload, 6), args.runs)
        source_bytes = sum(len(f.data) for f in files)

        print(f"share benchmark on {platform.python_version()} / {platform.machine()}")
        print(f"  couple household: {len(COUPLE)} files, {source_bytes:,} bytes of originals")
        print(f"  payload {len(payload):,} bytes; package {len(package.data):,} bytes")
        print(f"  importing the files (not part of create): {load_ms:8.2f} ms")
        print(f"  create package (median of {args.runs}):     {create_ms:8.3f} ms")
        print(f"  open package   (median of {args.runs}):     {open_ms:8.3f} ms")
        print(f"  baseline AES-GCM seal of the payload:    {seal_ms:8.3f} ms")
        print(f"  baseline AES-GCM open of the payload:    {unseal_ms:8.3f} ms")
        print(f"  (zlib level 6 of the payload alone:      {compress_ms:8.3f} ms)")
        print(f"  create / baseline seal: {create_ms / seal_ms:6.1f}x")
        print(f"  open / baseline open:   {open_ms / unseal_ms:6.1f}x")

        # ---- VAULT: open time with 100 dossiers (bench/vault.py, written separately) ----
        vault = vault_figures()
        if vault is None:
            print("  vault open with 100 dossiers: bench/vault.py not available yet")
        else:
            for name, value in vault.items():
                shown = f"{value:8.3f}" if isinstance(value, float) else str(value)
                print(f"  vault {name}: {shown}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
