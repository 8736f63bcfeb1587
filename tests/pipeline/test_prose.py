"""Counts read from report prose (`pipeline.prose.find_prose_counts`).

Unit tests build small normalised `Document`s directly; the corpus test reads every document of
the shared corpus as paragraphs (one per text line / PDF line) and checks that every value of
its truth file's "narrative_counts" is found, that the distractor (国令第711号) is not, and a
handful of phrases, metrics and scopes by hand.
"""

from __future__ import annotations

import json
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest

from extractors.document import Cell, Document, Paragraph, Provenance, Table
from normalizers.text import normalize_text
from normalizers.values import parse_value
from pipeline.prose import find_prose_counts
from pipeline.record import DocumentRecord, ProseCount, to_json
from tests.support.paths import SHARED_CORPUS

CORPUS = SHARED_CORPUS


def doc_of(*lines: str, kind: str = "body") -> Document:
    paras = [Paragraph(normalize_text(t), Provenance("t.txt", element=f"line {i + 1}"), kind=kind)
             for i, t in enumerate(lines)]
    return Document("t.txt", "0" * 64, "text", list(paras))


def counts(*lines: str) -> list[ProseCount]:
    return find_prose_counts(doc_of(*lines))


def one(cs: list[ProseCount], number: int | str) -> ProseCount:
    hits = [c for c in cs if c.value.number == Decimal(str(number))]
    assert len(hits) == 1, [(c.value.raw, c.phrase) for c in cs]
    return hits[0]


def numbers(cs: list[ProseCount]) -> list[Decimal | None]:
    return [c.value.number for c in cs]


# ---------------------------------------------------------------------------------------------
# values and qualifiers


def test_approx_count_keeps_qualifier_and_raw():
    c = one(counts("2024年，市政府网站主动公开各类政府信息1800余条。"), 1800)
    assert c.value.kind == "approx" and c.value.qualifier == "over"
    assert c.value.raw == "1800余条" and c.value.unit == "条"
    assert c.phrase == "市政府网站主动公开政府信息"
    assert c.metric == "releases_total" and c.scope == "市政府"


def test_prefix_qualifiers_magnitudes_and_percentages():
    cs = counts("全市累计发布政策解读短视频近 300 个。“上海发布”在海内外 15 个平台粉丝数累积超 3170 万，"
                "其中，微信公众号粉丝达 1360 万。汇聚数据8232万条。其中，予以公开及部分公开 208 件（17.46%）。")
    c300 = one(cs, 300)
    assert c300.value.qualifier == "nearly" and c300.value.raw == "近300个"
    c3170 = one(cs, 31_700_000)
    assert c3170.value.qualifier == "over" and c3170.value.raw == "超3170万"
    assert one(cs, 13_600_000).phrase == "微信公众号粉丝"
    c8232 = one(cs, 82_320_000)
    assert c8232.value.raw == "8232万条" and c8232.phrase == "汇聚数据"
    pct = one(cs, Decimal("17.46"))
    assert pct.value.unit == "%" and pct.phrase == "予以公开及部分公开占比"


def test_chinese_numerals_in_words_are_not_counts():
    # reports print their statistics in digits; a numeral in words is wording ('分两次', '三个方面')
    cs = counts("全年共召开新闻发布会12场，分两次组织业务培训，配备一名专职人员，开设三个专栏，"
                "编印简报五期，刊发信息三篇。政务公开走进千家万户。")
    assert numbers(cs) == [12]
    assert one(cs, 12).metric == "press_conferences"


def test_percentages_are_a_kind_of_their_own_with_no_metric():
    cs = counts("全年受理政府信息公开申请206件，同比增长103%，办结率100%，按时答复率近99.5%。")
    assert one(cs, 206).value.kind == "number" and one(cs, 206).metric == "applications_received"
    pcts = [c for c in cs if c.value.unit == "%"]
    assert [(c.value.number, c.value.kind, c.metric) for c in pcts] == [
        (103, "percent", None), (100, "percent", None), (Decimal("99.5"), "percent", None)]
    assert pcts[2].value.qualifier == "nearly" and pcts[2].value.raw == "近99.5%"


def test_approximate_count_in_wan_with_the_qualifier_before_wan():
    c = one(counts("全年通过政府网站主动公开政府信息20余万条。"), 200_000)
    assert (c.value.kind, c.value.qualifier, c.value.raw) == ("approx", "over", "20余万条")


def test_money_is_not_a_count_unless_it_is_the_fee():
    cs = counts("主动公开采购信息37条，采购总金额924.17万元；全年收取信息处理费0元。")
    assert [(c.value.number, c.metric) for c in cs] == [(37, None), (0, "fee_yuan")]


def test_session_numbers_of_meetings_are_not_counts():
    cs = counts("认真学习贯彻市委十五届3次全会精神，全年召开区政府常务会议24次。")
    assert [(c.value.number, c.value.raw) for c in cs] == [(24, "24次")]


def test_rankings_are_not_counts():
    cs = counts("在全省政务公开考评中排名前进了3名，位列全市第5位，排名上升2个位次，较上年前移4位，被列为全省首批试点。"
                "全年新录用公务员3名。")
    assert [(c.value.number, c.value.raw) for c in cs] == [(3, "3名")]
    assert "录用" in cs[0].phrase


def test_count_without_a_unit_where_the_phrase_names_what_is_counted():
    cs = counts("政务微信公众号订阅人数为6113，全年累计阅读量达12万。门户网站留言量为356，办结数 349。")
    assert one(cs, 6113).phrase.endswith("订阅人数") and one(cs, 6113).value.kind == "number"
    assert one(cs, 120_000).value.raw == "12万"
    assert one(cs, 356).value.raw == "356" and one(cs, 349).value.raw == "349"


def test_a_ratio_never_carries_a_metric_and_is_listed_apart_in_json():
    with pytest.raises(ValueError):
        ProseCount("办结率", replace(parse_value("100%"), kind="percent"), Provenance("t.txt"), "", "applications_closed")
    rec = DocumentRecord("t.txt", "0" * 64, "text", "test",
                         prose_counts=counts("全年受理政府信息公开申请206件，同比增长103%。"))
    out = to_json(rec)
    assert [c["raw"] for c in out["prose_counts"]] == ["206件"]
    assert [(c["raw"], c["kind"]) for c in out["prose_ratios"]] == [("103%", "percent")]


@pytest.mark.parametrize("text", [
    "浏览次数：1234 【打印】【关闭】",
    "如有疑问请拨打12345政务服务便民热线或12360海关热线。",
    "邮政编码为650000，联系电话为0871-12345678。",
    "索引号为11530000MB1234567X/2024-00012。",
    "本报告统计数据的时间为2024，访问量：56789",
])
def test_bare_numbers_that_are_not_counts(text):
    assert counts(text) == []


# ---------------------------------------------------------------------------------------------
# not counts


@pytest.mark.parametrize("text", [
    "根据《中华人民共和国政府信息公开条例》（国令第 711 号）（以下简称《条例》）规定编制。",
    "按照《关于印发中华人民共和国政府信息公开工作年度报告格式的通知》（国办公开办函〔2021〕30 号）编制。",
    "依据《条例》第五十条之规定，制作本报告。",
    "报告所列统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。",
    "地址：淮安市洪泽区洪泽湖大道 90 号，邮编：223100，电话：0517-87222589，电子邮箱：hzzwgk@126.com。",
    "2020年，我市社会信用体系建设工作排名第35名，首次进入全国县级市前10名。",
    "按照5个工作日办理答复的时限要求进行催办，全部事项均可在30分钟内办结。",
    "考核赋分3分，第二十条第（一）项，一是加强组织领导，（三）政府信息管理情况。",
    "转发《关于支持中小微企业应对疫情度过难关二十条措施的通知》。",
    "政府集中采购13575394432.52元，行政许可396442278。",
    "每个月发行1期，每领域不少于1次。",
])
def test_not_counts(text):
    assert counts(text) == []


def test_document_number_is_not_a_count_in_the_hongze_sentence():
    cs = counts("本报告由淮安市洪泽区人民政府办公室根据《中华人民共和国政府信息公开条例》（国令第 711 号）",
                "要求编制此报告。2023 年全区受理政府信息公开申请 21 件，均在法定期限答复。")
    assert numbers(cs) == [21]


# ---------------------------------------------------------------------------------------------
# phrases, metrics, scopes


def test_application_sentence_with_carry_over_and_forward():
    cs = counts("2024 年，全市共受理政府信息公开申请 3119 件，答复 3050 件（含上年度结转申请 34 件，"
                "另有 103 件顺延到下年度答复），均在法定期限内予以答复。")
    got = {c.value.number: (c.phrase, c.metric, c.scope) for c in cs}
    assert got == {
        3119: ("受理政府信息公开申请", "applications_received", "全市"),
        3050: ("答复", "applications_closed", "全市"),
        34: ("上年度结转申请", "applications_carried_over", "全市"),
        103: ("顺延到下年度答复", "applications_carried_forward", "全市"),
    }


def test_enumerated_outcomes_carry_their_parent():
    cs = counts("政府信息公开行政复议 351 件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚未审结 37 件；"
                "政府信息公开行政诉讼 46 件，其中结果维持 25 件，结果纠正 5 件，其他结果 9 件，尚未审结 7 件。")
    got = [(c.value.number, c.phrase, c.metric) for c in cs]
    assert got == [
        (351, "政府信息公开行政复议", "review_total"),
        (72, "行政复议结果维持", "review_upheld"),
        (64, "行政复议结果纠正", "review_corrected"),
        (178, "行政复议其他结果", "review_other"),
        (37, "行政复议尚未审结", "review_pending"),
        (46, "政府信息公开行政诉讼", "litigation_total"),
        (25, "行政诉讼结果维持", "litigation_upheld"),
        (5, "行政诉讼结果纠正", "litigation_corrected"),
        (9, "行政诉讼其他结果", "litigation_other"),
        (7, "行政诉讼尚未审结", "litigation_pending"),
    ]


def test_noun_before_the_number_is_its_name_even_when_a_noun_follows():
    cs = find_prose_counts(Document("t.docx", "0" * 64, "docx", [
        Paragraph("全年发生政府信息公开行政复议3件\n行政诉讼2件。", Provenance("t.docx", element="p[5]"))]))
    assert [(c.value.number, c.phrase, c.metric) for c in cs] == [
        (3, "政府信息公开行政复议", "review_total"), (2, "行政诉讼", "litigation_total")]


def test_scope_whole_city_versus_city_government():
    cs = counts("目前，全市收到依申请公开件229件，依法依规办结228件，转接到2021年度办结1件。"
                "其中，办理向市政府申请的依申请公开件43件。")
    assert (one(cs, 229).scope, one(cs, 229).metric) == ("全市", "applications_received")
    assert (one(cs, 228).scope, one(cs, 228).metric) == ("全市", "applications_closed")
    assert one(cs, 1).metric == "applications_carried_forward"
    c43 = one(cs, 43)
    assert (c43.scope, c43.metric) == ("市政府", "applications_received")
    assert "向市政府申请" in c43.phrase


def test_list_items_each_get_their_own_phrase():
    cs = counts("发布重大决策、“三公经费”财政预决算情况、重大事项等涉及民生领域的政府信息1800余条，"
                "接处政府信息依申请公开4件、“12345”专线920余件，发布《宣威市政务通报》12期，"
                "开展重大决策事项公示120余件、重点工作通报80余次、决策听证10次、政策解读28件。")
    got = {c.value.number: (c.phrase, c.metric) for c in cs}
    assert got[1800] == ("发布政府信息", "releases_total")
    assert got[4] == ("接处政府信息依申请公开", "applications_received")
    assert got[920][0] == "12345专线"
    assert got[120][0] == "重大决策事项公示"
    assert got[80][0] == "重点工作通报"
    assert got[10][0] == "决策听证"
    assert got[28] == ("政策解读", "policy_interpretations")


def test_noun_after_the_measure_word():
    cs = counts("完成对接不动产、医社保、市场监管等16个部门25个业务系统，汇聚数据8232万条；"
                "共组织开展6期《问政平潭》，对24个单位部门进行问政，曝光了16个问题。")
    assert [c.phrase for c in cs] == ["对接部门", "业务系统", "汇聚数据", "《问政平潭》", "单位部门", "曝光问题"]


def test_fee_press_conferences_and_policy_interpretations():
    cs = counts("全年收取政府信息公开信息处理费 3940 元。",
                "通过文字、图片等形式制作政策解读 21 个，组织召开了“春节前后服务企业”等新闻发布会 12 场。")
    fee = one(cs, 3940)
    assert (fee.metric, fee.value.unit) == ("fee_yuan", "元")
    assert one(cs, 21).metric == "policy_interpretations"
    assert one(cs, 12).metric == "press_conferences"


def test_zero_counts_written_as_words():
    cs = counts("2012年全区未收到有关政府信息公开的申请，未收到有关政府信息公开行政复议申请。",
                "2025 年度本机关未收取信息公开处理费。")
    assert [(c.value.number, c.value.kind, c.metric, c.scope) for c in cs] == [
        (0, "number", "applications_received", "全区"),
        (0, "number", "review_total", "全区"),
        (0, "number", "fee_yuan", "本机关"),
    ]
    assert cs[0].value.raw == "未收到有关政府信息公开的申请"


def test_qualified_zero_is_not_a_total():
    cs = counts("全年未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。")
    assert len(cs) == 1 and cs[0].value.number == 0 and cs[0].metric is None


def test_a_count_is_tied_to_a_metric_only_by_its_own_phrase():
    # '予以公开及部分公开的有6件' names its own thing: it never borrows '受理…申请' from the count before
    cs = counts("2023年，我办共受理政府信息公开申请12件，予以公开及部分公开的有6件，不予公开2件。")
    assert (one(cs, 12).metric, one(cs, 12).scope) == ("applications_received", "本机关")
    c6 = one(cs, 6)
    assert c6.metric == "granted_and_partially_granted" and "受理" not in c6.phrase
    assert [c.value.number for c in cs if c.metric == "applications_received"] == [12]


def test_a_total_after_its_parts_is_not_named_after_the_last_part():
    cs = counts("本年度新收政府信息公开申请12件，上年结转2件，共计14件，均已按时答复。")
    assert (one(cs, 2).metric, one(cs, 14).metric, one(cs, 14).phrase) == ("applications_carried_over", None, "合计")


def test_a_count_that_borrows_the_phrase_before_it_gets_no_metric():
    cs = counts("2022年和2023年分别受理政府信息公开申请9件、12件。")
    assert [c.value.number for c in cs if c.metric == "applications_received"] == [9]


def test_office_count_under_an_area_wide_count_keeps_its_own_scope():
    cs = counts("2024年，全区共收到政府信息公开申请95件，其中我办受理政府信息公开申请17件。")
    assert (one(cs, 95).scope, one(cs, 95).metric) == ("全区", "applications_received")
    assert (one(cs, 17).scope, one(cs, 17).metric) == ("本机关", "applications_received")


def test_outcomes_after_a_semicolon_belong_to_the_applications_of_the_sentence():
    cs = counts("全年共受理政府信息公开申请45件；办结45件，其中予以公开30件，部分公开5件，不予公开3件，"
                "因信息不存在无法提供6件，不予处理1件。")
    got = [(c.value.number, c.metric) for c in cs]
    assert got == [(45, "applications_received"), (45, "applications_closed"), (30, "granted"),
                   (5, "partially_granted"), (3, "denied"), (6, "unable"), (1, "not_processed")]


def test_a_bare_receiving_verb_is_about_applications_only_in_a_sentence_about_them():
    cs = counts("全区共收到政府信息公开申请95件，其中我办受理17件。全年受理群众来信32件；受理12件。")
    assert (one(cs, 17).metric, one(cs, 17).scope) == ("applications_received", "本机关")
    assert one(cs, 32).metric is None and one(cs, 12).metric is None


def test_press_conferences_under_qizhong_are_not_the_total():
    cs = counts("全年共举办新闻发布会48场，其中，防汛救灾新闻发布会累计举行12场。")
    assert one(cs, 48).metric == "press_conferences" and one(cs, 12).metric is None
    cs = counts("发布政策解读信息150条，其中，解读材料30条，图解解读50个。")
    assert one(cs, 150).metric == "policy_interpretations" and one(cs, 30).metric is None


def test_sub_counts_under_qizhong_are_not_totals():
    cs = counts("2012年主动公开政府信息1913条。其中，区直、县直各单位主动公开政府信息1397条，占73%。"
                "各乡镇主动公开政府信息534条，占27%。")
    assert one(cs, 1913).metric == "releases_total"
    assert one(cs, 1397).metric is None and one(cs, 534).metric is None
    assert one(cs, 73).phrase.endswith("占比") and one(cs, 73).value.unit == "%"


# ---------------------------------------------------------------------------------------------
# paragraphs, lines and provenance


def test_lines_broken_mid_phrase_are_joined_and_provenance_is_where_the_number_starts():
    d = doc_of("2024 年，全市共受理政府信息公开申请 3119 件，答",
               "复 3050 件（含上年度结转申请 34 件，另有 103 件顺延到下年度",
               "答复），均在法定期限内予以答复。政府信息公开行政复议 351",
               "件，其中结果维持 72 件，结果纠正 64 件，其他结果 178 件，尚",
               "未审结 37 件。")
    cs = find_prose_counts(d)
    assert one(cs, 3050).phrase == "答复" and one(cs, 3050).provenance.element == "line 2"
    assert one(cs, 103).phrase == "顺延到下年度答复"
    c351 = one(cs, 351)
    assert c351.value.raw == "351件" and c351.provenance.element == "line 3"
    assert one(cs, 37).phrase == "行政复议尚未审结"


def test_page_footer_between_lines_and_year_broken_across_lines():
    d = Document("t.pdf", "0" * 64, "pdf", [
        Paragraph("组织召开了“建设一流营商环境”等", Provenance("t.pdf", page=1, element="line 30")),
        Paragraph("- 1 -", Provenance("t.pdf", page=1, element="line 31")),
        Paragraph("新闻发布会 12 场。统计期限为 2025", Provenance("t.pdf", page=2, element="line 1")),
        Paragraph("年 1 月 1 日至 12 月 31 日。", Provenance("t.pdf", page=2, element="line 2")),
    ])
    cs = find_prose_counts(d)
    assert [(c.value.number, c.metric, c.provenance.page) for c in cs] == [(12, "press_conferences", 2)]


def test_tables_chrome_and_headings_are_not_read():
    d = Document("t.html", "0" * 64, "html", [
        Paragraph("热搜词：新闻发布会12场", Provenance("t.html", element="nav"), kind="chrome"),
        Paragraph("一、总体情况", Provenance("t.html", element="h2"), kind="heading"),
        Table([[Cell("受理申请", 0, 0), Cell("21件", 0, 1)]], Provenance("t.html", element="table[1]")),
        Paragraph("全年受理依申请公开4件。", Provenance("t.html", element="p[3]")),
    ])
    cs = find_prose_counts(d)
    assert [(c.value.number, c.phrase, c.provenance.element) for c in cs] == [(4, "受理依申请公开", "p[3]")]


def test_context_is_the_sentence():
    c = one(counts("截至目前，全市在运维政务新媒体共计 95 个。其他句子。"), 95)
    assert c.context == "截至目前，全市在运维政务新媒体共计95个。"
    assert c.scope == "全市"


# ---------------------------------------------------------------------------------------------
# the shared corpus


def _load(path: Path) -> Document:
    """The document as paragraphs: one per non-blank text line, one per PDF line (table-like
    lines — tab-separated cells, markdown '|' rows — are left out, as extractors give them as
    tables)."""
    paras: list[Paragraph] = []
    if path.suffix == ".pdf":
        import pdfplumber

        with pdfplumber.open(path) as pdf:
            for n, page in enumerate(pdf.pages, 1):
                for j, line in enumerate((page.extract_text() or "").splitlines(), 1):
                    if line.strip():
                        paras.append(Paragraph(normalize_text(line),
                                               Provenance(path.name, page=n, element=f"line {j}")))
        fmt = "pdf"
    else:
        for j, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith(("\t", "|")) or line.count("\t") >= 2:
                continue
            paras.append(Paragraph(normalize_text(line), Provenance(path.name, element=f"line {j}")))
        fmt = "markdown" if path.suffix == ".md" else "text"
    return Document(path.name, "0" * 64, fmt, list(paras))


def _truth(path: Path) -> dict:
    t = (CORPUS / "truth" / "seeds" / f"{path.stem}.truth.json") if path.parent.name == "seeds" \
        else path.with_suffix(".truth.json")
    return json.loads(t.read_text(encoding="utf-8")).get("narrative_counts") or {}


def _matches(expected: float | str, cs: list[ProseCount]) -> list[ProseCount]:
    """A truth value matched by number and qualifier: 3119 ↔ an exact 3119, '1800余' ↔ 1800 'over'
    with '1800余' in raw, '17.46%' ↔ 17.46 '%', '8232万条' ↔ raw '8232万条'."""
    if isinstance(expected, (int, float)):
        return [c for c in cs if c.value.kind == "number" and c.value.number == Decimal(str(expected))]
    v = parse_value(expected)
    out = []
    for c in cs:
        if c.value.number != v.number or c.value.qualifier != v.qualifier:
            continue
        if v.unit == "%" and c.value.unit != "%":
            continue
        if v.qualifier and expected.rstrip("件条个人") not in c.value.raw:
            continue
        out.append(c)
    return out


def _is_distractor(key: str) -> bool:
    return "干扰项" in key or "非统计数" in key


def _corpus_docs() -> list[Path]:
    return sorted((CORPUS / "seeds").glob("*.txt")) + sorted(
        p for p in (CORPUS / "real").iterdir() if p.suffix in (".txt", ".md", ".pdf"))


@pytest.fixture(scope="module")
def corpus_counts() -> dict[str, list[ProseCount]]:
    if not CORPUS.is_dir():
        pytest.skip(f"shared corpus not found at {CORPUS}")
    return {p.name: find_prose_counts(_load(p)) for p in _corpus_docs()}


@pytest.mark.corpus
def test_corpus_recall(corpus_counts):
    rows, missing, junk = [], [], []
    for path in _corpus_docs():
        cs = corpus_counts[path.name]
        truth = _truth(path)
        found = 0
        scored = {k: v for k, v in truth.items() if not _is_distractor(k)}
        for key, value in scored.items():
            if _matches(value, cs):
                found += 1
            else:
                missing.append(f"{path.name}: {key} = {value}")
        for key, value in truth.items():
            if _is_distractor(key) and _matches(value, cs):
                junk.append(f"{path.name}: {key} = {value}")
        rows.append((path.name, found, len(scored), len(cs)))
    print("\nprose-count recall per document")
    print(f"{'document':30} {'found':>5} {'truth':>5} {'recall':>7} {'counts':>6}")
    for name, found, n, total in rows:
        recall = f"{found / n:.0%}" if n else "-"
        print(f"{name:30} {found:5} {n:5} {recall:>7} {total:6}")
    assert not missing, missing
    assert not junk, junk


@pytest.mark.corpus
def test_corpus_hand_checked_phrases(corpus_counts):
    huaian = corpus_counts["huaian_2024.pdf"]
    by_metric = {c.metric: c for c in huaian if c.metric}
    assert by_metric["applications_received"].value.number == 3119
    assert by_metric["applications_received"].scope == "全市"
    assert by_metric["applications_closed"].value.number == 3050
    assert by_metric["applications_carried_over"].value.number == 34
    assert by_metric["applications_carried_forward"].value.number == 103
    assert by_metric["review_total"].value.number == 351
    assert by_metric["review_upheld"].value.number == 72
    assert by_metric["litigation_total"].value.number == 46
    assert by_metric["litigation_upheld"].value.number == 25
    assert by_metric["fee_yuan"].value.number == 3940
    assert by_metric["press_conferences"].value.number == 12
    assert by_metric["policy_interpretations"].value.number == 21
    assert by_metric["releases_total"].value.number == 5500
    assert by_metric["releases_total"].value.qualifier == "over"
    assert by_metric["press_conferences"].provenance.page == 2

    seed1 = corpus_counts["001_a76db0a735cfa73f.txt"]
    c229 = one(seed1, 229)
    assert (c229.scope, c229.metric) == ("全市", "applications_received")
    c43 = one(seed1, 43)
    assert (c43.scope, c43.metric) == ("市政府", "applications_received")

    seed0 = corpus_counts["000_cfbbffd3a63f70f8.txt"]
    c1800 = one(seed0, 1800)
    assert c1800.value.kind == "approx" and "1800余" in c1800.value.raw
    assert c1800.metric == "releases_total"
    assert {c.metric for c in seed0 if c.value.number == 0} >= {"review_total", "litigation_total"}

    hongze = corpus_counts["hongze_2023.pdf"]
    assert 711 not in numbers(hongze)
    assert [(c.value.number, c.metric) for c in hongze if c.metric] == [
        (1136, "releases_total"), (21, "applications_received"), (0, "fee_yuan")]

    shanghai = corpus_counts["shanghai_office_2025.md"]
    assert one(shanghai, 1295).scope == "市政府"
    assert one(shanghai, 189).metric == "applications_carried_over"
    assert one(shanghai, Decimal("47.36")).phrase == "无法提供占比"

    pingtan = corpus_counts["pingtan_2012.txt"]
    zeros = [c for c in pingtan if c.value.number == 0]
    assert [c.metric for c in zeros] == ["applications_received", "review_total"]


@pytest.mark.corpus
def test_corpus_no_dates_years_or_document_numbers(corpus_counts):
    for name, cs in corpus_counts.items():
        for c in cs:
            raw = c.value.raw
            assert not raw.endswith(("年", "月", "日", "号")), (name, raw)
            assert "第" not in raw, (name, raw)
            if c.value.number is not None and 1990 <= c.value.number <= 2030 and c.value.unit is None:
                pytest.fail(f"{name}: year-like count {raw}")
            assert c.phrase, (name, raw, c.context)


def test_number_wrapped_across_pdf_lines_is_one_number():
    # regression: '…政府信息1' + '200余条' (a PDF line break inside the number) was read as 200余
    c = one(counts("2023年，通过门户网站主动公开政府信息1", "200余条，其中法定主动公开内容380条。"), 1200)
    assert c.value.kind == "approx" and c.value.number == 1200


# ---------------------------------------------------------------------------------------------
# held-out shapes (sentences written for the tests, after shapes seen on real pages)


def test_all_bodies_of_the_area_receive_the_area_wide_applications():
    # '全区各职能部门、镇街共收到…' is everyone in the district: the area-wide total
    cs = counts("2023年，全县各部门、乡镇共收到政府信息依申请公开812件。")
    assert (one(cs, 812).metric, one(cs, 812).scope) == ("applications_received", "全县")


def test_completed_answers_to_applications_are_the_closed_count():
    cs = counts("2023年，全县共完成政府信息依申请公开答复790件，包括上年结转信息公开申请12件。")
    assert (one(cs, 790).metric, one(cs, 12).metric) == ("applications_closed", "applications_carried_over")


def test_outcomes_in_a_qizhong_sentence_belong_to_the_applications_of_the_sentence_before():
    cs = counts("全县共完成政府信息依申请公开答复90件。其中，予以公开答复50件，占55.56%；部分公开12，占13.33%；"
                "不予公开8件，占8.89%；无法提供的10件；不予处理的6件；其他处理4件。")
    got = {c.value.number: c.metric for c in cs if c.is_count}
    assert got == {90: "applications_closed", 50: "granted", 12: "partially_granted", 8: "denied",
                   10: "unable", 6: "not_processed", 4: None}


def test_outcome_words_about_kinds_of_information_are_not_answers_to_applications():
    # '依申请公开信息…条' names information, not applications: '不予公开…' there is no answer
    cs = counts("全年共制作政府信息300条，其中主动公开信息200条，依申请公开信息60条，不予公开40条。")
    assert all(c.metric is None for c in cs), [(c.value.number, c.metric) for c in cs]


def test_a_count_without_a_unit_is_read_when_its_share_follows():
    cs = counts("全年受理政府信息公开申请40件，其中予以公开30件，占75%；部分公开7，占17.5%；不予公开3（7.5%）。")
    assert (one(cs, 7).metric, one(cs, 3).metric) == ("partially_granted", "denied")
    assert one(cs, Decimal("17.5")).value.kind == "percent"


def test_a_bare_number_before_a_share_needs_a_phrase():
    # a year or a code before '占' is no count
    cs = counts("与2022，占比提高。编号2023，占用场地。")
    assert numbers(cs) == []


def test_whole_street_and_the_township_speaking_of_itself():
    cs = counts("2022年，全街共受理政府信息公开申请总数3件。", "截至2022年12月31日，我镇共主动公开政府信息数180条。")
    assert (one(cs, 3).metric, one(cs, 3).scope) == ("applications_received", "全街")
    assert (one(cs, 180).metric, one(cs, 180).scope) == ("releases_total", None)


def test_a_website_count_beside_a_larger_releases_statement_is_a_channel_part():
    cs = counts("全年主动公开政府信息520条。通过政府网站公开政府信息120条，政务微信公开政府信息400条。")
    assert one(cs, 520).metric == "releases_total"
    assert one(cs, 120).metric is None and one(cs, 400).metric is None
    cs = counts("全年主动公开信息300余条。政府网站公开信息180条，其中政策文件5条；依托宣传栏公开信息100余条。")
    assert [c.value.number for c in cs if c.metric == "releases_total"] == []
    cs = counts("全年县政府网站共发布政府信息2600条。")
    assert one(cs, 2600).metric == "releases_total"


def test_a_visit_count_is_not_a_release_count_that_makes_a_website_total_a_part():
    """'信息公开专栏访问量72065人次' counts visits, not releases: the portal's 3636 stays a releases total."""
    cs = counts("通过门户网站公开政府信息3636条。2012年政府信息公开专栏访问量达72065人次，粉丝10659名。")
    assert one(cs, 3636).metric == "releases_total"
    assert one(cs, 72065).metric is None


def test_answers_prefixed_with_yi_shenqing_and_channels_by_delivery():
    cs = counts("受理政府信息公开申请30件，其中通过信函提交申请的10件，当面提交5件，现场申请2件，以信函形式申请3件，"
                "传真1件。其中，依申请同意公开14件、部分公开6件。")
    got = {c.value.number: c.metric for c in cs}
    assert got[10] == "applications_by_channel_letter" and got[3] == "applications_by_channel_letter"
    assert got[5] == "applications_by_channel_in_person" and got[2] == "applications_by_channel_in_person"
    assert got[1] == "applications_by_channel_fax"
    assert got[14] == "granted"


def test_no_consultations_is_no_zero_applications():
    cs = counts("2015年度，本局未收到依申请公开信息的咨询。")
    assert all(c.metric != "applications_received" for c in cs)
