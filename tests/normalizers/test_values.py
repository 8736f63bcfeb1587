"""Printed cells and counts keep their kind: blank, 0, '/', '无' and '1800余' stay distinct."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normalizers.values import in_unit, parse_value


@pytest.mark.parametrize(
    "raw, kind, number, unit, qualifier",
    [
        ("0", "number", Decimal(0), None, None),
        ("", "blank", None, None, None),
        ("  ", "blank", None, None, None),
        ("/", "na", None, None, None),
        ("-", "na", None, None, None),
        ("—", "na", None, None, None),
        ("无", "na", None, None, None),
        ("1800余", "approx", Decimal(1800), None, "over"),
        ("近3000", "approx", Decimal(3000), None, "nearly"),
        ("超500", "approx", Decimal(500), None, "over"),
        ("1000余条", "approx", Decimal(1000), "条", "over"),
        ("+64", "number", Decimal(64), None, None),
        ("-18", "number", Decimal(-18), None, None),
        ("1,234", "number", Decimal(1234), None, None),
        ("１２３", "number", Decimal(123), None, None),
        ("二十", "number", Decimal(20), None, None),
        ("29550.7315万元", "number", Decimal(295507315), "元", None),
        ("75394432.52元", "number", Decimal("75394432.52"), "元", None),
        ("17.46%", "number", Decimal("17.46"), "%", None),
        ("8232万条", "number", Decimal(82320000), "条", None),
        ("见附件", "text", None, None, None),
    ],
)
def test_parse_value(raw, kind, number, unit, qualifier):
    v = parse_value(raw)
    assert (v.kind, v.number, v.unit, v.qualifier) == (kind, number, unit, qualifier)
    assert v.raw == raw


def test_currency_is_expressed_in_the_column_unit():
    assert in_unit(parse_value("29550.7315万元"), "元") == Decimal(295507315)
    assert in_unit(parse_value("96171.6"), "万元") == Decimal("96171.6")  # printed in the column's unit
    assert in_unit(parse_value("100000元"), "万元") == Decimal(10)


@given(st.integers(min_value=-10**9, max_value=10**12))
def test_integers_round_trip(n):
    assert parse_value(str(n)).number == Decimal(n)
    assert parse_value(f"{n:,}").number == Decimal(n)


@given(st.text(max_size=30))
def test_never_raises_and_keeps_raw(text):
    v = parse_value(text)
    assert v.raw == text
    assert v.kind in ("number", "blank", "na", "approx", "text")
    assert (v.number is None) == (v.kind in ("blank", "na", "text"))


@pytest.mark.parametrize("text", ["10000000000000000000000000000", "1234567890123456789012345678901.5"])
def test_numbers_longer_than_decimals_default_precision_stay_exact(text):
    """Found by the property test above: 29 digits raised InvalidOperation (quantize past the 28-digit
    context); normalize() would also have rounded a long number silently."""
    assert parse_value(text).number == Decimal(text)
