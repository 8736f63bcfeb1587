"""The words around a count (`pipeline.prose`): jieba segmentation with the fact vocabulary as user
words (loaded once per process, lazily, over the prepared dictionary of `prose_segmenter`), the
phrase before a number (verb, object, subject kind) and the noun after its measure word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from normalizers.regions import region_names
from pipeline.prose_segmenter import tokenizer
from pipeline.prose_text import CLAUSE_END, QUOTED_RE, QUOTES
from pipeline.prose_vocab import (
    AREA_WIDE_SUBJECT_RE,
    BODY_SUFFIXES,
    CHANNEL_SUFFIXES,
    CUT_AFTER,
    CUT_TOKENS,
    FOLLOW_STOP,
    LEAD_STRIP,
    LIGHT_VERBS,
    SCOPE_RE,
    TIME_RE,
    TRAIL_STRIP,
    USER_WORDS,
    VERBS,
)

if TYPE_CHECKING:
    import jieba

_PUNCT = set("，。；：！？、,;:!?（）()《》“”‘’\"'「」『』[]【】<>—-…·/ ")


@lru_cache(maxsize=1)
def _jieba() -> jieba.Tokenizer:
    """The tokenizer, on first use: the prepared dictionary plus the fact vocabulary and place names."""
    tk = tokenizer()
    for w in USER_WORDS:
        tk.add_word(w, freq=2_000_000)
    for w in VERBS:
        tk.add_word(w, freq=200_000)
    for w in region_names():  # place names stay whole tokens (石屏县, 平潭综合实验区)
        tk.add_word(w, freq=100_000)
    return tk


def preload() -> None:
    """Load all of jieba's dictionary now: a process about to fork workers gives it to each of them."""
    _jieba().load_everything()


def _cut(text: str) -> list[str]:
    if not text:
        return []
    return [t for t in _jieba().lcut(text, HMM=False) if t.strip()]


YEAR_RE = re.compile(r"\d{4}年度?")

_CARRY_YEAR_RE = re.compile(r"(转接到|结转到|结转至|转入|顺延到|顺延至)\d{4}年度?")


def strip_quotes(s: str) -> str:
    """The text without quotation marks (a quoted name is part of its phrase)."""
    return s.translate({ord(c): None for c in QUOTES})


_GROUP_RE = re.compile(QUOTED_RE.pattern + r"|（[^（）]{1,10}）|\([^()]{1,10}\)")

_PREPOSITIONS = frozenset({"通过", "依托", "利用", "按照", "根据", "以", "对", "经", "借助", "采取", "采用",
                           "围绕", "结合", "针对", "聚焦", "对照", "为"})


def word_tokens(text: str) -> list[str]:
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
class LeftWords:
    """What the words before a number say: its phrase, verb, object and subject kind."""

    phrase: str  # the phrase the words before the number give
    verb: str  # first verb ('' when none)
    last_verb: str  # verb nearest the number
    obj: str  # what follows the verb
    pre: str  # pre-verb words as kept or dropped (for scope and metric checks)
    pre_kind: str  # 'channel' | 'body' | 'modifier' | ''
    list_head: bool  # obj is the head after '…等' (a modifier of a following noun)
    adverbial: bool = False  # the words open with a preposition ('在海内外15个平台')
    area_wide: bool = False  # the subject is every body of the area ('全区各职能部门、镇街')


def _is_punct(t: str) -> bool:
    return all(c in _PUNCT for c in t)


def strip_ends(toks: list[str]) -> list[str]:
    """Tokens without the discourse words, adverbs and linking verbs at either end."""
    toks = list(toks)
    while toks and (toks[0] in LEAD_STRIP or _is_punct(toks[0])):
        toks.pop(0)
    while toks and (toks[-1] in TRAIL_STRIP or _is_punct(toks[-1])):
        toks.pop()
    return toks


def left_phrase(left: str) -> LeftWords:
    """Read the words of a clause before a number into its phrase."""
    text = _CARRY_YEAR_RE.sub(r"\1下年度", left)
    years = list(YEAR_RE.finditer(text))
    if years and years[-1].start() > 0:  # run-in heading: '4.认真办理依申请公开2020年全区…'
        text = text[years[-1].start():]
    text = TIME_RE.sub("", text)
    area_wide = bool(AREA_WIDE_SUBJECT_RE.match(text))
    for w in CUT_AFTER:
        if w in text:
            text = text[text.rindex(w) + len(w):]
            break
    toks = word_tokens(text)
    for i in range(len(toks) - 1, -1, -1):
        if toks[i] in CUT_TOKENS:
            # '…且考评分值权重为4%' starts over; '予以公开及部分公开的有6件' has nothing after '有'
            if strip_ends(toks[i + 1:]):
                toks = toks[i + 1:]
            else:
                toks = toks[:i]
            break
    opener = next((t for t in toks if not _is_punct(t)), "")
    toks = strip_ends(toks)
    verbs = [i for i, t in enumerate(toks) if t in VERBS]
    if not verbs:
        obj, list_head = _head(toks)
        return LeftWords(_clean_obj(obj), "", "", _clean_obj(obj), "", "", list_head,
                     opener in _PREPOSITIONS or opener in ("在", "将", "把", "从", "于", "向"), area_wide)
    vi = verbs[0]
    adverbial = vi > 0 and opener in _PREPOSITIONS
    pre, obj = strip_ends(toks[:vi]), toks[vi + 1:]
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
    return LeftWords(keep + verb_s + obj_s, verb, last_verb, obj_s, pre_s, kind, list_head, area_wide=area_wide)


def _head(obj: list[str]) -> tuple[list[str], bool]:
    """The head of an object: after '…等' and after a long '…的' modifier."""
    list_head = False
    if "等" in obj:
        i = len(obj) - 1 - obj[::-1].index("等")
        tail = obj[i + 1:]
        if strip_ends(tail):
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
    return strip_ends(obj), list_head


def _clean_obj(toks: list[str]) -> str:
    return re.sub(r"^(?:各类|各种|各项|相关|有关|全部|所有)", "", strip_quotes("".join(toks)))


def words_after(text: str, pos: int, limit: int) -> tuple[str, str, int, bool]:
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
        if ch in CLAUSE_END or ch in "、）)" or (ch.isdigit() and not text[stop - 1].isascii()):
            break
        stop += 1
    clause = text[pos:stop]
    toks = word_tokens(clause)
    noun: list[str] = []
    for i, t in enumerate(toks):
        if _is_punct(t) and not t.startswith("（") and t not in "（）()":
            break
        if t in FOLLOW_STOP:
            break
        if t in VERBS and (i < len(toks) - 1 or not noun):
            break
        noun.append(t)
    noun = strip_ends(noun) if noun and not noun[0].startswith(("（", "(")) else []
    joined = "".join(noun)
    consumed = pos
    if joined:
        k = clause.find(noun[-1])
        consumed = pos + (k + len(noun[-1]) if k >= 0 else len(joined))
    reference = bool(joined) and text[consumed:consumed + 1] == "中" and (
        consumed + 1 >= limit or text[consumed + 1] in CLAUSE_END)
    return strip_quotes(joined), strip_quotes(clause).strip("（）()"), consumed, reference
