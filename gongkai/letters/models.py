"""Letters issued by an agency, its 文号 counter per year, its replacement templates, and the event log.

State changes go through :mod:`gongkai.letters.actions`; nothing here has behaviour beyond display.
"""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from gongkai.agencies.models import EventRecord
from gongkai.letters.compose import LETTER_KINDS
from gongkai.letters.render import placeholder_help_text

KIND_CHOICES = list(LETTER_KINDS.items())


class LetterSequence(models.Model):
    """The agency's 文号 counter for one year; rows are locked (select_for_update) to allocate numbers."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="letter_sequences")
    year = models.PositiveIntegerField("年度")
    last_number = models.PositiveIntegerField("已用到的序号", default=0)

    class Meta:
        verbose_name = "文号序列"
        verbose_name_plural = "文号序列"
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="letters_uniq_sequence")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}: {self.last_number}"


def _template_path(instance: LetterTemplate, filename: str) -> str:
    return f"letters/templates/{instance.agency_id}/{instance.kind}.docx"


class LetterTemplate(models.Model):
    """An agency's replacement for the built-in template of one kind of letter."""

    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.CASCADE,
                               related_name="letter_templates")
    kind = models.CharField("文书类型", max_length=30, choices=KIND_CHOICES)
    file = models.FileField(
        "模板文件（.docx）",
        upload_to=_template_path,
        max_length=200,
        help_text="上传 Word 文档（.docx），在需要填入内容的位置写占位符，系统出具文书时替换。可用占位符："
        + placeholder_help_text(),
    )
    note = models.CharField("说明", max_length=200, blank=True)
    uploaded_at = models.DateTimeField("上传时间")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"
        constraints = [models.UniqueConstraint(fields=["agency", "kind"], name="letters_uniq_template")]

    def __str__(self) -> str:
        return f"{self.agency} · {self.get_kind_display()}"


def _letter_path(instance: Letter, filename: str) -> str:
    ext = filename.rsplit(".", 1)[-1]
    return f"letters/{instance.agency_id}/{instance.year}/{instance.serial:05d}-{instance.kind}.{ext}"


class Letter(models.Model):
    """One issued letter: its number, its rendered files and the context it was rendered from."""

    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="letters")
    kind = models.CharField("文书类型", max_length=30, choices=KIND_CHOICES)
    year = models.PositiveIntegerField("年度")
    serial = models.PositiveIntegerField("序号")
    number = models.CharField("文号", max_length=100)
    application_id = models.PositiveBigIntegerField("申请ID", null=True, blank=True, db_index=True)
    issued_at = models.DateTimeField("出具时间")
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="出具人", null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="+")
    template = models.ForeignKey(LetterTemplate, verbose_name="所用模板", null=True, blank=True,
                                 on_delete=models.SET_NULL, related_name="+")
    docx = models.FileField("Word 文件", upload_to=_letter_path, max_length=200)
    pdf = models.FileField("PDF 文件", upload_to=_letter_path, max_length=200, blank=True)
    context = models.JSONField("内容数据", encoder=DjangoJSONEncoder, default=dict)

    class Meta:
        verbose_name = "文书"
        verbose_name_plural = "文书"
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "serial"], name="letters_uniq_serial"),
            models.UniqueConstraint(fields=["agency", "number"], name="letters_uniq_number"),
        ]
        indexes = [models.Index(fields=["application_id", "issued_at"], name="letters_app_idx")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def title(self) -> str:
        return LETTER_KINDS.get(self.kind, self.kind)

    def download_name(self, ext: str) -> str:
        """File name offered on download, e.g. "宝规资信〔2026〕第12号 政府信息公开申请答复书（部分公开）.docx"."""
        return f"{self.number} {self.title}.{ext}"


class LetterEvent(EventRecord):
    """Audit log of the letters app: a letter issued, a template replaced or removed."""

    class Kind(models.TextChoices):
        ISSUED = "issued", "出具文书"
        TEMPLATE_SET = "template_set", "上传模板"
        TEMPLATE_REMOVED = "template_removed", "删除模板"

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="letter_events")
    letter = models.ForeignKey(Letter, null=True, blank=True, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=30, choices=Kind.choices)
    payload = models.JSONField("内容", encoder=DjangoJSONEncoder, default=dict)  # dates in the payload

    class Meta:
        verbose_name = "文书事件"
        verbose_name_plural = "文书事件"
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_kind_display()}"
