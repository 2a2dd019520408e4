"""The supervisor (区政务公开办): the dashboard of the district's departments, one department's details, and a
notice (通报) issued to it with a rectification item."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.supervision.actions import respond_item
from gongkai.supervision.models import Notice

from .data import overdue_application, published_report


def test_supervisor_journey(cast: Any, journey: Any, page: Any, browser_errors: Any) -> None:
    late = overdue_application(cast)
    published_report(cast)
    j = journey("supervisor")
    j.login("supervisor")
    j.visit("dashboard")
    with page.expect_navigation():
        page.click("nav.mainnav >> text=监督检查")
    row = f"tr[data-agency='{cast.planning.pk}']"
    assert page.inner_text(f"{row} td:nth-child(2)") == "1"  # one application past its deadline
    j.visit("departments", controls=["select[name=year]", f"{row} a"])

    page.select_option("select[name=year]", "2019")
    with page.expect_navigation():
        page.click("form.filters button")
    assert "已公开" in page.inner_text(row)  # the 2019 report, with its check results
    j.visit("departments-2019", controls=[f"{row} a"])

    with page.expect_navigation():
        page.click(f"{row} >> text={cast.planning.name}")
    assert late.tracking_no in page.inner_text("main")
    j.visit("department", controls=["a.button"])

    with page.expect_navigation():
        page.click("a.button:has-text('下发通报')")
    j.visit("notice-form", controls=["#id_title", "button[type=submit]"])
    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    page.fill("#id_title", "关于宝山区规划和自然资源局依申请公开逾期答复的通报")
    page.fill("#id_number", "宝公开通〔2026〕7号")
    page.fill("#id_body", "经检查，发现以下问题，请限期整改。")
    page.fill("#id_items-0-text", "依申请公开逾期答复1件，请说明原因并整改")
    page.fill("#id_items-0-due_on", due)
    for extra in range(1, page.locator("fieldset.rectification-item").count()):  # only the first item is kept
        page.fill(f"#id_items-{extra}-text", "")
        page.fill(f"#id_items-{extra}-due_on", "")
    with page.expect_navigation():
        page.click("button[type=submit]")
    notice = Notice.objects.get()
    assert notice.department == cast.planning and [i.text for i in notice.items.all()] == \
        ["依申请公开逾期答复1件，请说明原因并整改"]
    assert "关于宝山区规划和自然资源局依申请公开逾期答复的通报" in page.inner_text("h1")
    j.visit("notice")

    # the department answers (its clerk, through the action), the supervisor verifies and the notice closes
    item = notice.items.get()
    respond_item(item=item, response="已于本周答复并说明逾期原因，已建立到期提醒。", actor=cast.clerk, now=timezone.now())
    page.reload()
    box = f"#item-{item.pk}"
    assert "已于本周答复" in page.inner_text(box)
    j.visit("notice-verify", controls=[f"{box} input[value=accept]", f"{box} button[type=submit]"])
    page.check(f"{box} input[value=accept]")
    page.fill(f"{box} textarea[name$=comment]", "经核验，已整改到位。")
    with page.expect_navigation():
        page.click(f"{box} button[type=submit]")
    notice.refresh_from_db()
    assert notice.status == "closed" and "已办结" in page.inner_text(".meta-block")

    with page.expect_navigation():
        page.click("nav.mainnav >> text=监督检查")
    with page.expect_navigation():
        page.click("text=全部通报")
    assert "宝公开通〔2026〕7号" in page.inner_text("main")
    j.visit("notices")
