"""Report text, as a list of blocks: ("title" | "h1" | "p" | "sign", text) or ("table", name).

Every renderer prints these blocks. The RNG draws follow the order of the text (主动公开, the extra
paragraphs, 平台建设, 监督保障, 其他事项) and the narrative counts are recorded in the order they are
printed, so a document's prose, numbers and truth file depend only on its seed.
"""

from __future__ import annotations

import datetime as dt
import random

from .doc import Doc, f
from .labels import DENIED, NOT_PROCESSED, UNABLE, outcome_rows

Block = tuple[str, str]


def report_blocks(d: Doc, rng: random.Random, *, with_tables: tuple[str, ...] = ("active", "apps", "review"),
                  long: bool = True, extra: bool = False) -> list[Block]:
    """The whole report: opening, the six numbered parts (with the tables named in `with_tables`), signature."""
    b = _opening(d)
    b += _active_paragraphs(d, rng, extra=extra)
    b += _application_paragraph(d)
    b += _management_paragraphs(d, rng, long=long)
    b += _table_parts(d, with_tables)
    b += _closing(d, rng)
    return b


def _opening(d: Doc) -> list[Block]:
    """Title, the standard preamble and the first paragraph of 一、总体情况."""
    y = d.year
    fmt_doc = "国办公开办函〔2021〕30号" if d.template == "2021" else "国办公开办函〔2019〕60号"
    congress = {2019: "十九大和十九届二中、三中、四中全会", 2020: "十九大和十九届二中、三中、四中、五中全会",
                2021: "十九大和十九届历次全会"}.get(y, "二十大和二十届二中、三中全会" if y >= 2024 else "二十大")
    province = "自治区党委、政府" if d.region.startswith("宁夏") else "省委、省政府"
    b: list[Block] = [("title", f"{d.unit}{y}年政府信息公开工作年度报告")]
    b.append(("p", (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《国务院办公厅政府信息与政务公开办公室"
        f"关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（{fmt_doc}）要求，由{d.name}人民政府办公室"
        f"编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政"
        f"诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。本报告中所列数据的统计期限自{y}年1月1日起至{y}年"
        f"12月31日止。本报告电子版可在{d.name}人民政府门户网站（{d.site}）下载。如对本报告有任何疑问，请与{d.name}"
        f"人民政府办公室联系（地址：{d.address}；邮编：{d.postcode}；电话：{d.phone}）。")))
    b.append(("h1", "一、总体情况"))
    b.append(("p", (
        f"{y}年，{d.unit}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的{congress}精神，认真落实党中央、"
        f"国务院和{province}关于全面推进政务公开的决策部署，严格执行《条例》，坚持以公开为常态、不公开为"
        f"例外，围绕{d.scope}中心工作深化重点领域信息公开，不断提升政务公开质量和实效，有效保障人民群众知情权、参与权、"
        f"表达权和监督权。")))
    return b


def _active_paragraphs(d: Doc, rng: random.Random, *, extra: bool) -> list[Block]:
    """（一）主动公开, with the 规范性文件 counts of either template; `extra`: two more paragraphs of numbers."""
    b: list[Block] = []
    y, nc = d.year, d.narrative
    released = rng.choice([1200, 1500, 1800, 2300, 2600, 3100])
    legal = released // 3 + rng.randint(-50, 50)
    interp = rng.randint(18, 60)
    pressers = rng.randint(3, 15)
    nc["主动公开政府信息"] = f"{released}余"
    nc["法定主动公开内容"] = legal
    nc["政策解读"] = interp
    nc["新闻发布会"] = pressers
    if "active/normative_docs/issued" in d.facts:
        docs = (f"全年制发行政规范性文件{f(d, 'active/normative_docs/issued')}件，废止"
                f"{f(d, 'active/normative_docs/repealed')}件，截至年底现行有效行政规范性文件"
                f"{f(d, 'active/normative_docs/in_force')}件，均已在门户网站“行政规范性文件”栏目集中公开。")
        nc["制发行政规范性文件"] = f(d, "active/normative_docs/issued")
        nc["现行有效行政规范性文件"] = f(d, "active/normative_docs/in_force")
    elif "active/normative_docs/new_made" in d.facts:
        docs = (f"全年新制作规范性文件{f(d, 'active/normative_docs/new_made')}件，新公开"
                f"{f(d, 'active/normative_docs/new_published')}件，对外公开规范性文件总数"
                f"{f(d, 'active/normative_docs/total_published')}件。")
        nc["新制作规范性文件"] = f(d, "active/normative_docs/new_made")
    else:
        docs = ""
    b.append(("p", (
        f"（一）主动公开情况。{y}年，通过{d.name}人民政府门户网站主动公开政府信息{released}余条，其中机构职能、政策"
        f"文件、规划计划、财政预决算等法定主动公开内容{legal}条；发布政策解读{interp}篇，召开新闻发布会{pressers}场，"
        f"围绕乡村振兴、教育医疗、社会保障、生态环境等重点领域做好信息发布和解读回应。{docs}")))
    if extra:
        budget, projects, trades = rng.randint(150, 400), rng.randint(40, 160), rng.randint(300, 900)
        quotes, hotline = rng.randint(6, 20), rng.randint(30000, 90000)
        nc.update({"财政预决算信息": budget, "重大建设项目信息": projects, "公共资源交易信息": trades,
                   "主要负责人解读重要政策": quotes, "12345热线受理群众诉求": hotline})
        b.append(("p", (
            f"一是聚焦重点领域信息公开。围绕财政预决算、重大建设项目、公共资源配置、社会公益事业建设等领域，及时"
            f"准确公开相关信息。全年公开财政预决算信息{budget}条，重大建设项目批准和实施信息{projects}条，公共资源"
            f"交易信息{trades}条；乡村振兴、义务教育、基本医疗、养老服务等民生领域信息按月更新。")))
        b.append(("p", (
            f"二是做好政策解读和回应关切。坚持政策文件与解读材料同步组织、同步审签、同步部署，部门主要负责人解读"
            f"重要政策{quotes}次；依托“12345”政务服务便民热线受理群众诉求{hotline}件，对涉及群众切身利益的热点"
            f"问题及时发布权威信息，主动回应社会关切。")))
    return b


def _application_paragraph(d: Doc) -> list[Block]:
    """（二）依申请公开: the totals of table 三 in words (nothing when the document has no table 三)."""
    b: list[Block] = []
    y, nc = d.year, d.narrative
    if "applications/new_received/total" in d.facts:
        new = f(d, "applications/new_received/total")
        np_ = f(d, "applications/new_received/natural_person")
        co = f(d, "applications/carried_over/total")
        tot = f(d, "applications/total/total")
        cf = f(d, "applications/carried_forward/total")
        g = f(d, "applications/granted/total")
        p = f(d, "applications/partially_granted/total")
        den = sum(f(d, f"applications/{k}/total") for k, _ in DENIED)
        una = sum(f(d, f"applications/{k}/total") for k, _ in UNABLE)
        npr = sum(f(d, f"applications/{k}/total") for k, _ in NOT_PROCESSED)
        oth = sum(f(d, f"applications/{k}/total") for k in outcome_rows(d.template)[-3 if d.template == "2021" else -1:])
        nc.update({"受理政府信息公开申请": new, "自然人申请": np_, "法人或其他组织申请": new - np_, "上年结转": co,
                   "办结": tot, "予以公开": g, "部分公开": p, "不予公开": den, "无法提供": una, "不予处理": npr,
                   "其他处理": oth, "结转下年度继续办理": cf})
        b.append(("p", (
            f"（二）依申请公开情况。{y}年共受理政府信息公开申请{new}件，其中自然人申请{np_}件，法人或其他组织申请"
            f"{new - np_}件；上年结转{co}件。全年办结{tot}件，其中予以公开{g}件，部分公开{p}件，不予公开{den}件，"
            f"无法提供{una}件，不予处理{npr}件，其他处理{oth}件；结转下年度继续办理{cf}件。所有申请均在法定期限内"
            f"答复，未收取信息处理费。")))
    return b


def _management_paragraphs(d: Doc, rng: random.Random, *, long: bool) -> list[Block]:
    """（三）管理, （四）平台 and, in a long report, （五）监督保障."""
    b: list[Block] = []
    nc = d.narrative
    b.append(("p", (
        "（三）政府信息管理情况。严格落实政府信息公开保密审查制度，坚持“先审查、后公开”和“一事一审”原则，全年未"
        "发生泄密事件。动态调整主动公开基本目录，及时更新政府信息公开指南；开展行政规范性文件清理，清理结果向社会"
        "公布。")))
    media = rng.randint(12, 60)
    nc["政务新媒体"] = media
    b.append(("p", (
        f"（四）政府信息公开平台建设情况。优化政府门户网站政府信息公开专栏，规范设置“法定主动公开内容”“政策文件”"
        f"“政策解读”等栏目。加强政务新媒体规范管理，{d.scope}共有政务新媒体{media}个，均已纳入统一监管；在政务服务"
        f"中心、档案馆设置政府信息公开查阅点，方便群众就近查阅。")))
    if long:
        trainings = rng.randint(2, 8)
        trainees = rng.choice([150, 200, 260, 300, 420])
        nc["业务培训"] = trainings
        nc["培训人次"] = f"{trainees}余"
        b.append(("p", (
            f"（五）监督保障情况。将政务公开工作纳入年度综合考核，组织开展政务公开业务培训{trainings}次，培训"
            f"{trainees}余人次；按季度开展政府网站和政务新媒体检查，对发现的问题督促整改到位。本年度未发生因政务公开"
            f"工作不到位引发的责任追究情况。")))
    return b


def _table_parts(d: Doc, with_tables: tuple[str, ...]) -> list[Block]:
    """Parts 二, 三 and 四: headings, the tables named in `with_tables`, the 复议/诉讼 sentence."""
    b: list[Block] = []
    y, nc = d.year, d.narrative
    b.append(("h1", "二、主动公开政府信息情况"))
    if "active" in with_tables:
        b.append(("table", "active"))
    b.append(("h1", "三、收到和处理政府信息公开申请情况"))
    if "apps" in with_tables:
        b.append(("table", "apps"))
    b.append(("h1", "四、政府信息公开行政复议、行政诉讼情况"))
    if d.mention_review and "review_litigation/review/total" in d.facts:
        r = f(d, "review_litigation/review/total")
        lit = f(d, "review_litigation/litigation_direct/total") + f(d, "review_litigation/litigation_after_review/total")
        nc["政府信息公开行政复议"] = r
        nc["政府信息公开行政诉讼"] = lit
        b.append(("p", f"{y}年，{d.unit}共发生政府信息公开行政复议案件{r}件、行政诉讼案件{lit}件，具体情况如下："))
    if "review" in with_tables:
        b.append(("table", "review"))
    return b


def _closing(d: Doc, rng: random.Random) -> list[Block]:
    """Parts 五 and 六, then the signature and the publication date."""
    b: list[Block] = []
    y, nc = d.year, d.narrative
    b.append(("h1", "五、存在的主要问题及改进情况"))
    b.append(("p", (
        f"{y}年，{d.we}政府信息公开工作取得了一定成效，但对照上级要求和人民群众期盼，仍存在一些不足：一是部分单位对"
        f"政务公开工作重视不够，主动公开意识有待增强；二是政策解读形式较为单一，图文、视频等解读方式运用不多；三是"
        f"基层政务公开标准化规范化建设推进不够平衡，工作人员业务能力有待提升。")))
    b.append(("p", (
        f"{y + 1}年，{d.we}将重点做好以下工作：一是强化统筹协调，压实各部门政务公开工作责任，把政务公开贯穿政务运行"
        f"全过程；二是丰富政策解读形式，提高解读的针对性和可读性，及时回应社会关切；三是加强业务培训和督促检查，推动"
        f"基层政务公开标准化规范化工作向纵深发展。")))
    b.append(("h1", "六、其他需要报告的事项"))
    proposals = rng.randint(40, 160)
    motions = rng.randint(30, 120)
    nc["人大代表建议"] = proposals
    nc["政协提案"] = motions
    fee = ("（一）按照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）规定，本年度未收取信息处理费。"
           if y >= 2021 else "（一）本年度未收取政府信息公开相关费用。")
    b.append(("p", fee))
    b.append(("p", f"（二）本年度共承办人大代表建议{proposals}件、政协提案{motions}件，均已按期办结，办复率100%。"))
    b.append(("p", "（三）本年度无其他需要报告的事项。"))
    b.append(("sign", d.unit))
    pub = dt.date.fromisoformat(d.pub_date)
    b.append(("sign", f"{pub.year}年{pub.month}月{pub.day}日"))
    return b
