"""In a real browser: an administrator pastes the State Council's notice, checks it as a calendar, saves it,
and the case whose provisional due date it moves shows the old and the new date."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.applications import actions
from gongkai.applications.models import Application
from tests.applications.conftest import DETAILS, at

pytestmark = pytest.mark.browser

# In the published form; 4 January off without a make-up day moves a 20-working-day deadline by one day.
NOTICE = """国务院办公厅关于2027年部分节假日安排的通知
国办发明电〔2026〕9号
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2027年元旦、春节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周五）至4日（周一）放假，共4天。
二、春节：2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天。2月20日（周六）上班。
国务院办公厅
2026年11月10日"""


def test_enter_arrangement_and_see_the_moved_due_date(transactional_db: Any, cast: Any, login: Any) -> None:
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                              submitted_on=dt.date(2026, 12, 20), actor=cast.clerk, now=at(dt.date(2026, 12, 21)),
                              issue_receipt=False)
    assert app.due_on == dt.date(2027, 1, 18) and app.due_provisional
    page = login("admin")
    page.goto(page.url.split("/office/")[0] + "/office/calendar/")
    assert "2027年" in page.inner_text("#calendar-warning")
    page.fill("#id_text", NOTICE.replace("4日（周一）放假，共4天", "4日（周一）放假，共5天"))
    page.click("button[name=preview]")
    assert "共5天" in page.inner_text("#notice-error") and page.locator("#confirm").count() == 0
    page.fill("#id_text", NOTICE)
    page.click("button[name=preview]")
    assert page.inner_text("#arrangement-year") == "2027年节假日安排（国办发明电〔2026〕9号）"
    assert "元旦：1月1日至1月4日，共4天" in page.inner_text("#spans")
    assert page.locator("td.day-off").count() >= 8 and page.locator("td.day-work").count() == 1
    page.click("#confirm")
    assert "答复期限调整的申请 1 件" in page.inner_text("#calendar-saved")
    assert "2027-01-18" in page.inner_text("#moved") and "2027-01-19" in page.inner_text("#moved")
    assert page.locator("#calendar-warning").count() == 0
    assert "国办发明电〔2026〕9号" in page.inner_text("#years")
    page.click(f"#moved a:text('{app.tracking_no}')")
    assert page.inner_text("#due") == "2027年1月19日"
    moved = page.inner_text(".due-moved")
    assert "2027年节假日安排已录入" in moved and "2027-01-18（预估） → 2027-01-19" in moved
    app = Application.objects.get(pk=app.pk)
    assert app.due_on == dt.date(2027, 1, 19) and not app.due_provisional
