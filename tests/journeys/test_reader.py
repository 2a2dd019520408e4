"""The reader: browses an agency's 政府信息公开专栏, searches 规划 by keyboard, opens an item and reads the
agency's published annual report."""

from __future__ import annotations

from typing import Any

from .conftest import kb_type, tab_to
from .data import published_item, published_report


def test_reader_journey(cast: Any, journey: Any, page: Any) -> None:
    plan = published_item(cast, title="宝山区罗店镇控制性详细规划", summary="罗店镇控规局部调整",
                          doc_number="宝规划资源〔2026〕3号")
    published_item(cast, kind="license", title="顾村镇动迁安置房建设工程规划许可证")
    published_report(cast)
    j = journey("reader")

    j.goto("/")
    j.visit("home", controls=["input[name=q]", ".agency-list a"])
    with page.expect_navigation():
        page.click(f"text={cast.planning.name}")
    assert "政府信息公开专栏" in page.inner_text("h1")
    j.visit("column", controls=[".column-nav", "input[name=q]"])
    with page.expect_navigation():
        page.click(".column-nav >> text=政府信息公开指南")
    assert "政府信息公开指南" in page.inner_text("h1")
    j.visit("guide")
    with page.expect_navigation():
        page.click(".column-nav >> text=法定主动公开内容")
    assert "顾村镇动迁安置房建设工程规划许可证" in page.content()
    j.visit("items", controls=[".column-nav"])

    # search by keyboard: Tab to the search box, type, Enter
    j.goto("/")
    kb_type(page, "input[name=q]", "规划")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "/search/?q=" in page.url and "找到 2 条结果" in page.content()
    assert page.locator("ol.search-results mark").first.inner_text() == "规划"
    j.visit("search", controls=["input[name=q]", "a.hit-title"])
    tab_to(page, "a.hit-title:has-text('罗店镇控制性详细规划')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"/items/{plan.pk}/")
    meta = page.inner_text(".meta-block")
    assert plan.index_no in meta and "宝规划资源〔2026〕3号" in meta
    j.visit("item", controls=["h1"])

    with page.expect_navigation():
        page.click("nav.mainnav >> text=政府信息公开年报")
    assert f"{cast.planning.name}2019年政府信息公开工作年度报告" in page.inner_text("#report-list")
    j.visit("reports", controls=["#report-list"])
    with page.expect_navigation():
        page.click("#report-list a:has-text('2019年政府信息公开工作年度报告')")
    assert page.inner_text('td[data-ref="t3.r1_new.total"]') == "383"
    assert "2020年1月20日" in page.inner_text(".meta-block")
    j.visit("report", controls=[".downloads a"])
