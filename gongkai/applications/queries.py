"""Which cases need attention, written once: open, overdue, due soon, the inbox's filters and the dashboard's
figures. The office's inbox and statistics, the supervisor's overview and ``send_reminders`` all ask here.

"Open" is a state of :data:`gongkai.applications.models.OPEN_STATES` (not answered yet: the reply clock
matters). "Overdue" is open with the stored reply due date before today. "Due soon" is open and due
between today and the agency's ``due_soon_workdays`` working days ahead. A case without a due date (clock
stopped by a pause, 补正 awaited, calendar missing) is neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth

from gongkai.agencies.calendar import get_calendar
from gongkai.applications.models import OPEN_STATES, Application, Status
from gongkai.law.categories import OUTCOME_BY_CODE, ReplyType
from gongkai.law.workdays import CalendarDataMissing, WorkdayCalendar


def _all(qs: QuerySet[Application] | None) -> QuerySet[Application]:
    return qs if qs is not None else Application.objects.all()


def open_cases(qs: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """Cases not answered yet (online ones still awaiting confirmation of receipt included)."""
    return _all(qs).filter(status__in=OPEN_STATES)


def overdue(today: dt.date, qs: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """Open cases past their reply due date."""
    return open_cases(qs).filter(due_on__lt=today)


def due_soon_limit(agency: Any, today: dt.date, cal: WorkdayCalendar | None = None) -> dt.date:
    """The last day of the agency's "due soon" window (setting ``due_soon_workdays``)."""
    n = int(agency.setting("due_soon_workdays"))
    return (cal if cal is not None else get_calendar()).add_workdays(today, n)


def due_soon(agency: Any, today: dt.date, qs: QuerySet[Application] | None = None,
             cal: WorkdayCalendar | None = None) -> QuerySet[Application]:
    """Open cases due between today and the end of the agency's due-soon window."""
    return open_cases(qs).filter(due_on__gte=today, due_on__lte=due_soon_limit(agency, today, cal))


def clock_stopped(qs: QuerySet[Application] | None = None) -> QuerySet[Application]:
    """Open cases whose reply clock is stopped by a pause (consultation, fee)."""
    return open_cases(qs).filter(clock_stopped=True)


def to_remind(agency: Any, today: dt.date, cal: WorkdayCalendar | None = None) -> QuerySet[Application]:
    """The agency's cases a reminder is about: overdue or due soon, earliest first."""
    limit = due_soon_limit(agency, today, cal)
    return open_cases().filter(agency=agency, due_on__isnull=False, due_on__lte=limit).order_by("due_on")


def overdue_by_agency(agency_ids: Iterable[int], today: dt.date) -> dict[int, int]:
    """How many overdue cases each agency has (one GROUP BY)."""
    qs = overdue(today).filter(agency_id__in=list(agency_ids))
    return {row["agency_id"]: row["n"] for row in qs.order_by().values("agency_id").annotate(n=Count("pk"))}


# --------------------------------------------------------------------------- the office's inbox


def filter_inbox(qs: QuerySet[Application], data: Mapping[str, Any], *, agency: Any,
                 today: dt.date) -> QuerySet[Application]:
    """The inbox's filters: state ("open" or one state), due (soon, overdue, stopped), clerk, applicant
    type, and a search in number, name and description."""
    status = data.get("status") or ""
    if status == "open":
        qs = open_cases(qs)
    elif status in Status.values:
        qs = qs.filter(status=status)
    due = data.get("due") or ""
    if due == "overdue":
        qs = overdue(today, qs)
    elif due == "soon":
        qs = due_soon(agency, today, qs)
    elif due == "stopped":
        qs = clock_stopped(qs)
    clerk = data.get("clerk") or ""
    if clerk == "none":
        qs = qs.filter(assigned_to__isnull=True)
    elif clerk:
        qs = qs.filter(assigned_to__username=clerk)
    if data.get("applicant_type"):
        qs = qs.filter(applicant_type=data["applicant_type"])
    q = (data.get("q") or "").strip()
    if q:
        qs = qs.filter(Q(tracking_no__icontains=q) | Q(applicant_name__icontains=q) | Q(description__icontains=q))
    return qs


def inbox_counts(qs: QuerySet[Application], *, agency: Any, today: dt.date,
                 soon_limit: dt.date | None = None) -> dict[str, int]:
    """The inbox's four figures in one query: open, overdue, due soon, not assigned."""
    limit = soon_limit if soon_limit is not None else due_soon_limit(agency, today)
    return open_cases(qs).aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=limit)),
        unassigned=Count("id", filter=Q(assigned_to__isnull=True)),
    )


# --------------------------------------------------------------------------- the dashboard


def dashboard(agency: Any, today: dt.date) -> dict[str, Any]:
    """Figures of the dashboard panel: per month (last 12), outcomes this year, on-time rate, average
    working days from (corrected) receipt to reply, open and overdue cases."""
    qs = Application.objects.filter(agency=agency, received_on__isnull=False)
    start = dt.date(today.year - 1, today.month, 1)
    per_month = list(
        qs.filter(received_on__gte=start).annotate(m=TruncMonth("received_on")).values("m")
        .annotate(n=Count("id")).order_by("m")
    )
    year_start = dt.date(today.year, 1, 1)
    concluded = qs.filter(concluded_on__gte=year_start, outcome__isnull=False)
    by_type: dict[str, int] = {rt.label: 0 for rt in ReplyType}
    for row in concluded.values("outcome").annotate(n=Count("id")):
        by_type[OUTCOME_BY_CODE[row["outcome"]].reply_type.label] += row["n"]
    answered = concluded.filter(due_on__isnull=False)
    agg = answered.aggregate(n=Count("id"), on_time=Count("id", filter=Q(concluded_on__lte=F("due_on"))))
    rate = round(100 * agg["on_time"] / agg["n"], 1) if agg["n"] else None
    cal = get_calendar()
    spans = []
    for rec, corr, done in answered.values_list("received_on", "corrected_received_on", "concluded_on")[:2000]:
        try:
            spans.append(cal.workdays_between(corr or rec, done))
        except CalendarDataMissing:  # a year without calendar data is left out of the average
            continue
    avg = round(sum(spans) / len(spans), 1) if spans else None
    mine = Application.objects.filter(agency=agency)
    return {
        "months": [r["m"].strftime("%Y-%m") if hasattr(r["m"], "strftime") else str(r["m"])[:7] for r in per_month],
        "month_counts": [r["n"] for r in per_month],
        "outcome_labels": list(by_type), "outcome_counts": list(by_type.values()),
        "on_time_rate": rate, "answered": agg["n"], "avg_workdays": avg, "year": today.year,
        "open": open_cases(mine).count(), "overdue": overdue(today, mine).count(),
    }
