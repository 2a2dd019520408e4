"""Every change to a record-correction request (《条例》第四十一条): one function each, checked, with an event,
in one transaction; the reply letter issued through gongkai.letters; e-mail after commit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.mail import send_mail
from django.db import transaction

from gongkai.agencies.access import can_act
from gongkai.agencies.calendar import get_calendar
from gongkai.agencies.counters import take_next
from gongkai.agencies.models import Agency, Role
from gongkai.clock import local_date
from gongkai.errors import Refused
from gongkai.law.deadlines import format_date
from gongkai.law.records import DEFAULT_RECORD_WD, RECORD_OUTCOMES, RecordOutcome, record_reply_due
from gongkai.letters.actions import LetterError, issue_letter
from gongkai.records.models import RecordCounter, RecordEvent, RecordRequest, RecordStatus

FIELDS = ("applicant_name", "id_number", "phone", "email", "address", "record", "correction", "evidence")
REQUIRED = {"applicant_name": "请填写申请人姓名或名称。", "record": "请写明需要更正的政府信息记录。",
            "correction": "请写明应当如何更正。",
            "evidence": "请说明证明该记录不准确的证据（《条例》第四十一条）。"}
DECIDERS = (Role.CLERK, Role.HEAD, Role.ADMIN)


class RecordError(Refused):
    """A refused change to a record-correction request."""


def _number(agency: Agency, year: int) -> str:
    return f"{agency.code}-GZ-{year}-{take_next(RecordCounter, agency, year):04d}"


def submit(*, agency: Agency, details: Mapping[str, Any], now: dt.datetime, actor: Any = None,
           received_on: dt.date | None = None) -> RecordRequest:
    """A request made on the portal (``actor`` None: received today) or on paper, registered by staff."""
    data = {k: str(details.get(k) or "").replace("\x00", "").strip() for k in FIELDS}
    for key, message in REQUIRED.items():
        if not data[key]:
            raise RecordError(message, key)
    today = local_date(now)
    if actor is not None:
        if not can_act(actor, agency, DECIDERS):
            raise RecordError("只有本机关的工作人员可以登记更正申请。")
        received_on = received_on or today
        if received_on > today:
            raise RecordError("收到日期不能晚于今天。", "received_on")
    else:
        received_on = today
    workdays = int(agency.settings.get("record_correction_wd", DEFAULT_RECORD_WD))
    due = record_reply_due(received_on, workdays, get_calendar())
    assert due.due is not None
    with transaction.atomic():
        req = RecordRequest.objects.create(
            agency=agency, number=_number(agency, today.year), channel="paper" if actor else "online",
            submitted_at=now, received_on=received_on, due_on=due.due, due_provisional=due.provisional,
            due_steps=[{"text": s.text, "date": s.date.isoformat() if s.date else None} for s in due.steps], **data)
        RecordEvent.objects.create(request=req, kind="submitted", actor=actor, at=now,
                                   payload={"channel": req.channel, "received_on": received_on.isoformat(),
                                            "due_on": req.due_on.isoformat(), "provisional": req.due_provisional})
        if req.email:
            transaction.on_commit(lambda: send_mail(
                f"政府信息记录更正申请已收到：{req.number}",
                f"{req.applicant_name}：\n\n{agency.name}已收到您的政府信息记录更正申请，编号{req.number}，"
                f"将于{format_date(req.due_on)}前答复{'（预估日期）' if req.due_provisional else ''}。\n",
                None, [req.email], fail_silently=True))
    return req


def answer(*, request: RecordRequest, outcome: str, actor: Any, now: dt.datetime, reason: str = "",
           organ: str = "") -> RecordRequest:
    """The answer (Art. 41): corrected; referred to, or the applicant sent to, the competent organ; refused
    with reasons. The reply letter is issued in the same transaction."""
    if not can_act(actor, request.agency, DECIDERS):
        raise RecordError("只有本机关的经办人、负责人或管理员可以答复更正申请。")
    try:
        info = RECORD_OUTCOMES[RecordOutcome(outcome)]
    except ValueError:
        raise RecordError("请选择答复结果。", "outcome") from None
    reason, organ = reason.replace("\x00", "").strip(), organ.replace("\x00", "").strip()[:100]
    if info.needs_reason and not reason:
        raise RecordError("不予更正的，请写明理由。", "reason")
    if info.needs_organ and not organ:
        raise RecordError("请写明有权更正的行政机关。", "organ")
    with transaction.atomic():
        req = RecordRequest.objects.select_for_update(of=("self",)).select_related("agency").get(pk=request.pk)
        if req.status != RecordStatus.RECEIVED:
            raise RecordError("该更正申请已经答复。")
        req.status, req.outcome, req.reason, req.organ = RecordStatus.ANSWERED, info.code.value, reason, organ
        req.concluded_on = local_date(now)
        try:
            letter = issue_letter(agency=req.agency, kind="record_reply", actor=actor, now=now, context={
                "applicant": {"name": req.applicant_name, "address": req.address},
                "record_request": {"number": req.number, "received_on": req.received_on, "record": req.record,
                                   "correction": req.correction},
                "record_outcome": info.code.value, "record_reason": reason, "record_organ": organ})
        except LetterError as exc:
            raise RecordError(f"文书生成失败：{exc}") from exc
        req.letter_id = letter.pk
        req.save()
        RecordEvent.objects.create(request=req, kind="answered", actor=actor, at=now,
                                   payload={"outcome": req.outcome, "reason": reason, "organ": organ,
                                            "letter": letter.number, "on_time": req.concluded_on <= req.due_on})
        if req.email:
            transaction.on_commit(lambda: send_mail(
                f"政府信息记录更正申请已答复：{req.number}",
                f"{req.applicant_name}：\n\n{req.agency.name}已对您的更正申请作出答复（{info.label}），"
                f"答复书文号{letter.number}，将按您提供的地址送达。\n", None, [req.email], fail_silently=True))
    request.refresh_from_db()
    return request
