"""Staff pages shared by every module: the dashboard and the agency switcher."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from gongkai.agencies.access import current_agency, require_agency, staff_agencies, staff_required

# Each module adds a panel to the dashboard: a function (request, agency) -> (template, context).
DASHBOARD_PANELS: list[Callable[[HttpRequest, object], tuple[str, dict]]] = []


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    panels = [(tpl, ctx) for tpl, ctx in (p(request, agency) for p in DASHBOARD_PANELS)]
    return render(
        request,
        "office/dashboard.html",
        {"agency": agency, "agencies": staff_agencies(request.user), "panels": panels},
    )


@staff_required
def switch_agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    agency = require_agency(request, agency_id)
    request.session["agency_id"] = agency.pk
    return redirect("office:dashboard")
