"""Demo catalogue of 宝山区规划和自然资源局: its 2018-2019 history such that its 2019 table 二 equals the seed
report's, and current-year items in every state of the attribute decision (built with the real actions).

Historic items go through ``gongkai.catalogue.bulk.bulk_publish`` (the bulk path writing what
``publish`` writes) so that ``gongkai demo`` stays fast. Idempotent: nothing is added twice.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.utils import timezone

from gongkai.agencies.calendar import get_calendar
from gongkai.agencies.demo import DemoContext
from gongkai.catalogue import actions
from gongkai.catalogue.bulk import HistoricItem, bulk_publish
from gongkai.catalogue.models import CatalogueItem, T2Figure

TOWNS = ("罗店镇", "顾村镇", "大场镇", "杨行镇", "月浦镇", "罗泾镇", "庙行镇", "淞南镇", "高境镇", "友谊路街道", "吴淞街道", "张庙街道")
PROJECTS = ("住宅项目", "商业办公楼项目", "九年一贯制学校新建工程", "社区文化活动中心", "养老院新建工程", "道路新建工程",
            "标准厂房项目", "公共绿地工程", "110千伏变电站工程", "社区卫生服务中心", "动迁安置房项目", "停车库项目")
COMPANIES = ("上海宝山置业有限公司", "上海罗店建设发展有限公司", "上海顾村实业有限公司", "上海大场房地产开发有限公司",
             "上海杨行物流有限公司", "上海月浦建材有限公司", "上海淞南机械制造有限公司", "上海宝钢不锈钢有限公司")
NORMATIVE_2019 = (
    ("宝山区规划和自然资源局关于加强土地储备管理的实施意见", "宝规划资源规〔2019〕1号"),
    ("宝山区控制性详细规划编制和调整管理办法", "宝规划资源规〔2019〕2号"),
    ("宝山区集体经营性建设用地入市管理试行办法", "宝规划资源规〔2019〕3号"),
)
FEES = (
    ("土地复垦费收费项目及标准", "沪价费〔2017〕12号"),
    ("耕地开垦费收费项目及标准", "沪财综〔2017〕8号"),
    ("不动产登记费收费项目及标准", "发改价格规〔2016〕2559号"),
)
PLANS = (
    ("宝山区罗店镇控制性详细规划局部调整", "2019-03-12"),
    ("宝山区顾村镇控制性详细规划（公示稿）", "2019-06-20"),
    ("宝山区土地利用总体规划（2017-2035年）", "2019-09-05"),
    ("宝山区大场镇控制性详细规划修编", "2019-11-18"),
)
# 2019 table 二 of the seed: decisions per kind in 2018 and 2019.
DECISIONS = {"license": (1479, 1379), "other_services": (404, 380), "penalty": (41, 38), "coercion": (0, 5)}


def _title(kind: str, rnd: random.Random, year: int, n: int) -> tuple[str, str, str, str]:
    town, project, company = rnd.choice(TOWNS), rnd.choice(PROJECTS), rnd.choice(COMPANIES)
    if kind == "license":
        doc = f"沪规建（宝）{year}{n:04d}号" if n % 3 else f"沪规地（宝）{year}{n:04d}号"
        what = "建设工程规划许可证" if n % 3 else "建设用地规划许可证"
        return (f"{town}{project}{what}", doc, "城乡建设",
                f"根据《中华人民共和国城乡规划法》第四十条，经审查，同意核发{company}{town}{project}{what}。")
    if kind == "other_services":
        what = rnd.choice(("规划设计方案审批结果公示", "建设工程竣工规划资源验收合格证", "临时用地审批结果",
                           "国有建设用地使用权出让（土地出让）结果公示", "建设项目用地预审意见"))
        return (f"{town}{project}{what}", f"宝规划资源审〔{year}〕{n}号", "国土资源、能源",
                f"{company}申请的{town}{project}{what.replace('公示', '')}已办结，现予公开。")
    if kind == "penalty":
        what = rnd.choice(("违法占用土地", "未取得建设工程规划许可证进行建设", "非法采矿", "违反土地管理法规擅自改变土地用途"))
        return (f"关于{company}{what}案的行政处罚决定书", f"宝规划资源罚〔{year}〕{n}号", "国土资源、能源",
                f"{company}在{town}{what}，违反《中华人民共和国土地管理法》，决定给予罚款并责令限期改正。")
    if kind == "coercion":
        return (f"关于{town}违法建筑的强制拆除决定", f"宝规划资源强〔{year}〕{n}号", "城乡建设",
                f"当事人在{town}未取得建设工程规划许可证进行建设，逾期未自行拆除，依法强制拆除。")
    raise ValueError(kind)


def _history(rnd: random.Random, cal) -> list[HistoricItem]:  # type: ignore[no-untyped-def]
    rows: list[HistoricItem] = []
    for kind, counts in DECISIONS.items():
        for year, count in zip((2018, 2019), counts):
            for n in range(1, count + 1):
                formed = dt.date(year, 1, 2) + dt.timedelta(days=rnd.randrange(0, 355))
                delay = rnd.randrange(1, 20) if rnd.random() > 0.02 else rnd.randrange(40, 60)
                title, doc, topic, body = _title(kind, rnd, year, n)
                rows.append(HistoricItem(title=title, kind=kind, formed_on=formed,
                                         published_on=formed + dt.timedelta(days=delay), doc_number=doc,
                                         topic=topic, summary=body[:60], body=body))
    for i, (title, doc) in enumerate(NORMATIVE_2019):
        formed = dt.date(2019, 3 + i * 3, 10)
        rows.append(HistoricItem(
            title=title, kind="normative", formed_on=formed, published_on=formed + dt.timedelta(days=7),
            doc_number=doc, topic="国土资源、能源",
            summary=f"为规范本区{title[9:]}工作，制定本规范性文件。",
            body=f"各有关单位：为进一步加强本区规划和土地管理，根据有关法律法规，结合本区实际，制定{title}。本文件自印发之日起施行，有效期五年。"))
    for title, doc in FEES:
        formed = dt.date(2017, 5, 8)
        rows.append(HistoricItem(title=title, kind="fee", formed_on=formed, published_on=formed + dt.timedelta(days=5),
                                 doc_number=doc, topic="财政、金融、审计",
                                 summary=f"公开{title[:-5]}的收费依据和标准。", body=f"{title}：依据{doc}执行。"))
    for title, day in PLANS:
        formed = dt.date.fromisoformat(day)
        rows.append(HistoricItem(title=title, kind="plan", formed_on=formed, published_on=formed + dt.timedelta(days=3),
                                 topic="城乡建设", summary=f"{title}，范围内规划用地布局和土地使用控制指标。",
                                 body=f"{title}。规划范围内土地使用性质、开发强度、公共服务设施和道路交通规划。"))
    rows.append(HistoricItem(title="宝山区规划和自然资源局2019年部门预算", kind="budget", formed_on=dt.date(2019, 2, 1),
                             published_on=dt.date(2019, 2, 20), topic="财政、金融、审计",
                             summary="2019年部门预算及“三公”经费预算说明。", body="2019年部门预算收支总表、财政拨款收支总表。"))
    return rows


def _current_year(ctx: DemoContext, today: dt.date) -> None:
    """A few items of this year in every state of the attribute decision, some published late."""
    planning, u = ctx.agencies["planning"], ctx.users
    clerk, reviewer, head = u["clerk"], u["reviewer"], u["head"]
    cal = get_calendar()
    now = timezone.make_aware(dt.datetime.combine(today, dt.time(10, 0)))
    y = today.year

    def draft(title: str, kind: str, days_ago: int, doc: str = "", summary: str = "", body: str = ""):  # type: ignore[no-untyped-def]
        return actions.create_draft(agency=planning, actor=clerk, now=now, title=title, kind=kind,
                                    formed_on=today - dt.timedelta(days=days_ago), doc_number=doc,
                                    summary=summary or title, body=body or f"{title}。", topic="城乡建设")

    draft(f"{y}年宝山区土地储备计划（征求意见稿）", "plan", 3)
    it = draft(f"罗店镇{y}年控制性详细规划局部调整方案", "plan", 6, summary="罗店镇控制性详细规划局部调整，涉及地块用地性质调整。")
    actions.propose_attribute(item=it, actor=clerk, now=now, attribute="proactive", secrecy_reviewed=True)
    it = draft(f"顾村镇动迁安置房项目建设工程规划许可证（沪规建（宝）{y}0412号）", "license", 8)
    actions.propose_attribute(item=it, actor=clerk, now=now, attribute="proactive", secrecy_reviewed=True)
    actions.review_attribute(item=it, actor=reviewer, now=now, approve=True)
    it = draft("宝山区规划和自然资源局关于某地块土地出让的请示", "other", 10)
    actions.propose_attribute(item=it, actor=clerk, now=now, attribute="withheld", reason="process_information",
                              secrecy_reviewed=True, note="请示报告，属于过程性信息")
    actions.review_attribute(item=it, actor=reviewer, now=now, approve=True)
    actions.sign_off(item=it, actor=head, now=now)
    old_now = now - dt.timedelta(days=400)
    it = actions.create_draft(agency=planning, actor=clerk, now=old_now, title="大场镇土地征收补偿安置方案（内部讨论稿）",
                              kind="land_expropriation", formed_on=today - dt.timedelta(days=420), topic="国土资源、能源",
                              summary="大场镇集体土地征收补偿安置方案讨论稿。")
    actions.propose_attribute(item=it, actor=clerk, now=old_now, attribute="on_request", reason="specific_party",
                              secrecy_reviewed=True)
    actions.review_attribute(item=it, actor=reviewer, now=old_now, approve=True)
    actions.sign_off(item=it, actor=head, now=old_now)  # due for the yearly self-review
    for title, kind, formed_ago, doc in (
        (f"宝山区规划和自然资源局{y}年政府信息公开工作要点", "other", 12, ""),
        (f"杨行镇社区文化活动中心建设工程规划许可证（沪规建（宝）{y}0388号）", "license", 9, f"沪规建（宝）{y}0388号"),
        ("关于上海淞南机械制造有限公司违法占用土地案的行政处罚决定书", "penalty", 45, f"宝规划资源罚〔{y}〕7号"),
        (f"宝山区月浦镇控制性详细规划（{y}年修编）", "plan", 70, ""),
        ("宝山区规划和自然资源局关于规范临时用地管理的通知", "normative", 15, f"宝规划资源规〔{y}〕1号"),
    ):
        it = draft(title, kind, formed_ago, doc=doc)
        actions.propose_attribute(item=it, actor=clerk, now=now, attribute="proactive", secrecy_reviewed=True)
        actions.review_attribute(item=it, actor=reviewer, now=now, approve=True)
        actions.sign_off(item=it, actor=head, now=now)
        actions.publish(item=it, actor=clerk, now=now, calendar=cal)


def load(ctx: DemoContext) -> None:
    planning = ctx.agencies["planning"]
    if CatalogueItem.objects.filter(agency=planning).exists():
        return
    rnd = random.Random(20191231)
    today = timezone.localdate()
    now = timezone.now()
    cal = get_calendar()
    bulk_publish(agency=planning, rows=_history(rnd, cal), calendar=cal, now=now, actor=None, events=False)
    for year, sub, row, col, value, source in (
        (2019, "t2_a20_9", "procurement", "projects", 48, "宝山区政府采购管理系统2019年度统计"),
        (2019, "t2_a20_9", "procurement", "amount", Decimal("2532358"), "宝山区政府采购管理系统2019年度统计（253.2358万元）"),
    ):
        T2Figure.objects.update_or_create(
            agency=planning, year=year, subtable=sub, row=row, column=col,
            defaults={"value": value, "source": source, "entered_by": ctx.users.get("clerk"), "entered_at": now},
        )
    # A few items of the other agencies, so that the platform-wide column and search have company.
    for key, rows in (
        ("district", [HistoricItem(title="宝山区国民经济和社会发展第十四个五年规划纲要", kind="plan", formed_on=dt.date(2021, 2, 1),
                                   published_on=dt.date(2021, 2, 8), topic="国民经济管理、国有资产监管",
                                   summary="宝山区“十四五”规划纲要，明确土地利用和城市更新目标。",
                                   body="规划纲要提出，优化国土空间布局，推进土地节约集约利用。")]),
        ("transport", [HistoricItem(title="宝山区综合交通专项规划", kind="plan", formed_on=dt.date(2020, 6, 1),
                                    published_on=dt.date(2020, 6, 10), topic="交通",
                                    summary="宝山区综合交通专项规划，含轨道交通和道路网规划。",
                                    body="规划提出完善道路网络，加强与土地利用的协调。")]),
    ):
        if key in ctx.agencies and not CatalogueItem.objects.filter(agency=ctx.agencies[key]).exists():
            bulk_publish(agency=ctx.agencies[key], rows=rows, calendar=cal, now=now)
    _current_year(ctx, today)
