"""Which printed numbers in prose are counts (`pipeline.prose`): digits with a measure word, in
万/亿, or bare after a noun naming what is counted; percentages as value kind 'percent'; zero
counts written as words ('未收到政府信息公开申请'). Everything else that looks like a number
(numerals in words, ranks, document numbers, phones, years, money) is refused here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from normalizers.values import Value, parse_value
from pipeline.prose_text import CLAUSE_END, clause_start
from pipeline.prose_vocab import (
    AFTER_GE_NOT_COUNT,
    APPROX_PREFIX_BLOCK,
    APPROX_PREFIX_RE,
    COUNT_NOUN_BEFORE_RE,
    NON_MEASURE_WORDS,
    RANK_RE,
    SHARE_AFTER_RE,
    THRESHOLD_AFTER,
    THRESHOLD_BEFORE,
    UNITS,
    ZERO_NEG_RE,
    ZERO_OBJECTS,
    ZERO_QUALIFIED,
)

_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)


# Counts are printed in digits: a numeral in words ('分两次', '一名', '三个方面', '五届四次全会') is
# wording, not a statistic.
_COUNT_RE = re.compile(
    rf"(?P<pre>{APPROX_PREFIX_RE})?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?P<suf0>余|多)?(?P<mag>万|亿|千)?(?P<suf>余|多)?(?P<unit>{_UNIT_ALT})?(?P<suf2>余|多|以上|左右)?"
)


@dataclass
class NumberToken:
    """A count found in the text; a zero written as words carries its phrase and metric."""

    start: int  # where raw starts (qualifier prefix included)
    num_start: int
    end: int  # end of raw
    raw: str
    value: Value
    unit: str | None
    zero_words: bool = False
    zero_phrase: str = ""
    zero_metric: str | None = None


def number_tokens(text: str, mask: list[bool]) -> list[NumberToken]:
    """Every number in `text` that is a count, in order (see `_accept` for what is refused)."""
    toks: list[NumberToken] = []
    for m in _COUNT_RE.finditer(text):
        tok = _accept(text, m, mask)
        if tok:
            toks.append(tok)
    return toks


def _accept(text: str, m: re.Match, mask: list[bool]) -> NumberToken | None:
    num, unit, mag = m.group("num"), m.group("unit"), m.group("mag")
    ns, end = m.start("num"), m.end()
    start = m.start()
    pre = m.group("pre")
    if pre and start > 0 and text[start - 1] in APPROX_PREFIX_BLOCK:
        start, pre = ns, None
    if unit is None and mag is None and not _names_what_is_counted(text, start, end):
        return None
    if mask[ns]:
        return None
    before = text[max(0, ns - 6):ns]
    prev = text[ns - 1] if ns else ""
    if prev and (prev.isascii() and (prev.isalnum() or prev in "._-/@:#~%+=&?")):
        return None
    if prev in "第〔[【" or before.endswith(THRESHOLD_BEFORE) or prev == "每":
        return None
    if unit == "次" and "届" in before:
        return None  # '十五届3次全会' is a session, not a count
    if unit in ("名", "位") and (prev == "前" or RANK_RE.search(text[clause_start(text, 0, ns):ns])):
        return None  # '前10名', '排名前进了3名', '位次上升2位'
    after = text[end:end + 4]
    if unit and unit != "%" and len(unit) == 1 and (unit + after[:1]) in NON_MEASURE_WORDS:
        return None
    if unit == "个" and after.startswith(AFTER_GE_NOT_COUNT):
        return None
    if after.startswith(THRESHOLD_AFTER) and unit != "%":
        return None
    if after.startswith("+"):
        return None
    digits = num.split(".")[0]
    if "," not in digits and len(digits) >= 10:
        return None
    if len(digits) > 1 and digits.startswith("0") and "." not in num:
        return None
    raw = text[start:end]
    value = _parse(raw, unit)
    if value is None or value.number is None:
        return None
    if unit == "%":
        value = replace(value, kind="percent")
    return NumberToken(start, ns, end, raw, value, "%" if unit == "%" else (unit or None))


def _names_what_is_counted(text: str, start: int, end: int) -> bool:
    """A number printed without a measure word is a count only right after a noun that names
    what is counted ('订阅人数为6113', '访问量达5000'), or right after words and before its share
    ('部分公开67，占4.61%'), and only where its clause ends there: a label with a colon
    ('浏览次数：1234'), a hotline, a year or a code never qualifies."""
    if start > 0 and "\u4e00" <= text[start - 1] <= "\u9fff" and SHARE_AFTER_RE.match(text, end) \
            and not re.fullmatch(r"(?:19|20)\d\d", text[start:end]):  # '较2021，占…' is a year
        return True
    if end < len(text) and text[end] not in CLAUSE_END and text[end] not in "、）)":
        return False
    return bool(COUNT_NOUN_BEFORE_RE.search(text[max(0, start - 12):start]))


def _parse(raw: str, unit: str | None) -> Value | None:
    # '20余万条' is printed with the qualifier before 万: read it as '20万余条', keep the raw
    text = re.sub(r"(\d)(余|多)(万|亿)", r"\1\3\2", raw)
    v = parse_value(text)
    if v.kind in ("number", "approx"):
        return replace(v, raw=raw)
    # Measure words parse_value does not know ('42分钟', '8大类', '42场次'): parse without them.
    if unit and text.endswith(unit):
        v = parse_value(text[: -len(unit)])
    elif unit:
        i = text.rfind(unit)
        v = parse_value(text[:i] + text[i + len(unit):])
    if v.kind in ("number", "approx"):
        return replace(v, raw=raw, unit=unit)
    return None


def zero_tokens(text: str, mask: list[bool]) -> list[NumberToken]:
    """Zero counts written as words ('未收到…申请' → 0, applications_received)."""
    toks: list[NumberToken] = []
    for m in ZERO_NEG_RE.finditer(text):
        if mask[m.start()]:
            continue
        stop = m.end()
        while stop < len(text) and stop - m.end() < 30 and text[stop] not in CLAUSE_END:
            stop += 1
        span = text[m.end():stop]
        objs = list(ZERO_OBJECTS.finditer(span))
        if not objs:
            continue
        quals = list(ZERO_QUALIFIED.finditer(span))
        qualified = bool(quals) or ("因" in span[:objs[-1].start()] and "不" in span)
        consult = re.match(r"[^，。；]{0,4}?咨询", span[objs[-1].end():])
        kinds: list[tuple[str | None, int]] = []
        if consult:  # '未收到依申请公开信息的咨询': no consultations, which says nothing of applications
            kinds.append((None, objs[-1].end() + consult.end()))
        elif qualified:
            kinds.append((None, max(objs[-1].end(), quals[-1].end() if quals else 0)))
        else:
            last = objs[-1].end()
            for obj, metric in (("行政复议", "review_total"), ("行政诉讼", "litigation_total")):
                if any(o.group() == obj for o in objs):
                    kinds.append((metric, last))
            if not kinds:
                fee = [o for o in objs if "费" in o.group()]
                app = [o for o in objs if "申请" in o.group()]
                if fee:
                    kinds.append(("fee_yuan", fee[-1].end()))
                elif app and m.group("verb") in ("收到", "接到", "受理", "有"):
                    kinds.append(("applications_received", app[-1].end()))
        for metric, obj_end in kinds:
            raw = text[m.start():m.end() + obj_end]
            phrase = re.sub(r"有关|任何|的|涉及", "", m.group("verb") + span[:obj_end])
            if metric in ("review_total", "litigation_total"):
                word = "行政复议" if metric == "review_total" else "行政诉讼"
                i = phrase.find(word)
                lead = "政府信息公开" if phrase[:i].endswith("政府信息公开") else ""
                tail = "申请" if phrase[i + 4:].startswith("申请") else ""
                phrase = lead + word + tail
            unit = "元" if metric == "fee_yuan" else ("件" if metric else None)
            value = Value("number", raw, Decimal(0), unit, None)
            toks.append(NumberToken(m.start(), m.start(), m.end() + obj_end, raw, value, unit, True,
                                    phrase, metric))
    return toks
