"""The 复议/诉讼 register: cases of 行政复议 and 行政诉讼 about information disclosure, and their events.

Table 四 of the annual report (legal-spec 3.5) is computed from this register
(``gongkai.appeals.reporting.compute_t4``). Process state (``status``) and the legal outcome
(``result``) are separate fields; every change goes through ``gongkai.appeals.actions``.
"""

from __future__ import annotations

from django.db import models

from gongkai.agencies.models import EventRecord
from gongkai.law.editions import T4_GROUPS, T4_PARTS

_GROUP_LABELS = {"rv": "行政复议", "ld": "行政诉讼（未经复议直接起诉）", "la": "行政诉讼（复议后起诉）"}
_PART_LABELS = dict(T4_PARTS)


class AppealKind(models.TextChoices):
    """The three groups of table 四 (ids of ``gongkai.law.editions.T4_GROUPS``)."""

    REVIEW = "rv", _GROUP_LABELS["rv"]
    LITIGATION_DIRECT = "ld", _GROUP_LABELS["ld"]
    LITIGATION_AFTER_REVIEW = "la", _GROUP_LABELS["la"]


assert [k.value for k in AppealKind] == [g for g, _, _ in T4_GROUPS]


class AppealResult(models.TextChoices):
    """The result columns of table 四 (part ids of ``T4_PARTS`` except the total)."""

    KEEP = "keep", _PART_LABELS["keep"]
    CORRECT = "corr", _PART_LABELS["corr"]
    OTHER = "other", _PART_LABELS["other"]
    PENDING = "pending", _PART_LABELS["pending"]


assert [r.value for r in AppealResult] == [p for p, _ in T4_PARTS if p != "total"]


class AppealStatus(models.TextChoices):
    OPEN = "open", "审理中"
    CONCLUDED = "concluded", "已审结"


class AppealCase(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name="被申请人/被告机关", on_delete=models.PROTECT, related_name="appeal_cases"
    )
    kind = models.CharField("类型", max_length=2, choices=AppealKind.choices)
    case_number = models.CharField("案号", max_length=80)
    applicant_name = models.CharField("申请人/原告", max_length=100)
    filed_on = models.DateField("立案（受理）日期")
    organ = models.CharField("复议机关/审理法院", max_length=100)
    application = models.ForeignKey(
        "applications.Application", verbose_name="所涉政府信息公开申请", null=True, blank=True,
        on_delete=models.SET_NULL, related_name="appeal_cases",
    )
    prior_review = models.ForeignKey(
        "self", verbose_name="此前的行政复议", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="later_suits",
    )
    status = models.CharField("办理状态", max_length=12, choices=AppealStatus.choices, default=AppealStatus.OPEN)
    result = models.CharField("结果", max_length=8, choices=AppealResult.choices, default=AppealResult.PENDING)
    decided_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("登记时间")
    updated_at = models.DateTimeField("更新时间")

    class Meta:
        verbose_name = "复议诉讼案件"
        verbose_name_plural = "复议诉讼案件"
        ordering = ["-filed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "case_number"], name="appeal_uniq_case_number"),
            models.CheckConstraint(
                name="appeal_result_has_decision_date",
                condition=(
                    models.Q(result="pending", decided_on__isnull=True, status="open")
                    | (~models.Q(result="pending") & models.Q(decided_on__isnull=False, status="concluded"))
                ),
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "filed_on"], name="appeal_agency_filed"),
            models.Index(fields=["agency", "decided_on"], name="appeal_agency_decided"),
        ]

    def __str__(self) -> str:
        return f"{self.case_number}（{self.get_kind_display()}）"


class AppealEventKind(models.TextChoices):
    FILED = "filed", "登记案件"
    RESULT = "result", "登记结果"
    CORRECTED = "corrected", "更正结果"
    LINKED_APPLICATION = "linked_application", "关联申请"
    LINKED_REVIEW = "linked_review", "关联行政复议"


class AppealEvent(EventRecord):
    case = models.ForeignKey(AppealCase, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=24, choices=AppealEventKind.choices)

    class Meta:
        verbose_name = "复议诉讼案件记录"
        verbose_name_plural = "复议诉讼案件记录"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case} · {self.get_kind_display()}"

    @property
    def summary(self) -> str:
        """How the event reads in the timeline."""
        p = self.payload or {}
        if self.kind == AppealEventKind.FILED:
            return f"{AppealKind(p['kind']).label}，{p.get('filed_on', '')}立案，{p.get('organ', '')}"
        if self.kind == AppealEventKind.RESULT:
            return f"{AppealResult(p['result']).label}，{p.get('decided_on', '')}审结"
        if self.kind == AppealEventKind.CORRECTED:
            was = f"{AppealResult(p['was_result']).label}，{p.get('was_decided_on', '')}审结"
            now = f"{AppealResult(p['result']).label}，{p.get('decided_on', '')}审结"
            return f"由“{was}”更正为“{now}”。理由：{p.get('reason', '')}"
        return ""
