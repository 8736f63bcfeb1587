"""Metadata: title, doc_type, year reported on (never the publication date), body, region."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from normalizers.text import normalize_document
from pipeline.document import Document, Paragraph, Provenance
from pipeline.metadata import describe, find_year, parse_year

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def make_doc(lines: list[str], title: str | None = None, source: str = "test.txt") -> Document:
    blocks = [Paragraph(line, Provenance(source, element=f"line {i + 1}")) for i, line in enumerate(lines) if line.strip()]
    return normalize_document(Document(source, "", "text", blocks, title=title))


# --- year --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "year"), [("2021", 2021), ("二〇一二", 2012), ("二○一三", 2013), ("二零二零", 2020),
                                            ("1850", None), ("abcd", None)])
def test_parse_year(text: str, year: int | None) -> None:
    assert parse_year(text) == year


def test_year_from_title() -> None:
    meta = describe(make_doc(["石屏县2021年政府信息公开工作年度报告", "发布时间: 2022-02-15 17:28",
                              "2021年,我县认真落实……"]))
    assert meta.year == 2021 and "2021年政府信息公开" in meta.year_evidence


def test_year_from_title_in_chinese_numerals() -> None:
    meta = describe(make_doc(["二〇二〇年石屏县政府信息公开工作年度报告", "平潭综合实验区管委会办公室 二○二一年一月"]))
    assert meta.year == 2020


def test_publication_date_is_ignored() -> None:
    """Published 2022 for the year 2021: the year comes from the opening sentence."""
    meta = describe(make_doc(["发布时间：2022年2月15日", "发布日期：2022年2月15日", "石屏县政府信息公开工作年度报告",
                              "一、总体情况", "2021年，我县认真落实省、州决策部署。", "石屏县人民政府办公室",
                              "2022年1月25日"]))
    assert meta.year == 2021
    assert meta.year_evidence.startswith("2021年，")


def test_no_year_when_only_the_publication_date_is_printed() -> None:
    meta = describe(make_doc(["发布时间：2022年2月15日", "石屏县政府信息公开工作年度报告", "我县认真落实省、州决策部署。",
                              "石屏县人民政府办公室", "2022年1月25日"]))
    assert meta.year is None and meta.year_evidence is None


def test_year_from_statistics_period() -> None:
    year, evidence = find_year("淮安市人民政府政府信息公开工作年度报告",
                               ["报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。"])
    assert year == 2024 and "统计期限" in evidence


def test_year_from_statistics_period_without_second_year() -> None:
    year, _ = find_year(None, ["本年度报告中所列数据统计期限为 2025", "年 1 月 1 日至 12 月 31 日。"])
    assert year == 2025


def test_year_from_report_phrase() -> None:
    year, evidence = find_year(None, ["现将2019年度政府信息公开工作情况报告如下："])
    assert year == 2019 and "2019年度" in evidence


# --- title, type, body -----------------------------------------------------------------------


def test_title_joined_across_lines_and_menu_items_skipped() -> None:
    meta = describe(make_doc(["热搜词:王予波政府工作报告", "政府信息", "公开年报", "昭通市",
                              "2020年政府信息公开工作年度报告", "来源:昭通市人民政府 2021-03-15 17:25:46"]))
    assert meta.title == "昭通市2020年政府信息公开工作年度报告"
    assert meta.doc_type == "annual_report" and meta.year == 2020
    assert meta.body == "昭通市人民政府" and meta.region.adcode == "530600"


def test_title_from_document_title() -> None:
    meta = describe(make_doc(["正文……"], title="平潭综合实验区2019年度政府信息公开工作年度报告"))
    assert meta.title == "平潭综合实验区2019年度政府信息公开工作年度报告"
    assert meta.year == 2019 and meta.body == "平潭综合实验区" and meta.region.adcode == "350128"


def test_page_title_site_suffix_dropped() -> None:
    meta = describe(make_doc(["正文……"], title="首页 - 石屏县2021年政府信息公开工作年度报告_红河州人民政府"))
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
    assert describe(make_doc(lines)).doc_type == doc_type


def test_body_from_office_signature_is_the_government() -> None:
    meta = describe(make_doc(["石屏县2021年政府信息公开工作年度报告", "一、总体情况", "2021年,我县……",
                              "石屏县人民政府办公室", "2022年1月25日"]))
    assert meta.body == "石屏县人民政府" and meta.region.adcode == "532525"


def test_body_named_in_title_keeps_the_office() -> None:
    meta = describe(make_doc(["2025 年上海市人民政府办公厅政府信息公开", "工作年度报告"]))
    assert meta.body == "上海市人民政府办公厅" and meta.region.adcode == "310000" and meta.year == 2025


def test_body_from_compiler_sentence() -> None:
    meta = describe(make_doc(["政府信息公开工作年度报告", "本报告由淮安市人民政府办公室根据《中华人民共和国政府信息公开条例》规定编制。"]))
    assert meta.body == "淮安市人民政府" and meta.region.adcode == "320800"


def test_no_body_no_region_for_an_anonymous_table() -> None:
    meta = describe(make_doc(["## 2020 年政务公开工作自评表", "工作任务\t具体要求\t自评分",
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
    meta = describe(corpus_doc(name))
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
