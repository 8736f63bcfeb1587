"""Which metric a count's own phrase names (`pipeline.prose`): applications received / closed /
carried over, their answers and channels, 复议 and 诉讼, releases, fees, press conferences and
policy interpretations. A phrase that does not say so gives None.
"""

from __future__ import annotations

import re

from pipeline.prose_numbers import NumberToken
from pipeline.prose_phrases import LeftWords
from pipeline.prose_vocab import (
    APPLICATION_PARTS,
    APPLICATION_VERB_RE,
    AUDIENCE_RE,
    INFO_KIND_RE,
    SCOPE_RE,
)

_RELEASE_VERB_RE = re.compile(r"主动公开|公开发布|发布|公开|公布")

_WHOLE_BODY_RE = re.compile(r"政府信息公开单位|各级行政机关|各级各部门|各级政府|各部门")

_COUNT_UNITS = {None, "件", "条", "个", "项", "次", "场", "篇", "期", "份", "余件"}


def topic_sentence(text: str, s0: int, s1: int) -> str:
    """The sentence up to '。！？' around a clause cut at '；' ('共受理申请45件；办结45件，其中予以公开30件'):
    what the clauses of one sentence are about ('申请') is said once. A sentence opening with '其中'
    lists the parts of the sentence before it ('…依申请公开答复90件。其中，予以公开50件…'), so that
    sentence is part of its topic."""
    a = max((text.rfind(ch, 0, s0) for ch in "。！？!?"), default=-1) + 1
    ends = [i for i in (text.find(ch, s1 - 1) for ch in "。！？!?") if i >= 0]
    if text[a:a + 4].lstrip(" ，,").startswith("其中") and a > 0:
        a = max((text.rfind(ch, 0, a - 1) for ch in "。！？!?"), default=-1) + 1
    return text[a:min(ends) + 1 if ends else len(text)]


def about_applications(sentence: str) -> bool:
    """Whether a sentence speaks of applications ('申请'), which makes '办结' and '予以公开' answers
    to them; '依申请公开信息…条' alone names a kind of information."""
    return "申请" in INFO_KIND_RE.sub("", sentence) or bool(APPLICATION_VERB_RE.search(sentence))


def states_releases(phrase: str) -> bool:
    """Whether a phrase counts released information ('主动公开信息', '政务微信公开政府信息数')."""
    return bool(_RELEASE_VERB_RE.search(phrase)) and "信息" in phrase and not re.search(r"申请|解读", phrase) \
        and not AUDIENCE_RE.search(phrase)


def releases_on_a_channel(phrase: str, left: LeftWords) -> bool:
    """A release count named by the channel it went out on ('政府网站公开政府信息120条')."""
    return bool(re.search(r"网站|门户|网$", left.pre + phrase))


def metric_of(phrase: str, left: LeftWords, tok: NumberToken, sentence: str, under: bool, scope_changed: bool,
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
    app_ctx = about_applications(sentence)
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
    whole = whole or left.area_wide
    if under and not scope_changed:
        whole = False
    received = "申请" in p and re.search(r"受理|收到|新收|接收|接到|接处|办理", p) and not re.search(r"办结|答复|办复", p)
    if received or (app_ctx and re.fullmatch(r"(?:新)?(?:受理|收到|接收|接到)", p)):  # '其中我办受理17件'
        return "applications_received" if whole else None
    if app_ctx and re.fullmatch(r"(?:已|依法)?(?:(?:政府)?信息(?:公开)?)?(?:依申请公开|公开申请|申请)?"
                                r"(?:办结|答复|办复|办理完毕|予以答复)(?:申请)?", p):  # '完成政府信息依申请公开答复'
        return "applications_closed"
    if app_ctx:
        own = re.sub(r"^依申请", "", p)  # '依申请同意公开14件'
        part = next((m for m, pattern in APPLICATION_PARTS
                     if pattern.fullmatch(left.pre + p) or pattern.fullmatch(p) or pattern.fullmatch(own)), None)
        if part:
            return part
    sub_count = under and not scope_changed  # '其中，疫情防控新闻发布会151场' is part of the total
    if "新闻发布会" in p:
        return None if sub_count else "press_conferences"
    if re.search(r"(?:政策解读|解读材料|解读文章|解读稿件)(?:信息)?$", p):
        return None if sub_count else "policy_interpretations"
    m = _RELEASE_VERB_RE.search(p)
    if m and whole and not re.search(r"类信息|解读|新媒体|公众号|微博|依申请|申请", p):
        obj = p[m.end():]
        if "政府信息" in obj or (obj in ("信息", "各类信息", "政务信息") and releases_on_a_channel(p, left)):
            return "releases_total"
    return None
