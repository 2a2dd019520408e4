"""The supervisor's notices (通报) and the departments' rectification, one action per change.

Only the 政务公开办 (Role.SUPERVISOR) of a government may issue notices, to its own departments, and
verify their responses; the department's staff respond. Time is an argument (``now``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from gongkai.agencies.access import can_act, roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.clock import local_date
from gongkai.errors import Refused
from gongkai.supervision.models import (
    ItemStatus,
    Notice,
    NoticeStatus,
    RectificationItem,
    SupervisionEvent,
    SupervisionEventKind,
)


class SupervisionError(Refused):
    """A refused change to a supervision notice."""


def _fresh_roles(user: Any, agency: Agency) -> set[str]:
    if hasattr(user, "_gongkai_roles"):
        del user._gongkai_roles
    return roles_in(user, agency)


def is_supervisor_of(user: Any, government: Agency) -> bool:
    return government.is_government and Role.SUPERVISOR in _fresh_roles(user, government)


def supervised_departments(government: Agency) -> list[Agency]:
    return sorted(government.descendants(), key=lambda a: a.name)


def _event(notice: Notice, *, kind: str, actor: Any, now: dt.datetime, item: RectificationItem | None = None,
           payload: dict[str, Any] | None = None) -> SupervisionEvent:
    return SupervisionEvent.objects.create(notice=notice, item=item, kind=kind, actor=actor, at=now,
                                           payload=payload or {})


@transaction.atomic
def issue_notice(
    *,
    government: Agency,
    department: Agency,
    title: str,
    items: Sequence[tuple[str, dt.date]],
    actor: Any,
    now: dt.datetime,
    body: str = "",
    number: str = "",
) -> Notice:
    """Issue a 通报 to a department of ``government`` with its 整改事项 (text, due date)."""
    if not is_supervisor_of(actor, government):
        raise SupervisionError("只有本级人民政府的政务公开办可以下发通报。")
    if department.pk not in {a.pk for a in government.descendants()}:
        raise SupervisionError("只能向本级人民政府所属部门下发通报。", "department")
    title = (title or "").strip()
    if not title:
        raise SupervisionError("请填写通报标题。", "title")
    cleaned: list[tuple[str, dt.date]] = []
    today = local_date(now)
    for i, (text, due) in enumerate(items, start=1):
        text = (text or "").strip()
        if not text and due is None:
            continue
        if not text:
            raise SupervisionError(f"第{i}项整改事项未填写内容。", "items")
        if due is None:
            raise SupervisionError(f"第{i}项整改事项未填写整改期限。", "items")
        if due < today:
            raise SupervisionError(f"第{i}项整改事项的期限不能早于今天。", "items")
        cleaned.append((text, due))
    if not cleaned:
        raise SupervisionError("请至少列出一项整改事项。", "items")
    notice = Notice.objects.create(government=government, department=department, title=title, body=body or "",
                                   number=(number or "").strip(), issued_by=actor, issued_at=now)
    for seq, (text, due) in enumerate(cleaned, start=1):
        RectificationItem.objects.create(notice=notice, seq=seq, text=text, due_on=due)
    _event(notice, kind=SupervisionEventKind.ISSUED, actor=actor, now=now, payload={
        "department": department.pk, "title": title,
        "items": [{"text": t, "due_on": d.isoformat()} for t, d in cleaned],
    })
    return notice


def _lock_item(item: RectificationItem) -> RectificationItem:
    # the item and its notice (whose state follows its items), not the agencies joined for display
    return RectificationItem.objects.select_for_update(of=("self", "notice")).select_related(
        "notice", "notice__department", "notice__government"
    ).get(pk=item.pk)


@transaction.atomic
def respond_item(*, item: RectificationItem, response: str, actor: Any, now: dt.datetime) -> RectificationItem:
    """The department reports what it did about one 整改事项."""
    item = _lock_item(item)
    notice = item.notice
    if not can_act(actor, notice.department):
        raise SupervisionError("只有被通报部门的工作人员可以反馈整改情况。")
    if notice.status == NoticeStatus.CLOSED:
        raise SupervisionError("该通报已办结。")
    if item.status == ItemStatus.RESPONDED:
        raise SupervisionError("该事项已反馈，正等待政务公开办核验。")
    if item.status == ItemStatus.CLOSED:
        raise SupervisionError("该事项已整改完毕。")
    response = (response or "").strip()
    if not response:
        raise SupervisionError("请填写整改情况。", "response")
    item.status = ItemStatus.RESPONDED
    item.response = response
    item.responded_at = now
    item.save(update_fields=["status", "response", "responded_at"])
    _event(notice, item=item, kind=SupervisionEventKind.RESPONDED, actor=actor, now=now,
           payload={"seq": item.seq, "response": response, "late": local_date(now) > item.due_on})
    return item


@transaction.atomic
def verify_item(
    *, item: RectificationItem, accept: bool, actor: Any, now: dt.datetime, comment: str = "",
    new_due_on: dt.date | None = None,
) -> RectificationItem:
    """The supervisor accepts a response (the item closes; the notice closes with its last item) or
    sends it back (reopen, with a comment and optionally a new due date)."""
    item = _lock_item(item)
    notice = item.notice
    if not is_supervisor_of(actor, notice.government):
        raise SupervisionError("只有下发通报的政务公开办可以核验整改情况。")
    if item.status != ItemStatus.RESPONDED:
        raise SupervisionError("该事项尚未反馈整改情况，不能核验。" if item.status == ItemStatus.OPEN
                               else "该事项已核验通过。")
    comment = (comment or "").strip()
    if accept:
        item.status = ItemStatus.CLOSED
        kind = SupervisionEventKind.ACCEPTED
    else:
        if not comment:
            raise SupervisionError("退回重新整改时请写明核验意见。", "comment")
        if new_due_on is not None and new_due_on < local_date(now):
            raise SupervisionError("新的整改期限不能早于今天。", "new_due_on")
        item.status = ItemStatus.OPEN
        if new_due_on is not None:
            item.due_on = new_due_on
        kind = SupervisionEventKind.REOPENED
    item.verified_at = now
    item.review_comment = comment
    item.save(update_fields=["status", "verified_at", "review_comment", "due_on"])
    _event(notice, item=item, kind=kind, actor=actor, now=now, payload={
        "seq": item.seq, "comment": comment, "due_on": item.due_on.isoformat(),
    })
    if accept and not notice.items.exclude(status=ItemStatus.CLOSED).exists():
        close_notice(notice=notice, actor=actor, now=now)
    return item


@transaction.atomic
def close_notice(*, notice: Notice, actor: Any, now: dt.datetime) -> Notice:
    """Close a notice whose every item is closed (done by ``verify_item`` with the last item)."""
    notice = Notice.objects.select_for_update(of=("self",)).select_related("government").get(pk=notice.pk)
    if not is_supervisor_of(actor, notice.government):
        raise SupervisionError("只有下发通报的政务公开办可以办结通报。")
    if notice.status == NoticeStatus.CLOSED:
        raise SupervisionError("该通报已办结。")
    left = notice.items.exclude(status=ItemStatus.CLOSED).count()
    if left:
        raise SupervisionError(f"还有{left}项整改事项未核验通过，不能办结。")
    notice.status = NoticeStatus.CLOSED
    notice.closed_at = now
    notice.save(update_fields=["status", "closed_at"])
    _event(notice, kind=SupervisionEventKind.CLOSED, actor=actor, now=now, payload={})
    return notice
