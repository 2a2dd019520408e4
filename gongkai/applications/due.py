"""The reply due date of a case, recomputed from its history after every change and stored for the inbox
(``due_on``, ``due_steps``, ``clock_stopped``). The rules are the law's (:mod:`gongkai.law.deadlines`)."""

from __future__ import annotations

from gongkai.applications import common
from gongkai.applications.models import Application, FeeStatus
from gongkai.law import deadlines as dl
from gongkai.law.workdays import CalendarDataMissing, WorkdayCalendar

# The stored fields recompute_due() sets: every action that recomputes saves them all.
DUE_FIELDS = ("due_on", "due_steps", "clock_stopped", "due_provisional")


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
        fee_pauses_clock=bool(app.agency.setting("fee_pauses_clock")),
        channel=dl.Channel(app.channel),
        cal=common.calendar(cal),
    )


def recompute_due(app: Application, cal: WorkdayCalendar | None = None) -> None:
    """Store ``due_on``, ``due_steps``, ``clock_stopped`` and ``due_provisional`` from the case history
    (not saved). A step the applicant must not read (an administrator's instruction) is ``staff_only``;
    the step saying why a date is an estimate is ``provisional``."""
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
        waiting = (dl.awaiting_receipt() if app.received_on is None
                   else dl.awaiting_correction(app.received_on, app.correction_due))
        app.due_steps = [{"text": s.text, "date": s.date.isoformat() if s.date else None} for s in waiting.steps]
        return
    app.due_on = d.due
    app.clock_stopped = d.clock_stopped
    app.due_provisional = d.provisional
    app.due_steps = [{"text": s.text, "date": s.date.isoformat() if s.date else None} for s in d.steps]
    if d.provisional:
        app.due_steps[-1]["provisional"] = list(d.provisional_years)
