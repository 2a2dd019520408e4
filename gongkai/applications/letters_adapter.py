"""The one place where applications meet gongkai.letters.

``issue(...)`` numbers, renders and stores a letter for a case through
``gongkai.letters.actions.issue_letter`` (文号 from the agency's sequence) and records it on the case.
``open_file(letter, fmt)`` returns the bytes of a stored letter for the access-checked download views.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from gongkai.applications.common import ApplicationError, event, local_date
from gongkai.applications.models import Application, ApplicationLetter, EventKind
from gongkai.law.workdays import WorkdayCalendar
from gongkai.letters.actions import LetterError, issue_letter
from gongkai.letters.compose import LETTER_KINDS
from gongkai.letters.models import Letter

# Letters addressed to someone else than the applicant (the third party, another organ).
NOT_FOR_APPLICANT = frozenset({"third_party", "third_party_override", "other_organ"})


def letter_title(kind: str) -> str:
    return LETTER_KINDS.get(kind, kind)


class LetterFailed(Exception):
    pass


def issue(*, application: Application, kind: str, context: Mapping[str, Any], actor: Any,
          now: dt.datetime) -> ApplicationLetter:
    """Issue the letter ``kind`` for the case (文号 from the agency's sequence) and record it on the case.
    Raises LetterFailed (Chinese)."""
    try:
        letter = issue_letter(agency=application.agency, kind=kind, context=dict(context), actor=actor,
                              now=now, application_id=application.pk)
    except LetterError as exc:
        raise LetterFailed(str(exc)) from exc
    return ApplicationLetter.objects.create(
        application=application, kind=kind, title=letter_title(kind), issued_at=now,
        for_applicant=kind not in NOT_FOR_APPLICANT, letter_id=letter.pk, number=letter.number,
    )


def open_file(row: ApplicationLetter, fmt: str) -> bytes | None:
    """The DOCX or PDF bytes of a case letter, or None if there is no such file."""
    field = None
    if row.letter_id is not None:
        letter = Letter.objects.filter(pk=row.letter_id).first()
        if letter is not None:
            field = letter.docx if fmt == "docx" else letter.pdf
    else:
        field = row.docx if fmt == "docx" else row.pdf
    if not field:
        return None
    with field.open("rb") as fh:
        return fh.read()


def _unpublished(app: Application) -> str:
    """E.g. "国务院办公厅尚未公布2027年的节假日安排" for a provisional due date, else ""."""
    years = next((s["provisional"] for s in app.due_steps or [] if s.get("provisional")), None)
    if not app.due_provisional or not years:
        return ""
    return f"国务院办公厅尚未公布{'、'.join(f'{y}年' for y in years)}的节假日安排"


def period_estimate(cal: WorkdayCalendar, start: dt.date, due: dt.date) -> dict[str, Any]:
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


def issue_case_letter(app: Application, kind: str, *, actor: Any, now: dt.datetime, **extra: Any) -> Any:
    try:
        row = issue(application=app, kind=kind, context=letter_context(app, **extra),
                                    actor=actor, now=now)
    except LetterFailed as exc:
        raise ApplicationError(f"文书生成失败：{exc}") from exc
    event(app, EventKind.LETTER_ISSUED, actor=actor, now=now, kind=kind, number=row.number, letter=row.pk,
           title=row.title)
    return row
