"""Counts stated in a report's prose: '主动公开政府信息1800余条', '共受理政府信息公开申请21件'.

`find_prose_counts(doc)` reads the body paragraphs of a normalised `Document` (tables and page
chrome are ignored) and returns one `ProseCount` per count, in reading order:

- A *count* is a number printed in digits followed by a measure word (量词: 件 条 个 项 次 期 场
  家 人 … 人次 分钟), or a number in 万/亿 ('总浏览量为536万'), or a bare number right after a
  noun that names what is counted ('订阅人数为6113') or before its share ('部分公开67，占4.61%'). `raw` is the number with its approximation
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
  applications_by_channel_in_person/online/letter/fax/email; a sentence opening with '其中' is about
  what the sentence before it is about; '依申请公开信息…条' alone names information, not applications),
  else None. A release count named by its channel ('政府网站公开政府信息120条') is releases_total
  only when no larger release count stands in its paragraph and no other channel's in its sentence. Only the count's own
  words name its metric: a count that borrows the phrase of the count before it ('分别受理申请
  9件、12件') gets None, so one sentence never gives a metric two numbers by accident.
- `scope` is whose count it is where the text says: '全市', '全区', '全县', '市政府', '区政府',
  '县政府', '全街', '本机关' (also the office speaking of itself: '我办', '本局') … (taken from the
  clause's subject, from '向市政府申请', from a clause opening the sentence, or from an earlier
  count of the same sentence); '我市/我区/我县/我镇/我街道' do not say which, so they give None; a
  subject naming every body of the area ('全区各职能部门、镇街') counts for the area. `context`
  is the sentence (a window of it when it is long).
- Sub-counts ('其中，区直各单位主动公开…1397条', '各乡镇主动公开…534条') get no total metric;
  a different explicit scope after '其中' does ('其中，办理向市政府申请的…43件').

Each count keeps the provenance of the paragraph where its number starts. The work is split by
job, each module importing only those before it: `prose_text` (lines joined into runs, sentences,
clauses), `prose_numbers` (which numbers are counts), `prose_phrases` (the words around a count),
`prose_metrics` (the metric a phrase names); this module reads each sentence with them (phrase,
scope, context). The word lists are in `prose_vocab`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.document import Document
from pipeline.prose_metrics import metric_of, releases_on_a_channel, states_releases, topic_sentence
from pipeline.prose_numbers import NumberToken, number_tokens, zero_tokens
from pipeline.prose_phrases import (
    YEAR_RE,
    LeftWords,
    left_phrase,
    strip_ends,
    strip_quotes,
    word_tokens,
    words_after,
)
from pipeline.prose_text import CLAUSE_END, clause_end, clause_start, join_lines, quoted_mask, sentence_spans
from pipeline.prose_vocab import (
    ADDRESSEE_SCOPE_RE,
    CUT_AFTER,
    LIGHT_VERBS,
    OUTCOMES,
    PARENTS,
    RELEASE_CHANNEL_RE,
    SCOPE_MAP,
    SCOPE_RE,
    TIME_RE,
)
from pipeline.record import ProseCount

__all__ = ["find_prose_counts"]

_SHARE_WORDS = {"", "占", "占比", "约占", "比例", "比例为", "占比为"}
_TOTAL_WORDS = {"共", "共计", "合计", "总计", "累计", "共有", "总共", "一共"}


@dataclass
class _Found:
    tok: NumberToken
    phrase: str
    noun: str
    metric: str | None
    scope: str | None
    context: str
    sentence: int  # where its sentence starts
    channel: bool = False  # a release count named by its channel ('政府网站公开政府信息120条')


def find_prose_counts(doc: Document) -> list[ProseCount]:
    """Every count stated in the report's body prose (see the module docstring)."""
    segs, paras = join_lines(doc)
    out: list[ProseCount] = []
    for seg in segs:
        for f in _read_segment(seg.text):
            para = paras[seg.owner[f.tok.num_start]]
            out.append(ProseCount(f.phrase, f.tok.value, para.provenance, f.context, f.metric, f.scope))
    return out


def _read_segment(text: str) -> list[_Found]:
    mask = quoted_mask(text)
    plain = "".join("□" if q else c for c, q in zip(text, mask))  # scope is never read in a title
    toks = sorted(number_tokens(text, mask) + zero_tokens(text, mask), key=lambda t: (t.start, t.end))
    sents = sentence_spans(text)
    by_sent: dict[int, list[NumberToken]] = {}
    si = 0
    for t in toks:
        while si < len(sents) - 1 and t.num_start >= sents[si][1]:
            si += 1
        by_sent.setdefault(si, []).append(t)
    found: list[_Found] = []
    for s_idx, stoks in by_sent.items():
        found.extend(_read_sentence(text, plain, sents[s_idx], stoks))
    _channel_parts(found)
    return found


def _channel_parts(found: list[_Found]) -> None:
    """A release count named by its channel is the total only when it stands alone: beside a larger
    release count of the paragraph ('主动公开政府信息520条。通过政府网站公开…120条') or another
    channel's release count in its sentence ('政府网站…120条，政务微信…400条') it is one channel's part."""
    for f in found:
        if f.metric != "releases_total" or not f.channel:
            continue
        if any(g is not f and g.tok.value.kind != "percent" and states_releases(g.phrase)
               and ((g.sentence == f.sentence and RELEASE_CHANNEL_RE.search(g.phrase))
                    or (g.tok.value.number or 0) > (f.tok.value.number or 0))
               for g in found):
            f.metric = None


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
        if i == end or plain[i] in CLAUSE_END:
            m = _SUBJECT_SCOPE_RE.match(plain, start, i) if i > start else None
            if m:
                scope = SCOPE_MAP.get(m.group("scope"), m.group("scope"))
            start = i + 1
    return scope


_RATE_RE = re.compile(r"每(?:个)?(?:月|季度|年|周|天|日|半年|工作日)")


def _read_sentence(text: str, plain: str, sent: tuple[int, int], toks: list[NumberToken]) -> list[_Found]:
    s0, s1 = sent
    sentence = text[s0:s1]
    topic = topic_sentence(text, s0, s1)
    found: list[_Found] = []
    follow_end = s0  # where the previous count's material ends
    prev: _Found | None = None
    sent_scope: str | None = None
    qizhong = [m.start() + s0 for m in re.finditer(r"其中|（含|\(含", sentence)]
    follows = [words_after(text, t.end, s1) for t in toks]
    # chained counts share the noun after the last one ('229大项539小项行政审批…事项')
    for i in range(len(toks) - 2, -1, -1):
        if not follows[i][0] and toks[i + 1].start == toks[i].end:
            nxt = follows[i + 1]
            follows[i] = (nxt[0], nxt[1], follows[i][2], nxt[3])
    for i, tok in enumerate(toks):
        cstart = max(clause_start(text, s0, tok.start), follow_end)
        left_raw = text[cstart:tok.start]
        if _RATE_RE.search(left_raw) and not tok.zero_words:
            continue
        if "、" in left_raw and not strip_ends(word_tokens(left_raw[left_raw.rindex("、") + 1:])):
            left_raw = ""  # '…实现“全岛联办”、92%高频…': the number opens a new item
        under = any(q < tok.start for q in qizhong)
        channel = False
        if tok.zero_words:
            phrase, noun, metric = tok.zero_phrase, tok.zero_phrase, tok.zero_metric
            explicit = _scope_in(plain[cstart:tok.end])
            scope = explicit if explicit is not None else sent_scope
            fend = tok.end
        else:
            noun_after, clause_after, consumed, reference = follows[i]
            if reference:
                continue
            left = left_phrase(left_raw)
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
            metric = metric_of(phrase, left, tok, topic, under, scope_changed,
                             parent[1] if parent else None, outcome) if own else None
            if tok.value.unit == "元" and metric != "fee_yuan":
                continue  # money ('采购总金额924.17万元') is not a count; the fee is the one amount reports state
            channel = metric == "releases_total" and releases_on_a_channel(phrase, left)
        if explicit is not None and sent_scope is None:
            sent_scope = explicit
        f = _Found(tok, phrase, noun, metric, scope, _context(text, s0, s1, cstart, tok.end), s0, channel)
        found.append(f)
        prev = f
        follow_end = max(tok.end, fend)
    return found


def _scope_text(plain: str, cstart: int, nstart: int, left: LeftWords) -> str:
    """The words of the clause that can say whose count it is: the subject, or '向市政府申请'."""
    raw = plain[cstart:nstart]
    years = list(YEAR_RE.finditer(raw))
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


def _choose_phrase(left: LeftWords, left_raw: str, noun_after: str, clause_after: str, tok: NumberToken,
                   prev: _Found | None, sandwiched: bool) -> tuple[str, str, bool, bool]:
    """Pick the phrase for one count from the words before and after it.

    Returns (phrase, noun, whether the words after the count were used, whether the phrase is the
    count's own words rather than borrowed from the count before it). A borrowed phrase never
    ties the count to a metric: '分别受理申请9件、12件' or '受理12件，…的有6件' would otherwise
    give a second number for the same metric."""
    bare = strip_quotes(left_raw).strip("，、（() ")
    if tok.unit == "%":
        if prev is not None and bare in _SHARE_WORDS and not noun_after:
            return prev.phrase + "占比", prev.noun, False, False
        if not left.phrase and clause_after:
            return clause_after, clause_after, True, True
    if noun_after and len(noun_after) <= 1 and clause_after and not left.phrase:
        return clause_after, clause_after, True, True
    if noun_after and left.obj and not left.list_head and not left.adverbial and not any(
            ch.isdigit() for ch in left.obj) and not strip_quotes(left_raw).rstrip().endswith("等"):
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
    if bare in _TOTAL_WORDS:  # '上年结转2件，共计14件': the sum of the counts before, not one of them
        return "合计", "合计", False, False
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
    b = min(s1, clause_end(text, end, s1) + 40)
    return text[a:b]
