"""Audit batches run from the web: who uploaded what, and each report's extraction and findings."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import EventRecord


class AuditBatch(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="audit_batches",
                               verbose_name="所属机关")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+", verbose_name="上传人")
    created_at = models.DateTimeField("上传时间", db_index=True)
    title = models.CharField("名称", max_length=200, blank=True)
    n_reports = models.PositiveIntegerField("年报数", default=0)
    n_unreadable = models.PositiveIntegerField("无法读取", default=0)
    n_with_errors = models.PositiveIntegerField("有错误的年报", default=0)

    class Meta:
        verbose_name = "年报审查批次"
        verbose_name_plural = "年报审查批次"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title or f"审查批次 {self.pk}"


class AuditedReport(models.Model):
    batch = models.ForeignKey(AuditBatch, on_delete=models.CASCADE, related_name="reports")
    position = models.PositiveIntegerField("序号", default=0)
    file_name = models.CharField("文件", max_length=500)
    error = models.TextField("无法读取的原因", blank=True)
    agency_name = models.CharField("年报机关", max_length=200, blank=True)
    year = models.PositiveIntegerField("年度", null=True, blank=True)
    edition = models.CharField("格式版本", max_length=4, blank=True)
    format = models.CharField("文件格式", max_length=10, blank=True)
    n_errors = models.PositiveIntegerField("错误", default=0)
    n_warnings = models.PositiveIntegerField("提示", default=0)
    # AuditResult.to_dict(provenance=True): tables, sections, findings, provenance, missing, ambiguous
    result = models.JSONField("审查结果", default=dict, blank=True)

    class Meta:
        verbose_name = "审查的年报"
        verbose_name_plural = "审查的年报"
        ordering = ["batch", "position"]

    def __str__(self) -> str:
        return self.file_name


class AuditEventKind(models.TextChoices):
    UPLOADED = "uploaded", "上传并审查"
    EXPORTED = "exported", "导出问题清单"


class AuditEvent(EventRecord):
    batch = models.ForeignKey(AuditBatch, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=20, choices=AuditEventKind.choices)

    class Meta:
        verbose_name = "审查记录"
        verbose_name_plural = "审查记录"
        ordering = ["at", "pk"]
