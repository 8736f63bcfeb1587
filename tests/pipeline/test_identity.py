"""Identity: title, doc_type, year reported on (never the publication date), body, body kind, region,
each with its evidence."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from extractors.document import Document, Paragraph, Provenance
from normalizers.text import normalize_document
from pipeline.identity import IdentityContext, find_year, identify, parse_year
from tests.support.paths import SHARED_CORPUS

CORPUS = SHARED_CORPUS


def make_doc(lines: list[str], title: str | None = None, source: str = "test.txt") -> Document:
    blocks = [Paragraph(line, Provenance(source, element=f"line {i + 1}")) for i, line in enumerate(lines) if line.strip()]
    return normalize_document(Document(source, "", "text", blocks, title=title))


# --- year --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "year"), [("2021", 2021), ("二〇一二", 2012), ("二○一三", 2013), ("二零二零", 2020),
                                            ("1850", None), ("abcd", None)])
def test_parse_year(text: str, year: int | None) -> None:
    assert parse_year(text) == year


def test_year_from_title() -> None:
    meta = identify(make_doc(["石屏县2021年政府信息公开工作年度报告", "发布时间: 2022-02-15 17:28",
                              "2021年,我县认真落实……"]))
    assert meta.year == 2021 and "2021年政府信息公开" in meta.year_evidence


def test_year_from_title_in_chinese_numerals() -> None:
    meta = identify(make_doc(["二〇二〇年石屏县政府信息公开工作年度报告", "平潭综合实验区管委会办公室 二○二一年一月"]))
    assert meta.year == 2020


def test_publication_date_is_ignored() -> None:
    """Published 2022 for the year 2021: the year comes from the opening sentence."""
    meta = identify(make_doc(["发布时间：2022年2月15日", "发布日期：2022年2月15日", "石屏县政府信息公开工作年度报告",
                              "一、总体情况", "2021年，我县认真落实省、州决策部署。", "石屏县人民政府办公室",
                              "2022年1月25日"]))
    assert meta.year == 2021
    assert meta.year_evidence.startswith("2021年，")


def test_no_year_when_only_the_publication_date_is_printed() -> None:
    meta = identify(make_doc(["发布时间：2022年2月15日", "石屏县政府信息公开工作年度报告", "我县认真落实省、州决策部署。",
                              "石屏县人民政府办公室", "2022年1月25日"]))
    assert meta.year is None and meta.year_evidence is None


def test_year_from_statistics_period() -> None:
    ev = find_year("淮安市人民政府政府信息公开工作年度报告", ["报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。"])
    assert ev.value == 2024 and ev.source == "stat_period" and "统计期限" in ev.snippet


def test_year_from_statistics_period_without_second_year() -> None:
    assert find_year(None, ["本年度报告中所列数据统计期限为 2025", "年 1 月 1 日至 12 月 31 日。"]).value == 2025


def test_year_from_report_phrase() -> None:
    ev = find_year(None, ["现将2019年度政府信息公开工作情况报告如下："])
    assert ev.value == 2019 and "2019年度" in ev.snippet


# --- title, type, body -----------------------------------------------------------------------


def test_title_joined_across_lines_and_menu_items_skipped() -> None:
    meta = identify(make_doc(["热搜词:王予波政府工作报告", "政府信息", "公开年报", "昭通市",
                              "2020年政府信息公开工作年度报告", "来源:昭通市人民政府 2021-03-15 17:25:46"]))
    assert meta.title == "昭通市2020年政府信息公开工作年度报告"
    assert meta.doc_type == "annual_report" and meta.year == 2020
    assert meta.body == "昭通市人民政府" and meta.region.adcode == "530600"


def test_title_from_document_title() -> None:
    meta = identify(make_doc(["正文……"], title="平潭综合实验区2019年度政府信息公开工作年度报告"))
    assert meta.title == "平潭综合实验区2019年度政府信息公开工作年度报告"
    assert meta.year == 2019 and meta.body == "平潭综合实验区" and meta.region.adcode == "350128"


def test_page_title_site_suffix_dropped() -> None:
    meta = identify(make_doc(["正文……"], title="首页 - 石屏县2021年政府信息公开工作年度报告_红河州人民政府"))
    assert meta.title == "石屏县2021年政府信息公开工作年度报告"
    assert meta.body == "石屏县人民政府" and meta.region.adcode == "532525"


@pytest.mark.parametrize(("lines", "doc_type"), [
    (["宣威市2021年", "政府信息公开工作自检自查报告", "附件1", "2020年政府信息公开考核实施细则（15分）",
      "\t指标名称", "\t自评分", "\t1.更新指南", "\t0.5分", "\t总分", "\t15分"], "self_inspection"),
    (["2020 年政务公开工作自评表", "工作任务\t具体要求\t自评分", "（一）加强公开（3%）\t更新\t2"], "self_evaluation"),
    (["某县2020年政府信息公开考核评分表"], "self_evaluation"),
    (["青铜峡市", "2020年政府信息公开工作年度报告"], "annual_report"),
    (["关于做好2021年春节期间值班工作的通知", "各乡镇人民政府："], "other"),
])
def test_doc_type(lines: list[str], doc_type: str) -> None:
    assert identify(make_doc(lines)).doc_type == doc_type


def test_body_from_office_signature_is_the_government() -> None:
    meta = identify(make_doc(["石屏县2021年政府信息公开工作年度报告", "一、总体情况", "2021年,我县……",
                              "石屏县人民政府办公室", "2022年1月25日"]))
    assert meta.body == "石屏县人民政府" and meta.region.adcode == "532525"


def test_body_named_in_title_keeps_the_office() -> None:
    meta = identify(make_doc(["2025 年上海市人民政府办公厅政府信息公开", "工作年度报告"]))
    assert meta.body == "上海市人民政府办公厅" and meta.region.adcode == "310000" and meta.year == 2025


def test_body_from_compiler_sentence() -> None:
    meta = identify(make_doc(["政府信息公开工作年度报告", "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》规定编制。"]))
    assert meta.body == "淮安市人民政府" and meta.region.adcode == "320800"


def test_no_body_no_region_for_an_anonymous_table() -> None:
    meta = identify(make_doc(["## 2020 年政务公开工作自评表", "工作任务\t具体要求\t自评分",
                              "（四）推进示范创新（4%）\t宁国市做为国家级试点单位……\t4",
                              "\t\t在《宣城政务公开》刊载优秀稿件。\t", "总分\t\t99"]))
    assert meta.body is None
    assert meta.region.status == "unresolved" and meta.region.adcode is None
    assert "宁国市" in meta.region.evidence and "宣城" in meta.region.evidence


# --- the shared corpus -------------------------------------------------------------------------

BODIES = {
    "000_cfbbffd3a63f70f8.txt": "宣威市人民政府",
    "001_a76db0a735cfa73f.txt": "昭通市人民政府",
    "002_107764086d5c2c3a.txt": "青铜峡市人民政府",
    "003_dfa60679f18c06ee.txt": None,
    "004_4d6579d61e9563d3.txt": "石屏县人民政府",
    "hongze_2023.pdf": "洪泽区人民政府",
    "huaian_2024.pdf": "淮安市人民政府",
    "pingtan_2012.txt": "平潭综合实验区管委会",  # compiled and signed by its 办公室
    "pingtan_2019.txt": "平潭综合实验区",
    "pingtan_2020.txt": "平潭综合实验区",
    "shanghai_office_2025.md": "上海市人民政府办公厅",
}


def _corpus_path(name: str) -> Path:
    return CORPUS / ("seeds" if name[:3].isdigit() else "real") / name


def _truth(name: str) -> dict:
    path = _corpus_path(name)
    if name[:3].isdigit():
        path = CORPUS / "truth" / "seeds" / (path.stem + ".truth.json")
    else:
        path = path.with_name(path.stem + ".truth.json")
    return json.loads(path.read_text("utf-8"))


@cache
def corpus_doc(name: str) -> Document:
    """Text files as one Paragraph per line; PDFs as pdfplumber page text, one Paragraph per line."""
    path = _corpus_path(name)
    blocks: list[Paragraph] = []
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            for n, page in enumerate(pdf.pages, 1):
                for i, line in enumerate((page.extract_text() or "").split("\n")):
                    if line.strip():
                        blocks.append(Paragraph(line, Provenance(name, page=n, element=f"line {i + 1}")))
    else:
        for i, line in enumerate(path.read_text("utf-8").split("\n")):
            if line.strip():
                blocks.append(Paragraph(line, Provenance(name, element=f"line {i + 1}")))
    fmt = "pdf" if path.suffix == ".pdf" else "markdown" if path.suffix == ".md" else "text"
    return normalize_document(Document(name, "", fmt, blocks))


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize("name", sorted(BODIES))
def test_corpus_metadata(name: str) -> None:
    truth = _truth(name)
    meta = identify(corpus_doc(name))
    assert meta.doc_type == truth["doc_type"]
    assert meta.year == truth["year"]
    assert meta.year_evidence and str(truth["year"]) in meta.year_evidence
    assert "发布时间" not in meta.year_evidence
    assert meta.region is not None
    assert meta.region.adcode == truth["adcode"], meta.region.evidence
    assert meta.region.status == ("resolved" if truth["adcode"] else "unresolved")
    assert meta.body == BODIES[name]
    if truth["unit"] is not None:
        assert truth["unit"].startswith(meta.body)
    else:
        assert "宣城" in meta.region.evidence and "宁国市" in meta.region.evidence


# --- identity: every cue, with evidence ----------------------------------------------------------


def test_year_from_the_opening_sentence_without_a_title() -> None:
    meta = identify(make_doc(["根据《中华人民共和国政府信息公开条例》规定，现公布芜湖市公安局2023年政府信息公开工作年度报告。",
                              "一、总体情况"]))
    assert meta.year == 2023 and meta.evidence["year"].source == "opening"
    assert meta.body == "芜湖市公安局" and meta.body_kind == "department"
    assert meta.region.adcode == "340200" and meta.evidence["region"].source == "opening"


def test_year_from_a_report_sentence_naming_the_year_first() -> None:
    meta = identify(make_doc(["根据省、市政府信息公开工作要求，现将2013年我区信息公开情况报告如下：", "一、概述"]))
    assert meta.year == 2013


def test_year_from_a_title_with_a_space_inside() -> None:
    meta = identify(make_doc(["泾县乡村振兴局", "2019年 政府信息公开工作年度报告", "一、总体情况"]))
    assert meta.year == 2019 and meta.evidence["year"].source == "title"
    assert meta.region.adcode == "341823"


def test_year_from_a_clause_when_nothing_else_names_it() -> None:
    meta = identify(make_doc(["依据《政府信息公开条例》第五十条规定，编制本报告。", "一、总体情况",
                              "2025年城关街道积极推动街道政府信息公开工作，努力保障公众的知情权。"]))
    assert meta.year == 2025 and meta.evidence["year"].source == "clause"
    assert meta.region.adcode is None  # a 街道 alone names no county


def test_year_from_the_notice_the_report_answers() -> None:
    ev = find_year(None, ["根据县政府办公室《关于做好2018年度政府信息公开年度报告编制发布工作的通知》要求，特编制本报告。"])
    assert ev.value == 2018 and ev.source == "notice"


def test_the_year_reported_on_wins_and_the_other_year_is_named() -> None:
    meta = identify(make_doc(["泾县2020年政府信息公开工作年度报告", "本报告中所列数据统计期限为2019年1月1日至12月31日。",
                              "泾县人民政府", "2021年1月20日"]))
    assert meta.year == 2020
    assert "also names 2019 (stat_period)" in meta.year_evidence


def test_year_from_the_file_name_only_when_the_text_names_none() -> None:
    doc = make_doc(["一、总体情况", "我局认真贯彻落实条例。"])
    meta = identify(doc, IdentityContext(file_name="某局2021年度政府信息公开工作年度报告.pdf"))
    assert meta.year == 2021 and meta.evidence["year"].source == "file_name"
    assert meta.evidence["year"].confidence < 0.5


@pytest.mark.parametrize(("lines", "doc_type"), [
    # untitled real reports: the standard headings and phrases make them annual reports
    (["一、 总体情况", "2021年，泾县公安局认真贯彻落实《中华人民共和国政府信息公开条例》。",
      "(一)主动公开情况。通过门户网站发布各类政府信息47条。", "(二)依申请公开情况。2021年未受理依申请公开事项。"],
     "annual_report"),
    (["二、主动公开政府信息的情况", "各政府机关按照《条例》规定，主动公开政府信息。"], "annual_report"),
    # a report that mentions the 考核 rules in its prose is still a report
    (["本年报根据《条例》编制。", "一、总体情况", "2019年，泾县人民政府办公室政务公开工作取得新成效。",
      "(三)强化考核监督。印发《2019年度政务公开工作考核实施细则》，引入第三方测评机构。"], "annual_report"),
    (["芜湖市政务公开第三方评估报告(2018)", "一、评估对象、指标及方法"], "other"),
    (["泾县人民政府办公室关于2011年度政府信息公开工作绩效考核情况通报", "各乡镇人民政府："], "other"),
    (["政府信息公开工作自查报告(三篇)第一篇范文:政府信息公开工作自查报告泾县政府信息公开工作坚持以党的十七大精神为指导"],
     "self_inspection"),
])
def test_doc_type_by_title_and_content(lines: list[str], doc_type: str) -> None:
    meta = identify(make_doc(lines))
    assert meta.doc_type == doc_type
    assert meta.evidence["doc_type"].value == doc_type


def test_evaluation_report_year_in_brackets() -> None:
    meta = identify(make_doc(["芜湖市政务公开第三方评估报告(2018)", "2018年12月，受委托开展评估。"]))
    assert meta.year == 2018 and meta.region.adcode == "340200"


@pytest.mark.parametrize(("lines", "body", "kind", "adcode"), [
    (["本报告依据《条例》要求，结合2021年芜湖市公安局政府信息公开工作编制而成。"], "芜湖市公安局", "department", "340200"),
    (["如对本报告有任何疑问，请与铜陵市财政局办公室联系(地址:安徽省铜陵市长江西路8号，邮编:244000)。"],
     "铜陵市财政局", "department", "340700"),
    (["现公开咸阳市秦都区人民政府办公室2025年政府信息公开工作年度报告。"], "咸阳市秦都区人民政府办公室", "office", "610402"),
    (["我街道未对任何公民收取费用。", "磐石市人民政府明城街道办事处", "2013年3月7日"], "磐石市人民政府明城街道办事处", "street",
     "220284"),
    (["根据《条例》，特向社会公布2019年度青山镇政府(机关)信息公开年度报告。电子版可在“泾县政府网”下载。"], "青山镇政府",
     "township", "341823"),
    (["2019年，绍兴国家高新区(科技城)管委会办公室政务公开工作取得新成效。"], "绍兴国家高新区管委会", "zone",
     "330600"),
])
def test_body_kind_and_region_from_every_cue(lines: list[str], body: str, kind: str, adcode: str) -> None:
    meta = identify(make_doc(lines))
    assert (meta.body, meta.body_kind, meta.region.adcode) == (body, kind, adcode), meta.region.evidence
    assert meta.evidence["region"].value == adcode and 0 < meta.evidence["region"].confidence <= 1


def test_national_body_has_no_region() -> None:
    meta = identify(make_doc([("特向社会公布2017年国家统计局政府信息公开年度报告。如有疑问，请与统计局办公室联系"
                               "(地址:北京市西城区月坛南街57号)。")]))
    assert meta.body == "国家统计局" and meta.region.adcode is None and "national" in meta.region.evidence


def test_place_the_text_calls_itself() -> None:
    """Only a book title names the bureau in full, and the text calls it 市教育局: that is the body."""
    meta = identify(make_doc(["一、总体情况", "(一)加强组织领导。市教育局高度重视信息公开工作。",
                              "(二)健全工作制度。建立了《安顺市教育局网上信息公开审查制度》。"]))
    assert meta.region.adcode == "520400" and meta.evidence["region"].source == "self_reference"


def test_region_from_an_index_number_when_no_place_is_named() -> None:
    doc = make_doc(["城北街道2025年政府信息公开工作年度报告", "索引号:620702081/2026-00007", "一、总体情况"])
    meta = identify(doc)
    assert meta.region.adcode == "620702" and meta.evidence["region"].source == "index_number"


def test_context_fills_the_region_only_when_the_text_names_no_place() -> None:
    anonymous = make_doc(["一、总体情况", "我局严格按照《政府信息公开条例》要求开展工作。"])
    meta = identify(anonymous, IdentityContext(site_region_code="440307", source_url="https://www.lg.gov.cn/x.html"))
    assert meta.region.adcode == "440307"
    assert meta.evidence["region"].source == "site" and meta.evidence["region"].confidence < 0.5
    assert "context" in meta.region.evidence
    named = make_doc(["泾县2020年政府信息公开工作年度报告"])
    assert identify(named, IdentityContext(site_region_code="440307")).region.adcode == "341823"
    assert identify(anonymous).region.adcode is None


def test_site_code_tells_a_homonym_apart() -> None:
    doc = make_doc(["如对本报告有任何疑问，请与新华区人民政府办公室联系。"])
    assert identify(doc).region.adcode is None
    meta = identify(doc, IdentityContext(site_region_code="410400"))
    assert meta.region.adcode == "410402" and meta.evidence["region"].source == "site"


def test_false_mentions_do_not_place_the_body() -> None:
    meta = identify(make_doc([("根据《条例》规定和县政府办公室《关于做好2018年度政府信息公开年度报告编制发布工作的通知》要求，"
                               "特编制高科技电子产业园2018年度政府信息公开工作年度报告。")]))
    assert meta.region.adcode is None and meta.year == 2018


# --- the wild pages (../shared/corpus/wild): read from the shared corpus, never copied ------------

WILD = CORPUS / "wild"


def _wild_docs() -> list[str]:
    return sorted(p.name for p in (WILD / "docs").glob("*.txt")) if WILD.is_dir() else []


@pytest.mark.corpus
@pytest.mark.skipif(not WILD.is_dir(), reason=f"wild corpus not found at {WILD}")
@pytest.mark.parametrize("name", _wild_docs())
def test_wild_identity(name: str) -> None:
    """Year and doc type right on every page; the region code right where the text names the place
    and absent where it does not (or the body is national); every field with evidence."""
    from extractors.registry import read_document

    path = WILD / "docs" / name
    truth = json.loads((WILD / "truth" / (path.stem + ".truth.json")).read_text("utf-8"))
    meta = identify(normalize_document(read_document(path.read_bytes(), str(path))))
    assert meta.year == truth["year"], meta.evidence.get("year")
    assert meta.doc_type == truth["doc_type"], meta.evidence["doc_type"]
    want = truth["adcode_from_text"]
    got = meta.region.adcode
    assert got == want or (want is not None and got == truth["adcode"]), meta.region.evidence
    if got is not None:
        assert meta.evidence["region"].value == got and meta.evidence["region"].snippet


# --- held-out shapes: general causes, in sentences written here ---------------------------------


def test_a_county_government_named_generically_places_no_department() -> None:
    """A department calls itself 我局 and cites its province's notice by number and 县政府办公室's notice:
    和 + 县政府办公室 is no 和县, and the province abbreviation in a document number names no place."""
    meta = identify(make_doc([
        "2016年政府信息公开工作年度报告",
        ("我局根据《中华人民共和国政府信息公开条例》、《关于做好政府信息公开年度报告编制工作的通知》"
         "(琼府办〔2017〕8号)和县政府办公室《关于做好2016年度政府信息公开年度报告的通知》要求，现将2016年度"
         "信息公开工作情况总结如下："),
        "一、加强组织领导", "2016年度主动公开政府信息48条。"]))
    assert meta.region.adcode is None and meta.evidence["region"].value is None, meta.region.evidence
    assert meta.year == 2016 and meta.doc_type == "annual_report"


def test_a_department_named_by_another_body_is_not_itself() -> None:
    """泾县财政局 is the sender of a notice, named once: the text never calls the body 县财政局."""
    meta = identify(make_doc(["一、总体情况",
                              "我局按照泾县财政局《关于做好预算公开工作的通知》要求，及时公开部门预算和决算。",
                              "二、主动公开政府信息情况", "2019年，我局主动公开政府信息31条。"]))
    assert meta.region.adcode is None, meta.region.evidence


@pytest.mark.parametrize(("lines", "year"), [
    ([("根据《中华人民共和国政府信息公开条例》(以下简称《条例》)的规定，现公布泾县人民政府办公室(以下简称县政府办公室)"
       "2016年政府信息公开工作年度报告。本报告由综述、主动公开政府信息情况、存在问题及改进措施组成。"),
      "一、综述", "2016年，县政府办公室认真做好自身政府信息公开工作。"], 2016),
    (["索引号 | 014416330/2018-00012 | 分类 | 综合政务 |", "发布机构 | 市政府办 | 发文日期 | 2018-02-28 |",
      ("根据《中华人民共和国政府信息公开条例》规定，现公布淮安市人民政府2017年政府信息公开工作年度报告。报告所列数据的"
       "统计期限自2017年1月1日起至12月31日止。"), "一、主要工作概述", "(一)深化政策解读。"], 2017),
    (["按照《条例》要求，特向社会公布2018年度本级政府信息公开年度报告，如下：", "一、概述"], 2018),
    (["根据《条例》和《江苏省政府信息公开办法》有关规定，特编制2017年桃园镇信息公开工作年度报告，并向社会公布。",
      "2017年，桃园镇政府高度重视政府信息公开工作。"], 2017),
    (["依据《条例》规定，特向社会公开2018年度官庄镇政府信息公开年度报告。", "我镇主动公开政府信息22条。"], 2018),
])
def test_the_opening_sentence_makes_an_untitled_page_an_annual_report(lines: list[str], year: int) -> None:
    meta = identify(make_doc(lines))
    assert meta.doc_type == "annual_report" and meta.evidence["doc_type"].source == "opening"
    assert meta.year == year


@pytest.mark.parametrize("lines", [
    ["各乡镇人民政府，县直各单位：", "现将《关于做好2016年度政府信息公开工作年度报告的通知》转发给你们，请认真贯彻执行。"],
    ["各乡镇人民政府，县直各单位：", "现将2016年度政府信息公开工作年度报告编制有关事项通知如下："],
    ["现公布2017年度政府信息公开工作年度报告第三方评估结果。"],
])
def test_a_notice_about_annual_reports_is_not_one(lines: list[str]) -> None:
    assert identify(make_doc(lines)).doc_type == "other"


@pytest.mark.parametrize(("lines", "body", "kind", "adcode"), [
    (["2016年桃花潭镇政府信息公开年度报告",
      "泾县桃花潭镇人民政府2016年政府信息公开年度报告 本年报按照《条例》要求，特向社会公布2016年度本级政府信息公开年度报告。",
      "一、概述", "2016年以来，我镇积极贯彻执行《条例》。", "宣城市泾县桃花潭镇人民政府 |"],
     "桃花潭镇", "township", "341823"),
    (["2020年明城街道政府信息公开工作年度报告", "一、总体情况", "2020年，磐石市人民政府明城街道办事处认真贯彻《条例》。"],
     "明城街道", "street", "220284"),
])
def test_a_township_named_with_its_county_gets_the_county(lines: list[str], body: str, kind: str, adcode: str) -> None:
    meta = identify(make_doc(lines))
    assert (meta.body, meta.body_kind, meta.region.adcode) == (body, kind, adcode), meta.region.evidence
    assert meta.evidence["region"].value == adcode


@pytest.mark.parametrize("lines", [
    ["2016年桃花潭镇政府信息公开年度报告", "一、概述", "2016年以来，我镇积极贯彻执行《条例》。"],
    # the county is named, but not with the township: it is the sender of a notice
    ["2016年桃花潭镇政府信息公开年度报告", "一、概述", "我镇按照泾县人民政府办公室的通知要求，积极贯彻执行《条例》。"],
    # two counties before the same township name: no telling which
    ["2016年城关镇政府信息公开年度报告", "一、概述", "我镇学习了泾县城关镇和沛县城关镇公开栏建设的经验。"],
])
def test_a_township_named_alone_stays_unresolved(lines: list[str]) -> None:
    assert identify(make_doc(lines)).region.adcode is None


def test_the_province_the_text_calls_itself_does_not_win_over_the_named_county() -> None:
    """'我省' after a provincial regulation and '县财政局' after 泾县财政局: the body is the county's bureau."""
    meta = identify(make_doc(["一、概述", "2016年，按照《安徽省政府信息公开办法》和我省统一部署，泾县财政局认真开展信息公开工作。",
                              "二、主动公开情况", "县财政局全年主动公开政府信息20条。"]))
    assert meta.region.adcode == "341823", meta.region.evidence
