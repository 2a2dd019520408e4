"""The working-day calendar of the running system: chinesecalendar, the admin's override table, and for a
year whose State Council notice is not entered yet, the estimate from the statutory holidays (provisional)."""

from __future__ import annotations

from gongkai.agencies.models import CalendarYear, WorkdayOverride
from gongkai.law.workdays import WorkdayCalendar


def get_calendar() -> WorkdayCalendar:
    """A calendar with the current overrides. Cheap: two small queries; callers in a loop reuse it."""
    rows = list(WorkdayOverride.objects.values_list("date", "is_workday", "note"))
    years = list(CalendarYear.objects.values_list("year", flat=True))
    return WorkdayCalendar(overrides={d: w for d, w, _ in rows}, covered_years=years, estimate=True,
                           notes={d: n for d, _, n in rows if n})
