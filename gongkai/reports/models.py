"""Annual reports (政府信息公开工作年度报告) per agency and year, their events, and the work log.

``AnnualReport.data`` is the interchange dict of :mod:`gongkai.law.report` (tables 二/三/四 as composed
or entered, the six sections as rendered text, meta). ``narrative`` holds the staff-edited section texts
with placeholders bound to cells (``{t3.r1_new.total}``, ``{pct:A/B}``); ``manual`` the hand-entered
figures (only for cells the records do not cover) with their source notes. Every change goes through
:mod:`gongkai.reports.actions`, which appends a :class:`ReportEvent`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from gongkai.agencies.models import EventRecord
from gongkai.law.report import Report


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "编制中"
    CHECKING = "checking", "已提交待发布"
    PUBLISHED = "published", "已公开"


class AnnualReport(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT,
                               related_name="annual_reports")
    year = models.PositiveSmallIntegerField("报告年度")
    edition = models.CharField("格式版本", max_length=4)
    status = models.CharField("状态", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT,
                              db_index=True)
    data = models.JSONField("年报内容（交换格式）", default=dict)
    narrative = models.JSONField("正文模板（含数据占位符）", default=dict, blank=True)
    manual = models.JSONField("手工填报数字及来源", default=dict, blank=True)
    findings = models.JSONField("最近一次检查结果", default=list, blank=True)
    checked_at = models.DateTimeField("最近检查时间", null=True, blank=True)
    override_reason = models.TextField("带错误发布的理由", blank=True)
    published_on = models.DateField("公开日期", null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="发布人", null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "agency_id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="annual_report_agency_year"),
            models.CheckConstraint(
                name="annual_report_published_has_date",
                condition=~models.Q(status="published") | models.Q(published_on__isnull=False),
            ),
        ]
        indexes = [models.Index(fields=["status", "year"], name="annual_report_status_year")]

    def __str__(self) -> str:
        return f"{self.agency}{self.year}年度报告"

    def to_report(self) -> Report:
        return Report.from_dict(self.data)

    @property
    def is_published(self) -> bool:
        return self.status == ReportStatus.PUBLISHED

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.findings or [] if f.get("severity") == "error")

    @property
    def warning_count(self) -> int:
        return sum(1 for f in self.findings or [] if f.get("severity") == "warning")

    def get_absolute_url(self) -> str:
        return reverse("office:report_workspace", kwargs={"agency_id": self.agency_id, "year": self.year})

    def public_url(self) -> str:
        return reverse("portal:agency_report", kwargs={"slug": self.agency.slug, "year": self.year})

    def download_url(self, fmt: str) -> str:
        return reverse("portal:agency_report_download",
                       kwargs={"slug": self.agency.slug, "year": self.year, "fmt": fmt})


class ReportEventKind(models.TextChoices):
    CREATED = "created", "创建年报"
    IMPORTED = "imported", "导入年报"
    COMPOSED = "composed", "从记录生成表格"
    MANUAL = "manual", "手工填报数字"
    NARRATIVE = "narrative", "修改正文"
    CHECKED = "checked", "检查勾稽关系"
    SUBMITTED = "submitted", "提交发布"
    REOPENED = "reopened", "退回编制"
    PUBLISHED = "published", "发布"
    OVERRIDE = "override", "带错误发布"
    WORKLOG = "worklog", "登记工作记录"
    WORKLOG_DELETED = "worklog_deleted", "删除工作记录"


class ReportEvent(EventRecord):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="report_events")
    year = models.PositiveSmallIntegerField("年度")
    report = models.ForeignKey(AnnualReport, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=20, choices=ReportEventKind.choices)

    class Meta:
        verbose_name = "年报记录"
        verbose_name_plural = "年报记录"
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["agency", "year"], name="report_event_agency_year")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year} · {self.get_kind_display()}"

    @property
    def summary(self) -> str:
        p: dict[str, Any] = self.payload or {}
        if self.kind == ReportEventKind.PUBLISHED:
            late = "（逾期）" if p.get("late") else ""
            return f"公开日期 {p.get('published_on', '')}，期限 {p.get('deadline', '')}{late}"
        if self.kind == ReportEventKind.OVERRIDE:
            return f"存在{p.get('errors', 0)}项错误仍发布，理由：{p.get('reason', '')}"
        if self.kind == ReportEventKind.CHECKED:
            return f"错误{p.get('errors', 0)}项，提示{p.get('warnings', 0)}项"
        if self.kind == ReportEventKind.MANUAL:
            return f"{p.get('label', p.get('ref', ''))} = {p.get('value')}（来源：{p.get('source', '')}）"
        if self.kind in (ReportEventKind.WORKLOG, ReportEventKind.WORKLOG_DELETED):
            return f"{p.get('kind_label', '')} {p.get('count', '')}：{p.get('note', '')}"
        if self.kind == ReportEventKind.NARRATIVE:
            return f"第{p.get('section_label', p.get('section', ''))}部分"
        return ""


class WorkLogKind(models.TextChoices):
    NEWMEDIA_PUSH = "push", "新媒体推送（条）"
    NEWMEDIA_READS = "reads", "新媒体阅读量（次）"
    HOTLINE = "hotline", "热线电话接听（个）"
    TRAINING = "training", "参加培训（次）"
    STUDY = "study", "专题研讨（次）"
    INSPECTION = "inspection", "检查督导（次）"
    NPC = "npc", "人大代表建议办理（件）"
    CPPCC = "cppcc", "政协提案办理（件）"


class WorkLogEntry(models.Model):
    """A fact the records do not hold (新媒体, 热线, 培训 ...), feeding the narrative drafts."""

    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.CASCADE,
                               related_name="work_log")
    day = models.DateField("日期")
    kind = models.CharField("类别", max_length=12, choices=WorkLogKind.choices)
    count = models.PositiveIntegerField("数量")
    note = models.CharField("说明", max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "工作记录"
        verbose_name_plural = "工作记录"
        ordering = ["-day", "-pk"]
        indexes = [models.Index(fields=["agency", "day"], name="worklog_agency_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.get_kind_display()} {self.count}"
