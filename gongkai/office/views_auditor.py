"""Staff pages of the auditor: upload reports (one, many, a zip), see a batch with charts, see one report
with its faulty cells and sentences marked, export the findings to XLSX."""

from __future__ import annotations

from collections import Counter

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies.access import current_agency, get_for_staff, roles_in, scope, staff_required
from gongkai.auditor import present
from gongkai.auditor.actions import AuditError, record_export, run_audit_batch
from gongkai.auditor.forms import UploadForm
from gongkai.auditor.models import AuditBatch, AuditedReport
from gongkai.law.report import Report, ReportFormatError
from gongkai.law.rules import RULE_BY_ID, Finding, Severity
from gongkai.office.views import DASHBOARD_PANELS
from gongkai.reports.render import render_html

RULE_TITLES = {rid: r.title for rid, r in RULE_BY_ID.items()} | {
    "EDITION_MIXED": "两版格式混用",
    "CELL_AMBIGUOUS": "连写数字有多种读法",
    "CELL_UNREADABLE": "连写数字无法拆分",
    "CELL_NOT_FOUND": "原文中未找到的单元格",
}


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    agency = current_agency(request)
    if request.method == "POST":
        if not roles_in(request.user, agency):  # a supervisor looking at a department reads, never stores there
            raise Http404("未找到")
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            files = [(f.name, f.read()) for f in form.cleaned_data["files"]]
            try:
                batch = run_audit_batch(agency=agency, actor=request.user, files=files, now=timezone.now(),
                                        title=form.cleaned_data["title"])
            except AuditError as e:
                form.add_error("files", str(e))
            else:
                if batch.n_reports == 1 and not batch.n_unreadable:
                    return redirect("office:audit_report", batch_id=batch.pk, report_id=batch.reports.get().pk)
                return redirect("office:audit_batch", batch_id=batch.pk)
    else:
        form = UploadForm()
    batches = scope(AuditBatch.objects.select_related("agency", "created_by"), request.user)[:30]
    return render(request, "office/auditor/home.html", {"agency": agency, "form": form, "batches": batches})


@staff_required
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    batch = get_for_staff(request, AuditBatch.objects.select_related("agency"), pk=batch_id)
    reports = list(batch.reports.all())
    by_rule: Counter[str] = Counter()
    by_agency: Counter[str] = Counter()
    for r in reports:
        for f in r.result.get("findings", []):
            by_rule[f["rule"]] += 1
            by_agency[r.agency_name or "（未识别）"] += 1
    charts = {
        "rules": {"labels": [f"{RULE_TITLES.get(k, k)}（{k}）" for k, _ in by_rule.most_common()],
                  "values": [v for _, v in by_rule.most_common()]},
        "agencies": {"labels": [k for k, _ in by_agency.most_common(30)], "values": [v for _, v in by_agency.most_common(30)]},
    }
    return render(request, "office/auditor/batch.html", {
        "agency": current_agency(request), "batch": batch, "reports": reports, "charts": charts,
        "by_rule": [(k, RULE_TITLES.get(k, k), v) for k, v in by_rule.most_common()],
    })


@staff_required
def batch_xlsx(request: HttpRequest, batch_id: int) -> HttpResponse:
    from gongkai.auditor.export import HEADER, safe

    batch = get_for_staff(request, AuditBatch.objects.all(), pk=batch_id)
    from io import BytesIO

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "问题清单"
    ws.append(list(HEADER))
    for r in batch.reports.all():
        if r.error:
            ws.append([safe(v) for v in (r.file_name, "", "", "", "UNREADABLE", "error", r.error, "", "", "", "", "")])
            continue
        findings = r.result.get("findings", [])
        unchecked = r.result.get("unchecked", [])
        cov = r.result.get("coverage") or {}
        cov_text = f"{cov['read']}/{cov['expected']}" if cov else ""
        if not findings and not unchecked:
            ws.append([safe(v) for v in (r.file_name, r.agency_name, r.year, r.edition, "", "ok", "未发现问题", "", "", "", "", cov_text)])
        for f in findings:
            ws.append([safe(v) for v in (
                r.file_name, r.agency_name, r.year, r.edition, f["rule"], f["severity"], f["message"],
                " ".join(f.get("cells", [])), _txt(f.get("expected")), _txt(f.get("actual")), f.get("quote", ""), cov_text,
            )])
        for u in unchecked:
            ws.append([safe(v) for v in (
                r.file_name, r.agency_name, r.year, r.edition, u["rule"], "unchecked", u["message"],
                " ".join(u.get("cells", [])), "", "", u.get("quote") or "", cov_text,
            )])
    buf = BytesIO()
    wb.save(buf)
    record_export(batch=batch, actor=request.user, now=timezone.now(), fmt="xlsx")
    resp = HttpResponse(buf.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    resp["Content-Disposition"] = f'attachment; filename="audit-{batch.pk}.xlsx"'
    return resp


def _txt(v: object) -> object:
    return v if v is None or isinstance(v, (int, float)) else str(v)


@staff_required
def report_detail(request: HttpRequest, batch_id: int, report_id: int) -> HttpResponse:
    batch = get_for_staff(request, AuditBatch.objects.all(), pk=batch_id)
    report = AuditedReport.objects.filter(batch=batch, pk=report_id).first()
    if report is None:
        from django.http import Http404

        raise Http404("未找到")
    ctx = {"agency": current_agency(request), "batch": batch, "item": report}
    if not report.error:
        ctx.update(present.context(report.result))
        ctx["document"] = _document(report.result)
    return render(request, "office/auditor/report.html", ctx)


def _document(result: dict) -> str | None:
    """The report in the official layout by the reports module's renderer, with the findings marked
    (cells that could not be read are marked too); None when the result is no report of a known edition."""
    try:
        report = Report.from_dict({**result, "year": result.get("year") or 0})
    except ReportFormatError:
        return None
    findings = [
        Finding(f["rule"], Severity(f["severity"]), f["message"], tuple(f.get("cells", ())),
                f.get("expected"), f.get("actual"), f.get("quote"))
        for f in result.get("findings", [])
    ]
    unread = [u["cell"] for u in result.get("unread", [])] or list(result.get("missing", [])) + list(result.get("ambiguous", {}))
    if unread:
        findings.append(Finding("CELL_UNREAD", Severity.WARNING, "未能读取：原文中未找到或无法确定的单元格", tuple(unread)))
    return render_html(report, findings)


def dashboard_panel(request: HttpRequest, agency: object) -> tuple[str, dict]:
    batches = scope(AuditBatch.objects.all(), request.user)[:3]
    return "office/auditor/panel.html", {"batches": batches}


if dashboard_panel not in DASHBOARD_PANELS:
    DASHBOARD_PANELS.append(dashboard_panel)
