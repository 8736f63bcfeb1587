"""The document's text as the identity stage reads it (lines, first table rows) and small text helpers."""

from __future__ import annotations

import re

from extractors.document import Document


def lines_of(doc: Document) -> list[str]:
    """The text lines of the paragraphs, without page chrome, stray HTML tags and Markdown heading marks."""
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


def table_rows_of(doc: Document) -> list[str]:
    """The first rows of the first tables as 'cell|cell' lines (索引号 / 发布机构 boxes)."""
    return ["|".join(c.text for c in r) for t in doc.tables[:3] for r in t.rows[:6]]


def asides_removed(text: str) -> str:
    """Text without addresses and phone numbers in brackets ('(地址:北京市海淀区…)')."""
    return re.sub(r"[(（](?:地址|电话|联系电话|邮编|传真|邮箱)[^)）]*[)）]", "", text)


def snippet_around(text: str, m: re.Match, pad: int = 12) -> str:
    """The match with `pad` characters either side, for the evidence."""
    return text[max(0, m.start() - pad): m.end() + pad]


def dedupe(items: list[str]) -> list[str]:
    """The non-empty items in their first order, each once."""
    seen: set[str] = set()
    return [x for x in items if x and not (x in seen or seen.add(x))]


def strip_bullet(line: str) -> str:
    """A line without its list bullet ('• 发布时间: …')."""
    return re.sub(r"^[•·●◆■\-*]\s*", "", line.strip())
