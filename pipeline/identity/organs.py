"""Organ names in text: the organ a span ends or opens with, the first organ named after a place, a signature
before a date, the place a title opens with, the subject of the first '2020年，X…' clause.
"""

from __future__ import annotations

import re

from normalizers.region_mentions import find_mentions
from normalizers.region_zones import ALIASES
from normalizers.text import squash
from pipeline.identity.patterns import OPENING_RE, YEAR

# Organ names: a place name, at most a few more characters, then the organ.
_GOV_SUFFIX = (r"(?:人民政府(?:办公厅|办公室)?|行政公署(?:办公室)?|管委会(?:办公室)?|管理委员会(?:办公室)?"
               r"|政府(?!信息|网站|门户|公报|工作报告|网)(?:办公厅|办公室)?)")
DEPT_SUFFIX = r"(?:局|厅|委员会|办公室|办公厅|中心|院|署|所)"
# Every organ ending, longest first: a body name ends with one of these.
_ORG_END = (r"(?:人民政府办公厅|人民政府办公室|人民政府|行政公署办公室|行政公署|管理委员会办公室|管理委员会|"
            r"管委会办公室|管委会|政府办公厅|政府办公室|政府办|政府|街道办事处|办事处|街道|委员会|卫健委|办公厅|办公室|"
            r"总局|局|厅|署|中心|委(?!员)|镇|乡)")
_CN_DATE = (r"(?:(?:19|20)\d{2}年\d{1,2}月(?:\d{1,2}日)?|[〇○零一二三四五六七八九]{4}年[一二三四五六七八九十]{1,2}月"
            r"(?:[一二三四五六七八九十]{1,3}日)?)")


def organ_of(span: str) -> str | None:
    """The organ a span ends with ('…现公布奉新县人民政府办公室' → '奉新县人民政府办公室'), from the
    first place name in it, else from its last run of Chinese characters ('puroview.com沙头镇')."""
    s = re.sub(r"\([^)]{0,20}\)|“|”|\"", "", span or "")
    s = re.sub(YEAR + r"年度?", "", s)
    s = re.sub(r"(?:本级|本机关|本单位)$", "", s)
    if not re.search(_ORG_END + "$", s) or len(s) > 40:
        return None
    mentions = [m for m in find_mentions(s) if m.places]
    if mentions:
        org = s[mentions[0].start:]
    else:
        m = re.search(r"[\u4e00-\u9fff]+$", s)
        org = m.group(0) if m else ""
    if (len(org) < 3 or re.match(r"[本我该全各其市县区州省]", org) or not re.fullmatch(r"[\u4e00-\u9fff]+", org)
            or len(re.sub(_ORG_END + "$", "", org)) < 2):
        return None
    return re.sub(r"(局|委员会|委|厅)办公室$", r"\1", org)  # '请与…财政局办公室联系' names the 财政局


def organ_prefix(text: str) -> str | None:
    """The organ a clause opens with ('汕尾市公安局(以下简称…)认真…' → '汕尾市公安局')."""
    mentions = find_mentions(text)
    if not mentions or mentions[0].start != 0 or not mentions[0].places:
        return None
    m = re.match(rf"(?:[\u4e00-\u9fff]|\([\u4e00-\u9fff]{{1,12}}\)){{2,30}}?{_ORG_END}(?![\u4e00-\u9fff]{{0,2}}(?:局|厅|委|办))",
                 text)
    if not m or len(m.group(0)) - mentions[0].end > 16:
        return None
    return re.sub(r"\([^)]*\)", "", m.group(0))


def organ_in(text: str, departments: bool = False) -> str | None:
    """The first organ name in `text` that starts with a region (or alias) name."""
    for mention in find_mentions(text):
        if not mention.places:
            continue
        rest = text[mention.start:]
        m = re.match(rf"{re.escape(mention.text)}[\u4e00-\u9fff]{{0,10}}?{_GOV_SUFFIX}", rest)
        if not m and departments:
            m = re.match(rf"{re.escape(mention.text)}[\u4e00-\u9fff]{{0,14}}?{DEPT_SUFFIX}(?=\d|[〇○]|政府信息|政务公开)",
                         rest)
        if m:
            return m.group(0)
    return None


def signature_organ(lines: list[str]) -> str | None:
    """An organ name followed directly by a date: '宣威市人民政府 / 2021年12月28日'."""
    text = "\n".join(line.strip() for line in lines)
    for m in re.finditer(rf"(?P<org>[\u4e00-\u9fff]{{2,30}}?)[ \t\u3000]*\n?[ \t\u3000]*{_CN_DATE}(?=\s|$)", text):
        org = organ_of(m.group("org"))
        if org and any(x.places for x in find_mentions(org)):
            return org
    return None


def title_place(title: str | None) -> str | None:
    """'青铜峡市2020年…' → '青铜峡市人民政府'; a special zone keeps its own name ('平潭综合实验区')."""
    if not title:
        return None
    title = re.sub("^" + YEAR + "年度?", "", title)
    mentions = [m for m in find_mentions(title) if m.places]
    if not mentions or mentions[0].start != 0:
        return None
    i = 0
    while i + 1 < len(mentions) and mentions[i + 1].start == mentions[i].end:  # 江苏省淮安市洪泽区
        i += 1
    end = mentions[i].end
    if not re.match(YEAR + "年", title[end:]) and key_pos(title) != end:
        return None
    return title[:end] if mentions[i].text in ALIASES else title[:end] + "人民政府"


def key_pos(title: str) -> int:
    """Where the report's own name starts in a title ('政府信息公开…报告'); organs come before it."""
    m = re.search(r"政府信息公开|政务公开|信息公开|自检自查|自查|自评", title)
    return m.start() if m else len(title)


def opening_subject(lines: list[str]) -> str | None:
    """What the first '2020年，青铜峡市…' clause is about (up to 30 characters after the comma)."""
    for line in lines:
        s = squash(line)
        m = OPENING_RE.match(s) or re.search(r"(?:^|[。，,])" + YEAR + r"年度?[，,](?=[^。]{0,40}(?:以下简称|认真|坚持|高度重视|"
                                             r"深入|紧紧|严格|按照|共|全面))", s)
        if m:
            rest = s[m.end(): m.end() + 30]
            if find_mentions(rest) and find_mentions(rest)[0].start == 0:
                return rest
            if m.re is OPENING_RE:
                return None
    return None
