"""``gongkai deadline DATE [--days N] [--agency CODE]``: the Nth working day after DATE, every day off
skipped and why, and whether the result is provisional (a year whose holiday notice is not entered yet)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.agencies.calendar import get_calendar
from gongkai.agencies.models import Agency
from gongkai.law.deadlines import REPLY_WD, format_date
from gongkai.law.workdays import CalendarDataMissing, provisional_reason

WEEKDAYS = "一二三四五六日"


class Command(BaseCommand):
    help = "计算某日之后第N个工作日（默认20），列出跳过的每个休息日及原因，并说明结果是否为预估"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("date", help="起算日（YYYY-MM-DD），当日不计入")
        parser.add_argument("--days", type=int, default=REPLY_WD, help=f"工作日数（默认{REPLY_WD}）")
        parser.add_argument("--agency", help="机关代码或名称（工作日调整表对所有机关适用，此处用于核对机关）")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            start = dt.date.fromisoformat(opts["date"])
        except ValueError:
            raise CommandError("日期格式应为 YYYY-MM-DD") from None
        n = opts["days"]
        if not 0 <= n <= 1000:
            raise CommandError("工作日数应在0至1000之间")
        agency = None
        if opts.get("agency"):
            agency = Agency.objects.filter(code=opts["agency"]).first() or Agency.objects.filter(
                name=opts["agency"]).first()
            if agency is None:
                raise CommandError(f"没有代码或名称为“{opts['agency']}”的机关")
        cal = get_calendar()
        try:
            due = cal.add_workdays(start, n)
        except CalendarDataMissing as exc:
            raise CommandError(str(exc)) from None
        out = self.stdout
        if agency is not None:
            out.write(f"机关：{agency.name}")
        out.write(f"起算日：{format_date(start)}（星期{WEEKDAYS[start.weekday()]}，当日不计入）")
        years = cal.provisional_years(start, due)
        mark = "【预估】" if years else ""
        out.write(f"第{n}个工作日：{format_date(due)}（星期{WEEKDAYS[due.weekday()]}）{mark}")
        skipped = cal.days_off_between(start, due)
        out.write(f"跳过的休息日（{len(skipped)}天）：")
        for d, reason in skipped:
            out.write(f"  {d.isoformat()} 星期{WEEKDAYS[d.weekday()]} {reason}")
        if years:
            out.write(f"预估：{provisional_reason(years)}。")
        else:
            out.write("确定：所涉年份的节假日安排均已公布。")
