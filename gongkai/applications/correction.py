"""补正 (Art. 30): the one-time notice, the corrected application, the lapse."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from gongkai.applications import common, workflow
from gongkai.applications.common import ApplicationError, local_date
from gongkai.applications.due import DUE_FIELDS, recompute_due
from gongkai.applications.letters_adapter import issue_case_letter, period_estimate
from gongkai.applications.models import Application, EventKind, Status
from gongkai.law import deadlines as dl
from gongkai.law.workdays import WorkdayCalendar

DEFAULT_CORRECTION_WD = dl.CORRECTION_PERIOD_WD


def request_correction(
    *, application: Application, items: str, actor: Any, now: dt.datetime, period_wd: int = DEFAULT_CORRECTION_WD,
    cal: WorkdayCalendar | None = None,
) -> Application:
    """The one-time correction notice, within 7 working days of receipt (Art. 30)."""
    common.check_staff(actor, application.agency)
    c = common.calendar(cal)
    today = local_date(now)
    if not items.strip():
        raise ApplicationError("请写明需要补正的事项和具体要求（《条例》第三十条）。", "items")
    low, high = dl.CORRECTION_PERIOD_RANGE
    if not low <= period_wd <= high:
        raise ApplicationError(f"补正期限应为{low}至{high}个工作日。", "period_wd")
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "request_correction")
        assert app.received_on is not None
        last = dl.correction_notice_due(app.received_on, c).due
        assert last is not None
        if today > last:
            raise ApplicationError(
                f"补正告知应当自收到申请之日起{dl.CORRECTION_NOTICE_WD}个工作日内一次性作出（{dl.ART_30}），"
                f"本申请于{dl.format_date(app.received_on)}收到，告知期限已于{dl.format_date(last)}届满。"
            )
        app.correction_requested_on = today
        app.correction_due = dl.correction_period_due(today, period_wd, c).due
        app.correction_items = items.strip()
        workflow.move(app, "request_correction", Status.CORRECTION_REQUESTED)
        recompute_due(app, c)
        common.save(app, now, "correction_requested_on", "correction_due", "correction_items", "status", *DUE_FIELDS)
        common.event(app, EventKind.CORRECTION_REQUESTED, actor=actor, now=now, items=app.correction_items,
               correction_due=app.correction_due, period_wd=period_wd)
        issue_case_letter(app, "correction", actor=actor, now=now, correction_items=app.correction_items.splitlines(),
                correction_due=app.correction_due, **period_estimate(c, today, app.correction_due))
        common.mail_after_commit(f"政府信息公开申请需要补正：{app.tracking_no}",
                           f"{app.applicant_name}：\n\n您的申请需要补正，请于{dl.format_date(app.correction_due)}前"
                           f"凭申请编号和查询码在网上提交补正。需要补正的事项：\n{app.correction_items}\n", [app.email])
    application.refresh_from_db()
    return application


def submit_correction(
    *, application: Application, description: str, now: dt.datetime, actor: Any = None,
    files: Sequence[tuple[str, bytes]] = (), cal: WorkdayCalendar | None = None,
) -> Application:
    """The applicant's corrected application (or staff recording one received on paper)."""
    if actor is not None:
        common.check_staff(actor, application.agency)
    today = local_date(now)
    if not description.strip():
        raise ApplicationError("请填写补正后的申请内容。", "description")
    for name, blob in files:
        common.check_upload(name, blob)
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "submit_correction")
        assert app.correction_due is not None
        if today > app.correction_due:
            raise ApplicationError(f"补正期限已于{dl.format_date(app.correction_due)}届满。")
        previous = app.description
        app.description = description.strip()
        app.corrected_received_on = today
        workflow.move(app, "submit_correction", Status.IN_PROGRESS)
        recompute_due(app, cal)
        common.save(app, now, "description", "corrected_received_on", "status", *DUE_FIELDS)
        common.store_attachments(app, files, by_applicant=actor is None, now=now)
        common.event(app, EventKind.CORRECTION_SUBMITTED, actor=actor, now=now, previous=previous,
               corrected_received_on=today, due_on=app.due_on)
    application.refresh_from_db()
    return application


def lapse_correction(*, application: Application, actor: Any, now: dt.datetime) -> Application:
    """No correction within the period: deemed withdrawn (Art. 30) → 其他处理 / 逾期不补正."""
    common.check_staff(actor, application.agency)
    today = local_date(now)
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "lapse_correction")
        assert app.correction_due is not None
        if today <= app.correction_due:
            raise ApplicationError(f"补正期限至{dl.format_date(app.correction_due)}，期限届满后才能按逾期不补正处理。")
        workflow.conclude(app, "lapse_correction", "A30_not_corrected", today, Status.CLOSED)
        common.save(app, now, "outcome", "concluded_on", "status", "closed_on")
        common.event(app, EventKind.CORRECTION_LAPSED, actor=actor, now=now, outcome=app.outcome)
    application.refresh_from_db()
    return application
