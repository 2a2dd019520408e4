"""What the 政务公开办 sees of each department: read-only figures gathered from the other registers.

The figures come from the registers' own queries, imported plainly (records → reports → supervision):
overdue applications (:mod:`gongkai.applications.queries`), late publications
(``CatalogueItem.objects.late``), the annual report and its findings (:func:`gongkai.reports.actions.findings_for`).
An error in any of them surfaces; nothing is shown as "—" because it failed. Queries are batched over all
departments (one GROUP BY each). The supervisor sees case numbers and dates, never applicants' personal
data (issue 3, security).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet

from gongkai.agencies.models import Agency
from gongkai.applications import queries as application_queries
from gongkai.applications.models import Application
from gongkai.catalogue.models import CatalogueItem
from gongkai.law.rules import Severity
from gongkai.reports.actions import findings_for
from gongkai.reports.models import AnnualReport
from gongkai.supervision.models import ItemStatus, Notice, NoticeStatus, RectificationItem


def overdue_applications(agency_ids: Sequence[int], today: dt.date) -> QuerySet[Application]:
    """Applications past their reply due date and not answered."""
    return application_queries.overdue(today).filter(agency_id__in=list(agency_ids))


def late_publications(agency_ids: Sequence[int], today: dt.date, year: int) -> QuerySet[CatalogueItem]:
    """Art. 26 late items: published late in ``year``, or due and still not published."""
    return CatalogueItem.objects.filter(agency_id__in=list(agency_ids)).late(today, year)


def _counts(qs: QuerySet[Any]) -> dict[int, int]:
    return {row["agency_id"]: row["n"] for row in qs.order_by().values("agency_id").annotate(n=Count("pk"))}


@dataclass
class ReportState:
    status: str
    status_label: str
    errors: int
    warnings: int
    findings: list[Any] = field(default_factory=list)
    url: str = ""


def report_states(agency_ids: Sequence[int], year: int) -> dict[int, ReportState]:
    """Each department's annual report of ``year``: status and the findings of the consistency rules."""
    out: dict[int, ReportState] = {}
    for report in AnnualReport.objects.filter(agency_id__in=list(agency_ids), year=year).select_related("agency"):
        findings = findings_for(report)
        out[report.agency_id] = ReportState(
            status=report.status, status_label=report.get_status_display(),
            errors=sum(1 for f in findings if f.severity == Severity.ERROR),
            warnings=sum(1 for f in findings if f.severity == Severity.WARNING),
            findings=findings, url=report.get_absolute_url(),
        )
    return out


@dataclass
class DepartmentRow:
    agency: Agency
    overdue_applications: int
    late_publications: int
    report: ReportState | None  # None: no report of the year yet
    open_notices: int
    overdue_items: int

    @property
    def reports_ready(self) -> bool:
        """Kept for earlier callers: the reports register is always part of the system now."""
        return True


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
            overdue_applications=overdue.get(d.pk, 0),
            late_publications=late.get(d.pk, 0),
            report=reports.get(d.pk),
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
