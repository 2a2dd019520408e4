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
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.agencies import accesslog
from gongkai.agencies.access import can_act, current_agency, get_for_staff, scope, staff_required
from gongkai.agencies.models import Role
from gongkai.applications import actions, forms, queries, workflow
from gongkai.applications.models import (
    Application,
    ConsultationKind,
    FeeStatus,
    Status,
)
from gongkai.law.categories import OUTCOME_BY_CODE
from gongkai.office.views import DASHBOARD_PANELS
from gongkai.web import download, letter_response, post_only, to_form

PAGE_SIZE = 50


def _cases(request: HttpRequest) -> QuerySet[Application]:
    return scope(Application.objects.select_related("agency", "assigned_to"), request.user)


# --------------------------------------------------------------------------- inbox


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
    qs = queries.filter_inbox(_cases(request).filter(agency=agency), data, agency=agency, today=today)
    qs = qs.order_by(F("due_on").asc(nulls_last=True), "-submitted_at")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    soon_limit = queries.due_soon_limit(agency, today)
    counts = queries.inbox_counts(_cases(request).filter(agency=agency), agency=agency, today=today,
                                  soon_limit=soon_limit)
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
                to_form(form, exc)
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
    """An action form of the case page: the form, what runs on a valid post, and the workflow's transition
    (its row in gongkai.applications.workflow decides when, and to whom, the form is offered)."""

    form: Callable[..., Any]
    run: Callable[[Application, Any, HttpRequest, dt.datetime], str]
    transition: str

    @property
    def label(self) -> str:
        return workflow.BY_ACTION[self.transition].label


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


ACTIONS: dict[str, Act] = {
    "confirm": Act(forms.ConfirmReceiptForm, _confirm, "confirm_receipt"),
    "assign": Act(forms.AssignForm, _assign, "assign"),
    "correction": Act(forms.RequestCorrectionForm, _correction, "request_correction"),
    "staff_correction": Act(forms.StaffCorrectionForm, _staff_correction, "submit_correction"),
    "lapse_correction": Act(forms.EmptyForm, _lapse_correction, "lapse_correction"),
    "consult": Act(forms.StartConsultationForm, _consult, "start_consultation"),
    "finish_consultation": Act(forms.FinishConsultationForm, _finish, "finish_consultation"),
    "extend": Act(forms.ExtendForm, _extend, "extend"),
    "fee": Act(forms.FeeNoticeForm, _fee, "issue_fee_notice"),
    "fee_paid": Act(forms.FeeActionForm, _paid, "record_payment"),
    "fee_lapse": Act(forms.FeeActionForm, _fee_lapse, "lapse_payment"),
    "propose": Act(forms.ProposeForm, _propose, "propose_decision"),
    "review": Act(forms.ReviewForm, _review, "approve_decision"),  # approve or return: the same guard
    "reply": Act(forms.ReplyForm, _reply, "issue_reply"),
    "deliver": Act(forms.DeliveryForm, _deliver, "record_delivery"),
    "close": Act(forms.EmptyForm, _close, "close"),
    "withdraw": Act(forms.WithdrawForm, _withdraw, "withdraw"),
}
assert all(workflow.BY_ACTION[a.transition].offered_by_office for a in ACTIONS.values())


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
        if not member or not workflow.offered(app, act.transition, user):
            continue
        available[name] = (bound or {}).get(name) or _make_form(name, app)
    chain = workflow.decision_chain(app.agency)
    return {
        "app": app, "agency": app.agency, "forms": available, "labels": {k: a.label for k, a in ACTIONS.items()},
        "events": app.events.select_related("actor"), "letters": app.letters.all(),
        "consultations": app.consultations.all(), "open_consultations": app.consultations.filter(answered_on__isnull=True),
        "fees": app.fee_notices.all(), "pending_fee": app.fee_notices.filter(status=FeeStatus.PENDING).first(),
        "attachments": app.attachments.all(), "today": timezone.localdate(), "member": member,
        "chain": [(Role(r).label, i < len(app.approvals or [])) for i, r in enumerate(chain)],
        "next_role": workflow.next_approver_role(app) if app.status == Status.DECISION_REVIEW else None,
        "proposed": OUTCOME_BY_CODE.get(app.proposed_outcome) if app.proposed_outcome else None,
        "withheld": OUTCOME_BY_CODE.get(app.withheld_reason) if app.withheld_reason else None,
        "soon_limit": queries.due_soon_limit(app.agency, timezone.localdate()),
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
            to_form(form, exc)
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
    with att.file.open("rb") as fh:
        return download(fh.read(), att.original_name)


# --------------------------------------------------------------------------- dashboard


stats = queries.dashboard


def dashboard_panel(request: HttpRequest, agency: Any) -> tuple[str, dict[str, Any]]:
    return "office/applications/panel.html", {"stats": stats(agency, timezone.localdate()), "agency": agency}


if dashboard_panel not in DASHBOARD_PANELS:
    DASHBOARD_PANELS.append(dashboard_panel)
