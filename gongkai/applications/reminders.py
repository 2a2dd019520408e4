"""Reminders to the clerks about cases due soon or overdue (claimed per day: safe to run twice)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.db.models import Q

from gongkai.agencies.models import Membership, Role
from gongkai.applications import common
from gongkai.applications.common import local_date
from gongkai.applications.models import Application, EventKind
from gongkai.law import deadlines as dl


def remind(*, application: Application, actor: Any, now: dt.datetime) -> bool:
    """E-mail the clerk (or the agency's clerks) about a case due soon or overdue. Claims the day first, so
    two runs at once send one reminder: returns False if this case was already reminded today."""
    today = local_date(now)

    with transaction.atomic():
        claimed = Application.objects.filter(pk=application.pk).filter(
            Q(reminded_on__isnull=True) | Q(reminded_on__lt=today)
        ).update(reminded_on=today)
        if not claimed:
            return False
        app = Application.objects.select_related("agency", "assigned_to").get(pk=application.pk)
        if app.assigned_to is not None:
            to = [app.assigned_to.email]
        else:
            to = list(Membership.objects.filter(agency=app.agency, role=Role.CLERK)
                      .values_list("user__email", flat=True))
        overdue = app.due_on is not None and app.due_on < today
        state = "已超过答复期限" if overdue else "即将到期"
        common.event(app, EventKind.REMINDED, actor=actor, now=now, to=[t for t in to if t], overdue=overdue,
                     provisional=app.due_provisional)
        due_text = dl.format_date(app.due_on) if app.due_on else ("暂停计时" if app.clock_stopped else "暂无法计算")
        if app.due_provisional:
            due_text += f"（预估。{app.provisional_note}）"
        common.mail_after_commit(
            f"【{state}】政府信息公开申请 {app.tracking_no}",
            f"申请 {app.tracking_no}（{app.applicant_name}）{state}，答复期限："
            f"{due_text}，当前状态：{app.get_status_display()}。\n",
            to,
        )
    return True
