"""``gongkai send_reminders``: e-mail the clerks about applications due soon or overdue.

Idempotent and safe to run twice at once: each case is claimed for the day with a guarded
``UPDATE ... WHERE reminded_on < today`` before its e-mail is queued (see ``actions.remind``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.agencies.calendar import get_calendar
from gongkai.agencies.models import Agency
from gongkai.applications import actions, queries


class Command(BaseCommand):
    help = "向经办人发送即将到期和已超期的政府信息公开申请提醒（可重复运行，同一天不重复发送）"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="按指定日期计算（YYYY-MM-DD，默认今天）")

    def handle(self, *args: Any, **opts: Any) -> None:
        now = timezone.now()
        if opts.get("date"):
            try:
                day = dt.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD") from None
            now = timezone.make_aware(dt.datetime.combine(day, dt.time(8, 0)))
        today = actions.local_date(now)
        cal = get_calendar()
        sent = skipped = 0
        for agency in Agency.objects.all():
            for app in queries.to_remind(agency, today, cal):
                if actions.remind(application=app, actor=None, now=now):
                    sent += 1
                else:
                    skipped += 1
        self.stdout.write(f"已发送提醒 {sent} 件，今日已提醒跳过 {skipped} 件。")
