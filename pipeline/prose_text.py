"""Report text made ready for reading counts (`pipeline.prose`): paragraph lines joined into runs
of text, split into sentences and clauses, with quotations and book titles masked.

Extractors give one paragraph per text line or PDF line, so a line that does not end its sentence
is joined with the next ones (across page footers such as '- 1 -'; a heading, a table-like line or
a Table block ends the run); every character keeps the index of the paragraph it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extractors.document import Document, Paragraph

_SENT_END = set("。！？；!?;")

CLAUSE_END = set("，。；：！？,;:!?")

_TERMINAL = set("。！？；：!?;:…")

QUOTES = "“”‘’\"'「」『』"

QUOTED_RE = re.compile(r"“[^“”]{0,60}”|《[^《》]{0,80}》|「[^「」]{0,60}」|\"[^\"]{0,60}\"|<[^<>]{0,80}>")

_HEADING_RE = re.compile(
    r"^(?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+[、.．]|"
    r"\d{1,2}[、．]|\d{1,2}\.(?!\d)|（\d{1,2}）|第[一二三四五六七八九十]+[章节部分])"
)

_PAGE_NO_RE = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?$")


@dataclass
class Segment:
    """A run of joined lines; `owner` maps every character back to its paragraph."""

    text: str = ""
    owner: list[int] = field(default_factory=list)  # paragraph index of every character


def _clean_line(text: str) -> str:
    """Drop whitespace (PDF text puts spaces around numbers) except between two ASCII words."""
    text = text.strip()
    return re.sub(r"\s+", lambda m: " " if _ascii_pair(text, m.start(), m.end()) else "", text)


def _ascii_pair(text: str, start: int, end: int) -> bool:
    if start == 0 or end >= len(text):
        return False
    a, b = text[start - 1], text[end]
    return a.isascii() and a.isalnum() and b.isascii() and b.isalnum()


def _is_table_line(raw: str) -> bool:
    return raw.startswith(("\t", "|")) or raw.count("\t") >= 2 or raw.count("|") >= 2


def _ends_sentence(text: str) -> bool:
    t = text.rstrip(QUOTES + "）)")
    return bool(t) and t[-1] in _TERMINAL


def _is_heading(p: Paragraph, text: str) -> bool:
    if p.kind == "heading":
        return True
    return len(text) <= 40 and "。" not in text and bool(_HEADING_RE.match(text))


def join_lines(doc: Document) -> tuple[list[Segment], list[Paragraph]]:
    """The body paragraphs joined into runs of text (a line that does not end its sentence runs on)."""
    paras: list[Paragraph] = []
    segs: list[Segment] = []
    cur = Segment()
    prev_open = False  # the previous paragraph does not end its sentence: join the next one

    def flush() -> None:
        nonlocal cur, prev_open
        if cur.text:
            segs.append(cur)
        cur = Segment()
        prev_open = False

    for block in doc.blocks:
        if not isinstance(block, Paragraph):
            flush()
            continue
        if block.kind == "chrome":
            continue
        raw = block.text or ""
        text = _clean_line(raw)
        if not text or _PAGE_NO_RE.match(text):
            continue
        table_like = _is_table_line(raw)
        heading = _is_heading(block, text)
        if not (prev_open and not heading and not table_like):
            flush()
        idx = len(paras)
        paras.append(block)
        # a number wrapped at a line end ('…信息1' + '200余条') is one number: no space is added
        # between digits; only ASCII words keep a separating space
        if cur.text and not (cur.text[-1].isdigit() and text[0].isdigit()) and \
                _ascii_pair(cur.text + " " + text, len(cur.text), len(cur.text) + 1):
            cur.text += " "
            cur.owner.append(cur.owner[-1])
        cur.text += text
        cur.owner.extend([idx] * len(text))
        prev_open = not (heading or table_like or _ends_sentence(text))
        if not prev_open:
            flush()
    flush()
    return segs, paras


def quoted_mask(text: str) -> list[bool]:
    """True for characters inside quotation marks or a book title: their numbers are names."""
    mask = [False] * len(text)
    for m in QUOTED_RE.finditer(text):
        for i in range(m.start(), m.end()):
            mask[i] = True
    return mask


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence, cut at '。！？；'."""
    bounds, start = [], 0
    for i, ch in enumerate(text):
        if ch in _SENT_END:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def clause_start(text: str, s0: int, pos: int) -> int:
    """Start of the clause before `pos`: after '，；：' or an open '（' ('（含上年结转189件）')."""
    i, depth = pos - 1, 0
    while i >= s0:
        ch = text[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            if depth == 0:
                break
            depth -= 1
        elif ch in CLAUSE_END:
            break
        i -= 1
    return i + 1


def clause_end(text: str, pos: int, s1: int) -> int:
    """End of the clause that starts at `pos` (the next '，；：…' before `s1`)."""
    i = pos
    while i < s1 and text[i] not in CLAUSE_END:
        i += 1
    return i
