"""What the 政务公开办 sees of each department: read-only figures gathered from the other registers.

Each source is read lazily: if its app has no model yet (or it fails to load), the figure is ``None``
and the page shows "—". Queries are batched per source over all departments (one GROUP BY each).
The supervisor sees case numbers and dates, never applicants' personal data (issue 3, security).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from gongkai.agencies.models import Agency
from gongkai.supervision.models import ItemStatus, Notice, NoticeStatus, RectificationItem


def _model(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def application_model() -> Any:
    return _model("gongkai.applications.models", "Application")


def catalogue_model() -> Any:
    return _model("gongkai.catalogue.models", "CatalogueItem")


def report_model() -> Any:
    return _model("gongkai.reports.models", "AnnualReport")


def overdue_applications(agency_ids: Sequence[int], today: dt.date) -> Any:
    """Queryset of applications past their reply due date and not concluded, or None."""
    Application = application_model()
    if Application is None:
        return None
    qs = Application.objects.filter(agency_id__in=list(agency_ids), due_on__lt=today, concluded_on__isnull=True)
    open_states = _model("gongkai.applications.models", "OPEN_STATES")
    if open_states:
        qs = qs.filter(status__in=list(open_states))
    return qs


def late_publications(agency_ids: Sequence[int], today: dt.date, year: int) -> Any:
    """Queryset of Art. 26 late items: published late in ``year``, or due and still not published."""
    Item = catalogue_model()
    if Item is None:
        return None
    late = Q(late=True, published_on__year=year)
    unpublished = Q(published_on__isnull=True, publication_due__lt=today)
    attribute = _model("gongkai.catalogue.models", "Attribute")
    if attribute is not None:
        unpublished &= Q(attribute=attribute.PROACTIVE)
    return Item.objects.filter(Q(agency_id__in=list(agency_ids)) & (late | unpublished))


def _counts(qs: Any) -> dict[int, int] | None:
    if qs is None:
        return None
    return {row["agency_id"]: row["n"] for row in qs.order_by().values("agency_id").annotate(n=Count("pk"))}


@dataclass
class ReportState:
    status: str
    status_label: str
    errors: int
    warnings: int
    findings: list[Any] = field(default_factory=list)
    url: str = ""


def _report_data(report: Any) -> Any:
    """The law's Report for a stored annual report, whatever accessor its model offers."""
    from gongkai.law.report import Report

    for attr in ("to_report", "as_report", "law_report"):
        fn = getattr(report, attr, None)
        if callable(fn):
            return fn()
        if fn is not None and not callable(fn):
            return fn
    for attr in ("data", "content", "report_json"):
        value = getattr(report, attr, None)
        if isinstance(value, dict) and value:
            return Report.from_dict(value)
        if isinstance(value, str) and value:
            return Report.from_json(value)
    return None


def _findings(report: Any) -> list[Any]:
    """The consistency rules on the report's data (``gongkai.law.rules.check``), with the reports app's
    carry-over against last year's published report and the narrative binding when it offers them."""
    from gongkai.law.rules import check

    findings_for = _model("gongkai.reports.actions", "findings_for")
    if callable(findings_for):
        return list(findings_for(report))
    data = _report_data(report)
    return check(data) if data is not None else []


def report_states(agency_ids: Sequence[int], year: int) -> dict[int, ReportState] | None:
    """Each department's annual report of ``year``: status and the findings of the consistency rules."""
    AnnualReport = report_model()
    if AnnualReport is None:
        return None
    from gongkai.law.rules import Severity

    out: dict[int, ReportState] = {}
    for report in AnnualReport.objects.filter(agency_id__in=list(agency_ids), year=year).select_related("agency"):
        try:
            findings = _findings(report)
        except Exception:  # a malformed draft must not break the supervisor's page
            findings = []
        status = str(getattr(report, "status", ""))
        display = getattr(report, "get_status_display", None)
        label = display() if callable(display) else status
        url = ""
        get_url = getattr(report, "get_absolute_url", None)
        if callable(get_url):
            try:
                url = get_url()
            except Exception:
                url = ""
        out[report.agency_id] = ReportState(
            status=status, status_label=str(label),
            errors=sum(1 for f in findings if f.severity == Severity.ERROR),
            warnings=sum(1 for f in findings if f.severity == Severity.WARNING),
            findings=findings, url=url,
        )
    return out


@dataclass
class DepartmentRow:
    agency: Agency
    overdue_applications: int | None
    late_publications: int | None
    report: ReportState | None
    reports_ready: bool
    open_notices: int
    overdue_items: int


def department_rows(departments: Sequence[Agency], today: dt.date, year: int) -> list[DepartmentRow]:
    """One row per department for the supervisor's dashboard (a fixed number of queries)."""
    ids = [d.pk for d in departments]
    overdue = _counts(overdue_applications(ids, today))
    late = _counts(late_publications(ids, today, today.year))
    reports = report_states(ids, year)
    notices = {r["department_id"]: r["n"] for r in Notice.objects.filter(
        department_id__in=ids, status=NoticeStatus.OPEN).values("department_id").annotate(n=Count("pk"))}
    items = {r["notice__department_id"]: r["n"] for r in RectificationItem.objects.filter(
        notice__department_id__in=ids, due_on__lt=today, status=ItemStatus.OPEN)
        .values("notice__department_id").annotate(n=Count("pk"))}
    return [
        DepartmentRow(
            agency=d,
            overdue_applications=None if overdue is None else overdue.get(d.pk, 0),
            late_publications=None if late is None else late.get(d.pk, 0),
            report=None if reports is None else reports.get(d.pk),
            reports_ready=reports is not None,
            open_notices=notices.get(d.pk, 0),
            overdue_items=items.get(d.pk, 0),
        )
        for d in departments
    ]


def suggested_items(row: DepartmentRow, year: int) -> list[str]:
    """Draft 整改事项 for a notice, from what the dashboard shows of the department."""
    out: list[str] = []
    if row.overdue_applications:
        out.append(f"依申请公开逾期未答复{row.overdue_applications}件，请立即办理并说明逾期原因（《条例》第三十三条）。")
    if row.late_publications:
        out.append(f"主动公开信息逾期发布或应发布未发布{row.late_publications}条，请补充公开并建立时限提醒（《条例》第二十六条）。")
    if row.report is not None and row.report.errors:
        out.append(f"{year}年政府信息公开工作年度报告存在{row.report.errors}处数据错误，请核实更正。")
    return out
