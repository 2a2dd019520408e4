"""Every change to the catalogue: one function each, checked, with an event, in one transaction.

The attribute decision (公开属性审查) has three steps, as in the seed: the drafter proposes the attribute
and confirms the 保密审查 (Art. 17), the office reviews it, the leader's sign-off fixes it. Only a
signed 主动公开 item can be published; publication allocates the 索引号 (gapless per agency and year)
and checks Art. 26 timeliness. Time is an argument (``now``/``today``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.db import connection, transaction

from gongkai import uploads
from gongkai.agencies.access import can_act
from gongkai.agencies.counters import take_next
from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import bulk, importer, pagecache, tokens
from gongkai.catalogue.models import (
    Attachment,
    CatalogueItem,
    DecisionState,
    IndexCounter,
    ItemEvent,
    SearchEntry,
    T2Figure,
)
from gongkai.catalogue.search import update_vectors
from gongkai.clock import local_date
from gongkai.errors import Refused
from gongkai.law.deadlines import publication_due
from gongkai.law.editions import edition_for_year
from gongkai.law.proactive import (
    ITEM_BY_CODE,
    KIND_BY_CODE,
    REASON_BY_CODE,
    SELF_REVIEW_INTERVAL_DAYS,
    Attribute,
    Validity,
)
from gongkai.law.workdays import CalendarDataMissing, WorkdayCalendar


class CatalogueError(Refused):
    """A refused change to the catalogue."""


DRAFTERS = (Role.CLERK, Role.REVIEWER, Role.HEAD)
EDITABLE_STATES = (DecisionState.DRAFT, DecisionState.PROPOSED)
ITEM_FIELDS = (
    "title", "summary", "publisher", "doc_number", "formed_on", "topic", "proactive_item", "kind",
    "effective_on", "body",
)


def _event(item: CatalogueItem, kind: str, actor: Any, now: dt.datetime, **payload: Any) -> ItemEvent:
    return ItemEvent.objects.create(item=item, kind=kind, actor=actor, at=now, payload=payload)


def _require_role(actor: Any, agency: Agency, roles: Iterable[str], what: str) -> None:
    if actor is not None and not can_act(actor, agency, roles):
        raise CatalogueError(f"您在本机关没有{what}的权限。")


def _locked(item: CatalogueItem) -> CatalogueItem:
    return CatalogueItem.objects.select_for_update(of=("self",)).select_related("agency").get(pk=item.pk)


def _clean_fields(fields: dict[str, Any], agency: Agency) -> dict[str, Any]:
    unknown = set(fields) - set(ITEM_FIELDS)
    if unknown:
        raise CatalogueError(f"未知的字段：{'、'.join(sorted(unknown))}")
    out = dict(fields)
    for key in ("title", "summary", "publisher", "doc_number", "topic", "body"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if "title" in out and not out["title"]:
        raise CatalogueError("请填写名称。", "title")
    if "title" in out and len(out["title"]) > 300:
        raise CatalogueError("名称不能超过300字。", "title")
    if "formed_on" in out and not isinstance(out["formed_on"], dt.date):
        raise CatalogueError("请填写成文日期。", "formed_on")
    if "kind" in out and out["kind"] not in KIND_BY_CODE:
        raise CatalogueError("请选择信息类别。", "kind")
    if "proactive_item" in out and out["proactive_item"] not in ITEM_BY_CODE:
        raise CatalogueError("请选择公开目录（第二十条各项）。", "proactive_item")
    if "publisher" in out and not out["publisher"]:
        out["publisher"] = agency.name
    return out


# --------------------------------------------------------------------------- drafting


@transaction.atomic
def create_draft(
    *, agency: Agency, actor: Any, now: dt.datetime, title: str, formed_on: dt.date, kind: str,
    proactive_item: str | None = None, summary: str = "", publisher: str = "", doc_number: str = "",
    topic: str = "", effective_on: dt.date | None = None, body: str = "",
) -> CatalogueItem:
    _require_role(actor, agency, DRAFTERS, "起草目录条目")
    if proactive_item is None and kind in KIND_BY_CODE:
        proactive_item = KIND_BY_CODE[kind].item
    data = _clean_fields(
        dict(title=title, formed_on=formed_on, kind=kind, proactive_item=proactive_item or "", summary=summary,
             publisher=publisher, doc_number=doc_number, topic=topic, effective_on=effective_on, body=body),
        agency,
    )
    item = CatalogueItem.objects.create(
        agency=agency, created_by=actor, created_at=now, updated_at=now, state=DecisionState.DRAFT, **data
    )
    _event(item, "created", actor, now, title=item.title)
    return item


@transaction.atomic
def edit_item(*, item: CatalogueItem, actor: Any, now: dt.datetime, **fields: Any) -> CatalogueItem:
    """Change the description of an item before its attribute is reviewed."""
    item = _locked(item)
    _require_role(actor, item.agency, DRAFTERS, "修改目录条目")
    if item.state not in EDITABLE_STATES:
        raise CatalogueError(f"条目处于“{item.get_state_display()}”状态，不能再修改；如需更正，请退回后修改。")
    data = _clean_fields(fields, item.agency)
    changed = {k: str(v) for k, v in data.items() if getattr(item, k) != v}
    for k, v in data.items():
        setattr(item, k, v)
    item.updated_at = now
    if item.state == DecisionState.PROPOSED and changed:
        item.state = DecisionState.DRAFT  # the proposal was about the old text
    item.save()
    if changed:
        _event(item, "edited", actor, now, fields=sorted(changed))
    return item


# --------------------------------------------------------------------------- the attribute decision


@transaction.atomic
def propose_attribute(
    *, item: CatalogueItem, actor: Any, now: dt.datetime, attribute: str, reason: str = "", note: str = "",
    secrecy_reviewed: bool,
) -> CatalogueItem:
    """Step 1: the drafter proposes the attribute and confirms the 保密审查 (Art. 17)."""
    item = _locked(item)
    _require_role(actor, item.agency, DRAFTERS, "提出公开属性")
    if item.state != DecisionState.DRAFT:
        raise CatalogueError(f"只有草稿可以提出公开属性，本条目处于“{item.get_state_display()}”状态。")
    try:
        attr = Attribute(attribute)
    except ValueError:
        raise CatalogueError("请选择公开属性。", "attribute") from None
    if not secrecy_reviewed:
        raise CatalogueError("提出公开属性前须完成保密审查（《条例》第十七条），请确认。", "secrecy_reviewed")
    if attr == Attribute.PROACTIVE:
        reason = ""
    else:
        r = REASON_BY_CODE.get(reason)
        if r is None or r.attribute != attr:
            raise CatalogueError(f"{attr.label}须注明法定理由。", "reason")
    item.attribute, item.attribute_reason, item.attribute_note = attr.value, reason, (note or "").strip()
    item.secrecy_reviewed = True
    item.state = DecisionState.PROPOSED
    item.updated_at = now
    item.save()
    _event(item, "proposed", actor, now, attribute=attr.value, reason=reason, note=item.attribute_note)
    return item


@transaction.atomic
def review_attribute(
    *, item: CatalogueItem, actor: Any, now: dt.datetime, approve: bool, comment: str = ""
) -> CatalogueItem:
    """Step 2: the office (审核人) approves the proposal or returns it to the drafter."""
    item = _locked(item)
    _require_role(actor, item.agency, (Role.REVIEWER,), "审核公开属性")
    if item.state != DecisionState.PROPOSED:
        raise CatalogueError(f"只有待审核的条目可以审核，本条目处于“{item.get_state_display()}”状态。")
    comment = (comment or "").strip()
    if approve:
        item.state = DecisionState.REVIEWED
        kind = "reviewed"
    else:
        if not comment:
            raise CatalogueError("退回时请写明退回理由。", "comment")
        item.state = DecisionState.DRAFT
        kind = "returned"
    item.updated_at = now
    item.save()
    _event(item, kind, actor, now, comment=comment, step="review")
    return item


@transaction.atomic
def sign_off(
    *, item: CatalogueItem, actor: Any, now: dt.datetime, approve: bool = True, comment: str = ""
) -> CatalogueItem:
    """Step 3: the leader (负责人) signs off, which fixes the attribute; or returns it."""
    item = _locked(item)
    _require_role(actor, item.agency, (Role.HEAD,), "签发公开属性")
    if item.state != DecisionState.REVIEWED:
        raise CatalogueError(f"只有办公室审核通过的条目可以签发，本条目处于“{item.get_state_display()}”状态。")
    comment = (comment or "").strip()
    if not approve:
        if not comment:
            raise CatalogueError("退回时请写明退回理由。", "comment")
        item.state = DecisionState.DRAFT
        item.updated_at = now
        item.save()
        _event(item, "returned", actor, now, comment=comment, step="sign_off")
        return item
    item.state = DecisionState.SIGNED
    if item.attribute != Attribute.PROACTIVE:
        item.review_due = local_date(now) + dt.timedelta(days=SELF_REVIEW_INTERVAL_DAYS)
    item.updated_at = now
    item.save()
    _event(item, "signed", actor, now, attribute=item.attribute, comment=comment)
    return item


# --------------------------------------------------------------------------- publication


def _allocate_index(agency: Agency, year: int) -> tuple[str, int]:
    """Next serial for (agency, year), under a row lock held until the publishing transaction ends."""
    serial = take_next(IndexCounter, agency, year)
    pattern = str(agency.setting("index_pattern"))
    try:
        index_no = pattern.format(code=agency.code, year=year, serial=serial)
    except (KeyError, IndexError, ValueError):
        raise CatalogueError(f"本机关的索引号格式“{pattern}”有误，请管理员更正（可用 {{code}} {{year}} {{serial}}）。") from None
    return index_no, serial


def art26_due(item: CatalogueItem, cal: WorkdayCalendar) -> dt.date:
    base = max(item.formed_on, item.changed_on) if item.changed_on else item.formed_on
    due = publication_due(base, cal).due
    assert due is not None
    return due


def index_item(item: CatalogueItem) -> None:
    """(Re)write the search entry of an item: present iff the item is public. Every change of public
    content passes here, so the cached public pages of the agency and the platform expire here too."""
    pagecache.touch([item.agency_id])
    if not item.is_public:
        SearchEntry.objects.filter(item_id=item.pk).delete()
        return
    entry = {
        "title": tokens.document_text(item.title),
        "number": tokens.document_text(item.doc_number),
        "summary": tokens.document_text(item.summary),
        "body": tokens.document_text(item.body),
        "facets": tokens.item_facets(item),
    }
    SearchEntry.objects.update_or_create(item_id=item.pk, defaults=entry)
    if connection.vendor == "postgresql":
        update_vectors([item.pk])


@transaction.atomic
def publish(
    *, item: CatalogueItem, actor: Any, now: dt.datetime, calendar: WorkdayCalendar, published_on: dt.date | None = None
) -> CatalogueItem:
    """Publish a signed 主动公开 item: allocate its 索引号, set 发布日期, flag Art. 26 lateness."""
    item = _locked(item)
    _require_role(actor, item.agency, DRAFTERS, "发布目录条目")
    if item.state != DecisionState.SIGNED:
        raise CatalogueError(f"只有经负责人签发的条目可以发布，本条目处于“{item.get_state_display()}”状态。")
    if item.attribute != Attribute.PROACTIVE:
        raise CatalogueError(f"公开属性为“{Attribute(item.attribute).label}”的信息不能主动发布。")
    day = published_on or local_date(now)
    if day < item.formed_on:
        raise CatalogueError("发布日期不能早于成文日期。", "published_on")
    item.index_no, item.index_serial = _allocate_index(item.agency, day.year)
    item.index_year = day.year
    item.published_on = day
    try:
        item.publication_due = art26_due(item, calendar)
    except CalendarDataMissing:
        item.publication_due = None  # next year's holiday notice not entered yet: cannot judge Art. 26
    item.late = item.publication_due is not None and day > item.publication_due
    item.state = DecisionState.PUBLISHED
    item.updated_at = now
    item.save()
    index_item(item)
    _event(item, "published", actor, now, index_no=item.index_no, published_on=day.isoformat(),
           due=item.publication_due.isoformat() if item.publication_due else None, late=item.late)
    return item


@transaction.atomic
def change_validity(
    *, item: CatalogueItem, actor: Any, now: dt.datetime, validity: str, on: dt.date | None = None
) -> CatalogueItem:
    """有效 → 失效 / 废止 (with the date), or back to 有效 (e.g. a mistaken entry)."""
    item = _locked(item)
    _require_role(actor, item.agency, DRAFTERS, "变更有效性")
    try:
        v = Validity(validity)
    except ValueError:
        raise CatalogueError("请选择有效性。", "validity") from None
    if v == item.validity:
        raise CatalogueError(f"本条目已是“{v.label}”。", "validity")
    if v == Validity.VALID:
        item.invalid_on = None
    else:
        if on is None:
            raise CatalogueError(f"请填写{v.label}日期。", "on")
        if on < item.formed_on:
            raise CatalogueError(f"{v.label}日期不能早于成文日期。", "on")
        item.invalid_on = on
    old = item.validity
    item.validity = v.value
    item.updated_at = now
    item.save()
    index_item(item)
    _event(item, "validity", actor, now, old=old, new=v.value, on=on.isoformat() if on else None)
    return item


@transaction.atomic
def withdraw(*, item: CatalogueItem, actor: Any, now: dt.datetime, reason: str) -> CatalogueItem:
    """Take a published item down (released by mistake, or a 第十四条/第十五条 matter found after publication):
    the leader (负责人) decides, with the reason; the item leaves every public page, search, feed and sitemap at
    once (its search entry goes and the public pages' token is replaced in this transaction). It keeps its
    索引号 (never reused) and its history; it is not published again."""
    item = _locked(item)
    _require_role(actor, item.agency, (Role.HEAD,), "撤回已发布信息")
    if item.state != DecisionState.PUBLISHED:
        raise CatalogueError(f"只有已发布的条目可以撤回，本条目处于“{item.get_state_display()}”状态。")
    reason = (reason or "").strip()
    if not reason:
        raise CatalogueError("请写明撤回理由。", "reason")
    if len(reason) > 500:
        raise CatalogueError("撤回理由不能超过500字。", "reason")
    item.state = DecisionState.WITHDRAWN
    item.updated_at = now
    item.save()
    index_item(item)
    _event(item, "withdrawn", actor, now, reason=reason, index_no=item.index_no)
    return item


@transaction.atomic
def convert_to_proactive(
    *, item: CatalogueItem, actor: Any, now: dt.datetime, calendar: WorkdayCalendar, note: str = "",
    publish_now: bool = True,
) -> CatalogueItem:
    """Self-review (Arts. 18, 44): information withheld or released on request becomes 主动公开.

    The change of attribute is a change of the information (Art. 26): the 20 working days run from today.
    """
    item = _locked(item)
    _require_role(actor, item.agency, (Role.REVIEWER, Role.HEAD), "将信息转为主动公开")
    if item.state != DecisionState.SIGNED or item.attribute == Attribute.PROACTIVE:
        raise CatalogueError("只有已签发的依申请公开或不予公开信息可以转为主动公开。")
    old = item.attribute
    item.attribute, item.attribute_reason = Attribute.PROACTIVE.value, ""
    item.attribute_note = (note or "").strip() or "经定期评估审查转为主动公开（《条例》第十八条、第四十四条）"
    item.changed_on = local_date(now)
    item.review_due = None
    item.updated_at = now
    item.save()
    _event(item, "converted", actor, now, old=old, note=item.attribute_note)
    if publish_now:
        return publish(item=item, actor=actor, now=now, calendar=calendar)
    return item


@transaction.atomic
def mark_reviewed(*, item: CatalogueItem, actor: Any, now: dt.datetime, note: str = "") -> CatalogueItem:
    """Self-review result: keep the attribute; next review in a year."""
    item = _locked(item)
    _require_role(actor, item.agency, (Role.REVIEWER, Role.HEAD), "评估审查")
    if item.state != DecisionState.SIGNED or item.attribute == Attribute.PROACTIVE:
        raise CatalogueError("只有已签发的依申请公开或不予公开信息需要评估审查。")
    item.review_due = local_date(now) + dt.timedelta(days=SELF_REVIEW_INTERVAL_DAYS)
    item.updated_at = now
    item.save()
    _event(item, "self_reviewed", actor, now, note=(note or "").strip(), next=item.review_due.isoformat())
    return item


# --------------------------------------------------------------------------- attachments

def check_upload(name: str, content: bytes) -> str:
    """The file's extension if name, size and content are acceptable; else CatalogueError."""
    return uploads.check_upload(name, content, error=CatalogueError, field="file")


@transaction.atomic
def add_attachment(*, item: CatalogueItem, actor: Any, now: dt.datetime, name: str, content: bytes) -> Attachment:
    item = _locked(item)
    _require_role(actor, item.agency, DRAFTERS, "上传附件")
    if item.state in (DecisionState.PUBLISHED, DecisionState.WITHDRAWN):
        raise CatalogueError(f"{item.get_state_display()}的条目不能再添加附件。")
    name = (name or "").replace("/", "_").replace("\\", "_").strip()[-150:] or "附件"
    check_upload(name, content)
    att = Attachment(item=item, name=name, size=len(content), uploaded_at=now)
    att.file.save(f"{now.strftime('%Y%m%d%H%M%S')}_{name}", ContentFile(content), save=False)
    att.save()
    _event(item, "attachment", actor, now, name=name, size=len(content))
    return att


# --------------------------------------------------------------------------- table 二 and the guide


T2_LIMIT = Decimal(10) ** 16  # T2Figure.value: 18 digits, 2 after the point


@transaction.atomic
def set_t2_figure(
    *, agency: Agency, actor: Any, now: dt.datetime, year: int, subtable: str, row: str, column: str,
    value: Any, source: str,
) -> T2Figure:
    """Enter (or correct) one table 二 figure that lives in another system, with its source."""
    _require_role(actor, agency, (Role.CLERK, Role.REVIEWER, Role.HEAD), "填报表二数据")
    edition = edition_for_year(year)
    try:
        st = edition.subtable(subtable)
    except KeyError:
        raise CatalogueError("表二中没有这个分表。", "subtable") from None
    if row not in {r.id for r in st.rows}:
        raise CatalogueError("该分表中没有这一行。", "row")
    col = next((c for c in st.columns if c.id == column), None)
    if col is None:
        raise CatalogueError("该分表中没有这一列。", "column")
    try:
        number = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise CatalogueError("请填写数字。", "value") from None
    if not number.is_finite():
        raise CatalogueError("请填写数字。", "value")
    if abs(number) >= T2_LIMIT:
        raise CatalogueError("数值过大，请核对（单位为万元的金额请按万元填写）。", "value")
    if number != number.quantize(Decimal("0.01")):
        raise CatalogueError("最多保留两位小数。", "value")
    if col.type == "int" and number != number.to_integral_value():
        raise CatalogueError("此项应为整数。", "value")
    if col.type != "signed_int" and number < 0:
        raise CatalogueError("此项不能为负数。", "value")
    source = (source or "").strip()
    if not source:
        raise CatalogueError("请注明数据来源（如：财务系统、政府采购系统）。", "source")
    fig, _ = T2Figure.objects.update_or_create(
        agency=agency, year=year, subtable=subtable, row=row, column=column,
        defaults={"value": number, "source": source, "entered_by": actor, "entered_at": now},
    )
    return fig


@transaction.atomic
def set_agency_text(*, agency: Agency, actor: Any, now: dt.datetime, key: str, text: str) -> Agency:
    """Store the edited 公开指南 (``guide_text``) or 公开制度 (``system_text``); empty text restores the
    generated one."""
    _require_role(actor, agency, (Role.ADMIN,), "编辑公开指南和制度")
    if key not in ("guide_text", "system_text"):
        raise CatalogueError("未知的设置项。")
    text = (text or "").strip()
    if len(text) > 50000:
        raise CatalogueError("内容过长（不超过5万字）。", "text")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    settings = dict(agency.settings or {})
    if text:
        settings[key] = text
    else:
        settings.pop(key, None)
    settings[f"{key}_updated"] = local_date(now).isoformat()
    agency.settings = settings
    agency.save(update_fields=["settings"])
    return agency


# --------------------------------------------------------------------------- bulk import


class ImportResult:
    def __init__(self, created: int, errors: list[Any], total: int, applied: bool) -> None:
        self.created, self.errors, self.total, self.applied = created, errors, total, applied


@transaction.atomic
def import_items(
    *, agency: Agency, actor: Any, now: dt.datetime, name: str, content: bytes, only_valid: bool = False,
    calendar: WorkdayCalendar | None = None,
) -> ImportResult:
    """Import an existing catalogue (CSV/XLSX) in ONE transaction: all rows or none (default), or only
    the valid rows (``only_valid``). 主动公开 rows with a 发布日期 are published (索引号 allocated); rows with
    another attribute are recorded as signed decisions; rows without an attribute become drafts."""
    _require_role(actor, agency, DRAFTERS, "导入目录")
    if len(content) > django_settings.GONGKAI_UPLOAD_MAX_BYTES:
        raise CatalogueError("文件过大。", "file")
    try:
        good, errors = importer.parse(name, content)
    except importer.ImportFormatError as e:
        raise CatalogueError(str(e), "file") from None
    total = len(good) + len(errors)
    if total == 0:
        raise CatalogueError("文件中没有数据行。", "file")
    if errors and not only_valid:
        return ImportResult(0, errors, total, applied=False)
    published = [r for r in good if r.data["attribute"] == Attribute.PROACTIVE]
    created = bulk.bulk_publish(
        agency=agency, now=now, actor=actor, calendar=calendar,
        rows=[bulk.HistoricItem(
            title=r.data["title"], kind=r.data["kind"], formed_on=r.data["formed_on"],
            published_on=r.data["published_on"], summary=r.data["summary"], doc_number=r.data["doc_number"],
            topic=r.data["topic"], body=r.data["body"], validity=r.data["validity"], invalid_on=r.data["invalid_on"],
            proactive_item=r.data["proactive_item"]) for r in published],
    )
    for r in good:
        if r.data["attribute"] == Attribute.PROACTIVE:
            continue
        d = r.data
        decided = d["attribute"] is not None
        item = CatalogueItem.objects.create(
            agency=agency, title=d["title"], kind=d["kind"], formed_on=d["formed_on"], summary=d["summary"],
            doc_number=d["doc_number"], topic=d["topic"], body=d["body"], validity=d["validity"],
            invalid_on=d["invalid_on"], proactive_item=d["proactive_item"], publisher=agency.name,
            attribute=d["attribute"] or "", attribute_reason=d["reason"], secrecy_reviewed=decided,
            state=DecisionState.SIGNED if decided else DecisionState.DRAFT,
            review_due=local_date(now) + dt.timedelta(days=SELF_REVIEW_INTERVAL_DAYS) if decided else None,
            created_by=actor, created_at=now, updated_at=now,
        )
        _event(item, "imported", actor, now, line=r.line)
        created += 1
    return ImportResult(created, errors, total, applied=True)
