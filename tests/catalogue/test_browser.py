"""In a real browser: a reader browses the 专栏, searches 规划 and opens an item; an item goes from draft
through the three-step attribute decision to publication."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.mark.browser
def test_reader_browses_searches_and_opens_an_item(transactional_db: Any, cast: Any, make_item: Any,
                                                  live_server: Any, page: Any) -> None:
    item = make_item(title="宝山区罗店镇控制性详细规划", summary="罗店镇控规局部调整", doc_number="宝规划资源〔2026〕3号")
    make_item(kind="license", title="顾村镇动迁安置房建设工程规划许可证")
    make_item(state="signed", attribute="withheld", title="内部讨论的规划草稿")
    page.goto(f"{live_server.url}/agency/{cast.planning.slug}/")
    assert "政府信息公开专栏" in page.inner_text("h1")
    page.click("text=政府信息公开指南")
    assert "政府信息公开指南" in page.inner_text("h1")
    page.click("text=法定主动公开内容")
    page.click("text=第二十条第（五）项 办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果")
    assert "顾村镇动迁安置房建设工程规划许可证" in page.content()
    assert "宝山区罗店镇控制性详细规划" not in page.inner_text("table.catalogue-list")
    page.goto(f"{live_server.url}/")
    page.fill("input[name=q]", "规划")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?q=*")
    assert "找到 2 条结果" in page.content()
    assert "内部讨论的规划草稿" not in page.content()
    assert page.locator("ol.search-results mark").first.inner_text() == "规划"
    page.click("a.hit-title:has-text('罗店镇控制性详细规划')")
    page.wait_for_url(f"**/items/{item.pk}/")
    meta = page.inner_text(".meta-block")
    assert item.index_no in meta and "宝规划资源〔2026〕3号" in meta and "有效" in meta


@pytest.mark.browser
def test_item_from_draft_through_decision_to_publication(transactional_db: Any, cast: Any, live_server: Any,
                                                        login: Any, page: Any) -> None:
    login("clerk")
    page.wait_for_url(f"{live_server.url}/office/")
    page.goto(f"{live_server.url}/office/catalogue/new/")
    page.fill("#id_title", "宝山区月浦镇控制性详细规划（2026年修编）")
    page.select_option("#id_kind", "plan")
    page.click("button[type=submit]")  # no 成文日期: error beside the field, input kept
    assert "成文日期" in page.inner_text(".has-error") and "必填" in page.inner_text(".has-error")
    assert page.input_value("#id_title") == "宝山区月浦镇控制性详细规划（2026年修编）"
    page.fill("#id_formed_on", "2026-06-01")
    page.click("button[type=submit]")
    page.wait_for_url("**/office/catalogue/*/")
    url = page.url
    assert page.inner_text("#item-state") == "草稿"
    page.check("input[name=attribute][value=proactive]")
    page.click("#propose-form button[type=submit]")
    assert "保密审查" in page.inner_text(".has-error")
    page.check("#id_secrecy_reviewed")
    page.click("#propose-form button[type=submit]")
    assert page.inner_text("#item-state") == "待审核"
    login("reviewer")
    page.goto(url)
    page.click("button:has-text('审核通过')")
    assert page.inner_text("#item-state") == "待签发"
    login("head")
    page.goto(url)
    page.click("button[name=decision][value=approve]")
    assert page.inner_text("#item-state") == "已签发"
    page.click("button:has-text('发布')")
    assert page.inner_text("#item-state") == "已发布"
    assert "BSGHZY/" in page.inner_text(".meta-block")
    page.click("text=公开页面")
    assert "宝山区月浦镇控制性详细规划（2026年修编）" in page.inner_text("h1")
