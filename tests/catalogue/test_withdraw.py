"""撤回: a published item taken down by the leader leaves every public page, the search, the feed and the
sitemap at once, with its attachments; it keeps its 索引号 and history; only 负责人 may do it, with a reason."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from gongkai.catalogue import actions
from gongkai.catalogue.actions import CatalogueError
from gongkai.catalogue.models import DecisionState

from .conftest import NOW

PDF = b"%PDF-1.4\n%%EOF"


def public_urls(cast: Any, item: Any, att: Any) -> dict[str, str]:
    slug = cast.planning.slug
    return {"column": f"/agency/{slug}/", "list": f"/agency/{slug}/items/", "all": "/items/",
            "search": "/search/?q=顾村镇", "feed": f"/agency/{slug}/feed/", "sitemap": "/sitemap-items.xml",
            "detail": f"/agency/{slug}/items/{item.pk}/", "attachment": f"/agency/{slug}/items/{item.pk}/attachments/{att.pk}/"}


def test_withdrawn_item_leaves_every_public_page_at_once(client: Client, make_item: Any, cast: Any) -> None:
    draft = make_item(state="signed", title="宝山区顾村镇控制性详细规划公示")
    att = actions.add_attachment(item=draft, actor=cast.clerk, now=NOW, name="规划图.pdf", content=PDF)
    from gongkai.agencies.calendar import get_calendar

    item = actions.publish(item=draft, actor=cast.clerk, now=NOW, calendar=get_calendar())
    urls = public_urls(cast, item, att)
    mark = f"/items/{item.pk}/"
    for name in ("column", "list", "all", "search", "feed", "sitemap"):
        r = client.get(urls[name])
        assert r.status_code == 200 and mark in r.content.decode(), name  # shown, and now cached
    assert client.get(urls["detail"]).status_code == 200
    assert client.get(urls["attachment"]).status_code == 200

    withdrawn = actions.withdraw(item=item, actor=cast.head, now=NOW, reason="误将过程性信息发布")
    assert withdrawn.state == DecisionState.WITHDRAWN and withdrawn.index_no == item.index_no
    for name in ("column", "list", "all", "search", "feed", "sitemap"):
        r = client.get(urls[name])
        assert r.status_code == 200 and mark not in r.content.decode(), name
    assert client.get(urls["detail"]).status_code == 404
    assert client.get(urls["attachment"]).status_code == 404
    event = withdrawn.events.get(kind="withdrawn")
    assert event.actor == cast.head and event.payload["reason"] == "误将过程性信息发布" and event.label.startswith("撤回")


def test_only_the_leader_withdraws_a_published_item_with_a_reason(make_item: Any, cast: Any) -> None:
    item = make_item()
    for actor in (cast.clerk, cast.reviewer, cast.outsider):
        with pytest.raises(CatalogueError, match="没有撤回已发布信息的权限"):
            actions.withdraw(item=item, actor=actor, now=NOW, reason="误发布")
    with pytest.raises(CatalogueError, match="请写明撤回理由"):
        actions.withdraw(item=item, actor=cast.head, now=NOW, reason="  ")
    actions.withdraw(item=item, actor=cast.head, now=NOW, reason="误发布")
    with pytest.raises(CatalogueError, match="只有已发布的条目可以撤回"):
        actions.withdraw(item=item, actor=cast.head, now=NOW, reason="误发布")
    with pytest.raises(CatalogueError, match="已撤回的条目不能再添加附件"):
        actions.add_attachment(item=item, actor=cast.clerk, now=NOW, name="x.pdf", content=PDF)
    with pytest.raises(CatalogueError, match="只有已发布的条目可以撤回"):
        actions.withdraw(item=make_item(state="signed"), actor=cast.head, now=NOW, reason="误发布")


def test_office_withdraw_page(make_item: Any, cast: Any) -> None:
    item = make_item(title="宝山区顾村镇控制性详细规划公示")
    head, clerk = Client(), Client()
    head.force_login(cast.head)
    clerk.force_login(cast.clerk)
    assert f'action="/office/catalogue/{item.pk}/withdraw/"' in head.get(f"/office/catalogue/{item.pk}/").content.decode()
    assert "/withdraw/" not in clerk.get(f"/office/catalogue/{item.pk}/").content.decode()
    r = head.post(f"/office/catalogue/{item.pk}/withdraw/", {"reason": ""})
    assert r.status_code == 400 and "请写明撤回理由" in r.content.decode()
    r = head.post(f"/office/catalogue/{item.pk}/withdraw/", {"reason": "误将过程性信息发布"})
    assert r.status_code == 302
    page = head.get(f"/office/catalogue/{item.pk}/").content.decode()
    assert "已撤回" in page and "撤回（不再公开）" in page and "/withdraw/" not in page
    item.refresh_from_db()
    assert item.state == DecisionState.WITHDRAWN
