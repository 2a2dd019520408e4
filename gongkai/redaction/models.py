"""区分处理 (Art. 37): a document to release on a case, the marks drawn on it, the suggestions of personal
data, the review, and the released file.

The original upload and its working PDF stay private (staff only, never served to the applicant); only
``released`` (the redacted PDF, produced when the reviewer approves) may leave the agency.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from gongkai.agencies.models import EventRecord
from gongkai.law.redaction import GROUNDS

REASON_CHOICES = [(g.code, g.choice_label) for g in GROUNDS]


class DocumentStatus(models.TextChoices):
    MARKING = "marking", "标注中"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回修改"
    APPROVED = "approved", "审核通过"


EDITABLE = (DocumentStatus.MARKING, DocumentStatus.RETURNED)


def _path(instance: ReleaseDocument, filename: str) -> str:
    return f"redaction/{instance.application_id}/{instance.token}/{filename}"


class ReleaseDocument(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT,
                               related_name="release_documents")
    application = models.ForeignKey("applications.Application", verbose_name="申请", on_delete=models.CASCADE,
                                    related_name="release_documents")
    token = models.UUIDField(default=uuid.uuid4, editable=False, unique=True)
    title = models.CharField("文件名称", max_length=200)
    original_name = models.CharField("原文件名", max_length=200)
    original = models.FileField("原件", upload_to=_path, max_length=250)
    working = models.FileField("工作PDF", upload_to=_path, max_length=250)
    pages = models.PositiveIntegerField("页数")
    page_sizes = models.JSONField("页面尺寸", default=list)
    status = models.CharField("状态", max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.MARKING)
    released = models.FileField("公开文件", upload_to=_path, max_length=250, blank=True)
    released_sha256 = models.CharField("公开文件SHA-256", max_length=64, blank=True)
    review_note = models.TextField("审核意见", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("上传时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "拟公开文件"
        verbose_name_plural = "拟公开文件"
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE


class MarkKind(models.TextChoices):
    TEXT = "text", "文字"
    BOX = "box", "区域"


class MarkSource(models.TextChoices):
    DRAWN = "drawn", "手工标注"
    SUGGESTION = "suggestion", "采纳建议"


class Mark(models.Model):
    """One mark, saved as it is drawn: a box on a page (PDF points from the top-left corner), or a text
    (every occurrence on ``page``, or on every page if ``page`` is None)."""

    document = models.ForeignKey(ReleaseDocument, on_delete=models.CASCADE, related_name="marks")
    kind = models.CharField("类型", max_length=8, choices=MarkKind.choices)
    page = models.PositiveIntegerField("页码", null=True, blank=True)
    x0 = models.FloatField(null=True, blank=True)
    y0 = models.FloatField(null=True, blank=True)
    x1 = models.FloatField(null=True, blank=True)
    y1 = models.FloatField(null=True, blank=True)
    text = models.CharField("文字", max_length=500, blank=True)
    reason = models.CharField("不予公开的理由", max_length=40, choices=REASON_CHOICES)
    note = models.CharField("说明", max_length=300, blank=True)
    source = models.CharField("来源", max_length=12, choices=MarkSource.choices, default=MarkSource.DRAWN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="标注人", null=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("标注时间")

    class Meta:
        verbose_name = "遮盖标注"
        verbose_name_plural = "遮盖标注"
        ordering = ["created_at", "pk"]

    @property
    def box(self) -> tuple[float, float, float, float] | None:
        if self.kind != MarkKind.BOX:
            return None
        return (self.x0 or 0.0, self.y0 or 0.0, self.x1 or 0.0, self.y1 or 0.0)

    @property
    def what(self) -> str:
        if self.kind == MarkKind.TEXT:
            return f"文字“{self.text}”"
        x0, y0, x1, y1 = self.box or (0, 0, 0, 0)
        return f"区域（{x0:.0f},{y0:.0f}–{x1:.0f},{y1:.0f}）"


class SuggestionStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    ACCEPTED = "accepted", "已采纳"
    REJECTED = "rejected", "不采纳"


class Suggestion(models.Model):
    document = models.ForeignKey(ReleaseDocument, on_delete=models.CASCADE, related_name="suggestions")
    page = models.PositiveIntegerField("页码")
    kind = models.CharField("类别", max_length=20)
    label = models.CharField("类别名称", max_length=30)
    text = models.CharField("内容", max_length=500)
    status = models.CharField("状态", max_length=10, choices=SuggestionStatus.choices,
                              default=SuggestionStatus.PENDING)
    mark = models.ForeignKey(Mark, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["page", "pk"]


class RedactionEventKind(models.TextChoices):
    UPLOADED = "uploaded", "上传拟公开文件"
    MARK_ADDED = "mark_added", "添加遮盖标注"
    MARK_REMOVED = "mark_removed", "删除遮盖标注"
    SUGGESTION_ACCEPTED = "suggestion_accepted", "采纳遮盖建议"
    SUGGESTION_REJECTED = "suggestion_rejected", "不采纳遮盖建议"
    SUBMITTED = "submitted", "提交审核"
    RETURNED = "returned", "审核退回"
    APPROVED = "approved", "审核通过并生成公开文件"
    RELEASE_FAILED = "release_failed", "生成公开文件失败"


class RedactionEvent(EventRecord):
    document = models.ForeignKey(ReleaseDocument, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=24, choices=RedactionEventKind.choices)

    class Meta:
        verbose_name = "区分处理记录"
        verbose_name_plural = "区分处理记录"
        ordering = ["at", "pk"]
