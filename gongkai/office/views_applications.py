"""Staff pages of 依申请公开: inbox, registration, the case page with its action forms, downloads, dashboard.

Every view goes through gongkai.agencies.access: an outsider gets 404. Views only parse input and call the
actions (which check the transition and the role); refused actions come back as a Chinese error beside the
form.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.agencies import accesslog
from gongkai.agencies.access import can_act, current_agency, get_for_staff, scope, staff_required
from gongkai.agencies.models import Role
from gongkai.applications import actions, forms
from gongkai.applications.models import (
    OPEN_STATES,
    WORKING,
    Application,
    ConsultationKind,
    FeeStatus,
    Status,
)
from gongkai.law.categories import OUTCOME_BY_CODE, ReplyType
from gongkai.office.views import DASHBOARD_PANELS
from gongkai.portal.views import post_only
from gongkai.portal.views_applications import letter_response

PAGE_SIZE = 50


def _cases(request: HttpRequest) -> QuerySet[Application]:
    return scope(Application.objects.select_related("agency", "assigned_to"), request.user)


# --------------------------------------------------------------------------- inbox


def filter_inbox(qs: QuerySet[Application], data: dict[str, Any], *, agency: Any, today: dt.date) -> QuerySet:
    status = data.get("status") or ""
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATES)
    elif status in Status.values:
        qs = qs.filter(status=status)
    due = data.get("due") or ""
    if due in ("soon", "overdue"):
        qs = qs.filter(status__in=OPEN_STATES, due_on__isnull=False)
        if due == "overdue":
            qs = qs.filter(due_on__lt=today)
        else:
            qs = qs.filter(due_on__gte=today, due_on__lte=actions.due_soon_limit(agency, today))
    elif due == "stopped":
        qs = qs.filter(status__in=OPEN_STATES, clock_stopped=True)
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


@staff_required
def inbox(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    today = timezone.localdate()
    now = timezone.now()
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isascii() and i.isdigit() and len(i) < 19]
        chosen = list(_cases(request).filter(agency=agency, pk__in=ids))
        op = request.POST.get("bulk")
        if not chosen:
            messages.error(request, "请先勾选申请。")
        elif op == "assign":
            form = forms.AssignForm(request.POST, agency=agency)
            if form.is_valid():
                done, errors = 0, []
                for app in chosen:
                    try:
                        actions.assign(application=app, clerk=form.cleaned_data["clerk"], actor=request.user, now=now)
                        done += 1
                    except actions.ApplicationError as exc:
                        errors.append(f"{app.tracking_no}：{exc.message}")
                messages.success(request, f"已分派{done}件。")
                for e in errors:
                    messages.error(request, e)
            else:
                messages.error(request, "请选择经办人。")
        elif op == "remind":
            if not can_act(request.user, agency):
                raise Http404("未找到")
            sent = sum(actions.remind(application=a, actor=request.user, now=now) for a in chosen)
            messages.success(request, f"已发送提醒{sent}件（今日已提醒过的不重复发送）。")
        return redirect(request.get_full_path())
    flt = forms.InboxFilter(request.GET or None)
    data = flt.cleaned_data if flt.is_valid() else {}
    if not request.GET:
        data = {"status": "open"}
        flt = forms.InboxFilter(initial=data)
    qs = filter_inbox(_cases(request).filter(agency=agency), data, agency=agency, today=today)
    qs = qs.order_by(F("due_on").asc(nulls_last=True), "-submitted_at")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    soon_limit = actions.due_soon_limit(agency, today)
    counts = _cases(request).filter(agency=agency, status__in=OPEN_STATES).aggregate(
        open=Count("id"),
        overdue=Count("id", filter=Q(due_on__lt=today)),
        soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon_limit)),
        unassigned=Count("id", filter=Q(assigned_to__isnull=True)),
    )
    params = request.GET.copy()
    params.pop("page", None)
    if len(page):  # applicants' names on the page
        searched = f"；检索“{data['q']}”" if data.get("q") else ""
        accesslog.record(request, agency=agency, kind=accesslog.AccessKind.LIST, now=now,
                         detail=f"收件箱第{page.number}页，{len(page)}件{searched}")
    return render(request, "office/applications/inbox.html", {
        "agency": agency, "page": page, "filter": flt, "today": today, "soon_limit": soon_limit, "counts": counts,
        "assign_form": forms.AssignForm(agency=agency), "query": params.urlencode(),
        "clerks": forms._clerk_choices(agency),
    })


# --------------------------------------------------------------------------- registration


@staff_required
def register(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if not can_act(request.user, agency):
        raise Http404("未找到")
    status = 200
    if request.method == "POST":
        form = forms.RegisterForm(request.POST, request.FILES)
        if form.is_valid():
            cd = form.cleaned_data
            try:
                app, code = actions.register(
                    agency=agency, details=form.details(), channel=cd["channel"], submitted_on=cd["submitted_on"],
                    signed_on=cd.get("signed_on"), confirmed_on=cd.get("confirmed_on"),
                    files=cd.get("uploads", []), actor=request.user, now=timezone.now(),
                )
            except actions.ApplicationError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
                status = 400
            else:
                messages.success(request, f"已登记申请 {app.tracking_no}。查询码（仅显示一次，请告知申请人）：{code}")
                return redirect("office:app_case", pk=app.pk)
        else:
            status = 400
    else:
        form = forms.RegisterForm(initial={"submitted_on": timezone.localdate(), "channel": "in_person"})
    return render(request, "office/applications/register.html", {"form": form, "agency": agency}, status=status)


# --------------------------------------------------------------------------- the case page and its actions


@dataclass
class Act:
    label: str
    form: Callable[..., Any]
    run: Callable[[Application, Any, HttpRequest, dt.datetime], str]
    available: Callable[[Application, Any], bool]
    roles: tuple[str, ...] | None = None


def _assign(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.assign(application=app, clerk=f.cleaned_data["clerk"], actor=r.user, now=now)
    return "已分派经办人。"


def _confirm(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.confirm_receipt(application=app, confirmed_on=f.cleaned_data["confirmed_on"], actor=r.user, now=now)
    return "已确认收到申请，已出具登记回执。"


def _correction(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.request_correction(application=app, items=f.cleaned_data["items"], period_wd=f.cleaned_data["period_wd"],
                               actor=r.user, now=now)
    return "已告知补正，已出具补正告知书。"


def _staff_correction(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.submit_correction(application=app, description=f.cleaned_data["description"], actor=r.user, now=now)
    return "已登记补正后的申请，答复期限重新计算。"


def _lapse_correction(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.lapse_correction(application=app, actor=r.user, now=now)
    return "已按逾期不补正处理（视为放弃申请）。"


def _consult(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    cd = f.cleaned_data
    actions.start_consultation(application=app, kind=cd["kind"], party_name=cd["party_name"],
                               party_address=cd["party_address"], actor=r.user, now=now)
    return "已发出征求意见函，答复期限暂停计算。"


def _finish(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    cd = f.cleaned_data
    cons = app.consultations.filter(pk=cd["consultation"]).first()
    if cons is None:
        raise Http404("未找到")
    actions.finish_consultation(consultation=cons, answer=cd["answer"], answered_on=cd["answered_on"], note=cd["note"],
                                override=cd["override"], override_reason=cd["override_reason"], actor=r.user, now=now)
    return "已登记征求意见结果，答复期限恢复计算。"


def _extend(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.extend(application=app, workdays=f.cleaned_data["workdays"], reason=f.cleaned_data["reason"],
                   actor=r.user, now=now)
    return "已延长答复期限，已出具延期答复告知书。"


def _fee(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.issue_fee_notice(application=app, method=f.cleaned_data["method"], pages=f.cleaned_data.get("pages"),
                             actor=r.user, now=now)
    return "已发出收费通知书。"


def _pending_fee(app: Application, f: Any) -> Any:
    fee = app.fee_notices.filter(pk=f.cleaned_data["fee"]).first()
    if fee is None:
        raise Http404("未找到")
    return fee


def _paid(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    paid_on = f.cleaned_data.get("paid_on")
    if paid_on is None:
        raise actions.ApplicationError("请填写缴费日期。", "paid_on")
    actions.record_payment(fee_notice=_pending_fee(app, f), paid_on=paid_on, actor=r.user, now=now)
    return "已登记缴费。"


def _fee_lapse(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.lapse_payment(fee_notice=_pending_fee(app, f), actor=r.user, now=now)
    return "已按逾期未缴费处理。"


def _propose(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    cd = f.cleaned_data
    actions.propose_decision(application=app, outcome=cd["outcome"], withheld_detail=cd["withheld_detail"],
                             withheld_reason=cd["withheld_reason"], note=cd["note"], actor=r.user, now=now)
    return "已提交答复意见审批。"


def _review(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    if f.cleaned_data["decision"] == "approve":
        actions.approve_decision(application=app, actor=r.user, now=now, comment=f.cleaned_data["comment"])
        return "已审批同意。"
    actions.return_decision(application=app, reason=f.cleaned_data["comment"], actor=r.user, now=now)
    return "已退回经办人。"


def _reply(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.issue_reply(application=app, answer=f.cleaned_data["answer"], actor=r.user, now=now)
    return "已出具答复书。"


def _deliver(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.record_delivery(application=app, delivered_on=f.cleaned_data["delivered_on"],
                            method=f.cleaned_data["method"], actor=r.user, now=now)
    return "已登记送达。"


def _close(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.close(application=app, actor=r.user, now=now)
    return "已办结归档。"


def _withdraw(app: Application, f: Any, r: HttpRequest, now: dt.datetime) -> str:
    actions.withdraw(application=app, reason=f.cleaned_data["reason"], actor=r.user, now=now)
    return "已登记申请人撤回申请。"


def _in(*states: str) -> Callable[[Application, Any], bool]:
    return lambda app, user: app.status in states


def _reviewer(app: Application, user: Any) -> bool:
    role = actions.next_approver_role(app) if app.status == Status.DECISION_REVIEW else None
    return role is not None and can_act(user, app.agency, [role])


ACTIONS: dict[str, Act] = {
    "confirm": Act("确认收到", forms.ConfirmReceiptForm, _confirm, _in(Status.SUBMITTED)),
    "assign": Act("分派/转办", forms.AssignForm, _assign,
                  lambda a, u: a.status in OPEN_STATES),
    "correction": Act("告知补正", forms.RequestCorrectionForm, _correction,
                      lambda a, u: a.status in (Status.RECEIVED, Status.IN_PROGRESS) and not a.correction_requested_on),
    "staff_correction": Act("登记补正", forms.StaffCorrectionForm, _staff_correction, _in(Status.CORRECTION_REQUESTED)),
    "lapse_correction": Act("逾期不补正", forms.EmptyForm, _lapse_correction, _in(Status.CORRECTION_REQUESTED)),
    "consult": Act("征求意见", forms.StartConsultationForm, _consult, _in(*WORKING, Status.CONSULTING)),
    "finish_consultation": Act("登记意见", forms.FinishConsultationForm, _finish, _in(Status.CONSULTING)),
    "extend": Act("延长答复期限", forms.ExtendForm, _extend,
                  lambda a, u: a.status in (*WORKING, Status.CONSULTING) and not a.extension_wd,
                  roles=(Role.HEAD,)),
    "fee": Act("收费通知", forms.FeeNoticeForm, _fee, _in(*WORKING)),
    "fee_paid": Act("登记缴费", forms.FeeActionForm, _paid, _in(Status.AWAITING_PAYMENT)),
    "fee_lapse": Act("逾期未缴费", forms.FeeActionForm, _fee_lapse, _in(Status.AWAITING_PAYMENT)),
    "propose": Act("拟定答复", forms.ProposeForm, _propose, _in(*WORKING)),
    "review": Act("审批", forms.ReviewForm, _review, _reviewer),
    "reply": Act("出具答复书", forms.ReplyForm, _reply, _in(Status.DECIDED)),
    "deliver": Act("登记送达", forms.DeliveryForm, _deliver, _in(Status.REPLIED)),
    "close": Act("办结归档", forms.EmptyForm, _close, _in(Status.REPLIED, Status.DELIVERED)),
    "withdraw": Act("登记撤回", forms.WithdrawForm, _withdraw,
                    lambda a, u: a.status in OPEN_STATES and a.status != Status.DECIDED),
}


def _make_form(name: str, app: Application, data: Any = None, files: Any = None) -> Any:
    cls = ACTIONS[name].form
    today = timezone.localdate()
    initial = {"confirmed_on": today, "answered_on": today, "delivered_on": today, "paid_on": today,
               "date": today}
    auto_id = f"id_{name}_%s"  # several action forms on one page: ids (and so labels) stay unique
    if cls is forms.AssignForm:
        return cls(data, agency=app.agency, initial=initial, auto_id=auto_id)
    if data is not None:
        return cls(data, files, initial=initial, auto_id=auto_id)
    return cls(initial=initial, auto_id=auto_id)


def _case_context(request: HttpRequest, app: Application, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    user = request.user
    member = can_act(user, app.agency)
    available = {}
    for name, act in ACTIONS.items():
        if not member or not act.available(app, user):
            continue
        if act.roles and not can_act(user, app.agency, act.roles):
            continue
        available[name] = (bound or {}).get(name) or _make_form(name, app)
    chain = actions.decision_chain(app.agency)
    return {
        "app": app, "agency": app.agency, "forms": available, "labels": {k: a.label for k, a in ACTIONS.items()},
        "events": app.events.select_related("actor"), "letters": app.letters.all(),
        "consultations": app.consultations.all(), "open_consultations": app.consultations.filter(answered_on__isnull=True),
        "fees": app.fee_notices.all(), "pending_fee": app.fee_notices.filter(status=FeeStatus.PENDING).first(),
        "attachments": app.attachments.all(), "today": timezone.localdate(), "member": member,
        "chain": [(Role(r).label, i < len(app.approvals or [])) for i, r in enumerate(chain)],
        "next_role": actions.next_approver_role(app) if app.status == Status.DECISION_REVIEW else None,
        "proposed": OUTCOME_BY_CODE.get(app.proposed_outcome) if app.proposed_outcome else None,
        "withheld": OUTCOME_BY_CODE.get(app.withheld_reason) if app.withheld_reason else None,
        "soon_limit": actions.due_soon_limit(app.agency, timezone.localdate()),
        "consultation_kinds": ConsultationKind,
    }


@staff_required
def case(request: HttpRequest, pk: int) -> HttpResponse:
    app = get_for_staff(request, Application.objects.select_related("agency", "assigned_to", "duplicate_of"), pk=pk)
    _log(request, app, accesslog.AccessKind.CASE)
    return render(request, "office/applications/case.html", _case_context(request, app))


def _log(request: HttpRequest, app: Application, kind: str, detail: str = "") -> None:
    accesslog.record(request, agency=app.agency, kind=kind, subject=app.tracking_no, object_id=app.pk, detail=detail,
                     now=timezone.now())


@staff_required
@post_only
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    app = get_for_staff(request, Application.objects.select_related("agency"), pk=pk)
    if name not in ACTIONS:
        raise Http404("未找到")
    form = _make_form(name, app, request.POST, request.FILES)
    if form.is_valid():
        try:
            msg = ACTIONS[name].run(app, form, request, timezone.now())
        except actions.ApplicationError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(request, msg)
            return redirect("office:app_case", pk=app.pk)
    app.refresh_from_db()
    ctx = _case_context(request, app, {name: form})
    if name not in ctx["forms"]:
        ctx["forms"][name] = form  # show the refusal even if the action is no longer offered
    ctx["failed"] = name
    _log(request, app, accesslog.AccessKind.CASE, f"{ACTIONS[name].label}未完成，页面重新显示")
    return render(request, "office/applications/case.html", ctx, status=400)


@staff_required
def letter(request: HttpRequest, pk: int, letter_id: int, fmt: str) -> HttpResponse:
    app = get_for_staff(request, Application.objects.select_related("agency"), pk=pk)
    row = get_object_or_404(app.letters, pk=letter_id)
    response = letter_response(row, fmt)
    _log(request, app, accesslog.AccessKind.LETTER, f"{row.title}（{fmt.upper()}）")
    return response


@staff_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    app = get_for_staff(request, Application.objects.select_related("agency"), pk=pk)
    att = get_object_or_404(app.attachments, pk=attachment_id)
    _log(request, app, accesslog.AccessKind.ATTACHMENT, att.original_name)
    from urllib.parse import quote

    with att.file.open("rb") as fh:
        resp = HttpResponse(fh.read(), content_type="application/octet-stream")
    resp["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(att.original_name)}"
    resp["X-Content-Type-Options"] = "nosniff"
    return resp


# --------------------------------------------------------------------------- dashboard


def stats(agency: Any, today: dt.date) -> dict[str, Any]:
    """Figures of the dashboard panel: per month (last 12), outcomes this year, on-time rate, average
    working days from (corrected) receipt to reply."""
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
    from gongkai.agencies.calendar import get_calendar

    cal = get_calendar()
    spans = []
    for rec, corr, done in answered.values_list("received_on", "corrected_received_on", "concluded_on")[:2000]:
        try:
            spans.append(cal.workdays_between(corr or rec, done))
        except Exception:  # noqa: BLE001 - a year without calendar data is left out of the average
            continue
    avg = round(sum(spans) / len(spans), 1) if spans else None
    # open cases include online ones still waiting for the receipt to be confirmed (no received_on yet),
    # as in the inbox's 未办结
    open_qs = Application.objects.filter(agency=agency, status__in=OPEN_STATES)
    return {
        "months": [r["m"].strftime("%Y-%m") if hasattr(r["m"], "strftime") else str(r["m"])[:7] for r in per_month],
        "month_counts": [r["n"] for r in per_month],
        "outcome_labels": list(by_type), "outcome_counts": list(by_type.values()),
        "on_time_rate": rate, "answered": agg["n"], "avg_workdays": avg, "year": today.year,
        "open": open_qs.count(), "overdue": open_qs.filter(due_on__lt=today).count(),
    }


def dashboard_panel(request: HttpRequest, agency: Any) -> tuple[str, dict[str, Any]]:
    return "office/applications/panel.html", {"stats": stats(agency, timezone.localdate()), "agency": agency}


if dashboard_panel not in DASHBOARD_PANELS:
    DASHBOARD_PANELS.append(dashboard_panel)
