"""The year reported on (never the publication date): from the most trusted cue in the text, else from the
file name or URL the caller gives; `parse_year` reads digits and Chinese numerals.
"""

from __future__ import annotations

import re
from collections import Counter
from urllib.parse import unquote

from normalizers.text import squash
from pipeline.identity.evidence import CONFIDENCE, FieldEvidence, IdentityContext
from pipeline.identity.lines import snippet_around, strip_bullet
from pipeline.identity.patterns import NOT_MONTH, PUBLICATION_RE, REPORT_VERB, TITLE_YEAR_RE, YEAR

_CN_DIGITS = {"〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_STAT_PERIOD_RE = re.compile(
    r"统计(?:期限|时限|期间|时段|周期|时间|区间|范围|数据)[^。]{0,12}?" + YEAR
    + r"年(?:0?1|一)月(?:0?1|一)日起?(?:至|到|—|-|~|－)(?:(?:19|20)\d{2}年)?(?:12|十二)月(?:31|三十一)日"
    r"|统计(?:期限|时限|时间|数据)[^。]{0,6}?截[至止]" + YEAR.replace("?P<y>", "?P<y3>") + r"年(?:12|十二)月(?:31|三十一)日"
)
_REPORT_YEAR_RE = re.compile(
    REPORT_VERB + r"[^。]{0,30}?" + YEAR + r"年度?[^。]{0,30}?(?:报告|年报)"
    r"|(?:结合|涵盖)[^。，]{0,6}?" + YEAR.replace("?P<y>", "?P<y2>") + r"年度?[^。]{0,30}?(?:编制|撰写)"
)
_NOTICE_YEAR_RE = re.compile(r"关于做好" + YEAR + r"年度?(?:政府信息公开|政务公开)[^。》]{0,8}?年度报告")
# A clause that opens with the year: '2020年，青铜峡市…', '2025年中仓街道…', '…编目,2011年新增…'.
_CLAUSE_YEAR_RE = re.compile(r"(?:^|[。；;，,:：])" + YEAR + r"年度?" + NOT_MONTH
                             + r"(?![底初末前后以至到-]|以来|上半|下半|第)")


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
        for m in TITLE_YEAR_RE.finditer(title):
            if year := _year_of(m):
                cues.append(("title", year, f"title: {title}"))
                break
    body = [line for line in lines if not PUBLICATION_RE.match(strip_bullet(line))]
    flat = squash("".join(body))
    for source, regex in (("stat_period", _STAT_PERIOD_RE), ("opening", _REPORT_YEAR_RE),
                          ("notice", _NOTICE_YEAR_RE)):
        m = regex.search(flat)
        if m and (year := _year_of(m)):
            cues.append((source, year, m.group(0) if source == "stat_period" else snippet_around(flat, m)))
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


def context_year(context: IdentityContext) -> FieldEvidence | None:
    """A year in the file name or URL ('…2021年度报告.pdf', '/2020n/'), when the text names none."""
    for source, text in (("file_name", context.file_name), ("url", context.source_url)):
        if not text:
            continue
        text = unquote(text)
        m = re.search(r"(?<!\d)" + YEAR + r"年(?!\d{1,2}月)", text) or re.search(
            r"/(?P<y>(?:19|20)\d{2})n/", text)
        if m and (year := parse_year(m.group("y"))):
            return FieldEvidence(year, source, f"{source} (context; the text names no year): {text}",
                                 CONFIDENCE[source])
    return None
