"""Benchmark of the vault: opening and listing, and loading one dossier (printed, not asserted).

The window opens the vault at start-up and lists its dossiers, so that must stay cheap even
though everything is encrypted: listing decrypts only the labels, never the dossiers. The
baseline is what SQLite alone costs in the same process: connect and count the rows.

The explicit key is used, so the figures are the vault's own; a passphrase vault adds one
scrypt derivation at open (printed separately), a keyring vault one keyring call.

Usage: ``.venv/bin/python bench/vault.py [--runs N]``. ``vault_open_figures(folder)`` returns
the same figures for other benchmarks.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pensioenchecker.model.dossier import load_dossier
from pensioenchecker.vault import Vault, crypto

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "dossier-couple.json"
BENCH_KEY = bytes(range(32))
DOSSIERS = 100


def _fill(folder: Path) -> None:
    """Save the couple fixture 100 times, unless the vault already holds that many."""
    with Vault.open(folder, key=BENCH_KEY) as vault:
        missing = DOSSIERS - len(vault.list_dossiers())
        dossier = load_dossier(FIXTURE)
        for n in range(max(0, missing)):
            vault.save_dossier(dossier, label=f"Huishouden {n}")


def _median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def vault_open_figures(folder: Path, runs: int = 15) -> dict[str, float]:
    """Median milliseconds: open + list, load one, the SQLite baseline, and one scrypt."""
    folder = Path(folder)
    _fill(folder)
    path = folder / "vault.sqlite"

    def open_and_list() -> None:
        with Vault.open(folder, key=BENCH_KEY) as vault:
            assert len(vault.list_dossiers()) >= DOSSIERS

    def baseline() -> None:
        db = sqlite3.connect(path)
        try:
            assert db.execute("SELECT count(*) FROM dossiers").fetchone()[0] >= DOSSIERS
        finally:
            db.close()

    with Vault.open(folder, key=BENCH_KEY) as vault:
        some_id = vault.list_dossiers()[0].id
        load_ms = _median_ms(lambda: vault.load_dossier(some_id), runs)
    return {
        "dossiers": float(DOSSIERS),
        "open_and_list_ms": _median_ms(open_and_list, runs),
        "load_one_ms": load_ms,
        "baseline_connect_count_ms": _median_ms(baseline, runs),
        "scrypt_passphrase_ms": _median_ms(lambda: crypto.derive_key("x", os.urandom(16)), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        figures = vault_open_figures(Path(tmp), args.runs)
    print(f"== vault with {int(figures['dossiers'])} dossiers, median of {args.runs} runs ==")
    print(f"open + list (no payload decrypted): {figures['open_and_list_ms']:8.2f} ms")
    print(f"load one dossier (decrypt + parse): {figures['load_one_ms']:8.2f} ms")
    print(f"baseline sqlite3 connect + count:   {figures['baseline_connect_count_ms']:8.2f} ms")
    ratio = figures["open_and_list_ms"] / figures["baseline_connect_count_ms"]
    print(f"open + list / baseline:             {ratio:8.1f} x")
    print(f"scrypt at open of a passphrase vault: {figures['scrypt_passphrase_ms']:6.1f} ms")


if __name__ == "__main__":
    main()
