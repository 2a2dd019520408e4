"""Requests to correct a government information record about the applicant (《条例》第四十一条): their own
case kind, outside the disclosure register (they are not counted in table 三). Every change goes through
``gongkai.records.actions``."""

from __future__ import annotations

from django.db import models

from gongkai.agencies.models import EventRecord
from gongkai.law.records import RECORD_OUTCOMES

OUTCOME_CHOICES = [(o.code.value, o.label) for o in RECORD_OUTCOMES.values()]


class RecordStatus(models.TextChoices):
    RECEIVED = "received", "办理中"
    ANSWERED = "answered", "已答复"


class RecordRequest(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="受理机关", on_delete=models.PROTECT,
                               related_name="record_requests")
    number = models.CharField("编号", max_length=40, unique=True)
    applicant_name = models.CharField("申请人姓名/名称", max_length=100)
    id_number = models.CharField("证件号码", max_length=40, blank=True)
    phone = models.CharField("联系电话", max_length=40, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通讯地址", max_length=200, blank=True)
    record = models.TextField("需要更正的政府信息记录")
    correction = models.TextField("应当更正为")
    evidence = models.TextField("证明记录不准确的证据")
    channel = models.CharField("提出方式", max_length=10, choices=[("online", "网上提出"), ("paper", "书面提出")])
    submitted_at = models.DateTimeField("提出时间")
    received_on = models.DateField("收到日期")
    due_on = models.DateField("答复期限")
    due_provisional = models.BooleanField("答复期限为预估", default=False)
    due_steps = models.JSONField("答复期限计算过程", default=list, blank=True)
    status = models.CharField("状态", max_length=10, choices=RecordStatus.choices, default=RecordStatus.RECEIVED)
    outcome = models.CharField("答复结果", max_length=12, choices=OUTCOME_CHOICES, blank=True)
    reason = models.TextField("理由", blank=True)
    organ = models.CharField("有权更正的机关", max_length=100, blank=True)
    concluded_on = models.DateField("答复日期", null=True, blank=True)
    letter_id = models.PositiveBigIntegerField("答复书", null=True, blank=True)

    class Meta:
        verbose_name = "政府信息记录更正申请"
        verbose_name_plural = "政府信息记录更正申请"
        ordering = ["-submitted_at", "-pk"]
        indexes = [models.Index(fields=["agency", "status", "due_on"], name="record_agency_status_due")]

    def __str__(self) -> str:
        return self.number


class RecordCounter(models.Model):
    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="record_counter_uniq")]


class RecordEvent(EventRecord):
    request = models.ForeignKey(RecordRequest, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=20, choices=[("submitted", "提出更正申请"), ("answered", "答复")])

    class Meta:
        verbose_name = "更正申请办理记录"
        verbose_name_plural = "更正申请办理记录"
        ordering = ["at", "pk"]
