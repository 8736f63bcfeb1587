"""The document type (annual_report | self_inspection | self_evaluation | other): from the title, a
title-like line, the sentence that publishes the report, else the standard report's content.
"""

from __future__ import annotations

import re

from extractors.document import Document
from normalizers.text import squash
from pipeline.identity.evidence import CONFIDENCE, FieldEvidence
from pipeline.identity.patterns import OPENING_RE, REPORT_VERB
from pipeline.identity.title import title_like
from pipeline.record import DocType

_SELF_INSPECTION_RE = re.compile(r"自检自查报告|自查自检报告|自查报告|自检报告|自查情况报告|自查工作报告")
_SELF_EVALUATION_RE = re.compile(r"自评表|评分表|自查表|自评分|考核实施细则|考核细则|评分细则|考核评分|自评情况")
# Documents about reports that are not one: evaluations by a third party, notices, score bulletins.
_OTHER_RE = re.compile(r"评估报告|第三方评估|测评报告|(?:通报|通知|意见|方案|要点)$")
_ANNUAL_RE = re.compile(r"年度报告|年报|工作报告|报告")
# The report's own opening sentence, as good as a title: '现公布泰州市人民政府2017年政府信息公开工作年度报告。'
# (not a notice about reports: '现将…年度报告有关事项通知如下', '现将《关于做好…年度报告的通知》转发').
_PUBLISHES_REPORT_RE = re.compile(
    REPORT_VERB + r"[^。《》]{0,60}?(?:政府信息公开|政务公开|信息公开)[^。《》]{0,14}?(?:年度报告|年报)"
    r"(?=[。，,；;：:(（]|$|(?:公布|发布)?如下)"
)

# The standard report's section headings (条例 第50条 and the 2019/2021 formats) and its sub-sections.
_HEADING_RE = re.compile(
    r"^[一二三四五六七八九十]+[、.．]?(?P<h>主动公开政府信息的?情况|收到和处理政府信息公开申请的?情况|"
    r"依申请公开政府信息(?:和不予公开政府信息)?的?情况|(?:因)?政府信息公开(?:申请)?(?:被申请)?行政复议.{0,14}?情况|"
    r"(?:政府信息公开)?(?:工作)?存在的?主要问题(?:及|和)改进(?:情况|措施)|其他需要报告的事项|"
    r"政府信息公开的?收费及减免情况)"
)
_OVERVIEW_RE = re.compile(r"^[一二三四五六七八九十]+[、.．]?(?:总体情况|概述|基本情况)")
_SUBSECTION_RE = re.compile(r"^[（(][一二三四五六七八九十]+[)）]\s*(?P<h>主动公开|依申请公开|政府信息管理|"
                            r"(?:政府信息公开)?平台建设|监督保障)")
_REPORT_PHRASE_RE = re.compile(r"本年度报告|本年报|本报告|统计期限|年度报告")


def classify(title: str | None, lines: list[str], doc: Document | None = None) -> tuple[DocType, FieldEvidence]:
    """annual_report | self_inspection | self_evaluation | other, from the title, top lines, content."""
    heads = [(squash(line)) for line in lines[:8]]
    texts = ([("title", title)] if title else []) + [("heading", s) for s in heads if title_like(s)]
    if heads and not title_like(heads[0]) and not re.match(r"根据|按照|依据|为|本|我|现|在|\d", heads[0]):
        texts.append(("heading", heads[0][:30]))  # a title run into the text: '…自查报告(三篇)第一篇…'

    for source, text in texts:
        kind = _type_of(text)
        if kind:
            return kind, FieldEvidence(kind, source, text, CONFIDENCE[source])
    if m := _PUBLISHES_REPORT_RE.search(squash("".join(lines[:12]))):
        return "annual_report", FieldEvidence("annual_report", "opening", m.group(0), CONFIDENCE["opening"])
    content = _content_type(lines)
    if content:
        return "annual_report", FieldEvidence("annual_report", "content", content, CONFIDENCE["content"])
    if doc is not None:
        from pipeline.score_tables import find_score_tables

        if find_score_tables(doc):
            return "self_evaluation", FieldEvidence("self_evaluation", "score_table", "a score table",
                                                    CONFIDENCE["score_table"])
    return "other", FieldEvidence("other", "default", "no title or content names a report", CONFIDENCE["default"])


def _type_of(text: str) -> DocType | None:
    if _SELF_INSPECTION_RE.search(text):
        return "self_inspection"
    if _SELF_EVALUATION_RE.search(text):
        return "self_evaluation"
    if _OTHER_RE.search(text):
        return "other"
    if _ANNUAL_RE.search(text) and re.search(r"政府信息公开|政务公开|信息公开", text):
        return "annual_report"
    return None


def _content_type(lines: list[str]) -> str | None:
    """Why an untitled text is an annual report (its standard headings and phrases), or None.

    A specific section heading counts 2, the overview heading, each sub-section of the overview,
    the report's own phrases and a citation of the 条例 count 1 each; 3 make an annual report.
    """
    found: list[str] = []
    score = 0
    heads: set[str] = set()
    subs: set[str] = set()
    for i, line in enumerate(lines):
        s = squash(line)
        if (m := _HEADING_RE.match(s)) and m.group("h") not in heads:
            heads.add(m.group("h"))
            score += 2
            found.append(s[:20])
        elif _OVERVIEW_RE.match(s) and "overview" not in heads:
            heads.add("overview")
            score += 1
            found.append(s[:12])
            if i + 1 < len(lines) and OPENING_RE.match(squash(lines[i + 1])):  # '2021年，…' opens it
                score += 1
                found.append(squash(lines[i + 1])[:12])
        elif (m := _SUBSECTION_RE.match(s)) and m.group("h") not in subs and len(subs) < 2:
            subs.add(m.group("h"))
            score += 1
            found.append(s[:12])
    flat = squash("".join(lines))
    if m := _REPORT_PHRASE_RE.search(flat):
        score += 1
        found.append(m.group(0))
    if m := re.search(r"政府信息公开条例|《条例》", flat):
        score += 1
        found.append(m.group(0))
    return "; ".join(found) if score >= 3 else None


# What any document about government information disclosure says somewhere: the subject next to a report, a
# self-inspection, an evaluation or the statistics, or the report's own words. A news page's menu ('政务公开')
# alone is not one.
_ABOUT_REPORTS_RE = re.compile(
    r"(?:政府信息公开|政务公开|信息公开|资讯公开)[^。；;]{0,30}?(?:报告|年报|自查|自检|自评|评估|测评|考核|通报|统计)"
    r"|自查|自检|自评|" + _REPORT_PHRASE_RE.pattern
)
NOT_REPORT_REASON = ("doc type 'other' with no standard table, statistics table or score table and no report phrase "
                     "(政府信息公开 … 年度报告, 自查, 自评, 评估) in its title or text")


def not_report_reason(doc_type: DocType, title: str | None, lines: list[str]) -> str | None:
    """Why a document with no table of a report is not a report at all (an invoice, a news page), else None.

    Only an 'other' document can be one: self-inspections, score tables, evaluations and notices about the
    reports (第三方评估报告, 考核通报) name the subject, so they stay documents about reports."""
    if doc_type != "other" or _ABOUT_REPORTS_RE.search(squash((title or "") + "".join(lines))):
        return None
    return NOT_REPORT_REASON
