"""Row and column vocabulary of the pre-2019 政府信息公开情况统计表 (`pipeline.pre2019_tables`).

Word lists only, no logic. Before the 2019 national template, the 国办 2008 统计表 (and the
provincial variants of 2010–2018) listed one indicator per row — 指标名称, 计量单位, then one
value column per period (本年度 / 2012年度 / 历年累计 / 上年). Row labels vary in wording between
provinces and years, so each harmonised metric is found by patterns over the label with its
enumerators ('其中：', '1、', '（三）') and its unit in brackets removed.
"""

from __future__ import annotations

import re
from typing import Literal

# Header cells that open a pre-2019 statistics table.
HEADER_LABEL_RE = re.compile(r"^(?:指标名称|指标|统计指标|项目|统计项目|项目名称|类别|内容)$")
HEADER_UNIT_RE = re.compile(r"^(?:计量单位|单位|计量|单位名称)$")

# Measure words a row's unit cell (or bracketed unit) may hold; money units are normalised to 元.
UNITS: tuple[str, ...] = ("万元", "亿元", "元", "人次", "条", "件", "个", "项", "次", "人", "篇", "份", "期", "册",
                          "处", "场", "天", "日", "%")
UNIT_IN_LABEL_RE = re.compile(r"[（(]\s*(" + "|".join(UNITS) + r")\s*[）)]\s*$")

# Column headers by what they count: the reported year, a running total, the year before.
COLUMN_KINDS: tuple[tuple[Literal["cumulative", "previous", "year"], re.Pattern[str]], ...] = (
    ("cumulative", re.compile(r"累计|累积|历年|总累计|合计至今")),
    ("previous", re.compile(r"^上年|^上一年|^去年|^上年度|^上年同期")),
    ("year", re.compile(r"^(?:本年度?|当年|本期|年度|数量|数值|数据|统计数|合计|总数|本年度数量|本年数)$")),
)
COLUMN_YEAR_RE = re.compile(r"^((?:19|20)\d{2})年(?:度|全年)?(?:数量|数)?$")

# Enumerators and lead words removed before a label is matched ('其中：1、网站公开' → '网站公开').
LABEL_LEAD_RE = re.compile(r"^(?:其中[：:，,]?|[（(]?[一二三四五六七八九十\d]+[)）、.．]\s*|[一二三四五六七八九十]+、|\s)+")

# (metric, pattern) in order: the first match wins, so narrower wordings come first; metric None
# marks rows that are read but map to no harmonised metric (sub-splits that would double-count).
# Outcomes of 行政复议 / 行政诉讼 are written without their parent ('维持具体行政行为数'): they map
# to review_* or litigation_* by the last total row above them (OUTCOME_PARENTS) and are skipped
# when there is none.
ROW_METRICS: tuple[tuple[str | None, re.Pattern[str]], ...] = (
    (None, re.compile(r"按时办结|延期办结|逾期|培训|会议|查阅点|专门机构|回应|发布会|访谈|解读")),
    # 主动公开
    ("releases_normative_docs", re.compile(r"^主动公开.*规范性文件")),
    ("normative_docs_issued", re.compile(r"制发.*规范性文件|规范性文件.*(?:制发|总数)")),
    ("gazette_circulation", re.compile(r"公报发行|发行量")),
    ("releases_gazette", re.compile(r"政府公报|公报公开")),
    ("releases_website", re.compile(r"网站公开|政府网站|门户网站|网上公开")),
    ("releases_weibo", re.compile(r"微博")),
    ("releases_wechat", re.compile(r"微信")),
    ("releases_total", re.compile(r"^主动公开(?:政府)?信息(?:总)?(?:数|条数|数量)?$|^主动公开(?:政府信息)?总数")),
    # money and staff
    ("fees_yuan", re.compile(r"收取.*费|费用")),
    ("budget_yuan", re.compile(r"经费")),
    ("staff_full_time", re.compile(r"专职")),
    ("staff_part_time", re.compile(r"兼职")),
    ("staff_total", re.compile(r"工作人员|人员数")),
    # 复议, 诉讼, 申诉 (before the application rows: '收到行政复议申请数' is a 复议 count)
    ("review_total", re.compile(r"行政复议")),
    ("litigation_total", re.compile(r"行政诉讼")),
    ("complaints_total", re.compile(r"申诉|举报|投诉")),
    # 依申请公开: received and channels
    ("applications_by_channel_in_person", re.compile(r"当面申请")),
    ("applications_by_channel_fax", re.compile(r"传真申请")),
    ("applications_by_channel_email", re.compile(r"电子邮件申请|邮件申请")),
    ("applications_by_channel_online", re.compile(r"网上申请|网络申请|在线申请|互联网申请")),
    ("applications_by_channel_letter", re.compile(r"信函申请|邮寄申请|来信申请")),
    ("applications_by_channel_other", re.compile(r"其他(?:形式|方式|渠道)申请")),
    ("applications_closed", re.compile(r"办结")),
    ("applications_received", re.compile(r"(?:受理|收到|接收).*申请|申请.*(?:受理|收到)|依申请公开.*总数|申请总数")),
    # answers
    ("already_public", re.compile(r"已主动公开|已经主动公开")),
    ("partially_granted", re.compile(r"部分公开")),
    ("denied", re.compile(r"否决公开|不同意公开|不予公开|不公开答复")),
    ("granted", re.compile(r"同意公开|予以公开")),
    ("not_ours", re.compile(r"非本机关|不属于本(?:行政)?机关|不属本机关")),
    ("not_held", re.compile(r"信息不存在|不存在")),
    ("unclear", re.compile(r"内容不明确|不明确")),
    ("responses_total", re.compile(r"答复总数|答复数|申请答复")),
    # outcomes of the 复议 / 诉讼 row above
    ("outcome_upheld", re.compile(r"维持")),
    ("outcome_corrected", re.compile(r"纠错|纠正|撤销|确认违法")),
    ("outcome_pending", re.compile(r"尚未审结|未审结")),
    ("outcome_other", re.compile(r"其他情形|其他结果")),
    ("other", re.compile(r"^其他(?:情形|情况)?(?:数|答复数)?$")),
)

# Outcome rows take their parent's prefix: the last review_total / litigation_total row above.
OUTCOME_PARENTS: dict[str, str] = {"review_total": "review", "litigation_total": "litigation"}
