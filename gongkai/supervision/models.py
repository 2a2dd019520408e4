"""Supervision of departments by the government's 政务公开办: notices (通报) with rectification items
(整改事项), each tracked to closure. Every change goes through ``gongkai.supervision.actions``."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from gongkai.agencies.models import EventRecord


class NoticeStatus(models.TextChoices):
    OPEN = "open", "整改中"
    CLOSED = "closed", "已办结"


class Notice(models.Model):
    government = models.ForeignKey(
        "agencies.Agency", verbose_name="通报机关", on_delete=models.PROTECT, related_name="notices_issued"
    )
    department = models.ForeignKey(
        "agencies.Agency", verbose_name="被通报部门", on_delete=models.PROTECT, related_name="notices_received"
    )
    number = models.CharField("通报编号", max_length=60, blank=True)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("通报内容", blank=True)
    status = models.CharField("状态", max_length=10, choices=NoticeStatus.choices, default=NoticeStatus.OPEN)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="签发人", null=True,
                                  on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("通报时间")
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    class Meta:
        verbose_name = "通报"
        verbose_name_plural = "通报"
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["department", "status"], name="notice_dept_status")]

    def __str__(self) -> str:
        return self.title


class ItemStatus(models.TextChoices):
    OPEN = "open", "待整改"
    RESPONDED = "responded", "已反馈待核验"
    CLOSED = "closed", "已整改"


class RectificationItem(models.Model):
    """One 整改事项. It is overdue when still 待整改 after its due date (a response awaiting verification
    is in the supervisor's hands, not late)."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveIntegerField("序号")
    text = models.TextField("整改事项")
    due_on = models.DateField("整改期限")
    status = models.CharField("状态", max_length=10, choices=ItemStatus.choices, default=ItemStatus.OPEN)
    response = models.TextField("整改情况", blank=True)
    responded_at = models.DateTimeField("反馈时间", null=True, blank=True)
    verified_at = models.DateTimeField("核验时间", null=True, blank=True)
    review_comment = models.TextField("核验意见", blank=True)

    class Meta:
        verbose_name = "整改事项"
        verbose_name_plural = "整改事项"
        ordering = ["notice_id", "seq"]
        constraints = [models.UniqueConstraint(fields=["notice", "seq"], name="rectification_uniq_seq")]
        indexes = [models.Index(fields=["status", "due_on"], name="rectification_status_due")]

    def __str__(self) -> str:
        return f"{self.notice} · {self.seq}"


class SupervisionEventKind(models.TextChoices):
    ISSUED = "issued", "下发通报"
    RESPONDED = "responded", "反馈整改情况"
    ACCEPTED = "accepted", "核验通过"
    REOPENED = "reopened", "退回重新整改"
    CLOSED = "closed", "通报办结"


class SupervisionEvent(EventRecord):
    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="events")
    item = models.ForeignKey(RectificationItem, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=12, choices=SupervisionEventKind.choices)

    class Meta:
        verbose_name = "监督记录"
        verbose_name_plural = "监督记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.notice} · {self.get_kind_display()}"
