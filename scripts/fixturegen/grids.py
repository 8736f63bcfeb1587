"""Tables as grids of cells with rowspan/colspan (the HTML model); every renderer starts here."""

from __future__ import annotations

from dataclasses import dataclass

from .doc import Doc
from .labels import (
    APP_COL_LABELS,
    APP_COLS,
    DENIED,
    GRANTED,
    NOT_PROCESSED,
    NOTE_A1,
    ORG_COLS,
    OTHER_2021,
    PARTIAL,
    RL_COL_LABELS,
    RL_COLS,
    RL_ROWS,
    UNABLE,
)


@dataclass
class Cell:
    text: str
    rs: int = 1
    cs: int = 1
    kind: str = "num"  # num | label | head | section


def C(text: str, rs: int = 1, cs: int = 1, kind: str = "label") -> Cell:
    return Cell(text, rs, cs, kind)


def N(d: Doc, key: str, cs: int = 1) -> Cell:
    return Cell(d.cell(key), 1, cs, "num")


def grid_active(d: Doc) -> list[list[Cell]]:
    if d.template == "2021":
        cols3 = ["本年制发件数", "本年废止件数", "现行有效件数"]
        g = [[C("第二十条第（一）项", cs=4, kind="section")],
             [C("信息内容", kind="head")] + [C(t, kind="head") for t in cols3]]
        for row, label in (("rules", "规章"), ("normative_docs", "行政规范性文件")):
            g.append([C(label)] + [N(d, f"active/{row}/{c}") for c in ("issued", "repealed", "in_force")])
        for item, rows in (("五", [("licensing", "行政许可")]),
                           ("六", [("punishment", "行政处罚"), ("enforcement", "行政强制")])):
            g.append([C(f"第二十条第（{item}）项", cs=4, kind="section")])
            g.append([C("信息内容", kind="head"), C("本年处理决定数量", cs=3, kind="head")])
            g += [[C(label), N(d, f"active/{row}/decisions", cs=3)] for row, label in rows]
        g.append([C("第二十条第（八）项", cs=4, kind="section")])
        g.append([C("信息内容", kind="head"), C("本年收费金额（单位：万元）", cs=3, kind="head")])
        g.append([C("行政事业性收费"), N(d, "active/fees/fee_amount_10k_yuan", cs=3)])
        return g
    g = [[C("第二十条第（一）项", cs=4, kind="section")],
         [C("信息内容", kind="head"), C("本年新\n制作数量", kind="head"), C("本年新\n公开数量", kind="head"),
          C("对外公开\n总数量", kind="head")]]
    for row, label in (("rules", "规章"), ("normative_docs", "规范性文件")):
        g.append([C(label)] + [N(d, f"active/{row}/{c}") for c in ("new_made", "new_published", "total_published")])
    head3 = [C("信息内容", kind="head"), C("上一年\n项目数量", kind="head"), C("本年增/减", kind="head"),
             C("处理决定数量", kind="head")]
    for item, rows in (("五", [("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")]),
                       ("六", [("punishment", "行政处罚"), ("enforcement", "行政强制")])):
        g.append([C(f"第二十条第（{item}）项", cs=4, kind="section")])
        g.append(list(head3))
        g += [[C(label)] + [N(d, f"active/{row}/{c}") for c in ("prior_year_items", "change", "decisions")]
              for row, label in rows]
    g.append([C("第二十条第（八）项", cs=4, kind="section")])
    g.append([C("信息内容", kind="head"), C("上一年\n项目数量", kind="head"), C("本年增/减", cs=2, kind="head")])
    g.append([C("行政事业性收费"), N(d, "active/fees/prior_year_items"), N(d, "active/fees/change", cs=2)])
    g.append([C("第二十条第（九）项", cs=4, kind="section")])
    g.append([C("信息内容", kind="head"), C("采购项目数量", kind="head"), C("采购总金额", cs=2, kind="head")])
    g.append([C("政府集中采购"), N(d, "active/procurement/projects"), N(d, "active/procurement/amount_yuan", cs=2)])
    return g


def grid_apps(d: Doc) -> list[list[Cell]]:
    def nums(row: str) -> list[Cell]:
        return [N(d, f"applications/{row}/{c}") for c in APP_COLS]

    g = [[C(NOTE_A1, rs=3, cs=3, kind="head"), C("申请人情况", cs=7, kind="head")],
         [C("自然人", rs=2, kind="head"), C("法人或其他组织", cs=5, kind="head"), C("总计", rs=2, kind="head")],
         [C(APP_COL_LABELS[c], kind="head") for c in ORG_COLS],
         [C("一、本年新收政府信息公开申请数量", cs=3)] + nums("new_received"),
         [C("二、上年结转政府信息公开申请数量", cs=3)] + nums("carried_over")]
    n_results = 2 + len(DENIED) + len(UNABLE) + len(NOT_PROCESSED) + (3 if d.template == "2021" else 1) + 1
    g.append([C("三、本年度办理结果", rs=n_results), C(GRANTED, cs=2)] + nums("granted"))
    g.append([C(PARTIAL, cs=2)] + nums("partially_granted"))
    groups = [("（三）不予公开", DENIED), ("（四）无法提供", UNABLE), ("（五）不予处理", NOT_PROCESSED)]
    if d.template == "2021":
        groups.append(("（六）其他处理", OTHER_2021))
    for glabel, rows in groups:
        for i, (key, label) in enumerate(rows):
            g.append(([C(glabel, rs=len(rows))] if i == 0 else []) + [C(label)] + nums(key))
    if d.template != "2021":
        g.append([C("（六）其他处理", cs=2)] + nums("other"))
    g.append([C("（七）总计", cs=2)] + nums("total"))
    g.append([C("四、结转下年度继续办理", cs=3)] + nums("carried_forward"))
    return g


def grid_review(d: Doc) -> list[list[Cell]]:
    return [
        [C("行政复议", cs=5, kind="head"), C("行政诉讼", cs=10, kind="head")],
        [C(t, rs=2, kind="head") for t in RL_COL_LABELS]
        + [C("未经复议直接起诉", cs=5, kind="head"), C("复议后起诉", cs=5, kind="head")],
        [C(t, kind="head") for t in RL_COL_LABELS * 2],
        [N(d, f"review_litigation/{r}/{c}") for r in RL_ROWS for c in RL_COLS],
    ]


GRIDS = {"active": grid_active, "apps": grid_apps, "review": grid_review}


def layout(grid: list[list[Cell]]) -> tuple[list[tuple[int, int, Cell]], int, int]:
    """Place the cells as an HTML table does: (row, col, cell) anchors, row and column counts."""
    occ: set[tuple[int, int]] = set()
    placed = []
    for r, row in enumerate(grid):
        c = 0
        for cell in row:
            while (r, c) in occ:
                c += 1
            placed.append((r, c, cell))
            for dr in range(cell.rs):
                for dc in range(cell.cs):
                    occ.add((r + dr, c + dc))
            c += cell.cs
    return placed, max(r for r, _ in occ) + 1, max(c for _, c in occ) + 1

