"""信息处理费 (国办函〔2020〕109号): the notice, payment, declining, the lapse."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.applications import common, workflow
from gongkai.applications.common import ApplicationError, local_date
from gongkai.applications.due import DUE_FIELDS, recompute_due
from gongkai.applications.letters_adapter import issue_case_letter, period_estimate
from gongkai.applications.models import Application, EventKind, FeeNotice, FeeStatus, Status
from gongkai.law import deadlines as dl
from gongkai.law.fees import FeeMethod, per_application_fee, per_page_fee
from gongkai.law.workdays import WorkdayCalendar


def applications_in_month(app: Application) -> int:
    """How many applications the same applicant made to the agency in the natural month of this one."""
    day = app.received_on or local_date(app.submitted_at)
    first = day.replace(day=1)
    nxt = (first + dt.timedelta(days=32)).replace(day=1)
    qs = Application.objects.filter(agency=app.agency, received_on__gte=first, received_on__lt=nxt)
    qs = qs.filter(id_number=app.id_number) if app.id_number else qs.filter(applicant_name=app.applicant_name)
    return max(qs.count(), 1)


def issue_fee_notice(
    *, application: Application, actor: Any, now: dt.datetime, method: str | None = None, pages: int | None = None,
    cal: WorkdayCalendar | None = None,
) -> FeeNotice:
    """A fee notice: per application (the applicant's n-th application this month) or per page."""
    common.check_staff(actor, application.agency)
    c = common.calendar(cal)
    today = local_date(now)
    method = method or str(application.agency.setting("fee_method"))
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "issue_fee_notice")
        if method == FeeMethod.PER_PAGE:
            if not pages or pages < 1:
                raise ApplicationError("按量计收时请填写信息的页数。", "pages")
            fee = per_page_fee(pages)
            units, amount, lines = pages, int(fee), fee.lines
        elif method == FeeMethod.PER_APPLICATION:
            n = applications_in_month(app)
            total, before = per_application_fee(n), per_application_fee(n - 1)
            units, amount = n, int(total) - int(before)
            lines = total.lines
        else:
            raise ApplicationError("未知的计费方式。", "method")
        if amount <= 0:
            raise ApplicationError(f"未超出免费范围（{'本月第' + str(units) + '件申请' if method == FeeMethod.PER_APPLICATION else str(units) + '页'}），不收取信息处理费。")
        due = dl.payment_due(today, c).due
        assert due is not None
        notice = FeeNotice.objects.create(
            application=app, method=method, units=units, amount=amount, issued_on=today, payment_due=due,
            lines=[{"label": ln.label, "count": ln.count, "rate": ln.rate, "subtotal": ln.subtotal} for ln in lines],
        )
        if method == FeeMethod.PER_PAGE:
            app.pages = pages
        workflow.move(app, "issue_fee_notice", Status.AWAITING_PAYMENT)
        recompute_due(app, c)
        common.save(app, now, "pages", "status", *DUE_FIELDS)
        common.event(app, EventKind.FEE_NOTICE, actor=actor, now=now, fee=notice.pk, amount=amount, method=method,
               units=units, payment_due=due)
        issue_case_letter(app, "fee_notice", actor=actor, now=now,
                fee={"method": method, "amount": amount, "lines": notice.lines, "payment_due": due, "units": units},
                payment_due=due, **period_estimate(c, today, due))
        common.mail_after_commit(f"政府信息公开申请收费通知：{app.tracking_no}",
                           f"{app.applicant_name}：\n\n您的申请需缴纳信息处理费{amount}元，请于{dl.format_date(due)}前缴纳，"
                           "逾期未缴纳的视为放弃申请。详见网上查询页面的收费通知书。\n", [app.email])
    return notice


def _pending_fee(notice: FeeNotice, action: str) -> tuple[Application, FeeNotice]:
    app = common.lock(notice.application)
    fee = FeeNotice.objects.select_for_update().get(pk=notice.pk)
    if fee.status != FeeStatus.PENDING:
        raise ApplicationError(f"该收费通知已处理（{fee.get_status_display()}）。")
    workflow.check(app, action)
    return app, fee


def record_payment(
    *, fee_notice: FeeNotice, paid_on: dt.date, actor: Any, now: dt.datetime, cal: WorkdayCalendar | None = None,
) -> FeeNotice:
    """Payment received: the clock resumes (the fee pause ends on ``paid_on``)."""
    if actor is not None:
        common.check_staff(actor, fee_notice.application.agency)
    today = local_date(now)
    with transaction.atomic():
        app, fee = _pending_fee(fee_notice, "record_payment")
        if paid_on > today or paid_on < fee.issued_on:
            raise ApplicationError("缴费日期应在通知发出日期和今天之间。", "paid_on")
        if paid_on > fee.payment_due:
            raise ApplicationError(f"缴费期限已于{dl.format_date(fee.payment_due)}届满。", "paid_on")
        fee.status, fee.settled_on = FeeStatus.PAID, paid_on
        fee.save()
        workflow.move(app, "record_payment", common.working_status(app))
        recompute_due(app, cal)
        common.save(app, now, "status", *DUE_FIELDS)
        common.event(app, EventKind.FEE_PAID, actor=actor, now=now, fee=fee.pk, amount=fee.amount, paid_on=paid_on,
               due_on=app.due_on)
    return fee


def decline_fee(*, fee_notice: FeeNotice, actor: Any, now: dt.datetime) -> FeeNotice:
    """The applicant declines to pay: the application ends as withdrawn (其他处理)."""
    if actor is not None:
        common.check_staff(actor, fee_notice.application.agency)
    today = local_date(now)
    with transaction.atomic():
        app, fee = _pending_fee(fee_notice, "decline_fee")
        fee.status, fee.settled_on = FeeStatus.DECLINED, today
        fee.save()
        workflow.conclude(app, "decline_fee", "withdrawn_or_other", today, Status.WITHDRAWN)
        common.save(app, now, "outcome", "concluded_on", "status", "closed_on")
        common.event(app, EventKind.FEE_DECLINED, actor=actor, now=now, fee=fee.pk, outcome=app.outcome)
    return fee


def lapse_payment(*, fee_notice: FeeNotice, actor: Any, now: dt.datetime) -> FeeNotice:
    """Not paid within 20 working days: deemed given up → 其他处理 / 逾期未缴费 (109号)."""
    common.check_staff(actor, fee_notice.application.agency)
    today = local_date(now)
    with transaction.atomic():
        app, fee = _pending_fee(fee_notice, "lapse_payment")
        if today <= fee.payment_due:
            raise ApplicationError(f"缴费期限至{dl.format_date(fee.payment_due)}，届满后才能按逾期未缴费处理。")
        fee.status, fee.settled_on = FeeStatus.LAPSED, fee.payment_due
        fee.save()
        workflow.conclude(app, "lapse_payment", "fee_not_paid", today, Status.CLOSED)
        common.save(app, now, "outcome", "concluded_on", "status", "closed_on")
        common.event(app, EventKind.FEE_LAPSED, actor=actor, now=now, fee=fee.pk, outcome=app.outcome)
    return fee
