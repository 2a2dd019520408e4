"""Entering the State Council's holiday arrangement of a year, and what it moves.

:func:`enter_arrangement` is one action: in one transaction it saves the notice's days (the override table,
``from_notice``) and the covered year with its 文号 and date, recomputes the reply deadline of every open
case from the new calendar, writes a case event on each case whose due date (or its provisional mark)
changed, and one :class:`~gongkai.agencies.models.CalendarEvent` listing them. The clerks are e-mailed the
list of their moved cases after commit. The web page and ``gongkai calendar import`` both call it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.mail import send_mail
from django.db import transaction

from gongkai.agencies.calendar import get_calendar
from gongkai.agencies.models import CalendarEvent, CalendarYear, Membership, Role, WorkdayOverride
from gongkai.applications.actions import ApplicationError, recompute_due
from gongkai.applications.models import (
    OPEN_STATES,
    Application,
    CaseEvent,
    ConsultationKind,
    EventKind,
    FeeStatus,
    Status,
)
from gongkai.law import deadlines as dl
from gongkai.law.deadlines import format_date
from gongkai.law.notice import Arrangement
from gongkai.law.workdays import WorkdayCalendar


@dataclass(frozen=True)
class Moved:
    """A case whose due date moved: its id, number, clerk (may be None) and the old and new dates."""

    pk: int
    tracking_no: str
    agency_id: int
    clerk_email: str
    old: dt.date | None
    new: dt.date | None
    old_provisional: bool
    new_provisional: bool


def may_enter(user: Any) -> bool:
    """Administrators (of any agency) and superusers enter the national arrangement."""
    if not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser) or Membership.objects.filter(user=user, role=Role.ADMIN).exists()


def source_of(arrangement: Arrangement) -> str:
    return f"国务院办公厅关于{arrangement.year}年部分节假日安排的通知"


def enter_arrangement(
    *, arrangement: Arrangement, number: str, issued_on: dt.date | None, actor: Any, now: dt.datetime,
) -> list[Moved]:
    """Save the year's arrangement and recompute every open case. Returns the cases whose due date moved."""
    if actor is not None and not may_enter(actor):
        raise ApplicationError("只有管理员可以录入节假日安排。")
    number = number.strip()
    if len(number) > 60:
        raise ApplicationError("文号过长。", "number")
    with transaction.atomic():
        before = get_calendar()
        year, _ = CalendarYear.objects.select_for_update().get_or_create(
            year=arrangement.year, defaults={"source": source_of(arrangement)})
        previous = {"number": year.number, "issued_on": year.issued_on.isoformat() if year.issued_on else None}
        year.source = source_of(arrangement)
        year.number, year.issued_on, year.entered_at, year.entered_by = number, issued_on, now, actor
        year.save()
        days = {d: False for d in arrangement.days_off} | {d: True for d in arrangement.workdays}
        WorkdayOverride.objects.filter(from_notice=True, date__year=arrangement.year).exclude(
            date__in=list(days)).delete()
        for d, is_workday in days.items():
            WorkdayOverride.objects.update_or_create(
                date=d, defaults={"is_workday": is_workday, "from_notice": True,
                                  "note": arrangement.notes.get(d, "")[:100]})
        moved = recompute_open_cases(actor=actor, now=now, reason=f"{arrangement.year}年节假日安排已录入",
                                     before=before)
        CalendarEvent.objects.create(
            year=arrangement.year, actor=actor, at=now,
            payload={"number": number, "issued_on": issued_on.isoformat() if issued_on else None,
                     "previous": previous, "days_off": [d.isoformat() for d in arrangement.days_off],
                     "workdays": [d.isoformat() for d in arrangement.workdays],
                     "moved": [{"id": m.pk, "tracking_no": m.tracking_no,
                                "old": m.old.isoformat() if m.old else None,
                                "new": m.new.isoformat() if m.new else None} for m in moved]})
        transaction.on_commit(lambda: _mail_clerks(moved, arrangement.year))
    return moved


def recompute_open_cases(*, actor: Any, now: dt.datetime, reason: str, before: WorkdayCalendar) -> list[Moved]:
    """Recompute the deadlines of every open received case (rows locked), ``before`` being the calendar the
    stored dates were computed with; an event on each case where a date moved.

    The reply deadline is the organ's own period: it is recomputed exactly, earlier or later. The periods
    given to others in a letter (补正, payment of the fee, a consultation's answer) were notified with a date
    the addressee may rely on: they are only ever lengthened, never shortened."""
    cal = get_calendar()
    moved: list[Moved] = []
    qs = (Application.objects.select_for_update(of=("self",)).select_related("assigned_to")
          .filter(status__in=OPEN_STATES, received_on__isnull=False).order_by("pk"))
    for app in qs:
        old, old_prov = app.due_on, app.due_provisional
        recompute_due(app, cal)
        others = _lengthen_notified_periods(app, before, cal)
        if (app.due_on, app.due_provisional) == (old, old_prov) and not others:
            continue
        app.updated_at = now
        app.save(update_fields=["due_on", "due_steps", "clock_stopped", "due_provisional", "correction_due",
                                "updated_at"])
        CaseEvent.objects.create(application=app, kind=EventKind.DUE_RECOMPUTED, actor=actor, at=now,
                                 payload={"old": old.isoformat() if old else None,
                                          "new": app.due_on.isoformat() if app.due_on else None,
                                          "old_provisional": old_prov, "provisional": app.due_provisional,
                                          "reason": reason, **({"others": others} if others else {})})
        if (app.due_on, app.due_provisional) != (old, old_prov):
            moved.append(Moved(app.pk, app.tracking_no, app.agency_id,
                               app.assigned_to.email if app.assigned_to else "", old, app.due_on, old_prov,
                               app.due_provisional))
    return moved


def _lengthen_notified_periods(app: Application, before: WorkdayCalendar, cal: WorkdayCalendar) -> list[str]:
    """Move the notified 补正, payment and consultation dates later where the new calendar makes them later
    (``app.correction_due`` set, not saved; fee and consultation rows saved). Returns what moved, in Chinese."""
    out: list[str] = []
    if app.status == Status.CORRECTION_REQUESTED and app.correction_requested_on and app.correction_due:
        asked = app.events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("-at", "-pk").first()
        n = (asked.payload.get("period_wd") if asked else None) or before.workdays_between(
            app.correction_requested_on, app.correction_due)
        new = cal.add_workdays(app.correction_requested_on, n)
        if new > app.correction_due:
            out.append(f"补正期限{format_date(app.correction_due)}→{format_date(new)}")
            app.correction_due = new
    for fee in app.fee_notices.select_for_update().filter(status=FeeStatus.PENDING):
        due = dl.payment_due(fee.issued_on, cal).due
        if due is not None and due > fee.payment_due:
            out.append(f"缴费期限{format_date(fee.payment_due)}→{format_date(due)}")
            fee.payment_due = due
            fee.save(update_fields=["payment_due"])
    for cons in app.consultations.select_for_update().filter(answered_on__isnull=True):
        rule = dl.third_party_reply_due if cons.kind == ConsultationKind.THIRD_PARTY else dl.other_organ_reply_due
        due = rule(cons.sent_on, cal).due
        if due is not None and due > cons.reply_due:
            out.append(f"{cons.party_name}提出意见期限{format_date(cons.reply_due)}→{format_date(due)}")
            cons.reply_due = due
            cons.save(update_fields=["reply_due"])
    return out


def _date(d: dt.date | None) -> str:
    return format_date(d) if d else "暂无"


def _mail_clerks(moved: list[Moved], year: int) -> None:
    by_recipient: dict[str, list[Moved]] = defaultdict(list)
    for m in moved:
        if m.clerk_email:
            by_recipient[m.clerk_email].append(m)
        else:
            for email in Membership.objects.filter(agency_id=m.agency_id, role=Role.CLERK).values_list(
                    "user__email", flat=True):
                if email:
                    by_recipient[email].append(m)
    for email, cases in by_recipient.items():
        lines = [f"{m.tracking_no}：{_date(m.old)} → {_date(m.new)}{'（预估）' if m.new_provisional else ''}"
                 for m in cases]
        send_mail(f"{year}年节假日安排已录入：{len(cases)}件申请的答复期限已调整",
                  "以下申请的答复期限已按新录入的节假日安排重新计算：\n" + "\n".join(lines) + "\n", None, [email],
                  fail_silently=True)
