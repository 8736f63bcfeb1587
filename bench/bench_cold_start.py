"""Cold start of the `ogi` command: whole-process wall time of a short command, median of N runs.

A one-file `ogi extract` is mostly start-up: imports, OpenCC, the region tables and jieba's
dictionary. Each command runs in a fresh interpreter (`python -m flows.cli`, what the `ogi` entry
point runs) from this checkout, the runs of the commands interleaved so that a busy machine slows
them all alike. Target (issue: cold start): `ogi extract` of a text report in under a second.

    python bench/bench_cold_start.py [--runs N] [--text FILE] [--html FILE] [--docx FILE]

Run the copy of this script inside another checkout to measure that checkout (before/after).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpus"


def commands(text: Path, html: Path, docx: Path) -> dict[str, list[str]]:
    """The measured commands, by label."""
    return {
        "ogi --help": ["--help"],
        f"ogi extract {text.name} --json": ["extract", str(text), "--json"],
        f"ogi extract {html.name} --json": ["extract", str(html), "--json"],
        f"ogi extract {docx.name} --json": ["extract", str(docx), "--json"],
    }


def wall_time(args: list[str]) -> float:
    """Seconds one `ogi ARGS` process takes from start to exit (output discarded)."""
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=REPO, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--text", type=Path, default=SHARED / "real" / "pingtan_2020.txt")
    ap.add_argument("--html", type=Path, default=REPO / "examples" / "xuanwei_2021.html")
    ap.add_argument("--docx", type=Path, default=REPO / "examples" / "shiping_2022.docx")
    args = ap.parse_args()
    cmds = commands(args.text.resolve(), args.html.resolve(), args.docx.resolve())
    for argv in cmds.values():  # once untimed: .pyc files and the prepared jieba dictionary exist
        wall_time(argv)
    times: dict[str, list[float]] = {label: [] for label in cmds}
    for _ in range(args.runs):
        for label, argv in cmds.items():
            times[label].append(wall_time(argv))
    print(f"{REPO}  ({args.runs} runs each, interleaved)")
    print(f"{'command':50s} {'median s':>9s} {'min s':>7s} {'max s':>7s}")
    for label, values in times.items():
        print(f"{label[:50]:50s} {statistics.median(values):9.3f} {min(values):7.3f} {max(values):7.3f}")


if __name__ == "__main__":
    main()
