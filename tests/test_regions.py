"""Region resolution: cpca's code table, the alias table, homonyms, special zones, refusals."""

from __future__ import annotations

import pytest

from normalizers.regions import find_mentions, place, region_for_code, region_names, resolve_region


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
    """cpca does not know 平潭综合实验区; the alias table maps it to 平潭县."""
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
    """docs/zones.md mirrors the alias table (its one home is normalizers/regions.py)."""
    from pathlib import Path

    from normalizers.regions import ALIASES

    doc = (Path(__file__).resolve().parents[1] / "docs" / "zones.md").read_text("utf-8")
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
