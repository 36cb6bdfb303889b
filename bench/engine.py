"""Benchmark of the engine: prints figures, asserts nothing but consistency.

Why this exists: the engine promises three things about speed that tests cannot check and a
reader should be able to verify on their own machine with one command (``make bench``):

1. one household's full monthly projection to age 100, with its explanation, in < 5 ms, so the
   desktop app can recompute on every keystroke;
2. the ``batch`` command, run as a user runs it (interpreter start-up, reading, the rules,
   writing), costs at most what the fastest plain script costs to read the same file with
   pyarrow, compute it with the same engine call and write it with pyarrow (CSV and Parquet,
   same machine, same run), although it validates every row and writes exact decimals; and it
   streams, so its peak memory stays flat from 1 to 10 million rows;
3. the vectorised rules are >= 50x faster per person than calling the same rules once per
   person, and give identical results.

Usage: ``.venv/bin/python bench/engine.py [--rows N] [--big-rows N] [--quick]``. Generating the
input is not timed; everything lives in a temporary directory that is removed afterwards. The
machine may be shared: compare the figures of one run with each other (the ratio), not with
another day's.
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
import pyarrow.parquet as pq

from pensioenchecker.engine import Engine
from pensioenchecker.model.dossier import load_dossier
from pensioenchecker.projection.batch import OUTPUT, REQUIRED, compute_arrays
from pensioenchecker.projection.timeline import project

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "tests" / "fixtures" / "dossier-couple.json"
AS_OF = dt.date(2026, 11, 28)
SEED = 20261128

TARGET_PROJECTION_MS = 5.0
TARGET_BATCH_RATIO = 1.0
TARGET_SPEEDUP = 50.0
BIG_ROWS = 10_000_000
GENERATE_ROWS = 1_000_000  # the input is written in parts of this many rows

# The plain script the batch command is measured against: what someone who knows pyarrow and
# numpy writes in ten minutes around the same engine call. Whole file in, no validation beyond
# what the engine does, floats out.
PLAIN = """\
import sys

import numpy as np
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pensioenchecker.engine import Engine
from pensioenchecker.projection.batch import compute_arrays

IN, OUT = sys.argv[1], sys.argv[2]
table = pq.read_table(IN) if IN.endswith(".parquet") else pa_csv.read_csv(IN)


def cents(name):
    return np.rint(table[name].to_numpy() * 100).astype(np.int64)


result = compute_arrays(
    Engine(),
    table["year"].to_numpy(),
    table["birth_date"].to_numpy().astype("datetime64[D]"),
    table["household"].to_numpy(zero_copy_only=False) == "couple",
    cents("aow"),
    cents("pension"),
    cents("wage"),
)
out = pa.table({"id": table["id"], **{name: cents / 100 for name, cents in result.items()}})
if OUT.endswith(".parquet"):
    pq.write_table(out, OUT)
else:
    pa_csv.write_csv(out, OUT)
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
    for _ in range(3):
        once()
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        once()
        times.append(time.perf_counter() - start)
        cpu.append(time.thread_time() - start_cpu)
    median_ms = statistics.median(times) * 1000
    cpu_ms = statistics.median(cpu) * 1000
    print(
        f"phases {len(projection.phases)}, years {len(projection.years)}, "
        f"monthly rows {len(projection.monthly):,}, explanation steps {len(steps)}"
    )
    print(f"runs              {runs} (after 3 warm-up)")
    print(f"median            {median_ms:8.2f} ms   (min {min(times) * 1000:.2f} ms)")
    # On a shared machine the wall clock also counts the time other programs had the CPU.
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(
        f"median CPU time   {cpu_ms:8.2f} ms   (this thread's own; load average {load:.1f} "
        f"on {os.cpu_count()} CPUs)"
    )
    tables = timed(with_tables, runs, warmup=3)
    print(
        f"with pandas tables{statistics.median(tables) * 1000:8.2f} ms   (the DataFrames are "
        "built on first use; the UI does without them)"
    )
    busy = (
        ""
        if median_ms < TARGET_PROJECTION_MS
        else (
            f" (CPU time {cpu_ms:.2f} ms: the machine was busy)"
            if cpu_ms < TARGET_PROJECTION_MS
            else ""
        )
    )
    print(
        f"target            < {TARGET_PROJECTION_MS:.0f} ms median -> "
        f"{verdict(median_ms < TARGET_PROJECTION_MS)}{busy}"
    )


# -- synthetic participants ---------------------------------------------------------------------


def synthetic(n: int, seed: int = SEED) -> dict[str, np.ndarray]:
    """N participants; money as int64 cents (the CSV gets euros with 2 decimals)."""
    rng = np.random.default_rng(seed)
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


def member_table(data: dict[str, np.ndarray], first_id: int = 0) -> pa.Table:
    """A member file's columns as a fund would deliver them."""
    n = len(data["year"])
    ids = np.char.add("P", np.arange(first_id, first_id + n).astype("U9"))
    table = pa.table(
        {
            "id": pa.array(ids.astype(object)),
            "year": data["year"],
            "birth_date": pa.array(data["birth"]).cast(pa.date32()),
            "household": np.where(data["couple"], "couple", "single"),
            "aow": data["aow"] / 100,
            "pension": data["pension"] / 100,
            "wage": data["wage"] / 100,
        }
    )
    assert set(REQUIRED) <= set(table.column_names)
    return table


def write_inputs(n: int, folder: Path) -> None:
    """participants.csv and participants.parquet with N rows, written in parts so that memory
    stays small for 10 million rows (the first part is ``synthetic(n)`` up to a million)."""
    csv_writer = parquet_writer = None
    done = 0
    part = 0
    while done < n:
        size = min(GENERATE_ROWS, n - done)
        data = synthetic(size, SEED + part)
        table = member_table(data, done)
        if csv_writer is None:
            options = pa_csv.WriteOptions(quoting_style="needed")
            csv_writer = pa_csv.CSVWriter(
                str(folder / "participants.csv"), table.schema, write_options=options
            )
            parquet_writer = pq.ParquetWriter(str(folder / "participants.parquet"), table.schema)
        assert parquet_writer is not None
        csv_writer.write_table(table)
        parquet_writer.write_table(table)
        done += table.num_rows
        part += 1
    assert csv_writer is not None and parquet_writer is not None
    csv_writer.close()
    parquet_writer.close()


def show_inputs(folder: Path, seconds: float) -> None:
    sizes = {kind: (folder / f"participants.{kind}").stat().st_size / 2**20 for kind in ("csv",
             "parquet")}  # fmt: skip
    print(
        f"input             participants.csv {sizes['csv']:.0f} MiB, participants.parquet "
        f"{sizes['parquet']:.0f} MiB (generated in {seconds:.1f} s, not timed)"
    )


# -- 2. batch end to end ------------------------------------------------------------------------


# Runs a module (``-m NAME ARGS``) or a script (``PATH ARGS``) as ``python`` would, then reports
# the process's own peak resident memory. Not ``resource.getrusage``: Linux carries the parent's
# high-water mark over ``exec`` into ``ru_maxrss``, so a child of this (large) process would
# report this process's size; ``VmHWM`` belongs to the child's own memory alone.
MEASURED = """\
import atexit, runpy, sys


def peak():
    with open("/proc/self/status") as status:
        kib = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stderr.write(f"\\npeak-kib {kib}\\n")


atexit.register(peak)
if sys.argv[1] == "-m":
    sys.argv = sys.argv[2:]
    runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
else:
    sys.argv = sys.argv[1:]
    runpy.run_path(sys.argv[0], run_name="__main__")
"""


def run_measured(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of ``python CMD...``, start-up included."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}  # this checkout's engine, for both scripts
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *cmd], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {done.stderr}")
    peak = [line for line in done.stderr.splitlines() if line.startswith("peak-kib ")]
    return seconds, int(peak[-1].split()[1]) / 1024


def ours_command(src: Path, dst: Path) -> list[str]:
    return ["-m", "pensioenchecker", "batch", str(src), "-o", str(dst), "--quiet"]


def cents_of(path: Path, column: str) -> np.ndarray:
    """One output column as cents, whichever way it was written (decimals or floats)."""
    table = pq.read_table(path) if path.suffix == ".parquet" else pa_csv.read_csv(path)
    values = table[column].cast(pa.float64()).to_numpy()
    return np.rint(values * 100).astype(np.int64)


def bench_batch(rows: int, tmp: Path, runs: int) -> None:
    header(f"2. batch end to end, {rows:,} participants, ours against the plain pyarrow script")
    start = time.perf_counter()
    write_inputs(rows, tmp)
    show_inputs(tmp, time.perf_counter() - start)
    script = tmp / "plain.py"
    script.write_text(PLAIN, encoding="utf-8")
    print(
        f"runs              median of {runs} each, in turns (ours, plain, ours, ...), "
        "incl. interpreter start-up"
    )
    print(f"{'':17} {'ours':>8} {'plain':>8} {'ratio':>6}   {'peak RSS ours':>13} {'plain':>8}")
    ratios = []
    for kind in ("csv", "parquet"):
        src = tmp / f"participants.{kind}"
        ours_out, plain_out = tmp / f"ours.{kind}", tmp / f"plain.{kind}"
        ours: list[tuple[float, float]] = []
        plain: list[tuple[float, float]] = []
        for _ in range(runs):
            ours.append(run_measured(ours_command(src, ours_out)))
            plain.append(run_measured([str(script), str(src), str(plain_out)]))
        for column in ("net_annual", "income_tax"):
            assert np.array_equal(cents_of(ours_out, column), cents_of(plain_out, column)), column
        t_ours = statistics.median(t for t, _ in ours)
        t_plain = statistics.median(t for t, _ in plain)
        ratio = t_ours / t_plain
        ratios.append(ratio)
        print(
            f"{kind + ' -> ' + kind:<17} {t_ours:7.2f}s {t_plain:7.2f}s {ratio:5.2f}x   "
            f"{max(m for _, m in ours):9.0f} MiB {max(m for _, m in plain):4.0f} MiB"
        )
    print("identical: yes   (net_annual and income_tax of every row, ours against plain)")
    print(
        f"target            ours <= {TARGET_BATCH_RATIO:.1f}x the plain pyarrow script -> "
        f"{verdict(max(ratios) <= TARGET_BATCH_RATIO)}"
    )


def bench_big_batch(rows: int, tmp: Path) -> None:
    """Peak memory of one streamed run over a large member file (ours only: the plain script
    holds the whole file, several GiB at this size)."""
    header(f"2b. batch over {rows:,} participants: peak memory (one run each)")
    start = time.perf_counter()
    write_inputs(rows, tmp)
    show_inputs(tmp, time.perf_counter() - start)
    for kind in ("csv", "parquet"):
        out = tmp / f"ours.{kind}"
        seconds, peak = run_measured(ours_command(tmp / f"participants.{kind}", out))
        written = pq.ParquetFile(out).metadata.num_rows if kind == "parquet" else count_rows(out)
        assert written == rows, f"batch wrote {written} rows, expected {rows}"
        print(
            f"{kind + ' -> ' + kind:<17} {seconds:7.2f}s   peak RSS {peak:5.0f} MiB   "
            f"{rows / seconds:12,.0f} rows/s"
        )


def count_rows(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1


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
    parser.add_argument(
        "--big-rows",
        type=int,
        default=None,
        help=f"participants of the peak-memory run (default {BIG_ROWS:,}; 0 leaves it out)",
    )
    parser.add_argument("--quick", action="store_true", help="100,000 rows, fewer repetitions")
    args = parser.parse_args()
    rows = args.rows or (100_000 if args.quick else 1_000_000)
    big_rows = args.big_rows if args.big_rows is not None else (0 if args.quick else BIG_ROWS)
    projection_runs, process_runs, vector_runs, sample = (
        (20, 1, 3, 1_000) if args.quick else (200, 5, 5, 5_000)
    )

    print("pensioenchecker engine benchmark")
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, pandas {pd.__version__}, "
        f"pyarrow {pa.__version__}; {os.cpu_count()} CPU(s); {platform.machine()}"
    )
    started = time.perf_counter()
    bench_projection(projection_runs)
    with tempfile.TemporaryDirectory(prefix="pc-bench-") as tmp:
        bench_batch(rows, Path(tmp), process_runs)
    if big_rows:
        with tempfile.TemporaryDirectory(prefix="pc-bench-big-") as tmp:
            bench_big_batch(big_rows, Path(tmp))
    bench_vectorised(synthetic(rows), sample, vector_runs)
    print()
    print(f"total {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
