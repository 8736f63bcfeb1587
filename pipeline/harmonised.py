"""Harmonised metrics: one vocabulary for counts from every template since 2008.

A researcher following a county from 2008 to today meets three kinds of report: pre-2019 reports
with a home-made 统计表 and counts in prose, and reports in the 2019 and 2021 national templates.
Each harmonised metric below says where its value comes from in each kind — a pre-2019-table row
(`pipeline.pre2019_labels`), a prose count (`ProseCount.metric`), or a metric of
`warehouse.metrics` computed from the standard tables (`standard`: the same SQL definition, not a
second copy) — and, where the definitions differ, a note that travels with every value.

`harmonise(rec)` gives the pre-2019-table and prose values of one record (standard-table values are
joined in the warehouse view `harmonised_doc`, which uses `STANDARD` below). Within a document the
same metric printed with different numbers (and not for two different stated scopes) is a
conflict: every value is kept, each marked `conflict` with the others listed; none is chosen here.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from normalizers.spec import load_spec
from normalizers.values import CURRENCY_UNITS
from pipeline.record import DocumentRecord, HarmonisedValue


@dataclass(frozen=True)
class HarmonisedMetric:
    name: str
    kind: Literal["count", "money"]
    doc: str
    standard: str | None = None  # warehouse.metrics metric giving it for 2019/2021-template reports
    pre2019_note: str | None = None  # how a pre-2019 统计表 figure differs from the template definition


def _m(name: str, doc: str, standard: str | None = None, pre2019_note: str | None = None,
       kind: Literal["count", "money"] = "count") -> HarmonisedMetric:
    return HarmonisedMetric(name, kind, doc, standard, pre2019_note)


_RL_OUTCOMES = (("upheld", "维持 (结果维持; pre-2019 维持具体行政行为数)"),
                ("corrected", "纠正 (结果纠正; pre-2019 被依法纠错数)"),
                ("other", "其他结果 (pre-2019 其他情形数)"),
                ("pending", "尚未审结"))

HARMONISED: tuple[HarmonisedMetric, ...] = (
    _m("releases_total", "Government information released proactively in the year (主动公开政府信息数; the "
       "2019/2021 templates print no total, so template years have prose counts only; reports often state "
       "several — website items, all channels, the 统计表 — kept apart and flagged as a conflict)"),
    _m("releases_normative_docs", "其中：主动公开规范性文件数 (pre-2019 统计表 only)"),
    _m("normative_docs_issued", "规范性文件 issued in the year", "normative_docs_issued",
       pre2019_note="制发规范性文件总数 of the 统计表 (all normative documents the body issued); 2019+ counts "
                   "行政规范性文件 本年新制作 / 本年制发"),
    _m("releases_gazette", "Items released through the government gazette (政府公报公开)"),
    _m("releases_website", "Items released on the government website (网站公开)"),
    _m("releases_weibo", "Items released on 政务微博"),
    _m("releases_wechat", "Items released on 政务微信"),
    _m("gazette_circulation", "政府公报发行量 (copies)"),
    _m("applications_received", "Applications for disclosure received in the year", "apps_new",
       pre2019_note="受理申请总数 / 收到申请数 of the 统计表: applications accepted in the year; there is no "
                   "上年结转 row and some provinces counted carried-over applications or 咨询 in it, while "
                   "2019+ apps_new is 本年新收 only"),
    *(_m(f"applications_by_channel_{c}", f"Applications received {zh} (pre-2019 统计表 only; the 2019+ "
         "templates split by applicant type, not by channel)")
      for c, zh in (("in_person", "in person (当面申请)"), ("fax", "by fax (传真申请)"),
                    ("email", "by e-mail (电子邮件申请)"), ("online", "online (网上申请)"),
                    ("letter", "by letter (信函申请)"), ("other", "by other channels"))),
    _m("applications_closed", "Applications closed in the year (申请办结数; prose 办结)"),
    _m("responses_total", "Answers given to applications in the year", "apps_handled",
       pre2019_note="对申请的答复总数 of the 统计表: answers given in the year; 2019+ apps_handled is （七）总计 "
                   "of 本年度办理结果, which also covers applications carried over from the year before"),
    _m("already_public", "Answered as already released (属于已主动公开范围数; pre-2019 统计表 only — 2019+ counts "
       "them under 予以公开)"),
    _m("granted", "Granted in full (同意公开 / 予以公开)", "granted",
       pre2019_note="同意公开答复数: where the 统计表 has a 属于已主动公开范围 row those answers are counted there, "
                   "while 2019+ 予以公开 includes them"),
    _m("partially_granted", "Granted in part (同意部分公开 / 部分公开)", "partially_granted"),
    _m("denied", "Denied (否决 / 不同意公开 / 不予公开)", "denied_total",
       pre2019_note="否决 / 不同意公开答复数 of the 统计表 (reasons 国家秘密, 商业秘密, 个人隐私, 三安全一稳定, "
                   "不是《条例》所指政府信息); 2019+ 不予公开 has eight reasons and puts non-government "
                   "information under 不予处理"),
    _m("not_held", "Information not held (信息不存在 / 本机关不掌握)", "not_held",
       pre2019_note="申请信息不存在数 of the 统计表; 2019+ 本机关不掌握相关政府信息"),
    _m("not_ours", "Not this body's information (非本机关 / 不属于本行政机关公开; pre-2019 统计表 only — 2019+ "
       "answers these with 告知 and has no row for them)"),
    _m("unclear", "Request unclear (申请内容不明确; pre-2019 统计表 only here — the 2019/2021 cell 补正后申请内容"
       "仍不明确 is in facts as applications/unable.unclear/total)"),
    _m("other", "Other answers (其他)", "other_total",
       pre2019_note="a 统计表 row printed as 其他 / 其他情形; 2019+ （六）其他处理 (withdrawn, no correction, "
                   "no fee paid, …) is a different list"),
    _m("review_total", "行政复议 cases about disclosure (pre-2019 行政复议数)", "review_total",
       pre2019_note="行政复议数 of the 统计表: cases in the year, outcomes often not split; 2019+ 总计 includes "
                   "尚未审结 cases"),
    *(_m(f"review_{o}", f"行政复议 outcome {zh}", f"review_{o}") for o, zh in _RL_OUTCOMES),
    _m("litigation_total", "行政诉讼 cases about disclosure (pre-2019 行政诉讼数)", "litigation_total",
       pre2019_note="行政诉讼数 of the 统计表: one total; 2019+ adds 未经复议直接起诉 and 复议后起诉"),
    *(_m(f"litigation_{o}", f"行政诉讼 outcome {zh}", f"litigation_{o}") for o, zh in _RL_OUTCOMES),
    _m("complaints_total", "行政申诉 / 举报 / 投诉 about disclosure (pre-2019 统计表 only; no 2019+ row)"),
    _m("fees_yuan", "Fees charged for answering applications, in 元 (a pre-2019 figure printed in 万元 is multiplied out)",
       kind="money"),
    _m("staff_total", "People working on 政府信息公开 (pre-2019 统计表 only)"),
    _m("staff_full_time", "Full-time staff on 政府信息公开 (专职; pre-2019 统计表 only)"),
    _m("staff_part_time", "Part-time staff on 政府信息公开 (兼职; pre-2019 统计表 only)"),
    _m("budget_yuan", "Dedicated budget for 政府信息公开, in 元 (专项经费; pre-2019 统计表 only)", kind="money"),
)
HARMONISED_BY_NAME: dict[str, HarmonisedMetric] = {m.name: m for m in HARMONISED}
# Harmonised metric -> warehouse.metrics metric for standard-table (2019/2021) reports.
STANDARD: dict[str, str] = {m.name: m.standard for m in HARMONISED if m.standard}
# 表四's total and its parts (R1), the suffixes of the review_* / litigation_* metrics.
_RL_OUTCOMES = (*load_spec().sum_identity("R1").left, *load_spec().sum_identity("R1").right)
# ProseCount.metric -> harmonised metric (prose metrics not listed stay prose-only).
PROSE: dict[str, str] = {
    "releases_total": "releases_total", "applications_received": "applications_received",
    "applications_closed": "applications_closed", "fee_yuan": "fees_yuan",
    **{m: m for m in ("granted", "partially_granted", "denied", "not_held", "not_ours", "unclear")},
    **{f"applications_by_channel_{c}": f"applications_by_channel_{c}"
       for c in ("in_person", "online", "letter", "fax", "email")},
    **{f"{p}_{o}": f"{p}_{o}" for p in ("review", "litigation") for o in _RL_OUTCOMES},
}
# Which value the panel shows when a document gives several (lower first); documented in docs/metrics.md.
SOURCE_PREFERENCE: tuple[str, ...] = ("standard_table_2021", "standard_table_2019", "standard_table_hybrid",
                                      "pre2019_table", "prose")
_NUMERIC = ("number", "approx")


def harmonise(rec: DocumentRecord) -> list[HarmonisedValue]:
    """The record's pre-2019-table and prose values under harmonised metrics, conflicts marked."""
    out: list[HarmonisedValue] = []
    for table in rec.pre2019_tables:
        for row in table.rows:
            metric = HARMONISED_BY_NAME.get(row.metric or "")
            if metric is None:
                continue
            for cell in row.cells:
                if cell.column_kind != "year":
                    continue  # 历年累计 / 上年 columns are never the year's figure
                value, unit = cell.value.number, cell.value.unit or row.unit
                if metric.kind == "money" and cell.value.unit is None and row.unit in CURRENCY_UNITS:
                    value = None if value is None else value * CURRENCY_UNITS[row.unit]
                    unit = "元"
                out.append(HarmonisedValue(
                    metric.name, value, cell.value.kind, cell.value.raw, unit, "pre2019_table", rec.template,
                    row.label, cell.column, cell.provenance, comparable_note=metric.pre2019_note))
    for c in rec.prose_counts:
        name = PROSE.get(c.metric or "")
        if name is None or c.value.number is None:
            continue
        out.append(HarmonisedValue(
            name, c.value.number, c.value.kind, c.value.raw, c.value.unit, "prose", rec.template, c.phrase, None,
            c.provenance, scope=c.scope, context=c.context))
    mark_conflicts(out)
    return out


def mark_conflicts(values: list[HarmonisedValue]) -> None:
    """Mark every numeric value whose metric the same document also gives as another number.

    Two counts stated for different explicit scopes (全市 229件 vs 市政府 43件) are different
    quantities, not a conflict; a value without a stated scope (a table row) conflicts with any.
    """
    numeric = [v for v in values if v.value_kind in _NUMERIC and v.value is not None]
    for v in numeric:
        others = [o for o in numeric if o is not v and o.metric == v.metric and _plain(o.value) != _plain(v.value)
                  and not (o.scope and v.scope and o.scope != v.scope)]
        v.conflict = bool(others)
        v.conflict_values = [f"{o.raw} ({o.source_kind}: {o.label})" for o in others]


def _plain(d: Decimal | None) -> Decimal | None:
    return None if d is None else d.normalize()


def metrics_markdown() -> list[str]:
    """The harmonised-metrics section of docs/metrics.md (rules, then one line per metric)."""
    lines = [
        "## Harmonised metrics (2008 onward: pre-2019 reports and the panel)",
        "",
        ("Defined in `pipeline/harmonised.py`. Pre-2019 reports have no standard tables: their counts come from a "
         "home-made statistics table (统计表, read by `pipeline/pre2019_tables.py` into `pre2019_stat_cells`; row "
         "labels mapped by `pipeline/pre2019_labels.py`) and from prose (`prose_counts.metric`). Harmonised "
         "metrics put them next to the 2019/2021 template figures without pretending they are the same cells:"),
        "",
        ("- Every value records `source_kind` (`pre2019_table` | `prose` | `standard_table_2019` | "
         "`standard_table_2021` | `standard_table_hybrid`), the `template` of its document, the printed label "
         "and raw text, its location, and a `comparable_note` where its definition differs from the template's."),
        ("- Pre-2019 tables: only a column of the reported year counts (本年度, `<year>`年度, 数量); 历年累计 "
         "(cumulative) and 上年 columns are stored in `pre2019_stat_cells` and never become the year's value. "
         "Money printed in 万元 is multiplied out to 元."),
        ("- Template years: the value is the metric of `warehouse.metrics` named in the table below (its SQL, "
         "corrections and status), added by the view `harmonised_doc`."),
        ("- Conflicts: when a document gives one metric different numbers (平潭 2012 releases: 3636 website "
         "items, 1913 in the text, 739 in the 统计表), every value is kept and marked `conflict` with the others "
         "listed; two prose counts for different stated scopes (全市 vs 市政府) are different quantities, not a "
         "conflict."),
        (f"- Preference (which value the panel shows): a number before a blank or '/' cell, then "
         f"{' > '.join(SOURCE_PREFERENCE)}, then the body's own scope before 全市/全县/全区, then reading order. The choice never hides a conflict: `conflict` and the "
         "`values_in_doc` list stay on the panel row."),
        ("- Naming: 行政复议 is `review_*` and 行政诉讼 `litigation_*`, as in `warehouse.metrics` and "
         "`prose_counts`."),
        "",
        "| metric | unit | definition | 2019/2021 templates (warehouse.metrics) | pre-2019 统计表 differs |",
        "|---|---|---|---|---|",
    ]
    for m in HARMONISED:
        cells = [f"`{m.name}`", "元" if m.kind == "money" else "count", m.doc,
                 f"`{m.standard}`" if m.standard else "—", m.pre2019_note or ""]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    return lines
