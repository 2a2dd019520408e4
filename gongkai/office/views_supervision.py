"""The 政务公开办's supervision pages, and the departments' side of the notices (通报).

* Supervisor (Role.SUPERVISOR of a government): dashboard of its departments, a department's details,
  issue a notice, verify responses.
* Department staff: their own notices (dashboard panel, list, detail) and a response per item.
* Anyone else gets 404.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies.access import can_act, current_agency, staff_required
from gongkai.agencies.models import Agency, AgencyKind, Membership, Role
from gongkai.supervision import actions, overview
from gongkai.supervision.actions import SupervisionError
from gongkai.supervision.models import ItemStatus, Notice, NoticeStatus, RectificationItem
from gongkai.web import post_only, to_form

DATE_ERRORS = {"invalid": "日期格式应为 年-月-日，例如 2026-12-31。"}


# -- who sees what ------------------------------------------------------------------------------

def supervised_governments(user: Any) -> list[Agency]:
    return list(Agency.objects.filter(
        kind=AgencyKind.GOVERNMENT, memberships__user=user, memberships__role=Role.SUPERVISOR
    ).distinct().order_by("pk"))


def _member_agency_ids(user: Any) -> set[int]:
    return set(Membership.objects.filter(user=user).exclude(role=Role.SUPERVISOR).values_list("agency_id", flat=True))


def visible_notices(user: Any) -> Any:
    """Notices issued by a government the user supervises, or sent to an agency the user works in."""
    govs = [g.pk for g in supervised_governments(user)]
    return Notice.objects.filter(Q(government_id__in=govs) | Q(department_id__in=_member_agency_ids(user)))


def _government(request: HttpRequest) -> Agency:
    govs = supervised_governments(request.user)
    if not govs:
        raise Http404("未找到")
    chosen = request.GET.get("gov") or request.session.get("agency_id")
    for g in govs:
        if str(g.pk) == str(chosen):
            return g
    return govs[0]


def _supervised_department(request: HttpRequest, agency_id: int) -> tuple[Agency, Agency]:
    for gov in supervised_governments(request.user):
        for d in gov.descendants():
            if d.pk == agency_id:
                return gov, d
    raise Http404("未找到")


def _year(request: HttpRequest, today: dt.date) -> int:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= today.year else today.year - 1  # the report due by 31 Jan


# -- forms ----------------------------------------------------------------------------------------


def _date_input() -> forms.DateInput:
    """An <input type=date>: its value must be ISO (yyyy-mm-dd) whatever the locale's display format."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

class NoticeForm(forms.Form):
    title = forms.CharField(label="通报标题", max_length=200, error_messages={"required": "请填写通报标题。"})
    number = forms.CharField(label="通报编号", max_length=60, required=False)
    body = forms.CharField(label="通报内容", required=False, widget=forms.Textarea(attrs={"rows": 4}))


class ItemForm(forms.Form):
    text = forms.CharField(label="整改事项", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label="整改期限", required=False, widget=_date_input(),
                             error_messages=DATE_ERRORS)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if (data.get("text") or "").strip() and not data.get("due_on") and "due_on" not in self.errors:
            self.add_error("due_on", "请填写整改期限。")
        if data.get("due_on") and not (data.get("text") or "").strip():
            self.add_error("text", "请填写整改事项。")
        return data


ItemFormSet = forms.formset_factory(ItemForm, extra=0, min_num=1, max_num=20, absolute_max=20)


class RespondForm(forms.Form):
    response = forms.CharField(label="整改情况", widget=forms.Textarea(attrs={"rows": 3}),
                               error_messages={"required": "请填写整改情况。"})


class VerifyForm(forms.Form):
    decision = forms.ChoiceField(label="核验结论", choices=[("accept", "核验通过"), ("reopen", "退回重新整改")],
                                 widget=forms.RadioSelect, error_messages={"required": "请选择核验结论。"})
    comment = forms.CharField(label="核验意见", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    new_due_on = forms.DateField(label="新的整改期限（退回时可填）", required=False,
                                 widget=_date_input(), error_messages=DATE_ERRORS)


# -- supervisor pages -------------------------------------------------------------------------------

@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    gov = _government(request)
    today = timezone.localdate()
    year = _year(request, today)
    departments = actions.supervised_departments(gov)
    rows = overview.department_rows(departments, today, year)
    return render(request, "office/supervision/dashboard.html", {
        "agency": gov, "government": gov, "rows": rows, "year": year, "today": today,
        "years": list(range(today.year, today.year - 8, -1)),
        "notices": Notice.objects.filter(government=gov).select_related("department")
        .annotate(open_items=Count("items", filter=~Q(items__status=ItemStatus.CLOSED)))[:20],
    })


@staff_required
def department(request: HttpRequest, agency_id: int) -> HttpResponse:
    gov, dept = _supervised_department(request, agency_id)
    today = timezone.localdate()
    year = _year(request, today)
    row = overview.department_rows([dept], today, year)[0]
    apps_qs = overview.overdue_applications([dept.pk], today)
    pubs_qs = overview.late_publications([dept.pk], today, today.year)
    return render(request, "office/supervision/department.html", {
        "agency": gov, "government": gov, "department": dept, "row": row, "year": year, "today": today,
        "overdue_apps": list(apps_qs.order_by("due_on")[:200]),
        "late_pubs": list(pubs_qs.order_by("-published_on")[:200]),
        "notices": Notice.objects.filter(government=gov, department=dept),
    })


@staff_required
def notice_new(request: HttpRequest, agency_id: int) -> HttpResponse:
    gov, dept = _supervised_department(request, agency_id)
    today = timezone.localdate()
    year = today.year - 1
    if request.method == "POST":
        form = NoticeForm(request.POST)
        items = ItemFormSet(request.POST, prefix="items")
        if form.is_valid() and items.is_valid():
            rows = [(f.cleaned_data.get("text") or "", f.cleaned_data.get("due_on")) for f in items.forms]
            try:
                notice = actions.issue_notice(
                    government=gov, department=dept, title=form.cleaned_data["title"],
                    number=form.cleaned_data["number"], body=form.cleaned_data["body"], items=rows,
                    actor=request.user, now=timezone.now(),
                )
            except SupervisionError as e:
                if e.field == "items":
                    items._non_form_errors = items.error_class([e.message])  # shown above the items
                else:
                    to_form(form, e)
            else:
                return redirect("office:supervision:notice", pk=notice.pk)
        status = 400
    else:
        row = overview.department_rows([dept], today, year)[0]
        due = today + dt.timedelta(days=30)
        suggested = overview.suggested_items(row, year)
        initial = [{"text": t, "due_on": due} for t in suggested] + [{}] * 3
        form = NoticeForm(initial={"title": f"关于{dept.name}政务公开工作有关问题的通报"})
        items = ItemFormSet(prefix="items", initial=initial)
        status = 200
    return render(request, "office/supervision/notice_new.html", {
        "agency": gov, "government": gov, "department": dept, "form": form, "items": items,
    }, status=status)


# -- notices (both sides) -------------------------------------------------------------------------------

@staff_required
def notice_list(request: HttpRequest) -> HttpResponse:
    qs = visible_notices(request.user).select_related("department", "government").annotate(
        open_items=Count("items", filter=~Q(items__status=ItemStatus.CLOSED)),
        item_count=Count("items"),
    )
    status = request.GET.get("status", "")
    if status in NoticeStatus.values:
        qs = qs.filter(status=status)
    return render(request, "office/supervision/notice_list.html", {
        "agency": current_agency(request), "notices": qs, "status": status, "statuses": NoticeStatus.choices,
        "is_supervisor": bool(supervised_governments(request.user)),
    })


def _notice_for(request: HttpRequest, pk: int) -> Notice:
    notice = visible_notices(request.user).select_related("department", "government", "issued_by").filter(pk=pk).first()
    if notice is None:
        raise Http404("未找到")
    return notice


def _notice_context(request: HttpRequest, notice: Notice, bound: dict[int, forms.Form] | None = None) -> dict[str, Any]:
    bound = bound or {}
    supervisor = actions.is_supervisor_of(request.user, notice.government)
    responder = can_act(request.user, notice.department)
    today = timezone.localdate()
    items = []
    for item in notice.items.all():
        form = bound.get(item.pk)
        if form is None and notice.status == NoticeStatus.OPEN:
            if item.status == ItemStatus.OPEN and responder:
                form = RespondForm(prefix=f"i{item.pk}", initial={"response": item.response})
            elif item.status == ItemStatus.RESPONDED and supervisor:
                form = VerifyForm(prefix=f"i{item.pk}")
        items.append({"item": item, "form": form, "overdue": item.status == ItemStatus.OPEN and item.due_on < today,
                      "kind": "respond" if isinstance(form, RespondForm) else "verify" if form else ""})
    return {
        "agency": notice.department, "notice": notice, "items": items, "is_supervisor": supervisor,
        "events": notice.events.select_related("actor", "item"), "today": today,
    }


@staff_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _notice_for(request, pk)
    return render(request, "office/supervision/notice_detail.html", _notice_context(request, notice))


def _item_for(request: HttpRequest, pk: int) -> RectificationItem:
    item = RectificationItem.objects.filter(pk=pk, notice__in=visible_notices(request.user)).select_related(
        "notice", "notice__department", "notice__government").first()
    if item is None:
        raise Http404("未找到")
    return item


def _item_action(request: HttpRequest, item: Any, form: Any, run: Callable[[dict[str, Any]], Any]) -> HttpResponse:
    """Run an item's action on a valid form; the notice page again, the refusal beside the form, if not."""
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except SupervisionError as e:
            to_form(form, e)
        else:
            return redirect("office:supervision:notice", pk=item.notice_id)
    return render(request, "office/supervision/notice_detail.html",
                  _notice_context(request, item.notice, {item.pk: form}), status=400)


@staff_required
@post_only
def item_respond(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    if not can_act(request.user, item.notice.department):
        raise Http404("未找到")
    return _item_action(request, item, RespondForm(request.POST, prefix=f"i{item.pk}"), lambda d: actions.respond_item(
        item=item, response=d["response"], actor=request.user, now=timezone.now()))


@staff_required
@post_only
def item_verify(request: HttpRequest, pk: int) -> HttpResponse:
    item = _item_for(request, pk)
    if not actions.is_supervisor_of(request.user, item.notice.government):
        raise Http404("未找到")
    return _item_action(request, item, VerifyForm(request.POST, prefix=f"i{item.pk}"), lambda d: actions.verify_item(
        item=item, accept=d["decision"] == "accept", comment=d["comment"], new_due_on=d["new_due_on"],
        actor=request.user, now=timezone.now()))


# -- dashboard panel ---------------------------------------------------------------------------------

def supervision_panel(request: HttpRequest, agency: Any) -> tuple[str, dict]:
    """For a department's staff: its open notices and items awaiting a response. For the supervisor
    working in its government: the notices issued and the link to the supervision dashboard."""
    today = timezone.localdate()
    ctx: dict[str, Any] = {"show": False}
    if actions.is_supervisor_of(request.user, agency):
        issued = Notice.objects.filter(government=agency, status=NoticeStatus.OPEN)
        ctx = {"show": True, "supervisor": True, "open_notices": issued.count(),
               "awaiting_verification": RectificationItem.objects.filter(
                   notice__in=issued, status=ItemStatus.RESPONDED).count(),
               "overdue_items": RectificationItem.objects.filter(
                   notice__in=issued, due_on__lt=today, status=ItemStatus.OPEN).count()}
    elif can_act(request.user, agency):
        notices = list(Notice.objects.filter(department=agency, status=NoticeStatus.OPEN).annotate(
            to_answer=Count("items", filter=Q(items__status=ItemStatus.OPEN)),
            overdue=Count("items", filter=Q(items__due_on__lt=today, items__status=ItemStatus.OPEN)),
        ))
        if notices:
            ctx = {"show": True, "supervisor": False, "notices": notices}
    return "office/supervision/panel.html", ctx
