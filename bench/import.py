"""Import benchmark: prints how long the importers take on realistic files.

Targets (issue "Sources"): a Mijnpensioenoverzicht file imports in under 50 ms; a CAMT.053
statement with 20,000 entries in under 1 s. Each figure is the median of several runs after a
warm-up, with a baseline in the same process (parsing the same bytes with the standard library
alone) so machines of different speed can be compared.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
import xml.etree.ElementTree as StdET
from collections.abc import Callable
from pathlib import Path

from pensioenchecker.sources.registry import import_bytes

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "resources" / "demo"
TARGET_MPO_MS = 50.0
TARGET_CAMT_S = 1.0


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Median wall time of ``runs`` calls after one warm-up call."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def camt053(entries: int) -> bytes:
    """A synthetic CAMT.053.001.02 statement with ``entries`` booked entries."""
    ntry = []
    for i in range(entries):
        credit = i % 7 == 0
        amount = f"{(i * 37) % 2500 + 1}.{i % 100:02d}"
        party = "Cdtr" if not credit else "Dbtr"
        ntry.append(
            f'<Ntry><Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>{"CRDT" if credit else "DBIT"}'
            f"</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}</Dt>"
            f"</BookgDt><ValDt><Dt>2026-{i % 12 + 1:02d}-{i % 28 + 1:02d}</Dt></ValDt>"
            f"<NtryDtls><TxDtls><RltdPties><{party}><Nm>Tegenpartij {i % 50} (synthetisch)</Nm>"
            f"</{party}><{party}Acct><Id><IBAN>NL00DEMO{i % 50:010d}</IBAN></Id></{party}Acct>"
            f"</RltdPties><RmtInf><Ustrd>Omschrijving {i}</Ustrd></RmtInf></TxDtls></NtryDtls>"
            "</Ntry>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>'
        "<GrpHdr><MsgId>DEMO</MsgId><CreDtTm>2026-12-31T12:00:00</CreDtTm></GrpHdr><Stmt>"
        "<Id>DEMO-1</Id><CreDtTm>2026-12-31T12:00:00</CreDtTm><Acct><Id><IBAN>NL00DEMO0000000001"
        "</IBAN></Id></Acct>" + "".join(ntry) + "</Stmt></BkToCstmrStmt></Document>"
    ).encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--entries", type=int, default=20_000)
    args = parser.parse_args()

    print("== Mijnpensioenoverzicht files (import: parse, validate, normalise) ==")
    worst = 0.0
    for path in sorted(DEMO.rglob("*")):
        if path.suffix not in (".xml", ".json") or "pensioen" not in path.name.lower():
            continue
        data = path.read_bytes()
        ours = median_seconds(lambda d=data, p=path: import_bytes(d, p.name), args.runs)
        if path.suffix == ".json":
            base = median_seconds(lambda d=data: json.loads(d), args.runs)
        else:
            base = median_seconds(lambda d=data: StdET.fromstring(d), args.runs)
        worst = max(worst, ours)
        print(
            f"{path.relative_to(DEMO)!s:<48} {len(data) / 1024:6.1f} KiB  "
            f"{ours * 1000:7.2f} ms  (plain parse {base * 1000:6.2f} ms, x{ours / base:5.1f})"
        )
    print(
        f"slowest {worst * 1000:.2f} ms; target < {TARGET_MPO_MS:.0f} ms -> "
        f"{'MET' if worst * 1000 < TARGET_MPO_MS else 'NOT MET'}"
    )

    print(f"\n== CAMT.053 with {args.entries:,} entries ==")
    data = camt053(args.entries)
    runs = max(5, args.runs // 3)
    # Ours and the baseline take turns, so a machine that slows down for a while slows both.
    ours, base = paired_seconds(
        lambda: import_bytes(data, "statement.xml"), lambda: StdET.fromstring(data), runs
    )
    count = len(import_bytes(data, "statement.xml").transactions)
    print(
        f"{len(data) / 2**20:.1f} MiB, {count:,} transactions: {ours:.3f} s "
        f"(plain parse {base:.3f} s, x{ours / base:.1f}; median of {runs} runs each, taking "
        f"turns); target < {TARGET_CAMT_S:.0f} s -> "
        f"{'MET' if ours < TARGET_CAMT_S else 'NOT MET'}"
    )


def paired_seconds(
    action: Callable[[], object], baseline: Callable[[], object], runs: int
) -> tuple[float, float]:
    """Medians of ``runs`` calls of each, alternating, after one warm-up call of each."""
    action()
    baseline()
    ours: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        for call, times in ((action, ours), (baseline, base)):
            start = time.perf_counter()
            call()
            times.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(base)


if __name__ == "__main__":
    main()
