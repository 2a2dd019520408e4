"""Office pages of the 复议/诉讼 register: list with filters, file a case, record a result, link.

Viewing: anyone who may see the agency (its staff, and the supervisor of its government).
Acting: its 经办人/审核人/负责人/管理员 (``ACT_ROLES``); others get 404 like outsiders.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies import accesslog
from gongkai.agencies.access import can_act, current_agency, get_for_staff, require_agency, staff_required
from gongkai.agencies.models import Agency, Role
from gongkai.appeals import actions
from gongkai.appeals.actions import AppealError
from gongkai.appeals.models import AppealCase, AppealKind, AppealResult, AppealStatus
from gongkai.appeals.reporting import compute_t4
from gongkai.law.editions import T4_GROUPS, T4_PARTS
from gongkai.web import post_only, to_form

ACT_ROLES = (Role.CLERK, Role.REVIEWER, Role.HEAD)

DATE_ERRORS = {"required": "请填写日期。", "invalid": "日期格式应为 年-月-日，例如 2026-03-02。"}


def _date_input() -> forms.DateInput:
    """An <input type=date>: its value must be ISO (yyyy-mm-dd) whatever the locale's display format."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

class FileCaseForm(forms.Form):
    kind = forms.ChoiceField(label="案件类型", choices=AppealKind.choices,
                             error_messages={"required": "请选择案件类型。", "invalid_choice": "请选择案件类型。"})
    case_number = forms.CharField(label="案号", max_length=80,
                                  error_messages={"required": "请填写案号。", "max_length": "案号不超过80个字。"})
    applicant_name = forms.CharField(label="申请人（原告）", max_length=100,
                                     error_messages={"required": "请填写申请人（原告）姓名或名称。"})
    filed_on = forms.DateField(label="立案（受理）日期", widget=_date_input(),
                               error_messages=DATE_ERRORS)
    organ = forms.CharField(label="复议机关/审理法院", max_length=100, required=False,
                            help_text="留空则使用本机关的行政复议机关或管辖法院")
    prior_review = forms.ModelChoiceField(label="此前的行政复议（仅复议后起诉）", queryset=AppealCase.objects.none(),
                                          required=False, error_messages={"invalid_choice": "请选择本机关的行政复议案件。"})
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, agency: Agency, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prior_review"].queryset = AppealCase.objects.filter(agency=agency, kind=AppealKind.REVIEW)


class ResultForm(forms.Form):
    result = forms.ChoiceField(
        label="结果", choices=[c for c in AppealResult.choices if c[0] != AppealResult.PENDING],
        error_messages={"required": "请选择结果。", "invalid_choice": "请选择结果：结果维持、结果纠正或其他结果。"},
    )
    decided_on = forms.DateField(label="审结日期", widget=_date_input(),
                                 error_messages=DATE_ERRORS)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CorrectForm(ResultForm):
    note = None  # type: ignore[assignment]
    reason = forms.CharField(label="更正理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}),
                             error_messages={"required": "请填写更正理由。"})


class LinkApplicationForm(forms.Form):
    application = forms.CharField(label="申请编号", max_length=60,
                                  error_messages={"required": "请填写申请编号。"})


class LinkReviewForm(forms.Form):
    prior_review = forms.ModelChoiceField(label="此前的行政复议", queryset=AppealCase.objects.none(),
                                          error_messages={"required": "请选择行政复议案件。",
                                                          "invalid_choice": "请选择本机关的行政复议案件。"})

    def __init__(self, *args: Any, case: AppealCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prior_review"].queryset = AppealCase.objects.filter(
            agency_id=case.agency_id, kind=AppealKind.REVIEW
        ).exclude(pk=case.pk)


def _find_application(agency: Agency, text: str) -> Any:
    """The agency's application with this tracking number (申请编号)."""
    from gongkai.applications.models import Application

    text = text.strip()
    found = Application.objects.filter(agency=agency, tracking_no=text).first()
    if found is None:
        raise AppealError(f"本机关没有申请编号为“{text}”的申请。", "application")
    return found


def _agency_for_list(request: HttpRequest) -> Agency:
    if request.GET.get("agency"):
        return require_agency(request, request.GET["agency"])
    return current_agency(request)


@staff_required
def case_list(request: HttpRequest) -> HttpResponse:
    agency = _agency_for_list(request)
    qs = AppealCase.objects.filter(agency=agency)
    f = {k: request.GET.get(k, "").strip() for k in ("kind", "status", "result", "year", "q")}
    if f["kind"] in AppealKind.values:
        qs = qs.filter(kind=f["kind"])
    if f["status"] in AppealStatus.values:
        qs = qs.filter(status=f["status"])
    if f["result"] in AppealResult.values:
        qs = qs.filter(result=f["result"])
    year: int | None = int(f["year"]) if f["year"].isdigit() and 1990 < int(f["year"]) < 2100 else None
    if year:
        qs = qs.filter(filed_on__year=year)
    if f["q"]:
        qs = qs.filter(Q(case_number__icontains=f["q"]) | Q(applicant_name__icontains=f["q"]) | Q(organ__icontains=f["q"]))
    t4_year = year or timezone.localdate().year
    t4 = compute_t4([agency.pk], t4_year)
    years = sorted({d.year for d in AppealCase.objects.filter(agency=agency).dates("filed_on", "year")}, reverse=True)
    cases = list(qs.select_related("prior_review")[:500])
    if cases:  # applicants' names in the register
        searched = f"；检索“{f['q']}”" if f["q"] else ""
        accesslog.record(request, agency=agency, kind=accesslog.AccessKind.APPEAL_LIST, now=timezone.now(),
                         detail=f"{len(cases)}件{searched}")
    return render(request, "office/appeals/list.html", {
        "agency": agency, "cases": cases, "filters": f,
        "kinds": AppealKind.choices, "statuses": AppealStatus.choices, "results": AppealResult.choices,
        "years": years, "can_act": can_act(request.user, agency, ACT_ROLES),
        "t4_year": t4_year, "t4_rule": agency.setting("t4_year_rule"),
        "t4_groups": [(label, parent, [(p, t4[f"{g}_{p}"]) for p, _ in T4_PARTS]) for g, label, parent in T4_GROUPS],
        "t4_parts": T4_PARTS,
    })


@staff_required
def case_new(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if not can_act(request.user, agency, ACT_ROLES):
        raise Http404("未找到")
    form = FileCaseForm(request.POST or None, agency=agency,
                        initial={"kind": request.GET.get("kind", AppealKind.REVIEW)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            case = actions.file_case(
                agency=agency, kind=d["kind"], case_number=d["case_number"], applicant_name=d["applicant_name"],
                filed_on=d["filed_on"], organ=d["organ"], prior_review=d["prior_review"], note=d["note"],
                actor=request.user, now=timezone.now(),
            )
        except AppealError as e:
            to_form(form, e)
        else:
            return redirect("office:appeals:detail", pk=case.pk)
    return render(request, "office/appeals/new.html", {"agency": agency, "form": form},
                  status=400 if request.method == "POST" else 200)


def _detail_context(request: HttpRequest, case: AppealCase, **forms_: Any) -> dict[str, Any]:
    acting = can_act(request.user, case.agency, ACT_ROLES)
    ctx: dict[str, Any] = {
        "agency": case.agency, "case": case, "can_act": acting,
        "events": case.events.select_related("actor"),
        "later_suits": case.later_suits.all(),
        "application": case.application,
    }
    ctx["result_form"] = forms_.get("result_form") or ResultForm(initial={"decided_on": timezone.localdate()})
    ctx["correct_form"] = forms_.get("correct_form") or CorrectForm(
        initial={"result": case.result, "decided_on": case.decided_on})
    ctx["link_form"] = forms_.get("link_form") or LinkApplicationForm()
    ctx["review_form"] = forms_.get("review_form") or LinkReviewForm(case=case)
    return ctx


def _case_for_staff(request: HttpRequest, pk: int, *, acting: bool) -> AppealCase:
    case = get_for_staff(request, AppealCase.objects.select_related("agency", "prior_review", "application"), pk=pk)
    if acting and not can_act(request.user, case.agency, ACT_ROLES):
        raise Http404("未找到")
    return case


@staff_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_staff(request, pk, acting=False)
    _log(request, case)
    return render(request, "office/appeals/detail.html", _detail_context(request, case))


def _log(request: HttpRequest, case: AppealCase, detail: str = "") -> None:
    accesslog.record(request, agency=case.agency, kind=accesslog.AccessKind.APPEAL, subject=case.case_number,
                     object_id=case.pk, detail=detail, now=timezone.now())


def _post_action(request: HttpRequest, case: AppealCase, form_name: str, form: forms.Form, run: Any) -> HttpResponse:
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except AppealError as e:
            to_form(form, e)
        else:
            return redirect("office:appeals:detail", pk=case.pk)
    ctx = _detail_context(request, case, **{form_name: form})
    _log(request, case, "操作未完成，页面重新显示")
    return render(request, "office/appeals/detail.html", ctx, status=400)


@staff_required
@post_only
def case_result(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_staff(request, pk, acting=True)
    return _post_action(request, case, "result_form", ResultForm(request.POST), lambda d: actions.record_result(
        case=case, result=d["result"], decided_on=d["decided_on"], note=d["note"],
        actor=request.user, now=timezone.now()))


@staff_required
@post_only
def case_correct(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_staff(request, pk, acting=True)
    return _post_action(request, case, "correct_form", CorrectForm(request.POST), lambda d: actions.correct_result(
        case=case, result=d["result"], decided_on=d["decided_on"], reason=d["reason"],
        actor=request.user, now=timezone.now()))


@staff_required
@post_only
def case_link_application(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_staff(request, pk, acting=True)
    return _post_action(request, case, "link_form", LinkApplicationForm(request.POST), lambda d: actions.link_to_application(
        case=case, application=_find_application(case.agency, d["application"]), actor=request.user, now=timezone.now()))


@staff_required
@post_only
def case_link_review(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_for_staff(request, pk, acting=True)
    return _post_action(request, case, "review_form", LinkReviewForm(request.POST, case=case), lambda d: actions.link_prior_review(
        case=case, prior_review=d["prior_review"], actor=request.user, now=timezone.now()))


def appeals_panel(request: HttpRequest, agency: Any) -> tuple[str, dict]:
    """Dashboard panel: the agency's open 复议/诉讼 cases."""
    open_cases = AppealCase.objects.filter(agency=agency, status=AppealStatus.OPEN)
    return "office/appeals/panel.html", {
        "count": open_cases.count(), "cases": list(open_cases.order_by("filed_on")[:5]),
        "today": timezone.localdate(), "year": timezone.localdate().year,
    }
