"""Printed labels map to canonical keys by their text (with typos, breaks, variants), never by position."""

from collections import Counter
from difflib import SequenceMatcher

import pytest

from normalizers.labels import FUZZY_MIN, _similarity, _vocabulary, label_pattern, match_label


@pytest.mark.parametrize(
    "printed, role, table, key",
    [
        ("一、本年新收政府信息公开申请数量", "row", "applications", "new_received"),
        ("三、\n本\n年\n度\n办\n理\n结\n果", "group", "applications", None),
        ("2.其他法律行政止公开", "row", "applications", "denied.law_prohibited"),  # 洪泽 2023 typo
        ("1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "row", "applications", "other.no_correction"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "row", "applications", "partially_granted"),
        ("(七)总计", "row", "applications", "total"),
        ("商业企\n业", "column", "applications", "commercial"),
        ("本年增／减", "column", "active", "change"),
        ("本年收费金额（单位：万元）", "column", "active", "fee_amount_10k_yuan"),
        ("规范性文件", "row", "active", "normative_docs"),
        ("结果\n纠正", "column", "review_litigation", "corrected"),
        ("四、政府信息公开行政复议、行政诉讼情况", "table", "review_litigation", None),
        ("五、存在的主要问题及改进情况", "end", None, None),
    ],
)
def test_match_label(printed, role, table, key):
    m = match_label(printed)
    assert m is not None and (m.role, m.table, m.key) == (role, table, key)


def test_unrelated_text_is_not_a_label():
    assert match_label("全年共组织培训3次") is None


def test_ambiguous_label_prefers_the_current_table():
    assert match_label("总计", "review_litigation").table == "review_litigation"
    assert match_label("其他结果", "review_litigation").key == "other"


def test_pattern_takes_the_enumerator_with_the_label():
    text = "1.属于国家秘密00000002.其他法律行政法规禁止公开0000000"
    found = [m.group(0) for m in label_pattern(("applications",)).finditer(text)]
    assert found == ["1.属于国家秘密", "2.其他法律行政法规禁止公开"]
    assert text.split(found[1])[0].endswith("0000000")  # seven zeros, the '2.' is the label's


def test_bare_total_is_a_column_header():
    # regression: a markdown 表四 header cell '总计' was taken for the 表三 row （七）总计 and the
    # empty header cells beside it were read as blank values
    assert match_label("总计").role == "column"
    assert match_label("其他").key == "other_org"
    assert match_label("（七）总计").role == "row"
    assert match_label("3.其他").key == "other.other"


def test_similarity_bounds_keep_every_fuzzy_match_difflib_finds():
    """The cheap bounds only rule out pairs whose difflib ratio is below FUZZY_MIN: over every pair of
    vocabulary bodies and printed variants of them (a character dropped, changed or added), the
    pairs kept and their scores are difflib's."""
    bodies = sorted({lbody for _l, lbody, _r, _t, _k in _vocabulary() if len(lbody) >= 4})
    printed = bodies + [b[1:] for b in bodies] + [b[:2] + "的" + b[3:] for b in bodies] + [b + "数" for b in bodies]
    kept = 0
    for a in printed:
        for b in bodies:
            ratio = SequenceMatcher(None, a, b).ratio()
            fast = _similarity(a, b, Counter(a))
            assert (fast >= FUZZY_MIN) == (ratio >= FUZZY_MIN), (a, b)
            if ratio >= FUZZY_MIN:
                assert fast == ratio
                kept += 1
    assert kept > len(bodies)  # the variants do match
