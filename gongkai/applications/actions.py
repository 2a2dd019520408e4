"""Every change to an application: one function each, checked, with an event, in one transaction.

Time is an argument (``now``, an aware datetime; views pass ``timezone.now()``). Working days come from
``gongkai.agencies.calendar.get_calendar()`` (or the ``cal`` argument) and are passed into the law's
functions. After each change the due date is recomputed from the case history by :func:`recompute_due`.
E-mail goes out after commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.agencies.access import can_act
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications import letters_adapter
from gongkai.applications.models import (
    FINAL_STATES,
    OPEN_STATES,
    WORKING,
    Application,
    Attachment,
    CaseEvent,
    Consultation,
    ConsultationAnswer,
    ConsultationKind,
    EventKind,
    FeeNotice,
    FeeStatus,
    Status,
    TrackingCounter,
)
from gongkai.law import deadlines as dl
from gongkai.law.categories import APPLICANT_TYPE_BY_CODE, OUTCOME_BY_CODE, ReplyType
from gongkai.law.fees import per_application_fee, per_page_fee
from gongkai.law.workdays import CalendarDataMissing, WorkdayCalendar


class ApplicationError(Exception):
    """A refused change, with a Chinese message and, where it concerns one input, the field name."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


APPLICANT_FIELDS = (
    "applicant_type", "applicant_name", "contact_person", "id_type", "id_number", "phone", "email", "address",
    "postcode", "description", "form_wanted", "obtain_via",
)
DUPLICATE_THRESHOLD = 0.6
DEFAULT_CORRECTION_WD = 15


# --------------------------------------------------------------------------- helpers


def local_date(now: dt.datetime) -> dt.date:
    return timezone.localtime(now).date() if timezone.is_aware(now) else now.date()


def _calendar(cal: WorkdayCalendar | None) -> WorkdayCalendar:
    if cal is not None:
        return cal
    from gongkai.agencies.calendar import get_calendar

    return get_calendar()


def _event(app: Application, event_kind: str, /, *, actor: Any, now: dt.datetime, **payload: Any) -> CaseEvent:
    clean = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in payload.items()}
    return CaseEvent.objects.create(application=app, kind=event_kind, actor=actor, at=now, payload=clean)


def _lock(app: Application) -> Application:
    """Re-read the case under a row lock: the checks below see the committed state."""
    return Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=app.pk)


def _staff(actor: Any, agency: Agency, roles: Iterable[str] | None = None, what: str = "办理") -> None:
    if actor is None or not can_act(actor, agency, roles):
        if roles:
            labels = "、".join(Role(r).label for r in roles)
            raise ApplicationError(f"只有本机关的{labels}才能{what}。")
        raise ApplicationError("只有本机关的工作人员才能办理本申请。")


def _after_commit_mail(subject: str, body: str, to: Sequence[str]) -> None:
    recipients = [a for a in to if a]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
    )


def _setting(agency: Agency, key: str, default: Any) -> Any:
    try:
        return agency.setting(key)
    except KeyError:
        return default


def _working_status(app: Application) -> str:
    return Status.EXTENDED if app.extension_wd else Status.IN_PROGRESS


def _save(app: Application, now: dt.datetime, *fields: str) -> None:
    app.updated_at = now
    app.save(update_fields=[*fields, "updated_at"])


# --------------------------------------------------------------------------- tracking number, query code


def allocate_tracking_no(agency: Agency, year: int) -> str:
    """Next tracking number of the agency's year: one counter row, locked until the transaction ends."""
    if not transaction.get_connection().in_atomic_block:  # pragma: no cover - programming error
        raise RuntimeError("tracking numbers are allocated inside a transaction")
    qs = TrackingCounter.objects.select_for_update()
    counter = qs.filter(agency=agency, year=year).first()
    if counter is None:
        try:
            with transaction.atomic():
                TrackingCounter.objects.create(agency=agency, year=year, last=0)
        except IntegrityError:
            pass
        counter = qs.get(agency=agency, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{agency.code}-{year}-{counter.last:05d}"


_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_query_code() -> str:
    """Ten characters from a 32-letter alphabet without look-alikes (50 bits)."""
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


def hash_query_code(tracking_no: str, code: str) -> str:
    norm = code.strip().upper().replace(" ", "").replace("-", "")
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{tracking_no}:{norm}".encode(), hashlib.sha256).hexdigest()


def check_query_code(app: Application, code: str) -> bool:
    return bool(app.query_code_hash) and hmac.compare_digest(app.query_code_hash, hash_query_code(app.tracking_no, code))


# --------------------------------------------------------------------------- the due date


def pauses_of(app: Application) -> list[dl.Pause]:
    if app.pk is None:
        return []
    out = [
        dl.Pause(c.sent_on, c.answered_on, dl.PauseKind(c.kind)) for c in app.consultations.all()
    ]
    for f in app.fee_notices.all():
        if f.status in (FeeStatus.PENDING, FeeStatus.PAID):
            out.append(dl.Pause(f.issued_on, f.settled_on, dl.PauseKind.FEE_PAYMENT))
    return out


def deadline_of(app: Application, cal: WorkdayCalendar | None = None) -> dl.Deadline | None:
    """The reply deadline of the case from its history (None before receipt or while 补正 is awaited)."""
    if app.received_on is None:
        return None
    if app.correction_requested_on is not None and app.corrected_received_on is None:
        return None
    return dl.reply_due(
        received_on=app.received_on,
        corrected_received_on=app.corrected_received_on,
        paused=pauses_of(app),
        extension_wd=app.extension_wd,
        fee_pauses_clock=bool(_setting(app.agency, "fee_pauses_clock", True)),
        channel=dl.Channel(app.channel),
        cal=_calendar(cal),
    )


def recompute_due(app: Application, cal: WorkdayCalendar | None = None) -> None:
    """Store ``due_on``, ``due_steps``, ``clock_stopped`` and ``due_provisional`` from the case history
    (not saved). A step the applicant must not read (an administrator's instruction) is ``staff_only``;
    the step saying why a date is an estimate is ``provisional``."""
    steps: list[dict[str, Any]] = []
    app.due_provisional = False
    try:
        d = deadline_of(app, cal)
    except CalendarDataMissing as exc:
        app.due_on, app.clock_stopped = None, False
        app.due_steps = [{"text": "暂无法计算答复期限：缺少节假日安排数据", "date": None},
                         {"text": str(exc), "date": None, "staff_only": True}]
        return
    if d is None:
        app.due_on, app.clock_stopped = None, False
        if app.received_on is None:
            steps.append({"text": "尚未确认收到申请，答复期限自收到申请之日起计算（《条例》第三十一条）", "date": None})
        else:
            steps.append({"text": f"{dl.format_date(app.received_on)}收到申请（《条例》第三十一条）",
                          "date": app.received_on.isoformat()})
            due = app.correction_due.isoformat() if app.correction_due else None
            steps.append({"text": "已告知补正，答复期限自收到补正后的申请之日起重新计算（《条例》第三十条）"
                          + (f"；补正期限至{dl.format_date(app.correction_due)}" if app.correction_due else ""),
                          "date": due})
        app.due_steps = steps
        return
    app.due_on = d.due
    app.clock_stopped = d.clock_stopped
    app.due_provisional = d.provisional
    app.due_steps = [{"text": s.text, "date": s.date.isoformat() if s.date else None} for s in d.steps]
    if d.provisional:
        app.due_steps[-1]["provisional"] = list(d.provisional_years)


# --------------------------------------------------------------------------- duplicates


def bigrams(text: str) -> set[str]:
    s = "".join(ch for ch in text if not ch.isspace() and ch not in "，。、；：“”‘’（）《》,.;:()\"'")
    return {s[i: i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def find_duplicate(app: Application) -> tuple[Application, float] | None:
    """The closest already answered application of the same applicant (same ID, or same name when no ID),
    if its description is similar enough (character-bigram Jaccard ≥ 0.6)."""
    qs = Application.objects.filter(agency=app.agency, outcome__isnull=False).exclude(pk=app.pk)
    if app.id_number:
        qs = qs.filter(id_number=app.id_number)
    else:
        qs = qs.filter(applicant_name=app.applicant_name)
    best: tuple[Application, float] | None = None
    # No ORDER BY: the planner then uses the applicant index instead of walking the agency's register.
    for other in qs.order_by()[:500]:
        score = similarity(app.description, other.description)
        if score >= DUPLICATE_THRESHOLD and (best is None or score > best[1]):
            best = (other, score)
    return best


def _flag_duplicate(app: Application, now: dt.datetime) -> None:
    found = find_duplicate(app)
    if found is None:
        return
    other, score = found
    app.duplicate_of = other
    app.save(update_fields=["duplicate_of"])
    _event(app, EventKind.DUPLICATE_FLAGGED, actor=None, now=now, other=other.tracking_no,
           other_id=other.pk, similarity=round(score, 2))


# --------------------------------------------------------------------------- uploads


def check_upload(name: str, data: bytes) -> str:
    """Validate an attachment (size, extension and content); returns the lower-case extension."""
    limit = settings.GONGKAI_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise ApplicationError(f"附件“{name}”超过{limit // (1024 * 1024)}MB的大小限制。", "attachments")
    if not data:
        raise ApplicationError(f"附件“{name}”是空文件。", "attachments")
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = settings.GONGKAI_UPLOAD_EXTENSIONS
    if ext not in allowed:
        raise ApplicationError(f"附件“{name}”的类型不允许，可上传：{'、'.join(allowed)}。", "attachments")
    magic: dict[str, tuple[bytes, ...]] = {
        "pdf": (b"%PDF",), "png": (b"\x89PNG",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
        "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",), "zip": (b"PK\x03\x04",), "ofd": (b"PK\x03\x04",),
        "doc": (b"\xd0\xcf\x11\xe0",), "xls": (b"\xd0\xcf\x11\xe0",),
    }
    if ext in magic and not data.startswith(magic[ext]):
        raise ApplicationError(f"附件“{name}”的内容与文件类型不符。", "attachments")
    if ext == "txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                data.decode("gb18030")
            except UnicodeDecodeError:
                raise ApplicationError(f"附件“{name}”不是文本文件。", "attachments") from None
    return ext


def _store_attachments(app: Application, files: Sequence[tuple[str, bytes]], *, by_applicant: bool,
                       now: dt.datetime) -> None:
    for i, (name, data) in enumerate(files):
        ext = check_upload(name, data)
        att = Attachment(application=app, original_name=name[:200], size=len(data), by_applicant=by_applicant,
                         uploaded_at=now, content_type=ext)
        att.file.save(f"{secrets.token_hex(8)}-{i}.{ext}", ContentFile(data), save=False)
        att.save()


# --------------------------------------------------------------------------- letters


def _unpublished(app: Application) -> str:
    """E.g. "国务院办公厅尚未公布2027年的节假日安排" for a provisional due date, else ""."""
    years = next((s["provisional"] for s in app.due_steps or [] if s.get("provisional")), None)
    if not app.due_provisional or not years:
        return ""
    return f"国务院办公厅尚未公布{'、'.join(f'{y}年' for y in years)}的节假日安排"


def _period_estimate(cal: WorkdayCalendar, start: dt.date, due: dt.date) -> dict[str, Any]:
    """Letter keys for a period notified to someone else (补正, payment, a consultation) whose date rests on
    estimated working days (see gongkai/applications/arrangement.py: such a date is only ever lengthened)."""
    years = cal.provisional_years(start, due)
    if not years:
        return {}
    return {"period_provisional": True,
            "period_provisional_reason": f"国务院办公厅尚未公布{'、'.join(f'{y}年' for y in years)}的节假日安排"}


def letter_context(app: Application, **extra: Any) -> dict[str, Any]:
    return {
        "applicant": {"name": app.applicant_name, "address": app.address, "postcode": app.postcode,
                      "phone": app.phone, "email": app.email},
        "application": {"tracking_no": app.tracking_no, "received_on": app.received_on,
                        "submitted_on": local_date(app.submitted_at), "description": app.description},
        "due_date": app.due_on,
        "due_provisional": app.due_provisional,
        "provisional_reason": _unpublished(app),
        **extra,
    }


def _letter(app: Application, kind: str, *, actor: Any, now: dt.datetime, **extra: Any) -> Any:
    try:
        row = letters_adapter.issue(application=app, kind=kind, context=letter_context(app, **extra),
                                    actor=actor, now=now)
    except letters_adapter.LetterFailed as exc:
        raise ApplicationError(f"文书生成失败：{exc}") from exc
    _event(app, EventKind.LETTER_ISSUED, actor=actor, now=now, kind=kind, number=row.number, letter=row.pk,
           title=row.title)
    return row


# --------------------------------------------------------------------------- intake


def _clean_details(details: Mapping[str, Any]) -> dict[str, Any]:
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
    data = _clean_details(details)
    for name, blob in files:
        check_upload(name, blob)
    code = new_query_code()
    with transaction.atomic():
        app = _new_application(agency, data, channel=dl.Channel.INTERNET.value, now=now)
        app.query_code_hash = hash_query_code(app.tracking_no, code)
        app.status = Status.SUBMITTED
        recompute_due(app)
        app.save()
        _store_attachments(app, files, by_applicant=True, now=now)
        _event(app, EventKind.SUBMITTED, actor=None, now=now, channel=app.channel, attachments=len(files))
        _flag_duplicate(app, now)
        _after_commit_mail(
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
    _staff(actor, agency)
    data = _clean_details(details)
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
        _store_attachments(app, files, by_applicant=False, now=now)
        _event(app, EventKind.REGISTERED, actor=actor, now=now, channel=ch.value, submitted_on=submitted_on,
               received_on=received)
        _flag_duplicate(app, now)
        if received and issue_receipt:
            _letter(app, "receipt", actor=actor, now=now)
        _mail_code(app, code)
    return app, code


def _mail_code(app: Application, code: str) -> None:
    _after_commit_mail(
        f"政府信息公开申请登记：{app.tracking_no}",
        f"{app.applicant_name}：\n\n{app.agency.name}已登记您的政府信息公开申请，申请编号：{app.tracking_no}，"
        f"查询码：{code}。凭申请编号和查询码可在网上查看办理进度。\n",
        [app.email],
    )


def _receipt(agency: Agency, ch: dl.Channel, submitted_on: dt.date, signed_on: dt.date | None,
             confirmed_on: dt.date | None, *, required: bool) -> dt.date | None:
    rule = dl.EmailRule.SUBMISSION_DATE if _setting(agency, "email_receipt_rule", "confirmation") in (
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
    _staff(actor, application.agency)
    with transaction.atomic():
        app = _lock(application)
        if app.status != Status.SUBMITTED:
            raise ApplicationError(f"当前状态为“{app.get_status_display()}”，无需确认收到。")
        if confirmed_on > local_date(now):
            raise ApplicationError("确认日期不能晚于今天。", "confirmed_on")
        ch = dl.Channel(app.channel)
        submitted_on = local_date(app.submitted_at)
        app.received_on = _receipt(app.agency, ch, submitted_on,
                                   confirmed_on if ch is dl.Channel.POST_SIGNED else None,
                                   confirmed_on, required=True)
        app.status = Status.RECEIVED
        recompute_due(app, cal)
        _save(app, now, "received_on", "status", "due_on", "due_steps", "clock_stopped", "due_provisional")
        _event(app, EventKind.RECEIPT_CONFIRMED, actor=actor, now=now, received_on=app.received_on,
               due_on=app.due_on)
        if issue_receipt:
            _letter(app, "receipt", actor=actor, now=now)
    application.refresh_from_db()
    return application


def assign(*, application: Application, clerk: Any, actor: Any, now: dt.datetime) -> Application:
    """Assign (or transfer) the case to a clerk of the agency."""
    _staff(actor, application.agency)
    if not Membership.objects.filter(user=clerk, agency=application.agency).exclude(role=Role.SUPERVISOR).exists():
        raise ApplicationError("只能分派给本机关的工作人员。", "clerk")
    with transaction.atomic():
        app = _lock(application)
        if app.status in FINAL_STATES:
            raise ApplicationError("已办结的申请不能再分派。")
        before = app.assigned_to
        if before == clerk:
            raise ApplicationError("该申请已由此经办人办理。", "clerk")
        app.assigned_to = clerk
        if app.status == Status.RECEIVED:
            app.status = Status.IN_PROGRESS  # handling starts with the assignment
        _save(app, now, "assigned_to", "status")
        _event(app, EventKind.ASSIGNED, actor=actor, now=now, clerk=clerk.get_username(),
               clerk_name=clerk.get_full_name() or clerk.get_username(),
               previous=before.get_username() if before else None)
    application.refresh_from_db()
    return application


# --------------------------------------------------------------------------- 补正 (Art. 30)


def request_correction(
    *, application: Application, items: str, actor: Any, now: dt.datetime, period_wd: int = DEFAULT_CORRECTION_WD,
    cal: WorkdayCalendar | None = None,
) -> Application:
    """The one-time correction notice, within 7 working days of receipt (Art. 30)."""
    _staff(actor, application.agency)
    c = _calendar(cal)
    today = local_date(now)
    if not items.strip():
        raise ApplicationError("请写明需要补正的事项和具体要求（《条例》第三十条）。", "items")
    if not 1 <= period_wd <= 60:
        raise ApplicationError("补正期限应为1至60个工作日。", "period_wd")
    with transaction.atomic():
        app = _lock(application)
        if app.correction_requested_on is not None:
            raise ApplicationError("补正只能一次性告知，本申请已告知过补正（《条例》第三十条）。")
        if app.status not in (Status.RECEIVED, Status.IN_PROGRESS):
            raise ApplicationError(f"当前状态为“{app.get_status_display()}”，不能告知补正。")
        assert app.received_on is not None
        last = dl.correction_notice_due(app.received_on, c).due
        assert last is not None
        if today > last:
            raise ApplicationError(
                f"补正告知应当自收到申请之日起7个工作日内一次性作出（《条例》第三十条），"
                f"本申请于{dl.format_date(app.received_on)}收到，告知期限已于{dl.format_date(last)}届满。"
            )
        app.correction_requested_on = today
        app.correction_due = c.add_workdays(today, period_wd)
        app.correction_items = items.strip()
        app.status = Status.CORRECTION_REQUESTED
        recompute_due(app, c)
        _save(app, now, "correction_requested_on", "correction_due", "correction_items", "status", "due_on",
              "due_steps", "clock_stopped", "due_provisional")
        _event(app, EventKind.CORRECTION_REQUESTED, actor=actor, now=now, items=app.correction_items,
               correction_due=app.correction_due, period_wd=period_wd)
        _letter(app, "correction", actor=actor, now=now, correction_items=app.correction_items.splitlines(),
                correction_due=app.correction_due, **_period_estimate(c, today, app.correction_due))
        _after_commit_mail(f"政府信息公开申请需要补正：{app.tracking_no}",
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
        _staff(actor, application.agency)
    today = local_date(now)
    if not description.strip():
        raise ApplicationError("请填写补正后的申请内容。", "description")
    for name, blob in files:
        check_upload(name, blob)
    with transaction.atomic():
        app = _lock(application)
        if app.status != Status.CORRECTION_REQUESTED:
            raise ApplicationError("本申请当前不需要补正。")
        assert app.correction_due is not None
        if today > app.correction_due:
            raise ApplicationError(f"补正期限已于{dl.format_date(app.correction_due)}届满。")
        previous = app.description
        app.description = description.strip()
        app.corrected_received_on = today
        app.status = Status.IN_PROGRESS
        recompute_due(app, cal)
        _save(app, now, "description", "corrected_received_on", "status", "due_on", "due_steps", "clock_stopped",
              "due_provisional")
        _store_attachments(app, files, by_applicant=actor is None, now=now)
        _event(app, EventKind.CORRECTION_SUBMITTED, actor=actor, now=now, previous=previous,
               corrected_received_on=today, due_on=app.due_on)
    application.refresh_from_db()
    return application


def _conclude(app: Application, outcome: str, today: dt.date, status: str) -> None:
    app.outcome = outcome
    app.concluded_on = today
    app.status = status
    if status == Status.CLOSED:
        app.closed_on = today


def lapse_correction(*, application: Application, actor: Any, now: dt.datetime) -> Application:
    """No correction within the period: deemed withdrawn (Art. 30) → 其他处理 / 逾期不补正."""
    _staff(actor, application.agency)
    today = local_date(now)
    with transaction.atomic():
        app = _lock(application)
        if app.status != Status.CORRECTION_REQUESTED:
            raise ApplicationError("本申请不在等待补正状态。")
        assert app.correction_due is not None
        if today <= app.correction_due:
            raise ApplicationError(f"补正期限至{dl.format_date(app.correction_due)}，期限届满后才能按逾期不补正处理。")
        _conclude(app, "A30_not_corrected", today, Status.CLOSED)
        _save(app, now, "outcome", "concluded_on", "status", "closed_on")
        _event(app, EventKind.CORRECTION_LAPSED, actor=actor, now=now, outcome=app.outcome)
    application.refresh_from_db()
    return application


# --------------------------------------------------------------------------- consultations (Art. 32, 34)


def start_consultation(
    *, application: Application, kind: str, party_name: str, party_address: str = "", actor: Any,
    now: dt.datetime, cal: WorkdayCalendar | None = None,
) -> Consultation:
    """Consult a third party (Art. 32) or another organ (Art. 34); the clock pauses (Art. 33 ¶3)."""
    _staff(actor, application.agency)
    c = _calendar(cal)
    today = local_date(now)
    if kind not in ConsultationKind.values:
        raise ApplicationError("请选择征求意见的类型。", "kind")
    if not party_name.strip():
        raise ApplicationError("请填写被征求意见的第三方或机关名称。", "party_name")
    with transaction.atomic():
        app = _lock(application)
        if app.status not in WORKING and app.status != Status.CONSULTING:
            raise ApplicationError(f"当前状态为“{app.get_status_display()}”，不能征求意见。")
        due = (dl.third_party_reply_due if kind == ConsultationKind.THIRD_PARTY else dl.other_organ_reply_due)(today, c)
        assert due.due is not None
        cons = Consultation.objects.create(application=app, kind=kind, party_name=party_name.strip(),
                                           party_address=party_address.strip(), sent_on=today, reply_due=due.due)
        app.status = Status.CONSULTING
        recompute_due(app, c)
        _save(app, now, "status", "due_on", "due_steps", "clock_stopped", "due_provisional")
        _event(app, EventKind.CONSULTATION_STARTED, actor=actor, now=now, consultation=cons.pk, kind=kind,
               party=cons.party_name, reply_due=cons.reply_due)
        letter_kind = "third_party" if kind == ConsultationKind.THIRD_PARTY else "other_organ"
        party = {"name": cons.party_name, "address": cons.party_address}
        _letter(app, letter_kind, actor=actor, now=now, third_party=party, other_organ=party,
                third_party_due=cons.reply_due, other_organ_due=cons.reply_due,
                **_period_estimate(c, today, cons.reply_due))
    return cons


def finish_consultation(
    *, consultation: Consultation, answer: str, answered_on: dt.date, note: str = "", override: bool = False,
    override_reason: str = "", actor: Any, now: dt.datetime, cal: WorkdayCalendar | None = None,
) -> Consultation:
    """Record the answer (agree / object / silent). Objection + public interest: disclose anyway and
    notify the third party (Art. 32)."""
    application = consultation.application
    _staff(actor, application.agency)
    today = local_date(now)
    if answer not in ConsultationAnswer.values:
        raise ApplicationError("请选择意见。", "answer")
    with transaction.atomic():
        app = _lock(application)
        cons = Consultation.objects.select_for_update().get(pk=consultation.pk)
        if not cons.is_open:
            raise ApplicationError("该征求意见已经结束。")
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
            app.status = _working_status(app)
        recompute_due(app, cal)
        _save(app, now, "status", "due_on", "due_steps", "clock_stopped", "due_provisional")
        _event(app, EventKind.CONSULTATION_FINISHED, actor=actor, now=now, consultation=cons.pk,
               answer=answer, answered_on=answered_on, party=cons.party_name, due_on=app.due_on)
        if override:
            _event(app, EventKind.PUBLIC_INTEREST_OVERRIDE, actor=actor, now=now, consultation=cons.pk,
                   reason=cons.override_reason)
            _letter(app, "third_party_override", actor=actor, now=now,
                    third_party={"name": cons.party_name, "address": cons.party_address},
                    third_party_replied_on=answered_on, public_interest_reason=cons.override_reason,
                    disclosed_content=app.description)
    return cons


# --------------------------------------------------------------------------- extension (Art. 33 ¶2)


def extend(
    *, application: Application, workdays: int, reason: str, actor: Any, now: dt.datetime,
    cal: WorkdayCalendar | None = None,
) -> Application:
    """One extension of at most 20 working days, approved by the head, before the due date."""
    _staff(actor, application.agency, [Role.HEAD], "批准延长答复期限（《条例》第三十三条第二款）")
    today = local_date(now)
    if not 1 <= workdays <= dl.MAX_EXTENSION_WD:
        raise ApplicationError(f"延长的期限最长不得超过{dl.MAX_EXTENSION_WD}个工作日（《条例》第三十三条第二款）。",
                               "workdays")
    if not reason.strip():
        raise ApplicationError("请填写延长答复期限的理由。", "reason")
    with transaction.atomic():
        app = _lock(application)
        if app.extension_wd:
            raise ApplicationError("答复期限只能延长一次，本申请已经延长过。")
        if app.status not in WORKING and app.status != Status.CONSULTING:
            raise ApplicationError(f"当前状态为“{app.get_status_display()}”，不能延长答复期限。")
        if app.due_on is None:
            raise ApplicationError("当前答复期限暂停计算，不能延长。")
        if today > app.due_on:
            raise ApplicationError(f"答复期限已于{dl.format_date(app.due_on)}届满，延期应当在期限届满前决定并告知申请人。")
        original = app.due_on
        app.extension_wd, app.extended_on, app.extension_reason = workdays, today, reason.strip()
        if app.status in WORKING:
            app.status = Status.EXTENDED
        recompute_due(app, cal)
        _save(app, now, "extension_wd", "extended_on", "extension_reason", "status", "due_on", "due_steps",
              "clock_stopped", "due_provisional")
        _event(app, EventKind.EXTENDED, actor=actor, now=now, workdays=workdays, reason=app.extension_reason,
               original_due=original, due_on=app.due_on)
        _letter(app, "extension", actor=actor, now=now, extension_wd=workdays, extension_reason=app.extension_reason,
                original_due=original, new_due=app.due_on)
        _after_commit_mail(f"政府信息公开申请延期答复：{app.tracking_no}",
                           f"{app.applicant_name}：\n\n您的申请答复期限延长{workdays}个工作日，"
                           f"将于{dl.format_date(app.due_on) if app.due_on else '延长后的期限'}前答复。\n", [app.email])
    application.refresh_from_db()
    return application


# --------------------------------------------------------------------------- fees (国办函〔2020〕109号)


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
    _staff(actor, application.agency)
    c = _calendar(cal)
    today = local_date(now)
    method = method or str(_setting(application.agency, "fee_method", "per_application"))
    with transaction.atomic():
        app = _lock(application)
        if app.status not in WORKING:
            raise ApplicationError(f"当前状态为“{app.get_status_display()}”，不能发出收费通知。")
        if app.fee_notices.exists():
            raise ApplicationError("本申请已经发出过收费通知。")
        if method == "per_page":
            if not pages or pages < 1:
                raise ApplicationError("按量计收时请填写信息的页数。", "pages")
            fee = per_page_fee(pages)
            units, amount, lines = pages, int(fee), fee.lines
        elif method == "per_application":
            n = applications_in_month(app)
            total, before = per_application_fee(n), per_application_fee(n - 1)
            units, amount = n, int(total) - int(before)
            lines = total.lines
        else:
            raise ApplicationError("未知的计费方式。", "method")
        if amount <= 0:
            raise ApplicationError(f"未超出免费范围（{'本月第' + str(units) + '件申请' if method == 'per_application' else str(units) + '页'}），不收取信息处理费。")
        due = dl.payment_due(today, c).due
        assert due is not None
        notice = FeeNotice.objects.create(
            application=app, method=method, units=units, amount=amount, issued_on=today, payment_due=due,
            lines=[{"label": ln.label, "count": ln.count, "rate": ln.rate, "subtotal": ln.subtotal} for ln in lines],
        )
        if method == "per_page":
            app.pages = pages
        app.status = Status.AWAITING_PAYMENT
        recompute_due(app, c)
        _save(app, now, "pages", "status", "due_on", "due_steps", "clock_stopped", "due_provisional")
        _event(app, EventKind.FEE_NOTICE, actor=actor, now=now, fee=notice.pk, amount=amount, method=method,
               units=units, payment_due=due)
        _letter(app, "fee_notice", actor=actor, now=now,
                fee={"method": method, "amount": amount, "lines": notice.lines, "payment_due": due, "units": units},
                payment_due=due, **_period_estimate(c, today, due))
        _after_commit_mail(f"政府信息公开申请收费通知：{app.tracking_no}",
                           f"{app.applicant_name}：\n\n您的申请需缴纳信息处理费{amount}元，请于{dl.format_date(due)}前缴纳，"
                           "逾期未缴纳的视为放弃申请。详见网上查询页面的收费通知书。\n", [app.email])
    return notice


def _pending_fee(notice: FeeNotice) -> tuple[Application, FeeNotice]:
    app = _lock(notice.application)
    fee = FeeNotice.objects.select_for_update().get(pk=notice.pk)
    if fee.status != FeeStatus.PENDING:
        raise ApplicationError(f"该收费通知已处理（{fee.get_status_display()}）。")
    return app, fee


def record_payment(
    *, fee_notice: FeeNotice, paid_on: dt.date, actor: Any, now: dt.datetime, cal: WorkdayCalendar | None = None,
) -> FeeNotice:
    """Payment received: the clock resumes (the fee pause ends on ``paid_on``)."""
    if actor is not None:
        _staff(actor, fee_notice.application.agency)
    today = local_date(now)
    with transaction.atomic():
        app, fee = _pending_fee(fee_notice)
        if paid_on > today or paid_on < fee.issued_on:
            raise ApplicationError("缴费日期应在通知发出日期和今天之间。", "paid_on")
        if paid_on > fee.payment_due:
            raise ApplicationError(f"缴费期限已于{dl.format_date(fee.payment_due)}届满。", "paid_on")
        fee.status, fee.settled_on = FeeStatus.PAID, paid_on
        fee.save()
        app.status = _working_status(app)
        recompute_due(app, cal)
        _save(app, now, "status", "due_on", "due_steps", "clock_stopped", "due_provisional")
        _event(app, EventKind.FEE_PAID, actor=actor, now=now, fee=fee.pk, amount=fee.amount, paid_on=paid_on,
               due_on=app.due_on)
    return fee


def decline_fee(*, fee_notice: FeeNotice, actor: Any, now: dt.datetime) -> FeeNotice:
    """The applicant declines to pay: the application ends as withdrawn (其他处理)."""
    if actor is not None:
        _staff(actor, fee_notice.application.agency)
    today = local_date(now)
    with transaction.atomic():
        app, fee = _pending_fee(fee_notice)
        fee.status, fee.settled_on = FeeStatus.DECLINED, today
        fee.save()
        _conclude(app, "withdrawn_or_other", today, Status.WITHDRAWN)
        _save(app, now, "outcome", "concluded_on", "status", "closed_on")
        _event(app, EventKind.FEE_DECLINED, actor=actor, now=now, fee=fee.pk, outcome=app.outcome)
    return fee


def lapse_payment(*, fee_notice: FeeNotice, actor: Any, now: dt.datetime) -> FeeNotice:
    """Not paid within 20 working days: deemed given up → 其他处理 / 逾期未缴费 (109号)."""
    _staff(actor, fee_notice.application.agency)
    today = local_date(now)
    with transaction.atomic():
        app, fee = _pending_fee(fee_notice)
        if today <= fee.payment_due:
            raise ApplicationError(f"缴费期限至{dl.format_date(fee.payment_due)}，届满后才能按逾期未缴费处理。")
        fee.status, fee.settled_on = FeeStatus.LAPSED, fee.payment_due
        fee.save()
        _conclude(app, "fee_not_paid", today, Status.CLOSED)
        _save(app, now, "outcome", "concluded_on", "status", "closed_on")
        _event(app, EventKind.FEE_LAPSED, actor=actor, now=now, fee=fee.pk, outcome=app.outcome)
    return fee


# --------------------------------------------------------------------------- decision and review chain


def decision_chain(agency: Agency) -> list[str]:
    chain = _setting(agency, "decision_chain", ["reviewer", "head"]) or []
    return [r for r in chain if r in Role.values]


def next_approver_role(app: Application) -> str | None:
    chain = decision_chain(app.agency)
    done = len(app.approvals or [])
    return chain[done] if done < len(chain) else None


def propose_decision(
    *, application: Application, outcome: str, actor: Any, now: dt.datetime, withheld_detail: str = "",
    withheld_reason: str = "", note: str = "",
) -> Application:
    """The clerk's proposed reply: exactly one outcome of the law's categories; 部分公开 states what is
    withheld and why. Goes to review through the agency's decision chain."""
    _staff(actor, application.agency)
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
        app = _lock(application)
        if app.status not in WORKING:
            raise ApplicationError(f"当前状态为“{app.get_status_display()}”，不能拟定答复。"
                                   + ("请先结束征求意见。" if app.status == Status.CONSULTING else "")
                                   + ("请先处理收费。" if app.status == Status.AWAITING_PAYMENT else ""))
        app.proposed_outcome, app.withheld_detail, app.withheld_reason = outcome, withheld_detail.strip(), withheld_reason
        app.decision_note = note.strip()
        app.approvals = []
        fields = ["proposed_outcome", "withheld_detail", "withheld_reason", "decision_note", "approvals", "status"]
        if decision_chain(app.agency):
            app.status = Status.DECISION_REVIEW
        else:
            app.status, app.outcome, app.decided_on = Status.DECIDED, outcome, today
            fields += ["outcome", "decided_on"]
        _save(app, now, *fields)
        _event(app, EventKind.DECISION_PROPOSED, actor=actor, now=now, outcome=outcome, label=o.full_label,
               withheld_detail=app.withheld_detail, withheld_reason=withheld_reason, note=app.decision_note)
    application.refresh_from_db()
    return application


def approve_decision(*, application: Application, actor: Any, now: dt.datetime, comment: str = "") -> Application:
    """One step of the chain (审核人, then 负责人, as configured); the last one decides the outcome."""
    today = local_date(now)
    with transaction.atomic():
        app = _lock(application)
        if app.status != Status.DECISION_REVIEW:
            raise ApplicationError("本申请当前没有待审批的答复意见。")
        role = next_approver_role(app)
        assert role is not None
        _staff(actor, app.agency, [role], "审批此步骤")
        approvals = list(app.approvals or [])
        approvals.append({"role": role, "user": actor.get_username(), "at": now.isoformat(), "comment": comment})
        app.approvals = approvals
        fields = ["approvals"]
        if len(approvals) >= len(decision_chain(app.agency)):
            app.status, app.outcome, app.decided_on = Status.DECIDED, app.proposed_outcome, today
            fields += ["status", "outcome", "decided_on"]
        _save(app, now, *fields)
        _event(app, EventKind.DECISION_APPROVED, actor=actor, now=now, role=role, comment=comment,
               final=app.status == Status.DECIDED)
    application.refresh_from_db()
    return application


def return_decision(*, application: Application, reason: str, actor: Any, now: dt.datetime) -> Application:
    """Send the proposal back to the clerk, with the reason."""
    if not reason.strip():
        raise ApplicationError("请填写退回理由。", "reason")
    with transaction.atomic():
        app = _lock(application)
        if app.status != Status.DECISION_REVIEW:
            raise ApplicationError("本申请当前没有待审批的答复意见。")
        role = next_approver_role(app)
        assert role is not None
        _staff(actor, app.agency, [role], "审批此步骤")
        app.status = _working_status(app)
        app.approvals = []
        _save(app, now, "status", "approvals")
        _event(app, EventKind.DECISION_RETURNED, actor=actor, now=now, role=role, reason=reason.strip())
    application.refresh_from_db()
    return application


def issue_reply(*, application: Application, actor: Any, now: dt.datetime, answer: str = "") -> Any:
    """The reply letter of the decided outcome; the outcome takes effect today (``concluded_on``)."""
    _staff(actor, application.agency)
    today = local_date(now)
    with transaction.atomic():
        app = _lock(application)
        if app.status != Status.DECIDED:
            raise ApplicationError("答复意见尚未审批通过，不能出具答复书。")
        assert app.outcome is not None
        o = OUTCOME_BY_CODE[app.outcome]
        app.concluded_on = today
        app.status = Status.REPLIED
        _save(app, now, "concluded_on", "status")
        _event(app, EventKind.REPLY_ISSUED, actor=actor, now=now, outcome=app.outcome, label=o.full_label,
               on_time=app.due_on is None or today <= app.due_on)
        row = _letter(app, f"reply_{o.reply_type.value}", actor=actor, now=now, outcome=app.outcome,
                      withheld_detail=app.withheld_detail, withheld_reason=app.withheld_reason,
                      answer=(answer or app.decision_note).splitlines())
        _after_commit_mail(f"政府信息公开申请已答复：{app.tracking_no}",
                           f"{app.applicant_name}：\n\n{app.agency.name}已对您的申请作出答复（{o.full_label}），"
                           "请凭申请编号和查询码在网上查看并下载答复书。\n", [app.email])
    application.refresh_from_db()
    return row


def record_delivery(*, application: Application, delivered_on: dt.date, method: str, actor: Any,
                    now: dt.datetime) -> Application:
    _staff(actor, application.agency)
    with transaction.atomic():
        app = _lock(application)
        if app.status != Status.REPLIED:
            raise ApplicationError("只有已出具答复书的申请才能登记送达。")
        assert app.concluded_on is not None
        if delivered_on > local_date(now) or delivered_on < app.concluded_on:
            raise ApplicationError("送达日期应在答复日期和今天之间。", "delivered_on")
        app.delivered_on, app.status = delivered_on, Status.DELIVERED
        _save(app, now, "delivered_on", "status")
        _event(app, EventKind.DELIVERED, actor=actor, now=now, delivered_on=delivered_on, method=method.strip())
    application.refresh_from_db()
    return application


def close(*, application: Application, actor: Any, now: dt.datetime) -> Application:
    _staff(actor, application.agency)
    with transaction.atomic():
        app = _lock(application)
        if app.status not in (Status.REPLIED, Status.DELIVERED):
            raise ApplicationError("只有已答复的申请才能办结归档。")
        app.status, app.closed_on = Status.CLOSED, local_date(now)
        _save(app, now, "status", "closed_on")
        _event(app, EventKind.CLOSED, actor=actor, now=now)
    application.refresh_from_db()
    return application


def withdraw(*, application: Application, reason: str = "", now: dt.datetime, actor: Any = None) -> Application:
    """The applicant withdraws (→ 其他处理 / 撤回). Staff may record a withdrawal received on paper."""
    if actor is not None:
        _staff(actor, application.agency)
    today = local_date(now)
    with transaction.atomic():
        app = _lock(application)
        if app.status not in OPEN_STATES or app.status == Status.DECIDED:
            raise ApplicationError(f"当前状态为“{app.get_status_display()}”，不能撤回申请。")
        for fee in app.fee_notices.filter(status=FeeStatus.PENDING):
            fee.status, fee.settled_on = FeeStatus.DECLINED, today
            fee.save()
        app.consultations.filter(answered_on__isnull=True).update(answered_on=today, note="申请人撤回申请")
        _conclude(app, "withdrawn_or_other", today, Status.WITHDRAWN)
        _save(app, now, "outcome", "concluded_on", "status", "closed_on")
        _event(app, EventKind.WITHDRAWN, actor=actor, now=now, reason=reason.strip())
    application.refresh_from_db()
    return application


# --------------------------------------------------------------------------- reminders


def due_soon_limit(agency: Agency, today: dt.date, cal: WorkdayCalendar | None = None) -> dt.date:
    n = int(_setting(agency, "due_soon_workdays", 5))
    return _calendar(cal).add_workdays(today, n)


def remind(*, application: Application, actor: Any, now: dt.datetime) -> bool:
    """E-mail the clerk (or the agency's clerks) about a case due soon or overdue. Claims the day first, so
    two runs at once send one reminder: returns False if this case was already reminded today."""
    today = local_date(now)
    from django.db.models import Q

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
        _event(app, EventKind.REMINDED, actor=actor, now=now, to=[t for t in to if t], overdue=overdue,
               provisional=app.due_provisional)
        due_text = dl.format_date(app.due_on) if app.due_on else ("暂停计时" if app.clock_stopped else "暂无法计算")
        if app.due_provisional:
            due_text += f"（预估。{app.provisional_note}）"
        _after_commit_mail(
            f"【{state}】政府信息公开申请 {app.tracking_no}",
            f"申请 {app.tracking_no}（{app.applicant_name}）{state}，答复期限："
            f"{due_text}，当前状态：{app.get_status_display()}。\n",
            to,
        )
    return True
