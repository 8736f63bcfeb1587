"""What a document is: title, type, the year reported on, the reporting body and its region.

- **year** is the year the report covers, never the publication date: it is read from the title
  ('2021年政府信息公开工作年度报告', '2019年度', '二〇一二年'), else from the statistics period
  ('统计期限自2024年1月1日至2024年12月31日'), else from the report's own wording ('现将2021年…
  报告如下', an opening '2020年，青铜峡市…'). Lines such as '发布时间: 2022-02-15' and signature dates
  ('2022年1月25日') are never read; `year_evidence` quotes the snippet the year came from.
- **doc_type**: 自检自查报告 / 自查报告 → self_inspection (also when a score table is attached);
  自评表 / 评分表 / 考核实施细则 → self_evaluation (the document is the table); a 年度报告 / 年报 →
  annual_report; otherwise other.
- **body** is the reporting body as the document names it: an organ in the title
  ('上海市人民政府办公厅'), a letterhead line ('淮安市人民政府'), the signature before a date, the
  '来源:' line, '本报告由…编制', else the titled place's 人民政府. An 人民政府办公室 (or a 管委会办公室)
  that signs or compiles a government's report stands for the government ('石屏县人民政府办公室' →
  '石屏县人民政府', '平潭综合实验区管委会办公室' → '平潭综合实验区管委会'), so its reports of every year
  are one unit.
- **region** is resolved by `normalizers.regions.resolve_region` from the body, the title, the
  signature and the first sentence; it is unresolved when they do not name one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers.regions import ALIASES, find_mentions, resolve_region
from pipeline.document import Document
from pipeline.record import DocType, Region

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_YEAR = r"(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})"
# A year in a title: not a date ('2022年1月25日').
_TITLE_YEAR_RE = re.compile(_YEAR + r"年(?!\d{1,2}月)(?!(?:[一二三四五六七八九十]{1,2}|十[一二])月)")
_TITLE_KEY_RE = re.compile(
    r"(?:政府信息公开|政务公开|信息公开).{0,14}?(?:年度报告|年报|报告|自评表|评分表|自查表|考核实施细则|考核细则|评分细则)"
    r"|自检自查报告|自查报告|自检报告|自评表|评分表|考核实施细则"
)
_SELF_INSPECTION_RE = re.compile(r"自检自查报告|自查自检报告|自查报告|自检报告|自查情况报告|自查工作报告")
_SELF_EVALUATION_RE = re.compile(r"自评表|评分表|自查表|自评分|考核实施细则|考核细则|评分细则|考核评分|自评情况")
_ANNUAL_RE = re.compile(r"年度报告|年报|工作报告|报告")
_STAT_PERIOD_RE = re.compile(
    r"统计(?:期限|时限|期间|时段|周期|时间|区间|范围)[^。]{0,12}?" + _YEAR
    + r"年(?:0?1|一)月(?:0?1|一)日起?(?:至|到|—|-|~|－)(?:(?P<y2>(?:19|20)\d{2})年)?(?:12|十二)月(?:31|三十一)日"
)
_REPORT_YEAR_RE = re.compile(
    r"(?:现将|现予公布|现公布|特向社会公布|向社会公布|公布|涵盖|编制)[^。，]{0,8}?" + _YEAR
    + r"年度?(?:本级|本机关|全[市县区])?(?:政府信息公开|政务公开|信息公开)"
)
_OPENING_RE = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?" + _YEAR + r"年度?[，,]")
_PUBLICATION_RE = re.compile(
    r"^(?:发布时间|发布日期|发文日期|成文日期|印发日期|生成日期|公开日期|时间|日期|来源|信息来源|发布机构|发文机关|"
    r"原文链接|索引号|文号|本地目录|栏目|字体)\s*[:：]"
)
_SENTENCE_RE = re.compile(r"[。；;！？]|^(?:根据|按照|依据|本报告|本年度|现将)")

# Organ names: a region (or alias) name, at most a few more characters, then the organ.
_GOV_SUFFIX = (r"(?:人民政府(?:办公厅|办公室)?|行政公署(?:办公室)?|管委会(?:办公室)?|管理委员会(?:办公室)?"
               r"|政府(?!信息|网站|门户|公报|工作报告)(?:办公厅|办公室)?)")
_DEPT_SUFFIX = r"(?:局|厅|委员会|办公室|办公厅|中心|院|署|所)"
_CN_DATE = (r"(?:(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
            r"(?:[一二三四五六七八九十]{1,3}日)?)")


@dataclass
class Metadata:
    title: str | None
    doc_type: DocType
    year: int | None
    year_evidence: str | None
    body: str | None
    region: Region | None


def describe(doc: Document) -> Metadata:
    """Title, type, year reported on, reporting body and region of a (normalised) document."""
    lines = _lines(doc)
    title = find_title(doc, lines)
    doc_type = classify(title, lines, doc)
    year, evidence = find_year(title, lines)
    body, body_candidates = find_body(title, lines)
    candidates = ([body] if body else []) + ([title] if title else []) + body_candidates
    opening = _opening_subject(lines)
    if opening:
        candidates.append(opening)
    full_text = "\n".join(lines + [c.text for t in doc.tables for r in t.rows for c in r if not c.spanned])
    region = resolve_region(_dedupe(candidates), full_text)
    return Metadata(title, doc_type, year, evidence, body, region)


# --- title -------------------------------------------------------------------------------------


def find_title(doc: Document, lines: list[str] | None = None) -> str | None:
    """doc.title when it looks like a report title, else the first heading naming the report."""
    lines = _lines(doc) if lines is None else lines
    if doc.title:  # a page <title> may carry the site name: '…年度报告_昭通市人民政府'
        parts = [_squash(part) for part in re.split(r"\s[-—|｜]\s|[_｜|]", doc.title)]
        for need_year in (True, False):
            for part in parts:
                if _is_title(part, need_year):
                    return part
    for line in lines[:15]:
        m = re.match(r"^(?:标题|题目|文章标题)\s*[:：]\s*(.+)$", line)
        if m and _TITLE_KEY_RE.search(_squash(m.group(1))):
            return _squash(m.group(1))
    heads = [_squash(line) for line in lines[:40]]
    for need_year in (True, False):
        for i, s in enumerate(heads):
            if not _title_like(s):
                continue
            nxt = heads[i + 1] if i + 1 < len(heads) and _title_like(heads[i + 1]) else ""
            if _is_title(s, need_year):
                return s
            if nxt and len(nxt) <= 40:
                joined = s + nxt
                continues = not _is_title(nxt, need_year) or (
                    len(s) <= 20 and not _TITLE_YEAR_RE.search(s) and re.match(_YEAR + "年", nxt))
                if continues and _is_title(joined, need_year):
                    return joined
    return _squash(doc.title) if doc.title else None


def _title_like(s: str) -> bool:
    return 0 < len(s) <= 60 and not _SENTENCE_RE.search(s) and "《" not in s and not _PUBLICATION_RE.match(s)


def _is_title(s: str, need_year: bool) -> bool:
    return bool(_TITLE_KEY_RE.search(s)) and (not need_year or bool(_TITLE_YEAR_RE.search(s)))


# --- type --------------------------------------------------------------------------------------


def classify(title: str | None, lines: list[str], doc: Document | None = None) -> DocType:
    """annual_report | self_inspection | self_evaluation | other, from the title (else the top)."""
    texts = [title] if title else []
    texts.append("".join(_squash(line) for line in lines[:8]))
    for text in texts:
        if _SELF_INSPECTION_RE.search(text):
            return "self_inspection"
        if _SELF_EVALUATION_RE.search(text):
            return "self_evaluation"
        if _ANNUAL_RE.search(text) and re.search(r"政府信息公开|政务公开|信息公开", text):
            return "annual_report"
    if doc is not None:
        from pipeline.score_tables import find_score_tables

        if find_score_tables(doc):
            return "self_evaluation"
    return "other"


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


def find_year(title: str | None, lines: list[str]) -> tuple[int | None, str | None]:
    """The year reported on and the snippet it was read from (never a publication date)."""
    if title:
        for m in _TITLE_YEAR_RE.finditer(title):
            year = parse_year(m.group("y"))
            if year:
                return year, f"title: {title}"
    body = [line for line in lines if not _PUBLICATION_RE.match(line.strip())]
    flat = _squash("".join(body))
    m = _STAT_PERIOD_RE.search(flat)
    if m and (year := parse_year(m.group("y"))):
        return year, m.group(0)
    m = _REPORT_YEAR_RE.search(flat)
    if m and (year := parse_year(m.group("y"))):
        return year, _snippet(flat, m)
    for line in body:
        s = _squash(line)
        m = _OPENING_RE.match(s)
        if m and (year := parse_year(m.group("y"))):
            return year, s[:40]
    return None, None


# --- body --------------------------------------------------------------------------------------


def find_body(title: str | None, lines: list[str]) -> tuple[str | None, list[str]]:
    """The reporting body and the other organ names seen (signature, 来源, 本报告由…编制)."""
    found: list[tuple[str, str]] = []  # (how, organ)
    if title:
        org = _organ_in(title, departments=True)
        if org and title.find(org) < _key_pos(title):
            found.append(("title", org))
    for line in lines[:3]:  # a letterhead above the title
        s = _squash(line)
        org = _organ_in(s)
        if org and org == s:
            found.append(("letterhead", org))
            break
    signature = _signature(lines)
    if signature:
        found.append(("signature", signature))
    for line in lines[:40]:
        m = re.search(r"(?:来源|信息来源|发布机构|发文机关)\s*[:：]\s*(\S+)", line)
        if m and (org := _organ_in(_squash(m.group(1)))):
            found.append(("source", org))
            break
    flat = _squash("".join(lines[:30]))
    m = re.search(r"本(?:年度)?报告(?:由|是)(?P<org>[^，。；]{2,30}?)(?:根据|依据|按照|编制|制作|负责)", flat)
    if m and (org := _organ_in(m.group("org"))):
        found.append(("compiler", org))
    others = [org for _, org in found]
    if not found:
        place = _title_place(title)
        return place, []
    how, org = found[0]
    if how != "title" and not (title and re.search("办公[室厅]", title)):
        org = re.sub(r"(人民政府|行政公署|管委会|管理委员会)办公[室厅]$", r"\1", org)
    return org, others


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
        org = _organ_in(m.group("org"))
        if org and m.group("org").endswith(org):
            return org
    return None


def _title_place(title: str | None) -> str | None:
    """'青铜峡市2020年…' → '青铜峡市人民政府'; a special zone keeps its own name ('平潭综合实验区')."""
    if not title:
        return None
    mentions = [m for m in find_mentions(title) if m.places]
    if not mentions or mentions[0].start != 0:
        return None
    i = 0
    while i + 1 < len(mentions) and mentions[i + 1].start == mentions[i].end:  # 江苏省淮安市洪泽区
        i += 1
    end = mentions[i].end
    if not re.match(_YEAR + "年", title[end:]):
        return None
    return title[:end] if mentions[i].text in ALIASES else title[:end] + "人民政府"


def _key_pos(title: str) -> int:
    """Where the report's own name starts in a title ('政府信息公开…报告'); organs come before it."""
    m = re.search(r"政府信息公开|政务公开|信息公开|自检自查|自查|自评", title)
    return m.start() if m else len(title)


def _opening_subject(lines: list[str]) -> str | None:
    """The subject of the first '2020年，青铜峡市…' sentence (12 characters after the comma)."""
    for line in lines:
        s = _squash(line)
        m = _OPENING_RE.match(s)
        if m:
            return s[m.end(): m.end() + 12] or None
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


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _snippet(text: str, m: re.Match, pad: int = 12) -> str:
    return text[max(0, m.start() - pad): m.end() + pad]


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    return [x for x in items if x and not (x in seen or seen.add(x))]


__all__ = ["Metadata", "classify", "describe", "find_body", "find_title", "find_year", "parse_year"]
