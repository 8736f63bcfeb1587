"""Time bulk loading: N synthetic documents × F facts into a fresh warehouse file.

Target (design brief): 10,000 documents × ~200 facts in ≤ 10 s. Usage:
    python bench/bench_load.py [--docs 10000] [--facts 200] [--batch 1000]
Record building is timed separately from loading because real ingests build records in the
extraction workers. Measured on the 2-core build VM (Nov 2026, shared with other jobs): first
load 7.2–9.7 s, reload 8.0–10.3 s; about half is turning Python objects into Arrow columns.
"""

from __future__ import annotations

import argparse
import gc
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.synthetic import synthetic_record
from warehouse.connect import open_warehouse
from warehouse.load import BULK_BATCH_DOCS, load_records


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=10_000)
    ap.add_argument("--facts", type=int, default=200)
    ap.add_argument("--batch", type=int, default=BULK_BATCH_DOCS)
    args = ap.parse_args()

    t0 = time.perf_counter()
    recs = [synthetic_record(i, args.facts) for i in range(args.docs)]
    t_build = time.perf_counter() - t0
    # A real ingest streams records a batch at a time; holding 10k records (≈6 M objects) at
    # once would make every garbage collection rescan them, which is a cost of this script only.
    gc.freeze()

    with tempfile.TemporaryDirectory() as tmp:
        con = open_warehouse(Path(tmp) / "bench.duckdb")
        timings = []
        for label in ("first load", "reload (replace)"):
            t0 = time.perf_counter()
            for i in range(0, len(recs), args.batch):
                load_records(con, recs[i:i + args.batch])
            timings.append((label, time.perf_counter() - t0))
        n_facts = con.execute("SELECT count(*) FROM facts").fetchall()[0][0]
        con.close()

    print(f"synthesised {args.docs} records in {t_build:.1f} s")
    for label, secs in timings:
        print(f"{label}: {args.docs} documents, {n_facts} facts in {secs:.2f} s "
              f"({n_facts / secs:,.0f} facts/s, batch {args.batch})")


if __name__ == "__main__":
    main()
