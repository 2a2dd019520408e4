"""Template context for staff pages: which roles the signed-in user holds (for the menu only;
every view still checks access through gongkai.agencies.access)."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone

from gongkai.agencies.models import CalendarYear, Membership, Role
from gongkai.law import deadlines
from gongkai.law.workdays import WARN_FROM_MONTH, missing_arrangement_years, package_years

# The statute's numbers and article citations for every template ({{ law.REPLY_WD }}, {{ law.ART_26 }}):
# a page never types a statutory number into its prose.
LAW = {name: value for name, value in vars(deadlines).items() if name.isupper()}


def law(request: HttpRequest) -> dict[str, object]:
    return {"law": LAW}


def staff(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and request.path.startswith("/office/")):
        return {}
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True))
    out: dict[str, object] = {"staff_roles": roles, "is_supervisor": Role.SUPERVISOR in roles}
    if roles & {Role.ADMIN, Role.SUPERVISOR}:
        out["calendar_missing"] = calendar_missing(timezone.localdate())
    return out


def calendar_missing(today: dt.date) -> tuple[int, ...]:
    """Years whose holiday arrangement should be entered now (from 1 November for next year)."""
    if today.month < WARN_FROM_MONTH and today.year in package_years():
        return ()  # no query on most days
    entered = CalendarYear.objects.values_list("year", flat=True)
    return missing_arrangement_years(today, [*package_years(), *entered])
