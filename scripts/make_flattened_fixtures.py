"""Write small report excerpts whose standard tables were flattened into page text.

Web-page text renderers, CMS exports and copy-paste flatten the HTML tables of 年报 pages in a
handful of ways; each file here renders the same invented tables (清河县卫生健康局 2024, or a 2019
template one for 东湖区教育局 2020) in one of those shapes, so tests can check that every shape
gives the same facts:

- `pipe_trailing.txt`    `规章 | 2 | 1 | 7 |` (no leading pipe), cut short inside a 表三 row
- `pipe_bare.txt`        `规章 | 2 | 1 | 7` (no outer pipes at all)
- `pipe_outer.txt`       `| 规章 | 2 | 1 | 7 |` with `|||` filler for merged cells
- `cells_blank.txt`      one cell per line, blank lines between cells, header cells wrapped over
                         two lines (本年新 / 制作数量), a row printing one value under two heads
- `cells_pipes.txt`      one cell per line, `cell |` lines and a lone `|` line opening each row
- `tsv.txt`              tab-separated rows
- `spaces.txt`           cells separated by runs of spaces
- `full_cells_between.txt` one cell per line with lone `|` lines between the cells
- `full_cells_leading.txt` a row's first cell, then `| cell` lines, a lone `|` closing the row
- `full_cells_trailing.txt` `cell |` lines, one cell each, nothing marking where a row starts
- `pipe_wrapped_head.txt`  `cell |` rows whose header cells broke their line where they wrap
- `pipe_annotated.txt`     traditional mirror, labels carrying the template's filling notes in brackets
- `spaces_split_heads.txt` space-separated rows, header cells keeping the space of their wrap
- `fullwidth_bars.txt`     `cell｜` rows with full-width bars
- `full_pipe.txt`, `full_cells.txt`, `full_cells_pipes.txt`   all of 表二, 表三 and 表四 as `cell |`
                         rows / one cell per line / one cell per line with `|` lines
- `fragment.html` / `page.html`   the same article body saved without and with `<html><body>`
- `pinyin.txt`           a mirror page with pinyin after some characters (年度報(bào)告, 行政许(xǔ)可)

`expected.json` maps each text file to the canonical facts (raw printed text) it must give.
Run `python scripts/make_flattened_fixtures.py` to regenerate; the test suite checks that the
committed files match.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # sibling modules, also when loaded by path
from fixturegen.flattened_data import (
    ACTIVE_2021,
    ACTIVE_2021_FACTS,
    APP_HEAD,
    APP_KEYS,
    APP_REST,
    APP_REST_KEYS,
    APP_ROWS,
    APP_TITLE,
    ARTICLE,
    ARTICLE_FACTS,
    INTRO,
    OUTRO,
    PINYIN,
    RL_HEAD,
    RL_KEYS,
    RL_TITLE,
    RL_VALUES,
    Row,
)
from fixturegen.labels import APP_COLS

OUT = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "flattened"


def app_facts(rows: list[Row]) -> dict[str, str]:
    out = {}
    for key, row in zip(APP_KEYS, rows):
        for col, raw in zip(APP_COLS, row[-7:]):
            out[f"applications/{key}/{col}"] = raw
    return out


def pipe_rows(rows: list[Row], lead: bool, trail: bool) -> str:
    def one(row: Row) -> str:
        body = " | ".join(row)
        return ("| " if lead else "") + body + (" |" if trail else "")
    return "\n".join(one(r) for r in rows) + "\n"


def active_rows() -> list[Row]:
    rows: list[Row] = []
    for heading, body in ACTIVE_2021:
        rows.append((heading,))
        rows.extend(body)
    return rows


def pipe_trailing() -> tuple[str, dict[str, str]]:
    """01-like: `cell |` rows; the page is cut inside the last row (four of seven cells printed)."""
    cut: Row = ("2.其他法律行政法规禁止公开", "0", "0", "0", "0")
    text = INTRO + pipe_rows(active_rows(), False, True) + APP_TITLE + \
        pipe_rows(APP_HEAD + APP_ROWS + [cut], False, True).rstrip("\n")
    facts = {**ACTIVE_2021_FACTS, **app_facts(APP_ROWS)}
    facts.update({f"applications/denied.law_prohibited/{c}": "0" for c in APP_COLS[:4]})
    return text, facts


def pipe_bare() -> tuple[str, dict[str, str]]:
    text = INTRO + pipe_rows(active_rows(), False, False) + APP_TITLE + pipe_rows(APP_HEAD + APP_ROWS, False, False) \
        + "四、政府信息公开行政复议、行政诉讼情况\n"
    return text, {**ACTIVE_2021_FACTS, **app_facts(APP_ROWS)}


def pipe_outer() -> tuple[str, dict[str, str]]:
    """14-like: outer pipes; a section heading row pads its merged cells with `|||`."""
    lines = []
    for heading, body in ACTIVE_2021:
        lines.append(f"| {heading} | |||")
        lines.extend("| " + " | ".join(r) + " |" + (" ||" if len(r) == 2 else "") for r in body)
    text = INTRO + "\n".join(lines) + "\n" + APP_TITLE + pipe_rows(APP_HEAD + APP_ROWS, True, True) + \
        "五、存在的主要问题及改进情况\n明年将继续加强。\n"
    return text, {**ACTIVE_2021_FACTS, **app_facts(APP_ROWS)}


def cells_pipes() -> tuple[str, dict[str, str]]:
    """21-like: a lone `|` opens each row, each cell is `text |` on its own line, `|||` fills spans."""
    lines = []
    for heading, body in ACTIVE_2021:
        lines += ["|", f"{heading} |", "|||"]
        for row in body:
            lines.append("|")
            lines.extend(f"{c} |" for c in row)
    text = INTRO + "\n".join(lines) + "\n" + APP_TITLE + "（略）\n"
    return text, dict(ACTIVE_2021_FACTS)


def tsv() -> tuple[str, dict[str, str]]:
    text = INTRO + "\n".join("\t".join(r) for r in active_rows()) + "\n" + APP_TITLE + \
        "\n".join("\t".join(r) for r in APP_HEAD + APP_ROWS) + "\n四、政府信息公开行政复议、行政诉讼情况\n"
    return text, {**ACTIVE_2021_FACTS, **app_facts(APP_ROWS)}


def spaces() -> tuple[str, dict[str, str]]:
    text = INTRO + "\n".join("   ".join(r) for r in active_rows()) + "\n" + APP_TITLE + \
        "\n".join("  ".join(r) for r in APP_HEAD + APP_ROWS) + "\n四、政府信息公开行政复议、行政诉讼情况\n"
    return text, {**ACTIVE_2021_FACTS, **app_facts(APP_ROWS)}


def cells_blank() -> tuple[str, dict[str, str]]:
    """05-like, 2019 template: one cell per line with blank lines and stray spaces; the 本年新 heads
    wrap onto a second line; the 收费 row prints one value under its two heads."""
    sections: list[tuple[str, list[Row]]] = [
        ("第二十条第（一）项", [("信息内容", "本年新\n制作数量", "本年新\n公开数量", "对外公开总数量"),
                          ("规章", "  1", " 0", " 4"), ("规范性文件", "  3", " 3", " 17")]),
        ("第二十条第（五）项", [("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                          ("行政许可", " 12", " -2", " 240"), ("其他对外管理服务事项", " 0", " 0", " 0")]),
        ("第二十条第（六）项", [("信息内容", "上一年项目数量", "本年增/减", "处理决定数量"),
                          ("行政处罚", " 6", " 0", " 31"), ("行政强制", " 1", " 0", " 2")]),
        ("第二十条第（八）项", [("信息内容", "上一年项目数量", "本年增/减"), ("行政事业性收费", " 2")]),
        ("第二十条第（九）项", [("信息内容", "采购项目数量", "采购总金额"), ("政府集中采购", " 3", "86.5")]),
    ]
    cells = [c for heading, body in sections for c in (heading, *(x for r in body for x in r))]
    intro = ("东湖区教育局2020年政府信息公开工作年度报告\n发布者:区教育局   发布日期:2021-01-20\n\n"
             " 本报告所列数据统计期限为2020年1月1日至2020年12月31日。\n\n二、主动公开政府信息情况\n\n \n\n")
    text = intro + "\n\n".join(cells) + "\n\n \n\n三、收到和处理政府信息公开申请情况\n"
    facts = {
        "active/rules/new_made": "1", "active/rules/new_published": "0", "active/rules/total_published": "4",
        "active/normative_docs/new_made": "3", "active/normative_docs/new_published": "3",
        "active/normative_docs/total_published": "17",
        "active/licensing/prior_year_items": "12", "active/licensing/change": "-2",
        "active/licensing/decisions": "240",
        "active/other_services/prior_year_items": "0", "active/other_services/change": "0",
        "active/other_services/decisions": "0",
        "active/punishment/prior_year_items": "6", "active/punishment/change": "0",
        "active/punishment/decisions": "31",
        "active/enforcement/prior_year_items": "1", "active/enforcement/change": "0",
        "active/enforcement/decisions": "2",
        "active/fees/prior_year_items": "2",
        "active/procurement/projects": "3", "active/procurement/amount_yuan": "86.5",
    }
    return text, facts


def full_facts() -> dict[str, str]:
    facts = {**ACTIVE_2021_FACTS, **app_facts(APP_ROWS), **dict(zip(RL_KEYS, RL_VALUES))}
    for key, row in zip(APP_REST_KEYS, APP_REST):
        facts.update({f"applications/{key}/{col}": raw for col, raw in zip(APP_COLS, row[-7:])})
    return facts


def full_rows() -> tuple[list[Row], list[Row], list[Row]]:
    return active_rows(), APP_HEAD + APP_ROWS + APP_REST, RL_HEAD + [RL_VALUES]


def full_pipe() -> tuple[str, dict[str, str]]:
    """All three tables as `cell |` rows."""
    active, apps, rl = full_rows()
    text = INTRO + pipe_rows(active, False, True) + APP_TITLE + pipe_rows(apps, False, True) + RL_TITLE + "\n" + \
        pipe_rows(rl, False, True) + OUTRO
    return text, full_facts()


def _one_per_line(rows: list[Row], sep: str) -> str:
    cells = [c.replace("商业 企业", "商业\n企业").replace("科研 机构", "科研\n机构") for r in rows for c in r]
    return sep.join(cells) + sep


def full_cells() -> tuple[str, dict[str, str]]:
    """All three tables one cell per line with blank lines; 商业/企业 heads wrap."""
    active, apps, rl = full_rows()
    text = INTRO + "\n" + _one_per_line(active, "\n\n") + APP_TITLE + "\n" + _one_per_line(apps, "\n\n") + \
        RL_TITLE + "\n\n" + _one_per_line(rl, "\n\n") + OUTRO
    return text, full_facts()


def full_cells_pipes() -> tuple[str, dict[str, str]]:
    """All three tables with a lone `|` opening each row and `cell |` lines; 商业/企业 heads wrap."""
    def render(rows: list[Row]) -> str:
        return "".join("|\n" + "".join(f"{c.replace('商业 企业', '商业' + chr(10) + '企业')} |\n" for c in r)
                       for r in rows)
    active, apps, rl = full_rows()
    text = INTRO + render(active) + APP_TITLE + render(apps) + RL_TITLE + "\n" + render(rl) + OUTRO
    return text, full_facts()


def full_cells_between() -> tuple[str, dict[str, str]]:
    """All three tables one cell per line with a lone `|` line between cells."""
    def render(rows: list[Row]) -> str:
        return "\n|\n".join(c for r in rows for c in r) + "\n"
    active, apps, rl = full_rows()
    return _full_text(render, active, apps, rl), full_facts()


def full_cells_leading() -> tuple[str, dict[str, str]]:
    """All three tables as a row's first cell, then `| cell` lines, then a lone `|` (the bar before
    each cell, as some renderers print it); 计量-style heads wrap after their bar."""
    def render(rows: list[Row]) -> str:
        return "".join(r[0] + "\n" + "".join(f"| {c.replace('商业 企业', '商业' + chr(10) + '企业')}\n" for c in r[1:])
                       + "|\n" for r in rows)
    active, apps, rl = full_rows()
    return _full_text(render, active, apps, rl), full_facts()


def full_cells_trailing() -> tuple[str, dict[str, str]]:
    """All three tables as `cell |` lines, one cell each, with nothing marking where a row starts."""
    def render(rows: list[Row]) -> str:
        return "".join(f"{c} |\n" for r in rows for c in r)
    active, apps, rl = full_rows()
    return _full_text(render, active, apps, rl), full_facts()


def _full_text(render: Callable[[list[Row]], str], active: list[Row], apps: list[Row], rl: list[Row]) -> str:
    return INTRO + render(active) + APP_TITLE + render(apps) + RL_TITLE + "\n" + render(rl) + OUTRO


def pipe_annotated() -> tuple[str, dict[str, str]]:
    """A traditional-character mirror of a 2019 表二 whose labels carry the template's filling notes
    ('規章(設區的市…應提供相關數據)', '上一年項目數量(指2019年事項數)'), `||` filler, an empty 收費 row."""
    text = ("武漢市某某局2020年政府信息公開工作年度報告\n二、主動公開政府信息情況\n第二十條第(一)項 | |||||\n"
            "信息內容 | 本年新 製作數量 | 本年新 公開數量 | 對外公開總數量 | ||\n"
            "規章(設區的市、自治州人民政府應提供相關數據) | 0 | 0 | 0 | ||\n"
            "規範性文件(行政機關制定發布的決定、公告、通告、意見、通知,一般情況下屬於規範性文件) | 3 | 3 | 21 | ||\n"
            "其他主動公開文件(含以本單位名義正式簽發的) | 150 | 70 | 240 | ||\n第二十條第(五)項 | |||||\n"
            "信息內容 | 上一年項目數量(指2019年事項數) | 本年增/減(指2020年增加或減少的事項數,減用負值表示,如-8) | "
            "處理決定數量(指2020年辦件量) | ||\n行政許可 | 7 | 4 | 81 | ||\n第二十條第(六)項 | |||||\n"
            "信息內容 | 上一年項目數量(指2019年事項數) | 本年增/減(指2020年增加或減少的事項數) | 處理決定數量(指2020年辦件量) | ||\n"
            "行政處罰 | 60 | 0 | 12 | ||\n行政強制 | 3 | 3 | - | ||\n第二十條第(八)項 | |||||\n"
            "信息內容 | 上一年項目數量(指2019年事項數) | 本年增/減 | |||\n行政事業性收費 | |||||\n"
            "三、收到和處理政府信息公開申請情況\n（略）\n")
    facts = {"active/rules/new_made": "0", "active/rules/new_published": "0", "active/rules/total_published": "0",
             "active/normative_docs/new_made": "3", "active/normative_docs/new_published": "3",
             "active/normative_docs/total_published": "21", "active/licensing/prior_year_items": "7",
             "active/licensing/change": "4", "active/licensing/decisions": "81",
             "active/punishment/prior_year_items": "60", "active/punishment/change": "0",
             "active/punishment/decisions": "12", "active/enforcement/prior_year_items": "3",
             "active/enforcement/change": "3", "active/enforcement/decisions": "-",
             "active/fees/prior_year_items": ""}
    return text, facts


def pipe_wrapped_head() -> tuple[str, dict[str, str]]:
    """`cell |` rows of a 2019 表二 whose header cells broke their line at the wrap (本年新 / 制作数量):
    the header is three half-rows, and only 对外公开总数量 is a whole label."""
    text = ("东湖区教育局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项 |\n"
            "信息内容 | 本年新\n制作数量 | 本年新\n公开数量 | 对外公开总数量 |\n"
            "规章 | 1 | 0 | 4 |\n规范性文件 | 3 | 3 | 17 |\n"
            "第二十条第（五）项 |\n信息内容 | 上一年项目数量 | 本年增/减 | 处理决定数量 |\n行政许可 | 12 | -2 | 240 |\n"
            "三、收到和处理政府信息公开申请情况\n（略）\n")
    facts = {"active/rules/new_made": "1", "active/rules/new_published": "0", "active/rules/total_published": "4",
             "active/normative_docs/new_made": "3", "active/normative_docs/new_published": "3",
             "active/normative_docs/total_published": "17", "active/licensing/prior_year_items": "12",
             "active/licensing/change": "-2", "active/licensing/decisions": "240"}
    return text, facts


def spaces_split_heads() -> tuple[str, dict[str, str]]:
    """Space-separated rows whose header cells keep the space of their wrap ('本年新 制作数量')."""
    text = ("东湖区教育局2020年政府信息公开工作年度报告\n二、主动公开政府信息情况\n第二十条第（一）项\n"
            "信息内容  本年新 制作数量  本年新 公开数量  对外公开总数量\n规章  1  0  4\n规范性文件  3  3  17\n"
            "第二十条第（五）项\n信息内容  上一年项目数量  本年增/减  处理决定数量\n行政许可  12  -2  240\n"
            "三、收到和处理政府信息公开申请情况\n（略）\n")
    _, facts = pipe_wrapped_head()
    return text, facts


def fullwidth_bars() -> tuple[str, dict[str, str]]:
    """`cell｜` rows with full-width bars, as some editors and mirror sites print them."""
    text = INTRO + pipe_rows(active_rows(), False, True).replace(" | ", "｜").replace(" |", "｜") + APP_TITLE + "（略）\n"
    return text, dict(ACTIVE_2021_FACTS)


def build() -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    expected: dict[str, dict[str, str]] = {}
    for name, make in (("pipe_trailing.txt", pipe_trailing), ("pipe_bare.txt", pipe_bare),
                       ("pipe_outer.txt", pipe_outer), ("cells_pipes.txt", cells_pipes),
                       ("cells_blank.txt", cells_blank), ("tsv.txt", tsv), ("spaces.txt", spaces),
                       ("full_pipe.txt", full_pipe), ("full_cells.txt", full_cells),
                       ("full_cells_pipes.txt", full_cells_pipes),
                       ("full_cells_between.txt", full_cells_between),
                       ("full_cells_trailing.txt", full_cells_trailing), ("full_cells_leading.txt", full_cells_leading), ("pipe_wrapped_head.txt", pipe_wrapped_head),
                       ("pipe_annotated.txt", pipe_annotated),
                       ("spaces_split_heads.txt", spaces_split_heads), ("fullwidth_bars.txt", fullwidth_bars)):
        text, facts = make()
        files[name] = text.encode("utf-8")
        expected[name] = facts
    files["fragment.html"] = ARTICLE.encode("utf-8")
    files["page.html"] = ("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body>\n" + ARTICLE +
                          "</body></html>\n").encode("utf-8")
    expected["fragment.html"] = expected["page.html"] = ARTICLE_FACTS
    files["pinyin.txt"] = PINYIN.encode("utf-8")
    expected["pinyin.txt"] = {"active/licensing/decisions": "12"}
    files["expected.json"] = (json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()
    return files


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for name, data in build().items():
        (out / name).write_bytes(data)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
