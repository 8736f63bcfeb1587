"""Scanned-table layouts: the standard tables as boxes on a grid (widths in points, 1/72 inch).

Each layout gives (column widths, boxes, row count) for `scan_pages.draw_table`; values are printed
from truth facts by `fmt` (万元 amounts and signed changes as reports print them).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

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
class Box:
    """A (merged) cell: grid row/col, spans, text; `vertical` draws one character per line."""

    r: int
    c: int
    text: str = ""
    rs: int = 1
    cs: int = 1
    vertical: bool = False


def fmt(v, key: str = "") -> str:
    """A truth value as a report prints it: blank for None, 万元 for amounts, '+n' for a rise."""
    if v is None:
        return ""
    if isinstance(v, str):
        return v
    d = Decimal(str(v))
    if key.endswith("/amount_yuan"):
        return f"{(d / 10000).normalize():f}万元"
    if key.endswith("/change") and d > 0:
        return f"+{d.normalize():f}"
    return f"{d.normalize():f}" if d != d.to_integral() else str(int(d))


def active_layout(facts: dict, template: str) -> tuple[list[float], list[Box], int]:
    """表二 of either template: a section row per 第二十条 item, its heads, then its rows."""
    v = lambda k: fmt(facts.get(f"active/{k}"), f"active/{k}")
    boxes: list[Box] = []
    r = 0
    if template == "2021":
        widths = [150, 110, 110, 110]
        blocks = [("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"],
                   [("规章", "rules", ("issued", "repealed", "in_force")),
                    ("行政规范性文件", "normative_docs", ("issued", "repealed", "in_force"))]),
                  ("第二十条第（五）项", ["本年处理决定数量"], [("行政许可", "licensing", ("decisions",))]),
                  ("第二十条第（六）项", ["本年处理决定数量"], [("行政处罚", "punishment", ("decisions",)),
                                                                ("行政强制", "enforcement", ("decisions",))]),
                  ("第二十条第（八）项", ["本年收费金额（单位：万元）"], [("行政事业性收费", "fees", ("fee_amount_10k_yuan",))])]
    else:
        widths = [150, 110, 110, 110]
        blocks = [("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
                   [("规章", "rules", ("new_made", "new_published", "total_published")),
                    ("规范性文件", "normative_docs", ("new_made", "new_published", "total_published"))]),
                  ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
                   [("行政许可", "licensing", ("prior_year_items", "change", "decisions")),
                    ("其他对外管理服务事项", "other_services", ("prior_year_items", "change", "decisions"))]),
                  ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"],
                   [("行政处罚", "punishment", ("prior_year_items", "change", "decisions")),
                    ("行政强制", "enforcement", ("prior_year_items", "change", "decisions"))]),
                  ("第二十条第（八）项", ["上一年项目数量", "本年增/减"],
                   [("行政事业性收费", "fees", ("prior_year_items", "change"))]),
                  ("第二十条第（九）项", ["采购项目数量", "采购总金额"],
                   [("政府集中采购", "procurement", ("projects", "amount_yuan"))])]
    for title, heads, rows in blocks:
        boxes.append(Box(r, 0, title, cs=4))
        r += 1
        boxes.append(Box(r, 0, "信息内容"))
        span = 3 // len(heads)
        for j, h in enumerate(heads):
            boxes.append(Box(r, 1 + j * span, h, cs=span if j < len(heads) - 1 else 3 - j * span))
        r += 1
        for label, key, cols in rows:
            boxes.append(Box(r, 0, label))
            span = 3 // len(cols)
            for j, c in enumerate(cols):
                boxes.append(Box(r, 1 + j * span, v(f"{key}/{c}"), cs=span if j < len(cols) - 1 else 3 - j * span))
            r += 1
    return widths, boxes, r


def app_print_rows(template: str) -> list[tuple[str, str, str | None, str | None]]:
    """(key, label, group, subgroup) in printed order."""
    rows = [("new_received", "一、本年新收政府信息公开申请数量", None, None),
            ("carried_over", "二、上年结转政府信息公开申请数量", None, None),
            ("granted", GRANTED, "三、本年度办理结果", None),
            ("partially_granted", PARTIAL, "三、本年度办理结果", None)]
    rows += [(k, lab, "三、本年度办理结果", "（三）不予公开") for k, lab in DENIED]
    rows += [(k, lab, "三、本年度办理结果", "（四）无法提供") for k, lab in UNABLE]
    rows += [(k, lab, "三、本年度办理结果", "（五）不予处理") for k, lab in NOT_PROCESSED]
    if template == "2021":
        rows += [(k, lab, "三、本年度办理结果", "（六）其他处理") for k, lab in OTHER_2021]
    else:
        rows += [("other", "（六）其他处理", "三、本年度办理结果", None)]
    rows += [("total", "（七）总计", "三、本年度办理结果", None), ("carried_forward", "四、结转下年度继续办理", None, None)]
    return rows


def app_layout(facts: dict, template: str, part: slice, header: bool) -> tuple[list[float], list[Box], int]:
    """The rows `part` of 表三, under the three header rows when `header`; group cells span their rows."""
    widths = [26, 60, 170] + [44] * 7
    boxes: list[Box] = []
    r = 0
    if header:
        boxes.append(Box(0, 0, NOTE_A1, rs=3, cs=3))
        boxes.append(Box(0, 3, "申请人情况", cs=7))
        boxes.append(Box(1, 3, "自然人", rs=2))
        boxes.append(Box(1, 4, "法人或其他组织", cs=5))
        boxes.append(Box(1, 9, "总计", rs=2))
        for j, h in enumerate(APP_COL_LABELS[c] for c in ORG_COLS):
            boxes.append(Box(2, 4 + j, h))
        r = 3
    rows = app_print_rows(template)[part]
    start = r
    # group (vertical) and subgroup cells span consecutive rows with the same value
    for col, idx in ((0, 2), (1, 3)):
        i = 0
        while i < len(rows):
            g = rows[i][idx]
            j = i
            while j < len(rows) and rows[j][idx] == g:
                j += 1
            if g is not None:
                boxes.append(Box(start + i, col, g, rs=j - i, vertical=(col == 0)))
            i = j
    for i, (key, label, g, sg) in enumerate(rows):
        c0 = 0 if g is None else (1 if sg is None else 2)
        boxes.append(Box(start + i, c0, label, cs=3 - c0))
        for j, c in enumerate(APP_COLS):
            boxes.append(Box(start + i, 3 + j, fmt(facts.get(f"applications/{key}/{c}"))))
    return widths, boxes, start + len(rows)


def app_picture_layout(facts: dict, template: str, header: str) -> tuple[list[float], list[Box], int]:
    """The whole 表三 as real reports print it in one picture, with narrow value columns (社会公
    益组织 wraps over two lines). `header`: 'official' (申请人情况 over 自然人 | 法人或其他组织 | 总计,
    three rows) or 'two_row' (no 申请人情况; 自然人 and 总计 merged over both header rows)."""
    widths, boxes, n = app_layout(facts, template, slice(None), header=True)
    widths = [24, 56, 150] + [30] * 7
    if header == "two_row":
        boxes = [b for b in boxes if b.r > 0 or b.c == 0]
        for b in boxes:
            if b.r > 0 and b.c >= 3:
                b.r -= 1
                b.rs = 2 if b.text in ("自然人", "总计") else b.rs
            elif b.r > 2:
                b.r -= 1
        boxes[0].rs = 2
        n -= 1
    return widths, boxes, n


def rl_layout(facts: dict) -> tuple[list[float], list[Box], int]:
    """表四: 行政复议 and the two 行政诉讼 groups, five columns each, one row of values."""
    widths = [34] * 15
    boxes = [Box(0, 0, "行政复议", rs=2, cs=5), Box(0, 5, "行政诉讼", cs=10),
             Box(1, 5, "未经复议直接起诉", cs=5), Box(1, 10, "复议后起诉", cs=5)]
    for k in range(3):
        for j, h in enumerate(RL_COL_LABELS):
            boxes.append(Box(2, k * 5 + j, h, vertical=False))
    for k, row in enumerate(RL_ROWS):
        for j, c in enumerate(RL_COLS):
            boxes.append(Box(3, k * 5 + j, fmt(facts.get(f"review_litigation/{row}/{c}"))))
    return widths, boxes, 4
