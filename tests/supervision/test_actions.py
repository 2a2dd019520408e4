"""Notices and rectification items: who may do what, the transitions, the events."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.supervision import actions
from gongkai.supervision.actions import SupervisionError
from gongkai.supervision.models import Notice, SupervisionEvent

from .conftest import TODAY


def test_issue_notice(cast, notice) -> None:
    assert notice.status == "open" and notice.department == cast.planning
    assert [(i.seq, i.status) for i in notice.items.all()] == [(1, "open"), (2, "open")]
    ev = SupervisionEvent.objects.get(notice=notice)
    assert ev.kind == "issued" and ev.actor == cast.supervisor and len(ev.payload["items"]) == 2


@pytest.mark.parametrize("who", ["clerk", "head", "admin", "outsider", "district_clerk"])
def test_only_the_supervisor_issues(cast, now, who) -> None:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username=who)
    with pytest.raises(SupervisionError, match="政务公开办"):
        actions.issue_notice(government=cast.district, department=cast.planning, title="通报",
                             items=[("整改", TODAY)], actor=user, now=now)
    assert not Notice.objects.exists()


def test_issue_refuses_other_governments_and_bad_items(cast, now) -> None:
    with pytest.raises(SupervisionError, match="所属部门"):
        actions.issue_notice(government=cast.district, department=cast.district, title="通报",
                             items=[("整改", TODAY)], actor=cast.supervisor, now=now)
    with pytest.raises(SupervisionError, match="政务公开办"):  # supervisor of district is not the supervisor of planning
        actions.issue_notice(government=cast.planning, department=cast.planning, title="通报",
                             items=[("整改", TODAY)], actor=cast.supervisor, now=now)
    cases = [
        ("", [("整改", TODAY)], "title", "标题"),
        ("通报", [], "items", "至少"),
        ("通报", [("", None), ("  ", None)], "items", "至少"),
        ("通报", [("整改", None)], "items", "第1项整改事项未填写整改期限"),
        ("通报", [("整改", TODAY), ("", TODAY)], "items", "第2项整改事项未填写内容"),
        ("通报", [("整改", TODAY - dt.timedelta(days=1))], "items", "不能早于今天"),
    ]
    for title, items, field, text in cases:
        with pytest.raises(SupervisionError) as e:
            actions.issue_notice(government=cast.district, department=cast.planning, title=title, items=items,
                                 actor=cast.supervisor, now=now)
        assert e.value.field == field and text in e.value.message
    assert not Notice.objects.exists() and not SupervisionEvent.objects.exists()


def test_full_cycle_respond_reopen_accept_close(cast, notice, now) -> None:
    first, second = notice.items.all()
    with pytest.raises(SupervisionError, match="尚未反馈"):
        actions.verify_item(item=first, accept=True, actor=cast.supervisor, now=now)
    with pytest.raises(SupervisionError, match="被通报部门"):
        actions.respond_item(item=first, response="已整改", actor=cast.outsider, now=now)
    with pytest.raises(SupervisionError, match="被通报部门"):
        actions.respond_item(item=first, response="已整改", actor=cast.supervisor, now=now)
    with pytest.raises(SupervisionError, match="请填写整改情况"):
        actions.respond_item(item=first, response=" ", actor=cast.clerk, now=now)
    first = actions.respond_item(item=first, response="已补发答复并建立提醒机制", actor=cast.clerk, now=now)
    assert first.status == "responded"
    with pytest.raises(SupervisionError, match="等待"):
        actions.respond_item(item=first, response="再次", actor=cast.clerk, now=now)
    with pytest.raises(SupervisionError, match="政务公开办"):
        actions.verify_item(item=first, accept=True, actor=cast.head, now=now)
    with pytest.raises(SupervisionError, match="核验意见"):
        actions.verify_item(item=first, accept=False, actor=cast.supervisor, now=now)
    first = actions.verify_item(item=first, accept=False, comment="未说明逾期原因", actor=cast.supervisor, now=now,
                                new_due_on=TODAY + dt.timedelta(days=30))
    assert (first.status, first.due_on, first.review_comment) == ("open", TODAY + dt.timedelta(days=30), "未说明逾期原因")
    actions.respond_item(item=first, response="逾期原因系第三方征询，已说明", actor=cast.head, now=now)
    actions.verify_item(item=first, accept=True, actor=cast.supervisor, now=now)
    notice.refresh_from_db()
    assert notice.status == "open"  # one item left
    with pytest.raises(SupervisionError, match="还有1项"):
        actions.close_notice(notice=notice, actor=cast.supervisor, now=now)
    actions.respond_item(item=second, response="已补充公开12条", actor=cast.clerk, now=now)
    actions.verify_item(item=second, accept=True, actor=cast.supervisor, now=now)
    notice.refresh_from_db()
    assert notice.status == "closed" and notice.closed_at == now
    with pytest.raises(SupervisionError, match="已办结"):
        actions.close_notice(notice=notice, actor=cast.supervisor, now=now)
    with pytest.raises(SupervisionError, match="已办结"):
        actions.respond_item(item=second, response="x", actor=cast.clerk, now=now)
    kinds = list(SupervisionEvent.objects.filter(notice=notice).values_list("kind", flat=True))
    assert kinds == ["issued", "responded", "reopened", "responded", "accepted", "responded", "accepted", "closed"]
