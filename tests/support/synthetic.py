"""Deterministic synthetic DocumentRecords for warehouse tests and the load benchmark.

They exercise every table and value kind without needing the extraction pipeline, so the
warehouse can be tested (and timed) on its own.
"""

from __future__ import annotations

import hashlib
import random
from decimal import Decimal
from pathlib import Path

from extractors.document import Provenance
from normalizers.values import Value
from pipeline.record import (
    Check,
    DocumentRecord,
    Fact,
    ProseCount,
    Region,
    ScoreItem,
    ScoreTable,
    TableStatus,
)
from warehouse.connect import open_warehouse
from warehouse.load import load_records

REGIONS = (
    Region("320813", "江苏省", "淮安市", "洪泽区", "resolved", "淮安市洪泽区人民政府"),
    Region("321322", "江苏省", "宿迁市", "沭阳县", "resolved", "沭阳县人民政府"),
    Region("530381", "云南省", "曲靖市", "宣威市", "resolved", "宣威市人民政府"),
    Region("640381", "宁夏回族自治区", "吴忠市", "青铜峡市", "resolved", "青铜峡市人民政府"),
)


def _keys(n: int) -> list[str]:
    """`n` fact keys: canonical ones from the spec first, then made-up extra columns."""
    try:
        from normalizers.spec import load_spec

        keys = load_spec().all_keys()
    except ImportError:
        keys = []
    keys = keys[:n]
    keys += [f"applications/synthetic_{i}/total" for i in range(n - len(keys))]
    return keys


def _value(rng: random.Random) -> Value:
    roll = rng.random()
    if roll < 0.85:
        n = rng.randrange(0, 2000)
        return Value("number", f"{n:,}", Decimal(n))
    if roll < 0.9:
        return Value("blank", "")
    if roll < 0.95:
        return Value("na", "/")
    if roll < 0.98:
        n = rng.randrange(100, 3000)
        return Value("approx", f"{n}余", Decimal(n), "件", "over")
    return Value("number", "29550.7315万元", Decimal(295507315), "元")


def synthetic_record(
    seed: int, n_facts: int = 200, parser_version: str = "0.1.0", source: str | None = None
) -> DocumentRecord:
    """A plausible annual-report record; the same seed gives the same record (and sha256)."""
    rng = random.Random(seed)
    sha = hashlib.sha256(f"synthetic-{seed}".encode()).hexdigest()
    source = source or f"synthetic/{seed:05d}.pdf"
    facts = []
    for i, key in enumerate(_keys(n_facts)):
        table, row, col = key.split("/")
        prov = Provenance(source, page=2 + i // 80, element=f"page {2 + i // 80} table 1", row=i // 7, col=i % 7)
        flags = ["row_inferred"] if rng.random() < 0.03 else []
        facts.append(Fact(table, row, col, _value(rng), prov, label=row, confidence=0.9 if flags else 1.0,
                          flags=flags))
    failed_key = facts[0].key if facts else "applications/total/total"
    checks = [
        Check("A1", "applications/*/total", "pass", Decimal(10), Decimal(10), {"applications/total/total": 10},
              "new_received + carried_over = total + carried_forward"),
        Check("A3", failed_key, "fail", Decimal(12), Decimal(13), {failed_key: Decimal(13), "sum": Decimal(12)},
              "row total 13 ≠ sum of columns 12"),
    ]
    prose = [
        ProseCount("发布政府信息1800余条", Value("approx", "1800余条", Decimal(1800), "条", "over"),
                   Provenance(source, page=1, element="paragraph 3"), "全年主动发布政府信息1800余条。",
                   metric=None, scope="全市"),
        ProseCount("收到政府信息公开申请42件", Value("number", "42件", Decimal(42), "件"),
                   Provenance(source, page=1, element="paragraph 9"), "本年度共收到政府信息公开申请42件。",
                   metric="applications_received"),
    ]
    score = ScoreTable(
        2023,
        [ScoreItem("主动公开", Value("number", "18", Decimal(18)), Value("number", "20", Decimal(20)),
                   Provenance(source, page=7, element="page 7 table 1", row=1, col=3), section="一、公开内容"),
         ScoreItem("依申请公开", Value("number", "9.5", Decimal("9.5")), None,
                   Provenance(source, page=7, element="page 7 table 1", row=2, col=3))],
        Value("number", "27.5", Decimal("27.5")),
        Provenance(source, page=7, element="page 7 table 1"),
    )
    return DocumentRecord(
        source=source, sha256=sha, format="pdf", parser_version=parser_version,
        title=f"{REGIONS[seed % len(REGIONS)].county}{2019 + seed % 6}年政府信息公开工作年度报告",
        doc_type="annual_report", year=2019 + seed % 6, year_evidence="2023年度", body="某某县人民政府",
        region=REGIONS[seed % len(REGIONS)], template="2021", facts=facts,
        tables=[TableStatus("active", "found", None, 20), TableStatus("applications", "found", None, 150),
                TableStatus("review_litigation", "missing", "no table after heading 四")],
        prose_counts=prose, score_tables=[score] if seed % 5 == 0 else [], checks=checks,
        warnings=["synthetic record"],
    )


def load_synthetic(db: Path, n_docs: int, n_facts: int) -> Path:
    """`db` (a migrated warehouse) with `n_docs` synthetic county reports of `n_facts` facts each loaded."""
    con = open_warehouse(db)
    try:
        load_records(con, [synthetic_record(i, n_facts=n_facts) for i in range(n_docs)])
    finally:
        con.close()
    return db
