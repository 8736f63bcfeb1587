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
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from urllib.parse import unquote

from extractors.document import Document
from normalizers.regions import (
    ALIASES,
    ZONE_RE,
    Region,
    find_mentions,
    place,
    region_for_code,
    resolve_region,
)
from normalizers.text import squash
from pipeline.record import BodyKind, DocType


@dataclass
class IdentityContext:
    """What the caller knows besides the text: these fill only what the text leaves open."""

    source_url: str | None = None  # the crawled URL
    site_region_code: str | None = None  # the site's region code in sites/sites.yaml
    file_name: str | None = None


@dataclass
class FieldEvidence:
    """Where one identity field was read: the cue's source, the snippet and how far to trust it."""

    value: object
    source: str  # 'title' | 'stat_period' | 'opening' | 'signature' | 'letterhead' | 'site' | 'file_name' | …
    snippet: str | None
    confidence: float  # 0..1


@dataclass
class Identity:
    title: str | None
    doc_type: DocType
    year: int | None
    year_evidence: str | None
    body: str | None
    body_kind: BodyKind | None
    region: Region | None
    evidence: dict[str, FieldEvidence] = field(default_factory=dict)


# How far each cue is trusted (the confidence stored with the field).
CONFIDENCE = {
    "title": 0.95, "stat_period": 0.95, "letterhead": 0.9, "opening": 0.9, "compiler": 0.85,
    "signature": 0.85, "source_line": 0.8, "contact": 0.8, "subject": 0.8, "heading": 0.8, "content": 0.75,
    "notice": 0.7, "named_with": 0.75, "clause": 0.6, "portal": 0.65, "address": 0.6, "self_reference": 0.55,
    "index_number": 0.5, "score_table": 0.8, "default": 0.3, "site": 0.45, "file_name": 0.4, "url": 0.3,
}

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_YEAR = r"(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})"
_NOT_MONTH = r"(?!\d{1,2}月)(?!(?:[一二三四五六七八九十]{1,2}|十[一二])月)"
# A year in a title: not a date ('2022年1月25日'); also '评估报告(2018)'.
_TITLE_YEAR_RE = re.compile(_YEAR + r"年" + _NOT_MONTH + r"|[(（]" + _YEAR.replace("?P<y>", "?P<y2>") + r"[)）]")
_TITLE_KEY_RE = re.compile(
    r"(?:政府信息公开|政务公开|信息公开).{0,14}?(?:年度报告|年报|报告|自评表|评分表|自查表|考核实施细则|考核细则|评分细则|通报)"
    r"|自检自查报告|自查报告|自检报告|自评表|评分表|考核实施细则"
)
_SELF_INSPECTION_RE = re.compile(r"自检自查报告|自查自检报告|自查报告|自检报告|自查情况报告|自查工作报告")
_SELF_EVALUATION_RE = re.compile(r"自评表|评分表|自查表|自评分|考核实施细则|考核细则|评分细则|考核评分|自评情况")
# Documents about reports that are not one: evaluations by a third party, notices, score bulletins.
_OTHER_RE = re.compile(r"评估报告|第三方评估|测评报告|(?:通报|通知|意见|方案|要点)$")
_ANNUAL_RE = re.compile(r"年度报告|年报|工作报告|报告")
_STAT_PERIOD_RE = re.compile(
    r"统计(?:期限|时限|期间|时段|周期|时间|区间|范围|数据)[^。]{0,12}?" + _YEAR
    + r"年(?:0?1|一)月(?:0?1|一)日起?(?:至|到|—|-|~|－)(?:(?:19|20)\d{2}年)?(?:12|十二)月(?:31|三十一)日"
    r"|统计(?:期限|时限|时间|数据)[^。]{0,6}?截[至止]" + _YEAR.replace("?P<y>", "?P<y3>") + r"年(?:12|十二)月(?:31|三十一)日"
)
_REPORT_VERB = r"(?:现将|现予公布|现予公开|现公布|现公开|现发布|(?:现|特)?向社会(?:公布|公开)|现形成|现编制|特编制)"
_REPORT_YEAR_RE = re.compile(
    _REPORT_VERB + r"[^。]{0,30}?" + _YEAR + r"年度?[^。]{0,30}?(?:报告|年报)"
    r"|(?:结合|涵盖)[^。，]{0,6}?" + _YEAR.replace("?P<y>", "?P<y2>") + r"年度?[^。]{0,30}?(?:编制|撰写)"
)
# The report's own opening sentence, as good as a title: '现公布泰州市人民政府2017年政府信息公开工作年度报告。'
# (not a notice about reports: '现将…年度报告有关事项通知如下', '现将《关于做好…年度报告的通知》转发').
_PUBLISHES_REPORT_RE = re.compile(
    _REPORT_VERB + r"[^。《》]{0,60}?(?:政府信息公开|政务公开|信息公开)[^。《》]{0,14}?(?:年度报告|年报)"
    r"(?=[。，,；;：:(（]|$|(?:公布|发布)?如下)"
)
_NOTICE_YEAR_RE = re.compile(r"关于做好" + _YEAR + r"年度?(?:政府信息公开|政务公开)[^。》]{0,8}?年度报告")
# A clause that opens with the year: '2020年，青铜峡市…', '2025年中仓街道…', '…编目,2011年新增…'.
_CLAUSE_YEAR_RE = re.compile(r"(?:^|[。；;，,:：])" + _YEAR + r"年度?" + _NOT_MONTH
                             + r"(?![底初末前后以至到-]|以来|上半|下半|第)")
_OPENING_RE = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?" + _YEAR + r"年度?[，,]")
_PUBLICATION_RE = re.compile(
    r"^(?:发布时间|发布日期|发文日期|成文日期|印发日期|生成日期|公开日期|发表日期|时间|日期|来源|文章来源|信息来源|发布机构|"
    r"发文机关|原文链接|索引号|文号|本地目录|栏目|字体)\s*[:：]"
)
_SENTENCE_RE = re.compile(r"[。；;！？]|^(?:根据|按照|依据|本报告|本年度|现将)")

# Organ names: a place name, at most a few more characters, then the organ.
_GOV_SUFFIX = (r"(?:人民政府(?:办公厅|办公室)?|行政公署(?:办公室)?|管委会(?:办公室)?|管理委员会(?:办公室)?"
               r"|政府(?!信息|网站|门户|公报|工作报告|网)(?:办公厅|办公室)?)")
_DEPT_SUFFIX = r"(?:局|厅|委员会|办公室|办公厅|中心|院|署|所)"
# Every organ ending, longest first: a body name ends with one of these.
_ORG_END = (r"(?:人民政府办公厅|人民政府办公室|人民政府|行政公署办公室|行政公署|管理委员会办公室|管理委员会|"
            r"管委会办公室|管委会|政府办公厅|政府办公室|政府办|政府|街道办事处|办事处|街道|委员会|卫健委|办公厅|办公室|"
            r"总局|局|厅|署|中心|委(?!员)|镇|乡)")
_CN_DATE = (r"(?:(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
            r"(?:[一二三四五六七八九十]{1,3}日)?)")
_NATIONAL_RE = re.compile(r"^(?:国家|国务院|中华人民共和国|中央)[\u4e00-\u9fff]{1,16}$|^[\u4e00-\u9fff]{1,6}部$")

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


def identify(doc: Document, context: IdentityContext | None = None) -> Identity:
    """Title, type, year reported on, reporting body, its kind and region — each with its evidence."""
    context = context or IdentityContext()
    lines = _lines(doc)
    evidence: dict[str, FieldEvidence] = {}
    title, title_source = find_title(doc, lines)
    if title:
        evidence["title"] = FieldEvidence(title, title_source, title, CONFIDENCE[title_source])
    doc_type, type_ev = classify(title, lines, doc)
    evidence["doc_type"] = type_ev
    year_ev = find_year(title, lines) or _context_year(context)
    if year_ev:
        evidence["year"] = year_ev
    year = year_ev.value if year_ev else None
    body, body_ev, region, region_ev = _body_and_region(doc, title, lines, context, year)
    kind = body_kind(body)
    if body_ev:
        evidence["body"] = body_ev
        evidence["body_kind"] = FieldEvidence(kind, body_ev.source, body, body_ev.confidence)
    if region_ev:
        evidence["region"] = region_ev
    return Identity(title, doc_type, year, year_ev.snippet if year_ev else None, body, kind, region, evidence)


# --- title -------------------------------------------------------------------------------------


def find_title(doc: Document, lines: list[str] | None = None) -> tuple[str | None, str]:
    """doc.title when it looks like a report title, else the first heading naming the report."""
    lines = _lines(doc) if lines is None else lines
    if doc.title:  # a page <title> may carry the site name: '…年度报告_昭通市人民政府'
        parts = [squash(part) for part in re.split(r"\s[-—|｜]\s|[_｜|]", doc.title)]
        for need_year in (True, False):
            for part in parts:
                if _is_title(part, need_year):
                    return part, "title"
    for line in lines[:15]:
        m = re.match(r"^[•·●◆■*-]?(?:标题|题目|文章标题|名称)[:：](.+)$", squash(line))
        if m and _TITLE_KEY_RE.search(m.group(1)):
            return m.group(1), "title"
    heads = [squash(line) for line in lines[:40]]
    for need_year in (True, False):
        for i, s in enumerate(heads):
            if not _title_like(s):
                continue
            nxt = heads[i + 1] if i + 1 < len(heads) and _title_like(heads[i + 1]) else ""
            if _is_title(s, need_year):
                return s, "title"
            if nxt and len(nxt) <= 40:
                joined = s + nxt
                continues = not _is_title(nxt, need_year) or (
                    len(s) <= 20 and not _TITLE_YEAR_RE.search(s) and re.match(_YEAR + "年", nxt))
                if continues and _is_title(joined, need_year):
                    return joined, "title"
    return (squash(doc.title), "title") if doc.title else (None, "title")


def _title_like(s: str) -> bool:
    return 0 < len(s) <= 60 and not _SENTENCE_RE.search(s) and "《" not in s and not _PUBLICATION_RE.match(s)


def _is_title(s: str, need_year: bool) -> bool:
    return bool(_TITLE_KEY_RE.search(s)) and (not need_year or bool(_TITLE_YEAR_RE.search(s)))


def _strip_bullet(line: str) -> str:
    return re.sub(r"^[•·●◆■\-*]\s*", "", line.strip())


# --- type --------------------------------------------------------------------------------------


def classify(title: str | None, lines: list[str], doc: Document | None = None) -> tuple[DocType, FieldEvidence]:
    """annual_report | self_inspection | self_evaluation | other, from the title, top lines, content."""
    heads = [(squash(line)) for line in lines[:8]]
    texts = ([("title", title)] if title else []) + [("heading", s) for s in heads if _title_like(s)]
    if heads and not _title_like(heads[0]) and not re.match(r"根据|按照|依据|为|本|我|现|在|\d", heads[0]):
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
            if i + 1 < len(lines) and _OPENING_RE.match(squash(lines[i + 1])):  # '2021年，…' opens it
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


# --- year --------------------------------------------------------------------------------------


def parse_year(text: str) -> int | None:
    """'2021' → 2021; '二〇一二' / '二○一三' / '二零二零' → 2012 / 2013 / 2020 (digit by digit)."""
    text = text.strip()
    if re.fullmatch(r"\d{4}", text):
        year = int(text)
    elif len(text) == 4 and all(ch in _CN_DIGITS for ch in text):
        year = int("".join(str(_CN_DIGITS[ch]) for ch in text))
    else:
        try:
            import cn2an

            year = int(cn2an.cn2an(text.replace("○", "零").replace("〇", "零"), "smart"))
        except (ValueError, KeyError, TypeError):
            return None
    return year if 1990 <= year <= 2100 else None


def _year_of(m: re.Match) -> int | None:
    for name in ("y", "y2", "y3"):
        if name in m.re.groupindex and m.group(name):
            return parse_year(m.group(name))
    return None


def find_year(title: str | None, lines: list[str]) -> FieldEvidence | None:
    """The year reported on, from the most trusted cue; the evidence names any other year seen."""
    cues: list[tuple[str, int, str]] = []  # (source, year, snippet) in order of trust
    if title:
        for m in _TITLE_YEAR_RE.finditer(title):
            if year := _year_of(m):
                cues.append(("title", year, f"title: {title}"))
                break
    body = [line for line in lines if not _PUBLICATION_RE.match(_strip_bullet(line))]
    flat = squash("".join(body))
    for source, regex in (("stat_period", _STAT_PERIOD_RE), ("opening", _REPORT_YEAR_RE),
                          ("notice", _NOTICE_YEAR_RE)):
        m = regex.search(flat)
        if m and (year := _year_of(m)):
            cues.append((source, year, m.group(0) if source == "stat_period" else _snippet(flat, m)))
    clause = _clause_year(body)
    if clause:
        cues.append(("clause", *clause))
    if not cues:
        return None
    source, year, snippet = cues[0]
    others = sorted({f"{y} ({s})" for s, y, _ in cues if y != year})
    if others:
        snippet += f" [also names {', '.join(others)}; the {source} year {year} is used]"
    return FieldEvidence(year, source, snippet, CONFIDENCE[source])


def _clause_year(body: list[str]) -> tuple[int, str] | None:
    """The year most clauses open with ('2020年，…'), first seen on a tie, with its first snippet."""
    counts: Counter[int] = Counter()
    snippets: dict[int, str] = {}
    for line in body:
        s = squash(line)
        for m in _CLAUSE_YEAR_RE.finditer(s):
            year = _year_of(m)
            if year:
                counts[year] += 1
                start = m.start("y")
                snippets.setdefault(year, s[start:start + 40])
    if not counts:
        return None
    top = max(counts.values())
    year = next(y for y in snippets if counts[y] == top)
    return year, snippets[year]


def _context_year(context: IdentityContext) -> FieldEvidence | None:
    """A year in the file name or URL ('…2021年度报告.pdf', '/2020n/'), when the text names none."""
    for source, text in (("file_name", context.file_name), ("url", context.source_url)):
        if not text:
            continue
        text = unquote(text)
        m = re.search(r"(?<!\d)" + _YEAR + r"年(?!\d{1,2}月)", text) or re.search(
            r"/(?P<y>(?:19|20)\d{2})n/", text)
        if m and (year := parse_year(m.group("y"))):
            return FieldEvidence(year, source, f"{source} (context; the text names no year): {text}",
                                 CONFIDENCE[source])
    return None


# --- body and region ---------------------------------------------------------------------------


# Cues that name an organ the report mentions rather than presents itself as (a contact office, the
# subject of a sentence): they name the body only when the title names no place.
_SECONDARY = ("contact", "subject")


@dataclass
class _Cue:
    source: str
    organ: str | None  # the organ named (None when the cue names a place only)
    text: str  # what names the place (the organ, or a place phrase)
    snippet: str


def _body_and_region(doc: Document, title: str | None, lines: list[str], context: IdentityContext, year: int | None
                     ) -> tuple[str | None, FieldEvidence | None, Region, FieldEvidence | None]:
    """The body from the most trusted cue that names one; the region from the cues in tiers (the code a
    name had in the report `year`)."""
    cues = _strong_cues(title, lines, _table_lines(doc))
    organs = [c for c in cues if c.organ]
    body, body_ev = None, None
    place_body = _title_place(title)
    if place_body and (not organs or organs[0].source in _SECONDARY):
        body_ev = FieldEvidence(place_body, "title", title, CONFIDENCE["title"])
        body = place_body
    elif organs:
        first = organs[0]
        body = first.organ
        keeps_office = first.source in ("title", "opening") or (title and re.search("办公[室厅]", title))
        if not keeps_office:  # an office signing or compiling its government's report stands for it
            body = re.sub(r"(人民政府|行政公署|管委会|管理委员会)办公[室厅]$", r"\1", body)
        body_ev = FieldEvidence(body, first.source, first.snippet, CONFIDENCE[first.source])
    full_text = "\n".join(lines + [c.text for t in doc.tables for r in t.rows for c in r if not c.spanned])
    hints = _index_codes(lines[:40] + _table_lines(doc))
    if body and _NATIONAL_RE.match(body) and not find_mentions(body):
        region = Region(None, None, None, None, "unresolved", f"national body {body}: no region code")
        return body, body_ev, region, FieldEvidence(None, body_ev.source, body, body_ev.confidence)
    primary = [c.text for c in cues if c.source not in _SECONDARY]
    texts = _dedupe(primary + ([title] if title else []) + [c.text for c in cues if c.source in _SECONDARY])
    region = resolve_region(texts, full_text, hints=[code for code, _ in hints], year=year)
    if region.status == "resolved":
        source = _deciding_source(region, cues, title, full_text, year)
        return body, body_ev, region, FieldEvidence(region.adcode, source, region.evidence, CONFIDENCE[source])
    named = any(m.places for t in texts for m in find_mentions(squash(t)))
    if not named and body_kind(body) in ("township", "street"):
        phrases = _named_with_its_county(body, full_text)
        if phrases:
            r = resolve_region(phrases, full_text, hints=[code for code, _ in hints], year=year)
            if r.status == "resolved":
                r.evidence = f"the body {body} is named with its county: {r.evidence}"
                return body, body_ev, r, FieldEvidence(r.adcode, "named_with", r.evidence, CONFIDENCE["named_with"])
            named = True
    if not named:
        weak = _weak_cues(lines)
        if weak:
            texts = _dedupe([c.text for c in weak])
            weak_region = resolve_region(texts, full_text, hints=[code for code, _ in hints], year=year)
            if weak_region.status == "resolved":
                source = _deciding_source(weak_region, weak, None, full_text, year)
                return body, body_ev, weak_region, FieldEvidence(
                    weak_region.adcode, source, weak_region.evidence, CONFIDENCE[source])
            named = any(m.places for t in texts for m in find_mentions(squash(t)))
    if not named and hints:
        code, snippet = hints[0]
        if len({c for c, _ in hints}) == 1:
            r = region_for_code(code, f"'{snippet}' embeds the region code {code} (the text names no place)")
            return body, body_ev, r, FieldEvidence(code, "index_number", r.evidence, CONFIDENCE["index_number"])
    ctx = _context_region(context, region, named)
    if ctx:
        return body, body_ev, ctx[0], ctx[1]
    return body, body_ev, region, FieldEvidence(None, "text", region.evidence, 0.0)


def _deciding_source(region: Region, cues: list[_Cue], title: str | None, full_text: str, year: int | None) -> str:
    """The source of the first cue that names the resolved place on its own."""
    for c in cues + ([_Cue("title", None, title, title)] if title else []):
        if resolve_region([c.text], full_text, year=year).adcode == region.adcode:
            return c.source
    return cues[0].source if cues else "title"


def _context_region(context: IdentityContext, region: Region, named: bool) -> tuple[Region, FieldEvidence] | None:
    """The site's region code (else a place in the file name) when the text names no place, or
    when the place it names is a homonym that the site's code tells apart."""
    code = context.site_region_code
    if code and place(code):
        site = place(code)
        if not named:
            r = region_for_code(code, f"site region code {code} from sites.yaml (context; the text names no place)")
            return r, FieldEvidence(code, "site", r.evidence, CONFIDENCE["site"])
        if "ambiguous" in region.evidence:
            m = re.search(r"ambiguous \(([^)]*)\)", region.evidence)
            options = re.findall(r"(\d{6})", m.group(1)) if m else []
            inside = [o for o in options if (p := place(o)) and site.related(p)]
            if len(inside) == 1:
                r = region_for_code(inside[0], f"{region.evidence}; the site's region code {code} (context) "
                                               f"tells the homonym apart")
                return r, FieldEvidence(inside[0], "site", r.evidence, CONFIDENCE["site"])
    if not named and context.file_name:
        r = resolve_region([context.file_name], "")
        if r.status == "resolved":
            r.evidence = f"file name (context; the text names no place): {r.evidence}"
            return r, FieldEvidence(r.adcode, "file_name", r.evidence, CONFIDENCE["file_name"])
    return None


def _strong_cues(title: str | None, lines: list[str], table_lines: list[str]) -> list[_Cue]:
    """Cues that name the reporting body, in order of trust (`table_lines`: the page's first table
    rows, where an 索引号 / 发布机构 box is often read as a table)."""
    cues: list[_Cue] = []
    if title:
        span = title[:_key_pos(title)]
        span = re.split(r"关于", span)[0]
        org = _organ(span) or _organ_in(title, departments=True)
        if org and title.find(org) < _key_pos(title):
            cues.append(_Cue("title", org, org, title))
    for line in lines[:3]:  # a letterhead above the title
        s = squash(line)
        org = _organ_in(s)
        if org and org == s:
            cues.append(_Cue("letterhead", org, org, s))
            break
    text = squash("".join(line if re.search(r"[。，,；;：:]$", line) else line + "\n" for line in lines[:60]))
    flat = _asides_removed(text)
    m = re.search(_REPORT_VERB + r"《?(?P<span>[^。《》]{2,50}?)(?:政府信息公开|政务公开|信息公开)[^。]{0,14}?(?:年度报告|年报|报告)",
                  flat)
    if m:
        org = _organ(m.group("span"))
        cues.append(_Cue("opening", org, org or m.group("span"), _snippet(flat, m, 0)))
    for regex in (r"由(?P<span>[^，。,由《]{2,30}?)(?:(?:结合|根据|依据|按照)[^。]{0,40}?)?(?:负责|组织)?(?:编制|制作|撰写)",
                  r"结合(?:" + _YEAR + r"年度?)?(?P<span>[^，。,]{2,30}?)(?:政府信息公开|政务公开|信息公开)"):
        m = re.search(regex, flat)
        if m and (org := _organ(m.group("span"))):
            cues.append(_Cue("compiler", org, org, _snippet(flat, m, 0)))
            break
    signature = _signature(lines)
    if signature:
        cues.append(_Cue("signature", signature, signature, signature))
    for line in lines[:40] + table_lines:
        s = squash(_strip_bullet(line))
        m = re.search(r"(?:来源|信息来源|发布机构|发文机关|发布单位)[\]】]?[:：|]+(?P<span>[^|\s:：]+)", s)
        if m and (org := _organ(re.split(r"\d", m.group("span"))[0])):
            cues.append(_Cue("source_line", org, org, m.group(0)))
            break
    m = re.search(r"请(?:与|联系|致电)(?P<span>[^，。,;；()]{2,30}?)(?:联系|联络|咨询|[。,，;；(]|$)", flat)
    if m and (org := _organ(m.group("span"))):
        cues.append(_Cue("contact", org, org, m.group(0)))
    subject = _opening_subject(lines)
    if subject:
        cues.append(_Cue("subject", _organ_prefix(subject), subject, subject))
    return cues


def _named_with_its_county(body: str, full_text: str) -> list[str]:
    """Every place + township phrase in the text for a township or street named alone ('龙归镇' in the
    title, '韶关市武江区龙归镇人民政府' in the text → '韶关市武江区龙归镇'): the county (or city) printed right
    before the body's name, optionally with its 人民政府 between ('磐石市人民政府明城街道办事处')."""
    stem = re.sub(r"(?:人民政府|政府|办事处)$", "", body)
    if len(stem) < 3:
        return []
    text = squash(full_text)
    mentions = [m for m in find_mentions(text) if m.places]
    phrases = []
    for occurrence in re.finditer(re.escape(stem), text):
        end = occurrence.start() - (4 if text[:occurrence.start()].endswith("人民政府") else 0)
        run = [m for m in mentions if m.end <= end]
        if not run or run[-1].end != end:
            continue
        start = run[-1].start
        for m in reversed(run[:-1]):  # its parents printed before it: 韶关市武江区
            if m.end != start:
                break
            start = m.start
        phrases.append(text[start:end] + stem)
    return _dedupe(phrases)


def _weak_cues(lines: list[str]) -> list[_Cue]:
    """Cues that place the body without naming it: its portal, its address, what it calls itself."""
    text = squash("\n".join(lines))
    cues: list[_Cue] = []
    for m in re.finditer(r"(?:电子版|全文)[^。]{0,30}?(?:网站|网|门户|平台)", text):
        phrase = re.sub(r"[“”\"'《》「」]|https?://\S+|www\.\S+", "", m.group(0))
        cues.append(_Cue("portal", None, phrase, m.group(0)))
    for m in re.finditer(r"地址[:：](?P<a>[^，,;；。)]{4,40})", text):
        cues.append(_Cue("address", None, m.group("a"), m.group(0)))
    cues += _self_references(text)
    # The smallest place first: a county report also calls its province 我省 ('按照我省部署'), and the
    # province's code must not win over the county the text names and calls itself.
    return sorted(cues, key=lambda c: -max((p.rank for m in find_mentions(squash(c.text)) for p in m.places),
                                           default=-1))


def _self_references(text: str) -> list[_Cue]:
    """Places the text names in full and also refers to as itself ('铜仁市教育局' + '市教育局…',
    '南京经济技术开发区' + '开发区…', '南充市高坪区' + '我区'): the body's own place."""
    out: list[_Cue] = []
    for mention in find_mentions(text):
        if not mention.places or mention.alias:
            continue
        rest = text[mention.end:mention.end + 16]
        level = mention.text[-1] if mention.text[-1] in "省市县区州盟旗" else ""
        m = re.match(rf"[\u4e00-\u9fff]{{0,12}}?(?:{_DEPT_SUFFIX}|{ZONE_RE.pattern})", rest)
        generic = []
        if m:
            tail = m.group(0)
            zone = ZONE_RE.search(tail)
            generic = [level + tail] if level else []
            if zone:
                generic.append(zone.group(0))
        elif level:
            generic = ["我" + level, "本" + level] + (["自治区"] if mention.text.endswith("自治区") else [])
        name = mention.text + (m.group(0) if m else "")
        for g in generic:
            if len(g) < 2:
                continue
            named = [(i.start(), i.end()) for i in re.finditer(re.escape(name), text)]
            bare = [i.start() for i in re.finditer(re.escape(g), text)  # not the generic word inside the name
                    if not any(a <= i.start() < b for a, b in named)]
            if bare:
                out.append(_Cue("self_reference", None, name, f"{name} … {g}"))
                break
    return out


def _index_codes(lines: list[str]) -> list[tuple[str, str]]:
    """Region codes embedded in a 索引号 ('620702081/2026-00007') or an organ's credit code
    ('11410402005462140C': 11 = organ, 410402 = where it is registered), with the snippet."""
    out: list[tuple[str, str]] = []
    for line in lines:
        s = squash(line)
        for m in re.finditer(r"(?<![0-9A-Z])1[1-9](?P<c>\d{6})[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])", s):
            if place(m.group("c")):
                out.append((m.group("c"), m.group(0)))
        m = re.search(r"索引号[\]】]?[:：|]*(?P<c>\d{6})(?:\d{3})?[/-]", s)
        if m and place(m.group("c")):
            out.append((m.group("c"), m.group(0)))
    return out


def _organ(span: str) -> str | None:
    """The organ a span ends with ('…现公布奉新县人民政府办公室' → '奉新县人民政府办公室'), from the
    first place name in it, else from its last run of Chinese characters ('puroview.com沙头镇')."""
    s = re.sub(r"\([^)]{0,20}\)|“|”|\"", "", span or "")
    s = re.sub(_YEAR + r"年度?", "", s)
    s = re.sub(r"(?:本级|本机关|本单位)$", "", s)
    if not re.search(_ORG_END + "$", s) or len(s) > 40:
        return None
    mentions = [m for m in find_mentions(s) if m.places]
    if mentions:
        org = s[mentions[0].start:]
    else:
        m = re.search(r"[\u4e00-\u9fff]+$", s)
        org = m.group(0) if m else ""
    if (len(org) < 3 or re.match(r"[本我该全各其市县区州省]", org) or not re.fullmatch(r"[\u4e00-\u9fff]+", org)
            or len(re.sub(_ORG_END + "$", "", org)) < 2):
        return None
    return re.sub(r"(局|委员会|委|厅)办公室$", r"\1", org)  # '请与…财政局办公室联系' names the 财政局


def _organ_prefix(text: str) -> str | None:
    """The organ a clause opens with ('汕尾市公安局(以下简称…)认真…' → '汕尾市公安局')."""
    mentions = find_mentions(text)
    if not mentions or mentions[0].start != 0 or not mentions[0].places:
        return None
    m = re.match(rf"(?:[\u4e00-\u9fff]|\([\u4e00-\u9fff]{{1,12}}\)){{2,30}}?{_ORG_END}(?![\u4e00-\u9fff]{{0,2}}(?:局|厅|委|办))",
                 text)
    if not m or len(m.group(0)) - mentions[0].end > 16:
        return None
    return re.sub(r"\([^)]*\)", "", m.group(0))


def body_kind(body: str | None) -> BodyKind | None:
    """What kind of organ a body name is (see record.BodyKind)."""
    if not body:
        return None
    if re.search(r"街道", body) or body.endswith("办事处"):
        return "street"
    if re.search(r"[镇乡](?:人民政府|政府)?$", body):
        return "township"
    if ZONE_RE.search(body) or re.search(r"管委会|管理委员会", body):
        return "zone"
    if re.search(r"(?:人民政府|行政公署|政府)(?:办公室|办公厅)$|政府办$", body):
        return "office"
    if re.search(r"(?:人民政府|行政公署|政府)$", body):
        return "government"
    if re.search(_DEPT_SUFFIX + "$|委$|总局$", body):
        return "department"
    if any(m.places for m in find_mentions(body)) and len(find_mentions(body)[-1].text) >= len(body) - 1:
        return "government"
    return "other"


def _organ_in(text: str, departments: bool = False) -> str | None:
    """The first organ name in `text` that starts with a region (or alias) name."""
    for mention in find_mentions(text):
        if not mention.places:
            continue
        rest = text[mention.start:]
        m = re.match(rf"{re.escape(mention.text)}[\u4e00-\u9fff]{{0,10}}?{_GOV_SUFFIX}", rest)
        if not m and departments:
            m = re.match(rf"{re.escape(mention.text)}[\u4e00-\u9fff]{{0,14}}?{_DEPT_SUFFIX}(?=\d|[〇○]|政府信息|政务公开)",
                         rest)
        if m:
            return m.group(0)
    return None


def _signature(lines: list[str]) -> str | None:
    """An organ name followed directly by a date: '宣威市人民政府 / 2021年12月28日'."""
    text = "\n".join(line.strip() for line in lines)
    for m in re.finditer(rf"(?P<org>[\u4e00-\u9fff]{{2,30}}?)[ \t\u3000]*\n?[ \t\u3000]*{_CN_DATE}(?=\s|$)", text):
        org = _organ(m.group("org"))
        if org and any(x.places for x in find_mentions(org)):
            return org
    return None


def _title_place(title: str | None) -> str | None:
    """'青铜峡市2020年…' → '青铜峡市人民政府'; a special zone keeps its own name ('平潭综合实验区')."""
    if not title:
        return None
    title = re.sub("^" + _YEAR + "年度?", "", title)
    mentions = [m for m in find_mentions(title) if m.places]
    if not mentions or mentions[0].start != 0:
        return None
    i = 0
    while i + 1 < len(mentions) and mentions[i + 1].start == mentions[i].end:  # 江苏省淮安市洪泽区
        i += 1
    end = mentions[i].end
    if not re.match(_YEAR + "年", title[end:]) and _key_pos(title) != end:
        return None
    return title[:end] if mentions[i].text in ALIASES else title[:end] + "人民政府"


def _key_pos(title: str) -> int:
    """Where the report's own name starts in a title ('政府信息公开…报告'); organs come before it."""
    m = re.search(r"政府信息公开|政务公开|信息公开|自检自查|自查|自评", title)
    return m.start() if m else len(title)


def _opening_subject(lines: list[str]) -> str | None:
    """What the first '2020年，青铜峡市…' clause is about (up to 30 characters after the comma)."""
    for line in lines:
        s = squash(line)
        m = _OPENING_RE.match(s) or re.search(r"(?:^|[。，,])" + _YEAR + r"年度?[，,](?=[^。]{0,40}(?:以下简称|认真|坚持|高度重视|"
                                             r"深入|紧紧|严格|按照|共|全面))", s)
        if m:
            rest = s[m.end(): m.end() + 30]
            if find_mentions(rest) and find_mentions(rest)[0].start == 0:
                return rest
            if m.re is _OPENING_RE:
                return None
    return None


# --- helpers -----------------------------------------------------------------------------------


def _lines(doc: Document) -> list[str]:
    out: list[str] = []
    for p in doc.paragraphs:
        if p.kind == "chrome":
            continue
        for line in p.text.split("\n"):
            line = re.sub(r"</?(?:p|br|div|span)[^>]*>", " ", line)
            line = re.sub(r"^\s*#{1,6}\s+", "", line).strip()
            if line:
                out.append(line)
    return out


def _table_lines(doc: Document) -> list[str]:
    """The first rows of the first tables as 'cell|cell' lines (索引号 / 发布机构 boxes)."""
    return ["|".join(c.text for c in r) for t in doc.tables[:3] for r in t.rows[:6]]


def _asides_removed(text: str) -> str:
    """Text without addresses and phone numbers in brackets ('(地址:北京市海淀区…)')."""
    return re.sub(r"[(（](?:地址|电话|联系电话|邮编|传真|邮箱)[^)）]*[)）]", "", text)


def _snippet(text: str, m: re.Match, pad: int = 12) -> str:
    return text[max(0, m.start() - pad): m.end() + pad]


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if x and not (x in seen or seen.add(x))]


__all__ = ["CONFIDENCE", "FieldEvidence", "Identity", "IdentityContext", "body_kind", "classify", "find_title",
           "find_year", "identify", "parse_year"]
