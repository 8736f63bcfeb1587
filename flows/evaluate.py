"""Score a document record against a truth file (the corpus format of `shared/corpus/README.md`).

Used by the corpus test and by `ogi evaluate`: per document, the share of table cells read
exactly as printed, the cells that differ, metadata agreement, prose counts found, the cells of a
pre-2019 statistics table (`legacy_stats_table`) read as printed, and whether the identities the
truth says are broken were stored as failed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from normalizers.values import parse_value
from pipeline.record import DocumentRecord

DISTRACTOR_MARKS = ("干扰项", "非统计数")


@dataclass
class Evaluation:
    source: str
    cells_total: int = 0
    cells_ok: int = 0
    wrong_cells: list[tuple[str, Any, Any]] = field(default_factory=list)
    metadata_mismatch: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    prose_total: int = 0
    prose_found: int = 0
    prose_missing: list[str] = field(default_factory=list)
    missing_failed_checks: list[str] = field(default_factory=list)
    uncertain_not_flagged: list[str] = field(default_factory=list)
    tables_missing_not_stated: bool = False
    pre2019_total: int = 0
    pre2019_ok: int = 0
    wrong_pre2019: list[tuple[str, Any, Any]] = field(default_factory=list)

    @property
    def cell_accuracy(self) -> float:
        return 1.0 if self.cells_total == 0 else self.cells_ok / self.cells_total

    @property
    def perfect(self) -> bool:
        return (not self.wrong_cells and not self.metadata_mismatch and not self.missing_failed_checks
                and not self.uncertain_not_flagged and not self.tables_missing_not_stated and not self.wrong_pre2019)


def truth_path_for(doc_path: Path, truth_dirs: list[Path]) -> Path | None:
    """`x.pdf` → `x.truth.json` beside it or in one of `truth_dirs`."""
    name = doc_path.name.rsplit(".", 1)[0] + ".truth.json"
    for d in [doc_path.parent, *truth_dirs]:
        if (d / name).exists():
            return d / name
    return None


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return Decimal(str(a)) == Decimal(str(b))


def evaluate(rec: DocumentRecord, truth: dict[str, Any]) -> Evaluation:
    ev = Evaluation(rec.source)
    facts = rec.fact_map()
    uncertain = truth.get("uncertain_keys", {})
    for key, expected in truth.get("facts", {}).items():
        if key in uncertain:
            if key in facts and "uncertain" not in facts[key].flags and facts[key].value.number is not None:
                ev.uncertain_not_flagged.append(key)
            continue
        ev.cells_total += 1
        got = facts[key].value.json_number() if key in facts else "absent"
        if key in facts and _same(got, expected):
            ev.cells_ok += 1
        else:
            ev.wrong_cells.append((key, expected, got))
    for field_name, got in (("doc_type", rec.doc_type), ("year", rec.year),
                            ("adcode", rec.region.adcode if rec.region else None), ("template", rec.template)):
        if field_name in truth and str(truth[field_name]) != str(got):
            ev.metadata_mismatch[field_name] = (truth[field_name], got)
    for what, value in truth.get("narrative_counts", {}).items():
        if any(mark in what for mark in DISTRACTOR_MARKS):
            # a number the truth lists as a trap (e.g. 国令第711号): it must NOT be a count
            if _prose_found(rec, value):
                ev.prose_missing.append(f"{what}: {value} was reported as a count")
            continue
        ev.prose_total += 1
        if _prose_found(rec, value):
            ev.prose_found += 1
        else:
            ev.prose_missing.append(f"{what}: {value}")
    failed = {c.identity for c in rec.checks if c.status == "fail"}
    ev.missing_failed_checks = [i for i in truth.get("expect_failed_checks", {}) if i not in failed]
    if "tables" in truth:
        ev.tables_missing_not_stated = not any(t.status == "missing" and t.reason for t in rec.tables)
    if "legacy_stats_table" in truth:
        _evaluate_pre2019(rec, truth["legacy_stats_table"], ev)
    return ev


def _evaluate_pre2019(rec: DocumentRecord, want: dict[str, Any], ev: Evaluation) -> None:
    """Score the pre-2019 statistics table: every truth row × column, by printed label (unit in brackets)
    and printed column header; a row or column the record lacks counts as wrong."""
    got: dict[tuple[str, str], Any] = {}
    for table in rec.pre2019_tables:
        for row in table.rows:
            for cell in row.cells:
                got.setdefault((row.key, cell.column), cell.value.json_number())
    for label, values in want["rows"].items():
        for column, expected in zip(want["columns"], values):
            ev.pre2019_total += 1
            value = got.get((label, column), "absent")
            if (label, column) in got and _same(value, expected):
                ev.pre2019_ok += 1
            else:
                ev.wrong_pre2019.append((f"{label} × {column}", expected, value))


def _prose_found(rec: DocumentRecord, expected: Any) -> bool:
    want = parse_value(str(expected))
    for c in rec.prose_counts:
        if c.value.number is None or want.number is None or c.value.number != want.number:
            continue
        if (want.kind == "approx") != (c.value.kind == "approx"):
            continue
        if (want.unit == "%") != (c.value.unit == "%"):
            continue
        return True
    return False


def load_truth(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def format_table(rows: list[Evaluation]) -> str:
    """A plain-text accuracy table, one line per document, then the cells that differ."""
    lines = [f"{'document':36s} {'cells':>11s} {'acc':>7s} {'prose':>7s} {'pre2019':>9s}  issues"]
    for ev in rows:
        issues = []
        if ev.metadata_mismatch:
            issues.append("metadata " + ", ".join(f"{k}: want {a} got {b}" for k, (a, b) in ev.metadata_mismatch.items()))
        if ev.missing_failed_checks:
            issues.append("failed checks not stored: " + ", ".join(ev.missing_failed_checks))
        if ev.uncertain_not_flagged:
            issues.append("uncertain cells not flagged: " + ", ".join(ev.uncertain_not_flagged))
        if ev.tables_missing_not_stated:
            issues.append("missing tables not stated")
        name = Path(ev.source).name
        pre2019 = f"{ev.pre2019_ok:>4d}/{ev.pre2019_total:<4d}" if ev.pre2019_total else f"{'—':^9s}"
        lines.append(f"{name:36s} {ev.cells_ok:>5d}/{ev.cells_total:<5d} {ev.cell_accuracy:7.1%} "
                     f"{ev.prose_found:>3d}/{ev.prose_total:<3d} {pre2019}  {'; '.join(issues)}")
        for key, want, got in ev.wrong_cells[:20]:
            lines.append(f"    cell {key}: truth {want}, read {got}")
        for key, want, got in ev.wrong_pre2019[:20]:
            lines.append(f"    pre2019 {key}: truth {want}, read {got}")
        for p in ev.prose_missing[:10]:
            lines.append(f"    prose count not found: {p}")
    return "\n".join(lines)
