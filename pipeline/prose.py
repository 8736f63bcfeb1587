"""Counts stated in a report's prose: '主动公开政府信息1800余条', '共受理政府信息公开申请21件'.

`find_prose_counts(doc)` reads the body paragraphs of a normalised `Document` (tables and page
chrome are ignored) and returns one `ProseCount` per count, in reading order:

- A *count* is a number printed in digits followed by a measure word (量词: 件 条 个 项 次 期 场
  家 人 … 人次 分钟), or a number in 万/亿 ('总浏览量为536万'), or a bare number right after a
  noun that names what is counted ('订阅人数为6113'). `raw` is the number with its approximation
  words and measure word as printed, spaces dropped ('1800余条', '近300个' for '近 300 个',
  '超3170万', '20余万条' = 200000 'over'); '达/共/累计' stay in the context. Not counts: numerals
  in words ('分两次', '一名', '三个方面', '五届四次全会'), money other than the fee ('采购总金额
  924.17万元'), document and regulation numbers (国令第711号, 〔2021〕30号, 第五十条), ordinals and
  ranks (第3名, 前10名, 排名前进了3名, 位次上升2位), dates and years, phone numbers, hotlines,
  postcodes, addresses (…大道90号), labels of page chrome ('浏览次数：1234'), durations and limits
  (5个工作日, 30分钟内), scores (3分), thresholds (不少于1次), numbers inside quotation marks or
  book titles (《…二十条措施》), and digit runs of ten or more digits (table cells run together).
- A *percentage* ('同比增长103%', '办结率100%') is kept with value kind 'percent' and no metric:
  a ratio, never a count (`ProseCount.is_count` is False; `ogi extract --json` lists it under
  `prose_ratios`).
- A *zero written as words* is a count too: '未收到政府信息公开申请', '未发生行政复议',
  '未收取信息公开处理费' give value 0 (kind 'number', `raw` = the matched words, e.g.
  '未收到有关政府信息公开的申请'). A zero about a qualified subset ('未发生…被行政复议纠错')
  is kept with metric None.
- `phrase` is the short noun phrase the count is about, read with jieba segmentation (the fact
  vocabulary in `pipeline.prose_vocab` is loaded as user words): the verb and object before the
  number ('受理政府信息公开申请'), a channel subject kept in front ('政府网站主动公开政府信息'),
  time words, scope words and adverbs dropped; the noun after the measure word when the number
  modifies it ('16个部门' → '对接部门'); a percentage right after a count is that count's share
  ('208件（17.46%）' → '予以公开及部分公开占比'); an outcome in an enumeration carries its
  parent ('其中，结果维持72件' after '行政复议351件' → '行政复议结果维持').
- `metric` names the counts the panel needs (releases_total, applications_received,
  applications_closed, applications_carried_over, applications_carried_forward, review_total,
  review_upheld/corrected/other/pending, litigation_total, litigation_upheld/…, fee_yuan,
  policy_interpretations, press_conferences; and, in a sentence about applications, the answers
  granted / partially_granted / granted_and_partially_granted (予以公开及部分公开) / denied /
  unable (无法提供) / not_processed (不予处理) / not_held / not_ours / unclear and the channels
  applications_by_channel_in_person/online/letter/fax/email), else None. Only the count's own
  words name its metric: a count that borrows the phrase of the count before it ('分别受理申请
  9件、12件') gets None, so one sentence never gives a metric two numbers by accident.
- `scope` is whose count it is where the text says: '全市', '全区', '全县', '市政府', '区政府',
  '县政府', '本机关' (also the office speaking of itself: '我办', '本局') … (taken from the
  clause's subject, from '向市政府申请', from a clause opening the sentence, or from an earlier
  count of the same sentence); '我市/我区/我县' do not say which, so they give None. `context`
  is the sentence (a window of it when it is long).
- Sub-counts ('其中，区直各单位主动公开…1397条', '各乡镇主动公开…534条') get no total metric;
  a different explicit scope after '其中' does ('其中，办理向市政府申请的…43件').

Extractors give one paragraph per text line or PDF line, so lines that do not end a sentence are
joined with the following ones (across page footers such as '- 1 -'; a heading, a table-like
line or a Table block ends the run) before reading; each count keeps the provenance of the
paragraph where its number starts. jieba is loaded once per process (lazily, on first use).
"""

from __future__ import annotations

import logging
import re
import tempfile
from dataclasses import dataclass, field, replace
from decimal import Decimal
from functools import lru_cache

from normalizers.regions import region_names
from normalizers.values import Value, parse_value
from pipeline.document import Document, Paragraph
from pipeline.prose_vocab import (
    ADDRESSEE_SCOPE_RE,
    AFTER_GE_NOT_COUNT,
    APPLICATION_PARTS,
    APPROX_PREFIX_BLOCK,
    APPROX_PREFIX_RE,
    BODY_SUFFIXES,
    CHANNEL_SUFFIXES,
    COUNT_NOUN_BEFORE_RE,
    CUT_AFTER,
    CUT_TOKENS,
    FOLLOW_STOP,
    LEAD_STRIP,
    LIGHT_VERBS,
    NON_MEASURE_WORDS,
    OUTCOMES,
    PARENTS,
    RANK_RE,
    SCOPE_MAP,
    SCOPE_RE,
    THRESHOLD_AFTER,
    THRESHOLD_BEFORE,
    TIME_RE,
    TRAIL_STRIP,
    UNITS,
    USER_WORDS,
    VERBS,
    ZERO_NEG_RE,
    ZERO_OBJECTS,
    ZERO_QUALIFIED,
)
from pipeline.record import ProseCount

__all__ = ["find_prose_counts"]

_UNIT_ALT = "|".join(re.escape(u) for u in UNITS)
# Counts are printed in digits: a numeral in words ('分两次', '一名', '三个方面', '五届四次全会') is
# wording, not a statistic.
_COUNT_RE = re.compile(
    rf"(?P<pre>{APPROX_PREFIX_RE})?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    rf"(?P<suf0>余|多)?(?P<mag>万|亿|千)?(?P<suf>余|多)?(?P<unit>{_UNIT_ALT})?(?P<suf2>余|多|以上|左右)?"
)
_SENT_END = set("。！？；!?;")
_CLAUSE_END = set("，。；：！？,;:!?")
_TERMINAL = set("。！？；：!?;:…")
_QUOTES = "“”‘’\"'「」『』"
_QUOTED_RE = re.compile(r"“[^“”]{0,60}”|《[^《》]{0,80}》|「[^「」]{0,60}」|\"[^\"]{0,60}\"|<[^<>]{0,80}>")
_HEADING_RE = re.compile(
    r"^(?:（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+[、.．]|"
    r"\d{1,2}[、．]|\d{1,2}\.(?!\d)|（\d{1,2}）|第[一二三四五六七八九十]+[章节部分])"
)
_PAGE_NO_RE = re.compile(r"^[-—–－\s]*\d{1,3}[-—–－\s]*$|^第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?$")
_PUNCT = set("，。；：！？、,;:!?（）()《》“”‘’\"'「」『』[]【】<>—-…·/ ")
_SHARE_WORDS = {"", "占", "占比", "约占", "比例", "比例为", "占比为"}
_RELEASE_VERB_RE = re.compile(r"主动公开|公开发布|发布|公开|公布")
_WHOLE_BODY_RE = re.compile(r"政府信息公开单位|各级行政机关|各级各部门|各级政府|各部门")


# ---------------------------------------------------------------------------------------------
# jieba, loaded once per process


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = tempfile.gettempdir()
    jieba.initialize()
    for w in USER_WORDS:
        jieba.add_word(w, freq=2_000_000)
    for w in VERBS:
        jieba.add_word(w, freq=200_000)
    for w in region_names():  # place names stay whole tokens (石屏县, 平潭综合实验区)
        jieba.add_word(w, freq=100_000)
    return jieba


def _cut(text: str) -> list[str]:
    if not text:
        return []
    return [t for t in _jieba().lcut(text, HMM=False) if t.strip()]


# ---------------------------------------------------------------------------------------------
# joining lines into runs of text


@dataclass
class _Segment:
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
    t = text.rstrip(_QUOTES + "）)")
    return bool(t) and t[-1] in _TERMINAL


def _is_heading(p: Paragraph, text: str) -> bool:
    if p.kind == "heading":
        return True
    return len(text) <= 40 and "。" not in text and bool(_HEADING_RE.match(text))


def _segments(doc: Document) -> tuple[list[_Segment], list[Paragraph]]:
    paras: list[Paragraph] = []
    segs: list[_Segment] = []
    cur = _Segment()
    prev_open = False  # the previous paragraph does not end its sentence: join the next one

    def flush() -> None:
        nonlocal cur, prev_open
        if cur.text:
            segs.append(cur)
        cur = _Segment()
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


# ---------------------------------------------------------------------------------------------
# number tokens


@dataclass
class _Tok:
    start: int  # where raw starts (qualifier prefix included)
    num_start: int
    end: int  # end of raw
    raw: str
    value: Value
    unit: str | None
    zero_words: bool = False
    zero_phrase: str = ""
    zero_metric: str | None = None
    zero_qualified: bool = False


def _quoted_mask(text: str) -> list[bool]:
    mask = [False] * len(text)
    for m in _QUOTED_RE.finditer(text):
        for i in range(m.start(), m.end()):
            mask[i] = True
    return mask


def _number_tokens(text: str, mask: list[bool]) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in _COUNT_RE.finditer(text):
        tok = _accept(text, m, mask)
        if tok:
            toks.append(tok)
    return toks


def _accept(text: str, m: re.Match, mask: list[bool]) -> _Tok | None:
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
    if unit in ("名", "位") and (prev == "前" or RANK_RE.search(text[_clause_start(text, 0, ns):ns])):
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
    return _Tok(start, ns, end, raw, value, "%" if unit == "%" else (unit or None))


def _names_what_is_counted(text: str, start: int, end: int) -> bool:
    """A number printed without a measure word is a count only right after a noun that names
    what is counted ('订阅人数为6113', '访问量达5000'), and only where its clause ends there:
    a label with a colon ('浏览次数：1234'), a hotline, a year or a code never qualifies."""
    if end < len(text) and text[end] not in _CLAUSE_END and text[end] not in "、）)":
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


def _zero_tokens(text: str, mask: list[bool]) -> list[_Tok]:
    toks: list[_Tok] = []
    for m in ZERO_NEG_RE.finditer(text):
        if mask[m.start()]:
            continue
        stop = m.end()
        while stop < len(text) and stop - m.end() < 30 and text[stop] not in _CLAUSE_END:
            stop += 1
        span = text[m.end():stop]
        objs = list(ZERO_OBJECTS.finditer(span))
        if not objs:
            continue
        quals = list(ZERO_QUALIFIED.finditer(span))
        qualified = bool(quals) or ("因" in span[:objs[-1].start()] and "不" in span)
        kinds: list[tuple[str | None, int]] = []
        if qualified:
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
            toks.append(_Tok(m.start(), m.start(), m.end() + obj_end, raw, value, unit, True,
                             phrase, metric, qualified))
    return toks


# ---------------------------------------------------------------------------------------------
# phrases

_YEAR_RE = re.compile(r"\d{4}年度?")
_CARRY_YEAR_RE = re.compile(r"(转接到|结转到|结转至|转入|顺延到|顺延至)\d{4}年度?")


def _strip_quotes(s: str) -> str:
    return s.translate({ord(c): None for c in _QUOTES})


_GROUP_RE = re.compile(_QUOTED_RE.pattern + r"|（[^（）]{1,10}）|\([^()]{1,10}\)")
_PREPOSITIONS = frozenset({"通过", "依托", "利用", "按照", "根据", "以", "对", "经", "借助", "采取", "采用",
                           "围绕", "结合", "针对", "聚焦", "对照", "为"})


def _tokens(text: str) -> list[str]:
    """jieba tokens; a quoted name ('“上海发布”', '《问政平潭》') or a short parenthesis
    ('（镇、街道）') is kept as one token."""
    out: list[str] = []
    pos = 0
    for m in _GROUP_RE.finditer(text):
        out.extend(_cut(text[pos:m.start()]))
        inner = m.group()
        out.append(inner if inner.startswith(("《", "（", "(")) else inner[1:-1])
        pos = m.end()
    out.extend(_cut(text[pos:]))
    return [t for t in out if t]


@dataclass
class _Left:
    phrase: str  # the phrase the words before the number give
    verb: str  # first verb ('' when none)
    last_verb: str  # verb nearest the number
    obj: str  # what follows the verb
    pre: str  # pre-verb words as kept or dropped (for scope and metric checks)
    pre_kind: str  # 'channel' | 'body' | 'modifier' | ''
    list_head: bool  # obj is the head after '…等' (a modifier of a following noun)
    adverbial: bool = False  # the words open with a preposition ('在海内外15个平台')


def _is_punct(t: str) -> bool:
    return all(c in _PUNCT for c in t)


def _strip_ends(toks: list[str]) -> list[str]:
    toks = list(toks)
    while toks and (toks[0] in LEAD_STRIP or _is_punct(toks[0])):
        toks.pop(0)
    while toks and (toks[-1] in TRAIL_STRIP or _is_punct(toks[-1])):
        toks.pop()
    return toks


def _left_phrase(left: str) -> _Left:
    text = _CARRY_YEAR_RE.sub(r"\1下年度", left)
    years = list(_YEAR_RE.finditer(text))
    if years and years[-1].start() > 0:  # run-in heading: '4.认真办理依申请公开2020年全区…'
        text = text[years[-1].start():]
    text = TIME_RE.sub("", text)
    for w in CUT_AFTER:
        if w in text:
            text = text[text.rindex(w) + len(w):]
            break
    toks = _tokens(text)
    for i in range(len(toks) - 1, -1, -1):
        if toks[i] in CUT_TOKENS:
            # '…且考评分值权重为4%' starts over; '予以公开及部分公开的有6件' has nothing after '有'
            if _strip_ends(toks[i + 1:]):
                toks = toks[i + 1:]
            else:
                toks = toks[:i]
            break
    opener = next((t for t in toks if not _is_punct(t)), "")
    toks = _strip_ends(toks)
    verbs = [i for i, t in enumerate(toks) if t in VERBS]
    if not verbs:
        obj, list_head = _head(toks)
        return _Left(_clean_obj(obj), "", "", _clean_obj(obj), "", "", list_head,
                     opener in _PREPOSITIONS or opener in ("在", "将", "把", "从", "于", "向"))
    vi = verbs[0]
    adverbial = vi > 0 and opener in _PREPOSITIONS
    pre, obj = _strip_ends(toks[:vi]), toks[vi + 1:]
    verb = toks[vi]
    while obj and obj[0] in VERBS:  # '组织 召开', '宣布 废止', '完成 对接'
        verb += obj.pop(0)
    while obj and obj[0] in ("了", "出"):
        obj.pop(0)
    # the verb nearest the number, but not one inside a list ('制定A公开、B、C等24项工作制度')
    offsets, pos = [], 0
    for t in toks:
        k = text.find(t, pos)
        offsets.append(k if k >= 0 else pos)
        pos = offsets[-1] + len(t) if k >= 0 else pos
    first_list = text.find("、")
    usable = [i for i in verbs if first_list < 0 or offsets[i] < first_list]
    last_verb = toks[usable[-1]] if usable else ""
    pre_s = "".join(pre)
    if not pre_s:
        kind = ""
    elif pre_s.endswith(CHANNEL_SUFFIXES):
        kind = "channel"
    elif pre_s.endswith(BODY_SUFFIXES) or SCOPE_RE.fullmatch(pre_s):
        kind = "body"
    elif adverbial or "等" in pre:
        kind = "adverbial"  # '通过文字、图片等形式制作政策解读'
    else:
        kind = "modifier"
    obj_toks, list_head = _head(obj)
    obj_s = _clean_obj(obj_toks)
    for light in sorted(LIGHT_VERBS, key=len, reverse=True):  # '完成对接' → '对接'
        if verb.startswith(light) and len(verb) > len(light):
            verb = verb[len(light):]
            break
    verb_s = "" if verb in LIGHT_VERBS and obj_s else verb
    keep = pre_s if kind in ("channel", "modifier") else ""
    if kind == "channel":
        keep = re.sub(r"^(?:全市|全区|全县|全州|全省|我市|我区|我县)", "", keep)
    return _Left(keep + verb_s + obj_s, verb, last_verb, obj_s, pre_s, kind, list_head)


def _head(obj: list[str]) -> tuple[list[str], bool]:
    """The head of an object: after '…等' and after a long '…的' modifier."""
    list_head = False
    if "等" in obj:
        i = len(obj) - 1 - obj[::-1].index("等")
        tail = obj[i + 1:]
        if _strip_ends(tail):
            obj, list_head = tail, True
        else:
            obj = obj[:i]
    if "的" in obj:
        i = len(obj) - 1 - obj[::-1].index("的")
        head, tail = obj[:i], obj[i + 1:]
        if tail and (len("".join(head)) > 6 or (head and head[0] in ("涉及", "关于", "有关", "与", "对"))):
            obj = tail
        elif not tail:
            list_head = False
    return _strip_ends(obj), list_head


def _clean_obj(toks: list[str]) -> str:
    return re.sub(r"^(?:各类|各种|各项|相关|有关|全部|所有)", "", _strip_quotes("".join(toks)))


def _following(text: str, pos: int, limit: int) -> tuple[str, str, int, bool]:
    """The noun right after a count ('16个部门…' → '部门'), the rest of its clause, where the noun
    ends, and whether the noun is followed by '中' (a reference: '…的1913条政府信息中')."""
    stop = pos
    while stop < limit and stop - pos < 30:
        ch = text[stop]
        if ch in "（(":
            close = text.find("）" if ch == "（" else ")", stop, stop + 12)
            if close < 0 or stop == pos:
                break
            stop = close + 1
            continue
        if ch in _CLAUSE_END or ch in "、）)" or (ch.isdigit() and not text[stop - 1].isascii()):
            break
        stop += 1
    clause = text[pos:stop]
    toks = _tokens(clause)
    noun: list[str] = []
    for i, t in enumerate(toks):
        if _is_punct(t) and not t.startswith("（") and t not in "（）()":
            break
        if t in FOLLOW_STOP:
            break
        if t in VERBS and (i < len(toks) - 1 or not noun):
            break
        noun.append(t)
    noun = _strip_ends(noun) if noun and not noun[0].startswith(("（", "(")) else []
    joined = "".join(noun)
    consumed = pos
    if joined:
        k = clause.find(noun[-1])
        consumed = pos + (k + len(noun[-1]) if k >= 0 else len(joined))
    reference = bool(joined) and text[consumed:consumed + 1] == "中" and (
        consumed + 1 >= limit or text[consumed + 1] in _CLAUSE_END)
    return _strip_quotes(joined), _strip_quotes(clause).strip("（）()"), consumed, reference


# ---------------------------------------------------------------------------------------------
# the finder


@dataclass
class _Found:
    tok: _Tok
    phrase: str
    noun: str
    metric: str | None
    scope: str | None
    context: str


def find_prose_counts(doc: Document) -> list[ProseCount]:
    """Every count stated in the report's body prose (see the module docstring)."""
    segs, paras = _segments(doc)
    out: list[ProseCount] = []
    for seg in segs:
        for f in _read_segment(seg.text):
            para = paras[seg.owner[f.tok.num_start]]
            out.append(ProseCount(f.phrase, f.tok.value, para.provenance, f.context, f.metric, f.scope))
    return out


def _sentences(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for i, ch in enumerate(text):
        if ch in _SENT_END:
            bounds.append((start, i + 1))
            start = i + 1
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def _read_segment(text: str) -> list[_Found]:
    mask = _quoted_mask(text)
    plain = "".join("□" if q else c for c, q in zip(text, mask))  # scope is never read in a title
    toks = sorted(_number_tokens(text, mask) + _zero_tokens(text, mask), key=lambda t: (t.start, t.end))
    sents = _sentences(text)
    by_sent: dict[int, list[_Tok]] = {}
    si = 0
    for t in toks:
        while si < len(sents) - 1 and t.num_start >= sents[si][1]:
            si += 1
        by_sent.setdefault(si, []).append(t)
    found: list[_Found] = []
    for s_idx, stoks in by_sent.items():
        found.extend(_read_sentence(text, plain, sents[s_idx], stoks))
    return found


def _clause_start(text: str, s0: int, pos: int) -> int:
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
        elif ch in _CLAUSE_END:
            break
        i -= 1
    return i + 1


def _clause_end(text: str, pos: int, s1: int) -> int:
    i = pos
    while i < s1 and text[i] not in _CLAUSE_END:
        i += 1
    return i


def _scope_in(text: str) -> str | None:
    m = ADDRESSEE_SCOPE_RE.search(text)
    if m:
        s = m.group(1)
        return SCOPE_MAP.get(s, s)
    m = SCOPE_RE.search(text)
    if not m:
        return None
    return SCOPE_MAP.get(m.group(), m.group())


_SUBJECT_SCOPE_RE = re.compile(
    rf"(?:{TIME_RE.pattern}|[，、\s]|在|经|截至)*(?P<scope>{SCOPE_RE.pattern})"
)
# A scope word in subject position: at the start of the clause, after at most a place name
# ('昭通市人民政府门户网站…'), not inside an adverbial ('市直部门在全省率先开展').
_LEAD_SCOPE_RE = re.compile(
    rf"(?:{TIME_RE.pattern}|[，、（(\s□]|经|由|截至|其中|另有|同时|共)*"
    rf"(?:(?![在对向从于])[\u4e00-\u9fff]){{0,4}}?(?P<scope>{SCOPE_RE.pattern})"
)


def _clause_subject_scope(plain: str, s0: int, end: int) -> str | None:
    """A scope word opening one of the clauses of the sentence before `end` ('2024年，全市…')."""
    scope = None
    start = s0
    for i in range(s0, end + 1):
        if i == end or plain[i] in _CLAUSE_END:
            m = _SUBJECT_SCOPE_RE.match(plain, start, i) if i > start else None
            if m:
                scope = SCOPE_MAP.get(m.group("scope"), m.group("scope"))
            start = i + 1
    return scope


_RATE_RE = re.compile(r"每(?:个)?(?:月|季度|年|周|天|日|半年|工作日)")


def _read_sentence(text: str, plain: str, sent: tuple[int, int], toks: list[_Tok]) -> list[_Found]:
    s0, s1 = sent
    sentence = text[s0:s1]
    topic = _full_sentence(text, s0, s1)
    found: list[_Found] = []
    follow_end = s0  # where the previous count's material ends
    prev: _Found | None = None
    sent_scope: str | None = None
    qizhong = [m.start() + s0 for m in re.finditer(r"其中|（含|\(含", sentence)]
    follows = [_following(text, t.end, s1) for t in toks]
    # chained counts share the noun after the last one ('229大项539小项行政审批…事项')
    for i in range(len(toks) - 2, -1, -1):
        if not follows[i][0] and toks[i + 1].start == toks[i].end:
            nxt = follows[i + 1]
            follows[i] = (nxt[0], nxt[1], follows[i][2], nxt[3])
    for i, tok in enumerate(toks):
        cstart = max(_clause_start(text, s0, tok.start), follow_end)
        left_raw = text[cstart:tok.start]
        if _RATE_RE.search(left_raw) and not tok.zero_words:
            continue
        if "、" in left_raw and not _strip_ends(_tokens(left_raw[left_raw.rindex("、") + 1:])):
            left_raw = ""  # '…实现“全岛联办”、92%高频…': the number opens a new item
        under = any(q < tok.start for q in qizhong)
        if tok.zero_words:
            phrase, noun, metric = tok.zero_phrase, tok.zero_phrase, tok.zero_metric
            explicit = _scope_in(plain[cstart:tok.end])
            scope = explicit if explicit is not None else sent_scope
            fend = tok.end
        else:
            noun_after, clause_after, consumed, reference = follows[i]
            if reference:
                continue
            left = _left_phrase(left_raw)
            sandwiched = prev is not None and cstart == follow_end and follow_end > s0
            phrase, noun, used_after, own = _choose_phrase(left, left_raw, noun_after, clause_after, tok,
                                                           prev, sandwiched)
            fend = consumed if used_after else tok.end
            outcome = OUTCOMES.get(phrase)
            parent = _parent(phrase, found) if outcome else None
            if outcome and parent:
                phrase = parent[0] + phrase
            scope_text = _scope_text(plain, cstart, tok.start, left)
            explicit = _scope_in(scope_text)
            if explicit is None and prev is None and not under:
                explicit = _clause_subject_scope(plain, s0, cstart)
            scope = explicit if explicit is not None else sent_scope
            scope_changed = explicit is not None and explicit != sent_scope
            metric = _metric(phrase, left, tok, topic, under, scope_changed,
                             parent[1] if parent else None, outcome) if own else None
            if tok.value.unit == "元" and metric != "fee_yuan":
                continue  # money ('采购总金额924.17万元') is not a count; the fee is the one amount reports state
        if explicit is not None and sent_scope is None:
            sent_scope = explicit
        f = _Found(tok, phrase, noun, metric, scope, _context(text, s0, s1, cstart, tok.end))
        found.append(f)
        prev = f
        follow_end = max(tok.end, fend)
    return found


def _scope_text(plain: str, cstart: int, nstart: int, left: _Left) -> str:
    """The words of the clause that can say whose count it is: the subject, or '向市政府申请'."""
    raw = plain[cstart:nstart]
    years = list(_YEAR_RE.finditer(raw))
    if years and years[-1].start() > 0:
        raw = raw[years[-1].start():]
    for w in CUT_AFTER:
        if w in raw:
            raw = raw[raw.rindex(w) + len(w):]
    m = ADDRESSEE_SCOPE_RE.search(raw)
    if m:
        return m.group()
    if left.verb:
        k = raw.find(left.verb[:2])
        raw = raw[:k] if k >= 0 else raw
    m = _LEAD_SCOPE_RE.match(raw)
    return m.group("scope") if m else ""


def _choose_phrase(left: _Left, left_raw: str, noun_after: str, clause_after: str, tok: _Tok,
                   prev: _Found | None, sandwiched: bool) -> tuple[str, str, bool, bool]:
    """Pick the phrase for one count from the words before and after it.

    Returns (phrase, noun, whether the words after the count were used, whether the phrase is the
    count's own words rather than borrowed from the count before it). A borrowed phrase never
    ties the count to a metric: '分别受理申请9件、12件' or '受理12件，…的有6件' would otherwise
    give a second number for the same metric."""
    bare = _strip_quotes(left_raw).strip("，、（() ")
    if tok.unit == "%":
        if prev is not None and bare in _SHARE_WORDS and not noun_after:
            return prev.phrase + "占比", prev.noun, False, False
        if not left.phrase and clause_after:
            return clause_after, clause_after, True, True
    if noun_after and len(noun_after) <= 1 and clause_after and not left.phrase:
        return clause_after, clause_after, True, True
    if noun_after and left.obj and not left.list_head and not left.adverbial and not any(
            ch.isdigit() for ch in left.obj) and not _strip_quotes(left_raw).rstrip().endswith("等"):
        noun_after = ""  # '行政复议3件行政诉讼2件': the noun before the number is its name
    if noun_after:
        verb = "" if left.last_verb in LIGHT_VERBS else left.last_verb
        if left.list_head and len(left.obj) <= 8:  # '…等重点领域125项信息公开任务'
            return verb + left.obj + noun_after, noun_after, True, True
        return verb + noun_after, noun_after, True, True
    if left.phrase:
        if sandwiched and prev is not None and (len(left.phrase) <= 2 or left.phrase == left.verb):
            return prev.noun + left.phrase, prev.noun, False, False  # '等候时间由42分钟缩至19分钟'
        return left.phrase, left.obj or left.phrase, False, True
    if sandwiched and prev is not None:
        return prev.noun, prev.noun, False, False
    if clause_after:
        return clause_after, clause_after, True, True
    if prev is not None:
        return prev.phrase, prev.noun, False, False
    return "", "", False, False


def _parent(phrase: str, found: list[_Found]) -> tuple[str, str] | None:
    for f in reversed(found):
        for word, (name, kind) in PARENTS.items():
            if word in f.phrase:
                return (name, kind)
    return None


def _context(text: str, s0: int, s1: int, cstart: int, end: int) -> str:
    if s1 - s0 <= 160:
        return text[s0:s1]
    a = max(s0, cstart - 40)
    b = min(s1, _clause_end(text, end, s1) + 40)
    return text[a:b]


# ---------------------------------------------------------------------------------------------
# metrics

_COUNT_UNITS = {None, "件", "条", "个", "项", "次", "场", "篇", "期", "份", "余件"}


def _full_sentence(text: str, s0: int, s1: int) -> str:
    """The sentence up to '。！？' around a clause cut at '；' ('共受理申请45件；办结45件，其中予以公开30件'):
    what the clauses of one sentence are about ('申请') is said once."""
    a = max((text.rfind(ch, 0, s0) for ch in "。！？!?"), default=-1) + 1
    ends = [i for i in (text.find(ch, s1 - 1) for ch in "。！？!?") if i >= 0]
    return text[a:min(ends) + 1 if ends else len(text)]


def _metric(phrase: str, left: _Left, tok: _Tok, sentence: str, under: bool, scope_changed: bool,
            parent_kind: str | None, outcome: str | None) -> str | None:
    """The metric a phrase names; `sentence` is the whole sentence, whose '申请' makes '办结' and
    '予以公开' about applications."""
    if outcome:
        return f"{parent_kind}_{outcome}" if parent_kind else None
    unit = tok.value.unit
    if unit == "%":
        return None
    p = phrase
    if unit == "元":
        return "fee_yuan" if re.search(r"信息处理费|处理费|收费|费用|检索费|复制费|检索复制费|邮寄费", p) else None
    app_ctx = "申请" in sentence
    if app_ctx and re.search(r"结转下年|顺延到下年|转接到下年|转入下年|结转至下|结转到下|下年度", p):
        return "applications_carried_forward"
    if app_ctx and re.search(r"上年度?结转|上一?年度?转入", p):
        return "applications_carried_over"
    if re.search(r"纠错|败诉", p):
        return None
    if "行政复议" in p or p.endswith("复议"):
        return "review_total"
    if "行政诉讼" in p or "提起诉讼" in p:
        return "litigation_total"
    if unit not in _COUNT_UNITS:
        return None
    whole = left.pre_kind in ("", "channel") or bool(SCOPE_RE.fullmatch(left.pre)) \
        or bool(_WHOLE_BODY_RE.search(left.pre)) or bool(re.fullmatch(r".{1,6}[市区县州省]", left.pre))
    if under and not scope_changed:
        whole = False
    received = "申请" in p and re.search(r"受理|收到|新收|接收|接到|接处|办理", p) and not re.search(r"办结|答复|办复", p)
    if received or (app_ctx and re.fullmatch(r"(?:新)?(?:受理|收到|接收|接到)", p)):  # '其中我办受理17件'
        return "applications_received" if whole else None
    if app_ctx and re.fullmatch(r"(?:已|依法)?(?:办结|答复|办复|办理完毕|予以答复)(?:申请)?", p):
        return "applications_closed"
    if app_ctx:
        full = left.pre + p
        part = next((m for m, pattern in APPLICATION_PARTS if pattern.fullmatch(full) or pattern.fullmatch(p)), None)
        if part:
            return part
    sub_count = under and not scope_changed  # '其中，疫情防控新闻发布会151场' is part of the total
    if "新闻发布会" in p:
        return None if sub_count else "press_conferences"
    if re.search(r"(?:政策解读|解读材料|解读文章|解读稿件)$", p):
        return None if sub_count else "policy_interpretations"
    m = _RELEASE_VERB_RE.search(p)
    if m and whole and not re.search(r"类信息|解读|新媒体|公众号|微博|依申请|申请", p):
        obj = p[m.end():]
        website = bool(re.search(r"网站|门户|网$", left.pre + p))
        if "政府信息" in obj or (obj in ("信息", "各类信息", "政务信息") and website):
            return "releases_total"
    return None
