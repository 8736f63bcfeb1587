"""Find region names in a text (`find_mentions`), and tell a place name from a word that contains one.

Names are matched leftmost-longest. A name that is part of a road (菱湖北路 is not 湖北) or of a document
number (黔南府办发〔2016〕12号) is no mention; nor is a two-character county name (or one ending in it:
定兴县) that the context cannot tell from a word and the generic 县 / 区 / 市: glued to the word before it
and followed by a bare organ word (规定和县政府, 信息县级), or starting with a word of its own (和 / 代 / 城
…: '(…号)和县政府办公室' is 'and the county government office'), unless its prefecture or province is
printed right before it (马鞍山市和县政府); nor a two-character short form (保定, 定西) glued into words on
both sides (确保定期, 规定西区: jieba's dictionary says which two characters are a common word).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normalizers.region_table import Place, code_table, place
from normalizers.region_zones import ALIASES, Alias


@dataclass(frozen=True)
class Mention:
    """A region name at text[start:end] with every place it can mean (one, for an alias)."""

    start: int
    end: int
    text: str
    places: tuple[Place, ...]
    alias: Alias | None = None


def find_mentions(text: str) -> list[Mention]:
    """Region names in `text`, leftmost-longest, with all places each name can mean."""
    table = code_table()
    out: list[Mention] = []
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
                out.append(Mention(i, i + size, form, places, alias))
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
    return frozenset(form for form, places in code_table().index.items()
                     if len(form) == 2 and form[-1] in "县区市旗" and any(p.rank == 2 for p in places))


@lru_cache(maxsize=1)
def _short_forms() -> frozenset[str]:
    """Two-character short forms of provinces and prefectures (保定, 定西, 河南), no place's full name."""
    return frozenset(form for form, places in code_table().index.items()
                     if len(form) == 2 and places and all(p.name != form for p in places))


@lru_cache(maxsize=1)
def _words() -> frozenset[str]:
    """Common two-character words (jieba's dictionary, frequency ≥ 50; read on first need, ~0.3 s)."""
    from importlib.resources import files

    text = files("jieba").joinpath("dict.txt").read_text(encoding="utf-8")
    return frozenset(w for w, n in re.findall(r"^(\S\S) (\d+)", text, re.MULTILINE) if int(n) >= 50)


def _false_mention(text: str, i: int, form: str, before: Mention | None = None) -> bool:
    """True when the name at text[i:] is part of another word rather than a place (`before`: the
    mention found just before it, if any)."""
    end = i + len(form)
    if _ROAD_AFTER_RE.match(text, end) or _DOC_NUMBER_AFTER_RE.match(text, end):
        return True
    short = _short_counties()
    county = form in short or (len(form) == 3 and form[1:] in short)
    if not county and form not in _short_forms():
        return False
    places = code_table().index[form]
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
