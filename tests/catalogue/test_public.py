"""The public 专栏: pages, feed, sitemap and search never show an item that is not published 主动公开."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def items(make_item: Any) -> dict[str, Any]:
    return {
        "public": make_item(title="宝山区顾村镇控制性详细规划公示", summary="顾村镇规划公示"),
        "draft": make_item(state="draft", title="机密草稿规划甲"),
        "proposed": make_item(state="proposed", title="待审核规划乙"),
        "reviewed": make_item(state="reviewed", title="待签发规划丙"),
        "signed": make_item(state="signed", title="已签发未发布规划丁"),
        "withheld": make_item(state="signed", attribute="withheld", title="不予公开规划戊"),
        "on_request": make_item(state="signed", attribute="on_request", title="依申请公开规划己"),
    }


HIDDEN = ("draft", "proposed", "reviewed", "signed", "withheld", "on_request")


def test_pages_feed_sitemap_and_search_show_only_public(client: Client, items: dict[str, Any], cast: Any) -> None:
    slug = cast.planning.slug
    urls = [f"/agency/{slug}/", f"/agency/{slug}/items/", f"/agency/{slug}/items/?item=a20_3", "/items/",
            f"/agency/{slug}/feed/", "/sitemap-items.xml", "/search/?q=规划", f"/search/?q=规划&agency={cast.planning.pk}"]
    for url in urls:
        body = client.get(url).content.decode()
        assert items["public"].title in body or f"/items/{items['public'].pk}/" in body, url
        for key in HIDDEN:
            assert items[key].title not in body, (url, key)
            assert f"/items/{items[key].pk}/" not in body, (url, key)
    for key in HIDDEN:
        assert client.get(f"/agency/{slug}/items/{items[key].pk}/").status_code == 404
        body = client.get(f"/search/?q={items[key].title}").content.decode()
        assert "找到 0 条结果" in body and f"/items/{items[key].pk}/" not in body


def test_item_page_metadata_block_and_attachment(client: Client, make_item: Any, cast: Any, settings: Any,
                                                 tmp_path: Any, now: Any, cal: Any) -> None:
    from gongkai.catalogue import actions

    settings.MEDIA_ROOT = tmp_path
    item = make_item(state="signed", doc_number="宝规划资源规〔2026〕1号", topic="城乡建设", kind="normative",
                     title="关于规范临时用地管理的通知")
    att = actions.add_attachment(item=item, actor=cast.clerk, now=now, name="附件1.pdf", content=b"%PDF-1.7 x")
    hidden = client.get(f"/agency/{cast.planning.slug}/items/{item.pk}/attachments/{att.pk}/")
    assert hidden.status_code == 404  # not public yet: no download
    item = actions.publish(item=item, actor=cast.clerk, now=now, calendar=cal)
    body = client.get(item.get_absolute_url()).content.decode()
    assert 'class="meta-block"' in body
    for text in ("索引号", item.index_no, "发布机构", cast.planning.name, "成文日期", "2026-06-01", "文号",
                 "宝规划资源规〔2026〕1号", "主题分类", "城乡建设", "有效性", "有效", "附件1.pdf"):
        assert text in body, text
    r = client.get(f"/agency/{cast.planning.slug}/items/{item.pk}/attachments/{att.pk}/")
    assert r.status_code == 200 and b"".join(r.streaming_content) == b"%PDF-1.7 x"


def test_guide_generated_and_edited(client: Client, cast: Any, now: Any) -> None:
    from gongkai.catalogue import actions

    body = client.get(f"/agency/{cast.planning.slug}/guide/").content.decode()
    for text in ("政府信息公开指南", cast.planning.office_name, cast.planning.address, cast.planning.phone,
                 cast.planning.fax, "20个工作日", "7个工作日", "国办函〔2020〕109号", "（一）行政法规、规章和规范性文件"):
        assert text in body, text
    actions.set_agency_text(agency=cast.planning, actor=cast.admin, now=now, key="guide_text", text="本局指南第一段\n第二段")
    body = client.get(f"/agency/{cast.planning.slug}/guide/").content.decode()
    assert "<p>本局指南第一段</p>" in body and "国办函〔2020〕109号" not in body
    body = client.get(f"/agency/{cast.planning.slug}/system/").content.decode()
    assert "公开属性审查制度" in body
    column = client.get(f"/agency/{cast.planning.slug}/").content.decode()
    for link in ("/guide/", "/system/", "/items/", "/reports/", "/apply/", "/feed/"):
        assert f"/agency/{cast.planning.slug}{link}" in column
    assert client.get("/agency/no-such-agency/").status_code == 404


def test_feed_is_atom(client: Client, make_item: Any, cast: Any) -> None:
    item = make_item(title="宝山区土地利用总体规划")
    r = client.get(f"/agency/{cast.planning.slug}/feed/")
    assert r["Content-Type"].startswith("application/atom+xml")
    assert "宝山区土地利用总体规划" in r.content.decode() and item.index_no in r.content.decode()
