"""The record of staff looks at applicants' personal data (/office/access-log/), for the agency's 负责人 and
管理员. Everyone else, and other agencies' staff, get 404 through gongkai.agencies.access."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from gongkai.agencies.access import can_act, current_agency, require_agency, staff_required
from gongkai.agencies.models import AccessKind, Agency, PersonalDataAccess, Role

PAGE_SIZE = 100
READERS = (Role.HEAD, Role.ADMIN)


class LogFilter(forms.Form):
    user = forms.CharField(label="工作人员", required=False, max_length=150)
    subject = forms.CharField(label="申请编号/案号/文号", required=False, max_length=100)
    kind = forms.ChoiceField(label="查阅内容", required=False, choices=[("", "全部")] + list(AccessKind.choices))
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", "截止日期不能早于起始日期。")
        return data


def _agency(request: HttpRequest) -> Agency:
    if request.GET.get("agency"):
        return require_agency(request, request.GET["agency"], READERS)
    agency = current_agency(request)
    if not can_act(request.user, agency, READERS):
        raise Http404("未找到")
    return agency


def filter_log(qs: Any, data: dict[str, Any]) -> Any:
    if data.get("user"):
        qs = qs.filter(username=data["user"].strip())
    if data.get("subject"):
        qs = qs.filter(subject__icontains=data["subject"].strip())
    if data.get("kind"):
        qs = qs.filter(kind=data["kind"])
    if data.get("since"):
        qs = qs.filter(at__date__gte=data["since"])
    if data.get("until"):
        qs = qs.filter(at__date__lte=data["until"])
    return qs


@staff_required
def access_log(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    flt = LogFilter(request.GET or None)
    valid = flt.is_valid() if request.GET else True
    data = flt.cleaned_data if request.GET and valid else {}
    qs = filter_log(PersonalDataAccess.objects.filter(agency=agency), data)
    page = Paginator(qs.order_by("-at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "office/accesslog/list.html", {
        "agency": agency, "page": page, "filter": flt, "query": params.urlencode(),
        "staff": PersonalDataAccess.objects.filter(agency=agency).order_by("username")
        .values_list("username", flat=True).distinct(),
    }, status=200 if valid else 400)
