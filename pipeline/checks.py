"""Identity checks over the printed numbers (A1, A2, A3, R1, N1 of the spec; score totals; L1 for
pre-2019 statistics tables).

A check never changes a value: it records pass, fail or uncertain (an operand is blank, '/',
approximate or missing) with the numbers on both sides, so that a failed identity is stored
and shown next to the facts it involves.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any

from normalizers.spec import SumIdentity, load_spec
from pipeline.record import Check, DocumentRecord, Fact


@lru_cache(maxsize=1)
def _n1_fixed() -> dict[str, tuple[str, ...]]:
    """Prose metric -> the table cells it should equal (summed); every prose metric a standard table also
    states. 办结 is the table's （七）总计 (A1: 新收 + 上年结转 = 总计 + 结转下年). The pre-2019 answers
    信息不存在 / 非本机关 / 申请内容不明确 are defined differently from the 2019 rows and are left out."""
    spec = load_spec()
    outcomes = spec.sum_identity("R1").right
    litigation = tuple(r for r in spec.tables["review_litigation"].rows if r.startswith("litigation"))

    def app(row: str) -> str:
        return spec.key("applications", row, "total")

    def rl(row: str, col: str) -> str:
        return spec.key("review_litigation", row, col)

    return {
        "applications_received": (app("new_received"),),
        "applications_carried_over": (app("carried_over"),),
        "applications_carried_forward": (app("carried_forward"),),
        "applications_closed": (app("total"),),
        "granted": (app("granted"),),
        "partially_granted": (app("partially_granted"),),
        "granted_and_partially_granted": (app("granted"), app("partially_granted")),
        "review_total": (rl("review", "total"),),
        "litigation_total": tuple(rl(r, "total") for r in litigation),
        **{f"review_{o}": (rl("review", o),) for o in outcomes},
        **{f"litigation_{o}": tuple(rl(r, o) for r in litigation) for o in outcomes},
    }


# Scopes that are the reporting body itself, as its tables are: a count for any other stated scope
# (全区, 市政府 …) may be a different quantity from the table's, so disagreeing is uncertain, not a failure.
SELF_SCOPES = (None, "本机关", "本单位", "本部门")
# L1: the 其中 rows of a pre-2019 statistics table never add up to more than their total (they need
# not be exhaustive, so a smaller sum passes). Releases by channel are left out: one item can be
# published on the website and in the gazette.
_OUTCOMES = ("upheld", "corrected", "other", "pending")  # the pre-2019 table's 复议/诉讼 result rows
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
    for table in ("applications", "review_litigation"):
        if any(f.table == table for f in rec.facts):
            checks += _table_sums(table, facts)
    checks += _prose_vs_table(rec, facts)
    checks += _score_totals(rec)
    checks += _pre2019_parts(rec)
    return checks


def _sum_check(identity: str, subject: str, left_keys: list[str], right_keys: list[str],
               facts: dict[str, Fact]) -> Check | None:
    """Totals on the left, parts on the right; None when the table lacks all of them."""
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


def _either(s: SumIdentity, key: Callable[[str], str], facts: dict[str, Fact]) -> list[str]:
    """The way the report prints a part that is one row or its split: the split when any of it is printed."""
    if s.either is None:
        return []
    single, split = ([key(r) for r in lines] for lines in s.either)
    return split if any(k in facts for k in split) else single


def _table_sums(table: str, facts: dict[str, Fact]) -> list[Check]:
    """The spec's sum identities of a table: those of each column, column by column, then those of each row.

    A row printed only in some reports (（六）其他处理 whole or split) is checked only where printed."""
    spec = load_spec()
    t = spec.tables[table]
    out: list[Check | None] = []
    for col in t.columns:
        for s in spec.sums_of(table, "column"):
            def key(row: str, col: str = col) -> str:
                return f"{table}/{row}/{col}"

            out.append(_sum_check(s.name, f"{table} column {col}: {s.subject}", [key(r) for r in s.left],
                                  [*(key(r) for r in s.right), *_either(s, key, facts)], facts))
    optional = {r for s in spec.sums_of(table, "column") for r in s.optional_lines()}
    for s in spec.sums_of(table, "row"):
        for row in t.rows:
            if row in optional and f"{table}/{row}/{s.left[0]}" not in facts:
                continue
            out.append(_sum_check(s.name, f"{table} row {row}: {s.subject}", [f"{table}/{row}/{c}" for c in s.left],
                                  [f"{table}/{row}/{c}" for c in s.right], facts))
    return [c for c in out if c is not None]


def _n1_targets() -> dict[str, tuple[str, ...]]:
    """The fixed N1 targets plus 不予公开, 无法提供 and 不予处理, each the sum of the template's rows under it."""
    t = load_spec().tables["applications"]
    return {**_n1_fixed(), **{metric: tuple(f"applications/{r}/total" for r in t.family(metric))
                              for metric in ("denied", "unable", "not_processed")}}


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


def _pre2019_parts(rec: DocumentRecord) -> list[Check]:
    """L1 per pre-2019 table, total row and printed column: Σ 其中 rows ≤ the total."""
    out = []
    for t, table in enumerate(rec.pre2019_tables):
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
