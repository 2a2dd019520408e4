"""What every action on an application shares: the error, the row lock, the event, the save, e-mail after
commit, the working-day calendar."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction

from gongkai import uploads
from gongkai.agencies.access import can_act
from gongkai.agencies.calendar import get_calendar
from gongkai.agencies.models import Role
from gongkai.applications.models import Application, Attachment, CaseEvent, Status
from gongkai.clock import local_date
from gongkai.errors import Refused
from gongkai.law.workdays import WorkdayCalendar

__all__ = ["ApplicationError", "local_date"]


class ApplicationError(Refused):
    """A refused change to an application."""


def calendar(cal: WorkdayCalendar | None) -> WorkdayCalendar:
    return cal if cal is not None else get_calendar()


def event(app: Application, event_kind: str, /, *, actor: Any, now: dt.datetime, **payload: Any) -> CaseEvent:
    clean = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in payload.items()}
    return CaseEvent.objects.create(application=app, kind=event_kind, actor=actor, at=now, payload=clean)


def lock(app: Application) -> Application:
    """Re-read the case under a row lock: the checks below see the committed state."""
    return Application.objects.select_for_update(of=("self",)).select_related("agency").get(pk=app.pk)


def check_staff(actor: Any, agency: Any, roles: Iterable[str] | None = None, verb: str = "办理") -> None:
    """Raise unless the actor is staff of the agency (holding one of ``roles``, if given)."""
    if actor is None or not can_act(actor, agency, roles):
        if roles:
            labels = "、".join(Role(r).label for r in roles)
            raise ApplicationError(f"只有本机关的{labels}才能{verb}。")
        raise ApplicationError("只有本机关的工作人员才能办理本申请。")


def mail_after_commit(subject: str, body: str, to: Sequence[str]) -> None:
    recipients = [a for a in to if a]
    if not recipients:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients, fail_silently=True)
    )


def working_status(app: Application) -> str:
    """The state a case returns to when work resumes: extended or not."""
    return Status.EXTENDED if app.extension_wd else Status.IN_PROGRESS


def save(app: Application, now: dt.datetime, *fields: str) -> None:
    app.updated_at = now
    app.save(update_fields=[*fields, "updated_at"])


def check_upload(name: str, data: bytes) -> str:
    """An applicant's or clerk's attachment checked (size, extension, content); returns the extension."""
    return uploads.check_upload(name, data, error=ApplicationError, field="attachments")


def store_attachments(app: Application, files: Sequence[tuple[str, bytes]], *, by_applicant: bool,
                      now: dt.datetime) -> None:
    for i, (name, data) in enumerate(files):
        ext = check_upload(name, data)
        att = Attachment(application=app, original_name=name[:200], size=len(data), by_applicant=by_applicant,
                         uploaded_at=now, content_type=ext)
        att.file.save(f"{secrets.token_hex(8)}-{i}.{ext}", ContentFile(data), save=False)
        att.save()
