"""Self-evaluation score tables read as printed: items, sections, weights, scores, printed total."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from extractors.document import Block, Document, Paragraph, Provenance, Table, table_from_texts
from normalizers.text import normalize_document
from pipeline.score_tables import find_score_tables
from tests.support.paths import SHARED_CORPUS

CORPUS = SHARED_CORPUS
SEEDS = {"000": "000_cfbbffd3a63f70f8", "003": "003_dfa60679f18c06ee"}


def paragraphs_doc(text: str, strip: bool = False) -> Document:
    """One Paragraph per non-blank line; `strip` drops the leading tabs (and the cell structure)."""
    blocks: list[Block] = [Paragraph(line.strip() if strip else line, Provenance("t", element=f"line {i + 1}"))
                           for i, line in enumerate(text.split("\n")) if line.strip()]
    return normalize_document(Document("t", "", "text", blocks))


def tables_doc(text: str) -> Document:
    """Table blocks as a text extractor would make them: tab-separated lines are rows; runs of
    tab-led lines are cells of one row until a blank line (untabbed lines continue the cell)."""
    blocks: list[Block] = []
    rows: list[list[str | None]] = []
    row: list[str | None] = []

    def flush_table() -> None:
        nonlocal rows, row
        if row:
            rows.append(row)
        if rows:
            blocks.append(table_from_texts(rows, Provenance("t", element=f"table {len(blocks)}")))
        rows, row = [], []

    for i, line in enumerate(text.split("\n")):
        parts = line.split("\t")
        if len(parts) >= 3 or (len(parts) == 2 and parts[0].strip()):
            if row:
                rows.append(row)
                row = []
            rows.append([p.replace("<p>", "").replace("</p>", "\n").strip() for p in parts])
        elif line.startswith("\t"):
            row.append(line.strip())
        elif not line.strip():
            if row:
                rows.append(row)
                row = []
        elif row:
            row[-1] = f"{row[-1]}\n{line.strip()}"
        else:
            flush_table()
            blocks.append(Paragraph(line.strip(), Provenance("t", element=f"line {i + 1}")))
    flush_table()
    return normalize_document(Document("t", "", "text", blocks))


def _seed(key: str) -> tuple[str, dict]:
    name = SEEDS[key]
    text = (CORPUS / "seeds" / f"{name}.txt").read_text("utf-8")
    truth = json.loads((CORPUS / "truth" / "seeds" / f"{name}.truth.json").read_text("utf-8"))
    return text, truth["self_evaluation"]


LAYOUTS = {
    "paragraph_lines": lambda text: paragraphs_doc(text),
    "stripped_lines": lambda text: paragraphs_doc(text, strip=True),
    "table_blocks": tables_doc,
}


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
@pytest.mark.parametrize("layout", sorted(LAYOUTS))
@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_seed_score_tables(seed: str, layout: str) -> None:
    text, truth = _seed(seed)
    tables = find_score_tables(LAYOUTS[layout](text))
    assert len(tables) == 1
    table = tables[0]
    assert [i.score.json_number() for i in table.items] == truth["item_scores"]
    assert table.printed_total is not None and table.printed_total.json_number() == truth["printed_total"]
    assert table.sum_of_items == Decimal(str(truth["sum_of_items"]))
    assert table.year == truth["year"]
    assert all(i.item and i.section for i in table.items)


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_seed_000_items_sections_and_raw_scores() -> None:
    text, _ = _seed("000")
    table = find_score_tables(paragraphs_doc(text))[0]
    first = table.items[0]
    assert first.section == "政府信息公开（7分）"
    assert first.item.startswith("1.按照《中华人民共和国政府信息公开条例》")
    assert (first.score.raw, first.score.unit, first.score.number) == ("0.5分", "分", Decimal("0.5"))
    assert first.weight is None
    assert [i.section for i in table.items].count("政策解读回应（4分）") == 4
    assert table.items[-1].item.startswith("6.发布涉民族宗教相关信息")
    assert table.printed_total.raw == "15分"
    assert table.sum_of_items == 15  # 15 printed, 15 summed: no disagreement here


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_seed_003_sections_weights_and_total_mismatch_kept() -> None:
    text, truth = _seed("003")
    table = find_score_tables(paragraphs_doc(text))[0]
    sections = list(dict.fromkeys(i.section for i in table.items))
    assert [s[0] for s in sections] == list("一二三四五六七八")
    assert sections[4].startswith("五、围绕打好三大攻坚战") and sections[4].endswith("域信息公开（10%）")
    first = table.items[0]
    assert first.item == "（一）加强权力配置信息公开。（3%）"
    assert (first.weight.number, first.weight.unit) == (Decimal(3), "%")
    assert table.items[14].item.startswith("（二）财政、重点民生")  # item and requirement shared one cell
    assert table.items[14].item.endswith("（4%）")
    assert table.printed_total.json_number() == 99 and table.sum_of_items == 96  # as printed, not repaired
    assert len(table.items) == len(truth["item_scores"]) == 31


@pytest.mark.corpus
@pytest.mark.skipif(not CORPUS.is_dir(), reason=f"shared corpus not found at {CORPUS}")
def test_annual_report_has_no_score_table() -> None:
    text = (CORPUS / "seeds" / "002_107764086d5c2c3a.txt").read_text("utf-8")
    assert find_score_tables(paragraphs_doc(text)) == []
    assert find_score_tables(tables_doc(text)) == []


def test_table_with_weight_column_blank_score_and_total() -> None:
    heading = Paragraph("2022年度政务公开工作考核评分表", Provenance("t", element="line 1"))
    table = table_from_texts([
        ["序号", "考核内容", "分值", "自评分", "备注"],
        ["一、公开平台", None, None, None, None],
        ["1", "政府网站正常运行", "5", "4.5", ""],
        ["2", "政务新媒体", "3", "", "未自评"],
        ["3", "依申请公开办理", "2分", "2分", ""],
        ["合计", "", "10", "6.5", ""],
    ], Provenance("t", element="table 1"))
    doc = Document("t", "", "docx", [heading, table])
    [st] = find_score_tables(doc)
    assert st.year == 2022
    assert [(i.item, i.score.json_number(), i.weight.json_number()) for i in st.items] == [
        ("政府网站正常运行", 4.5, 5), ("依申请公开办理", 2, 2)]
    assert all(i.section == "一、公开平台" for i in st.items)
    assert st.items[0].provenance.row == 2 and st.items[0].provenance.col == 3
    assert st.printed_total.json_number() == 10  # the first number after 合计, as printed


def test_stream_cells_inline_total_and_filled_in_year() -> None:
    lines = ["填报单位：某县人民政府  填报时间：2021年1月5日", "指标名称", "考核指标", "自评分",
             "政务公开（2分）", "1.公开指南", "1分", "2.公开目录", "0.5分", "总分：1.5分", "某县人民政府"]
    [st] = find_score_tables(paragraphs_doc("\n".join(lines)))
    assert st.year == 2021  # only the 填报时间 names a year
    assert [i.score.json_number() for i in st.items] == [1, 0.5]
    assert st.items[1].section == "政务公开（2分）"
    assert st.printed_total.json_number() == 1.5


def test_no_header_no_table() -> None:
    doc = paragraphs_doc("一、总体情况\n\t规章\n\t0\n\t0\n\t5\n总分\n15")
    assert find_score_tables(doc) == []


def test_tables_carry_state_across_page_blocks() -> None:
    p1 = table_from_texts([["指标", "评分标准", "自评分"], ["1.公开指南", "未更新扣1分", "1"]], Provenance("t", page=1))
    p2 = table_from_texts([["2.公开目录", "未更新扣1分", "0"], ["总分", None, "1"]], Provenance("t", page=2))
    [st] = find_score_tables(Document("t", "", "pdf", [p1, p2]))
    assert [i.score.json_number() for i in st.items] == [1, 0]
    assert st.items[1].provenance.page == 2
    assert isinstance(p1, Table)
