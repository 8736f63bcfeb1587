"""Snapshot every record the pipeline gives for a set of documents, and diff two snapshots.

A speed change must not change a single record: take a snapshot before, change the code, take one
after, and diff. Each document's `ogi extract --json` shape is written to one JSON file (the parser
version and timings left out); a document that fails is recorded with its error.

    python bench/record_snapshot.py take OUT_DIR [PATH ...]      # default: examples, tests/fixtures, ../shared/corpus
    python bench/record_snapshot.py diff BEFORE_DIR AFTER_DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from extractors.errors import ExtractionError
from flows.local_files import extract_path
from pipeline.record import to_json

DEFAULT_PATHS = [REPO / "examples", REPO / "tests" / "fixtures", REPO.parent / "shared" / "corpus"]
SUFFIXES = {".pdf", ".html", ".htm", ".docx", ".txt", ".md", ".png", ".jpg", ".jpeg", ".tif", ".tiff", ".doc",
            ".wps", ".xls", ".xlsx", ".rtf", ".mht"}
VOLATILE = ("parser_version",)


def documents(paths: list[Path]) -> list[Path]:
    """Report-like files under `paths` (truth files, READMEs and scorer files left out)."""
    out: list[Path] = []
    for p in paths:
        files = sorted(p.rglob("*")) if p.is_dir() else [p]
        out += [f for f in files if f.is_file() and f.suffix.lower() in SUFFIXES and ".truth" not in f.name
                and f.name.lower() != "readme.md"]
    return out


def snapshot_name(path: Path) -> str:
    """A file name unique per document path, readable at a glance."""
    return f"{path.name}.{hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:8]}.json"


def take(out_dir: Path, paths: list[Path]) -> int:
    out_dir.mkdir(parents=True, exist_ok=True)
    docs = documents(paths)
    for i, path in enumerate(docs, 1):
        try:
            shape = to_json(extract_path(path))
            for key in VOLATILE:
                shape.pop(key, None)
        except ExtractionError as exc:
            shape = {"error": {"stage": exc.stage, "reason": exc.reason}}
        (out_dir / snapshot_name(path)).write_text(
            json.dumps({"path": str(path), "record": shape}, ensure_ascii=False, indent=1, sort_keys=True,
                       default=str), "utf-8")
        print(f"\r{i}/{len(docs)} {path.name[:60]:60s}", end="", file=sys.stderr)
    print(file=sys.stderr)
    return len(docs)


def diff(before: Path, after: Path) -> list[str]:
    """Names of snapshots that differ, or exist on one side only."""
    a = {p.name: p.read_text("utf-8") for p in before.glob("*.json")}
    b = {p.name: p.read_text("utf-8") for p in after.glob("*.json")}
    return sorted(n for n in a.keys() | b.keys() if a.get(n) != b.get(n))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    t = sub.add_parser("take", help="write one JSON per document into OUT_DIR")
    t.add_argument("out_dir", type=Path)
    t.add_argument("paths", type=Path, nargs="*")
    d = sub.add_parser("diff", help="list the documents whose records differ")
    d.add_argument("before", type=Path)
    d.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "take":
        n = take(args.out_dir, args.paths or DEFAULT_PATHS)
        print(f"{n} records written to {args.out_dir}")
        return 0
    changed = diff(args.before, args.after)
    for name in changed:
        print(name)
    print(f"{len(changed)} of {len(list(args.before.glob('*.json')))} records differ", file=sys.stderr)
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
