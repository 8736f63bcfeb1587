"""Region resolution: the MCA yearly tables (via region_history), the alias table, homonyms, special zones,
refusals."""

from __future__ import annotations

import pytest

from normalizers import region_history
from normalizers.regions import find_mentions, place, region_for_code, region_names, resolve_region
from tests.support.paths import DOCS


@pytest.mark.parametrize(
    ("candidates", "adcode", "province", "prefecture", "county"),
    [
        (["宣威市人民政府", "宣威市2021年政府信息公开工作自检自查报告"], "530381", "云南省", "曲靖市", "宣威市"),
        (["昭通市人民政府", "昭通市2020年政府信息公开工作年度报告"], "530600", "云南省", "昭通市", None),
        ([" 青 铜 峡 市2020年政府信息公开工作年度报告"], "640381", "宁夏回族自治区", "吴忠市", "青铜峡市"),
        (["石屏县人民政府"], "532525", "云南省", "红河哈尼族彝族自治州", "石屏县"),
        (["淮安市人民政府", "淮安市人民政府2024年政府信息公开工作年度报告"], "320800", "江苏省", "淮安市", None),
        (["洪泽区人民政府", "淮安市洪泽区人民政府办公室"], "320813", "江苏省", "淮安市", "洪泽区"),
        (["2025年上海市人民政府办公厅政府信息公开工作年度报告"], "310000", "上海市", None, None),
        (["上海市浦东新区人民政府"], "310115", "上海市", None, "浦东新区"),
        (["红河州人民政府"], "532500", "云南省", "红河哈尼族彝族自治州", None),
    ],
)
def test_resolves_reporting_body(candidates, adcode, province, prefecture, county) -> None:
    region = resolve_region(candidates, "")
    assert region.status == "resolved"
    assert (region.adcode, region.province, region.prefecture, region.county) == (adcode, province, prefecture, county)
    assert adcode in region.evidence


def test_alias_for_pingtan_zone() -> None:
    """The code tables do not know 平潭综合实验区; the alias table maps it to 平潭县."""
    region = resolve_region(["平潭综合实验区管委会办公室", "平潭综合实验区2012年政府信息公开工作年度报告"], "")
    assert (region.adcode, region.province, region.prefecture, region.county) == ("350128", "福建省", "福州市", "平潭县")
    assert "alias" in region.evidence


def test_other_places_in_the_text_do_not_decide() -> None:
    """A Fujian report citing 《江苏省政府信息公开申请办理答复规范》 is still 平潭."""
    full = "我区参照《江苏省政府信息公开申请办理答复规范》，规范答复。国务院办公厅、自治区政府。"
    region = resolve_region(["平潭综合实验区2020年度政府信息公开工作年度报告"], full)
    assert region.adcode == "350128"


def test_unresolved_when_no_body_is_named() -> None:
    """Seed 003: the table mentions 宣城 and 宁国市 (a pilot) but never says who filled it in."""
    full = ("2020 年政务公开工作自评表\n宁国市做为国家级试点单位，要继续充分发挥示范引领作用。\n"
            "在国务院办公厅、省政府办公厅政务公开工作交流刊物及《宣城政务公开》刊载优秀稿件。")
    region = resolve_region(["2020年政务公开工作自评表"], full)
    assert region.status == "unresolved"
    assert region.adcode is None and region.county is None and region.prefecture is None
    assert "宣城" in region.evidence and "宁国市" in region.evidence


def test_unresolved_when_candidates_disagree() -> None:
    region = resolve_region(["宣威市人民政府", "昭通市人民政府"], "")
    assert region.status == "unresolved" and region.adcode is None
    assert "宣威市" in region.evidence and "昭通市" in region.evidence


def test_candidate_naming_two_places_does_not_decide() -> None:
    region = resolve_region(["江苏省政府与福建省政府联合"], "")
    assert region.status == "unresolved"


def test_homonym_needs_a_parent() -> None:
    alone = resolve_region(["鼓楼区人民政府"], "本区政府信息公开工作。")
    assert alone.status == "unresolved" and "ambiguous" in alone.evidence
    named = resolve_region(["南京市鼓楼区人民政府"], "")
    assert named.adcode == "320106"
    from_text = resolve_region(["鼓楼区人民政府"], "福州市鼓楼区坚持以……")
    assert from_text.adcode == "350102"


@pytest.mark.parametrize(("name", "adcode"), [
    ("淮安经济技术开发区管委会", "320800"),
    ("宣城市经济技术开发区", "341800"),
    ("宁波国家高新区(新材料科技城)管委会办公室", "330200"),  # a city-level zone: the city's code
    ("郯城县郯城经济开发区管委会", "371322"),  # a county's zone: the county's code
    ("重庆高新技术产业开发区管理委员会", "500000"),
])
def test_zone_gets_the_code_of_the_area_named_with_it(name: str, adcode: str) -> None:
    region = resolve_region([name], "")
    assert region.status == "resolved" and region.adcode == adcode
    assert "special zone" in region.evidence and "docs/zones.md" in region.evidence


@pytest.mark.parametrize(("name", "adcode"), [("重庆市两江新区管理委员会", "500000"), ("雄安新区管理委员会", "130000"),
                                              ("平潭综合实验区管委会", "350128")])
def test_zone_in_the_alias_table(name: str, adcode: str) -> None:
    region = resolve_region([name], "")
    assert region.adcode == adcode and "alias" in region.evidence


def test_zone_without_a_place_stays_unresolved() -> None:
    assert resolve_region(["高新区管委会办公室"], "").status == "unresolved"


@pytest.mark.parametrize(("text", "names"), [
    ("地址:安徽省安庆市菱湖北路32号", ["安徽省", "安庆市"]),  # a road named after a province
    ("根据《条例》规定和县政府办公室《关于做好年度报告工作的通知》要求", []),  # 和 + 县政府办公室
    ("依托政府信息县级平台，完成县委交办事项", []),
    ("现公布泾县乡村振兴局2022年政府信息公开工作年度报告", ["泾县"]),
    ("现公布沛县人民政府2020年政府信息公开工作年度报告", ["沛县"]),
    ("2020年沛县政府信息公开工作年度报告", ["沛县"]),
    ("马鞍山市和县人民政府", ["马鞍山市", "和县"]),
])
def test_false_mentions_are_not_places(text: str, names: list[str]) -> None:
    assert [m.text for m in find_mentions(text)] == names


def test_homonym_told_apart_by_a_printed_code() -> None:
    """An organ's credit code (11 + 410402 + …) prints the code of the 新华区 it is registered in."""
    alone = resolve_region(["新华区人民政府办公室"], "")
    assert alone.status == "unresolved" and "ambiguous" in alone.evidence
    hinted = resolve_region(["新华区人民政府办公室"], "", hints=["410402"])
    assert hinted.adcode == "410402"


def test_county_short_names_are_not_matched() -> None:
    """合作 (合作市) and 东方 (东方市) are ordinary words: counties match only by full name."""
    assert find_mentions("加强合作，面向东方") == []
    assert [m.text for m in find_mentions("宁国市和宣城")] == ["宁国市", "宣城"]


def test_region_for_code() -> None:
    assert place("350128").name == "平潭县"
    r = region_for_code("320813", "test")
    assert (r.province, r.prefecture, r.county, r.status) == ("江苏省", "淮安市", "洪泽区", "resolved")
    assert region_for_code("999999").status == "unresolved"


def test_docs_list_every_alias() -> None:
    """docs/zones.md mirrors the alias table (its one home is normalizers/region_zones.py)."""

    from normalizers.regions import ALIASES

    doc = (DOCS / "zones.md").read_text("utf-8")
    for name, alias in ALIASES.items():
        assert f"| {name} | {alias.adcode} |" in doc


def _two_character_counties() -> list[tuple[str, object]]:
    """Every two-character county-level name in the code table ('和县', '沛县', '城区' …) with its places."""
    out = []
    for name in sorted(region_names()):
        if len(name) == 2 and name[-1] in "县区市旗":
            places = [p for m in find_mentions(name) if m.text == name for p in m.places if p.rank == 2]
            if places:
                out.append((name, places))
    return out


TWO_CHARACTER_COUNTIES = _two_character_counties()


def test_there_are_two_character_counties() -> None:
    assert {"和县", "沛县", "泾县", "代县", "城区"} <= {name for name, _ in TWO_CHARACTER_COUNTIES}


@pytest.mark.parametrize(("name", "places"), TWO_CHARACTER_COUNTIES, ids=[n for n, _ in TWO_CHARACTER_COUNTIES])
def test_two_character_county_glued_to_a_word_before_a_generic_organ_is_no_place(name: str, places: list) -> None:
    """A short county name glued to the word before it and followed by a bare 政府办公室 cannot be told
    from the generic 县 / 区 / 市政府办公室 ('…通知》要求和县政府办公室《…》'): no region, for every
    two-character name; the same name after its prefecture (or province) and before 人民政府 is the place."""
    sentence = (f"根据市政府办公室《关于做好政府信息公开年度报告工作的通知》要求{name}政府办公室《关于做好年度报告"
                f"公开工作的通知》要求，现将有关情况报告如下。")
    assert name not in [m.text for m in find_mentions(sentence)]
    assert resolve_region([sentence], sentence).status == "unresolved"
    for p in places:
        parent = place(p.adcode[:4] + "00") or place(p.adcode[:2] + "0000")
        title = f"{parent.name}{name}人民政府2020年政府信息公开工作年度报告"
        assert resolve_region([title], title).adcode == p.adcode, title


@pytest.mark.parametrize("text", [
    "我局根据《关于做好年度报告公开工作的通知》(省政务公开办〔2016〕9号)和县政府办公室《关于做好年度报告的通知》要求",
    "报告初稿由办公室代县政府起草，经县政府常务会议审议",
    "按照省、市和县政府的统一部署，认真做好政府信息公开工作",
    "各乡镇、各部门：和县政府办公室联系的事项",
    "城区政府各部门按照要求公开预算信息",
    "(黔南府办发〔2016〕12号)",
])
def test_a_word_that_looks_like_a_county_is_no_place(text: str) -> None:
    """A conjunction or verb before 县政府 (和/代 + 县政府), a generic 城区政府, a prefecture's abbreviation
    in a document number: none of them names where the body is."""
    assert find_mentions(text) == []
    assert resolve_region([text], text).status == "unresolved"


@pytest.mark.parametrize(("text", "adcode"), [
    ("马鞍山市和县人民政府2020年政府信息公开工作年度报告", "340523"),
    ("安徽省和县政府办公室", "340523"),
    ("和县人民政府办公室", "340523"),
    ("2020年和县政府信息公开工作年度报告", "340523"),
    ("忻州市代县人民政府", "140923"),
    ("请与沛县人民政府办公室联系", "320322"),
])
def test_a_two_character_county_is_a_place_where_the_context_says_so(text: str, adcode: str) -> None:
    assert resolve_region([text], text).adcode == adcode


@pytest.mark.parametrize(("text", "year", "adcode", "county"), [
    ("杭州市临安区2019年政府信息公开工作年度报告", 2019, "330112", "临安区"),  # 临安市 → 临安区 in 2017
    ("临安市人民政府2015年政府信息公开工作年度报告", 2015, "330185", "临安市"),
    ("烟台市蓬莱区人民政府2021年政府信息公开工作年度报告", 2021, "370614", "蓬莱区"),  # 2020
    ("唐山市滦州市2019年政府信息公开工作年度报告", 2019, "130284", "滦州市"),  # 滦县 → 滦州市 in 2018
    ("晋中市太谷区人民政府2020年政府信息公开工作年度报告", 2020, "140703", "太谷区"),
    ("洛阳市孟津区2021年政府信息公开工作年度报告", 2021, "410308", "孟津区"),
    ("济南市莱芜区2020年政府信息公开工作年度报告", 2020, "370116", "莱芜区"),  # 莱芜市 merged into 济南, 2019
    ("济南市钢城区人民政府2022年政府信息公开工作年度报告", 2022, "370117", "钢城区"),
    ("公主岭市人民政府2015年政府信息公开工作年度报告", 2015, "220381", "公主岭市"),  # 四平 until 2019
    ("公主岭市人民政府2021年政府信息公开工作年度报告", 2021, "220184", "公主岭市"),  # 长春 since 2020
    ("公主岭市人民政府政府信息公开工作年度报告", None, "220184", "公主岭市"),  # no year: today's code
    ("洪泽县人民政府2014年政府信息公开工作年度报告", 2014, "320829", "洪泽县"),
    ("洪泽区人民政府2017年政府信息公开工作年度报告", 2017, "320813", "洪泽区"),
])
def test_places_created_or_renamed_after_2016(text: str, year: int | None, adcode: str, county: str) -> None:
    region = resolve_region([text], text, year=year)
    assert (region.adcode, region.county) == (adcode, county), region.evidence


def test_an_abolished_prefecture_keeps_its_code() -> None:
    """莱芜市 (371200) was merged into 济南 in 2019: its 2015 report is 莱芜市, with no code today."""
    text = "莱芜市人民政府2015年政府信息公开工作年度报告"
    region = resolve_region([text], text, year=2015)
    assert (region.adcode, region.prefecture, region.county) == ("371200", "莱芜市", None)
    history = region_history.code_history(region.adcode, 2015)
    assert history.in_year == "371200" and history.current is None and "no successor" in history.note


def test_a_name_means_the_unit_in_force_in_the_report_year() -> None:
    """淮安's 清河区 ended in 2015, 铁岭's goes on: in 2012 the name alone is a homonym, in 2020 it is not."""
    assert resolve_region(["清河区人民政府"], "", year=2012).status == "unresolved"
    assert resolve_region(["淮安市清河区人民政府"], "", year=2012).adcode == "320802"
    assert resolve_region(["清河区人民政府"], "", year=2020).adcode == "211204"
    assert resolve_region(["巢湖市人民政府"], "", year=2010).adcode == "341400"  # a prefecture until 2011
    assert resolve_region(["巢湖市人民政府"], "", year=2015).adcode == "340181"  # then 合肥's county-level city


def test_every_county_of_every_year_resolves_after_its_prefecture() -> None:
    """Each county-level name in force in a table year from 2008 on, printed after its prefecture (or
    province) in a title of that year, resolves to its code of that year."""
    wrong = []
    for year in range(2008, region_history.last_year() + 1):
        for span in region_history.spans():
            if region_history.level(span.code) != 3 or not span.first <= year <= span.last:
                continue
            parent = next(p for p in (place(span.code[:4] + "00"), place(span.code[:2] + "0000")) if p)
            title = f"{parent.name}{span.name}人民政府{year}年政府信息公开工作年度报告"
            region = resolve_region([title], title, year=year)
            if region.adcode != span.code:
                wrong.append((title, span.code, region.adcode))
    assert wrong == []


@pytest.mark.parametrize("text", ["现公布确保定期公开的政府信息公开工作年度报告", "按照规定西区政府信息公开工作", "热烈欢迎来宾客人",
                                  "黄河南岸的治理工作"])
def test_a_short_name_across_a_word_boundary_is_no_place(text: str) -> None:
    """确保定期 is not 保定, 规定西区 not 定西: a short prefecture or province name glued into words on both sides."""
    assert find_mentions(text) == []


@pytest.mark.parametrize(("text", "adcode"), [("河北保定2019年政府信息公开工作年度报告", "130600"),
                                              ("2019年保定政府信息公开工作年度报告", "130600"),
                                              ("甘肃定西人民政府", "621100"), ("江西南昌市政府", "360100")])
def test_a_short_name_is_a_place_where_the_context_says_so(text: str, adcode: str) -> None:
    assert resolve_region([text], text).adcode == adcode
