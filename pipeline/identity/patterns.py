"""Patterns that more than one identity field reads: a year, the verb that publishes a report, a clause
opening with the year, a page's publication lines.
"""

from __future__ import annotations

import re

YEAR = r"(?P<y>(?:19|20)\d{2}|[〇○零一二三四五六七八九]{4})"
NOT_MONTH = r"(?!\d{1,2}月)(?!(?:[一二三四五六七八九十]{1,2}|十[一二])月)"
# A year in a title: not a date ('2022年1月25日'); also '评估报告(2018)'.
TITLE_YEAR_RE = re.compile(YEAR + r"年" + NOT_MONTH + r"|[(（]" + YEAR.replace("?P<y>", "?P<y2>") + r"[)）]")
REPORT_VERB = r"(?:现将|现予公布|现予公开|现公布|现公开|现发布|(?:现|特)?向社会(?:公布|公开)|现形成|现编制|特编制)"
OPENING_RE = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*)?" + YEAR + r"年度?[，,]")
PUBLICATION_RE = re.compile(
    r"^(?:发布时间|发布日期|发文日期|成文日期|印发日期|生成日期|公开日期|发表日期|时间|日期|来源|文章来源|信息来源|发布机构|"
    r"发文机关|原文链接|索引号|文号|本地目录|栏目|字体)\s*[:：]"
)
