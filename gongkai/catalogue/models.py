"""The catalogue of government information (政府信息公开目录, Art. 12; fields of legal-spec 5.2).

Every change goes through ``gongkai.catalogue.actions``. The one rule of public visibility lives in
``CatalogueItemQuerySet.public()``: published AND 主动公开. Every public page, feed, sitemap and the
search use it.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from gongkai.agencies.models import EventRecord
from gongkai.law.deadlines import ART_26, PUBLICATION_WD
from gongkai.law.proactive import (
    ATTRIBUTE_LABELS,
    ATTRIBUTE_REASONS,
    ITEMS,
    KINDS,
    VALIDITY_LABELS,
    Attribute,
)

ITEM_CHOICES = [(i.code, f"{i.article} {i.label}") for i in ITEMS]
KIND_CHOICES = [(k.code, k.label) for k in KINDS]
VALIDITY_CHOICES = [(v.value, label) for v, label in VALIDITY_LABELS.items()]
ATTRIBUTE_CHOICES = [(a.value, label) for a, label in ATTRIBUTE_LABELS.items()]
REASON_CHOICES = [(r.code, f"{r.label}（{r.article}）") for r in ATTRIBUTE_REASONS]


class DecisionState(models.TextChoices):
    """The three-step attribute decision (drafter → office → leader), then publication."""

    DRAFT = "draft", "草稿"
    PROPOSED = "proposed", "待审核"
    REVIEWED = "reviewed", "待签发"
    SIGNED = "signed", "已签发"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"  # taken down after publication (negligent release, error): never public again


class CatalogueItemQuerySet(models.QuerySet):
    def public(self) -> CatalogueItemQuerySet:
        """THE rule of public visibility: published, and 主动公开. Nothing else is ever shown publicly."""
        return self.filter(
            state=DecisionState.PUBLISHED, attribute=Attribute.PROACTIVE, published_on__isnull=False
        )

    def late(self, today: dt.date, year: int) -> CatalogueItemQuerySet:
        """Art. 26 late items: published late in ``year``, or 主动公开 due before today and still not published."""
        late = models.Q(late=True, published_on__year=year)
        unpublished = models.Q(published_on__isnull=True, publication_due__lt=today, attribute=Attribute.PROACTIVE)
        return self.filter(late | unpublished)


class CatalogueItem(models.Model):
    agency = models.ForeignKey("agencies.Agency", verbose_name="机关", on_delete=models.PROTECT, related_name="catalogue_items")
    index_no = models.CharField("索引号", max_length=80, null=True, blank=True)
    index_year = models.PositiveIntegerField("索引号年度", null=True, blank=True)
    index_serial = models.PositiveIntegerField("索引号序号", null=True, blank=True)
    title = models.CharField("名称", max_length=300)
    summary = models.TextField("内容概述", blank=True)
    publisher = models.CharField("发布机构", max_length=100)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    formed_on = models.DateField("成文日期")
    changed_on = models.DateField("变更日期", null=True, blank=True, help_text="信息变更（如转为主动公开）之日，第二十六条起算")
    published_on = models.DateField("发布日期", null=True, blank=True)
    publication_due = models.DateField("应发布日期", null=True, blank=True, help_text=f"{ART_26}：形成或者变更之日起{PUBLICATION_WD}个工作日内")
    late = models.BooleanField("逾期发布", default=False)
    topic = models.CharField("主题分类", max_length=60, blank=True)
    proactive_item = models.CharField("公开目录（第二十条/第二十一条事项）", max_length=20, choices=ITEM_CHOICES)
    kind = models.CharField("信息类别", max_length=30, choices=KIND_CHOICES)
    validity = models.CharField("有效性", max_length=10, choices=VALIDITY_CHOICES, default="valid")
    effective_on = models.DateField("实施日期", null=True, blank=True)
    invalid_on = models.DateField("失效/废止日期", null=True, blank=True)
    attribute = models.CharField("公开属性", max_length=12, choices=ATTRIBUTE_CHOICES, blank=True)
    attribute_reason = models.CharField("不公开或依申请公开的理由", max_length=40, choices=REASON_CHOICES, blank=True)
    attribute_note = models.TextField("属性说明", blank=True)
    secrecy_reviewed = models.BooleanField("已进行保密审查", default=False)
    state = models.CharField("办理状态", max_length=12, choices=DecisionState.choices, default=DecisionState.DRAFT)
    review_due = models.DateField("下次复查日期", null=True, blank=True, help_text="《条例》第十八条：不予公开的信息定期评估审查")
    body = models.TextField("正文", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间")
    updated_at = models.DateTimeField("更新时间")

    objects = CatalogueItemQuerySet.as_manager()

    class Meta:
        verbose_name = "目录条目"
        verbose_name_plural = "目录条目"
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "index_no"], name="catalogue_uniq_index_no"),
            models.UniqueConstraint(fields=["agency", "index_year", "index_serial"], name="catalogue_uniq_serial"),
        ]
        indexes = [
            models.Index(fields=["state", "attribute", "-published_on"], name="catalogue_public_idx"),
            models.Index(fields=["agency", "state", "-published_on"], name="catalogue_agency_idx"),
            # the 专栏 list: count, page and per-item counts of one agency's public items
            models.Index(fields=["agency", "state", "attribute", "proactive_item", "-published_on"],
                         name="catalogue_column_idx"),
            models.Index(fields=["agency", "kind", "formed_on"], name="catalogue_kind_idx"),
            models.Index(fields=["agency", "late"], name="catalogue_late_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return (self.state == DecisionState.PUBLISHED and self.attribute == Attribute.PROACTIVE
                and self.published_on is not None)

    def get_absolute_url(self) -> str:
        return f"/agency/{self.agency.slug}/items/{self.pk}/"


class IndexCounter(models.Model):
    """Last 索引号 serial per agency and year; locked (select_for_update) while publishing: gapless."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="catalogue_uniq_counter")]


class ItemEvent(EventRecord):
    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事件", max_length=30)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = "目录条目事件"
        verbose_name_plural = "目录条目事件"

    EVENT_LABELS = {
        "created": "起草", "edited": "修改", "proposed": "提出公开属性（已保密审查）", "reviewed": "办公室审核通过",
        "returned": "退回修改", "signed": "负责人签发", "published": "发布", "validity": "变更有效性",
        "converted": "转为主动公开", "self_reviewed": "评估审查（维持属性）", "attachment": "添加附件", "imported": "批量导入",
        "withdrawn": "撤回（不再公开）",
    }

    @property
    def label(self) -> str:
        return self.EVENT_LABELS.get(self.kind, self.kind)


def _attachment_path(instance: Attachment, filename: str) -> str:
    return f"catalogue/{instance.item.agency_id}/{instance.item_id}/{filename}"


class Attachment(models.Model):
    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    file = models.FileField(upload_to=_attachment_path, max_length=300)
    size = models.PositiveIntegerField("大小")
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]


class SearchEntry(models.Model):
    """Search text of a PUBLIC item (only public items are indexed): each field as space-separated
    tokens (CJK bigrams, latin/digit words; see ``gongkai.catalogue.tokens``). On SQLite an FTS5 table
    (``catalogue_fts``, external content) is kept in sync by triggers; on PostgreSQL ``vector`` holds
    the weighted tsvector (GIN index); ``facets`` holds filter values as tokens."""

    item = models.OneToOneField(CatalogueItem, primary_key=True, on_delete=models.CASCADE, related_name="search_entry")
    title = models.TextField(blank=True)
    number = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    facets = models.TextField(blank=True, help_text="filter tokens (agency, kind, item, year, validity)")
    # On PostgreSQL the table also has ``vector tsvector`` (GIN index), written by raw SQL only
    # (gongkai.catalogue.actions.update_vectors); it is not a model field.


class T2Figure(models.Model):
    """A table 二 figure entered by hand, where it lives in another system (收费, 采购 amounts)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="t2_figures")
    year = models.PositiveIntegerField("年度")
    subtable = models.CharField("分表", max_length=20)
    row = models.CharField("行", max_length=30)
    column = models.CharField("列", max_length=30)
    value = models.DecimalField("数值", max_digits=18, decimal_places=2)
    source = models.CharField("数据来源", max_length=300)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField()

    class Meta:
        verbose_name = "表二手工填报数"
        verbose_name_plural = "表二手工填报数"
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "subtable", "row", "column"], name="catalogue_uniq_t2_cell")
        ]


class PublicVersion(models.Model):
    """A token replaced whenever the public catalogue of one agency (scope ``a<id>``) or of the whole
    platform (scope ``all``) changes: the key under which public pages are cached
    (``gongkai.catalogue.pagecache``). Random, so a rolled-back or restored database never brings an
    old token back."""

    scope = models.CharField(max_length=20, primary_key=True)
    token = models.CharField(max_length=32)
