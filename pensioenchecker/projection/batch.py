"""Batch: the annual net for many participants, streamed in chunks from CSV or Parquet.

Input columns ``id, year, birth_date, household, aow, pension`` and optionally ``wage`` (annual
gross euros incl. holiday allowance); output ``id, gross, income_tax, zvw, net_annual,
net_monthly`` in euros with two decimals; with a ``rent`` (kale huur per month) or ``assets``
(box 3 savings on 1 January) column, also ``disposable_monthly`` (empty where the year's
toeslagen figures were not found; a couple's row is taken as the joint toetsingsinkomen).
The same vectorised rules as every other command; reading and writing go through Arrow, the
output is written to a temporary file and moved into place only when complete.
``compute_frame`` also maps over a Dask DataFrame's partitions.
"""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pa_compute
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pensioenchecker.engine import Engine
from pensioenchecker.errors import InputError
from pensioenchecker.masking import shown_value
from pensioenchecker.money import CENTS, IntArray

if TYPE_CHECKING:
    import pandas as pd

REQUIRED = ("id", "year", "birth_date", "household", "aow", "pension")
DISPOSABLE_INPUTS = ("rent", "assets")
"""Optional columns that add ``disposable_monthly`` to the output."""
OPTIONAL = ("wage", *DISPOSABLE_INPUTS)
OUTPUT = ("id", "gross", "income_tax", "zvw", "net_annual", "net_monthly")
HOUSEHOLDS = ("single", "couple")
MAX_EUROS = 10**9
CHUNK_BYTES = 2**20
"""CSV block size. Arrow's streaming reader keeps some 32 blocks read ahead, so this sets the
memory of a run (about 35 MB of input in flight); larger blocks are not faster."""
PARQUET_BATCH_ROWS = 65_536
PARQUET_BUFFER = 2**20
CSV_WRITE = pa_csv.WriteOptions(quoting_header="none")
# Amounts as 64-bit integers with the decimal's scale (the standard form for 18 digits), and no
# dictionaries: ids and cents hardly repeat, so building one only to drop it triples the time.
PARQUET_WRITE: dict[str, Any] = {"store_decimal_as_integer": True, "use_dictionary": False}

Progress = Callable[[int, float | None], None]
"""Called with (rows done, fraction done or None)."""


@dataclass(frozen=True)
class BatchStats:
    """What a batch run did."""

    rows: int
    chunks: int


def _money_cents(values: np.ndarray, column: str, first_row: int, where: str) -> IntArray:
    """Euro amounts (float64 from the reader) to exact cents; refuse negatives and missing."""
    bad = ~np.isfinite(values)
    if bad.any():
        row = first_row + int(np.flatnonzero(bad)[0])
        raise InputError(f"column {column}, row {row}: missing or not a number", where)
    negative = values < 0
    if negative.any():
        row = first_row + int(np.flatnonzero(negative)[0])
        raise InputError(
            f"column {column}, row {row}: negative amount {values[negative][0]}", where
        )
    too_big = values > MAX_EUROS
    if too_big.any():
        row = first_row + int(np.flatnonzero(too_big)[0])
        raise InputError(f"column {column}, row {row}: implausibly large amount", where)
    cents: IntArray = np.rint(values * CENTS).astype(np.int64)
    return cents


def _column(table: pa.Table | pa.RecordBatch, name: str) -> pa.Array:
    column = table.column(name)
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _numpy(
    array: pa.Array, arrow_type: pa.DataType, dtype: type[np.generic], column: str, where: str
) -> np.ndarray:
    """A column as numpy, cast by Arrow first; nulls must have been refused before.

    Read from the data buffer because Arrow's own ``to_numpy`` imports pandas (0.2 s and tens of
    megabytes per run of the command line, for nothing).
    """
    if array.type != arrow_type:
        try:
            array = array.cast(arrow_type)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise InputError(f"column {column}: {_arrow_message(exc)}", where) from None
    width = np.dtype(dtype).itemsize
    return np.frombuffer(
        array.buffers()[1], dtype=dtype, count=len(array), offset=array.offset * width
    )


def compute_arrays(
    engine: Engine,
    year: np.ndarray,
    birth: np.ndarray,
    couple: np.ndarray,
    aow: IntArray,
    pension: IntArray,
    wage: IntArray,
    rent: IntArray | None = None,
    assets: IntArray | None = None,
) -> dict[str, IntArray]:
    """The annual net per participant, cents; rows may have different years.

    With ``rent`` or ``assets`` also ``disposable_monthly`` and ``disposable_known``.
    """
    out = {name: np.zeros(len(year), dtype=np.int64) for name in OUTPUT[1:]}
    with_disposable = rent is not None or assets is not None
    if with_disposable:
        out["disposable_monthly"] = np.zeros(len(year), dtype=np.int64)
        out["disposable_known"] = np.zeros(len(year), dtype=np.int64)
    years = np.unique(year)
    for y in years:
        rows = np.flatnonzero(year == y) if len(years) > 1 else slice(None)
        result = engine.net(int(y), birth[rows], couple[rows], aow[rows], pension[rows], wage[rows])
        figures = result.figures
        out["gross"][rows] = figures.gross
        out["income_tax"][rows] = figures.income_tax * CENTS
        out["zvw"][rows] = figures.zvw
        out["net_annual"][rows] = figures.net_annual
        out["net_monthly"][rows] = figures.net_monthly
        if with_disposable:
            _add_disposable(out, engine, int(y), rows, birth, couple, figures, rent, assets)
    return out


def _add_disposable(
    out: dict[str, IntArray],
    engine: Engine,
    year: int,
    rows: Any,
    birth: np.ndarray,
    couple: np.ndarray,
    figures: Any,
    rent: IntArray | None,
    assets: IntArray | None,
) -> None:
    """Disposable income per month of one year's rows, beside their net.

    The toeslagen are tested on the gross income; assets count as box 3 savings; health costs
    are the stated assumption. A separate step so the net columns stay exactly as they were.
    """
    from pensioenchecker.rules.disposable import disposable_income

    n = len(figures.gross)
    aow_reached = engine.aow_age(birth[rows]).date <= np.datetime64(f"{year}-01-01", "D")
    result = disposable_income(
        engine.parameters,
        year,
        net_annual=figures.net_annual,
        income=figures.gross,
        partner=couple[rows],
        rent=rent[rows] if rent is not None else np.zeros(n, np.int64),
        bank=assets[rows] if assets is not None else np.zeros(n, np.int64),
        aow_household=aow_reached,
    )
    out["disposable_monthly"][rows] = result.disposable_monthly
    out["disposable_known"][rows] = result.known


def _validate_columns(names: list[str], where: str) -> None:
    missing = [c for c in REQUIRED if c not in names]
    if missing:
        raise InputError(
            f"missing column(s) {', '.join(missing)}; a batch file needs "
            f"{', '.join(REQUIRED)} (and optionally wage)",
            where,
        )


def _chunk_to_arrays(
    batch: pa.RecordBatch | pa.Table, first_row: int, where: str
) -> tuple[pa.Array, dict[str, np.ndarray]]:
    """Validate one chunk and turn it into numpy arrays for the rules."""
    n = batch.num_rows
    years = _column(batch, "year")
    if years.null_count:
        raise InputError(f"column year, row {first_row + _first_null(years)}: missing", where)
    year = _numpy(years, pa.int64(), np.int64, "year", where)
    out_of_range = (year < 1900) | (year > 2200)
    if out_of_range.any():
        row = first_row + int(np.flatnonzero(out_of_range)[0])
        raise InputError(
            f"column year, row {row}: {year[out_of_range][0]} is not a plausible year", where
        )
    dates = _column(batch, "birth_date")
    if dates.null_count:
        raise InputError(
            f"column birth_date, row {first_row + _first_null(dates)}: missing or "
            "not a date (YYYY-MM-DD)",
            where,
        )
    birth = _numpy(dates, pa.date32(), np.int32, "birth_date", where).astype("datetime64[D]")
    household = _column(batch, "household")
    if not pa.types.is_dictionary(household.type):
        household = household.dictionary_encode()
    labels = household.dictionary.to_pylist()
    unknown = [v for v in labels if v not in HOUSEHOLDS]
    codes = _numpy(household.indices, pa.int32(), np.int32, "household", where)
    if unknown or household.null_count:
        bad_codes = [i for i, v in enumerate(labels) if v not in HOUSEHOLDS]
        offender = np.flatnonzero(np.isin(codes, bad_codes)) if bad_codes else np.array([], int)
        row = first_row + (int(offender[0]) if len(offender) else _first_null(household))
        value = shown_value(unknown[0] if unknown else "")
        raise InputError(f"column household, row {row}: {value} is not single or couple", where)
    couple = codes == labels.index("couple") if "couple" in labels else np.zeros(n, dtype=bool)
    arrays: dict[str, np.ndarray] = {"year": year, "birth": birth, "couple": couple}
    for name in ("aow", "pension", "wage", *DISPOSABLE_INPUTS):
        if name in batch.schema.names:
            column = _column(batch, name)
            if column.null_count:
                row = first_row + _first_null(column)
                raise InputError(f"column {name}, row {row}: missing or not a number", where)
            values = _numpy(column, pa.float64(), np.float64, name, where)
            arrays[name] = _money_cents(values, name, first_row, where)
        elif name not in DISPOSABLE_INPUTS:
            arrays[name] = np.zeros(n, dtype=np.int64)
    return _column(batch, "id"), arrays


def _first_null(array: pa.Array) -> int:
    return int(pa_compute.index(array.is_null(), True).as_py())


def _decimal_euros(cents: IntArray, known: np.ndarray | None = None) -> pa.Array:
    """Cents as an exact decimal(18, 2) Arrow array, without going through floats.

    Rows where ``known`` is false are empty (null), set in Arrow's validity bitmap directly.
    """
    words = np.empty((len(cents), 2), dtype=np.int64)
    words[:, 0] = cents
    words[:, 1] = cents >> 63  # sign extension into the high 64 bits
    validity = None
    if known is not None:
        known = np.asarray(known, dtype=bool)
        validity = pa.py_buffer(np.packbits(known, bitorder="little").tobytes())
    return pa.Array.from_buffers(
        pa.decimal128(18, 2), len(cents), [validity, pa.py_buffer(words.tobytes())]
    )


def _output_batch(ids: pa.Array, result: dict[str, IntArray]) -> pa.RecordBatch:
    columns = [ids.cast(pa.string())] + [_decimal_euros(result[name]) for name in OUTPUT[1:]]
    names = list(OUTPUT)
    if "disposable_monthly" in result:
        columns.append(
            _decimal_euros(result["disposable_monthly"], result["disposable_known"].astype(bool))
        )
        names.append("disposable_monthly")
    return pa.RecordBatch.from_arrays(columns, names=names)


def _csv_batches(path: Path, where: str, stream: pa.NativeFile) -> Iterator[pa.RecordBatch]:
    """Stream a CSV file in record batches with the input columns' types.

    ``stream`` is Arrow's own file, read without holding Python's lock; its position is the
    progress.
    """
    types = {
        "id": pa.string(),
        "year": pa.int64(),
        "birth_date": pa.date32(),
        "household": pa.dictionary(pa.int32(), pa.string()),
        "aow": pa.float64(),
        "pension": pa.float64(),
        "wage": pa.float64(),
        "rent": pa.float64(),
        "assets": pa.float64(),
    }
    sniff = path.open("rb").read(65536)
    first_line = sniff.split(b"\n", 1)[0].decode("utf-8-sig", errors="replace").strip("\r")
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    names = [n.strip().strip('"') for n in first_line.split(delimiter)]
    _validate_columns(names, where)
    try:
        reader = pa_csv.open_csv(
            stream,
            read_options=pa_csv.ReadOptions(block_size=CHUNK_BYTES),
            parse_options=pa_csv.ParseOptions(delimiter=delimiter),
            convert_options=pa_csv.ConvertOptions(
                column_types={k: v for k, v in types.items() if k in names},
                include_columns=[c for c in (*REQUIRED, *OPTIONAL) if c in names],
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
        yield from reader
    except pa.ArrowInvalid as exc:
        raise InputError(_arrow_message(exc), where) from None


def _arrow_message(exc: Exception) -> str:
    """Arrow's parse error as one line ("CSV conversion error to date32[day]: invalid value")."""
    text = " ".join(str(exc).split())
    return text.replace("In CSV column #", "column #")


def run_batch(
    in_path: Path, out_path: Path, engine: Engine | None = None, progress: Progress | None = None
) -> BatchStats:
    """Read, compute and write a batch file; nothing is left behind if anything fails."""
    where = str(in_path)
    in_kind, out_kind, out_dir = _checked_paths(in_path, out_path)
    engine = engine or Engine()
    handle, tmp_name = tempfile.mkstemp(prefix=f".{out_path.name}.", suffix=".part", dir=out_dir)
    os.close(handle)
    tmp = Path(tmp_name)
    rows = chunks = 0
    writer: Any = None
    # Three stages overlap: Arrow reads and parses the next chunk and writes the previous one
    # (both without Python's lock) while numpy computes this one.
    written: Future[None] | None = None
    try:
        # The pool is left (its work done) before the file it reads is closed.
        with (
            pa.OSFile(str(in_path)) as stream,
            ThreadPoolExecutor(max_workers=2, thread_name_prefix="batch") as pool,
        ):
            total_bytes = in_path.stat().st_size
            if in_kind == "csv":
                batches: Iterator[pa.RecordBatch] = _csv_batches(in_path, where, stream)
                total_rows = None
            else:
                batches, total_rows = _parquet_batches(in_path, where)
            for batch in _read_ahead(batches, pool):
                first_row = rows + 2 if in_kind == "csv" else rows + 1
                out = _computed_batch(engine, batch, first_row, where)
                if writer is None:
                    writer = _writer(out_kind, tmp, out.schema)
                if written is not None:
                    written.result()  # in order, and at most one chunk waiting to be written
                written = pool.submit(writer.write_batch, out)
                rows += batch.num_rows
                chunks += 1
                if progress:
                    fraction = rows / total_rows if total_rows else None
                    if not total_rows and total_bytes:
                        fraction = stream.tell() / total_bytes
                    progress(rows, fraction)
        if writer is None:
            raise InputError("no rows to compute", where)
        if written is not None:
            written.result()
        writer.close()
        writer = None
        os.replace(tmp, out_path)
    finally:
        if writer is not None:
            with contextlib.suppress(Exception):  # the real error is already on its way
                writer.close()
        if tmp.exists():
            tmp.unlink()
    return BatchStats(rows, chunks)


def _checked_paths(in_path: Path, out_path: Path) -> tuple[str, str, Path]:
    """The input's and output's kinds and the output's folder; refused before anything runs."""
    if not in_path.is_file():
        raise InputError("file not found", str(in_path))
    in_kind = _kind(in_path, "input")
    out_kind = _kind(out_path, "output")
    if out_path.resolve() == in_path.resolve():
        raise InputError("the output would overwrite the input", str(out_path))
    out_dir = out_path.parent if str(out_path.parent) else Path(".")
    if not out_dir.is_dir():
        raise InputError("the output folder does not exist", str(out_path))
    return in_kind, out_kind, out_dir


def _computed_batch(
    engine: Engine, batch: pa.RecordBatch, first_row: int, where: str
) -> pa.RecordBatch:
    """One chunk of the input, validated and computed, as the output's record batch."""
    ids, arrays = _chunk_to_arrays(batch, first_row, where)
    return _output_batch(ids, _compute_chunk(engine, arrays))


def _compute_chunk(engine: Engine, arrays: dict[str, Any]) -> Any:
    """``compute_arrays`` on a chunk's columns (rent and assets only where the input has them)."""
    return compute_arrays(
        engine,
        arrays["year"],
        arrays["birth"],
        arrays["couple"],
        arrays["aow"],
        arrays["pension"],
        arrays["wage"],
        arrays.get("rent"),
        arrays.get("assets"),
    )


def _writer(kind: str, path: Path, schema: pa.Schema) -> Any:
    """Arrow's streaming writer of the output kind."""
    if kind == "csv":
        return pa_csv.CSVWriter(str(path), schema, write_options=CSV_WRITE)
    return pq.ParquetWriter(str(path), schema, **PARQUET_WRITE)


def _read_ahead(
    batches: Iterator[pa.RecordBatch], pool: ThreadPoolExecutor
) -> Iterator[pa.RecordBatch]:
    """The same batches, the next one read in ``pool`` while the caller works on this one."""
    end = object()
    upcoming = pool.submit(next, batches, end)
    while True:
        batch = upcoming.result()  # a reading error is raised here, in the caller's thread
        if batch is end:
            return
        upcoming = pool.submit(next, batches, end)
        yield batch


def _parquet_batches(path: Path, where: str) -> tuple[Iterator[pa.RecordBatch], int]:
    try:
        # Column chunks read through a small buffer instead of whole row groups at once: memory
        # stays flat however large the file's row groups are.
        parquet = pq.ParquetFile(
            str(path), read_dictionary=["household"], pre_buffer=False, buffer_size=PARQUET_BUFFER
        )
    except (pa.ArrowInvalid, OSError) as exc:
        raise InputError(f"not a readable Parquet file ({_arrow_message(exc)})", where) from None
    names = parquet.schema_arrow.names
    _validate_columns(names, where)
    columns = [c for c in (*REQUIRED, *OPTIONAL) if c in names]

    def batches() -> Iterator[pa.RecordBatch]:
        for batch in parquet.iter_batches(batch_size=PARQUET_BATCH_ROWS, columns=columns):
            if not pa.types.is_date(batch.schema.field("birth_date").type):
                try:
                    batch = batch.set_column(
                        batch.schema.get_field_index("birth_date"),
                        "birth_date",
                        batch.column("birth_date").cast(pa.date32()),
                    )
                except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
                    raise InputError(f"column birth_date: {_arrow_message(exc)}", where) from None
            yield batch

    return batches(), parquet.metadata.num_rows


def _kind(path: Path, role: str) -> str:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in (".parquet", ".pq"):
        return "parquet"
    raise InputError(f"the {role} must be a .csv or .parquet file", str(path))


def compute_frame(frame: pd.DataFrame, engine: Engine | None = None) -> pd.DataFrame:
    """The batch computation on a pandas DataFrame (one Dask partition, or a whole file).

    Output amounts are euros as float64 with two decimals (exact to the cent as decimals).
    """
    import pandas as pd  # only here: the command-line batch path does without pandas

    _validate_columns(list(frame.columns), "data frame")
    table = pa.Table.from_pandas(frame, preserve_index=False)
    if not pa.types.is_date(table.schema.field("birth_date").type):
        table = table.set_column(
            table.schema.get_field_index("birth_date"),
            "birth_date",
            pa_compute.strptime(table.column("birth_date"), "%Y-%m-%d", "s").cast(pa.date32()),
        )
    ids, arrays = _chunk_to_arrays(table, 0, "data frame")
    result = _compute_chunk(engine or Engine(), arrays)
    out = pd.DataFrame({"id": frame["id"].to_numpy()})
    for name in OUTPUT[1:]:
        out[name] = result[name] / CENTS
    if "disposable_monthly" in result:
        known = result["disposable_known"].astype(bool)
        out["disposable_monthly"] = np.where(known, result["disposable_monthly"] / CENTS, np.nan)
    return out


def compute_dask(frame: Any, engine: Engine | None = None) -> Any:
    """Map the batch computation over a Dask DataFrame's partitions (beyond one machine)."""
    import pandas as pd

    meta = pd.DataFrame(
        {
            "id": pd.Series(dtype=frame["id"].dtype),
            **{name: pd.Series(dtype="float64") for name in OUTPUT[1:]},
        }
    )
    shared = engine or Engine()
    return frame.map_partitions(compute_frame, shared, meta=meta)


def stderr_progress(label: str = "batch") -> Progress:
    """A progress bar on standard error (redrawn in place on a terminal, sparse otherwise)."""
    tty = sys.stderr.isatty()
    state = {"shown": -1.0}

    def show(rows: int, fraction: float | None) -> None:
        if fraction is None:
            sys.stderr.write(f"{label}: {rows:,} rows\n")
            return
        if not tty and fraction - state["shown"] < 0.1 and fraction < 1:
            return
        state["shown"] = fraction
        filled = int(fraction * 30)
        bar = "#" * filled + "-" * (30 - filled)
        end = "\r" if tty and fraction < 1 else "\n"
        sys.stderr.write(f"{label}: [{bar}] {fraction:4.0%} {rows:,} rows{end}")
        sys.stderr.flush()

    return show
