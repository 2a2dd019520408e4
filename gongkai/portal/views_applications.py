"""Public pages of 依申请公开: apply, follow the case with number + query code, act on it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from gongkai.agencies.client import client_address
from gongkai.agencies.models import Agency
from gongkai.applications import actions, forms, throttle, workflow
from gongkai.applications.models import Application, FeeStatus
from gongkai.redaction.actions import released_for_applicant
from gongkai.web import letter_response, post_only, to_form

SESSION_KEY = "tracked_applications"


@never_cache
def apply(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug) if slug else None
    form_class = forms.ApplicantForm if agency else forms.ApplyForm
    status = 200
    if request.method == "POST":
        form = form_class(request.POST, request.FILES)
        now = timezone.now()
        address = client_address(request)
        if throttle.is_limited("apply", address, now=now):
            form.is_valid()
            form.add_error(None, throttle.message("apply"))
            status = 429
        elif form.is_valid():
            target = agency or form.cleaned_data["agency"]
            try:
                app, code = actions.submit_online(agency=target, details=form.details(),
                                                  files=form.cleaned_data.get("uploads", []), now=now)
            except actions.ApplicationError as exc:
                to_form(form, exc)
                status = 400
            else:
                throttle.hit("apply", address, now=now)
                _remember(request, app)
                return render(request, "portal/applications/done.html", {"app": app, "code": code})
        else:
            status = 400
    else:
        form = form_class()
    return render(request, "portal/applications/apply.html", {"form": form, "agency": agency}, status=status)


def _remember(request: HttpRequest, app: Application) -> None:
    ids = [i for i in request.session.get(SESSION_KEY, []) if i != app.pk][-9:]
    request.session[SESSION_KEY] = [*ids, app.pk]


@never_cache
def track(request: HttpRequest) -> HttpResponse:
    status = 200
    if request.method == "POST":
        form = forms.TrackForm(request.POST)
        now = timezone.now()
        address = client_address(request)
        if throttle.is_limited("track", address, now=now):
            form.is_valid()
            form.add_error(None, throttle.message("track"))
            status = 429
        elif form.is_valid():
            number = form.cleaned_data["tracking_no"].strip().upper()
            app = Application.objects.filter(tracking_no=number).first()
            if app is not None and actions.check_query_code(app, form.cleaned_data["code"]):
                _remember(request, app)
                return redirect("portal:track_case", tracking_no=app.tracking_no)
            throttle.hit("track", address, now=now)
            form.add_error(None, "申请编号或查询码不正确。")
            status = 400
        else:
            status = 400
    else:
        form = forms.TrackForm()
    return render(request, "portal/applications/track.html", {"form": form}, status=status)


def _tracked(request: HttpRequest, tracking_no: str) -> Application:
    if "\x00" in tracking_no:  # PostgreSQL refuses NUL in a query parameter
        raise Http404("未找到")
    app = Application.objects.select_related("agency").filter(tracking_no=tracking_no).first()
    if app is None or app.pk not in request.session.get(SESSION_KEY, []):
        raise Http404("未找到")
    return app


def _case_context(app: Application, **extra: Any) -> dict[str, Any]:
    fee = app.fee_notices.filter(status=FeeStatus.PENDING).first()
    return {
        "app": app,
        "letters": app.letters.filter(for_applicant=True),
        "released": released_for_applicant(app),  # 区分处理: the redacted files, once the reply is issued
        "fee": fee,
        "fees": app.fee_notices.all(),
        "can_correct": workflow.applicant_may(app, "submit_correction"),
        "can_withdraw": workflow.applicant_may(app, "withdraw"),
        "correction_form": extra.pop("correction_form", None) or forms.CorrectionForm(
            initial={"description": app.description}),
        "withdraw_form": extra.pop("withdraw_form", None) or forms.WithdrawForm(),
        "events": app.events.filter(kind__in=PUBLIC_EVENTS),
        **extra,
    }


PUBLIC_EVENTS = ["submitted", "registered", "receipt_confirmed", "correction_requested", "correction_submitted",
                 "correction_lapsed", "extended", "fee_notice", "fee_paid", "fee_declined", "fee_lapsed",
                 "reply_issued", "delivered", "closed", "withdrawn"]


# The rate-limit scope of each action on a tracked case (gongkai/applications/throttle.py).
RATE_SCOPES = {"correct": "correct", "pay": "fee", "decline": "fee", "withdraw": "withdraw"}


def _limited(request: HttpRequest, app: Application, action: str, scope: str) -> HttpResponse:
    """429: the case page again, the form that was sent re-filled (attachments aside) and the reason above it."""
    bound: dict[str, Any] = {}
    if action == "correct":
        bound["correction_form"] = forms.CorrectionForm(request.POST)
    elif action == "withdraw":
        bound["withdraw_form"] = forms.WithdrawForm(request.POST)
    context = _case_context(app, **bound)
    shown = context["can_correct"] if action == "correct" else context["can_withdraw"] if bound else False
    if shown:
        form = next(iter(bound.values()))
        form.is_valid()
        form.add_error(None, throttle.message(scope))
    else:
        messages.error(request, throttle.message(scope))
    return render(request, "portal/applications/case.html", context, status=429)


@never_cache
def track_case(request: HttpRequest, tracking_no: str) -> HttpResponse:
    app = _tracked(request, tracking_no)
    return render(request, "portal/applications/case.html", _case_context(app))


@post_only
def track_action(request: HttpRequest, tracking_no: str, action: str) -> HttpResponse:
    app = _tracked(request, tracking_no)
    now = timezone.now()
    address, scope = client_address(request), RATE_SCOPES.get(action)
    if scope is not None and throttle.is_limited(scope, address, now=now):
        return _limited(request, app, action, scope)
    extra: dict[str, Any] = {}
    try:
        if action == "correct":
            refusal = workflow.refusal(app, "submit_correction")
            if refusal:  # the form is not on the page: say it above
                return _refused(request, app, refusal)
            form = forms.CorrectionForm(request.POST, request.FILES)
            extra["correction_form"] = form
            if not form.is_valid():
                raise _Invalid
            uploads = forms.read_uploads(form.cleaned_data.get("attachments") or [])
            actions.submit_correction(application=app, description=form.cleaned_data["description"],
                                      files=uploads, now=now)
            messages.success(request, "补正后的申请已提交，答复期限自今日起重新计算。")
        elif action in ("pay", "decline"):
            fee_id = request.POST.get("fee", "")
            fee = app.fee_notices.filter(pk=int(fee_id)).first() if _is_id(fee_id) else None
            if fee is None:
                raise Http404("未找到")
            if action == "pay":
                actions.record_payment(fee_notice=fee, paid_on=timezone.localdate(now), actor=None, now=now)
                messages.success(request, "已登记缴费，答复期限恢复计算。")
            else:
                actions.decline_fee(fee_notice=fee, actor=None, now=now)
                messages.success(request, "您已放弃缴费，本申请终止办理。")
        elif action == "withdraw":
            refusal = workflow.refusal(app, "withdraw")
            if refusal:
                return _refused(request, app, refusal)
            form = forms.WithdrawForm(request.POST)
            extra["withdraw_form"] = form
            if not form.is_valid():
                raise _Invalid
            actions.withdraw(application=app, reason=form.cleaned_data["reason"], now=now)
            messages.success(request, "申请已撤回。")
        else:
            raise Http404("未找到")
        throttle.hit(RATE_SCOPES[action], address, now=now)
    except _Invalid:
        return render(request, "portal/applications/case.html", _case_context(app, **extra), status=400)
    except actions.ApplicationError as exc:
        form = extra.get("correction_form") or extra.get("withdraw_form")
        if form is not None:
            to_form(form, exc)
            return render(request, "portal/applications/case.html", _case_context(app, **extra), status=400)
        messages.error(request, exc.message)
    except forms.forms.ValidationError as exc:
        extra["correction_form"].add_error("attachments", exc)
        return render(request, "portal/applications/case.html", _case_context(app, **extra), status=400)
    return redirect("portal:track_case", tracking_no=app.tracking_no)


class _Invalid(Exception):
    pass


def _refused(request: HttpRequest, app: Application, message: str) -> HttpResponse:
    messages.error(request, message)
    return redirect("portal:track_case", tracking_no=app.tracking_no)


def _is_id(value: str) -> bool:
    return value.isascii() and value.isdigit() and len(value) <= 18


def track_letter(request: HttpRequest, tracking_no: str, letter_id: int, fmt: str) -> HttpResponse:
    app = _tracked(request, tracking_no)
    row = get_object_or_404(app.letters, pk=letter_id, for_applicant=True)
    return letter_response(row, fmt)


@post_only
def track_forget(request: HttpRequest) -> HttpResponse:
    request.session.pop(SESSION_KEY, None)
    return redirect("portal:track")
