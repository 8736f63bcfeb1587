"""Identities as a second reader of OCR'd digits.

A digit OCR may have confused (6/9, 1/7, 0/8, 3/8, 5/6, …) in a low-confidence cell is replaced
only when exactly one single-digit alternative among the suspect cells makes the identities that
failed (A1, A2, A3, R1) hold without breaking one that held; the fact is flagged
'ocr_corrected' with a note saying what was read and which identities decided. When no
alternative or several do, the reading is kept, flagged 'ocr_uncertain' and its confidence
lowered. A low-confidence cell that no identity covers (table 二) is flagged 'ocr_uncertain'.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from extractors.ocr.grid import OcrCell
from normalizers.spec import SumIdentity, load_spec
from normalizers.values import parse_value
from pipeline.record import Fact

CONFUSABLE = {"0": "86", "1": "7", "2": "7", "3": "85", "5": "63", "6": "95", "7": "12", "8": "036", "9": "6"}
LOW_SCORE = 0.97  # below this an OCR'd cell is "low confidence" (clean digits read at ≥ 0.99)
UNCERTAIN_CONFIDENCE = 0.5

Equation = tuple[str, tuple[str, ...], tuple[str, ...]]  # (name, lhs keys, rhs keys)


def _correct(fact: Fact, alt: str, val: dict[str, Decimal | None], note: str) -> None:
    """Replace an OCR reading by the one alternative the identities accept, saying why."""
    fact.value = parse_value(alt)
    val[fact.key] = fact.value.number
    fact.flags.append("ocr_corrected")
    fact.confidence = round(min(fact.confidence, 0.9), 3)
    fact.note = note


def _column_sum(s: SumIdentity, col: str, rows: set[str]) -> Equation | None:
    """A column identity in column `col`; a part printed one of two ways (A2's outcome rows) is summed over
    the rows read, the split of （六）其他处理 when any of it was read."""
    def k(r: str) -> str:
        return f"{s.table}/{r}/{col}"

    if s.either is None:
        return (f"{s.name} {col}", tuple(k(r) for r in s.left), tuple(k(r) for r in s.right))
    single, split = s.either
    outcome = sorted(r for r in rows if r in (*s.right, *(split if rows & set(split) else single)))
    return (f"{s.name} {col}", tuple(k(r) for r in s.left), tuple(k(r) for r in outcome)) if outcome else None


def equations(keys: set[str]) -> list[Equation]:
    """The spec's sum identities over the cells in `keys` (those with every operand read)."""
    spec = load_spec()
    eqs: list[Equation | None] = []
    for table, t in spec.tables.items():
        rows = {k.split("/")[1] for k in keys if k.startswith(f"{table}/")}
        for col in t.columns:
            eqs += [_column_sum(s, col, rows) for s in spec.sums_of(table, "column")]
        for s in spec.sums_of(table, "row"):
            eqs += [(f"{s.name} {r}", tuple(f"{table}/{r}/{c}" for c in s.left),
                     tuple(f"{table}/{r}/{c}" for c in s.right)) for r in sorted(rows)]
    return [e for e in eqs if e is not None and all(x in keys for x in e[1] + e[2])]


def _holds(eq: Equation, val: dict[str, Decimal]) -> bool:
    return sum(val[k] for k in eq[1]) == sum(val[k] for k in eq[2])


def alternatives(text: str) -> list[str]:
    out = []
    for i, ch in enumerate(text):
        for alt in CONFUSABLE.get(ch, ""):
            cand = text[:i] + alt + text[i + 1:]
            if cand[0] == "0" and len(cand) > 1:
                continue
            out.append(cand)
    return out


STROKES = {"一", "l", "I", "|", "丨", "—", "－", "-", "/"}


def _stroke_options(strokes: set[str], val: dict[str, Decimal], eqs: list[Equation]):
    """(key, digit text, identities) for a stroke cell when exactly one number 0–99 makes all of
    its identities hold (the other operands being numbers read with OCR)."""
    for k in sorted(strokes):
        mine = [e for e in eqs if k in e[1] + e[2] and all(x in val or x == k for x in e[1] + e[2])]
        if not mine:
            continue
        fits = []
        for n in range(100):
            trial = dict(val)
            trial[k] = Decimal(n)
            if all(_holds(e, trial) for e in mine):
                fits.append(n)
        if len(fits) == 1:
            yield k, str(fits[0]), sorted(e[0] for e in mine)


def correct(facts: list, ocr: Mapping[str, OcrCell]) -> None:
    """Let the identities act as a second reader of OCR'd cells (`ocr`: fact key → its cell)."""
    if not ocr:
        return
    by_key = {f.key: f for f in facts}
    val = {k: f.value.number for k, f in by_key.items() if f.value.kind == "number" and f.value.number is not None}
    # a low-confidence cell read as a stroke or dash ('一', '|', '-') where a number may stand
    strokes = {k for k, c in ocr.items() if c.score < LOW_SCORE and by_key[k].value.kind != "number"
               and by_key[k].value.raw.strip() in STROKES}
    for k, alt, names in _stroke_options(strokes, val, equations(set(val) | strokes)):
        _correct(by_key[k], alt, val, f"OCR read '{by_key[k].value.raw}' (score {ocr[k].score:.2f}) where a "
                 f"number stands; only '{alt}' makes {', '.join(names)} hold")
    eqs = equations(set(val))
    covered = {k for e in eqs for k in e[1] + e[2]}
    failing = [e for e in eqs if not _holds(e, val)]
    suspects = {k for e in failing for k in e[1] + e[2] if k in ocr and ocr[k].score < LOW_SCORE}
    by_member: dict[str, list[Equation]] = {}
    for e in eqs:
        for k in e[1] + e[2]:
            by_member.setdefault(k, []).append(e)
    options: list[tuple[str, str, list[str]]] = []
    for k in suspects:
        raw = by_key[k].value.raw.strip()
        if not raw.isdigit():
            continue
        for alt in alternatives(raw):
            trial = dict(val)
            trial[k] = Decimal(alt)
            mine = by_member.get(k, [])
            if mine and all(_holds(e, trial) for e in mine):
                fixed = [e[0] for e in mine if not _holds(e, val)]
                if fixed:
                    options.append((k, alt, fixed))
    # apply an option when it is the only one offered for every failing identity it repairs
    chosen: dict[str, tuple[str, list[str]]] = {}
    for k, alt, fixed in options:
        rivals = [o for o in options if o[0] != k or o[1] != alt]
        if not any(set(o[2]) & set(fixed) for o in rivals):
            chosen[k] = (alt, fixed)
    for k, (alt, fixed) in chosen.items():
        _correct(by_key[k], alt, val, f"OCR read '{by_key[k].value.raw}' (score {ocr[k].score:.2f}); only "
                 f"'{alt}' among confusable digits makes {', '.join(sorted(fixed))} hold")
    still = [e for e in eqs if not _holds(e, val)]
    unsure = {k for e in still for k in e[1] + e[2] if k in ocr and ocr[k].score < LOW_SCORE}
    unsure |= {k for k in ocr if k not in covered and ocr[k].score < LOW_SCORE}
    unsure |= {k for k in strokes if "ocr_corrected" not in by_key[k].flags}
    for k in unsure:
        f = by_key[k]
        if "ocr_corrected" in f.flags or "ocr_uncertain" in f.flags:
            continue
        f.flags.append("ocr_uncertain")
        f.confidence = round(min(f.confidence, UNCERTAIN_CONFIDENCE), 3)
        why = "an identity it is part of fails" if k in covered else "no identity covers it"
        read = ("OCR read nothing here (blank as printed, or a lone digit lost)" if not ocr[k].text
                else f"low OCR score {ocr[k].score:.2f}")
        f.note = (f.note + "; " if f.note else "") + f"{read} and {why}"
