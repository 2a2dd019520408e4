"""The public pages are cached under a version token (gongkai/catalogue/pagecache.py): every change of
public content shows at once, fragments hold nothing of the reader, and a broken cache costs only time."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.catalogue import actions, pagecache
from gongkai.catalogue.models import PublicVersion

from .conftest import NOW
from .test_import import GOOD, csv_bytes


def pages(cast: Any) -> list[str]:
    slug = cast.planning.slug
    return [f"/agency/{slug}/", f"/agency/{slug}/items/", f"/agency/{slug}/items/?item=a20_3", "/items/",
            "/search/?q=规划", f"/search/?q=规划&agency={cast.planning.pk}"]


def link(item: Any) -> str:
    return f"/items/{item.pk}/"


def test_a_publication_shows_at_once_on_every_cached_page(client: Client, make_item: Any, cast: Any) -> None:
    first = make_item(title="宝山区顾村镇控制性详细规划公示")
    for url in pages(cast):  # cache them
        assert link(first) in client.get(url).content.decode(), url
    second = make_item(title="宝山区罗泾镇控制性详细规划公示")
    for url in pages(cast):
        body = client.get(url).content.decode()
        assert link(second) in body and link(first) in body, url
    assert "共 2 条" in client.get(f"/agency/{cast.planning.slug}/items/").content.decode()


def test_change_of_validity_and_conversion_show_at_once(client: Client, make_item: Any, cast: Any, cal: Any) -> None:
    item = make_item(title="宝山区月浦镇控制性详细规划公示")
    withheld = make_item(state="signed", attribute="withheld", title="月浦镇规划过程稿")
    for url in pages(cast):
        body = client.get(url).content.decode()
        assert "<span class=\"badge\">废止</span>" not in body and " · 废止" not in body, url
        assert link(withheld) not in body, url
    actions.change_validity(item=item, actor=cast.clerk, now=NOW, validity="repealed", on=dt.date(2026, 6, 10))
    actions.convert_to_proactive(item=withheld, actor=cast.reviewer, now=NOW, calendar=cal)
    for url in pages(cast)[1:]:
        body = client.get(url).content.decode()
        assert "<span class=\"badge\">废止</span>" in body or " · 废止" in body, url
        assert link(withheld) in body, url


def test_an_import_shows_at_once(client: Client, cast: Any, cal: Any) -> None:
    url = f"/agency/{cast.planning.slug}/items/"
    assert "罗店镇控制性详细规划" not in client.get(url).content.decode()
    assert "找到 0 条结果" in client.get("/search/?q=罗店镇").content.decode()
    res = actions.import_items(agency=cast.planning, actor=cast.clerk, now=NOW, name="目录.csv",
                               content=csv_bytes(GOOD), calendar=cal)
    assert res.applied
    assert "罗店镇控制性详细规划" in client.get(url).content.decode()
    assert "找到 1 条结果" in client.get("/search/?q=罗店镇").content.decode()


def test_a_failed_import_leaves_the_token(cast: Any, cal: Any) -> None:
    before = pagecache.token(cast.planning.pk)
    res = actions.import_items(agency=cast.planning, actor=cast.clerk, now=NOW, name="目录.csv",
                               content=csv_bytes([["", "2019-13-01", "规划", "主动公开", "", "", "", "", "", "", ""]]),
                               calendar=cal)
    assert not res.applied and pagecache.token(cast.planning.pk) == before


def test_tokens_are_per_scope_random_and_reindex_renews_all(db: Any, cast: Any) -> None:
    from django.core.management import call_command

    assert pagecache.token(cast.planning.pk) == "-" and pagecache.token(None) == "-"
    pagecache.touch([cast.planning.pk])
    planning, platform = pagecache.token(cast.planning.pk), pagecache.token(None)
    assert planning != "-" and platform == planning and pagecache.token(cast.transport.pk) == "-"
    pagecache.touch([cast.transport.pk])
    assert pagecache.token(cast.planning.pk) == planning and pagecache.token(None) != platform
    seen = {pagecache.token(None)}
    for _ in range(20):
        pagecache.touch([cast.planning.pk])
        seen.add(pagecache.token(None))
    assert len(seen) == 21  # never the same token twice: a rolled-back database cannot meet an old page
    old = {v.scope: v.token for v in PublicVersion.objects.all()}
    call_command("reindex_catalogue", stdout=open("/dev/null", "w"))  # noqa: SIM115
    new = {v.scope: v.token for v in PublicVersion.objects.all()}
    assert set(new) == set(old) and all(new[s] != old[s] for s in old)


def stored() -> list[Any]:
    """Every value in the (file-based) cache, read back from its files."""
    import pickle
    import zlib
    from pathlib import Path

    from django.core.cache import cache

    out = []
    for f in Path(cache._dir).glob("*.djcache"):  # type: ignore[attr-defined]
        with open(f, "rb") as fh:
            pickle.load(fh)  # the expiry time
            out.append(pickle.loads(zlib.decompress(fh.read())))
    return out


def test_fragments_hold_nothing_of_the_reader(client: Client, make_item: Any, cast: Any) -> None:
    make_item(title="宝山区顾村镇控制性详细规划公示")
    staff = Client()
    staff.force_login(cast.clerk)
    tokens = set()
    for url in pages(cast):
        staff.get(url)  # a signed-in member of staff fills the cache
        response = client.get(url)
        tokens.add(response.cookies["csrftoken"].value if "csrftoken" in response.cookies else "")
        assert cast.clerk.username not in response.content.decode(), url
    values = stored()
    assert len(values) >= len(pages(cast))
    text = " ".join(str(v) for v in values)
    assert "csrf" not in text.lower() and cast.clerk.username not in text
    assert not any(t and t in text for t in tokens)


def test_cache_off_writes_nothing(client: Client, make_item: Any, cast: Any, settings: Any) -> None:
    from pathlib import Path

    from django.core.cache import cache

    settings.GONGKAI_PAGE_CACHE_SECONDS = 0
    make_item()
    for url in pages(cast):
        assert client.get(url).status_code == 200
    assert not list(Path(cache._dir).glob("*.djcache"))  # type: ignore[attr-defined]


def test_a_broken_cache_costs_only_time(client: Client, make_item: Any, cast: Any, settings: Any,
                                        tmp_path: Any) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                                   "LOCATION": str(blocker / "cache")}}
    item = make_item()
    for url in pages(cast):
        response = client.get(url)
        assert response.status_code == 200 and link(item) in response.content.decode(), url


@pytest.mark.parametrize("url, most", [("/agency/{slug}/items/?item=a20_3&page=1", 2), ("/items/", 1),
                                       ("/agency/{slug}/", 2), ("/search/?q=规划", 2)])
def test_a_cached_page_asks_the_database_little(client: Client, make_item: Any, cast: Any, url: str,
                                                most: int) -> None:
    """Pinned query counts of the hot public pages once cached: the agency (if any) and the tokens."""
    make_item()
    url = url.format(slug=cast.planning.slug)
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    assert len(ctx.captured_queries) <= most, [q["sql"] for q in ctx.captured_queries]


def test_platform_counts_recount_only_the_agency_that_published(client: Client, make_item: Any, cast: Any,
                                                                 monkeypatch: Any) -> None:
    from gongkai.portal import views_catalogue

    make_item(title="宝山区顾村镇控制性详细规划公示")
    make_item(title="交通规划公示", agency=cast.transport)
    calls: list[list[int]] = []
    real = views_catalogue._item_counts
    monkeypatch.setattr(views_catalogue, "_item_counts", lambda ids: calls.append(sorted(ids)) or real(ids))
    assert "共 2 条" in client.get("/items/").content.decode()
    assert len(calls) == 1 and len(calls[0]) >= 3  # an empty cache: every agency in one GROUP BY
    calls.clear()
    make_item(title="宝山区罗泾镇控制性详细规划公示")
    body = client.get("/items/").content.decode()
    assert "共 3 条" in body and calls == [[cast.planning.pk]]
    calls.clear()
    assert "共 3 条" in client.get("/items/?page=1").content.decode() and calls == []


def test_a_fragment_read_back_from_the_cache_is_html_not_escaped_text(client: Client, make_item: Any,
                                                                      cast: Any) -> None:
    make_item()
    for url, mark in [(f"/agency/{cast.planning.slug}/items/", '<table class="list'),
                      (f"/agency/{cast.planning.slug}/", '<ul class="item-tree">'), ("/items/", '<ul class="item-tree">'),
                      ("/search/?q=规划", '<ol class="search-results">')]:
        first, second = (client.get(url).content.decode() for _ in range(2))
        assert mark in first and mark in second and "&lt;" not in second, url
