"""The reader: browses an agency's 政府信息公开专栏, searches 规划 by keyboard, opens an item and reads the
agency's published annual report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone

from .conftest import kb_type, tab_to

SEED_JSON = Path(__file__).resolve().parents[1] / "data" / "seed-2019.json"


def _published(cast: Any, **fields: Any) -> Any:
    """An item taken through the three-step attribute decision and published, with the real actions."""
    from gongkai.agencies.calendar import get_calendar
    from gongkai.catalogue import actions

    now = timezone.now()
    fields.setdefault("formed_on", timezone.localdate() - dt.timedelta(days=10))
    fields.setdefault("kind", "plan")
    item = actions.create_draft(agency=cast.planning, actor=cast.clerk, now=now, **fields)
    item = actions.propose_attribute(item=item, actor=cast.clerk, now=now, attribute="proactive", reason="",
                                     secrecy_reviewed=True)
    item = actions.review_attribute(item=item, actor=cast.reviewer, now=now, approve=True)
    item = actions.sign_off(item=item, actor=cast.head, now=now)
    return actions.publish(item=item, actor=cast.clerk, now=now, calendar=get_calendar())


def _published_report(cast: Any) -> Any:
    """The seed report imported as planning's 2019 report and published on 20 January 2020."""
    from gongkai.law.report import Report
    from gongkai.reports import actions

    at = timezone.make_aware(dt.datetime(2020, 1, 10, 10))
    data = Report.from_json(SEED_JSON.read_text(encoding="utf-8")).to_dict()
    report = actions.import_report(agency=cast.planning, year=2019, data=data, actor=cast.clerk, now=at)
    return actions.publish_report(report=report, actor=cast.head, now=at + dt.timedelta(days=10),
                                  today=dt.date(2020, 1, 20), acknowledge_warnings=True)


def test_reader_journey(cast: Any, journey: Any, page: Any) -> None:
    plan = _published(cast, title="宝山区罗店镇控制性详细规划", summary="罗店镇控规局部调整",
                      doc_number="宝规划资源〔2026〕3号")
    _published(cast, kind="license", title="顾村镇动迁安置房建设工程规划许可证")
    _published_report(cast)
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
