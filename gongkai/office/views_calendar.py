"""The State Council's holiday arrangement entered by an administrator (/office/calendar/): paste the notice,
see it as a calendar, confirm; saving recomputes every open case (gongkai.applications.arrangement)."""

from __future__ import annotations

import calendar as pycal
import datetime as dt
from typing import Any

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies.access import staff_required
from gongkai.agencies.models import CalendarEvent, CalendarYear
from gongkai.applications.actions import ApplicationError
from gongkai.applications.arrangement import enter_arrangement, may_enter
from gongkai.law.notice import Arrangement, NoticeError, parse_notice
from gongkai.law.workdays import package_years

MAX_TEXT = 20_000


class NoticeForm(forms.Form):
    text = forms.CharField(label="通知全文", max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text="粘贴国务院办公厅关于某年部分节假日安排的通知全文（含“一、元旦：……”各项）")
    number = forms.CharField(label="文号", max_length=60, required=False,
                             help_text="如 国办发明电〔2026〕7号；通知文本中有文号的可不填")
    issued_on = forms.DateField(label="成文日期", required=False, widget=forms.DateInput(attrs={"type": "date"}),
                                help_text="通知文本中有落款日期的可不填")

    def clean_text(self) -> str:
        return self.cleaned_data["text"].replace("\x00", "")

    def clean_number(self) -> str:
        return self.cleaned_data["number"].replace("\x00", "").strip()


def _months(a: Arrangement) -> list[dict[str, Any]]:
    """The year as twelve month grids; each day marked off (休), worked (班) or plain."""
    off, work = set(a.days_off), set(a.workdays)
    spans = {s.first + dt.timedelta(days=i) for s in a.spans for i in range(s.days)}
    out = []
    for month in range(1, 13):
        weeks = []
        for week in pycal.Calendar().monthdatescalendar(a.year, month):
            cells = []
            for d in week:
                if d.month != month:
                    cells.append(None)
                    continue
                kind = "off" if d in off or (d in spans and d.weekday() >= 5) else "work" if d in work else (
                    "weekend" if d.weekday() >= 5 else "")
                cells.append({"day": d.day, "kind": kind, "note": a.notes.get(d, "")})
            weeks.append(cells)
        out.append({"month": month, "weeks": weeks})
    return out


def _page(request: HttpRequest, form: NoticeForm, *, arrangement: Arrangement | None = None,
          status: int = 200, error: str = "") -> HttpResponse:
    years = CalendarYear.objects.order_by("-year")
    saved = None
    if request.GET.get("saved", "").isdigit():
        saved = CalendarEvent.objects.filter(year=int(request.GET["saved"])).order_by("-at", "-pk").first()
    return render(request, "office/calendar.html", {
        "form": form, "arrangement": arrangement, "months": _months(arrangement) if arrangement else [],
        "years": years, "package_years": package_years(), "error": error, "saved": saved,
    }, status=status)


@staff_required
def calendar_page(request: HttpRequest) -> HttpResponse:
    if not may_enter(request.user):
        raise Http404("未找到")
    if request.method != "POST":
        return _page(request, NoticeForm())
    form = NoticeForm(request.POST)
    if not form.is_valid():
        return _page(request, form, status=400)
    try:
        arrangement = parse_notice(form.cleaned_data["text"])
    except NoticeError as exc:
        return _page(request, form, status=400, error=str(exc))
    if "confirm" not in request.POST:
        return _page(request, form, arrangement=arrangement)
    number = form.cleaned_data["number"] or arrangement.number
    issued_on = form.cleaned_data["issued_on"] or arrangement.issued_on
    try:
        enter_arrangement(arrangement=arrangement, number=number, issued_on=issued_on, actor=request.user,
                          now=timezone.now())
    except ApplicationError as exc:
        return _page(request, form, arrangement=arrangement, status=400, error=exc.message)
    return redirect(f"{request.path}?saved={arrangement.year}")
