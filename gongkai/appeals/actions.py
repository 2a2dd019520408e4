"""Every change to the 复议/诉讼 register: one function each, checked, with an event, in one transaction.

Time is an argument (``now``): views pass ``timezone.now()``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.appeals.models import (
    AppealCase,
    AppealEvent,
    AppealEventKind,
    AppealKind,
    AppealResult,
    AppealStatus,
)
from gongkai.clock import local_date
from gongkai.errors import Refused


class AppealError(Refused):
    """A refused change to an appeal case."""


def _event(case: AppealCase, *, kind: str, actor: Any, now: dt.datetime, payload: dict[str, Any]) -> AppealEvent:
    return AppealEvent.objects.create(case=case, kind=kind, actor=actor, at=now, payload=payload)


def _check_application(agency: Agency, application: Any) -> None:
    if getattr(application, "agency_id", None) != agency.pk:
        raise AppealError("只能关联本机关办理的政府信息公开申请。", "application")


def _check_prior_review(agency: Agency, kind: str, prior: AppealCase) -> None:
    if kind != AppealKind.LITIGATION_AFTER_REVIEW:
        raise AppealError("只有“复议后起诉”的行政诉讼案件才能关联此前的行政复议。", "prior_review")
    if prior.agency_id != agency.pk or prior.kind != AppealKind.REVIEW:
        raise AppealError("关联的案件须是本机关的行政复议案件。", "prior_review")


@transaction.atomic
def file_case(
    *,
    agency: Agency,
    kind: str,
    case_number: str,
    applicant_name: str,
    filed_on: dt.date,
    actor: Any,
    now: dt.datetime,
    organ: str = "",
    application: Any = None,
    prior_review: AppealCase | None = None,
    note: str = "",
) -> AppealCase:
    """Register a 复议 or 诉讼 case against ``agency``. The organ defaults to the agency's 复议机关 /
    管辖法院 (the remedies of its reply letters)."""
    if kind not in AppealKind.values:
        raise AppealError("请选择案件类型：行政复议、行政诉讼（未经复议直接起诉）或行政诉讼（复议后起诉）。", "kind")
    case_number = (case_number or "").strip()
    applicant_name = (applicant_name or "").strip()
    if not case_number:
        raise AppealError("请填写案号。", "case_number")
    if not applicant_name:
        raise AppealError("请填写申请人（原告）姓名或名称。", "applicant_name")
    if filed_on is None:
        raise AppealError("请填写立案（受理）日期。", "filed_on")
    if filed_on > local_date(now):
        raise AppealError("立案日期不能晚于今天。", "filed_on")
    if AppealCase.objects.filter(agency=agency, case_number=case_number).exists():
        raise AppealError(f"案号“{case_number}”已登记。", "case_number")
    organ = (organ or "").strip() or (agency.review_organ if kind == AppealKind.REVIEW else agency.court)
    if not organ:
        raise AppealError(
            "请填写复议机关。" if kind == AppealKind.REVIEW else "请填写审理法院。", "organ"
        )
    if prior_review is not None:
        _check_prior_review(agency, kind, prior_review)
        if prior_review.filed_on > filed_on:
            raise AppealError("复议后起诉的立案日期不能早于行政复议的受理日期。", "filed_on")
    if application is not None:
        _check_application(agency, application)
    case = AppealCase.objects.create(
        agency=agency, kind=kind, case_number=case_number, applicant_name=applicant_name, filed_on=filed_on,
        organ=organ, prior_review=prior_review, application=application, note=note or "", created_at=now,
        updated_at=now,
    )
    _event(case, kind=AppealEventKind.FILED, actor=actor, now=now, payload={
        "kind": kind, "case_number": case_number, "filed_on": filed_on.isoformat(), "organ": organ,
        "prior_review": prior_review.pk if prior_review else None,
        "application": getattr(application, "pk", None),
    })
    return case


@transaction.atomic
def record_result(
    *, case: AppealCase, result: str, decided_on: dt.date, actor: Any, now: dt.datetime, note: str = ""
) -> AppealCase:
    """Record the decision (复议决定 / 判决、裁定): 结果维持, 结果纠正 or 其他结果, and its date."""
    case = AppealCase.objects.select_for_update().get(pk=case.pk)
    if case.status != AppealStatus.OPEN:
        raise AppealError(f"该案件已于{case.decided_on:%Y年%m月%d日}审结，不能再次登记结果；如有错误，请更正结果。")
    _check_result(case, result, decided_on, now)
    case.result = result
    case.decided_on = decided_on
    case.status = AppealStatus.CONCLUDED
    case.updated_at = now
    if note:
        case.note = (case.note + "\n" + note).strip()
    case.save(update_fields=["result", "decided_on", "status", "updated_at", "note"])
    _event(case, kind=AppealEventKind.RESULT, actor=actor, now=now,
           payload={"result": result, "decided_on": decided_on.isoformat(), "note": note})
    return case


def _check_result(case: AppealCase, result: str, decided_on: dt.date | None, now: dt.datetime) -> None:
    if result not in (AppealResult.KEEP, AppealResult.CORRECT, AppealResult.OTHER):
        raise AppealError("请选择结果：结果维持、结果纠正或其他结果。", "result")
    if decided_on is None:
        raise AppealError("请填写审结日期。", "decided_on")
    if decided_on < case.filed_on:
        raise AppealError("审结日期不能早于立案日期。", "decided_on")
    if decided_on > local_date(now):
        raise AppealError("审结日期不能晚于今天。", "decided_on")


@transaction.atomic
def correct_result(
    *, case: AppealCase, result: str, decided_on: dt.date, reason: str, actor: Any, now: dt.datetime
) -> AppealCase:
    """Correct a recorded result or decision date (a wrong entry, or a decision later set aside), with a
    reason. The event keeps the previous values; table 四 of every year is recomputed from the register,
    so a published report that counted the old result is flagged by the carry-over check of the next."""
    case = AppealCase.objects.select_for_update().get(pk=case.pk)
    if case.status != AppealStatus.CONCLUDED:
        raise AppealError("该案件尚未审结，请直接登记结果。")
    reason = (reason or "").strip()
    if not reason:
        raise AppealError("请填写更正理由。", "reason")
    _check_result(case, result, decided_on, now)
    if result == case.result and decided_on == case.decided_on:
        raise AppealError("结果和审结日期均未改变。", "result")
    payload = {"was_result": case.result, "was_decided_on": case.decided_on.isoformat() if case.decided_on else "",
               "result": result, "decided_on": decided_on.isoformat(), "reason": reason}
    case.result, case.decided_on, case.updated_at = result, decided_on, now
    case.save(update_fields=["result", "decided_on", "updated_at"])
    _event(case, kind=AppealEventKind.CORRECTED, actor=actor, now=now, payload=payload)
    return case


@transaction.atomic
def link_to_application(*, case: AppealCase, application: Any, actor: Any, now: dt.datetime) -> AppealCase:
    """Link the case to the disclosure application it arose from (same agency only)."""
    case = AppealCase.objects.select_for_update().get(pk=case.pk)
    _check_application(case.agency, application)
    if case.application_id == application.pk:
        raise AppealError("该案件已关联此申请。", "application")
    previous = case.application_id
    case.application = application
    case.updated_at = now
    case.save(update_fields=["application", "updated_at"])
    _event(case, kind=AppealEventKind.LINKED_APPLICATION, actor=actor, now=now,
           payload={"application": application.pk, "previous": previous})
    return case


@transaction.atomic
def link_prior_review(*, case: AppealCase, prior_review: AppealCase, actor: Any, now: dt.datetime) -> AppealCase:
    """Link a 复议后起诉 suit to the 行政复议 case it follows."""
    case = AppealCase.objects.select_for_update().get(pk=case.pk)
    _check_prior_review(case.agency, case.kind, prior_review)
    if prior_review.filed_on > case.filed_on:
        raise AppealError("复议后起诉的立案日期不能早于行政复议的受理日期。", "prior_review")
    if case.prior_review_id == prior_review.pk:
        raise AppealError("该案件已关联此行政复议。", "prior_review")
    case.prior_review = prior_review
    case.updated_at = now
    case.save(update_fields=["prior_review", "updated_at"])
    _event(case, kind=AppealEventKind.LINKED_REVIEW, actor=actor, now=now,
           payload={"prior_review": prior_review.pk})
    return case
