"""Staff pages: outsiders get 404 everywhere, role checks, inbox filters, bulk actions, action forms."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.applications import actions
from gongkai.applications.models import Application, CaseEvent, Status
from tests.applications.conftest import DETAILS


@pytest.fixture
def today_case(cast: Any) -> Application:
    today = timezone.localdate()
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=today,
                              actor=cast.clerk, now=timezone.now())
    return app


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_outsider_gets_404_on_every_staff_view(cast: Any, today_case: Application) -> None:
    from gongkai.applications.models import Attachment

    letter = today_case.letters.get()
    att = Attachment.objects.create(application=today_case, file="applications/x/attachments/a.pdf",
                                    original_name="a.pdf", size=1, uploaded_at=timezone.now())
    c = _client(cast.outsider)
    pk = today_case.pk
    for url in (f"/office/applications/{pk}/", f"/office/applications/{pk}/letters/{letter.pk}.docx",
                f"/office/applications/{pk}/attachments/{att.pk}/"):
        assert c.get(url).status_code == 404, url
    for name in ("assign", "correction", "extend", "propose", "withdraw", "confirm"):
        assert c.post(f"/office/applications/{pk}/act/{name}/", {}).status_code == 404, name
    inbox = c.get("/office/applications/").content.decode()
    assert today_case.tracking_no not in inbox and "张三" not in inbox
    assert c.post("/office/applications/", {"ids": [pk], "bulk": "remind"}).status_code == 302
    assert not CaseEvent.objects.filter(application=today_case, kind="reminded").exists()
    anon = Client()
    assert anon.get(f"/office/applications/{pk}/").status_code == 302  # to the login page


def test_clerk_cannot_extend_but_head_can(cast: Any, today_case: Application) -> None:
    clerk = _client(cast.clerk)
    page = clerk.get(f"/office/applications/{today_case.pk}/").content.decode()
    assert "action-extend" not in page
    r = clerk.post(f"/office/applications/{today_case.pk}/act/extend/", {"workdays": 10, "reason": "查档"})
    assert r.status_code == 400 and "只有本机关的负责人才能批准延长答复期限" in r.content.decode()
    today_case.refresh_from_db()
    assert today_case.extension_wd == 0
    head = _client(cast.head)
    assert "action-extend" in head.get(f"/office/applications/{today_case.pk}/").content.decode()
    r = head.post(f"/office/applications/{today_case.pk}/act/extend/", {"workdays": 25, "reason": "查档"})
    assert r.status_code == 400 and "最长不得超过20个工作日" in r.content.decode()
    r = head.post(f"/office/applications/{today_case.pk}/act/extend/", {"workdays": 10, "reason": "查档"})
    assert r.status_code == 302
    today_case.refresh_from_db()
    assert today_case.extension_wd == 10 and today_case.status == Status.EXTENDED


def test_review_chain_roles(cast: Any, today_case: Application) -> None:
    clerk, reviewer, head = _client(cast.clerk), _client(cast.reviewer), _client(cast.head)
    r = clerk.post(f"/office/applications/{today_case.pk}/act/propose/", {"outcome": "A37_partial"})
    assert r.status_code == 400 and "不予公开的内容" in r.content.decode()
    r = clerk.post(f"/office/applications/{today_case.pk}/act/propose/",
                   {"outcome": "A37_partial", "withheld_detail": "个人信息", "withheld_reason": "third_party_rights"})
    assert r.status_code == 302
    assert clerk.post(f"/office/applications/{today_case.pk}/act/review/", {"decision": "approve"}).status_code == 400
    assert head.post(f"/office/applications/{today_case.pk}/act/review/", {"decision": "approve"}).status_code == 400
    assert reviewer.post(f"/office/applications/{today_case.pk}/act/review/", {"decision": "approve"}).status_code == 302
    assert head.post(f"/office/applications/{today_case.pk}/act/review/", {"decision": "approve"}).status_code == 302
    today_case.refresh_from_db()
    assert today_case.status == Status.DECIDED and today_case.outcome == "A37_partial"
    assert clerk.post(f"/office/applications/{today_case.pk}/act/reply/", {}).status_code == 302
    letter = today_case.letters.get(kind="reply_partial")
    r = clerk.get(f"/office/applications/{today_case.pk}/letters/{letter.pk}.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_inbox_filters_and_bulk_assign(cast: Any, today_case: Application) -> None:
    old_day = timezone.localdate() - dt.timedelta(days=45)
    old, _ = actions.register(agency=cast.planning, details={**DETAILS, "applicant_name": "王五"},
                              channel="in_person", submitted_on=old_day, actor=cast.clerk, now=timezone.now(),
                              issue_receipt=False)
    c = _client(cast.clerk)
    overdue = c.get("/office/applications/?due=overdue").content.decode()
    assert old.tracking_no in overdue and today_case.tracking_no not in overdue
    r = c.post("/office/applications/?status=open", {"ids": [old.pk, today_case.pk], "bulk": "assign",
                                                     "clerk": cast.clerk2.pk})
    assert r.status_code == 302
    assert Application.objects.filter(assigned_to=cast.clerk2).count() == 2
    mine = c.get("/office/applications/?clerk=clerk2").content.decode()
    assert old.tracking_no in mine
    org = c.get("/office/applications/?applicant_type=commercial_enterprise").content.decode()
    assert old.tracking_no not in org
    r = c.post("/office/applications/", {"ids": [old.pk], "bulk": "remind"})
    assert CaseEvent.objects.filter(application=old, kind="reminded").count() == 1
    c.post("/office/applications/", {"ids": [old.pk], "bulk": "remind"})
    assert CaseEvent.objects.filter(application=old, kind="reminded").count() == 1


def test_register_form_errors_and_success(cast: Any) -> None:
    c = _client(cast.clerk)
    r = c.post("/office/applications/new/", {**DETAILS, "channel": "post_signed", "submitted_on": "2025-03-03",
                                             "signed_on": "2025-03-01"})
    assert r.status_code == 400 and "签收日期（2025年3月1日）不得早于提交日期" in r.content.decode()
    r = c.post("/office/applications/new/", {**DETAILS, "channel": "fax", "submitted_on": "bad", "id_number": "1"})
    assert r.status_code == 400 and "请输入有效日期" in r.content.decode() and "居民身份证号码应为18位" in r.content.decode()
    r = c.post("/office/applications/new/", {**DETAILS, "channel": "post_signed", "submitted_on": "2025-03-03",
                                             "signed_on": "2025-03-05"})
    assert r.status_code == 302
    app = Application.objects.get()
    assert app.received_on == dt.date(2025, 3, 5) and app.status == Status.RECEIVED


def test_supervisor_reads_but_cannot_act(cast: Any, today_case: Application) -> None:
    c = _client(cast.supervisor)
    assert c.get("/office/applications/new/").status_code == 404
    page = c.get(f"/office/applications/{today_case.pk}/")
    assert page.status_code == 200 and "没有可办理的操作" in page.content.decode()
    r = c.post(f"/office/applications/{today_case.pk}/act/withdraw/", {"confirm": "on"})
    assert r.status_code == 400
    today_case.refresh_from_db()
    assert today_case.status == Status.RECEIVED


def test_dashboard_panel(cast: Any, today_case: Application) -> None:
    page = _client(cast.clerk).get("/office/").content.decode()
    assert "applications-panel" in page and "chart-months" in page


def test_dashboard_figures(cast: Any) -> None:
    from gongkai.applications.actions import local_date
    from gongkai.office.views_applications import stats

    now = timezone.now()
    today = local_date(now)
    cast.planning.settings = {"decision_chain": []}
    cast.planning.save()
    start = today - dt.timedelta(days=10)
    on_time, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=start,
                                  actor=cast.clerk, now=now, issue_receipt=False)
    actions.propose_decision(application=on_time, outcome="A36_2_disclosed", actor=cast.clerk, now=now)
    actions.issue_reply(application=on_time, actor=cast.clerk, now=now)
    late, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=start,
                               actor=cast.clerk, now=now, issue_receipt=False)
    Application.objects.filter(pk=late.pk).update(due_on=today - dt.timedelta(days=1))
    actions.propose_decision(application=late, outcome="A36_4_not_exist", actor=cast.clerk, now=now)
    actions.issue_reply(application=late, actor=cast.clerk, now=now)
    s = stats(cast.planning, today)
    assert s["on_time_rate"] == 50.0 and s["answered"] == 2
    assert dict(zip(s["outcome_labels"], s["outcome_counts"], strict=True))["无法提供"] == 1
    assert sum(s["month_counts"]) == 2
    assert s["avg_workdays"] is not None and s["avg_workdays"] > 0


def test_staff_download_uploaded_attachment(cast: Any) -> None:
    app, _ = actions.submit_online(agency=cast.planning, details=DETAILS, files=[("证件.pdf", b"%PDF-1.4 id card")],
                                   now=timezone.now())
    att = app.attachments.get()
    assert att.file.name.startswith(f"applications/{app.pk}/attachments/") and not att.file.name.endswith("证件.pdf")
    r = _client(cast.clerk).get(f"/office/applications/{app.pk}/attachments/{att.pk}/")
    assert r.status_code == 200 and r.content == b"%PDF-1.4 id card"
    assert "attachment;" in r["Content-Disposition"]
