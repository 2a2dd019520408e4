"""Consultations (Art. 32, 34: the clock pauses, Art. 33 ¶3) and the one extension (Art. 33 ¶2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.applications import common, workflow
from gongkai.applications.common import ApplicationError, local_date
from gongkai.applications.due import DUE_FIELDS, recompute_due
from gongkai.applications.letters_adapter import issue_case_letter, period_estimate
from gongkai.applications.models import (
    WORKING,
    Application,
    Consultation,
    ConsultationAnswer,
    ConsultationKind,
    EventKind,
    Status,
)
from gongkai.law import deadlines as dl
from gongkai.law.workdays import WorkdayCalendar


def start_consultation(
    *, application: Application, kind: str, party_name: str, party_address: str = "", actor: Any,
    now: dt.datetime, cal: WorkdayCalendar | None = None,
) -> Consultation:
    """Consult a third party (Art. 32) or another organ (Art. 34); the clock pauses (Art. 33 ¶3)."""
    common.check_staff(actor, application.agency)
    c = common.calendar(cal)
    today = local_date(now)
    if kind not in ConsultationKind.values:
        raise ApplicationError("请选择征求意见的类型。", "kind")
    if not party_name.strip():
        raise ApplicationError("请填写被征求意见的第三方或机关名称。", "party_name")
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "start_consultation")
        due = (dl.third_party_reply_due if kind == ConsultationKind.THIRD_PARTY else dl.other_organ_reply_due)(today, c)
        assert due.due is not None
        cons = Consultation.objects.create(application=app, kind=kind, party_name=party_name.strip(),
                                           party_address=party_address.strip(), sent_on=today, reply_due=due.due)
        workflow.move(app, "start_consultation", Status.CONSULTING)
        recompute_due(app, c)
        common.save(app, now, "status", *DUE_FIELDS)
        common.event(app, EventKind.CONSULTATION_STARTED, actor=actor, now=now, consultation=cons.pk, kind=kind,
               party=cons.party_name, reply_due=cons.reply_due)
        letter_kind = "third_party" if kind == ConsultationKind.THIRD_PARTY else "other_organ"
        party = {"name": cons.party_name, "address": cons.party_address}
        issue_case_letter(app, letter_kind, actor=actor, now=now, third_party=party, other_organ=party,
                third_party_due=cons.reply_due, other_organ_due=cons.reply_due,
                **period_estimate(c, today, cons.reply_due))
    return cons


def finish_consultation(
    *, consultation: Consultation, answer: str, answered_on: dt.date, note: str = "", override: bool = False,
    override_reason: str = "", actor: Any, now: dt.datetime, cal: WorkdayCalendar | None = None,
) -> Consultation:
    """Record the answer (agree / object / silent). Objection + public interest: disclose anyway and
    notify the third party (Art. 32)."""
    application = consultation.application
    common.check_staff(actor, application.agency)
    today = local_date(now)
    if answer not in ConsultationAnswer.values:
        raise ApplicationError("请选择意见。", "answer")
    with transaction.atomic():
        app = common.lock(application)
        cons = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not cons.is_open:
            raise ApplicationError("该征求意见已经结束。")
        workflow.check(app, "finish_consultation")
        if answer == ConsultationAnswer.SILENT:
            if today <= cons.reply_due:
                raise ApplicationError(f"提出意见的期限至{dl.format_date(cons.reply_due)}，届满后才能按逾期未提出意见处理。",
                                       "answer")
            answered_on = cons.reply_due
        if answered_on > today or answered_on < cons.sent_on:
            raise ApplicationError("收到意见的日期应在发出日期和今天之间。", "answered_on")
        if override:
            if cons.kind != ConsultationKind.THIRD_PARTY or answer != ConsultationAnswer.OBJECT:
                raise ApplicationError("只有第三方不同意公开时，才需要以公共利益为由决定公开。", "override")
            if not override_reason.strip():
                raise ApplicationError("请说明不公开可能对公共利益造成重大影响的理由（《条例》第三十二条）。",
                                       "override_reason")
        cons.answer, cons.answered_on, cons.note = answer, answered_on, note.strip()
        cons.override, cons.override_reason = override, override_reason.strip()
        cons.save()
        if not app.consultations.filter(answered_on__isnull=True).exists():
            workflow.move(app, "finish_consultation", common.working_status(app))
        recompute_due(app, cal)
        common.save(app, now, "status", *DUE_FIELDS)
        common.event(app, EventKind.CONSULTATION_FINISHED, actor=actor, now=now, consultation=cons.pk,
               answer=answer, answered_on=answered_on, party=cons.party_name, due_on=app.due_on)
        if override:
            common.event(app, EventKind.PUBLIC_INTEREST_OVERRIDE, actor=actor, now=now, consultation=cons.pk,
                   reason=cons.override_reason)
            issue_case_letter(app, "third_party_override", actor=actor, now=now,
                    third_party={"name": cons.party_name, "address": cons.party_address},
                    third_party_replied_on=answered_on, public_interest_reason=cons.override_reason,
                    disclosed_content=app.description)
    return cons


def extend(
    *, application: Application, workdays: int, reason: str, actor: Any, now: dt.datetime,
    cal: WorkdayCalendar | None = None,
) -> Application:
    """One extension of at most 20 working days, approved by the head, before the due date."""
    workflow.check_actor(actor, application, "extend")
    today = local_date(now)
    if not 1 <= workdays <= dl.MAX_EXTENSION_WD:
        raise ApplicationError(f"延长的期限最长不得超过{dl.MAX_EXTENSION_WD}个工作日（《条例》第三十三条第二款）。",
                               "workdays")
    if not reason.strip():
        raise ApplicationError("请填写延长答复期限的理由。", "reason")
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "extend")
        if app.due_on is None:
            raise ApplicationError("当前答复期限暂停计算，不能延长。")
        if today > app.due_on:
            raise ApplicationError(f"答复期限已于{dl.format_date(app.due_on)}届满，延期应当在期限届满前决定并告知申请人。")
        original = app.due_on
        app.extension_wd, app.extended_on, app.extension_reason = workdays, today, reason.strip()
        if app.status in WORKING:
            workflow.move(app, "extend", Status.EXTENDED)
        recompute_due(app, cal)
        common.save(app, now, "extension_wd", "extended_on", "extension_reason", "status", *DUE_FIELDS)
        common.event(app, EventKind.EXTENDED, actor=actor, now=now, workdays=workdays, reason=app.extension_reason,
               original_due=original, due_on=app.due_on)
        issue_case_letter(app, "extension", actor=actor, now=now, extension_wd=workdays, extension_reason=app.extension_reason,
                original_due=original, new_due=app.due_on)
        common.mail_after_commit(f"政府信息公开申请延期答复：{app.tracking_no}",
                           f"{app.applicant_name}：\n\n您的申请答复期限延长{workdays}个工作日，"
                           f"将于{dl.format_date(app.due_on) if app.due_on else '延长后的期限'}前答复。\n", [app.email])
    application.refresh_from_db()
    return application
