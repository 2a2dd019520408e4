"""Entering the State Council's arrangement: saved with its 文号 and date, every open case recomputed in one
action, the moved ones listed (event on the case, the calendar event, the clerks' e-mail); the command line."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from gongkai.agencies.models import CalendarEvent, CalendarYear, WorkdayOverride
from gongkai.applications import actions
from gongkai.applications.actions import ApplicationError
from gongkai.applications.arrangement import enter_arrangement
from gongkai.applications.models import CaseEvent, EventKind
from gongkai.law.notice import parse_notice
from tests.applications.conftest import DETAILS, at

D = dt.date
NOTICES = Path(__file__).parent.parent / "law" / "notices"
# A 2027 arrangement in the published form (the real notice is not out yet): 元旦 1-3, 4 January a day off
# made up on Saturday 9 January.
NOTICE_2027 = """国务院办公厅关于2027年部分节假日安排的通知
国办发明电〔2026〕9号
一、元旦：1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。
二、春节：2月5日（农历除夕、周五）至12日（周五）放假调休，共8天。
国务院办公厅
2026年11月10日
"""


def _case(cast: Any, day: D) -> Any:
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=day,
                              actor=cast.clerk, now=at(day), issue_receipt=False)
    actions.assign(application=app, clerk=cast.clerk, actor=cast.clerk, now=at(day))
    return app


def test_entering_2027_moves_the_provisional_due_dates(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    cast.clerk.email = "clerk@example.gov.cn"
    cast.clerk.save()
    december = _case(cast, D(2026, 12, 20))
    november = _case(cast, D(2026, 11, 2))
    assert december.due_on == D(2027, 1, 18) and december.due_provisional
    arrangement = parse_notice(NOTICE_2027)
    with pytest.raises(ApplicationError, match="管理员"):
        enter_arrangement(arrangement=arrangement, number="", issued_on=None, actor=cast.clerk, now=at(D(2026, 12, 22)))
    with django_capture_on_commit_callbacks(execute=True):
        moved = enter_arrangement(arrangement=arrangement, number=arrangement.number,
                                  issued_on=arrangement.issued_on, actor=cast.admin, now=at(D(2026, 12, 22)))
    december.refresh_from_db()
    november.refresh_from_db()
    # 4 January off, 9 January (Saturday) worked: still 18 January, now firm
    assert december.due_on == D(2027, 1, 18) and not december.due_provisional
    assert [m.tracking_no for m in moved] == [december.tracking_no] and not november.due_provisional
    event = CaseEvent.objects.get(application=december, kind=EventKind.DUE_RECOMPUTED)
    assert event.payload == {"old": "2027-01-18", "new": "2027-01-18", "old_provisional": True,
                             "provisional": False, "reason": "2027年节假日安排已录入"}
    year = CalendarYear.objects.get(year=2027)
    assert (year.number, year.issued_on, year.entered_by) == ("国办发明电〔2026〕9号", D(2026, 11, 10), cast.admin)
    assert WorkdayOverride.objects.get(date=D(2027, 1, 9)).is_workday
    assert CalendarEvent.objects.get(year=2027).payload["moved"][0]["tracking_no"] == december.tracking_no
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["clerk@example.gov.cn"]
    assert december.tracking_no in mail.outbox[0].body


def test_a_corrected_notice_replaces_the_first_and_moves_dates(cast: Any) -> None:
    app = _case(cast, D(2026, 12, 20))
    first = parse_notice(NOTICE_2027)
    enter_arrangement(arrangement=first, number="", issued_on=None, actor=cast.admin, now=at(D(2026, 12, 22)))
    app.refresh_from_db()
    assert app.due_on == D(2027, 1, 18) and not app.due_provisional
    enter_arrangement(arrangement=parse_notice(NOTICE_2027.replace("1月9日（周六）上班。", "")
                                               .replace("放假调休，共4天", "放假，共4天")),
                      number="", issued_on=None, actor=cast.admin, now=at(D(2026, 12, 23)))
    app.refresh_from_db()
    assert app.due_on == D(2027, 1, 19)  # 4 January off and no make-up day: one day later
    ev = CaseEvent.objects.filter(application=app, kind=EventKind.DUE_RECOMPUTED).last()
    assert ev is not None and (ev.payload["old"], ev.payload["new"]) == ("2027-01-18", "2027-01-19")
    # the first entry's make-up day that the second notice lacks is removed
    assert not WorkdayOverride.objects.filter(date=D(2027, 1, 9)).exists()


@pytest.mark.django_db
def test_command_dry_run_json_is_the_package_2026() -> None:
    out = StringIO()
    call_command("calendar", "import", str(NOTICES / "2026.txt"), "--dry-run", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["year"] == 2026 and data["days_off"][:2] == ["2026-01-01", "2026-01-02"]
    assert data["workdays"] == ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"]
    assert not CalendarYear.objects.exists() and not WorkdayOverride.objects.exists()


def test_command_saves_and_lists_moved_cases(cast: Any, tmp_path: Path) -> None:
    app = _case(cast, D(2026, 12, 20))
    notice = tmp_path / "2027.txt"
    notice.write_bytes(NOTICE_2027.encode("gb18030"))
    out = StringIO()
    call_command("calendar", "import", str(notice), stdout=out)
    text = out.getvalue()
    assert "年份：2027" in text and "文号：国办发明电〔2026〕9号" in text and "2027-01-04 星期一 元旦" in text
    assert "2027-01-09 星期六 元旦调休上班" in text
    assert f"{app.tracking_no} 2027年1月18日 → 2027年1月18日" in text
    assert CalendarYear.objects.get(year=2027).number == "国办发明电〔2026〕9号"


@pytest.mark.django_db
def test_command_refuses_bad_input(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="无法读取"):
        call_command("calendar", "import", str(tmp_path / "none.txt"))
    bad = tmp_path / "bad.txt"
    bad.write_text("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日至3日放假，共4天。", encoding="utf-8")
    with pytest.raises(CommandError, match="共4天"):
        call_command("calendar", "import", str(bad))
    assert not CalendarYear.objects.exists()


def test_notified_periods_are_lengthened_never_shortened(cast: Any) -> None:
    app = _case(cast, D(2026, 12, 14))
    actions.request_correction(application=app, items="请写明文号", actor=cast.clerk, now=at(D(2026, 12, 16)))
    assert app.correction_due == D(2027, 1, 7)  # 15 working days, 元旦 estimated off
    other = _case(cast, D(2026, 12, 14))
    cons = actions.start_consultation(application=other, kind="third_party", party_name="某公司", actor=cast.clerk,
                                      now=at(D(2026, 12, 16)))
    assert cons.reply_due == D(2027, 1, 7)
    # a notice making Saturday 2 January a working day would make both a day earlier: they stay
    saturday = parse_notice(NOTICE_2027.replace("1月1日（周五）至4日（周一）放假调休，共4天。1月9日（周六）上班。",
                                                "1月1日（周五）放假，共1天。1月2日（周六）上班。"))
    assert saturday.workdays == (D(2027, 1, 2),)
    enter_arrangement(arrangement=saturday, number="", issued_on=None, actor=cast.admin, now=at(D(2026, 12, 21)))
    app.refresh_from_db()
    cons.refresh_from_db()
    assert app.correction_due == D(2027, 1, 7) and cons.reply_due == D(2027, 1, 7)
    # 4 January off as well: one day later for both
    enter_arrangement(arrangement=parse_notice(NOTICE_2027), number="", issued_on=None, actor=cast.admin,
                      now=at(D(2026, 12, 22)))
    app.refresh_from_db()
    cons.refresh_from_db()
    assert app.correction_due == D(2027, 1, 8) and cons.reply_due == D(2027, 1, 8)
    event = CaseEvent.objects.filter(application=app, kind=EventKind.DUE_RECOMPUTED).last()
    assert event is not None and event.payload["others"] == ["补正期限2027年1月7日→2027年1月8日"]
