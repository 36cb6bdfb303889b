"""Batch runs: the same figures as ``net``, streamed, refused cleanly, never half-written."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from pensioenchecker.cli import main
from pensioenchecker.engine import Engine
from pensioenchecker.errors import InputError
from pensioenchecker.projection import batch as batch_module
from pensioenchecker.projection.batch import compute_frame, run_batch

HEADER = ["id", "year", "birth_date", "household", "aow", "pension"]
ROWS = [
    # OLA 2025 single: income tax 5847; Zvw floor(45192.44 x 5.26%) = 2377.12
    [1, 2025, "1955-03-15", "single", "20192.44", "25000"],
    # OLA 2025 partner 2: income tax 1612; Zvw floor(28850.18 x 5.26%) = 1517.51
    [2, 2025, "1956-05-15", "couple", "13850.18", "15000"],
]


def write_csv(path: Path, header: list[str], rows: list[list[object]], sep: str = ",") -> Path:
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle, delimiter=sep)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def read_out(path: Path) -> list[dict[str, str]]:
    with path.open(newline="") as handle:
        return list(csv.DictReader(handle))


def test_batch_csv_figures(tmp_path):
    src = write_csv(tmp_path / "in.csv", HEADER, ROWS)
    dst = tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(dst), "--quiet"]) == 0
    out = read_out(dst)
    assert list(out[0]) == ["id", "gross", "income_tax", "zvw", "net_annual", "net_monthly"]
    assert out[0] == {
        "id": "1",
        "gross": "45192.44",
        "income_tax": "5847.00",
        "zvw": "2377.12",
        "net_annual": "36968.32",
        "net_monthly": "3080.69",
    }
    # 28850.18 - 1612 - 1517.51 = 25720.67; / 12 = 2143.389 -> 2143.39
    assert out[1] == {
        "id": "2",
        "gross": "28850.18",
        "income_tax": "1612.00",
        "zvw": "1517.51",
        "net_annual": "25720.67",
        "net_monthly": "2143.39",
    }


def test_batch_equals_net_for_the_same_person(tmp_path, capsys):
    src = write_csv(
        tmp_path / "in.csv",
        [*HEADER, "wage"],
        [[7, 2026, "1960-06-30", "single", "3000", "12000.50", "18000"]],
    )
    dst = tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(dst), "--quiet"]) == 0
    assert (
        main(
            [
                "net",
                "--year",
                "2026",
                "--birth-date",
                "1960-06-30",
                "--household",
                "single",
                "--aow",
                "3000",
                "--pension",
                "12000.50",
                "--wage",
                "18000",
                "--json",
            ]
        )
        == 0
    )
    import json

    net = json.loads(capsys.readouterr().out)
    row = read_out(dst)[0]
    assert float(row["net_annual"]) == net["net_annual"]
    assert float(row["income_tax"]) == net["income_tax"]


def test_batch_semicolon_csv_and_parquet_round_trip(tmp_path):
    src = write_csv(tmp_path / "in.csv", HEADER, ROWS, sep=";")
    dst = tmp_path / "out.parquet"
    run_batch(src, dst)
    table = pq.read_table(dst).to_pandas()
    assert [str(v) for v in table["income_tax"]] == ["5847.00", "1612.00"]
    again = tmp_path / "again.csv"
    pq.write_table(
        pa.table(
            {
                "id": [1, 2],
                "year": [2025, 2025],
                "birth_date": pa.array(["1955-03-15", "1956-05-15"]).cast(pa.string()),
                "household": ["single", "couple"],
                "aow": [20192.44, 13850.18],
                "pension": [25000.0, 15000.0],
            }
        ),
        tmp_path / "in.parquet",
    )
    run_batch(tmp_path / "in.parquet", again)
    assert [r["net_annual"] for r in read_out(again)] == ["36968.32", "25720.67"]


def test_batch_streams_in_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "CHUNK_BYTES", 4096)
    rows = [[i, 2025, "1955-03-15", "single", "20192.44", "25000"] for i in range(2000)]
    src = write_csv(tmp_path / "in.csv", HEADER, rows)
    stats = run_batch(src, tmp_path / "out.csv")
    assert stats.rows == 2000 and stats.chunks > 5
    out = read_out(tmp_path / "out.csv")
    assert len(out) == 2000 and {r["income_tax"] for r in out} == {"5847.00"}


@pytest.mark.parametrize(
    ("header", "row", "fragment"),
    [
        (["a", "b"], [1, 2], "missing column"),
        (HEADER, [1, 2025, "1955-02-30", "single", "1", "1"], "1955-02-30"),
        (HEADER, [1, 2025, "1955-03-15", "trio", "1", "1"], "'trio' is not single or couple"),
        (HEADER, [1, 2025, "1955-03-15", "single", "-1", "1"], "column aow, row 2: negative"),
        (HEADER, [1, 2025, "1955-03-15", "single", "1", "abc"], "abc"),
        (HEADER, [1, 2025, "1955-03-15", "single", "1", ""], "pension"),
        (HEADER, [1, 99999, "1955-03-15", "single", "1", "1"], "not a plausible year"),
    ],
)
def test_batch_refuses_bad_files_and_leaves_nothing(tmp_path, capsys, header, row, fragment):
    src = write_csv(tmp_path / "in.csv", header, [row])
    dst = tmp_path / "out.csv"
    assert main(["batch", str(src), "-o", str(dst), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert fragment in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_batch_error_in_a_later_chunk_leaves_no_partial_output(tmp_path, monkeypatch):
    monkeypatch.setattr(batch_module, "CHUNK_BYTES", 4096)
    rows = [[i, 2025, "1955-03-15", "single", "100", "100"] for i in range(1500)]
    rows.append([1500, 2025, "1955-03-15", "single", "-100", "100"])
    src = write_csv(tmp_path / "in.csv", HEADER, rows)
    with pytest.raises(InputError, match="row 1502"):
        run_batch(src, tmp_path / "out.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_batch_missing_input_and_bad_suffix(tmp_path, capsys):
    assert main(["batch", str(tmp_path / "nope.csv"), "-o", str(tmp_path / "o.csv")]) == 2
    assert "file not found" in capsys.readouterr().err
    src = write_csv(tmp_path / "in.csv", HEADER, ROWS)
    assert main(["batch", str(src), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert ".csv or .parquet" in capsys.readouterr().err


def test_compute_frame_and_dask_give_the_same_figures():
    frame = pd.DataFrame(ROWS, columns=HEADER)
    frame["aow"] = frame["aow"].astype(float)
    frame["pension"] = frame["pension"].astype(float)
    out = compute_frame(frame, Engine())
    assert list(out["income_tax"]) == [5847.0, 1612.0]
    dd = pytest.importorskip("dask.dataframe")
    from pensioenchecker.projection.batch import compute_dask

    big = pd.concat([frame] * 50, ignore_index=True)
    result = compute_dask(dd.from_pandas(big, npartitions=4)).compute()
    expected = compute_frame(big)["net_annual"].to_numpy()
    assert np.array_equal(result["net_annual"].to_numpy(), expected)


# The hand-checked rows above, and one with a wage, as the single-household ``net`` gives them.
NET_ROWS = [
    *ROWS,
    [7, 2026, "1960-06-30", "single", "3000", "12000.50"],
]


def _net_figures(capsys, row: list[object], wage: str) -> dict[str, str]:
    """``net --json`` for one row of a batch file, as the batch output's strings."""
    import json

    _, year, birth, household, aow, pension = row
    assert main(["net", "--year", str(year), "--birth-date", str(birth), "--household",
                 str(household), "--aow", str(aow), "--pension", str(pension), "--wage", wage,
                 "--json"]) == 0  # fmt: skip
    net = json.loads(capsys.readouterr().out)
    return {name: f"{net[name]:.2f}" for name in ("gross", "income_tax", "zvw", "net_annual")}


@pytest.mark.parametrize("source", ["csv", "parquet"])
@pytest.mark.parametrize("target", ["csv", "parquet"])
def test_csv_and_parquet_in_and_out_give_the_figures_of_net(tmp_path, capsys, source, target):
    wages = ["0", "0", "18000"]
    rows = [[*row, wage] for row, wage in zip(NET_ROWS, wages, strict=True)]
    src = write_csv(tmp_path / "in.csv", [*HEADER, "wage"], rows)
    if source == "parquet":
        table = pa.table({
            "id": pa.array([str(r[0]) for r in rows]),
            "year": pa.array([r[1] for r in rows], pa.int32()),  # cast by the reader
            "birth_date": pa.array([r[2] for r in rows]).cast(pa.date32()),
            "household": [r[3] for r in rows],
            "aow": [float(r[4]) for r in rows],
            "pension": [float(r[5]) for r in rows],
            "wage": pa.array([int(w) for w in wages], pa.int64()),  # whole euros as integers
        })  # fmt: skip
        src = tmp_path / "in.parquet"
        pq.write_table(table, src)
    dst = tmp_path / f"out.{target}"
    assert main(["batch", str(src), "-o", str(dst), "--quiet"]) == 0
    if target == "csv":
        out = read_out(dst)
    else:
        out = [{k: str(v) for k, v in r.items()} for r in pq.read_table(dst).to_pylist()]
    assert [r["id"] for r in out] == ["1", "2", "7"]
    # The hand-checked figures of the first two rows (see ROWS), in every combination.
    assert [r["income_tax"] for r in out[:2]] == ["5847.00", "1612.00"]
    assert [r["zvw"] for r in out[:2]] == ["2377.12", "1517.51"]
    assert [r["net_annual"] for r in out[:2]] == ["36968.32", "25720.67"]
    for row, wage, figures in zip(NET_ROWS, wages, out, strict=True):
        expected = _net_figures(capsys, row, wage)
        assert {name: figures[name] for name in expected} == expected


def test_parquet_missing_amount_is_refused_with_its_row(tmp_path, capsys):
    table = pa.table({
        "id": ["a", "b"], "year": [2025, 2025],
        "birth_date": pa.array(["1955-03-15", "1956-05-15"]).cast(pa.date32()),
        "household": ["single", "couple"], "aow": [20192.44, None], "pension": [1.0, 2.0],
    })  # fmt: skip
    pq.write_table(table, tmp_path / "in.parquet")
    assert main(["batch", str(tmp_path / "in.parquet"), "-o", str(tmp_path / "o.csv")]) == 2
    err = capsys.readouterr().err
    assert "column aow, row 2: missing" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.parquet"]


def test_the_command_line_batch_does_without_pandas(tmp_path):
    """Arrow's ``to_numpy`` would import pandas: 0.2 s and tens of megabytes per run."""
    import subprocess
    import sys

    # With a rent column, so the disposable-income path is covered too.
    src = write_csv(tmp_path / "in.csv", [*HEADER, "rent"], [[*row, "650"] for row in ROWS])
    code = (
        "import sys; from pensioenchecker.cli import main; "
        f"code = main(['batch', {str(src)!r}, '-o', {str(tmp_path / 'o.parquet')!r}, '--quiet']);"
        "print(code, 'pandas' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["0", "False"]
