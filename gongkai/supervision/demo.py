"""Demo notices from 宝山区人民政府's 政务公开办: one to 宝山区规划和自然资源局 in progress (an item closed,
one awaiting verification, one overdue), and last year's closed notice to 宝山区生态环境局.
Idempotent (looked up by notice number) and deterministic (dates relative to one ``today``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.supervision import actions
from gongkai.supervision.models import Notice


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def load(ctx: Any) -> None:
    gov, users = ctx.agencies["district"], ctx.users
    supervisor = users.get("supervisor")
    if supervisor is None:
        return
    today = timezone.localdate()
    y = today.year

    number = f"宝公开通〔{y}〕3号"
    if not Notice.objects.filter(government=gov, number=number).exists():
        issued = today - dt.timedelta(days=40)
        notice = actions.issue_notice(
            government=gov, department=ctx.agencies["planning"], number=number,
            title=f"关于{y}年第三季度政务公开工作检查情况的通报",
            body="根据《中华人民共和国政府信息公开条例》和区政务公开工作要点，区政务公开办对各部门第三季度政务公开工作进行了检查。"
                 "现将发现的问题通报如下，请于期限内整改并反馈整改情况。",
            items=[
                ("依申请公开存在逾期答复情形，请逐件说明原因并建立到期提醒机制（《条例》第三十三条）。", today - dt.timedelta(days=10)),
                ("部分行政许可决定未在20个工作日内主动公开，请补充公开（《条例》第二十六条）。", today - dt.timedelta(days=5)),
                ("政府信息公开指南中的办公时间与实际不一致，请更新。", today - dt.timedelta(days=3)),
            ],
            actor=supervisor, now=_at(issued),
        )
        first, second, _ = notice.items.all()
        clerk = users["clerk"]
        actions.respond_item(item=first, response="已逐件说明逾期原因；已在系统中启用到期前5个工作日提醒。",
                             actor=clerk, now=_at(issued + dt.timedelta(days=20)))
        actions.verify_item(item=first, accept=True, actor=supervisor, now=_at(issued + dt.timedelta(days=22)))
        actions.respond_item(item=second, response="已补充公开行政许可决定12条，并明确由办公室每周核对。",
                             actor=clerk, now=_at(today - dt.timedelta(days=2)))

    number = f"宝公开通〔{y - 1}〕7号"
    if "ecology" in ctx.agencies and "eco_clerk" in users and not Notice.objects.filter(
            government=gov, number=number).exists():
        issued = dt.date(y - 1, 11, 10)
        notice = actions.issue_notice(
            government=gov, department=ctx.agencies["ecology"], number=number,
            title=f"关于{y - 2}年政府信息公开工作年度报告问题的通报",
            items=[("年度报告表三“本年新收政府信息公开申请数量”与正文不一致，请更正并重新发布。", issued + dt.timedelta(days=15))],
            actor=supervisor, now=_at(issued),
        )
        item = notice.items.get()
        actions.respond_item(item=item, response="已更正年度报告正文并重新发布。", actor=users["eco_clerk"],
                             now=_at(issued + dt.timedelta(days=7)))
        actions.verify_item(item=item, accept=True, actor=supervisor, now=_at(issued + dt.timedelta(days=9)))
