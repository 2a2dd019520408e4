"""In a real browser: the 政务公开办 issues a notice, the department responds, the supervisor sends one
item back and accepts the rest; the notice closes. And a clerk files a 复议 case with a typo first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone


@pytest.mark.browser
def test_notice_cycle_in_browser(transactional_db, cast, live_server, login, page) -> None:
    from gongkai.supervision.models import Notice

    due = (timezone.localdate() + dt.timedelta(days=14)).isoformat()
    login("supervisor")
    page.wait_for_url(f"{live_server.url}/office/")
    page.goto(f"{live_server.url}/office/supervision/")
    page.click(f"tr[data-agency='{cast.planning.pk}'] >> text=下发通报")
    page.fill("#id_title", "关于第四季度政务公开检查的通报")
    page.fill("#id_items-0-text", "补充公开规划许可信息")
    page.fill("#id_items-0-due_on", due)
    page.fill("#id_items-1-text", "更新公开指南")
    page.click("button[type=submit]")
    assert "请填写整改期限。" in page.content()  # the second item has no date yet; input kept
    assert page.input_value("#id_items-1-text") == "更新公开指南"
    page.fill("#id_items-1-due_on", due)
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('关于第四季度政务公开检查的通报')")
    notice = Notice.objects.get()
    first, second = notice.items.all()

    page.click("text=退出")
    login("clerk")
    page.wait_for_url(f"{live_server.url}/office/")
    page.click("text=关于第四季度政务公开检查的通报")
    page.fill(f"#id_i{first.pk}-response", "已补充公开8条")
    page.click(f"#item-{first.pk} button")
    page.fill(f"#id_i{second.pk}-response", "已更新")
    page.click(f"#item-{second.pk} button")
    page.wait_for_selector(f"#item-{second.pk}:has-text('已反馈待核验')")

    page.click("text=退出")
    login("supervisor")
    page.wait_for_url(f"{live_server.url}/office/")
    page.goto(f"{live_server.url}/office/supervision/notices/{notice.pk}/")
    page.check(f"#item-{first.pk} input[value=accept]")
    page.click(f"#item-{first.pk} button")
    page.check(f"#item-{second.pk} input[value=reopen]")
    page.fill(f"#id_i{second.pk}-comment", "办公时间仍未更新")
    page.click(f"#item-{second.pk} button")
    page.wait_for_selector(f"#item-{second.pk}:has-text('办公时间仍未更新')")
    notice.refresh_from_db()
    assert notice.status == "open"

    page.click("text=退出")
    login("clerk")
    page.wait_for_url(f"{live_server.url}/office/")
    page.goto(f"{live_server.url}/office/supervision/notices/{notice.pk}/")
    page.fill(f"#id_i{second.pk}-response", "办公时间已更正为9:00-17:00")
    page.click(f"#item-{second.pk} button")
    page.click("text=退出")
    login("supervisor")
    page.wait_for_url(f"{live_server.url}/office/")
    page.goto(f"{live_server.url}/office/supervision/notices/{notice.pk}/")
    page.check(f"#item-{second.pk} input[value=accept]")
    page.click(f"#item-{second.pk} button")
    page.wait_for_selector("text=已办结")
    notice.refresh_from_db()
    assert notice.status == "closed"


@pytest.mark.browser
def test_file_appeal_case_in_browser(transactional_db, cast, live_server, login, page) -> None:
    from gongkai.appeals.models import AppealCase

    login("clerk")
    page.wait_for_url(f"{live_server.url}/office/")
    page.goto(f"{live_server.url}/office/appeals/")
    page.click("text=登记案件")
    page.select_option("#id_kind", "rv")
    page.fill("#id_case_number", "沪宝府复〔2026〕第101号")
    page.fill("#id_applicant_name", "李四")
    page.fill("#id_filed_on", (timezone.localdate() + dt.timedelta(days=3)).isoformat())
    page.click("button[type=submit]")
    assert "立案日期不能晚于今天。" in page.content()
    assert page.input_value("#id_applicant_name") == "李四"
    page.fill("#id_filed_on", timezone.localdate().isoformat())
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('沪宝府复〔2026〕第101号')")
    page.select_option("#id_result", "keep")
    page.click("#result-form button")
    page.wait_for_selector("text=已审结")
    case = AppealCase.objects.get()
    assert (case.result, case.decided_on) == ("keep", timezone.localdate())
