"""An application comes in: on the portal, or registered by staff (receipt date: Art. 31); receipt
confirmed; the case assigned to a clerk."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications import common, workflow
from gongkai.applications.common import ApplicationError, local_date
from gongkai.applications.due import DUE_FIELDS, recompute_due
from gongkai.applications.duplicates import flag_duplicate
from gongkai.applications.identity import identity_errors, normalise_id_number
from gongkai.applications.letters_adapter import issue_case_letter
from gongkai.applications.models import Application, EventKind, IdType, Status
from gongkai.applications.numbering import allocate_tracking_no, hash_query_code, new_query_code
from gongkai.law import deadlines as dl
from gongkai.law.categories import APPLICANT_TYPE_BY_CODE
from gongkai.law.workdays import WorkdayCalendar

APPLICANT_FIELDS = (
    "applicant_type", "applicant_name", "contact_person", "id_type", "id_number", "phone", "email", "address",
    "postcode", "description", "form_wanted", "obtain_via",
)


def _clean_details(details: Mapping[str, Any], *, required_identity: bool) -> dict[str, Any]:
    """The applicant's details checked (Art. 29); an application made online must carry its identity document."""
    unknown = set(details) - set(APPLICANT_FIELDS)
    if unknown:
        raise ValueError(f"unknown applicant fields: {sorted(unknown)}")
    data = {k: (str(v).strip() if v is not None else "") for k, v in details.items()}
    if data.get("applicant_type") not in APPLICANT_TYPE_BY_CODE:
        raise ApplicationError("请选择申请人类型。", "applicant_type")
    if not data.get("applicant_name"):
        raise ApplicationError("请填写申请人姓名或名称。", "applicant_name")
    if not data.get("description"):
        raise ApplicationError("请描述所需政府信息的名称、文号或者便于查询的其他特征（《条例》第二十九条）。",
                               "description")
    if "id_number" in data:
        data["id_number"] = normalise_id_number(data["id_number"])
    if data.get("id_number") or required_identity:
        data.setdefault("id_type", IdType.RESIDENT_ID)  # the model's default
    errors = identity_errors(data, required=required_identity)
    if errors:
        field, message = errors[0]
        raise ApplicationError(message, field)
    return data


def _new_application(agency: Agency, data: dict[str, Any], *, channel: str, now: dt.datetime) -> Application:
    app = Application(agency=agency, channel=channel, submitted_at=now, created_at=now, updated_at=now, **data)
    app.tracking_no = allocate_tracking_no(agency, local_date(now).year)
    return app


def submit_online(
    *, agency: Agency, details: Mapping[str, Any], files: Sequence[tuple[str, bytes]] = (), now: dt.datetime,
) -> tuple[Application, str]:
    """An application made on the portal (Art. 29, 31: received when both sides confirm).
    Returns the case and its query code (shown once, e-mailed, only its hash is stored)."""
    data = _clean_details(details, required_identity=True)
    for name, blob in files:
        common.check_upload(name, blob)
    code = new_query_code()
    with transaction.atomic():
        app = _new_application(agency, data, channel=dl.Channel.INTERNET.value, now=now)
        app.query_code_hash = hash_query_code(app.tracking_no, code)
        app.status = Status.SUBMITTED
        recompute_due(app)
        app.save()
        common.store_attachments(app, files, by_applicant=True, now=now)
        common.event(app, EventKind.SUBMITTED, actor=None, now=now, channel=app.channel, attachments=len(files))
        flag_duplicate(app, now)
        common.mail_after_commit(
            f"政府信息公开申请已提交：{app.tracking_no}",
            f"{app.applicant_name}：\n\n您向{agency.name}提交的政府信息公开申请已收到，申请编号：{app.tracking_no}，"
            f"查询码：{code}。\n请妥善保管查询码，凭申请编号和查询码在“申请查询”页面查看办理进度、答复期限和文书。\n",
            [app.email],
        )
    return app, code


def register(
    *, agency: Agency, details: Mapping[str, Any], channel: str, submitted_on: dt.date,
    signed_on: dt.date | None = None, confirmed_on: dt.date | None = None,
    files: Sequence[tuple[str, bytes]] = (), actor: Any, now: dt.datetime, cal: WorkdayCalendar | None = None,
    issue_receipt: bool = True,
) -> tuple[Application, str]:
    """Staff register an application that came in person, by post, fax or e-mail (receipt date: Art. 31).
    Without the confirmation date that the channel needs, the case waits for :func:`confirm_receipt`."""
    common.check_staff(actor, agency)
    data = _clean_details(details, required_identity=False)
    try:
        ch = dl.Channel(channel)
    except ValueError:
        raise ApplicationError("请选择申请渠道。", "channel") from None
    today = local_date(now)
    if submitted_on > today:
        raise ApplicationError("提交日期不能晚于今天。", "submitted_on")
    for d, name in ((signed_on, "signed_on"), (confirmed_on, "confirmed_on")):
        if d is not None and d > today:
            raise ApplicationError("日期不能晚于今天。", name)
    code = new_query_code()
    with transaction.atomic():
        app = _new_application(agency, data, channel=ch.value, now=now)
        app.submitted_at = timezone.make_aware(dt.datetime.combine(submitted_on, dt.time(9, 0)))
        app.query_code_hash = hash_query_code(app.tracking_no, code)
        received = _receipt(agency, ch, submitted_on, signed_on, confirmed_on, required=False)
        app.received_on = received
        app.status = Status.RECEIVED if received else Status.SUBMITTED
        recompute_due(app, cal)
        app.save()
        common.store_attachments(app, files, by_applicant=False, now=now)
        common.event(app, EventKind.REGISTERED, actor=actor, now=now, channel=ch.value, submitted_on=submitted_on,
               received_on=received)
        flag_duplicate(app, now)
        if received and issue_receipt:
            issue_case_letter(app, "receipt", actor=actor, now=now)
        _mail_code(app, code)
    return app, code


def _mail_code(app: Application, code: str) -> None:
    common.mail_after_commit(
        f"政府信息公开申请登记：{app.tracking_no}",
        f"{app.applicant_name}：\n\n{app.agency.name}已登记您的政府信息公开申请，申请编号：{app.tracking_no}，"
        f"查询码：{code}。凭申请编号和查询码可在网上查看办理进度。\n",
        [app.email],
    )


def _receipt(agency: Agency, ch: dl.Channel, submitted_on: dt.date, signed_on: dt.date | None,
             confirmed_on: dt.date | None, *, required: bool) -> dt.date | None:
    rule = dl.EmailRule.SUBMISSION_DATE if agency.setting("email_receipt_rule") in (
        "submission", dl.EmailRule.SUBMISSION_DATE.value) else dl.EmailRule.MUTUAL_CONFIRMATION
    needs = {dl.Channel.POST_SIGNED: signed_on}
    if ch in (dl.Channel.POST_UNSIGNED, dl.Channel.INTERNET, dl.Channel.FAX) or (
        ch is dl.Channel.EMAIL and rule is dl.EmailRule.MUTUAL_CONFIRMATION
    ):
        needs[ch] = confirmed_on
    if ch in needs and needs[ch] is None and not required:
        return None
    try:
        return dl.receipt_date(ch, submitted_on=submitted_on, signed_on=signed_on, confirmed_on=confirmed_on,
                               email_rule=rule)
    except ValueError as exc:
        raise ApplicationError(str(exc), "signed_on" if ch is dl.Channel.POST_SIGNED else "confirmed_on") from None


def confirm_receipt(
    *, application: Application, confirmed_on: dt.date, actor: Any, now: dt.datetime,
    cal: WorkdayCalendar | None = None, issue_receipt: bool = True,
) -> Application:
    """Confirm receipt of an application submitted online (or by a channel needing confirmation)."""
    common.check_staff(actor, application.agency)
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "confirm_receipt")
        if confirmed_on > local_date(now):
            raise ApplicationError("确认日期不能晚于今天。", "confirmed_on")
        ch = dl.Channel(app.channel)
        submitted_on = local_date(app.submitted_at)
        app.received_on = _receipt(app.agency, ch, submitted_on,
                                   confirmed_on if ch is dl.Channel.POST_SIGNED else None,
                                   confirmed_on, required=True)
        workflow.move(app, "confirm_receipt", Status.RECEIVED)
        recompute_due(app, cal)
        common.save(app, now, "received_on", "status", *DUE_FIELDS)
        common.event(app, EventKind.RECEIPT_CONFIRMED, actor=actor, now=now, received_on=app.received_on,
               due_on=app.due_on)
        if issue_receipt:
            issue_case_letter(app, "receipt", actor=actor, now=now)
    application.refresh_from_db()
    return application


def assign(*, application: Application, clerk: Any, actor: Any, now: dt.datetime) -> Application:
    """Assign (or transfer) the case to a clerk of the agency."""
    common.check_staff(actor, application.agency)
    if not Membership.objects.filter(user=clerk, agency=application.agency).exclude(role=Role.SUPERVISOR).exists():
        raise ApplicationError("只能分派给本机关的工作人员。", "clerk")
    with transaction.atomic():
        app = common.lock(application)
        workflow.check(app, "assign")
        before = app.assigned_to
        if before == clerk:
            raise ApplicationError("该申请已由此经办人办理。", "clerk")
        app.assigned_to = clerk
        if app.status == Status.RECEIVED:
            workflow.move(app, "assign", Status.IN_PROGRESS)  # handling starts with the assignment
        common.save(app, now, "assigned_to", "status")
        common.event(app, EventKind.ASSIGNED, actor=actor, now=now, clerk=clerk.get_username(),
               clerk_name=clerk.get_full_name() or clerk.get_username(),
               previous=before.get_username() if before else None)
    application.refresh_from_db()
    return application
