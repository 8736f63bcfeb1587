"""Cues that name the reporting body (strong: title, letterhead, opening, compiler, signature, source line,
contact, subject) or place it without naming it (weak: portal, address, self-reference), and region
codes embedded in index numbers and credit codes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from normalizers.region_mentions import find_mentions
from normalizers.region_table import place
from normalizers.region_zones import ZONE_RE
from normalizers.text import squash
from pipeline.identity.lines import asides_removed, dedupe, snippet_around, strip_bullet
from pipeline.identity.organs import (
    DEPT_SUFFIX,
    key_pos,
    opening_subject,
    organ_in,
    organ_of,
    organ_prefix,
    signature_organ,
)
from pipeline.identity.patterns import REPORT_VERB, YEAR

# Cues that name an organ the report mentions rather than presents itself as (a contact office, the
# subject of a sentence): they name the body only when the title names no place.
SECONDARY = ("contact", "subject")


@dataclass
class Cue:
    """A piece of text that names the body or its place, and where it was read (`source`)."""

    source: str
    organ: str | None  # the organ named (None when the cue names a place only)
    text: str  # what names the place (the organ, or a place phrase)
    snippet: str


def strong_cues(title: str | None, lines: list[str], table_lines: list[str]) -> list[Cue]:
    """Cues that name the reporting body, in order of trust (`table_lines`: the page's first table
    rows, where an 索引号 / 发布机构 box is often read as a table)."""
    cues: list[Cue] = []
    if title:
        span = title[:key_pos(title)]
        span = re.split(r"关于", span)[0]
        org = organ_of(span) or organ_in(title, departments=True)
        if org and title.find(org) < key_pos(title):
            cues.append(Cue("title", org, org, title))
    for line in lines[:3]:  # a letterhead above the title
        s = squash(line)
        org = organ_in(s)
        if org and org == s:
            cues.append(Cue("letterhead", org, org, s))
            break
    text = squash("".join(line if re.search(r"[。，,；;：:]$", line) else line + "\n" for line in lines[:60]))
    flat = asides_removed(text)
    m = re.search(REPORT_VERB + r"《?(?P<span>[^。《》]{2,50}?)(?:政府信息公开|政务公开|信息公开)[^。]{0,14}?(?:年度报告|年报|报告)",
                  flat)
    if m:
        org = organ_of(m.group("span"))
        cues.append(Cue("opening", org, org or m.group("span"), snippet_around(flat, m, 0)))
    for regex in (r"由(?P<span>[^，。,由《]{2,30}?)(?:(?:结合|根据|依据|按照)[^。]{0,40}?)?(?:负责|组织)?(?:编制|制作|撰写)",
                  r"结合(?:" + YEAR + r"年度?)?(?P<span>[^，。,]{2,30}?)(?:政府信息公开|政务公开|信息公开)"):
        m = re.search(regex, flat)
        if m and (org := organ_of(m.group("span"))):
            cues.append(Cue("compiler", org, org, snippet_around(flat, m, 0)))
            break
    signature = signature_organ(lines)
    if signature:
        cues.append(Cue("signature", signature, signature, signature))
    for line in lines[:40] + table_lines:
        s = squash(strip_bullet(line))
        m = re.search(r"(?:来源|信息来源|发布机构|发文机关|发布单位)[\]】]?[:：|]+(?P<span>[^|\s:：]+)", s)
        if m and (org := organ_of(re.split(r"\d", m.group("span"))[0])):
            cues.append(Cue("source_line", org, org, m.group(0)))
            break
    m = re.search(r"请(?:与|联系|致电)(?P<span>[^，。,;；()]{2,30}?)(?:联系|联络|咨询|[。,，;；(]|$)", flat)
    if m and (org := organ_of(m.group("span"))):
        cues.append(Cue("contact", org, org, m.group(0)))
    subject = opening_subject(lines)
    if subject:
        cues.append(Cue("subject", organ_prefix(subject), subject, subject))
    return cues


def named_with_its_county(body: str, full_text: str) -> list[str]:
    """Every place + township phrase in the text for a township or street named alone ('龙归镇' in the
    title, '韶关市武江区龙归镇人民政府' in the text → '韶关市武江区龙归镇'): the county (or city) printed right
    before the body's name, optionally with its 人民政府 between ('磐石市人民政府明城街道办事处')."""
    stem = re.sub(r"(?:人民政府|政府|办事处)$", "", body)
    if len(stem) < 3:
        return []
    text = squash(full_text)
    mentions = [m for m in find_mentions(text) if m.places]
    phrases = []
    for occurrence in re.finditer(re.escape(stem), text):
        end = occurrence.start() - (4 if text[:occurrence.start()].endswith("人民政府") else 0)
        run = [m for m in mentions if m.end <= end]
        if not run or run[-1].end != end:
            continue
        start = run[-1].start
        for m in reversed(run[:-1]):  # its parents printed before it: 韶关市武江区
            if m.end != start:
                break
            start = m.start
        phrases.append(text[start:end] + stem)
    return dedupe(phrases)


def weak_cues(lines: list[str]) -> list[Cue]:
    """Cues that place the body without naming it: its portal, its address, what it calls itself."""
    text = squash("\n".join(lines))
    cues: list[Cue] = []
    for m in re.finditer(r"(?:电子版|全文)[^。]{0,30}?(?:网站|网|门户|平台)", text):
        phrase = re.sub(r"[“”\"'《》「」]|https?://\S+|www\.\S+", "", m.group(0))
        cues.append(Cue("portal", None, phrase, m.group(0)))
    for m in re.finditer(r"地址[:：](?P<a>[^，,;；。)]{4,40})", text):
        cues.append(Cue("address", None, m.group("a"), m.group(0)))
    cues += _self_references(text)
    # The smallest place first: a county report also calls its province 我省 ('按照我省部署'), and the
    # province's code must not win over the county the text names and calls itself.
    return sorted(cues, key=lambda c: -max((p.rank for m in find_mentions(squash(c.text)) for p in m.places),
                                           default=-1))


def _self_references(text: str) -> list[Cue]:
    """Places the text names in full and also refers to as itself ('铜仁市教育局' + '市教育局…',
    '南京经济技术开发区' + '开发区…', '南充市高坪区' + '我区'): the body's own place."""
    out: list[Cue] = []
    for mention in find_mentions(text):
        if not mention.places or mention.alias:
            continue
        rest = text[mention.end:mention.end + 16]
        level = mention.text[-1] if mention.text[-1] in "省市县区州盟旗" else ""
        m = re.match(rf"[\u4e00-\u9fff]{{0,12}}?(?:{DEPT_SUFFIX}|{ZONE_RE.pattern})", rest)
        generic = []
        if m:
            tail = m.group(0)
            zone = ZONE_RE.search(tail)
            generic = [level + tail] if level else []
            if zone:
                generic.append(zone.group(0))
        elif level:
            generic = ["我" + level, "本" + level] + (["自治区"] if mention.text.endswith("自治区") else [])
        name = mention.text + (m.group(0) if m else "")
        for g in generic:
            if len(g) < 2:
                continue
            named = [(i.start(), i.end()) for i in re.finditer(re.escape(name), text)]
            bare = [i.start() for i in re.finditer(re.escape(g), text)  # not the generic word inside the name
                    if not any(a <= i.start() < b for a, b in named)]
            if bare:
                out.append(Cue("self_reference", None, name, f"{name} … {g}"))
                break
    return out


def index_codes(lines: list[str]) -> list[tuple[str, str]]:
    """Region codes embedded in a 索引号 ('620702081/2026-00007') or an organ's credit code
    ('11410402005462140C': 11 = organ, 410402 = where it is registered), with the snippet."""
    out: list[tuple[str, str]] = []
    for line in lines:
        s = squash(line)
        for m in re.finditer(r"(?<![0-9A-Z])1[1-9](?P<c>\d{6})[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])", s):
            if place(m.group("c")):
                out.append((m.group("c"), m.group(0)))
        m = re.search(r"索引号[\]】]?[:：|]*(?P<c>\d{6})(?:\d{3})?[/-]", s)
        if m and place(m.group("c")):
            out.append((m.group("c"), m.group(0)))
    return out
