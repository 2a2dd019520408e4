"""Every staff look at an applicant's personal data is logged (who, when, from where, what), through one helper;
the agency's 负责人 and 管理员 read the log at /office/access-log/, everyone else gets 404."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.agencies.models import AccessKind, PersonalDataAccess
from gongkai.applications import actions
from tests.applications.conftest import DETAILS

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(cast: Any) -> Any:
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                              submitted_on=timezone.localdate(), files=[("身份证.pdf", b"%PDF-1.4 test")],
                              actor=cast.clerk, now=timezone.now())
    return app


def _as(user: Any, address: str = "10.1.1.30") -> Client:
    c = Client(REMOTE_ADDR=address)
    c.force_login(user)
    return c


def _rows(**kw: Any) -> list[PersonalDataAccess]:
    return list(PersonalDataAccess.objects.filter(**kw).order_by("pk"))


def test_case_page_is_logged_with_who_when_where(cast: Any, case: Any) -> None:
    before = timezone.now()
    r = _as(cast.clerk).get(f"/office/applications/{case.pk}/")
    assert r.status_code == 200 and DETAILS["applicant_name"] in r.content.decode()
    (row,) = _rows(kind=AccessKind.CASE)
    assert (row.user, row.username, row.agency, row.subject, row.object_id, row.address) == (
        cast.clerk, "clerk", cast.planning, case.tracking_no, case.pk, "10.1.1.30")
    assert before <= row.at <= timezone.now()


def test_inbox_with_names_is_logged_with_the_search(cast: Any, case: Any) -> None:
    c = _as(cast.reviewer)
    assert c.get("/office/applications/", {"status": "open", "q": "张三"}).status_code == 200
    (row,) = _rows(kind=AccessKind.LIST)
    assert row.username == "reviewer" and "1件" in row.detail and "张三" in row.detail
    assert c.get("/office/applications/", {"status": "open", "q": "没有这个人"}).status_code == 200
    assert len(_rows(kind=AccessKind.LIST)) == 1  # an empty page shows nobody's data


def test_attachment_and_letter_downloads_are_logged(cast: Any, case: Any) -> None:
    c = _as(cast.head)
    att = case.attachments.get()
    r = c.get(f"/office/applications/{case.pk}/attachments/{att.pk}/")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    letter = case.letters.first()
    assert letter is not None  # the registration receipt
    r = c.get(f"/office/applications/{case.pk}/letters/{letter.pk}.docx")
    assert r.status_code == 200
    (a,) = _rows(kind=AccessKind.ATTACHMENT)
    (lt,) = _rows(kind=AccessKind.LETTER)
    assert a.detail == "身份证.pdf" and a.subject == case.tracking_no and a.username == "head"
    assert letter.title in lt.detail and "DOCX" in lt.detail


def test_refused_action_redisplays_and_logs(cast: Any, case: Any) -> None:
    r = _as(cast.clerk).post(f"/office/applications/{case.pk}/act/extend/", {"workdays": "99", "reason": ""})
    assert r.status_code == 400
    (row,) = _rows(kind=AccessKind.CASE)
    assert "未完成" in row.detail


def test_outsider_gets_404_and_nothing_is_logged(cast: Any, case: Any) -> None:
    c = _as(cast.outsider)
    assert c.get(f"/office/applications/{case.pk}/").status_code == 404
    att = case.attachments.get()
    assert c.get(f"/office/applications/{case.pk}/attachments/{att.pk}/").status_code == 404
    assert not PersonalDataAccess.objects.exists()


def test_appeals_register_and_case_are_logged(cast: Any) -> None:
    from gongkai.appeals import actions as appeal_actions

    appeal = appeal_actions.file_case(agency=cast.planning, kind="rv", case_number="宝府复〔2025〕1号",
                                      applicant_name="王五", filed_on=timezone.localdate(), organ="宝山区人民政府",
                                      prior_review=None, note="", actor=cast.clerk, now=timezone.now())
    c = _as(cast.clerk)
    assert "王五" in c.get("/office/appeals/").content.decode()
    assert "王五" in c.get(f"/office/appeals/{appeal.pk}/").content.decode()
    (lst,) = _rows(kind=AccessKind.APPEAL_LIST)
    (one,) = _rows(kind=AccessKind.APPEAL)
    assert lst.agency == cast.planning and one.subject == "宝府复〔2025〕1号" and one.object_id == appeal.pk


def test_letter_download_in_the_admin_is_logged(cast: Any, case: Any) -> None:
    from django.contrib.auth import get_user_model

    from gongkai.letters.models import Letter

    letter = Letter.objects.filter(application_id=case.pk).first()
    assert letter is not None
    root = get_user_model().objects.get(username="root")
    r = _as(root).get(f"/admin/letters/letter/{letter.pk}/download/docx/")
    assert r.status_code == 200
    (row,) = _rows(kind=AccessKind.LETTER)
    assert row.username == "root" and row.subject == letter.number and row.object_id == case.pk


# --------------------------------------------------------------------------- the log page


def test_head_and_admin_read_the_log(cast: Any, case: Any) -> None:
    _as(cast.clerk).get(f"/office/applications/{case.pk}/")
    for user in (cast.head, cast.admin):
        r = _as(user).get("/office/access-log/")
        html = r.content.decode()
        assert r.status_code == 200 and case.tracking_no in html and "clerk" in html and "申请详情" in html
        assert 'href="/office/access-log/"' in html  # in the menu


@pytest.mark.parametrize("who", ["clerk", "reviewer", "supervisor"])
def test_everyone_else_gets_404(cast: Any, case: Any, who: str) -> None:
    c = _as(getattr(cast, who))
    assert c.get("/office/access-log/").status_code == 404
    assert c.get("/office/access-log/", {"agency": cast.planning.pk}).status_code == 404
    assert 'href="/office/access-log/"' not in c.get("/office/").content.decode()


def test_outsider_head_cannot_read_another_agency(cast: Any, case: Any) -> None:
    _as(cast.clerk).get(f"/office/applications/{case.pk}/")
    c = _as(cast.outsider)  # 负责人 of the transport commission
    r = c.get("/office/access-log/")
    assert r.status_code == 200 and cast.transport.name in r.content.decode()
    assert case.tracking_no not in r.content.decode()  # its own agency's log only
    assert c.get("/office/access-log/", {"agency": cast.planning.pk}).status_code == 404


def test_anonymous_is_sent_to_login(cast: Any) -> None:
    r = Client().get("/office/access-log/")
    assert r.status_code == 302 and "/office/login/" in r["Location"]


def test_filters(cast: Any, case: Any) -> None:
    _as(cast.clerk).get(f"/office/applications/{case.pk}/")
    _as(cast.reviewer).get(f"/office/applications/{case.pk}/")
    old = _as(cast.clerk)
    old.get(f"/office/applications/{case.pk}/attachments/{case.attachments.get().pk}/")
    PersonalDataAccess.objects.filter(kind=AccessKind.ATTACHMENT).update(
        at=timezone.make_aware(dt.datetime(2024, 5, 1, 9, 0)))
    c = _as(cast.head)

    def shown(**params: Any) -> int:
        r = c.get("/office/access-log/", params)
        assert r.status_code == 200
        return r.content.decode().count("<tr>\n  <td>")

    assert shown() == 3
    assert shown(user="reviewer") == 1
    assert shown(kind="attachment") == 1
    assert shown(subject=case.tracking_no[-5:]) == 3
    assert shown(until="2024-12-31") == 1 and shown(since="2025-01-01") == 2
    r = c.get("/office/access-log/", {"since": "2025-02-01", "until": "2025-01-01"})
    assert r.status_code == 400 and "截止日期不能早于起始日期" in r.content.decode()
    assert c.get("/office/access-log/", {"since": "not-a-date"}).status_code == 400


def test_appeal_case_in_the_admin_is_read_only_and_logged(cast: Any) -> None:
    from django.contrib.auth import get_user_model

    from gongkai.appeals import actions as appeal_actions
    from gongkai.appeals.models import AppealCase

    appeal = appeal_actions.file_case(agency=cast.planning, kind="rv", case_number="宝府复〔2025〕2号",
                                      applicant_name="赵六", filed_on=timezone.localdate(), organ="宝山区人民政府",
                                      prior_review=None, note="", actor=cast.clerk, now=timezone.now())
    root = _as(get_user_model().objects.get(username="root"))
    listing = root.get("/admin/appeals/appealcase/").content.decode()
    assert "宝府复〔2025〕2号" in listing and "赵六" not in listing
    assert "宝府复〔2025〕2号" not in root.get("/admin/appeals/appealcase/?q=赵六").content.decode()
    assert not PersonalDataAccess.objects.exists()  # no name shown yet, nothing to log
    page = root.get(f"/admin/appeals/appealcase/{appeal.pk}/change/")
    assert page.status_code == 200 and "赵六" in page.content.decode()
    (row,) = _rows(kind=AccessKind.APPEAL)
    assert row.username == "root" and row.object_id == appeal.pk and row.agency == cast.planning
    # read-only: a POST changes nothing, and there is no add or delete
    root.post(f"/admin/appeals/appealcase/{appeal.pk}/change/", {"applicant_name": "改名", "case_number": "X"})
    assert AppealCase.objects.get(pk=appeal.pk).applicant_name == "赵六"
    assert root.get("/admin/appeals/appealcase/add/").status_code == 403
    assert root.get(f"/admin/appeals/appealcase/{appeal.pk}/delete/").status_code == 403
