"""Benchmark of the engine: prints figures, asserts nothing but consistency.

Why this exists: the engine promises three things about speed that tests cannot check and a
reader should be able to verify on their own machine with one command (``make bench``):

1. one household's full monthly projection to age 100, with its explanation, in < 5 ms, so the
   desktop app can recompute on every keystroke;
2. the ``batch`` command, run as a user runs it (interpreter start-up, reading, the rules,
   writing), costs at most 1.5x what a plain pandas + numpy script costs to read, compute and
   write the same file, although it applies the full rules with exact cents;
3. the vectorised rules are >= 50x faster per person than calling the same rules once per
   person, and give identical results.

Usage: ``.venv/bin/python bench/engine.py [--rows N] [--quick]``. Generating the input is not
timed; everything lives in a temporary directory that is removed afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from pensioenchecker.engine import Engine
from pensioenchecker.model.dossier import load_dossier
from pensioenchecker.projection.batch import OUTPUT, REQUIRED, compute_arrays
from pensioenchecker.projection.timeline import project

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "fixtures" / "dossier-couple.json"
AS_OF = dt.date(2026, 11, 28)
SEED = 20261128

TARGET_PROJECTION_MS = 5.0
TARGET_BATCH_RATIO = 1.5
TARGET_SPEEDUP = 50.0

# Baseline variants: (reader, writer). "c" is the plain script the target is set against;
# "fast" gives the plain script Arrow's reader and writer too, the hardest comparison.
BASELINES = {"c": ("c", "pandas"), "pyarrow": ("pyarrow", "pandas"), "fast": ("pyarrow", "pyarrow")}

# The baseline: what a competent analyst would write with pandas + numpy in ten minutes.
# 2025-style figures, one schedule (first-bracket rate by age), one tax credit, Zvw on
# min(aow + pension, max). Not legally complete; it stands for read + compute + write.
BASELINE = """\
import sys

import numpy as np
import pandas as pd

IN, OUT, READER, WRITER = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
if READER == "pyarrow":
    df = pd.read_csv(IN, engine="pyarrow")
else:
    df = pd.read_csv(IN)

aow = df["aow"].to_numpy()
pension = df["pension"].to_numpy()
wage = df["wage"].to_numpy()
gross = aow + pension + wage
income = np.floor(gross)
birth_year = pd.to_datetime(df["birth_date"], format="%Y-%m-%d").dt.year.to_numpy()
at_aow = df["year"].to_numpy() - birth_year >= 67
rate1 = np.where(at_aow, 0.1792, 0.3582)
tax = (
    rate1 * np.minimum(income, 38441)
    + 0.3748 * np.maximum(np.minimum(income, 76817) - 38441, 0)
    + 0.4950 * np.maximum(income - 76817, 0)
)
credit = np.maximum(3068 - 0.06337 * np.maximum(income - 28406, 0), 0)
income_tax = np.floor(np.maximum(tax - credit, 0))
zvw = np.floor(0.0526 * np.minimum(aow + pension, 75864) * 100) / 100
net_annual = gross - income_tax - zvw
out = pd.DataFrame(
    {
        "id": df["id"],
        "gross": np.round(gross, 2),
        "income_tax": income_tax,
        "zvw": zvw,
        "net_annual": np.round(net_annual, 2),
        "net_monthly": np.round(net_annual / 12, 2),
    }
)
if WRITER == "pyarrow":
    import pyarrow as pa
    import pyarrow.csv as pa_csv

    pa_csv.write_csv(pa.Table.from_pandas(out, preserve_index=False), OUT)
else:
    out.to_csv(OUT, index=False)
"""


def header(title: str) -> None:
    print()
    print(f"== {title} " + "=" * max(0, 76 - len(title)))


def verdict(ok: bool) -> str:
    return "MET" if ok else "NOT MET"


def timed(fn: Callable[[], object], runs: int, warmup: int = 0) -> list[float]:
    """Seconds per run, after ``warmup`` untimed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


# -- 1. one household ---------------------------------------------------------------------------


def bench_projection(runs: int) -> None:
    header(f"1. household projection to age 100 + explanation ({DEMO.name})")
    dossier = load_dossier(DEMO)
    engine = Engine()

    def once() -> object:
        projection = project(dossier, engine.book, engine.aow_table, AS_OF)
        return projection.explain("phase", (2, "a"))

    def with_tables() -> object:
        projection = project(dossier, engine.book, engine.aow_table, AS_OF)
        return projection.explain("phase", (2, "a")), projection.years, projection.monthly

    projection = project(dossier, engine.book, engine.aow_table, AS_OF)
    steps = projection.explain("phase", (2, "a"))
    times = timed(once, runs, warmup=3)
    median_ms = statistics.median(times) * 1000
    print(
        f"phases {len(projection.phases)}, years {len(projection.years)}, "
        f"monthly rows {len(projection.monthly):,}, explanation steps {len(steps)}"
    )
    print(f"runs              {runs} (after 3 warm-up)")
    print(f"median            {median_ms:8.2f} ms   (min {min(times) * 1000:.2f} ms)")
    tables = timed(with_tables, runs, warmup=3)
    print(
        f"with pandas tables{statistics.median(tables) * 1000:8.2f} ms   (the DataFrames are "
        "built on first use; the UI does without them)"
    )
    print(
        f"target            < {TARGET_PROJECTION_MS:.0f} ms -> "
        f"{verdict(median_ms < TARGET_PROJECTION_MS)}"
    )


# -- synthetic participants ---------------------------------------------------------------------


def synthetic(n: int) -> dict[str, np.ndarray]:
    """N participants; money as int64 cents (the CSV gets euros with 2 decimals)."""
    rng = np.random.default_rng(SEED)
    first = np.datetime64("1940-01-01", "D").astype(np.int64)
    last = np.datetime64("1975-12-31", "D").astype(np.int64)
    works = rng.random(n) < 0.2
    return {
        "year": rng.integers(2024, 2027, n, dtype=np.int64),
        "birth": rng.integers(first, last + 1, n).astype("datetime64[D]"),
        "couple": rng.random(n) < 0.5,
        "aow": rng.integers(0, 2_100_001, n, dtype=np.int64),
        "pension": rng.integers(0, 6_000_001, n, dtype=np.int64),
        "wage": np.where(works, rng.integers(0, 5_000_001, n, dtype=np.int64), 0),
    }


def write_csv(data: dict[str, np.ndarray], path: Path) -> None:
    n = len(data["year"])
    table = pa.table(
        {
            "id": pa.array(np.char.add("P", np.arange(n).astype("U8")).astype(object)),
            "year": data["year"],
            "birth_date": pa.array(data["birth"]).cast(pa.date32()),
            "household": np.where(data["couple"], "couple", "single"),
            "aow": data["aow"] / 100,
            "pension": data["pension"] / 100,
            "wage": data["wage"] / 100,
        }
    )
    assert set(REQUIRED) <= set(table.column_names)
    pa_csv.write_csv(table, path, pa_csv.WriteOptions(quoting_style="needed"))


# -- 2. batch end to end ------------------------------------------------------------------------


def run_process(cmd: list[str], runs: int) -> list[float]:
    def once() -> None:
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)

    return timed(once, runs)


def count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1


def bench_batch(data: dict[str, np.ndarray], tmp: Path, runs: int) -> None:
    n = len(data["year"])
    header(f"2. batch end to end, {n:,} participants, CSV in -> CSV out")
    src = tmp / "participants.csv"
    start = time.perf_counter()
    write_csv(data, src)
    print(
        f"input             {src.stat().st_size / 2**20:.1f} MiB "
        f"(generated in {time.perf_counter() - start:.1f} s, not timed)"
    )
    script = tmp / "baseline.py"
    script.write_text(BASELINE, encoding="utf-8")

    ours_out = tmp / "ours.csv"
    ours = run_process(
        [
            sys.executable,
            "-m",
            "pensioenchecker",
            "batch",
            str(src),
            "-o",
            str(ours_out),
            "--quiet",
        ],
        runs,
    )
    written = count_rows(ours_out)
    assert written == n, f"batch wrote {written} rows, expected {n}"
    with ours_out.open(encoding="utf-8") as handle:
        assert handle.readline().strip() == ",".join(OUTPUT)

    variants = {}
    for name, (reader, writer) in BASELINES.items():
        out = tmp / f"baseline-{name}.csv"
        variants[name] = run_process(
            [sys.executable, str(script), str(src), str(out), reader, writer], runs
        )
        assert count_rows(out) == n

    t_ours = statistics.median(ours)
    print(f"rows              {n:,}   (median of {runs} runs each, incl. interpreter start-up)")
    rate = n / t_ours
    print(f"ours              {t_ours:6.2f} s   {rate:12,.0f} rows/s   (-m pensioenchecker batch)")
    labels = {
        "c": "pd.read_csv default + to_csv",
        "pyarrow": 'pd.read_csv engine="pyarrow" + to_csv',
        "fast": 'pd.read_csv engine="pyarrow" + pyarrow write_csv',
    }
    ratios = {}
    for reader, times in variants.items():
        t = statistics.median(times)
        ratios[reader] = t_ours / t
        rate = n / t
        print(f"baseline {reader:<8} {t:6.2f} s   {rate:12,.0f} rows/s   ({labels[reader]})")
    for reader, ratio in ratios.items():
        print(f"ratio ours/{reader:<7}  {ratio:5.2f}x")
    print(
        f"target            ours <= {TARGET_BATCH_RATIO}x plain pandas+numpy script "
        f"(default reader) -> {verdict(ratios['c'] <= TARGET_BATCH_RATIO)}"
    )


# -- 3. vectorised vs per person ----------------------------------------------------------------


def bench_vectorised(data: dict[str, np.ndarray], sample_size: int, runs: int) -> None:
    n = len(data["year"])
    header(f"3. vectorised rules vs per-person loop (compute_arrays, {n:,} rows)")
    engine = Engine()
    args = (data["year"], data["birth"], data["couple"], data["aow"], data["pension"], data["wage"])
    result: dict[str, np.ndarray] = {}

    def vectorised() -> None:
        result.update(compute_arrays(engine, *args))

    vec_times = timed(vectorised, runs, warmup=1)
    t_vec = statistics.median(vec_times)

    rng = np.random.default_rng(SEED + 1)
    sample = np.sort(rng.choice(n, size=min(sample_size, n), replace=False))
    loop_out = {name: np.zeros(len(sample), dtype=np.int64) for name in OUTPUT[1:]}

    def per_person() -> None:
        for j, i in enumerate(sample):
            one = slice(i, i + 1)
            figures = compute_arrays(engine, *(a[one] for a in args))
            for name, values in figures.items():
                loop_out[name][j] = values[0]

    per_person()  # warm-up
    loop_total = statistics.median(timed(per_person, 1))
    identical = all(np.array_equal(loop_out[name], result[name][sample]) for name in loop_out)

    vec_each = t_vec / n
    loop_each = loop_total / len(sample)
    speedup = loop_each / vec_each
    print(
        f"vectorised        {t_vec * 1000:8.1f} ms for {n:,} "
        f"(median of {runs})  = {vec_each * 1e6:8.3f} us/person"
    )
    print(
        f"per-person loop   {loop_total * 1000:8.1f} ms for {len(sample):,} "
        f"(sample)           = {loop_each * 1e6:8.1f} us/person"
    )
    print(f"loop extrapolated {loop_each * n:8.1f} s for {n:,}")
    print(
        f"speed-up          {speedup:8.0f}x   target >= {TARGET_SPEEDUP:.0f}x -> "
        f"{verdict(speedup >= TARGET_SPEEDUP)}"
    )
    print(
        f"identical: {'yes' if identical else 'no'}   "
        f"({len(sample):,} persons, columns {', '.join(OUTPUT[1:])})"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=None, help="participants (default 1,000,000)")
    parser.add_argument("--quick", action="store_true", help="100,000 rows, fewer repetitions")
    args = parser.parse_args()
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    projection_runs, process_runs, vector_runs, sample = (
        (20, 1, 3, 1_000) if args.quick else (100, 3, 5, 5_000)
    )

    print("pensioenchecker engine benchmark")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"pyarrow {pa.__version__}; {os.cpu_count()} CPU(s); {platform.machine()}"
    )
    started = time.perf_counter()
    bench_projection(projection_runs)
    data = synthetic(rows)
    with tempfile.TemporaryDirectory(prefix="pc-bench-") as tmp:
        bench_batch(data, Path(tmp), process_runs)
    bench_vectorised(data, sample, vector_runs)
    print()
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
