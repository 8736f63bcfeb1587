"""Metric definitions: comparable numbers per document, each defined once — its SQL over the pivoted input
cells, its input fact keys (from the spec, normalizers/standard_tables.yaml) and its meaning.

The same definitions build the metric views (`warehouse.metric_views`), the `ogi compare` columns
(`warehouse.compare`), docs/metrics.md (`warehouse.metrics_doc`) and the Chinese chart titles
(`metric_title`).

Rates are NULL when the denominator is 0 or missing, never 0. Counts that sum several cells
(e.g. denied_total) are NULL when every part is missing and otherwise sum the parts present.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers.labels import strip_enum
from normalizers.spec import load_spec

_SPEC = load_spec()
_APPS = _SPEC.tables["applications"]
# review_litigation rows -> the prefix of their pivoted columns
RL_PREFIX = {"review": "review", "litigation_direct": "litd", "litigation_after_review": "lita"}
RL_COLS = (*_SPEC.sum_identity("R1").left, *_SPEC.sum_identity("R1").right)  # total first, then its parts


def _reasons(family: str) -> tuple[str, ...]:
    """The rows under a heading of 表三 without their family prefix: 'denied' → ('state_secret', …)."""
    return tuple(r.split(".", 1)[1] for r in _APPS.family(family))


def _app(row: str, col: str = "total") -> str:
    return _SPEC.key("applications", row, col)


def _zh(table: str, row: str | None = None, col: str | None = None) -> str:
    """Printed label of a row or column without its enumerator ('7.属于行政执法案卷' → '属于行政执法案卷')."""
    t = _SPEC.tables[table]
    return strip_enum(t.rows[row].label if row else t.columns[str(col)].label)


DENIED = _reasons("denied")
UNABLE = _reasons("unable")
NOT_PROCESSED = _reasons("not_processed")
OTHER = _reasons("other")

# Base values: pivoted column name -> fact key.
BASE: dict[str, str] = {
    "apps_new": _app("new_received"),
    "apps_carried_over": _app("carried_over"),
    "apps_handled": _app("total"),
    "apps_carried_forward": _app("carried_forward"),
    "granted": _app("granted"),
    "partially_granted": _app("partially_granted"),
    **{f"denied_{r}": _app(f"denied.{r}") for r in DENIED},
    **{f"unable_{r}": _app(f"unable.{r}") for r in UNABLE},
    **{f"not_processed_{r}": _app(f"not_processed.{r}") for r in NOT_PROCESSED},
    "other_row": _app("other"),
    **{f"other_{r}": _app(f"other.{r}") for r in OTHER},
    **{f"{p}_{c}": _SPEC.key("review_litigation", row, c) for row, p in RL_PREFIX.items() for c in RL_COLS},
    "rules_issued_2021": _SPEC.key("active", "rules", "issued"),
    "rules_new_made": _SPEC.key("active", "rules", "new_made"),
    "rules_repealed": _SPEC.key("active", "rules", "repealed"),
    "rules_in_force": _SPEC.key("active", "rules", "in_force"),
    "normative_issued_2021": _SPEC.key("active", "normative_docs", "issued"),
    "normative_new_made": _SPEC.key("active", "normative_docs", "new_made"),
    "normative_repealed": _SPEC.key("active", "normative_docs", "repealed"),
    "normative_in_force": _SPEC.key("active", "normative_docs", "in_force"),
    "licensing_decisions": _SPEC.key("active", "licensing", "decisions"),
    "punishment_decisions": _SPEC.key("active", "punishment", "decisions"),
    "enforcement_decisions": _SPEC.key("active", "enforcement", "decisions"),
}


@dataclass(frozen=True)
class Metric:
    name: str
    sql: str  # over the pivoted base columns of one document
    doc: str
    inputs: tuple[str, ...]  # base column names (their fact keys are the metric's inputs)
    kind: str = "count"  # 'count' | 'rate' | 'flag' | 'text'


def _nsum(cols: list[str] | tuple[str, ...]) -> str:
    """Sum of the parts present; NULL when all are missing."""
    return (f"CASE WHEN {' AND '.join(f'{c} IS NULL' for c in cols)} THEN NULL "
            f"ELSE {' + '.join(f'coalesce({c}, 0)' for c in cols)} END")


def _rate(num: str, den: str) -> str:
    return f"CAST({num} AS DOUBLE) / NULLIF(CAST({den} AS DOUBLE), 0)"


def _count(m: str, sql: str, doc: str, inputs: tuple[str, ...]) -> Metric:
    return Metric(m, f"CAST({sql} AS BIGINT)", doc, inputs)


_denied_cols = tuple(f"denied_{r}" for r in DENIED)
_unable_cols = tuple(f"unable_{r}" for r in UNABLE)
_np_cols = tuple(f"not_processed_{r}" for r in NOT_PROCESSED)
_other_cols = tuple(f"other_{r}" for r in OTHER)
_OTHER_SQL = f"coalesce(other_row, {_nsum(_other_cols)})"
_DENIED_SQL = _nsum(_denied_cols)

METRICS: tuple[Metric, ...] = (
    _count("apps_new", "apps_new", "Applications received this year (一、本年新收政府信息公开申请数量, 总计)",
           ("apps_new",)),
    _count("apps_carried_over", "apps_carried_over", "Applications carried over from last year (二、上年结转)",
           ("apps_carried_over",)),
    _count("apps_handled", "apps_handled", "Applications handled: （七）总计 of 三、本年度办理结果 — the "
           "denominator of every share below", ("apps_handled",)),
    _count("apps_carried_forward", "apps_carried_forward", "Applications carried forward to next year (四、结转下年度继续办理)",
           ("apps_carried_forward",)),
    _count("granted", "granted", "（一）予以公开", ("granted",)),
    _count("partially_granted", "partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
           ("partially_granted",)),
    _count("denied_total", _DENIED_SQL, "（三）不予公开: sum of its eight reasons", _denied_cols),
    _count("not_held", "unable_not_held", "（四）无法提供 1. 本机关不掌握相关政府信息", ("unable_not_held",)),
    _count("unable_total", _nsum(_unable_cols), "（四）无法提供: sum of 不掌握 + 需另行制作 + 补正后申请内容仍不明确",
           _unable_cols),
    _count("not_processed_total", _nsum(_np_cols), "（五）不予处理: sum of its five reasons", _np_cols),
    _count("other_total", _OTHER_SQL, "（六）其他处理: the printed row (2019 template) or the sum of its three "
           "sub-rows (2021 template)", ("other_row", *_other_cols)),
    Metric("share_granted", _rate("granted", "apps_handled"), "granted / apps_handled",
           ("granted", "apps_handled"), "rate"),
    Metric("share_partially_granted", _rate("partially_granted", "apps_handled"),
           "partially_granted / apps_handled", ("partially_granted", "apps_handled"), "rate"),
    Metric("share_substantive", _rate("granted + partially_granted", "apps_handled"),
           "Substantive disclosure: (granted + partially_granted) / apps_handled; NULL if either part is "
           "missing", ("granted", "partially_granted", "apps_handled"), "rate"),
    Metric("share_denied", _rate(_DENIED_SQL, "apps_handled"), "denied_total / apps_handled",
           (*_denied_cols, "apps_handled"), "rate"),
    Metric("share_not_held", _rate("unable_not_held", "apps_handled"), "not_held (本机关不掌握) / apps_handled",
           ("unable_not_held", "apps_handled"), "rate"),
    Metric("share_unable", _rate(_nsum(_unable_cols), "apps_handled"), "unable_total / apps_handled",
           (*_unable_cols, "apps_handled"), "rate"),
    Metric("share_not_processed", _rate(_nsum(_np_cols), "apps_handled"), "not_processed_total / apps_handled",
           (*_np_cols, "apps_handled"), "rate"),
    Metric("share_other", _rate(_OTHER_SQL, "apps_handled"), "other_total / apps_handled",
           ("other_row", *_other_cols, "apps_handled"), "rate"),
    *(_count(f"denied_{r}", f"denied_{r}", f"{_APPS.rows['denied.' + r].group} {_zh('applications', 'denied.' + r)}",
             (f"denied_{r}",)) for r in DENIED),
    *(Metric(f"mix_denied_{r}", _rate(f"denied_{r}", _DENIED_SQL),
             f"Reason mix: denied_{r} / denied_total ({_zh('applications', 'denied.' + r)})",
             (f"denied_{r}", *_denied_cols), "rate")
      for r in DENIED),
    *(_count(f"review_{c}", f"review_{c}", f"{_zh('review_litigation', 'review')} {_zh('review_litigation', col=c)}",
             (f"review_{c}",)) for c in RL_COLS),
    Metric("review_correction_rate", _rate("review_corrected", "review_total - review_pending"),
           "行政复议 correction rate: review_corrected / (review_total − review_pending)",
           ("review_corrected", "review_total", "review_pending"), "rate"),
    *(_count(f"litigation_{c}", _nsum((f"litd_{c}", f"lita_{c}")),
             f"行政诉讼 {_zh('review_litigation', col=c)}: 未经复议直接起诉 + 复议后起诉", (f"litd_{c}", f"lita_{c}"))
      for c in RL_COLS),
    Metric("litigation_correction_rate",
           _rate(_nsum(("litd_corrected", "lita_corrected")),
                 f"{_nsum(('litd_total', 'lita_total'))} - {_nsum(('litd_pending', 'lita_pending'))}"),
           "行政诉讼 correction rate: litigation_corrected / (litigation_total − litigation_pending)",
           ("litd_corrected", "lita_corrected", "litd_total", "lita_total", "litd_pending", "lita_pending"),
           "rate"),
    _count("rules_issued", "coalesce(rules_issued_2021, rules_new_made)",
           "规章 issued this year: 本年制发 (2021 template) or 本年新制作 (2019 template)",
           ("rules_issued_2021", "rules_new_made")),
    _count("rules_in_force", "rules_in_force", "规章 现行有效件数 (2021 template)", ("rules_in_force",)),
    _count("normative_docs_issued", "coalesce(normative_issued_2021, normative_new_made)",
           "行政规范性文件 issued this year: 本年制发 (2021) or 本年新制作 (2019)",
           ("normative_issued_2021", "normative_new_made")),
    _count("normative_docs_in_force", "normative_in_force", "行政规范性文件 现行有效件数 (2021 template)",
           ("normative_in_force",)),
    _count("licensing_decisions", "licensing_decisions", "行政许可 本年处理决定数量", ("licensing_decisions",)),
    _count("punishment_decisions", "punishment_decisions", "行政处罚 本年处理决定数量", ("punishment_decisions",)),
    _count("enforcement_decisions", "enforcement_decisions", "行政强制 本年处理决定数量", ("enforcement_decisions",)),
    Metric("prose_releases_total", "CAST(prose_releases_value AS BIGINT)",
           "主动公开 count stated in the text (prose_counts metric releases_total; the body's own scope "
           "preferred over 全市/全县); approximate when printed as e.g. 1800余 — see prose_releases_approx",
           (), "count"),
    Metric("prose_releases_approx", "prose_releases_approx",
           "True when prose_releases_total was printed as an approximate count (余/多/近/约)", (), "flag"),
)

METRIC_BY_NAME = {m.name: m for m in METRICS}
# Headline metrics that get year-over-year change and ranks in metrics_body_year / _region_year.
HEADLINE = ("apps_new", "apps_handled", "share_substantive", "share_not_held", "review_total",
            "review_correction_rate", "litigation_total", "litigation_correction_rate",
            "prose_releases_total")


def input_keys(metric: Metric) -> list[str]:
    return [BASE[c] for c in metric.inputs]


def status_sql(name: str) -> str:
    """`<name>_status` of a metric over metrics_doc-shaped rows aliased `u` (see warehouse.compare)."""
    m = METRIC_BY_NAME[name]
    keys = "[" + ", ".join(f"'{k}'" for k in input_keys(m)) + "]"
    approx = "WHEN u.prose_releases_approx THEN 'approx' " if name.startswith("prose_releases") else ""
    zero = (f"WHEN u.{name} IS NULL AND len(list_intersect(u.present_keys, {keys})) = len({keys}) "
            "THEN 'zero_denominator' " if m.kind == "rate" else "")
    return (f"CASE {zero}WHEN u.{name} IS NULL THEN 'missing' "
            f"WHEN len(list_intersect(u.failed_keys, {keys})) > 0 THEN 'failed_check' "
            f"WHEN len(list_intersect(u.flagged_keys, {keys})) > 0 THEN 'flagged' "
            f"WHEN len(list_intersect(u.corrected_keys, {keys})) > 0 THEN 'corrected' "
            f"{approx}ELSE 'ok' END AS {name}_status")


# Names of the metrics whose definition is written in English (above); the others take the
# Chinese of their definition, e.g. '（三）不予公开 属于国家秘密'.
_TITLES = {
    "apps_new": "本年新收政府信息公开申请数量",
    "apps_carried_over": "上年结转政府信息公开申请数量",
    "apps_handled": "本年度办理结果总计",
    "apps_carried_forward": "结转下年度继续办理",
    "share_substantive": "实质公开率（予以公开＋部分公开）",
    "review_correction_rate": "行政复议纠错率",
    "litigation_correction_rate": "行政诉讼纠错率",
    "rules_issued": "规章 本年制发（新制作）数量",
    "normative_docs_issued": "行政规范性文件 本年制发（新制作）数量",
    "prose_releases_total": "主动公开政府信息数（正文所述）",
    "prose_releases_approx": "主动公开数为约数（正文所述）",
}
_SHARE_OF = {f"share_{n}": f"{n}_total" for n in ("denied", "unable", "not_processed", "other")}
_NOTE = re.compile(r"（[^）]*）$")


def metric_title(metric: str) -> str:
    """The metric's Chinese name for a chart: 'share_granted' → '予以公开 占办理结果总计比例'."""
    if metric in _TITLES:
        return _TITLES[metric]
    if metric.startswith("share_"):
        return metric_title(_SHARE_OF.get(metric, metric[len("share_"):])) + " 占办理结果总计比例"
    if metric.startswith("mix_denied_"):
        return "不予公开理由构成 " + metric_title(metric[len("mix_"):]).replace("不予公开 ", "")
    m = METRIC_BY_NAME.get(metric)
    if m is None:
        return metric
    text = re.sub(r"\s*\([^)]*[A-Za-z][^)]*\)", "", m.doc.split(":")[0]).strip()
    return _NOTE.sub("", strip_enum(text))
