"""Vocabulary for reading counts out of report prose (`pipeline.prose`).

Word lists only, no logic: the fact words jieba must keep whole, the verbs that head a count's
phrase, the words stripped from either end of a phrase, the measure words (量词) that make a
number a count, and the words that say whose count it is (scope).
"""

from __future__ import annotations

import re

# Words jieba must keep whole so that a phrase is cut at the right place ('主动公开' + '政府信息',
# not '主动' + '公开政府' ...). Loaded once per process with a high frequency.
USER_WORDS: tuple[str, ...] = (
    "主动公开", "依申请公开", "依申请公开件", "政府信息公开申请", "信息公开申请", "政府信息公开",
    "政府信息", "各类政府信息", "行政复议", "行政诉讼", "结果维持", "结果纠正", "其他结果",
    "尚未审结", "上年结转", "上年度结转", "结转下年度", "顺延到下年度", "信息处理费",
    "新闻发布会", "新闻通气会", "政策解读", "解读材料", "政务新媒体", "12345", "门户网站",
    "政府网站", "政府门户网站", "我市", "我区", "我县", "全市", "全区", "全县", "全州", "市政府",
    "区政府", "县政府", "本机关", "办结", "办结率", "答复率", "办复率", "公开发布", "组织召开",
    "组织开展", "予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理", "政务公开",
    "各类", "依法依规", "接处", "转办", "新录用", "梳理出", "新发布", "微信公众号", "政务微博",
    "市长信箱", "申请人", "主动撤回", "公开属性审查", "发布审查", "政务通报", "决策听证",
    "重大决策事项公示", "重点工作通报", "问政平潭", "入库", "秒批", "上线", "汇聚", "曝光",
    "信息公开", "复议", "诉讼", "缩至", "宣布废止", "事项", "占比", "公共服务事项", "公开事项",
    "全覆盖", "市政府网站", "区政府网站", "县政府网站", "市政府门户网站", "区政府门户网站",
    "县政府门户网站", "年度", "区直", "县直", "市直", "片区", "业务系统", "电子证照", "总浏览量",
    "拟适时", "下年度", "上年度", "我办", "我委", "我厅", "本局", "本委", "本厅",
    "全街", "全乡", "我街道", "我镇", "我乡", "镇街",
)

# Verbs that head a count's phrase ('受理' in '全市共受理政府信息公开申请3119件').
VERBS: frozenset[str] = frozenset({
    "主动公开", "公开发布", "公开", "发布", "公布", "受理", "收到", "接收", "接到", "接处", "新收",
    "办结", "答复", "办理", "办复", "转办", "召开", "举办", "举行", "组织召开", "开展", "组织开展",
    "组织", "制作", "编辑", "编制", "印发", "刊登", "刊发", "刊出", "完成", "新增", "新发布",
    "上线", "覆盖", "汇聚", "汇集", "梳理", "梳理出", "清理", "入库", "调用", "解决", "回应",
    "曝光", "整合", "提出", "接待", "参加", "收取", "审查", "对接", "关停", "备案", "录用",
    "新录用", "配备", "废止", "宣布废止", "修改", "制定", "出台", "推送", "转发", "处理",
    "办理完毕", "征集", "收集", "发放", "开设", "建成", "督办", "反馈",
    "采纳", "走访", "进行", "实现", "转接", "顺延", "提起", "入驻", "拥有", "发行", "传达",
    "督促整改", "审核", "更新", "集中公开", "转载", "报送", "上报", "播出",
    "推出", "聘请", "邀请", "召集", "缩至", "缩短", "增长", "下降", "减少", "增加", "明确",
    "确定", "涵盖", "顺延到下年度", "结转下年度", "收件",
})

# Verbs dropped from a phrase when something follows them ('开展重大决策事项公示' → '重大决策事项公示').
LIGHT_VERBS: frozenset[str] = frozenset({"开展", "进行", "实现", "组织开展", "组织", "完成", "拥有"})

# Tokens dropped from the start of a phrase: discourse words, adverbs, prepositions, subjects.
LEAD_STRIP: frozenset[str] = frozenset({
    "其中", "同时", "另有", "另", "另外", "此外", "并", "并且", "还", "又", "已", "已经", "共",
    "共计", "累计", "累积", "合计", "总计", "一共", "总共", "均", "全部", "先后", "依法", "依规",
    "依法依规", "及时", "积极", "认真", "持续", "进一步", "扎实", "有效", "共有", "含", "包括",
    "因", "将", "把", "对", "从", "在", "通过", "依托", "利用", "于", "年内", "期间", "截至", "涉及",
    "结合", "拟", "适时", "拟适时", "加强", "现将", "其余", "相关", "发生", "出现", "产生",
    "截止", "目前", "至今", "今年", "全年", "去年", "当年", "本年", "本年度", "年度", "以来",
    "全市", "全区", "全县", "全州", "全省", "全镇", "全街", "全乡", "我市", "我区", "我县", "我街道", "我镇",
    "我乡", "我局", "我办", "我委", "我厅", "本办", "本局", "本委", "本厅", "本机关",
    "本单位", "本部门", "本级", "有", "为", "达", "是", "了", "的", "和", "及", "与", "以及",
    "各", "共同", "率先", "新", "再", "仍", "均已", "已全部", "全面", "大力", "切实",
    "严格", "主要", "如", "比如", "即", "属", "属于", "由", "自", "至", "按", "按照", "经",
    "都", "一是", "二是", "三是", "四是", "五是", "首推", "同期", "此前", "之前", "迄今",
})

# Tokens dropped from the end of a phrase ('粉丝达' → '粉丝', '行政复议数量' → '行政复议').
TRAIL_STRIP: frozenset[str] = frozenset({
    "共", "共计", "计", "达", "达到", "为", "约", "累计", "累积", "合计", "总计", "分别", "各",
    "均", "已", "有", "了", "是", "的", "数量", "由", "共有", "总数", "占", "已达", "超", "近",
    "逾", "突破", "至", "等", "约占", "总数为", "数为", "量为", "一共", "总共", "高达", "多达",
    "仅", "只", "和", "及", "与", "其中", "最高", "最高达", "再", "又", "还", "并", "以及", "都",
})

# Words after which the rest of a clause is the head of the phrase ('因…等原因无法提供' → '无法提供').
CUT_AFTER: tuple[str, ...] = ("等原因", "原因")

# A pre-verb subject kept in the phrase when it names a channel ('政府网站主动公开政府信息').
CHANNEL_SUFFIXES: tuple[str, ...] = (
    "网站", "新媒体", "公众号", "微博", "平台", "客户端", "热线", "信箱", "门户", "网", "专栏",
    "专线", "APP", "小程序", "头条号", "抖音号", "视频号",
)

# Words naming the channel a release count went out on: two release counts of one sentence, each
# named by its channel ('政府网站公开…120条，政务微信公开…400条'), are parts, neither the total.
RELEASE_CHANNEL_RE = re.compile(
    r"网站|门户|微信|微博|公众号|新媒体|客户端|平台|APP|小程序|抖音|头条号|视频号|宣传栏|公开栏|公示栏"
)

# Tokens that stop reading the noun after a count ('16个部门进行…' stops at '进行').
FOLLOW_STOP: frozenset[str] = frozenset({
    "的", "中", "均", "全部", "已", "已经", "通过", "被", "在", "对", "为", "是", "于", "并",
    "将", "从", "由", "向", "共", "各", "都", "全", "来自", "参与", "实现", "进行", "得到", "获得",
    "占", "占比", "同比", "较", "比", "以", "做到", "达到", "涉及", "及时", "有效", "积极",
    "和", "与", "以及", "对于", "实施", "运行", "累积", "累计", "有机", "融合", "之", "其",
})

# Pre-verb subjects that name a body ('各乡镇', '区直、县直各单位', '市人民政府办公室'): dropped
# from the phrase (the count is that body's), unlike a channel ('政府网站') or a modifier ('其他应').
BODY_SUFFIXES: tuple[str, ...] = (
    "单位", "部门", "乡镇", "机关", "政府", "局", "委", "办", "办公室", "办公厅", "中心", "街道",
    "各地", "各级", "管委会", "领导小组", "市", "区", "县", "州", "省", "镇", "乡", "镇街", "我们",
)

# Tokens after which the rest of a clause starts over ('…纳入考评体系且考评分值权重为4%').
CUT_TOKENS: frozenset[str] = frozenset({"且", "并且", "从而", "进而", "有", "共有"})

# What an audience does with published information: a count of it is never a count of releases
# ('信息公开专栏访问量72065人次').
AUDIENCE_RE = re.compile(r"访问|浏览|阅读|点击|下载|播放|关注|订阅|转发|评论|点赞|粉丝")

# A number printed without a measure word is a count only right after one of these nouns (with
# at most a linking verb between): '订阅人数为6113', '累计访问量达56789', '粉丝数 1200'.
COUNT_NOUN_BEFORE_RE = re.compile(
    r"(?:人数|人次|数量|总量|总数|件数|条数|次数|粉丝数?|用户数|"
    rf"(?:{AUDIENCE_RE.pattern}|发布|发文|留言|来电|来信|咨询|办件|受理|办结)"
    r"[量数])"
    r"(?:为|达|达到|已达|共|共计|累计|合计|总计|超过|突破|约|近|逾|已)?"
    r"(?:近|约|超过|超|逾|突破)?$"
)

# Words in a clause before '…3名' / '…2位' that make the number a ranking ('排名前进了3名',
# '位次上升2位'), not a count of people.
RANK_RE = re.compile(r"排名|名次|位次|排位|排序|前进|前移|后移|上升|提升|进步|下降|后退|下滑|跃升|跃居|位列|位居|晋升")

# Measure words (量词) that make a number a count. Longer first.
UNITS: tuple[str, ...] = (
    "万人次", "人次", "场次", "件次", "个次", "户次", "分钟", "大类", "大项", "小项", "余件", "万元",
    "亿元", "元", "件", "条", "个", "项", "次", "期", "场", "家", "人", "份", "篇", "户", "起",
    "类", "通", "台", "套", "名", "位", "批", "宗", "张", "幅", "册", "部", "所", "座", "处", "例",
    "段", "集", "组", "支", "种", "封", "轮", "%",
)

# A measure-word character followed by one of these is a word, not a measure word
# ('3项目', '5人民', '10条例'): the number is not a count.
NON_MEASURE_WORDS: frozenset[str] = frozenset({
    "项目", "人民", "人大", "人员", "条例", "条件", "条款", "期间", "期限", "期刊", "类型", "类别",
    "个人", "个体", "个别", "名单", "名称", "名义", "位置", "场所", "场地", "户籍", "户口", "部门",
    "部署", "部分", "台账", "家庭", "通知", "通过", "通报", "起诉", "起草", "起点", "次数", "份额",
    "批准", "批复", "批次", "张贴", "所有", "所属", "处理", "处罚", "处置", "件数", "座谈", "套餐",
    "篇幅", "幅度", "宗旨", "例如", "集中", "组织", "组建", "段落", "种类", "届时", "轮流", "封面",
    "人口", "人群", "人工", "名额", "位于", "条线", "类似", "部委", "家属", "场景", "张榜", "组长",
    "次要", "通道", "通讯", "通信", "通用", "通畅", "起来", "人士",
})

# After '个' these are durations or periods, not counted things ('5个工作日', '四个季度').
AFTER_GE_NOT_COUNT: tuple[str, ...] = (
    "工作日", "月", "小时", "季度", "百分点", "年", "周", "星期", "自然日", "工作周", "多月",
    "半月", "交易日", "学时", "课时", "批次", "部分", "方面", "位次", "名次",
)

# Words before a number that make it a threshold or an ordinal rather than a count.
THRESHOLD_BEFORE: tuple[str, ...] = (
    "不少于", "不超过", "不低于", "不高于", "至少", "最多", "不足", "低于", "高于", "少于", "多于",
    "不到", "不得超过", "控制在", "以内",
)
# Numbers followed by these are limits, thresholds or scoring rules ('30分钟内办结', '1万+的信息',
# '缺1项扣0.1分').
THRESHOLD_AFTER: tuple[str, ...] = ("以内", "之内", "以下", "内", "+", "以上的", "扣", "的扣", "及以上")

# Approximation prefixes kept in `raw` (they change the meaning of the number).
APPROX_PREFIX_RE = r"近|约|超过|超|逾|突破"
# Characters that, placed before 近/超, make them part of another word ('最近', '赶超').
APPROX_PREFIX_BLOCK = set("最附接临将靠赶")

# Who the count belongs to. Matched on text, leftmost first; '我市/我区/我县' (and a township or
# street office's '我镇/我乡/我街道') are matched so that '我区政府信息公开单位' is not read as '区政府',
# and map to no scope (the text does not say whether the whole area or the government itself is meant).
# The reporting office or department speaking of itself ('我办', '本局') is 本机关.
# ('本办法' is a regulation, '我办理' a verb: 办 followed by 法/理/事 is not the office)
OFFICE_SELF: tuple[str, ...] = ("办公室", "办公厅", "办", "局", "委", "厅", "署", "中心")
SCOPE_RE = re.compile(
    r"全市|全区|全县|全州|全省|全镇|全街|全乡(?!镇)|本机关|本单位|本部门|我市|我区|我县|我街道|我镇|我乡(?!镇)|"
    r"市人民政府|区人民政府|"
    r"县人民政府|州人民政府|市政府|区政府|县政府|州政府|省政府|"
    r"[我本](?:" + "|".join(o + "(?![法理事])" if o == "办" else o for o in OFFICE_SELF) + ")"
)
SCOPE_MAP: dict[str, str | None] = {
    "市人民政府": "市政府", "区人民政府": "区政府", "县人民政府": "县政府", "州人民政府": "州政府",
    "我市": None, "我区": None, "我县": None, "我街道": None, "我镇": None, "我乡": None,
    **{f"{a}{b}": "本机关" for a in "我本" for b in OFFICE_SELF},
}
# '办理向市政府申请的…' — the addressee of the applications is the scope.
ADDRESSEE_SCOPE_RE = re.compile(r"向(市政府|区政府|县政府|州政府|本机关|市人民政府|区人民政府|县人民政府)")

# Outcomes listed under a 行政复议 / 行政诉讼 total ('其中，结果维持72件，结果纠正64件…').
OUTCOMES: dict[str, str] = {
    "结果维持": "upheld", "维持": "upheld", "结果纠正": "corrected", "纠正": "corrected",
    "其他结果": "other", "尚未审结": "pending", "未审结": "pending",
}
PARENTS: dict[str, tuple[str, str]] = {
    "行政复议": ("行政复议", "review"), "复议": ("行政复议", "review"),
    "行政诉讼": ("行政诉讼", "litigation"), "诉讼": ("行政诉讼", "litigation"),
}

# Zero counts written as words ('未收到政府信息公开申请', '未发生行政复议').
ZERO_NEG_RE = re.compile(
    r"(?:未|没有|暂未|并未|均未|从未)(?P<verb>收到|接到|受理|发生|出现|引发|产生|涉及|收取|有)"
)
ZERO_OBJECTS = re.compile(
    r"政府信息公开申请|信息公开申请|依申请公开|申请|行政复议|行政诉讼|信息处理费|处理费|收费|费用"
)
# A zero statement about a qualified subset ('未发生…被行政复议纠错', '因…不规范引起行政复议') is
# recorded, but not as the total.
ZERO_QUALIFIED = re.compile(r"纠错|纠正|败诉|不规范|不当|错误|违法")

# Time expressions removed before a phrase is segmented.
TIME_RE = re.compile(
    r"截[至止]\d{4}年\d{1,2}月(?:\d{1,2}日|底|末)?|截[至止](?:目前|今|年底)|\d{4}年(?:度|以来|全年)?|"
    r"\d{1,2}月(?:\d{1,2}日)?(?:底|末|份|以来)?|(?:今|去|当|全|本)年度?(?:以来)?|目前|至今|"
    r"年内|以来|同期"
)

# Answers and channels of applications, as pre-2019 prose lists them ('其中同意公开25件，同意部分公开3件，
# 不同意公开2件，信息不存在4件，不属于本机关公开范围的1件'; '当面申请20件，网上申请12件'): metric and the
# pattern the whole phrase (dropped subject included) must match. Narrower first.
APPLICATION_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((m, re.compile(p)) for m, p in (
    ("granted_and_partially_granted", r"(?:同意|予以)公开(?:及|和|与|、|或)部分(?:同意|予以)?公开(?:答复)?"),
    ("partially_granted", r"(?:同意)?部分(?:同意|予以)?公开(?:答复)?"),
    ("denied", r"(?:不同意|不予|否决)公开(?:答复)?"),
    ("granted", r"(?:同意|予以)公开(?:答复)?"),
    ("not_held", r"(?:申请的?)?(?:政府)?信息不存在|(?:本机关)?不掌握(?:相关)?(?:政府)?信息"),
    ("not_ours", r"(?:不属于|非)本(?:行政)?机关(?:公开|掌握)?的?(?:公开)?(?:职责)?(?:范围)?"),
    ("unclear", r"申请内容不明确"),
    ("unable", r".{0,12}无法提供(?:答复)?"),  # '(因信息不存在)无法提供'
    ("not_processed", r"不予处理"),
    ("applications_by_channel_in_person", r"(?:当面|现场)(?:提出|提交|递交)?(?:申请)?"),
    ("applications_by_channel_online", r"(?:网上|网络|在线)(?:提出|提交)?申请"),
    ("applications_by_channel_letter", r"以?(?:信函|邮寄|来信)(?:形式)?(?:提出|提交|递交)?申请"),
    ("applications_by_channel_fax", r"传真(?:提出|提交)?(?:申请)?"),
    ("applications_by_channel_email", r"(?:电子)?邮件(?:提出|提交)?申请"),
))

# A number printed without a measure word is also a count when its share follows it
# ('部分公开67，占4.61%', '不予公开3（7.5%）').
SHARE_AFTER_RE = re.compile(r"(?:[，,]\s*(?:约)?占(?:比)?(?:为)?\s*|[（(])\d+(?:\.\d+)?%")

# A subject naming every body of the area ('全区各职能部门、镇街', '全县所有单位'): the count is the
# area-wide total, like '全区' alone.
AREA_WIDE_SUBJECT_RE = re.compile(r"^[，、\s]*(?:全市|全区|全县|全州|全省|全镇|全街|全乡)(?:各|所有)")

# '依申请公开信息' / '依申请公开政府信息' name a kind of information, not applications: a sentence
# that lists them ('主动公开信息200条，依申请公开信息60条，不予公开40条') is not about answers to
# applications unless a verb of receiving or answering governs them.
INFO_KIND_RE = re.compile(r"依申请公开(?:的)?(?:政府)?信息")
APPLICATION_VERB_RE = re.compile(r"(?:受理|收到|接到|接收|新收|答复|办结|办理)[^，。；]{0,8}依申请")
