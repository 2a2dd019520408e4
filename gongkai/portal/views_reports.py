"""The public 年报 column: published annual reports in the official layout, with downloads."""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency
from gongkai.reports.models import AnnualReport, ReportStatus
from gongkai.reports.render import CONTENT_TYPES, document_context
from gongkai.reports.render import render as render_report

DOWNLOADS = ("docx", "pdf", "xlsx", "json")


def _published():  # type: ignore[no-untyped-def]
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("agency")


def report_list(request: HttpRequest) -> HttpResponse:
    reports = _published().order_by("-year", "-published_on", "agency__name")
    return render(request, "portal/reports/list.html", {"reports": reports, "agency": None, "downloads": DOWNLOADS})


def agency_reports(request: HttpRequest, slug: str) -> HttpResponse:
    agency = get_object_or_404(Agency, slug=slug)
    reports = _published().filter(agency=agency).order_by("-year")
    return render(request, "portal/reports/list.html", {"reports": reports, "agency": agency, "downloads": DOWNLOADS})


def _get(slug: str, year: int) -> AnnualReport:
    report = _published().filter(agency__slug=slug, year=year).first()
    if report is None:
        raise Http404("未找到该年度报告")
    return report


def agency_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = _get(slug, year)
    others = _published().filter(agency=report.agency).exclude(pk=report.pk).order_by("-year")
    ctx = {"obj": report, "agency": report.agency, "others": others, "downloads": DOWNLOADS,
           **document_context(report.to_report())}
    return render(request, "portal/reports/detail.html", ctx)


def agency_report_download(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    if fmt not in DOWNLOADS:
        raise Http404("不支持的格式")
    report = _get(slug, year)
    # a published report does not change: keep its renderings (DOCX takes a few hundred ms)
    digest = hashlib.sha256(json.dumps(report.data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    key = f"gongkai:report:{report.pk}:{digest}:{fmt}"
    data = cache.get(key)
    if data is None:
        data = render_report(report.to_report(), fmt)
        cache.set(key, data, 24 * 3600)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = f"{report.agency.code}-{report.year}-annual-report.{fmt}"
    disposition = "inline" if fmt in ("json", "pdf") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response
