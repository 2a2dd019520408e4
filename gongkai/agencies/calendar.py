"""The working-day calendar of the running system: chinesecalendar plus the admin's override table."""

from __future__ import annotations

from gongkai.agencies.models import CalendarYear, WorkdayOverride
from gongkai.law.workdays import WorkdayCalendar


def get_calendar() -> WorkdayCalendar:
    """A calendar with the current overrides. Cheap: two small queries; callers in a loop reuse it."""
    overrides = dict(WorkdayOverride.objects.values_list("date", "is_workday"))
    years = list(CalendarYear.objects.values_list("year", flat=True))
    return WorkdayCalendar(overrides=overrides, covered_years=years)
