"""A case whose deadline runs into a year without a State Council notice (December 2026 → 2027): the due date
is estimated, stored and marked 预估 with its reason on the case page, the inbox, the tracking page, the
letters and the reminders; an administrator's instruction never reaches the applicant."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from gongkai.applications import actions, letters_adapter
from gongkai.applications.models import Application, CaseEvent
from gongkai.law.workdays import WorkdayCalendar
from tests.applications.conftest import DETAILS, at
from tests.letters.helpers import docx_text

D = dt.date
REASON = "国务院办公厅尚未公布2027年的节假日安排"


def _december_case(cast: Any, *, receipt: bool = True) -> tuple[Application, str]:
    app, code = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                                 submitted_on=D(2026, 12, 20), actor=cast.clerk, now=at(D(2026, 12, 21)),
                                 issue_receipt=receipt)
    return app, code


def _letter_text(app: Application, kind: str) -> str:
    data = letters_adapter.open_file(app.letters.filter(kind=kind).latest("issued_at"), "docx")
    assert data is not None
    return docx_text(data)


def test_due_date_is_estimated_stored_and_explained(cast: Any) -> None:
    app, _ = _december_case(cast)
    assert app.due_on == D(2027, 1, 18) and app.due_provisional and not app.clock_stopped
    assert app.due_steps[-1]["provisional"] == [2027]
    assert REASON in app.provisional_note and "《全国年节及纪念日放假办法》" in app.provisional_note
    assert Application.objects.filter(due_on__isnull=False, due_provisional=True).count() == 1
    text = _letter_text(app, "receipt")
    assert "答复期限：2027年1月18日" in text
    assert "上述日期系按《全国年节及纪念日放假办法》规定的法定节假日推算" in text and REASON in text
    assert "年  月  日" not in text


def test_a_firm_date_is_not_marked(cast: Any) -> None:
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                              submitted_on=D(2026, 11, 2), actor=cast.clerk, now=at(D(2026, 11, 2)))
    assert app.due_on == D(2026, 11, 30) and not app.due_provisional and app.provisional_note == ""
    text = _letter_text(app, "receipt")
    assert "答复期限：2026年11月30日" in text and "推算" not in text


def test_extension_into_2027_states_the_date_the_period_and_the_caveat(cast: Any) -> None:
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                              submitted_on=D(2026, 11, 20), actor=cast.clerk, now=at(D(2026, 11, 20)))
    assert app.due_on == D(2026, 12, 18) and not app.due_provisional
    actions.extend(application=app, workdays=20, reason="需要调取档案", actor=cast.head, now=at(D(2026, 12, 10)))
    assert app.due_on == D(2027, 1, 18) and app.due_provisional
    text = _letter_text(app, "extension")
    assert "答复期限延长20个工作日（原答复期限：2026年12月18日），本机关将于2027年1月18日前作出答复。" in text
    assert "以按调整后的工作日计算的期限为准" in text and REASON in text
    assert "年  月  日" not in text
    event = CaseEvent.objects.get(application=app, kind="extended")
    assert event.payload["due_on"] == "2027-01-18"


def test_pages_show_the_estimate_and_never_a_pause(cast: Any) -> None:
    app, code = _december_case(cast, receipt=False)
    staff = Client()
    staff.force_login(cast.clerk)
    inbox = staff.get("/office/applications/").content.decode()
    assert "2027-01-18" in inbox and "预估" in inbox and "muted\">暂停计时" not in inbox
    page = staff.get(f"/office/applications/{app.pk}/").content.decode()
    assert "2027年1月18日" in page and 'id="due-provisional"' in page and REASON in page
    public = Client()
    public.post("/track/", {"tracking_no": app.tracking_no, "code": code})
    tracking = public.get(f"/track/{app.tracking_no}/").content.decode()
    assert "2027年1月18日" in tracking and "预估" in tracking and REASON in tracking
    assert "管理员" not in tracking


def test_without_any_estimate_the_instruction_stays_with_staff(cast: Any) -> None:
    app, code = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                                 submitted_on=D(2026, 12, 20), actor=cast.clerk, now=at(D(2026, 12, 21)),
                                 cal=WorkdayCalendar(), issue_receipt=False)
    assert app.due_on is None and not app.due_provisional
    assert "暂无法计算答复期限" in app.due_steps[0]["text"]
    assert any(s.get("staff_only") and "管理员" in s["text"] for s in app.due_steps)
    assert all("管理员" not in s["text"] for s in app.public_due_steps)
    public = Client()
    public.post("/track/", {"tracking_no": app.tracking_no, "code": code})
    tracking = public.get(f"/track/{app.tracking_no}/").content.decode()
    assert "暂无法计算" in tracking and "管理员" not in tracking and "暂停计时" not in tracking
    staff = Client()
    staff.force_login(cast.clerk)
    assert "muted\">暂停计时" not in staff.get("/office/applications/").content.decode()


@pytest.mark.django_db
def test_reminders_go_out_for_a_provisional_date(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    cast.clerk.email = "clerk@example.gov.cn"
    cast.clerk.save()
    app, _ = _december_case(cast, receipt=False)
    actions.assign(application=app, clerk=cast.clerk, actor=cast.clerk, now=at(D(2026, 12, 21)))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2027-01-13", stdout=StringIO())
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "2027年1月18日（预估。" in body and REASON in body
    assert CaseEvent.objects.get(application=app, kind="reminded").payload["provisional"] is True


def test_periods_notified_to_others_carry_the_caveat(cast: Any) -> None:
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                              submitted_on=D(2026, 12, 14), actor=cast.clerk, now=at(D(2026, 12, 14)))
    actions.request_correction(application=app, items="请写明文号", actor=cast.clerk, now=at(D(2026, 12, 16)))
    text = _letter_text(app, "correction")
    assert "请于2027年1月7日前提交补正后的申请" in text
    assert "上述期限系按《全国年节及纪念日放假办法》规定的法定节假日推算（国务院办公厅尚未公布2027年的节假日安排）" in text
    assert "期限只会相应延后，不会提前" in text
    firm, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                               submitted_on=D(2026, 11, 2), actor=cast.clerk, now=at(D(2026, 11, 2)))
    actions.start_consultation(application=firm, kind="third_party", party_name="某公司", actor=cast.clerk,
                               now=at(D(2026, 11, 3)))
    assert "推算" not in _letter_text(firm, "third_party")
