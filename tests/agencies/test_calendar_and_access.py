"""The running system's calendar (package + override table) and the staff login in a real browser."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.agencies.calendar import get_calendar
from gongkai.agencies.models import CalendarYear, WorkdayOverride
from gongkai.law.workdays import CalendarDataMissing, WorkdayCalendar


def test_override_table_makes_a_regional_holiday(db) -> None:
    day = dt.date(2026, 3, 3)  # a Tuesday
    assert get_calendar().is_workday(day)
    WorkdayOverride.objects.create(date=day, is_workday=False, note="地方民族节日")
    assert not get_calendar().is_workday(day)
    assert get_calendar().add_workdays(dt.date(2026, 3, 2), 1) == dt.date(2026, 3, 4)


def test_next_year_is_estimated_until_the_notice_is_entered(db) -> None:
    with pytest.raises(CalendarDataMissing) as e:  # the law's own calendar never guesses
        WorkdayCalendar().add_workdays(dt.date(2026, 12, 10), 20)
    assert "2027" in str(e.value)
    cal = get_calendar()  # the running system's estimates, and says so
    assert cal.add_workdays(dt.date(2026, 12, 10), 20) == dt.date(2027, 1, 8)
    assert cal.provisional_years(dt.date(2026, 12, 10), dt.date(2027, 1, 8)) == (2027,)
    CalendarYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    WorkdayOverride.objects.create(date=dt.date(2027, 1, 1), is_workday=False, note="元旦")
    WorkdayOverride.objects.create(date=dt.date(2027, 1, 4), is_workday=False, note="元旦调休")
    cal = get_calendar()
    assert cal.add_workdays(dt.date(2026, 12, 10), 20) == dt.date(2027, 1, 11)
    assert not cal.is_provisional(2027) and cal.day_off_reason(dt.date(2027, 1, 4)) == "元旦调休"


def test_demo_loader_is_idempotent(db) -> None:
    from django.contrib.auth import get_user_model

    from gongkai.agencies.demo import DemoContext, load
    from gongkai.agencies.models import Agency, Membership

    load(DemoContext())
    counts = (Agency.objects.count(), Membership.objects.count(), get_user_model().objects.count())
    load(DemoContext())
    assert (Agency.objects.count(), Membership.objects.count(), get_user_model().objects.count()) == counts
    assert Agency.objects.get(name="宝山区规划和自然资源局").parent.name == "上海市宝山区人民政府"


@pytest.mark.browser
def test_staff_login_in_browser(transactional_db, cast, live_server, login, page) -> None:
    login("clerk")
    page.wait_for_url(f"{live_server.url}/office/")
    assert "宝山区规划和自然资源局" in page.inner_text("h1")
    page.goto(f"{live_server.url}/office/login/")
    page.fill("#id_username", "clerk")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    assert "用户名或密码不正确" in page.content()
