"""Map printed row/column labels of the standard tables to canonical keys.

Matching is on normalised text (no whitespace or line breaks, one style of enumerator and
brackets), against the spec's label and aliases, with a fuzzy fallback for typos such as
'2.其他法律行政止公开'. A label is matched within one table's vocabulary, never by position.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache, lru_cache
from typing import Literal

from normalizers.spec import load_spec

LabelRole = Literal["table", "row", "column", "group", "section", "end"]

_ENUM = re.compile(r"^(?:[（(][一二三四五六七八九十]+[）)]|[一二三四五六七八九十]+、|\d+[.、．,，]?)")

# Text that closes the standard tables: the report's next sections.
END_MARKERS = ("存在的主要问题", "其他需要报告的事项", "主要问题及改进情况", "改进情况")
SECTION_MARKERS = ("第二十条第", "信息内容")
# Printed text inside the tables that is no row, column or group of the spec: headings, notes.
GROUP_LABELS = {
    "applications": ("申请人情况", "本列数据的勾稽关系为", "第一项加第二项之和", "等于第三项加第四项之和"),
    "review_litigation": ("行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"),
}
BARE_COLUMN_WORDS = ("总计", "合计", "其他")


def norm_label(text: str) -> str:
    """Canonical form for comparing labels: no whitespace, ASCII brackets, '.' after numerals."""
    t = re.sub(r"\s+", "", text or "")
    t = t.replace("(", "（").replace(")", "）").replace("／", "/").replace("＋", "+")
    t = re.sub(r"^(\d+)[、.．,，]", r"\1.", t)
    t = t.replace("\u201c", "“").replace("\u201d", "”").replace('"', "“")
    return t


def strip_enum(text: str) -> str:
    return _ENUM.sub("", text, count=1)


@dataclass(frozen=True)
class LabelMatch:
    role: LabelRole
    table: str | None
    key: str | None
    score: float
    has_enum: bool


@lru_cache(maxsize=1)
def _vocabulary() -> list[tuple[str, str, LabelRole, str | None, str | None]]:
    """(normalised label, body without enumerator, role, table, key) for every known label."""
    spec = load_spec()
    vocab: list[tuple[str, str, LabelRole, str | None, str | None]] = []

    def add(label: str, role: LabelRole, table: str | None, key: str | None) -> None:
        n = norm_label(label)
        vocab.append((n, strip_enum(n), role, table, key))

    for t in spec.tables.values():
        for h in t.labels:
            add(h, "table", t.key, None)
    for t in spec.tables.values():
        for r in t.rows.values():
            for lab in r.labels:
                add(lab, "row", t.key, r.key)
                if "（区分处理的" in lab:
                    add(lab.split("（区分")[0], "row", t.key, r.key)
        for c in t.columns.values():
            for lab in c.labels:
                add(lab, "column", t.key, c.key)
                if "（单位" in lab:
                    add(lab.split("（单位")[0], "column", t.key, c.key)
    for t in spec.tables.values():
        for g in dict.fromkeys(line.group for line in (*t.columns.values(), *t.rows.values()) if line.group):
            add(g, "group", t.key, None)
    for key, groups in GROUP_LABELS.items():
        for g in groups:
            add(g, "group", key, None)
    for s in SECTION_MARKERS:
        add(s, "section", "active", None)
    for e in END_MARKERS:
        add(e, "end", None, None)
    return vocab


FUZZY_MIN = 0.8  # similarity of a printed label's body to a canonical one, to be read as it


def _similarity(a: str, b: str, a_chars: Counter[str]) -> float:
    """difflib's ratio of a and b, or 0 when even its upper bounds fall below FUZZY_MIN.

    Most vocabulary entries differ from a label in length or characters so much that the bounds
    (length alone, then the characters shared: difflib's quick_ratio, from counts made once) rule
    them out; computing the ratio only for the rest gives the same matches in a fraction of the time
    (192 labels of a report: 0.3 s → 0.03 s).
    """
    total = len(a) + len(b)
    if 2.0 * min(len(a), len(b)) / total < FUZZY_MIN:
        return 0.0
    if 2.0 * (a_chars & _chars(b)).total() / total < FUZZY_MIN:
        return 0.0
    return SequenceMatcher(None, a, b).ratio()


@cache
def _chars(text: str) -> Counter[str]:
    return Counter(text)


@lru_cache(maxsize=4096)
def match_label(text: str, table: str | None = None) -> LabelMatch | None:
    """Best canonical match for a printed label, preferring the given table's vocabulary.

    Exact matches (with or without the enumerator) win; otherwise a fuzzy match of the body
    with similarity ≥ 0.8 (typos, dropped characters) is accepted with its score.
    """
    n = norm_label(text)
    if not n:
        return None
    body = strip_enum(n)
    has_enum = body != n
    # bare 总计/合计/其他 are column headers; the rows print an enumerator (（七）总计, 3.其他)
    column_only = not has_enum and body in BARE_COLUMN_WORDS
    body_chars = Counter(body)
    best: LabelMatch | None = None
    for label, lbody, role, t, key in _vocabulary():
        if column_only and role != "column":
            continue
        if n == label or (body and body == lbody):
            score = 1.0
        elif role in ("table", "end", "section") and lbody and lbody in n:
            score = 0.95
        elif len(body) >= 4 and len(lbody) >= 4 and role in ("row", "column", "group"):
            score = _similarity(body, lbody, body_chars)
            if score < FUZZY_MIN:
                continue
        else:
            continue
        if table and t == table:
            score += 0.01
        if best is None or score > best.score:
            best = LabelMatch(role, t, key, score, has_enum)
    return best


@lru_cache(maxsize=8)
def label_pattern(tables: tuple[str, ...]) -> re.Pattern[str]:
    """A regex finding any known label (longest first) inside run-together text.

    Used on page text where cells are concatenated ('规范性文件898989第二十条…'); optional
    enumerators ('2.') are part of the match so that they are not read as digits.
    """
    alts: dict[str, int] = {}
    for label, lbody, role, t, _key in _vocabulary():
        if t is not None and t not in tables and role not in ("table",):
            continue
        if len(lbody) < 2:
            continue
        enum = label[: len(label) - len(lbody)] if label.endswith(lbody) else ""
        body_re = re.escape(lbody)
        alt = f"(?:{_enum_regex(enum)})?{body_re}" if enum else body_re
        alts[alt] = max(alts.get(alt, 0), len(lbody))
    ordered = sorted(alts, key=lambda a: (-alts[a], a))
    return re.compile("|".join(ordered))


def _enum_regex(enum: str) -> str:
    """Regex for an enumerator in any of its printed styles ('2.' '2、' '（一）' '(一)')."""
    m = re.fullmatch(r"(\d+)\.", enum)
    if m:
        return m.group(1) + r"[.、．,，]"
    m = re.fullmatch(r"（(.+)）", enum)
    if m:
        return r"[（(]" + re.escape(m.group(1)) + r"[）)]"
    return re.escape(enum)
