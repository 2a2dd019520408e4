"""The 复议/诉讼 register and the record of who looked at personal data:

- clerk: registers the 行政复议 an applicant filed against a reply (first without its 案号: refused beside the
  field), links it to the application, records the 复议决定 and then corrects it (a misread decision), and sees it
  counted in table 四;
- head (负责人): reads the personal-data access log, narrows it to the clerk's looks at appeal cases and follows
  one to the case.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import PersonalDataAccess
from gongkai.appeals.models import AppealCase

from .data import overdue_application

CASE_NUMBER = "宝府复字〔2026〕第15号"


def test_appeals_journey(cast: Any, journey: Any, page: Any, browser_errors: Any) -> None:
    app = overdue_application(cast)
    filed = timezone.localdate() - dt.timedelta(days=20)
    clerk = journey("appeals-clerk")
    clerk.login("clerk", visit=False)

    # -- register the case -----------------------------------------------------------------------------------
    with page.expect_navigation():
        page.click("nav.mainnav >> text=复议诉讼")
    with page.expect_navigation():
        page.click("main a.button:text('登记案件')")
    assert page.input_value("#id_kind") == "rv"
    clerk.visit("new", controls=["#id_kind", "#id_case_number", "#id_filed_on", "main form button[type=submit]"])
    page.fill("#id_applicant_name", app.applicant_name)
    page.fill("#id_filed_on", filed.isoformat())
    with browser_errors.expect_status(400), page.expect_navigation():
        page.click("main form button[type=submit]")
    assert "请填写案号" in page.inner_text(".field.has-error")
    assert page.input_value("#id_applicant_name") == app.applicant_name  # the rest is kept
    page.fill("#id_case_number", CASE_NUMBER)
    page.fill("#id_note", "申请人不服逾期未答复，申请行政复议。")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    case = AppealCase.objects.get(case_number=CASE_NUMBER)
    assert case.organ == "上海市宝山区人民政府"  # the agency's 复议机关, left blank on the form
    assert CASE_NUMBER in page.inner_text("h1") and "审理中" in page.inner_text(".meta-block")

    # -- link the application, record the decision -------------------------------------------------------------
    page.fill("#id_application", app.tracking_no)
    with page.expect_navigation():
        page.click("#link-form button[type=submit]")
    assert app.tracking_no in page.inner_text(".meta-block tr:has-text('所涉申请')")
    clerk.visit("open", controls=["#id_result", "#id_decided_on", "#result-form button[type=submit]"])
    page.select_option("#result-form select[name=result]", "corr")
    page.fill("#result-form input[name=decided_on]", timezone.localdate().isoformat())
    page.fill("#result-form textarea[name=note]", "复议机关责令限期答复。")
    with page.expect_navigation():
        page.click("#result-form button[type=submit]")
    case.refresh_from_db()
    assert (case.status, case.result) == ("concluded", "corr")
    assert "结果纠正" in page.inner_text(".meta-block")

    # -- the decision was misread: correct it ------------------------------------------------------------------
    page.click("#correct summary")
    assert page.input_value("#correct-form select[name=result]") == "corr"
    clerk.visit("concluded", controls=["#correct-form select[name=result]", "#correct-form textarea[name=reason]",
                                       "#correct-form button[type=submit]"])
    page.select_option("#correct-form select[name=result]", "keep")
    page.fill("#correct-form textarea[name=reason]", "复议决定书为维持原行政行为，登记时误录为纠正。")
    with page.expect_navigation():
        page.click("#correct-form button[type=submit]")
    case.refresh_from_db()
    assert case.result == "keep" and "结果维持" in page.inner_text(".meta-block")
    assert "误录为纠正" in page.inner_text(".timeline")

    with page.expect_navigation():
        page.click("main a:text('复议诉讼登记')")
    assert CASE_NUMBER in page.inner_text("main table.list")
    t4 = page.locator("table.t4 td[data-cell=keep]").first  # 行政复议 · 结果维持
    assert t4.inner_text() == "1"
    clerk.visit("list", controls=["form.filters select[name=kind]", "form.filters button", f"a:text('{CASE_NUMBER}')"])
    clerk.logout()

    # -- the head reads who looked at whose personal data -----------------------------------------------------------
    looks = PersonalDataAccess.objects.filter(agency=cast.planning, username="clerk", kind="appeal").count()
    assert looks >= 4  # the case page after each step
    head = journey("appeals-head")
    head.login("head", visit=False)
    with page.expect_navigation():
        page.click("nav.mainnav >> text=查阅记录")
    page.select_option("#id_user", "clerk")
    page.select_option("#log-filter select[name=kind]", "appeal")
    with page.expect_navigation():
        page.click("#log-filter button[type=submit]")
    assert f"共 {looks} 条" in page.inner_text("main")
    rows = page.locator("#access-log tbody tr")
    assert rows.count() == looks and all(CASE_NUMBER in t for t in rows.all_inner_texts())
    head.visit("access-log", controls=["#id_user", "#log-filter button[type=submit]", "#access-log"])
    with page.expect_navigation():
        rows.first.locator(f"a:text('{CASE_NUMBER}')").click()
    assert CASE_NUMBER in page.inner_text("h1")
