"""Every change to a document to release: one function each, checked, with an event, in one transaction.

Time is an argument (``now``): views pass ``timezone.now()``. Marks are saved one by one as they are
drawn, so a failure later (a file that cannot be released) loses none of them. Roles are checked by the
views (the clerk marks, the reviewer approves); the actions check the state.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.agencies.access import can_act
from gongkai.agencies.models import Role
from gongkai.errors import Refused
from gongkai.law.redaction import GROUND_BY_CODE, GROUNDS, ground
from gongkai.redaction import engine
from gongkai.redaction.models import (
    EDITABLE,
    DocumentStatus,
    Mark,
    MarkKind,
    MarkSource,
    RedactionEvent,
    RedactionEventKind,
    ReleaseDocument,
    Suggestion,
    SuggestionStatus,
)
from gongkai.redaction.suggest import REASON, suggest_pages

MIN_BOX = 2.0  # points: a smaller box is a slip of the mouse
REVIEW_ROLES = (Role.REVIEWER, Role.HEAD)


class RedactionActionError(Refused):
    """A refused change to a document to release."""


def _event(doc: ReleaseDocument, event_kind: str, actor: Any, now: dt.datetime, /, **payload: Any) -> RedactionEvent:
    return RedactionEvent.objects.create(document=doc, kind=event_kind, actor=actor, at=now, payload=payload)


def _lock(doc: ReleaseDocument, actor: Any = None, roles: tuple[str, ...] | None = None) -> ReleaseDocument:
    """Re-read the document under a row lock; with ``actor``, check that they may act in its agency."""
    locked = ReleaseDocument.objects.select_for_update(of=("self",)).select_related("agency").get(pk=doc.pk)
    if actor is not None:
        _staff(actor, locked.agency, roles)
    return locked


def _staff(actor: Any, agency: Any, roles: tuple[str, ...] | None = None) -> None:
    if actor is None or not can_act(actor, agency, roles):
        if roles:
            raise RedactionActionError("只有本机关的" + "、".join(Role(r).label for r in roles) + "才能审核遮盖标注。")
        raise RedactionActionError("只有本机关的工作人员才能办理。")


def _editable(doc: ReleaseDocument) -> None:
    if doc.status == DocumentStatus.SUBMITTED:
        raise RedactionActionError("该文件已提交审核，审核人退回后才能修改标注。")
    if doc.status not in EDITABLE:
        raise RedactionActionError("该文件已审核通过，不能再修改标注。")


def _reason(code: str) -> str:
    if code not in GROUND_BY_CODE:
        raise RedactionActionError("请选择不予公开的理由。", "reason")
    return code


def third_parties(application: Any) -> list[str]:
    """The names the case lists as third parties (征求第三方意见 of Art. 32)."""
    from gongkai.applications.models import ConsultationKind

    return [c.party_name for c in application.consultations.all() if c.kind == ConsultationKind.THIRD_PARTY]


def working_pdf(doc: ReleaseDocument) -> bytes:
    with doc.working.open("rb") as f:
        data: bytes = f.read()
    return data


@transaction.atomic
def add_document(
    *, application: Any, data: bytes, filename: str, actor: Any, now: dt.datetime, title: str = ""
) -> ReleaseDocument:
    """Upload a document to release on a case: kept as it came (private), converted to the working PDF
    the marks are drawn on, and searched for personal data (suggestions, none applied)."""
    _staff(actor, application.agency)
    name = PurePath(filename or "文件").name[:150] or "文件"
    limit = int(settings.GONGKAI_UPLOAD_MAX_BYTES)
    try:
        pdf = engine.to_pdf(data, name, max_bytes=limit)
        sizes = engine.page_sizes(pdf)
        texts = engine.extract_text(pdf)
    except engine.RedactionError as e:
        raise RedactionActionError(str(e), "file") from None
    if application.concluded_on is not None:
        raise RedactionActionError("该申请已办结，不能再添加拟公开文件。", "file")
    doc = ReleaseDocument(
        agency_id=application.agency_id, application=application, title=(title or PurePath(name).stem or name)[:200],
        original_name=name, pages=len(sizes), page_sizes=[[round(w, 2), round(h, 2)] for w, h in sizes],
        created_by=actor, created_at=now, updated_at=now,
    )
    doc.original.save("original" + _suffix(name), ContentFile(data), save=False)
    doc.working.save("working.pdf", ContentFile(pdf), save=False)
    doc.save()
    found = suggest_pages(texts, third_parties(application))
    Suggestion.objects.bulk_create(
        Suggestion(document=doc, page=s.page, kind=s.kind, label=s.label, text=s.text) for s in found
    )
    _event(doc, RedactionEventKind.UPLOADED, actor, now, name=name, pages=doc.pages, suggestions=len(found),
           sha256=hashlib.sha256(data).hexdigest())
    return doc


def _suffix(name: str) -> str:
    suffix = PurePath(name).suffix.lower()
    return suffix if suffix in (".pdf", ".docx", ".jpg", ".jpeg", ".png", ".tif", ".tiff") else ".bin"


@transaction.atomic
def add_box(
    *, document: ReleaseDocument, page: int, x0: float, y0: float, x1: float, y1: float, reason: str,
    actor: Any, now: dt.datetime, note: str = "",
) -> Mark:
    """A box drawn on a page (PDF points from the top-left corner), clipped to the page."""
    doc = _lock(document, actor)
    _editable(doc)
    _reason(reason)
    if not isinstance(page, int) or not 1 <= page <= doc.pages:
        raise RedactionActionError(f"页码应在 1 至 {doc.pages} 之间。", "page")
    w, h = doc.page_sizes[page - 1]
    vals = [float(v) for v in (x0, y0, x1, y1)]
    if any(v != v for v in vals):  # NaN
        raise RedactionActionError("标记框坐标无效。", "x0")
    ax0, ax1 = sorted((vals[0], vals[2]))
    ay0, ay1 = sorted((vals[1], vals[3]))
    ax0, ax1 = max(ax0, 0.0), min(ax1, float(w))
    ay0, ay1 = max(ay0, 0.0), min(ay1, float(h))
    if ax1 - ax0 < MIN_BOX or ay1 - ay0 < MIN_BOX:
        raise RedactionActionError("标记框太小或在页面之外，请重新框选。", "x0")
    mark = Mark.objects.create(
        document=doc, kind=MarkKind.BOX, page=page, x0=round(ax0, 2), y0=round(ay0, 2), x1=round(ax1, 2),
        y1=round(ay1, 2), reason=reason, note=(note or "")[:300], created_by=actor, created_at=now,
    )
    _touch(doc, now)
    _event(doc, RedactionEventKind.MARK_ADDED, actor, now, mark=mark.pk, kind="box", page=page,
           box=[mark.x0, mark.y0, mark.x1, mark.y1], reason=reason, note=mark.note)
    return mark


@transaction.atomic
def add_text(
    *, document: ReleaseDocument, text: str, reason: str, actor: Any, now: dt.datetime, page: int | None = None,
    note: str = "", source: str = MarkSource.DRAWN,
) -> Mark:
    """A text to withhold: every occurrence on ``page`` (or on every page). It must be found there."""
    doc = _lock(document, actor)
    _editable(doc)
    _reason(reason)
    text = (text or "").strip()
    if not text:
        raise RedactionActionError("请填写要遮盖的文字。", "text")
    if len(text) > 500:
        raise RedactionActionError("要遮盖的文字不超过500个字。", "text")
    if page is not None and not 1 <= page <= doc.pages:
        raise RedactionActionError(f"页码应在 1 至 {doc.pages} 之间。", "page")
    pages = engine.extract_text(working_pdf(doc))
    needle = engine._norm(text)
    hits = [i for i, t in enumerate(pages, 1) if needle in t and (page is None or i == page)]
    if not hits:
        where = f"第{page}页" if page else "文件中"
        raise RedactionActionError(f"{where}未找到“{text}”，请核对（空格和换行不影响查找）。", "text")
    mark = Mark.objects.create(
        document=doc, kind=MarkKind.TEXT, page=page, text=text, reason=reason, note=(note or "")[:300],
        source=source, created_by=actor, created_at=now,
    )
    _touch(doc, now)
    _event(doc, RedactionEventKind.MARK_ADDED, actor, now, mark=mark.pk, kind="text", page=page, text=text,
           pages_found=hits, reason=reason, note=mark.note, source=source)
    return mark


@transaction.atomic
def remove_mark(*, mark: Mark, actor: Any, now: dt.datetime) -> None:
    doc = _lock(mark.document, actor)
    _editable(doc)
    mark = Mark.objects.get(pk=mark.pk)
    payload = {"mark": mark.pk, "kind": mark.kind, "page": mark.page, "text": mark.text, "box": mark.box,
               "reason": mark.reason}
    Suggestion.objects.filter(mark=mark).update(status=SuggestionStatus.PENDING, mark=None, decided_by=None,
                                                decided_at=None)
    mark.delete()
    _touch(doc, now)
    _event(doc, RedactionEventKind.MARK_REMOVED, actor, now, **payload)


@transaction.atomic
def accept_suggestion(
    *, suggestion: Suggestion, actor: Any, now: dt.datetime, reason: str = REASON
) -> Mark:
    _lock(suggestion.document, actor)
    s = Suggestion.objects.select_for_update(of=("self",)).get(pk=suggestion.pk)
    if s.status != SuggestionStatus.PENDING:
        raise RedactionActionError("该建议已处理。")
    mark = add_text(document=s.document, text=s.text, page=s.page, reason=reason, actor=actor, now=now,
                    note=s.label, source=MarkSource.SUGGESTION)
    s.status, s.mark, s.decided_by, s.decided_at = SuggestionStatus.ACCEPTED, mark, actor, now
    s.save(update_fields=["status", "mark", "decided_by", "decided_at"])
    _event(s.document, RedactionEventKind.SUGGESTION_ACCEPTED, actor, now, suggestion=s.pk, kind=s.kind,
           page=s.page, text=s.text, mark=mark.pk)
    return mark


@transaction.atomic
def reject_suggestion(*, suggestion: Suggestion, actor: Any, now: dt.datetime) -> None:
    doc = _lock(suggestion.document, actor)
    _editable(doc)
    s = Suggestion.objects.select_for_update(of=("self",)).get(pk=suggestion.pk)
    if s.status != SuggestionStatus.PENDING:
        raise RedactionActionError("该建议已处理。")
    s.status, s.decided_by, s.decided_at = SuggestionStatus.REJECTED, actor, now
    s.save(update_fields=["status", "decided_by", "decided_at"])
    _event(doc, RedactionEventKind.SUGGESTION_REJECTED, actor, now, suggestion=s.pk, kind=s.kind, page=s.page,
           text=s.text)


@transaction.atomic
def submit(*, document: ReleaseDocument, actor: Any, now: dt.datetime) -> ReleaseDocument:
    """The clerk hands the marks to the reviewer. Every suggestion must be accepted or rejected first."""
    doc = _lock(document, actor)
    _editable(doc)
    pending = doc.suggestions.filter(status=SuggestionStatus.PENDING).count()
    if pending:
        raise RedactionActionError(f"还有{pending}条遮盖建议未确认（采纳或不采纳），请逐条处理后再提交。")
    doc.status = DocumentStatus.SUBMITTED
    _touch(doc, now, "status")
    _event(doc, RedactionEventKind.SUBMITTED, actor, now, marks=doc.marks.count())
    return doc


@transaction.atomic
def send_back(*, document: ReleaseDocument, note: str, actor: Any, now: dt.datetime) -> ReleaseDocument:
    doc = _lock(document, actor, REVIEW_ROLES)
    if doc.status != DocumentStatus.SUBMITTED:
        raise RedactionActionError("只有待审核的文件可以退回。")
    note = (note or "").strip()
    if not note:
        raise RedactionActionError("请填写退回意见。", "note")
    doc.status, doc.review_note = DocumentStatus.RETURNED, note[:2000]
    _touch(doc, now, "status", "review_note")
    _event(doc, RedactionEventKind.RETURNED, actor, now, note=doc.review_note)
    return doc


def engine_marks(doc: ReleaseDocument) -> list[engine.Mark]:
    out: list[engine.Mark] = []
    for m in doc.marks.all():
        if m.kind == MarkKind.BOX:
            x0, y0, x1, y1 = m.box or (0.0, 0.0, 0.0, 0.0)
            out.append(engine.BoxMark(m.page or 1, x0, y0, x1, y1, m.reason, m.note))
        else:
            out.append(engine.TextMark(m.text, m.reason, m.page, m.note))
    return out


def approve(*, document: ReleaseDocument, actor: Any, now: dt.datetime, note: str = "") -> ReleaseDocument:
    """The reviewer approves the marks: the released file is produced from them. If it cannot be (the
    engine refuses), nothing changes but an event saying why; the marks stay."""
    try:
        return _approve(document=document, actor=actor, now=now, note=note)
    except engine.RedactionError as e:
        with transaction.atomic():
            _event(_lock(document), RedactionEventKind.RELEASE_FAILED, actor, now, error=str(e))
        raise RedactionActionError(f"未能生成公开文件：{e}") from None


@transaction.atomic
def _approve(*, document: ReleaseDocument, actor: Any, now: dt.datetime, note: str) -> ReleaseDocument:
    doc = _lock(document, actor, REVIEW_ROLES)
    if doc.status != DocumentStatus.SUBMITTED:
        raise RedactionActionError("只有待审核的文件可以审核通过。")
    result = engine.redact(working_pdf(doc), engine_marks(doc))
    if result.not_found:
        raise engine.RedactionError("以下文字在文件中已找不到：" + "、".join(result.not_found))
    base = PurePath(doc.original_name).stem or "document"
    doc.released.save(f"{base}（公开）.pdf", ContentFile(result.pdf), save=False)
    doc.released_sha256 = hashlib.sha256(result.pdf).hexdigest()
    doc.status = DocumentStatus.APPROVED
    doc.review_note = (note or "").strip()[:2000]
    _touch(doc, now, "status", "released", "released_sha256", "review_note")
    _event(doc, RedactionEventKind.APPROVED, actor, now, sha256=doc.released_sha256, marks=doc.marks.count(),
           boxes=len(result.log), note=doc.review_note)
    return doc


def _touch(doc: ReleaseDocument, now: dt.datetime, *fields: str) -> None:
    doc.updated_at = now
    doc.save(update_fields=["updated_at", *fields])


# ------------------------------------------------------------------------------------------ reading


@dataclass(frozen=True)
class LogRow:
    page: str
    what: str
    reason: str
    mark: str
    note: str
    source: str
    who: str
    at: dt.datetime


def redaction_log(doc: ReleaseDocument) -> list[LogRow]:
    """The redaction log: each mark with its page, what it covers, its reason, who drew it and when."""
    rows = []
    for m in doc.marks.select_related("created_by"):
        g = ground(m.reason)
        who = m.created_by.get_full_name() or m.created_by.username if m.created_by else ""
        rows.append(LogRow(str(m.page) if m.page else "各页", m.what, g.label, g.mark, m.note,
                           m.get_source_display(), who, m.created_at))
    return rows


def withheld_by_reason(application: Any) -> list[tuple[str, str, list[str]]]:
    """For the 部分公开 letter: per reason (label, article), what was withheld, from the marks of the case's
    approved documents."""
    groups: dict[str, list[str]] = defaultdict(list)
    docs = ReleaseDocument.objects.filter(application=application, status=DocumentStatus.APPROVED)
    for m in Mark.objects.filter(document__in=docs).select_related("document").order_by("document_id", "pk"):
        what = m.note or ("相关文字" if m.kind == MarkKind.TEXT else "相关内容")
        item = f"《{m.document.title}》第{m.page}页{what}" if m.page else f"《{m.document.title}》{what}"
        if item not in groups[m.reason]:
            groups[m.reason].append(item)
    return [(ground(code).label, ground(code).article, items) for code, items in groups.items()]


def withheld_text(application: Any) -> tuple[str, str]:
    """The 部分公开 letter's "不予公开的内容及理由" from the approved marks: (detail, reason code). The letter
    adds the article of the reason code at the end, so the group with the most items goes last without its
    article; every other group names its own."""
    groups = withheld_by_reason(application)
    if not groups:
        return "", ""
    by_label = {g.label: g.code for g in GROUNDS}
    primary = max(groups, key=lambda g: len(g[2]))
    others = [g for g in groups if g is not primary]
    parts = [f"{'、'.join(items)}，依据{article}（{label}）" for label, article, items in others]
    parts.append("、".join(primary[2]))
    return "；".join(parts), by_label[primary[0]]


def released_for_applicant(application: Any) -> list[ReleaseDocument]:
    """The released files the applicant may download: approved documents of a case whose reply (予以公开 or
    部分公开) has been issued. Never the original."""
    from gongkai.law.categories import OUTCOME_BY_CODE, ReplyType

    outcome = OUTCOME_BY_CODE.get(application.outcome or "")
    if application.concluded_on is None or outcome is None or outcome.reply_type not in (ReplyType.OPEN,
                                                                                         ReplyType.PARTIAL):
        return []
    return [d for d in ReleaseDocument.objects.filter(application=application, status=DocumentStatus.APPROVED)
            if d.released]
