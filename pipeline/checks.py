"""Identity checks over the printed numbers (A1, A2, A3, R1, N1 of the spec; score totals; L1 for
pre-2019 statistics tables).

A check never changes a value: it records pass, fail or uncertain (an operand is blank, '/',
approximate or missing) with the numbers on both sides, so that a failed identity is stored
and shown next to the facts it involves.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from normalizers.spec import load_spec
from pipeline.record import Check, DocumentRecord, Fact

APP_PARTS = ("natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org")
RL_PARTS = ("upheld", "corrected", "other", "pending")
# prose metric -> the table cells it should equal (summed); every prose metric a standard table also
# states. 办结 is the table's （七）总计 (A1: 新收 + 上年结转 = 总计 + 结转下年). The pre-2019 answers
# 信息不存在 / 非本机关 / 申请内容不明确 are defined differently from the 2019 rows and are left out.
_OUTCOMES = ("upheld", "corrected", "other", "pending")
_LITIGATION = ("litigation_direct", "litigation_after_review")
N1_TARGETS: dict[str, tuple[str, ...]] = {
    "applications_received": ("applications/new_received/total",),
    "applications_carried_over": ("applications/carried_over/total",),
    "applications_carried_forward": ("applications/carried_forward/total",),
    "applications_closed": ("applications/total/total",),
    "granted": ("applications/granted/total",),
    "partially_granted": ("applications/partially_granted/total",),
    "granted_and_partially_granted": ("applications/granted/total", "applications/partially_granted/total"),
    "review_total": ("review_litigation/review/total",),
    "litigation_total": tuple(f"review_litigation/{r}/total" for r in _LITIGATION),
    **{f"review_{o}": (f"review_litigation/review/{o}",) for o in _OUTCOMES},
    **{f"litigation_{o}": tuple(f"review_litigation/{r}/{o}" for r in _LITIGATION) for o in _OUTCOMES},
}
# Scopes that are the reporting body itself, as its tables are: a count for any other stated scope
# (全区, 市政府 …) may be a different quantity from the table's, so disagreeing is uncertain, not a failure.
SELF_SCOPES = (None, "本机关", "本单位", "本部门")
# L1: the 其中 rows of a legacy statistics table never add up to more than their total (they need
# not be exhaustive, so a smaller sum passes). Releases by channel are left out: one item can be
# published on the website and in the gazette.
_OUTCOMES = ("upheld", "corrected", "other", "pending")
L1_PARTS: dict[str, tuple[str, ...]] = {
    "applications_received": tuple(f"applications_by_channel_{c}"
                                   for c in ("in_person", "fax", "email", "online", "letter", "other")),
    "responses_total": ("already_public", "granted", "partially_granted", "denied", "not_held", "not_ours",
                        "unclear", "other"),
    "review_total": tuple(f"review_{o}" for o in _OUTCOMES),
    "litigation_total": tuple(f"litigation_{o}" for o in _OUTCOMES),
}


def run_checks(rec: DocumentRecord) -> list[Check]:
    facts = rec.fact_map()
    checks: list[Check] = []
    if any(f.table == "applications" for f in rec.facts):
        checks += _applications(facts)
    if any(f.table == "review_litigation" for f in rec.facts):
        checks += _review(facts)
    checks += _prose_vs_table(rec, facts)
    checks += _score_totals(rec)
    checks += _legacy_parts(rec)
    return checks


def _sum_check(identity: str, subject: str, total_key: str, part_keys: Iterable[str],
               facts: dict[str, Fact], other_total_keys: Iterable[str] = ()) -> Check | None:
    """total(s) on one side, parts on the other; None when the table lacks all of them."""
    left_keys = [total_key, *other_total_keys]
    right_keys = list(part_keys)
    keys = left_keys + right_keys
    if not any(k in facts for k in keys):
        return None
    operands = {k: (facts[k].value.json_number() if k in facts else None) for k in keys}
    missing = [k for k in keys if k not in facts or facts[k].value.kind != "number"]
    left = sum((facts[k].value.number for k in left_keys if k in facts and facts[k].value.number is not None), Decimal(0))
    right = sum((facts[k].value.number for k in right_keys if k in facts and facts[k].value.number is not None),
                Decimal(0))
    if missing:
        what = ", ".join(f"{k} ({facts[k].value.kind} '{facts[k].value.raw}')" if k in facts else f"{k} (absent)"
                         for k in missing)
        return Check(identity, subject, "uncertain", left, right, operands,
                     f"cannot be checked: {what}")
    status = "pass" if left == right else "fail"
    msg = f"{' + '.join(left_keys)} = {left}; parts sum to {right}"
    return Check(identity, subject, status, left, right, operands, msg)


def _other_rows(facts: dict[str, Fact], col: str) -> list[str]:
    single = f"applications/other/{col}"
    split = [f"applications/{r}/{col}" for r in ("other.no_correction", "other.no_fee", "other.other")]
    if single in facts and not any(k in facts for k in split):
        return [single]
    if any(k in facts for k in split):
        return split
    return [single]


def _applications(facts: dict[str, Fact]) -> list[Check]:
    rows = load_spec().tables["applications"].rows
    detail = [r for r in rows if r.startswith(("denied.", "unable.", "not_processed."))]
    out: list[Check | None] = []
    for col in (*APP_PARTS, "total"):
        def c(row: str, col: str = col) -> str:
            return f"applications/{row}/{col}"

        out.append(_sum_check("A1", f"applications column {col}: 一+二 = （七）总计+四", c("new_received"),
                              [c("total"), c("carried_forward")], facts, [c("carried_over")]))
        parts = [c("granted"), c("partially_granted"), *[c(r) for r in detail], *_other_rows(facts, col)]
        out.append(_sum_check("A2", f"applications column {col}: （七）总计 = Σ 办理结果", c("total"), parts, facts))
    for row in rows:
        if row == "other" and f"applications/{row}/total" not in facts:
            continue
        if row.startswith("other.") and f"applications/{row}/total" not in facts:
            continue
        out.append(_sum_check("A3", f"applications row {row}: 总计 = Σ 申请人", f"applications/{row}/total",
                              [f"applications/{row}/{p}" for p in APP_PARTS], facts))
    return [c for c in out if c is not None]


def _review(facts: dict[str, Fact]) -> list[Check]:
    out = []
    for row in load_spec().tables["review_litigation"].rows:
        c = _sum_check("R1", f"review_litigation row {row}: 总计 = 维持+纠正+其他+尚未审结",
                       f"review_litigation/{row}/total", [f"review_litigation/{row}/{p}" for p in RL_PARTS], facts)
        if c:
            out.append(c)
    return out


def _n1_targets() -> dict[str, tuple[str, ...]]:
    """N1_TARGETS plus 不予公开, 无法提供 and 不予处理, each the sum of the template's rows under it."""
    rows = load_spec().tables["applications"].rows
    groups = {"denied": "denied.", "unable": "unable.", "not_processed": "not_processed."}
    return {**N1_TARGETS, **{metric: tuple(f"applications/{r}/total" for r in rows if r.startswith(prefix))
                             for metric, prefix in groups.items()}}


def _prose_vs_table(rec: DocumentRecord, facts: dict[str, Fact]) -> list[Check]:
    """N1 for every metric both the prose and a table state.

    Passes when a count the text states equals the table; fails when a count of the body itself
    (no stated scope, or 本机关) differs; uncertain when only approximate counts or only counts of
    another scope (全区 vs the office's own table) are stated, with both scopes in the operands."""
    out = []
    for metric, keys in _n1_targets().items():
        counts = [p for p in rec.prose_counts if p.metric == metric and p.is_count and p.value.number is not None]
        if not counts or not all(k in facts for k in keys):
            continue
        operands: dict[str, Any] = {k: facts[k].value.json_number() for k in keys}
        operands["prose"] = [c.value.raw for c in counts]
        operands["prose_scopes"] = sorted({c.scope for c in counts if c.scope})
        operands["table_scope"] = rec.body or "the reporting body"
        unreadable = [f"{k} ({facts[k].value.kind} '{facts[k].value.raw}')" for k in keys
                      if facts[k].value.number is None]
        if unreadable:
            out.append(Check("N1", f"prose {metric} vs table", "uncertain", None, counts[0].value.number, operands,
                             f"text states {operands['prose']}; the table cannot be compared: {', '.join(unreadable)}"))
            continue
        table_value = sum((facts[k].value.number for k in keys), Decimal(0))
        exact = [c for c in counts if c.value.kind == "number"]
        own = [c for c in exact if c.scope in SELF_SCOPES]
        stated = [c.value.raw + (f" ({c.scope})" if c.scope else "") for c in exact]
        if any(c.value.number == table_value for c in exact):
            status, msg, actual = "pass", f"text states {table_value}, as the table", table_value
        elif own:
            status, actual = "fail", own[0].value.number
            msg = f"text states {stated} but the table gives {table_value}"
        elif exact:
            status, actual = "uncertain", exact[0].value.number
            msg = (f"text states {stated} for another scope than the table's ({operands['table_scope']}: "
                   f"{table_value}); not compared")
        else:
            status, actual = "uncertain", None
            msg = f"text gives only approximate counts {operands['prose']} for {table_value}"
        out.append(Check("N1", f"prose {metric} vs table", status, table_value, actual, operands, msg))
    return out


def _score_totals(rec: DocumentRecord) -> list[Check]:
    out = []
    for i, s in enumerate(rec.score_tables):
        printed = s.printed_total.number if s.printed_total else None
        total = s.sum_of_items
        operands = {"printed_total": s.printed_total.raw if s.printed_total else None, "n_items": len(s.items)}
        if printed is None:
            out.append(Check("score_total", f"score table {i + 1}", "uncertain", None, total, operands,
                             "no printed total to compare with the sum of item scores"))
            continue
        status = "pass" if printed == total else "fail"
        out.append(Check("score_total", f"score table {i + 1}", status, printed, total, operands,
                         f"printed 总分 {printed} vs sum of {len(s.items)} item scores {total}"))
    return out


def _legacy_parts(rec: DocumentRecord) -> list[Check]:
    """L1 per legacy table, total row and printed column: Σ 其中 rows ≤ the total."""
    out = []
    for t, table in enumerate(rec.legacy_tables):
        for total, part_metrics in L1_PARTS.items():
            totals = [r for r in table.rows if r.metric == total]
            parts = [r for r in table.rows if r.metric in part_metrics]
            if len(totals) != 1 or not parts:
                continue
            for c, column in enumerate(table.columns):
                cells = {r.key: r.cells[c].value for r in (totals[0], *parts)}
                operands = {k: v.raw for k, v in cells.items()}
                subject = f"statistics table {t + 1} column {column}: {totals[0].label} ≥ Σ 其中"
                top = cells[totals[0].key].number
                if any(v.kind != "number" for v in cells.values()):
                    odd = ", ".join(f"{k} '{v.raw}'" for k, v in cells.items() if v.kind != "number")
                    out.append(Check("L1", subject, "uncertain", top, None, operands, f"cannot be checked: {odd}"))
                    continue
                parts_sum = sum((cells[r.key].number for r in parts), Decimal(0))
                status = "pass" if parts_sum <= top else "fail"
                out.append(Check("L1", subject, status, top, parts_sum, operands,
                                 f"{totals[0].label} = {top}; its 其中 rows sum to {parts_sum}"))
    return out
