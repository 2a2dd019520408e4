"""The report workspace (issue 5): per agency and year, compose tables 二/三/四 from the records, enter the
figures whose source is outside the system, edit the narrative with figures bound to cells, check, submit
and publish; year-over-year comparison with charts; the district roll-up; the work log.

Viewing: anyone who may see the agency (its staff, and the supervisor of its government).
Acting: its 经办人/审核人/负责人 (``EDIT_ROLES``); publishing: its 负责人 (``PUBLISH_ROLES``; admins may do
everything). Everyone else gets 404, like outsiders (``gongkai.agencies.access``).
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.agencies.access import can_act, current_agency, require_agency, staff_agencies, staff_required
from gongkai.agencies.models import Agency, Role
from gongkai.law.editions import T3_COLUMNS, T4_COLUMN_IDS, Edition, edition_for_year
from gongkai.law.report import Report
from gongkai.law.rules import Finding, Severity, annual_report_deadline, cell_label
from gongkai.reports import actions, compose, narrative
from gongkai.reports.actions import ReportError
from gongkai.reports.models import AnnualReport, ReportStatus, WorkLogEntry, WorkLogKind
from gongkai.reports.render import CONTENT_TYPES, document_context
from gongkai.reports.render import render as render_report
from gongkai.web import post_only, posted_text, to_form

EDIT_ROLES = (Role.CLERK, Role.REVIEWER, Role.HEAD)
PUBLISH_ROLES = (Role.HEAD,)
FORMATS = ("docx", "pdf", "xlsx", "json", "html")


# --------------------------------------------------------------------------- forms


class NewReportForm(forms.Form):
    year = forms.IntegerField(label="报告年度", min_value=2019, max_value=2100,
                              error_messages={"required": "请填写报告年度。", "invalid": "年度应为数字，例如 2025。",
                                              "min_value": "国家年报格式自2019年度起适用。",
                                              "max_value": "请填写正确的年度。"})


class ManualForm(forms.Form):
    ref = forms.ChoiceField(label="单元格", error_messages={"required": "请选择单元格。",
                                                           "invalid_choice": "只能填报系统记录未覆盖的单元格。"})
    value = forms.DecimalField(label="数字", max_digits=16, decimal_places=4, required=False,
                               error_messages={"invalid": "请填写数字。"},
                               help_text="件数填整数；金额以元为单位（例如253.2358万元填2532358）")
    source = forms.CharField(label="来源说明", max_length=300, required=False,
                             help_text="例如：区财政局政府采购统计表（2020年1月5日）")

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ref"].choices = [("", "请选择")] + choices


class PublishForm(forms.Form):
    override_reason = forms.CharField(label="带错误发布的理由", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    acknowledge_warnings = forms.BooleanField(label="已逐项核对全部提示", required=False)


class WorkLogForm(forms.Form):
    day = forms.DateField(label="日期", widget=forms.DateInput(attrs={"type": "date"}),
                          error_messages={"required": "请填写日期。", "invalid": "日期格式应为 年-月-日。"})
    kind = forms.ChoiceField(label="类别", choices=WorkLogKind.choices,
                             error_messages={"required": "请选择类别。", "invalid_choice": "请选择类别。"})
    count = forms.IntegerField(label="数量", min_value=0, max_value=10**9,
                               error_messages={"required": "请填写数量。", "invalid": "数量应为整数。",
                                               "min_value": "数量不能为负数。"})
    note = forms.CharField(label="说明", max_length=300, required=False)


# --------------------------------------------------------------------------- helpers


def _findings(report: AnnualReport) -> list[Finding]:
    out = []
    for f in report.findings or []:
        out.append(Finding(f["rule"], Severity(f["severity"]), f["message"], tuple(f.get("cells") or ()),
                           f.get("expected"), f.get("actual"), f.get("quote")))
    return out


def _get_report(request: HttpRequest, agency_id: int, year: int, roles: Any = None) -> AnnualReport:
    agency = require_agency(request, agency_id, roles)
    report = AnnualReport.objects.filter(agency=agency, year=year).select_related("agency").first()
    if report is None:
        raise Http404("未找到该年度报告")
    return report


def _blank_cells(report: AnnualReport, edition: Edition) -> list[tuple[str, str]]:
    """Cells the records leave blank (hand entry allowed), with their labels."""
    comp, _ = compose.compose_for(report.agency, report.year, edition)
    out = []
    for st in edition.t2:
        for row in st.rows:
            for col in st.columns:
                ref = f"t2.{st.id}.{row.id}.{col.id}"
                if comp.t2[st.id][row.id][col.id] is None:
                    out.append((ref, cell_label(edition, ref)))
    for rid in edition.t3_row_ids:
        for i, col in enumerate(T3_COLUMNS):
            if comp.t3[rid][i] is None:
                out.append((f"t3.{rid}.{col.id}", cell_label(edition, f"t3.{rid}.{col.id}")))
    for cid in T4_COLUMN_IDS:
        if comp.t4[cid] is None:
            out.append((f"t4.{cid}", cell_label(edition, f"t4.{cid}")))
    return out


def _sections(report: AnnualReport, law: Report) -> list[dict[str, Any]]:
    out = []
    for s in law.edition.sections:
        template = (report.narrative or {}).get(s.id, "")
        out.append({"id": s.id, "label": s.label, "template": template,
                    "segments": narrative.segments(template, law)})
    return out


def _workspace(request: HttpRequest, report: AnnualReport, *, status: int = 200, **extra: Any) -> HttpResponse:
    law = report.to_report()
    edition = law.edition
    findings = extra.pop("findings", None)
    if findings is None:
        findings = _findings(report)
    user = request.user
    can_edit = can_act(user, report.agency, EDIT_ROLES) and report.status != ReportStatus.PUBLISHED
    can_publish = can_act(user, report.agency, PUBLISH_ROLES) and report.status != ReportStatus.PUBLISHED
    deadline = annual_report_deadline(report.year, actions.agency_kind(report.agency))
    manual_form = extra.pop("manual_form", None)
    if manual_form is None and can_edit:
        manual_form = ManualForm(choices=_blank_cells(report, edition))
    manual = [{"ref": ref, "label": cell_label(edition, ref), **entry} for ref, entry in (report.manual or {}).items()]
    ctx = {
        "agency": report.agency, "obj": report, "law": law, "edition": edition,
        "findings": findings, "errors": [f for f in findings if f.severity is Severity.ERROR],
        "warnings": [f for f in findings if f.severity is not Severity.ERROR],
        "notes": law.meta.get("composition_notes") or [], "facts": law.meta.get("facts") or {},
        "departments": law.meta.get("departments") or [],
        "narrative_sections": _sections(report, law), "manual": manual, "manual_form": manual_form,
        "publish_form": extra.pop("publish_form", None) or PublishForm(),
        "can_edit": can_edit, "can_publish": can_publish, "deadline": deadline,
        "late_now": timezone.localdate() > deadline,
        "events": report.events.select_related("actor").order_by("-at", "-pk")[:30],
        "formats": FORMATS, "placeholder_help": PLACEHOLDER_HELP,
        **document_context(law, findings),
        **extra,
    }
    return render(request, "office/reports/workspace.html", ctx, status=status)


PLACEHOLDER_HELP = [
    ("{t3.r1_new.total}", "表三单元格（行.列）；组行如 {t3.r3_4.total} 为各项之和"),
    ("{pct:t3.r3_1_open.total/t3.r3_7_total.total}", "百分比，保留一位小数"),
    ("{sum:t4.ld_total+t4.la_total}", "求和"),
    ("{wan:t2.t2_a20_9.procurement.amount}", "金额（万元）"),
    ("{work.hotline}", "工作记录：push 推送、reads 阅读量、hotline 热线、training 培训、study 研讨、inspection 检查、npc 建议、cppcc 提案"),
    ("{fees.notices} {fees.notice_amount} {fees.collected}", "信息处理费：通知件数、通知金额、实收金额（元）"),
    ("{year} {next_year} {agency}", "年度、下一年度、机关名称"),
]


# --------------------------------------------------------------------------- pages


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    if request.GET.get("agency"):
        agency = require_agency(request, request.GET["agency"])
    else:
        agency = current_agency(request)
    reports = AnnualReport.objects.filter(agency=agency).order_by("-year")
    form = NewReportForm(initial={"year": timezone.localdate().year})
    if request.method == "POST":
        if not can_act(request.user, agency, EDIT_ROLES):
            raise Http404("未找到")
        form = NewReportForm(request.POST)
        if form.is_valid():
            now = timezone.now()
            try:
                report = actions.create_report(agency=agency, year=form.cleaned_data["year"], actor=request.user, now=now)
                actions.compose_report(report=report, actor=request.user, now=now)
                messages.success(request, f"已创建{report.year}年度报告，表格已从记录生成。")
                return redirect(report.get_absolute_url())
            except ReportError as e:
                to_form(form, e)
    visible = staff_agencies(request.user).order_by("parent_id", "pk")
    return render(request, "office/reports/index.html", {
        "agency": agency, "reports": reports, "form": form, "visible": visible,
        "can_edit": can_act(request.user, agency, EDIT_ROLES),
    })


@staff_required
def workspace(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    return _workspace(request, _get_report(request, agency_id, year))


def _act(request: HttpRequest, agency_id: int, year: int, roles: Any) -> AnnualReport:
    return _get_report(request, agency_id, year, roles)


@staff_required
@post_only
def compose_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    report = _act(request, agency_id, year, EDIT_ROLES)
    try:
        actions.compose_report(report=report, actor=request.user, now=timezone.now())
        messages.success(request, "已从记录重新生成表格和正文。")
    except ReportError as e:
        messages.error(request, e.message)
    return redirect(report.get_absolute_url())


@staff_required
@post_only
def check_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    report = _act(request, agency_id, year, EDIT_ROLES)
    findings = actions.run_check(report=report, actor=request.user, now=timezone.now())
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    messages.success(request, f"检查完成：错误{errors}项，提示{len(findings) - errors}项。")
    return redirect(report.get_absolute_url())


@staff_required
@post_only
def manual_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    report = _act(request, agency_id, year, EDIT_ROLES)
    edition = edition_for_year(report.year)
    choices = _blank_cells(report, edition) + [
        (ref, cell_label(edition, ref)) for ref in (report.manual or {}) if compose.valid_ref(edition, ref)
    ]
    form = ManualForm(request.POST, choices=list(dict(choices).items()))
    if form.is_valid():
        v = form.cleaned_data["value"]
        value = None if v is None else (int(v) if v == v.to_integral_value() else float(v))
        try:
            actions.set_manual_figure(report=report, ref=form.cleaned_data["ref"], value=value,
                                      source=form.cleaned_data["source"], actor=request.user, now=timezone.now())
            messages.success(request, "已保存手工填报的数字。" if value is not None else "已删除手工填报的数字。")
            return redirect(report.get_absolute_url() + "#manual")
        except ReportError as e:
            to_form(form, e)
    return _workspace(request, report, manual_form=form, status=400)


@staff_required
@post_only
def narrative_view(request: HttpRequest, agency_id: int, year: int, section: str) -> HttpResponse:
    report = _act(request, agency_id, year, EDIT_ROLES)
    try:
        actions.update_narrative(report=report, section=section, text=posted_text(request, "text"),
                                 actor=request.user, now=timezone.now(),
                                 restore_draft=request.POST.get("restore") == "1")
        messages.success(request, "已保存正文。")
    except ReportError as e:
        messages.error(request, e.message)
    return redirect(report.get_absolute_url() + f"#edit-{section}")


@staff_required
@post_only
def front_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    report = _act(request, agency_id, year, EDIT_ROLES)
    try:
        actions.set_front_matter(report=report, title=posted_text(request, "title"),
                                 preamble=posted_text(request, "preamble"), actor=request.user, now=timezone.now())
        messages.success(request, "已保存标题和前言。")
    except ReportError as e:
        messages.error(request, e.message)
    return redirect(report.get_absolute_url() + "#front")


@staff_required
@post_only
def submit_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    report = _act(request, agency_id, year, EDIT_ROLES)
    try:
        actions.submit_report(report=report, actor=request.user, now=timezone.now())
        messages.success(request, "年报已提交。")
    except ReportError as e:
        messages.error(request, e.message)
    return redirect(report.get_absolute_url())


@staff_required
@post_only
def reopen_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    report = _act(request, agency_id, year, EDIT_ROLES)
    try:
        actions.reopen_report(report=report, actor=request.user, now=timezone.now(),
                              reason=posted_text(request, "reason"))
        messages.success(request, "年报已退回编制。")
    except ReportError as e:
        messages.error(request, e.message)
    return redirect(report.get_absolute_url())


@staff_required
@post_only
def publish_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    report = _act(request, agency_id, year, PUBLISH_ROLES)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        actions.publish_report(report=report, actor=request.user, now=timezone.now(),
                               override_reason=form.cleaned_data.get("override_reason", ""),
                               acknowledge_warnings=bool(form.cleaned_data.get("acknowledge_warnings")))
    except ReportError as e:
        to_form(form, e)
        report.refresh_from_db()
        # the findings the publication ran into (the refused publication stored nothing)
        findings = actions.findings_for(report, publish_on=timezone.localdate())
        return _workspace(request, report, publish_form=form, publish_blocked=e.message, findings=findings,
                          status=400)
    report.refresh_from_db()
    messages.success(request, f"年报已公开（公开日期 {report.published_on:%Y-%m-%d}）。")
    return redirect(report.get_absolute_url())


@staff_required
def download(request: HttpRequest, agency_id: int, year: int, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    report = _get_report(request, agency_id, year)
    law = report.to_report()
    if fmt == "html":
        from gongkai.reports.render import render_html_page

        data = render_html_page(law, _findings(report)).encode("utf-8")
    else:
        data = render_report(law, fmt)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt in ("json", "html", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{report.agency.code}-{report.year}.{fmt}"'
    return response


# --------------------------------------------------------------------------- year over year


def _series(law: Report) -> list[tuple[str, str, Any, str, str]]:
    """(table, label, value, ref, column type) for every figure of the report, in table order."""
    from gongkai.reports.layout import grids

    out = []
    for g in grids(law).values():
        for c in g.figures:
            assert c.ref is not None
            label = cell_label(law.edition, c.ref)
            out.append((g.id, label, c.value, c.ref, c.kind))
    return out


@staff_required
def compare(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    report = _get_report(request, agency_id, year)
    law = report.to_report()
    prev_obj = AnnualReport.objects.filter(agency=report.agency, year=year - 1).first()
    prev = prev_obj.to_report() if prev_obj else None
    rows = []
    from gongkai.reports.layout import format_value

    for gid, label, value, ref, kind in _series(law):
        before = None
        if prev is not None:
            try:
                before = prev.cell(ref)
            except KeyError:
                before = None
        change = None if value is None or before is None else value - before
        pct = None
        if change is not None and before:
            pct = narrative.percent(change, before)
        rows.append({"table": gid, "label": label, "ref": ref, "value": format_value(value, kind),
                     "before": None if before is None else format_value(before, kind),
                     "change": None if change is None else format_value(change, kind), "up": (change or 0) > 0,
                     "pct": pct, "same_edition": prev is not None and prev.edition.id == law.edition.id})
    # charts: outcome groups of table 三 and the three groups of table 四, over every year on record
    history = list(AnnualReport.objects.filter(agency=report.agency, year__lte=year).order_by("year"))
    groups = [("r1_new", "新收申请"), ("r3_1_open", "予以公开"), ("r3_2_partial", "部分公开"), ("r3_3", "不予公开"),
              ("r3_4", "无法提供"), ("r3_5", "不予处理"), ("r3_6", "其他处理")]
    labels = [str(h.year) for h in history]
    datasets = []
    laws = [h.to_report() for h in history]
    for gid, glabel in groups:
        datasets.append({"label": glabel, "data": [narrative.cell_value(x, f"t3.{gid}.total") for x in laws]})
    t4 = [{"label": lbl, "data": [x.t4.get(f"{g}_total") or 0 for x in laws]}
          for g, lbl in (("rv", "行政复议"), ("ld", "直接起诉"), ("la", "复议后起诉"))]
    chart = {"labels": labels, "t3": datasets, "t4": t4}
    return render(request, "office/reports/compare.html", {
        "agency": report.agency, "obj": report, "prev": prev_obj, "rows": rows,
        "chart_json": json.dumps(chart, ensure_ascii=False),
    })


# --------------------------------------------------------------------------- roll-up


@staff_required
def rollup_view(request: HttpRequest, agency_id: int, year: int) -> HttpResponse:
    agency = require_agency(request, agency_id)
    if not agency.is_government:
        raise Http404("只有人民政府有汇总年报")
    departments = compose.rollup(agency, year)
    own = AnnualReport.objects.filter(agency=agency, year=year).first()
    return render(request, "office/reports/rollup.html", {
        "agency": agency, "year": year, "departments": departments, "own": own,
        "missing": [d for d in departments if not d.submitted],
        "with_errors": [d for d in departments if d.errors],
        "can_edit": can_act(request.user, agency, EDIT_ROLES),
    })


# --------------------------------------------------------------------------- work log


@staff_required
def worklog(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if request.GET.get("agency"):
        agency = require_agency(request, request.GET["agency"])
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() and 2000 < int(year_text) < 2100 else timezone.localdate().year
    can_edit = can_act(request.user, agency, EDIT_ROLES)
    form = WorkLogForm(initial={"day": timezone.localdate()})
    if request.method == "POST":
        if not can_edit:
            raise Http404("未找到")
        form = WorkLogForm(request.POST)
        if form.is_valid():
            try:
                entry = actions.add_work_log(agency=agency, actor=request.user, now=timezone.now(), **form.cleaned_data)
                messages.success(request, "已登记工作记录。")
                return redirect(reverse("office:report_worklog") + f"?agency={agency.pk}&year={entry.day.year}")
            except ReportError as e:
                to_form(form, e)
    entries = WorkLogEntry.objects.filter(agency=agency, day__year=year).select_related("created_by")
    totals = compose.facts([agency.pk], year)
    summary = [(k.label, totals.get(f"work.{k.value}", 0), f"{{work.{k.value}}}") for k in WorkLogKind]
    return render(request, "office/reports/worklog.html", {
        "agency": agency, "year": year, "entries": entries, "form": form, "summary": summary, "can_edit": can_edit,
    }, status=400 if request.method == "POST" else 200)


@staff_required
@post_only
def worklog_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = WorkLogEntry.objects.filter(pk=pk).select_related("agency").first()
    if entry is None:
        raise Http404("未找到")
    require_agency(request, entry.agency_id, EDIT_ROLES)
    try:
        actions.delete_work_log(entry=entry, actor=request.user, now=timezone.now())
        messages.success(request, "已删除工作记录。")
    except ReportError as e:
        messages.error(request, e.message)
    return redirect(reverse("office:report_worklog") + f"?agency={entry.agency_id}&year={entry.day.year}")


# --------------------------------------------------------------------------- dashboard panel


def reports_panel(request: HttpRequest, agency: Agency) -> tuple[str, dict[str, Any]]:
    today = timezone.localdate()
    year = today.year - 1
    report = AnnualReport.objects.filter(agency=agency, year=year).first()
    deadline = annual_report_deadline(year, actions.agency_kind(agency))
    days_left = (deadline - today).days
    current = AnnualReport.objects.filter(agency=agency, year=today.year).first()
    return "office/reports/panel.html", {"panel": {
        "year": year, "report": report, "deadline": deadline, "days_left": days_left, "current": current,
        "late": report is None or (not report.is_published and today > deadline) or (
            report.is_published and report.published_on is not None and report.published_on > deadline),
    }}
