"""Mutation fuzzing of every extractor for a bounded time.

    python bench/fuzz_extractors.py [--seconds 600] [--only pdf,html,docx,text,image]

Seeds are the example corpus; each round mutates one seed (bit flips, byte runs, truncation,
splices, repeated blocks) and feeds it to the extractor. An `ExtractionError` is the expected
answer to bad bytes; any other exception is a crash: the input is saved under
bench/fuzz_crashes/ and must become a regression test. Prints inputs tried and crashes found.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.errors import ExtractionError
from extractors.ocr.engine import load_image
from extractors.registry import reader_for

SEEDS = {
    "pdf": ["shuyang_2023.pdf"],
    "html": ["xuanwei_2021.html", "zhaotong_2020_traditional.html", "siyang_2024_broken_review.html"],
    "docx": ["shiping_2022.docx"],
    "text": ["qingtongxia_2019.txt", "hongze_2022.md"],
    "image": ["../tests/fixtures/scans/shuyang_2023_200_clean_p1.png",
              "../tests/fixtures/scans/qingtongxia_2019_150_degraded_p1.jpg"],
}
CRASHES = REPO / "bench" / "fuzz_crashes"


def mutate(data: bytes, rng: random.Random, pool: list[bytes]) -> bytes:
    buf = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(6)
        if not buf:
            buf = bytearray(rng.randbytes(16))
        pos = rng.randrange(len(buf))
        if op == 0:  # flip bits
            buf[pos] ^= 1 << rng.randrange(8)
        elif op == 1:  # overwrite a run with random bytes
            n = rng.randint(1, 64)
            buf[pos:pos + n] = rng.randbytes(n)
        elif op == 2:  # truncate
            del buf[pos:]
        elif op == 3:  # delete a block
            del buf[pos:pos + rng.randint(1, 512)]
        elif op == 4:  # splice from another seed
            other = rng.choice(pool)
            start = rng.randrange(max(1, len(other)))
            buf[pos:pos] = other[start:start + rng.randint(1, 2048)]
        else:  # repeat a block (deep nesting, long runs)
            block = bytes(buf[pos:pos + rng.randint(1, 64)])
            buf[pos:pos] = block * rng.randint(2, 200)
    return bytes(buf)


def fuzz(fmt: str, seconds: float, rng: random.Random) -> tuple[int, int]:
    extract = reader_for(fmt)
    seeds = [(REPO / "examples" / name).read_bytes() for name in SEEDS[fmt]]
    tried = crashes = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        data = mutate(rng.choice(seeds), rng, seeds)
        tried += 1
        try:
            doc = extract(data, f"fuzz.{fmt}")
            for block in doc.images if fmt == "image" else ():
                load_image(block.data)  # what the OCR stage decodes next
        except ExtractionError:
            pass
        except Exception:  # noqa: BLE001 - a crash is what we are looking for
            crashes += 1
            CRASHES.mkdir(exist_ok=True)
            name = CRASHES / f"{fmt}-{hashlib.sha256(data).hexdigest()[:12]}"
            name.with_suffix(".bin").write_bytes(data)
            name.with_suffix(".txt").write_text(traceback.format_exc(), "utf-8")
    return tried, crashes


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=600, help="time per extractor")
    ap.add_argument("--only", default="pdf,html,docx,text,image")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    print(f"{'extractor':10s} {'seconds':>8s} {'inputs':>8s} {'crashes':>8s}")
    for fmt in args.only.split(","):
        tried, crashes = fuzz(fmt, args.seconds, rng)
        print(f"{fmt:10s} {args.seconds:8.0f} {tried:8d} {crashes:8d}", flush=True)


if __name__ == "__main__":
    main()
