"""Identity: what a document is, the year it reports on, who reports and where — each from cues.

Every field is read from cues in the text, and each keeps its evidence (`FieldEvidence`: the
value, the cue's source, the snippet and a confidence); nothing is guessed. The caller's context
(`IdentityContext`: the crawled URL, the site's region code in sites.yaml, the file name) only fills
what the text leaves open, and says so in the evidence, with a lower confidence.

- **title**: the page title or the first heading that names the report ('…年度报告', '…评估报告(2018)').
- **doc_type**: from the title, else from a title-like line at the top — 自查报告 → self_inspection;
  自评表 / 评分表 / 考核实施细则 → self_evaluation; 评估报告 / 通报 / 通知 → other; a 年度报告 / 年报 →
  annual_report — else from the opening sentence that publishes the report ('现公布X2017年政府信息公开
  工作年度报告。', as good as a title), else from the content: the standard report's section headings (一、总体情况,
  主动公开政府信息情况, 收到和处理政府信息公开申请情况 …), its sub-sections and its own phrases
  (本年度报告, 统计期限) make an untitled page an annual report; a mention of 考核 in prose never
  makes one a self-evaluation; a document that is a score table is a self_evaluation.
- **year** is the year reported on, never the publication date. Cues in order of trust: the title
  ('2021年…年度报告', '评估报告(2018)'), the statistics period ('统计期限为2023年1月1日至12月31日'), the
  report's own sentence ('现公布…2023年…年度报告', '现将2013年我区信息公开情况报告如下', '结合2021年…编制'),
  the notice it answers ('关于做好2020年度政府信息公开工作年度报告…的通知'), then the year that most
  clauses open with ('2025年中仓街道…', '…,2011年新增…'). Lines such as '发布时间: 2022-02-15' and
  signature dates are never read. When cues name other years, the evidence says which one was used.
- **body** is the reporting organ as the document names it, from (in order of trust) the title, a
  letterhead line, the opening '现公布/现将…X…年度报告' sentence, '由X编制' / '结合…X…编制', the
  signature before the date, a '来源: / 发布机构:' line, '请与X联系', the subject of the first '2021年,
  X…' sentence. An 人民政府办公室 that signs or compiles a government's report stands for the
  government (its reports of every year are one unit); one that names itself in the title or the
  opening sentence reports as itself. `body_kind` says what kind of organ it is (record.BodyKind).
- **region** is resolved by `normalizers.regions.resolve_region` from the body and those cues; a
  department or office gets the code of the place it belongs to, a zone the code of the area named
  with it (docs/zones.md). A township or street named alone ('2016年龙归镇…年度报告') gets the code of
  the county printed right before its name elsewhere in the text ('韶关市武江区龙归镇人民政府'), and none
  when no county is, or two are. Weaker cues — the portal the report is published on ('电子版可在“中国永嘉”县
  政府门户网站下载'), the body's address, a place the text refers to as itself ('我区', '市教育局'), an
  index number or credit code that embeds the code — decide only when the stronger ones name no
  place, the smallest place first (a county's report also says 我省). A national body (国家税务总局) has
  no region code; a report that names no place (我局, 县政府办公室) has none either.

Each field has its module: title.py, doc_type.py, year.py, body.py and region.py, which read the cues of
cues.py and the organ names of organs.py; evidence.py holds the result types and the confidences.
"""

from __future__ import annotations

from extractors.document import Document
from pipeline.identity.body import body_kind, find_body
from pipeline.identity.cues import strong_cues
from pipeline.identity.doc_type import classify
from pipeline.identity.evidence import CONFIDENCE, FieldEvidence, Identity, IdentityContext
from pipeline.identity.lines import lines_of, table_rows_of
from pipeline.identity.region import find_region
from pipeline.identity.title import find_title
from pipeline.identity.year import context_year, find_year, parse_year


def identify(doc: Document, context: IdentityContext | None = None) -> Identity:
    """Title, type, year reported on, reporting body, its kind and region — each with its evidence."""
    context = context or IdentityContext()
    lines = lines_of(doc)
    evidence: dict[str, FieldEvidence] = {}
    title, title_source = find_title(doc, lines)
    if title:
        evidence["title"] = FieldEvidence(title, title_source, title, CONFIDENCE[title_source])
    doc_type, type_ev = classify(title, lines, doc)
    evidence["doc_type"] = type_ev
    year_ev = find_year(title, lines) or context_year(context)
    if year_ev:
        evidence["year"] = year_ev
    year = year_ev.value if year_ev else None
    cues = strong_cues(title, lines, table_rows_of(doc))
    body, body_ev = find_body(title, cues)
    region, region_ev = find_region(doc, title, lines, cues, body, body_ev, context, year)
    kind = body_kind(body)
    if body_ev:
        evidence["body"] = body_ev
        evidence["body_kind"] = FieldEvidence(kind, body_ev.source, body, body_ev.confidence)
    if region_ev:
        evidence["region"] = region_ev
    return Identity(title, doc_type, year, year_ev.snippet if year_ev else None, body, kind, region, evidence)


__all__ = ["CONFIDENCE", "FieldEvidence", "Identity", "IdentityContext", "body_kind", "classify", "find_title",
           "find_year", "identify", "parse_year"]
