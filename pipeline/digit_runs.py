"""Split run-together table cells ('行政许可396442278' = 396 | 442 | 278) into their values.

Archived page text of some portals concatenates a row's cells with no separator. A run of n
cells can be split in many ways; the rules of printing (no leading zeros, a sign only at the
start of a cell, a unit only after the last cell, spaces are cell boundaries) remove most of
them. The rest are ranked by a prior on printed counts (zero is common; numbers with fewer
digits and a small leading digit are likelier, as in Benford's law). Only the printing rules or
a row identity (applied by the caller) decide a split; a reading chosen by the prior alone is
reported as undecided, with its alternatives.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

_PART = re.compile(r"^[+\-]?(?:0|[1-9]\d*)(?:\.\d+)?(?:万元|亿元|元)?$")
MAX_RUN = 60
MAX_PARTS = 24
MAX_SPLITS = 20_000


@dataclass(frozen=True)
class ColumnPrior:
    """How a column's printed values are distributed: P(0) and P(number of digits = 1, 2, …)."""

    p_zero: float
    lengths: tuple[float, ...]
    signed: bool = False
    decimal: bool = False


_COUNT = ColumnPrior(0.3, (0.40, 0.30, 0.18, 0.08, 0.03, 0.01))
COLUMN_PRIORS: dict[str, ColumnPrior] = {
    "change": ColumnPrior(0.4, (0.35, 0.30, 0.20, 0.10, 0.04, 0.01), signed=True),
    "prior_year_items": ColumnPrior(0.1, (0.25, 0.35, 0.25, 0.12, 0.02, 0.01)),
    "decisions": ColumnPrior(0.1, (0.15, 0.20, 0.25, 0.20, 0.10, 0.07, 0.03)),
    "projects": ColumnPrior(0.1, (0.20, 0.35, 0.35, 0.08, 0.02)),
    "amount_yuan": ColumnPrior(0.02, (0.01, 0.01, 0.01, 0.02, 0.10, 0.20, 0.25, 0.20, 0.10, 0.07, 0.03),
                               decimal=True),
    "fee_amount_10k_yuan": ColumnPrior(0.2, (0.3, 0.25, 0.2, 0.15, 0.1), decimal=True),
}
# applications and review/litigation cells: mostly zeros and small counts
TABLE_PRIORS = {"applications": ColumnPrior(0.5, (0.50, 0.30, 0.15, 0.05)),
                "review_litigation": ColumnPrior(0.6, (0.60, 0.30, 0.08, 0.02))}


@dataclass(frozen=True)
class Split:
    parts: tuple[str, ...]
    logp: float


def _benford(lead: int) -> float:
    return math.log10(1 + 1 / lead)


def part_logp(part: str, prior: ColumnPrior = _COUNT) -> float:
    """Log prior of one printed cell value under its column's distribution."""
    body = re.sub(r"(万元|亿元|元)$", "", part)
    logp = 0.0
    if body[0] in "+-":
        body = body[1:]
        logp += math.log(0.3 if prior.signed else 0.01)
    if "." in body:
        body, frac = body.split(".", 1)
        # amounts in yuan print two decimals (fen); other decimals are rarer
        logp += math.log(0.3 if prior.decimal else 0.01) - max(len(frac) - 2, 0) * math.log(10)
    if body == "0":
        return logp + math.log(prior.p_zero)
    d = len(body)
    p_len = prior.lengths[d - 1] if d <= len(prior.lengths) else prior.lengths[-1] * 0.1 ** (d - len(prior.lengths))
    return logp + math.log(1 - prior.p_zero) + math.log(p_len) + math.log(_benford(int(body[0]))) - (d - 1) * math.log(10)


def _magnitude(part: str) -> float | None:
    try:
        v = abs(float(re.sub(r"(万元|亿元|元)$", "", part)))
    except ValueError:
        return None
    return math.log10(v) if v > 0 else None


def row_logp(parts: tuple[str, ...], columns: tuple[str, ...]) -> float:
    """Joint terms between the cells of one row.

    Counts of one row scale with the size of the body: 上一年项目数量 and 处理决定数量 are of
    similar magnitude; a document issued is usually published the same year (新制作 = 新公开)
    and 对外公开总数量 is not below 本年新公开数量.
    """
    v = dict(zip(columns, parts))
    logp = 0.0
    if "prior_year_items" in v and "decisions" in v:
        a, b = _magnitude(v["prior_year_items"]), _magnitude(v["decisions"])
        if a is not None and b is not None:
            logp -= 0.5 * (a - b) ** 2
    if "new_made" in v and "new_published" in v and v["new_made"] == v["new_published"]:
        logp += math.log(5)
    if "new_published" in v and "total_published" in v:
        try:
            if float(v["total_published"]) < float(v["new_published"]):
                logp += math.log(0.1)
        except ValueError:
            pass
    return logp


def candidate_splits(run: str, columns: tuple[str, ...], table: str = "") -> list[Split]:
    """All valid ways to read `run` as one value per column, most plausible first.

    Empty when there is none, or when there are so many (a long run of digits) that no reading
    could be trusted.
    """
    n = len(columns)
    tokens = run.split()
    text = "".join(tokens)
    if not text or n < 1 or len(text) > MAX_RUN or n > MAX_PARTS:
        return []
    breaks = set()  # positions where a boundary is forced (spaces)
    pos = 0
    for tok in tokens[:-1]:
        pos += len(tok)
        breaks.add(pos)
    if _count_splits(text, n, frozenset(breaks)) > MAX_SPLITS:
        return []
    priors = [COLUMN_PRIORS.get(c) or TABLE_PRIORS.get(table, _COUNT) for c in columns]
    ranked = sorted(
        (Split(parts, sum(part_logp(p, pr) for p, pr in zip(parts, priors)) + row_logp(parts, columns))
         for parts in _splits(text, n, frozenset(breaks))),
        key=lambda s: -s.logp,
    )
    return ranked


@lru_cache(maxsize=1024)
def _count_splits(text: str, n: int, breaks: frozenset[int], start: int = 0) -> int:
    """How many ways `_splits` would find, counted without building them (ignores value rules)."""
    if n == 1:
        return 0 if any(start < b < len(text) for b in breaks) else 1
    total = 0
    for end in range(start + 1, len(text)):
        if any(start < b < end for b in breaks):
            break
        total += _count_splits(text, n - 1, breaks, end)
    return total


@lru_cache(maxsize=4096)
def _splits(text: str, n: int, breaks: frozenset[int], start: int = 0) -> tuple[tuple[str, ...], ...]:
    if n == 1:
        part = text[start:]
        if _PART.match(part) and not any(start < b < len(text) for b in breaks):
            return ((part,),)
        return ()
    out: list[tuple[str, ...]] = []
    for end in range(start + 1, len(text)):
        if any(start < b < end for b in breaks):
            break
        part = text[start:end]
        if re.search(r"(万元|亿元|元)$", part) or not _PART.match(part):
            continue
        if text[end] == "." or (text[end - 1] == "."):
            continue
        for rest in _splits(text, n - 1, breaks, end):
            out.append((part, *rest))
    return tuple(out)
