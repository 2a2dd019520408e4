"""The reply: proposed by the clerk, approved through the agency's decision chain, issued, delivered,
filed; or the application withdrawn by the applicant."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.applications import common, workflow
from gongkai.applications.common import ApplicationError, local_date
from gongkai.applications.letters_adapter import issue_case_letter
from gongkai.applications.models import Application, EventKind, FeeStatus, Status
from gongkai.applications.workflow import decision_chain, next_approver_role
from gongkai.law.categories import OUTCOME_BY_CODE, ReplyType


def propose_decision(
    *, application: Application, outcome: str, actor: Any, now: dt.datetime, withheld_detail: str = "",
    withheld_reason: str = "", note: str = "",
) -> Application:
    """The clerk's proposed reply: exactly one outcome of the law's categories; 部分公开 states what is
    withheld and why. Goes to review through the agency's decision chain."""
    common.check_staff(actor, application.agency)
    today = local_date(now)
    o = OUTCOME_BY_CODE.get(outcome)
    if o is None:
        raise ApplicationError("请选择一种答复类型和理由。", "outcome")
    if o.by_applicant:
        raise ApplicationError("该情形由申请人的行为引起（逾期不补正、逾期未缴费、撤回），请使用相应的办理操作。",
                               "outcome")
    if o.needs_withheld_detail:
        if not withheld_detail.strip():
            raise ApplicationError("部分公开时请写明不予公开的内容（《条例》第三十七条）。", "withheld_detail")
        w = OUTCOME_BY_CODE.get(withheld_reason)
        if w is None or w.reply_type != ReplyType.WITHHELD:
            raise ApplicationError("部分公开时请选择不予公开部分的理由。", "withheld_reason")
    else:
        withheld_detail, withheld_reason = "", ""
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "propose_decision")
        app.proposed_outcome, app.withheld_detail, app.withheld_reason = outcome, withheld_detail.strip(), withheld_reason
        app.decision_note = note.strip()
        app.approvals = []
        fields = ["proposed_outcome", "withheld_detail", "withheld_reason", "decision_note", "approvals", "status"]
        if decision_chain(app.agency):
            workflow.move(app, "propose_decision", Status.DECISION_REVIEW)
        else:
            workflow.move(app, "propose_decision", Status.DECIDED)
            app.outcome, app.decided_on = outcome, today
            fields += ["outcome", "decided_on"]
        common.save(app, now, *fields)
        common.event(app, EventKind.DECISION_PROPOSED, actor=actor, now=now, outcome=outcome, label=o.full_label,
               withheld_detail=app.withheld_detail, withheld_reason=withheld_reason, note=app.decision_note)
    application.refresh_from_db()
    return application


def approve_decision(*, application: Application, actor: Any, now: dt.datetime, comment: str = "") -> Application:
    """One step of the chain (审核人, then 负责人, as configured); the last one decides the outcome."""
    today = local_date(now)
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "approve_decision")
        workflow.check_actor(actor, app, "approve_decision")
        role = next_approver_role(app)
        assert role is not None
        approvals = list(app.approvals or [])
        approvals.append({"role": role, "user": actor.get_username(), "at": now.isoformat(), "comment": comment})
        app.approvals = approvals
        fields = ["approvals"]
        if len(approvals) >= len(decision_chain(app.agency)):
            workflow.move(app, "approve_decision", Status.DECIDED)
            app.outcome, app.decided_on = app.proposed_outcome, today
            fields += ["status", "outcome", "decided_on"]
        common.save(app, now, *fields)
        common.event(app, EventKind.DECISION_APPROVED, actor=actor, now=now, role=role, comment=comment,
               final=app.status == Status.DECIDED)
    application.refresh_from_db()
    return application


def return_decision(*, application: Application, reason: str, actor: Any, now: dt.datetime) -> Application:
    """Send the proposal back to the clerk, with the reason."""
    if not reason.strip():
        raise ApplicationError("请填写退回理由。", "reason")
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "return_decision")
        workflow.check_actor(actor, app, "return_decision")
        role = next_approver_role(app)
        assert role is not None
        workflow.move(app, "return_decision", common.working_status(app))
        app.approvals = []
        common.save(app, now, "status", "approvals")
        common.event(app, EventKind.DECISION_RETURNED, actor=actor, now=now, role=role, reason=reason.strip())
    application.refresh_from_db()
    return application


def issue_reply(*, application: Application, actor: Any, now: dt.datetime, answer: str = "") -> Any:
    """The reply letter of the decided outcome; the outcome takes effect today (``concluded_on``)."""
    common.check_staff(actor, application.agency)
    today = local_date(now)
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "issue_reply")
        assert app.outcome is not None
        o = OUTCOME_BY_CODE[app.outcome]
        app.concluded_on = today
        workflow.move(app, "issue_reply", Status.REPLIED)
        common.save(app, now, "concluded_on", "status")
        common.event(app, EventKind.REPLY_ISSUED, actor=actor, now=now, outcome=app.outcome, label=o.full_label,
               on_time=app.due_on is None or today <= app.due_on)
        row = issue_case_letter(app, f"reply_{o.reply_type.value}", actor=actor, now=now, outcome=app.outcome,
                      withheld_detail=app.withheld_detail, withheld_reason=app.withheld_reason,
                      answer=(answer or app.decision_note).splitlines())
        common.mail_after_commit(f"政府信息公开申请已答复：{app.tracking_no}",
                           f"{app.applicant_name}：\n\n{app.agency.name}已对您的申请作出答复（{o.full_label}），"
                           "请凭申请编号和查询码在网上查看并下载答复书。\n", [app.email])
    application.refresh_from_db()
    return row


def record_delivery(*, application: Application, delivered_on: dt.date, method: str, actor: Any,
                    now: dt.datetime) -> Application:
    common.check_staff(actor, application.agency)
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "record_delivery")
        assert app.concluded_on is not None
        if delivered_on > local_date(now) or delivered_on < app.concluded_on:
            raise ApplicationError("送达日期应在答复日期和今天之间。", "delivered_on")
        app.delivered_on = delivered_on
        workflow.move(app, "record_delivery", Status.DELIVERED)
        common.save(app, now, "delivered_on", "status")
        common.event(app, EventKind.DELIVERED, actor=actor, now=now, delivered_on=delivered_on, method=method.strip())
    application.refresh_from_db()
    return application


def close(*, application: Application, actor: Any, now: dt.datetime) -> Application:
    common.check_staff(actor, application.agency)
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "close")
        workflow.move(app, "close", Status.CLOSED)
        app.closed_on = local_date(now)
        common.save(app, now, "status", "closed_on")
        common.event(app, EventKind.CLOSED, actor=actor, now=now)
    application.refresh_from_db()
    return application


def withdraw(*, application: Application, reason: str = "", now: dt.datetime, actor: Any = None) -> Application:
    """The applicant withdraws (→ 其他处理 / 撤回). Staff may record a withdrawal received on paper."""
    if actor is not None:
        common.check_staff(actor, application.agency)
    today = local_date(now)
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "withdraw")
        for fee in app.fee_notices.filter(status=FeeStatus.PENDING):
            fee.status, fee.settled_on = FeeStatus.DECLINED, today
            fee.save()
        app.consultations.filter(answered_on__isnull=True).update(answered_on=today, note="申请人撤回申请")
        workflow.conclude(app, "withdraw", "withdrawn_or_other", today, Status.WITHDRAWN)
        common.save(app, now, "outcome", "concluded_on", "status", "closed_on")
        common.event(app, EventKind.WITHDRAWN, actor=actor, now=now, reason=reason.strip())
    application.refresh_from_db()
    return application
