"""The invented tables that `make_flattened_fixtures.py` flattens: 清河县卫生健康局 2024 (2021 template),
its facts as printed, the page text around them, and the article body and pinyin mirror page."""

from __future__ import annotations

from .labels import RL_COLS, RL_ROWS

Row = tuple[str, ...]

# 2021 template, 表二: section heading, then header and data rows
ACTIVE_2021: list[tuple[str, list[Row]]] = [
    ("第二十条第（一）项", [("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"),
                      ("规章", "2", "1", "7"), ("行政规范性文件", "5", "0", "25")]),
    ("第二十条第（五）项", [("信息内容", "本年处理决定数量"), ("行政许可", "3679")]),
    ("第二十条第（六）项", [("信息内容", "本年处理决定数量"), ("行政处罚", "69"), ("行政强制", "/")]),
    ("第二十条第（八）项", [("信息内容", "本年收费金额（单位：万元）"), ("行政事业性收费", "1.5")]),
]
ACTIVE_2021_FACTS = {
    "active/rules/issued": "2", "active/rules/repealed": "1", "active/rules/in_force": "7",
    "active/normative_docs/issued": "5", "active/normative_docs/repealed": "0",
    "active/normative_docs/in_force": "25", "active/licensing/decisions": "3679",
    "active/punishment/decisions": "69", "active/enforcement/decisions": "/",
    "active/fees/fee_amount_10k_yuan": "1.5",
}
APP_HEAD: list[Row] = [
    ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况"),
    ("自然人", "法人或其他组织", "总计"),
    ("商业 企业", "科研 机构", "社会公益组织", "法律服务机构", "其他"),
]
APP_ROWS: list[Row] = [
    ("一、本年新收政府信息公开申请数量", "41", "6", "0", "0", "2", "0", "49"),
    ("二、上年结转政府信息公开申请数量", "3", "0", "0", "0", "0", "1", "4"),
    ("三、本年度办理结果", "（一）予以公开", "12", "1", "0", "0", "1", "0", "14"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "9", "2", "0", "0", "0", "0", "11"),
    ("（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"),
]
APP_KEYS = ("new_received", "carried_over", "granted", "partially_granted", "denied.state_secret")

INTRO = ("清河县卫生健康局2024年政府信息公开工作年度报告\n"
         "本报告所列数据的统计期限自2024年1月1日起至2024年12月31日止。\n"
         "一、总体情况\n"
         "2024年，我局主动公开政府信息126条，受理政府信息公开申请49件。\n"
         "二、主动公开政府信息情况\n")
APP_TITLE = "三、收到和处理政府信息公开申请情况\n"

# the rest of 表三 (2021 template; group cells printed once, on their first row) and 表四, for the
# `full_*` files: every row, the identities hold
APP_REST: list[Row] = [
    ("2.其他法律行政法规禁止公开", "0", "0", "0", "0", "0", "0", "0"),
    ("3.危及“三安全一稳定”", "0", "0", "0", "0", "0", "0", "0"),
    ("4.保护第三方合法权益", "1", "0", "0", "0", "0", "0", "1"),
    ("5.属于三类内部事务信息", "0", "0", "0", "0", "0", "0", "0"),
    ("6.属于四类过程性信息", "2", "0", "0", "0", "0", "0", "2"),
    ("7.属于行政执法案卷", "0", "0", "0", "0", "0", "0", "0"),
    ("8.属于行政查询事项", "0", "0", "0", "0", "0", "0", "0"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "10", "1", "0", "0", "0", "0", "11"),
    ("2.没有现成信息需要另行制作", "0", "0", "0", "0", "0", "0", "0"),
    ("3.补正后申请内容仍不明确", "1", "0", "0", "0", "0", "0", "1"),
    ("（五）不予处理", "1.信访举报投诉类申请", "2", "0", "0", "0", "0", "0", "2"),
    ("2.重复申请", "1", "0", "0", "0", "0", "0", "1"),
    ("3.要求提供公开出版物", "0", "0", "0", "0", "0", "0", "0"),
    ("4.无正当理由大量反复申请", "0", "0", "0", "0", "0", "0", "0"),
    ("5.要求行政机关确认或重新出具已获取信息", "0", "0", "0", "0", "0", "0", "0"),
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "1", "0", "0", "0", "0", "0", "1"),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "0", "0", "0", "0", "0", "0", "0"),
    ("3.其他", "0", "0", "0", "0", "0", "0", "0"),
    ("（七）总计", "39", "4", "0", "0", "1", "0", "44"),
    ("四、结转下年度继续办理", "5", "2", "0", "0", "1", "1", "9"),
]
APP_REST_KEYS = ("denied.law_prohibited", "denied.security_stability", "denied.third_party", "denied.internal_affairs",
                 "denied.process_info", "denied.enforcement_file", "denied.administrative_query",
                 "unable.not_held", "unable.needs_creation", "unable.unclear", "not_processed.petition",
                 "not_processed.repeated", "not_processed.publication", "not_processed.excessive",
                 "not_processed.confirm", "other.no_correction", "other.no_fee", "other.other", "total",
                 "carried_forward")
RL_TITLE = "四、政府信息公开行政复议、行政诉讼情况"
RL_HEAD: list[Row] = [
    ("行政复议", "行政诉讼"),
    ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "复议后起诉"),
    ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"),
]
RL_VALUES: Row = ("0", "1", "0", "0", "1", "0", "0", "0", "1", "1", "0", "0", "0", "0", "0")
RL_KEYS = [f"review_litigation/{r}/{c}" for r in RL_ROWS for c in RL_COLS]
OUTRO = "五、政府信息公开工作存在的主要问题及改进情况\n个别科室信息报送不够及时，下一步将加强培训。\n"


ARTICLE = ("<div class=\"TRS_Editor\"><p>海盐县人民政府办公室2022年政府信息公开工作年度报告</p>\n"
           "<p>本报告所列数据统计期限为2022年1月1日至2022年12月31日。</p>\n"
           "<p>一、总体情况</p><p>2022年，海盐县人民政府办公室主动公开政府信息352条。</p>\n" +
           "".join(f"<p>（{n}）{topic}。严格落实政府信息公开审查制度，坚持先审后发，围绕群众关切的教育、医疗、就业、"
                   "社会保障等领域及时发布政策文件和解读材料，规范栏目设置，做好信息更新和维护，确保公开内容"
                   "准确、完整、及时，切实保障公众的知情权、参与权和监督权。</p>\n"
                   for n, topic in zip("一二三四五", ("主动公开情况", "依申请公开情况", "政府信息管理情况",
                                                    "平台建设情况", "监督保障情况"))) +
           "<p>二、主动公开政府信息情况</p>\n<table border=\"1\">"
           "<tr><td colspan=\"4\">第二十条第（一）项</td></tr>"
           "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
           "<tr><td>规章</td><td>0</td><td>0</td><td>3</td></tr>"
           "<tr><td>行政规范性文件</td><td>8</td><td>2</td><td>41</td></tr>"
           "<tr><td colspan=\"4\">第二十条第（五）项</td></tr>"
           "<tr><td>信息内容</td><td colspan=\"3\">本年处理决定数量</td></tr>"
           "<tr><td>行政许可</td><td colspan=\"3\">517</td></tr></table>\n"
           "<p>三、收到和处理政府信息公开申请情况</p></div>\n")
assert ARTICLE.encode().find(b"<table") > 2048  # past the sniffer's first look, like real article bodies
ARTICLE_FACTS = {
    "active/rules/issued": "0", "active/rules/repealed": "0", "active/rules/in_force": "3",
    "active/normative_docs/issued": "8", "active/normative_docs/repealed": "2",
    "active/normative_docs/in_force": "41", "active/licensing/decisions": "517",
}

PINYIN = ("宜良县审计局2023年度報(bào)告\n"
          "根据《中华人民共和国政(zhèng)府信息公开条例》（以下简称《条例》）规定，现公布宜良县审计局"
          "2023年政府信息公开工作年度報(bào)告。附件(1)为统计表(单位:万元)，详见 (PDF) 版。\n"
          "一、总体情况\n2023年，我局主动公开政(zhèng)府信息85条。\n"
          "二、主动公开政府信息情况\n第二十条第（五）项 |\n信息内容 | 本年处理决定数量 |\n行政许(xǔ)可 | 12 |\n"
          "三、收到和处理政府信息公开申请情况\n")

