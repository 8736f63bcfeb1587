"""The standard tables: printed labels (national templates 2019 and 2021) and canonical keys."""

from __future__ import annotations

ORG_COLS = ["commercial", "research", "social_welfare", "legal_service", "other_org"]
PARTY_COLS = ["natural_person", *ORG_COLS]
APP_COLS = [*PARTY_COLS, "total"]
APP_COL_LABELS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
NOTE_A1 = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

DENIED = [
    ("denied.state_secret", "1.属于国家秘密"),
    ("denied.law_prohibited", "2.其他法律行政法规禁止公开"),
    ("denied.security_stability", "3.危及“三安全一稳定”"),
    ("denied.third_party", "4.保护第三方合法权益"),
    ("denied.internal_affairs", "5.属于三类内部事务信息"),
    ("denied.process_info", "6.属于四类过程性信息"),
    ("denied.enforcement_file", "7.属于行政执法案卷"),
    ("denied.administrative_query", "8.属于行政查询事项"),
]
UNABLE = [
    ("unable.not_held", "1.本机关不掌握相关政府信息"),
    ("unable.needs_creation", "2.没有现成信息需要另行制作"),
    ("unable.unclear", "3.补正后申请内容仍不明确"),
]
NOT_PROCESSED = [
    ("not_processed.petition", "1.信访举报投诉类申请"),
    ("not_processed.repeated", "2.重复申请"),
    ("not_processed.publication", "3.要求提供公开出版物"),
    ("not_processed.excessive", "4.无正当理由大量反复申请"),
    ("not_processed.confirm", "5.要求行政机关确认或重新出具已获取信息"),
]
OTHER_2021 = [
    ("other.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other.no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other.other", "3.其他"),
]
GRANTED = "（一）予以公开"
PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"

RL_ROWS = ["review", "litigation_direct", "litigation_after_review"]
RL_COLS = ["upheld", "corrected", "other", "pending", "total"]
RL_COL_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def outcome_rows(template: str) -> list[str]:
    rows = ["granted", "partially_granted"]
    rows += [k for k, _ in DENIED] + [k for k, _ in UNABLE] + [k for k, _ in NOT_PROCESSED]
    rows += [k for k, _ in OTHER_2021] if template == "2021" else ["other"]
    return rows


def app_rows(template: str) -> list[str]:
    return ["new_received", "carried_over", *outcome_rows(template), "total", "carried_forward"]

