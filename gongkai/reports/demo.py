"""Demo annual reports, composed by the system from the records (issue 5).

* 宝山区规划和自然资源局 2019: composed from the demo registers (catalogue, applications, appeals) and the
  2019 work log; its tables 二/三/四 equal the seed's in every cell. The narrative is the seed's prose
  with every figure bound to its cell (so the seed's "无法提供95件" beside 97 and "4件，占总数的2%" for
  4 of 347 cannot occur). Published on 20 January 2020, within the Art. 49 deadline.
* 宝山区规划和自然资源局 2020: composed (the 54 cases carried over from 2019) and published on 25 January 2021.
* 宝山区交通委员会 2019: composed and submitted; 宝山区生态环境局 2019: not submitted.
* 宝山区人民政府 2019: the district roll-up (own records + submitted department reports), a draft.
* 宝山区规划和自然资源局, current year: a draft in progress.

If a register is missing (its app not installed), the seed's tables are used instead (from the copy in
``gongkai/reports/data/seed-2019.json``), so the demo always shows the seed report.
Idempotent (reports are looked up by agency and year) and deterministic.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from gongkai.reports import actions
from gongkai.reports.models import AnnualReport, ReportStatus, WorkLogEntry, WorkLogKind

SEED_JSON = Path(__file__).parent / "data" / "seed-2019.json"

# The seed's figures in its prose that are facts of the work log (2019).
WORK_LOG_2019 = [
    (dt.date(2019, 12, 31), WorkLogKind.NEWMEDIA_PUSH, 103, "宝山规土微信公众号全年推送"),
    (dt.date(2019, 12, 31), WorkLogKind.NEWMEDIA_READS, 41781, "微信公众号全年总阅读量"),
    (dt.date(2019, 12, 31), WorkLogKind.HOTLINE, 481, "12345热线全年接听市民电话"),
    (dt.date(2019, 11, 15), WorkLogKind.TRAINING, 5, "参加全区性政府信息公开工作培训"),
    (dt.date(2019, 10, 20), WorkLogKind.STUDY, 4, "重难点问题工作研讨"),
]

# The seed's prose with its table figures replaced by placeholders bound to the cells.
BIND_2019 = [
    ("1、 公开规范性文件3件。", "1、 公开规范性文件{t2.t2_a20_1.normative.published}件。"),
    ("4、 公开行政许可1379件，其他对外管理服务事项380件。",
     "4、 公开行政许可{t2.t2_a20_5.license.decisions}件，其他对外管理服务事项{t2.t2_a20_5.other_services.decisions}件。"),
    ("5、 公开实施行政处罚38件，行政强制5件（责令交地）。",
     "5、 公开实施行政处罚{t2.t2_a20_6.penalty.decisions}件，行政强制{t2.t2_a20_6.coercion.decisions}件（责令交地）。"),
    ("7、 公开行政事业收费3件，", "7、 公开行政事业收费{sum:t2.t2_a20_8.fees.prev_items+t2.t2_a20_8.fees.delta}件，"),
    ("本年度共受理法人和公民的政府信息公开申请347件，其中“同意公开”214件，占总数的62%；“同意部分公开”4件,占总数的2%；"
     "“不予公开”3件，占总数的1%；“无法提供”95件，占总数的28%（包含本机关不掌握相关政府信息65件，补正后申请内容仍不明确的30件，"
     "故无法提供占比较高）；“不予处理”20件，占总数的6%（都属于重复申请）；“其他处理”9件，占总数的3%。",
     "本年度共受理法人和公民的政府信息公开申请{t3.r3_7_total.total}件，其中“同意公开”{t3.r3_1_open.total}件，"
     "占总数的{pct:t3.r3_1_open.total/t3.r3_7_total.total}；“同意部分公开”{t3.r3_2_partial.total}件，"
     "占总数的{pct:t3.r3_2_partial.total/t3.r3_7_total.total}；“不予公开”{t3.r3_3.total}件，"
     "占总数的{pct:t3.r3_3.total/t3.r3_7_total.total}；“无法提供”{t3.r3_4.total}件，"
     "占总数的{pct:t3.r3_4.total/t3.r3_7_total.total}（包含本机关不掌握相关政府信息{t3.r3_4_1.total}件，"
     "没有现成信息需要另行制作{t3.r3_4_2.total}件，补正后申请内容仍不明确的{t3.r3_4_3.total}件，故无法提供占比较高）；"
     "“不予处理”{t3.r3_5.total}件，占总数的{pct:t3.r3_5.total/t3.r3_7_total.total}（都属于重复申请）；"
     "“其他处理”{t3.r3_6.total}件，占总数的{pct:t3.r3_6.total/t3.r3_7_total.total}。"),
    ("共推送103条微信", "共推送{work.push}条微信"),
    ("总阅读量为41781次", "总阅读量为{work.reads}次"),
    ("全年接听市民电话481个，同比增长16.5%，", "全年接听市民电话{work.hotline}个，"),
    ("工作培训5次", "工作培训{work.training}次"),
    ("开展了4次重难点问题工作研讨", "开展了{work.study}次重难点问题工作研讨"),
]


def seed_data() -> dict[str, Any]:
    return json.loads(SEED_JSON.read_text(encoding="utf-8"))


def seed_templates() -> dict[str, str]:
    """The seed's six sections with the figures bound (raises if the seed text changed)."""
    sections = dict(seed_data()["sections"])
    s1 = sections["s1"]
    for old, new in BIND_2019:
        if old not in s1:
            raise ValueError(f"seed text not found: {old[:30]}")
        s1 = s1.replace(old, new)
    sections["s1"] = s1
    return sections


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def _work_log(agency: Any, actor: Any) -> None:
    for day, kind, count, note in WORK_LOG_2019:
        if not WorkLogEntry.objects.filter(agency=agency, day=day, kind=kind).exists():
            actions.add_work_log(agency=agency, day=day, kind=kind, count=count, note=note, actor=actor,
                                 now=_at(day, 17))


def _report(agency: Any, year: int, actor: Any, now: dt.datetime) -> tuple[AnnualReport, bool]:
    existing = AnnualReport.objects.filter(agency=agency, year=year).first()
    if existing is not None:
        return existing, False
    return actions.create_report(agency=agency, year=year, actor=actor, now=now), True


def _planning_2019(ctx: Any) -> None:
    planning, clerk, head = ctx.agencies["planning"], ctx.users.get("clerk"), ctx.users.get("head")
    _work_log(planning, clerk)
    report, created = _report(planning, 2019, clerk, _at(dt.date(2020, 1, 6)))
    if not created:
        return
    seed = seed_data()
    for sid, text in seed_templates().items():
        actions.update_narrative(report=report, section=sid, text=text, actor=clerk, now=_at(dt.date(2020, 1, 8)))
    actions.set_front_matter(report=report, title=seed["meta"]["title"], preamble=seed["meta"]["preamble"],
                             actor=clerk, now=_at(dt.date(2020, 1, 8), 11))
    report = actions.compose_report(report=report, actor=clerk, now=_at(dt.date(2020, 1, 10)))
    law = report.to_report()
    if law.to_dict()["tables"] != seed["tables"]:
        # a register is missing or differs: show the seed's tables, as the report was actually published
        tables_missing = [n for n in law.meta.get("composition_notes", []) if "尚未" in n]
        data = dict(seed)
        data["meta"] = {**seed["meta"], "agency_kind": "department", "facts": law.meta.get("facts", {}),
                        "composition_notes": tables_missing + ["演示：表格数字取自种子年报。"]}
        report = actions.import_report(agency=planning, year=2019, data=data, actor=clerk,
                                       now=_at(dt.date(2020, 1, 10)), source="seed-2019.json")
        templates = seed_templates()
        for sid, text in templates.items():
            actions.update_narrative(report=report, section=sid, text=text, actor=clerk,
                                     now=_at(dt.date(2020, 1, 10), 11))
        report.refresh_from_db()
    actions.submit_report(report=report, actor=clerk, now=_at(dt.date(2020, 1, 15)))
    report.refresh_from_db()
    actions.publish_report(report=report, actor=head, now=_at(dt.date(2020, 1, 20)), today=dt.date(2020, 1, 20),
                           acknowledge_warnings=True)


def _planning_2020(ctx: Any) -> None:
    """2020: the 54 applications carried over from 2019 answered in January 2020 (year-over-year view)."""
    planning, clerk, head = ctx.agencies["planning"], ctx.users.get("clerk"), ctx.users.get("head")
    report, created = _report(planning, 2020, clerk, _at(dt.date(2021, 1, 5)))
    if not created:
        return
    actions.update_narrative(report=report, section="s5", actor=clerk, now=_at(dt.date(2021, 1, 6)), text=(
        "主要问题：依申请公开答复的说理有待加强，主动公开的政策解读形式较为单一。"
        "改进情况：建立答复文书集体审核制度，增加图解、问答等解读形式。"))
    actions.update_narrative(report=report, section="s6", actor=clerk, now=_at(dt.date(2021, 1, 6)), text=(
        "本年度发出信息处理费收费通知{fees.notices}件，实际收取金额{fees.collected}元。"
        "{next_year}年，我局将继续深化重点领域信息公开，规范依申请公开办理。"))
    report = actions.compose_report(report=report, actor=clerk, now=_at(dt.date(2021, 1, 8)))
    if report.error_count:
        return  # the registers differ from the demo's; leave the draft for a person to look at
    actions.submit_report(report=report, actor=clerk, now=_at(dt.date(2021, 1, 12)))
    report.refresh_from_db()
    actions.publish_report(report=report, actor=head, now=_at(dt.date(2021, 1, 25)), today=dt.date(2021, 1, 25),
                           acknowledge_warnings=True)


def load(ctx: Any) -> None:
    today = timezone.localdate()
    _planning_2019(ctx)
    _planning_2020(ctx)
    transport = ctx.agencies.get("transport")
    outsider = ctx.users.get("outsider")
    if transport is not None:
        report, created = _report(transport, 2019, outsider, _at(dt.date(2020, 1, 8)))
        if created:
            actions.update_narrative(report=report, section="s5",
                                     text="本机关政府信息公开工作仍存在主动公开内容不够丰富的问题，将加强政策解读和信息发布。",
                                     actor=outsider, now=_at(dt.date(2020, 1, 9)))
            report = actions.compose_report(report=report, actor=outsider, now=_at(dt.date(2020, 1, 10)))
            actions.submit_report(report=report, actor=outsider, now=_at(dt.date(2020, 1, 12)))
    district = ctx.agencies.get("district")
    if district is not None:
        actor = ctx.users.get("district_clerk") or ctx.users.get("supervisor")
        report, created = _report(district, 2019, actor, _at(dt.date(2020, 2, 10)))
        if created:
            actions.compose_report(report=report, actor=actor, now=_at(dt.date(2020, 2, 12)))
    planning = ctx.agencies["planning"]
    clerk = ctx.users.get("clerk")
    now = timezone.make_aware(dt.datetime(today.year, today.month, today.day, 9, 0))
    report, created = _report(planning, today.year, clerk, now)
    if created:
        actions.compose_report(report=report, actor=clerk, now=now)
    assert AnnualReport.objects.filter(agency=planning, year=2019, status=ReportStatus.PUBLISHED).exists()
