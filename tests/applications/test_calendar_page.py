"""The holiday arrangement page and the warning administrators and supervisors see from 1 November."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from gongkai.agencies.models import CalendarYear, WorkdayOverride

NOTICE = ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
          "二、春节：2月5日（周五）至12日（周五）放假调休，共8天。2月20日（周六）上班。\n国务院办公厅\n2026年11月10日")


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def november(monkeypatch: Any) -> None:
    monkeypatch.setattr("gongkai.agencies.context.timezone.localdate", lambda: dt.date(2026, 11, 5))


def test_warning_for_admins_and_supervisors_only(cast: Any, november: None) -> None:
    for user, shown in ((cast.admin, True), (cast.supervisor, True), (cast.clerk, False), (cast.head, False)):
        page = _client(user).get("/office/").content.decode()
        assert ('id="calendar-warning"' in page) is shown, user
    admin = _client(cast.admin).get("/office/").content.decode()
    assert "尚未录入2027年的国务院办公厅节假日安排" in admin and 'href="/office/calendar/"' in admin
    assert "请提醒管理员" in _client(cast.supervisor).get("/office/").content.decode()
    CalendarYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    assert 'id="calendar-warning"' not in _client(cast.admin).get("/office/").content.decode()


def test_no_warning_before_november(cast: Any, monkeypatch: Any) -> None:
    monkeypatch.setattr("gongkai.agencies.context.timezone.localdate", lambda: dt.date(2026, 10, 30))
    assert 'id="calendar-warning"' not in _client(cast.admin).get("/office/").content.decode()


def test_page_previews_then_saves(cast: Any) -> None:
    c = _client(cast.admin)
    assert c.get("/office/calendar/").status_code == 200
    assert _client(cast.clerk).get("/office/calendar/").status_code == 404
    r = c.post("/office/calendar/", {"text": NOTICE})
    page = r.content.decode()
    assert r.status_code == 200 and 'id="confirm"' in page and "春节：2月5日至2月12日，共8天；2月20日上班" in page
    assert not WorkdayOverride.objects.exists()
    r = c.post("/office/calendar/", {"text": "不是通知", "confirm": "1"})
    assert r.status_code == 400 and "未找到" in r.content.decode() and not CalendarYear.objects.exists()
    r = c.post("/office/calendar/", {"text": NOTICE, "number": "国办发明电〔2026〕9号", "confirm": "1"})
    assert r.status_code == 302 and r["Location"].endswith("?saved=2027")
    saved = c.get(r["Location"]).content.decode()
    assert "已保存2027年节假日安排（国办发明电〔2026〕9号）" in saved
    year = CalendarYear.objects.get(year=2027)
    assert (year.number, year.issued_on, year.entered_by) == ("国办发明电〔2026〕9号", dt.date(2026, 11, 10), cast.admin)
    assert WorkdayOverride.objects.filter(from_notice=True).count() == 8  # 1 + 6 weekdays off, 1 Saturday worked
