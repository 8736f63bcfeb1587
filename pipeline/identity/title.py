"""The report's title: the page title, or the first heading that names the report."""

from __future__ import annotations

import re

from extractors.document import Document
from normalizers.text import squash
from pipeline.identity.lines import lines_of
from pipeline.identity.patterns import PUBLICATION_RE, TITLE_YEAR_RE, YEAR

_TITLE_KEY_RE = re.compile(
    r"(?:政府信息公开|政务公开|信息公开).{0,14}?(?:年度报告|年报|报告|自评表|评分表|自查表|考核实施细则|考核细则|评分细则|通报)"
    r"|自检自查报告|自查报告|自检报告|自评表|评分表|考核实施细则"
)
_SENTENCE_RE = re.compile(r"[。；;！？]|^(?:根据|按照|依据|本报告|本年度|现将)")


def find_title(doc: Document, lines: list[str] | None = None) -> tuple[str | None, str]:
    """doc.title when it looks like a report title, else the first heading naming the report."""
    lines = lines_of(doc) if lines is None else lines
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
            if not title_like(s):
                continue
            nxt = heads[i + 1] if i + 1 < len(heads) and title_like(heads[i + 1]) else ""
            if _is_title(s, need_year):
                return s, "title"
            if nxt and len(nxt) <= 40:
                joined = s + nxt
                continues = not _is_title(nxt, need_year) or (
                    len(s) <= 20 and not TITLE_YEAR_RE.search(s) and re.match(YEAR + "年", nxt))
                if continues and _is_title(joined, need_year):
                    return joined, "title"
    return (squash(doc.title), "title") if doc.title else (None, "title")


def title_like(s: str) -> bool:
    return 0 < len(s) <= 60 and not _SENTENCE_RE.search(s) and "《" not in s and not PUBLICATION_RE.match(s)


def _is_title(s: str, need_year: bool) -> bool:
    return bool(_TITLE_KEY_RE.search(s)) and (not need_year or bool(TITLE_YEAR_RE.search(s)))
