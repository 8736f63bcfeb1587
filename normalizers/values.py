"""Parse a printed cell or prose count into a typed `Value`, keeping the raw text.

Blank, 0, '/', '-', '无' and '1800余' mean different things to a researcher: a blank cell was
not filled in, '/' says "not applicable", 0 is a count of zero and '1800余' is "more than 1800".
They stay distinct here and all the way into the warehouse.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import Literal

# 'percent' is a ratio stated in prose ('同比增长103%', '办结率100%'): a number, never a count.
ValueKind = Literal["number", "blank", "na", "approx", "text", "percent"]
# The kinds a count (a prose count, a table cell) can have; anything else is not summed or compared.
COUNT_KINDS: tuple[ValueKind, ...] = ("number", "approx")

NA_MARKS = {"/", "-", "—", "——", "－", "／", "无", "暂无", "n/a", "na", "—-", "--", "---", "–", "\\"}
# Qualifiers that make a count approximate, with their meaning.
APPROX_PREFIXES = {"近": "nearly", "约": "about", "超": "over", "超过": "over", "逾": "over",
                   "突破": "over", "达": None, "共": None, "累计": None, "总计": None, "合计": None}
APPROX_SUFFIXES = {"余": "over", "多": "over", "以上": "over", "左右": "about", "上下": "about"}
MAGNITUDES = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1_000), "百": Decimal(100)}
CURRENCY_UNITS = {"元": Decimal(1), "万元": Decimal(10_000), "亿元": Decimal(100_000_000)}

_NUM = r"[+\-－−]?\d[\d,，]*(?:\.\d+)?"
_CN_NUM_CHARS = "零〇○一二两三四五六七八九十百千万亿壹贰叁肆伍陆柒捌玖拾佰仟"
_VALUE_RE = re.compile(
    rf"^(?P<pre>近|约|超过|超|逾|突破|达|共|累计|总计|合计)?\s*"
    rf"(?P<num>{_NUM}|[{_CN_NUM_CHARS}]+)\s*"
    rf"(?P<mag>万|亿|千)?\s*(?P<suf>余|多|以上|左右|上下)?\s*"
    rf"(?P<unit>%|％|元|万元|亿元|[件条个项次期场家人份篇户起类通台套名位批宗张幅]|人次|余件|万人次)?\s*"
    rf"(?P<suf2>余|多|以上|左右)?$"
)


@dataclass(frozen=True)
class Value:
    """A printed quantity.

    `number` is exact (Decimal) and already multiplied out ('29550.7315万元' → 295507315 with
    unit '元'); `raw` is the text as printed; `qualifier` says how an approximate count relates
    to its number ('over' for '1800余', 'nearly' for '近3000').
    """

    kind: ValueKind
    raw: str
    number: Decimal | None = None
    unit: str | None = None
    qualifier: str | None = None

    def json_number(self) -> int | float | None:
        if self.number is None:
            return None
        return int(self.number) if self.number == self.number.to_integral_value() else float(self.number)


def clean(raw: str) -> str:
    """NFKC (full-width digits and signs to ASCII) and no inner whitespace."""
    text = unicodedata.normalize("NFKC", raw or "")
    return re.sub(r"\s+", "", text)


def parse_value(raw: str | None) -> Value:
    """Parse one printed cell or count ('1,234', '+64', '1800余', '/', '29550.7315万元', '二十')."""
    raw = "" if raw is None else raw
    text = clean(raw)
    if not text:
        return Value("blank", raw)
    if text.lower() in NA_MARKS:
        return Value("na", raw)
    m = _VALUE_RE.match(text)
    if not m:
        return Value("text", raw)
    number = _to_decimal(m.group("num"))
    if number is None:
        return Value("text", raw)
    unit = m.group("unit")
    if unit in ("%", "％"):
        unit = "%"
    elif unit == "余件":
        unit = "件"
    if m.group("mag"):
        number *= MAGNITUDES[m.group("mag")]
    if unit in CURRENCY_UNITS:
        number *= CURRENCY_UNITS[unit]
        unit = "元"
    pre, suf = m.group("pre"), m.group("suf") or m.group("suf2") or ("余" if m.group("unit") == "余件" else None)
    qualifier = APPROX_SUFFIXES.get(suf) if suf else None
    if pre and APPROX_PREFIXES.get(pre):
        qualifier = APPROX_PREFIXES[pre]
    kind: ValueKind = "approx" if qualifier else "number"
    return Value(kind, raw, _normalise(number), unit, qualifier)


def in_unit(value: Value, unit: str) -> Decimal | None:
    """The value's number expressed in a currency unit ('元', '万元', '亿元').

    Cells printed without a unit are taken to be in the column's unit already.
    """
    if value.number is None:
        return None
    if value.unit != "元":
        return value.number
    return _normalise(value.number / CURRENCY_UNITS[unit])


def _to_decimal(num: str) -> Decimal | None:
    num = num.replace(",", "").replace("，", "").replace("－", "-").replace("−", "-")
    if re.fullmatch(r"[+\-]?\d+(?:\.\d+)?", num):
        try:
            return Decimal(num)
        except InvalidOperation:
            return None
    import cn2an  # only for Chinese numerals ('二十'); it costs a tenth of a second to import

    try:
        return Decimal(str(cn2an.cn2an(num.replace("○", "零").replace("〇", "零"), "smart")))
    except (ValueError, KeyError, TypeError):
        return None


def _normalise(d: Decimal) -> Decimal:
    """Drop trailing zeros without switching to exponent notation, exactly: the context holds every
    digit (the default 28 would round a longer number or refuse to quantize it)."""
    exact = Context(prec=max(28, len(d.as_tuple().digits)))
    if d == d.to_integral_value():
        return d.quantize(Decimal(1), context=exact)
    return d.normalize(exact)
