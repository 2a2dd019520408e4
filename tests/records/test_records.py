"""Requests to correct a record about the applicant (《条例》第四十一条): intake on the portal and on paper, the
deadline (an agency setting, provisional into a year without a notice), the four answers and their letter."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from gongkai.law.records import record_reply_due
from gongkai.letters.models import Letter
from gongkai.records import actions
from gongkai.records.actions import RecordError
from gongkai.records.models import RecordEvent, RecordRequest, RecordStatus
from tests.letters.helpers import docx_text

SH = dt.timezone(dt.timedelta(hours=8))
DETAILS = {"applicant_name": "张三", "email": "zhangsan@example.com", "address": "上海市宝山区友谊路1号",
           "record": "不动产登记簿记载的权利人姓名为“张叁”", "correction": "张三",
           "evidence": "居民身份证、户口簿复印件"}


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, tzinfo=SH)


@pytest.mark.parametrize(("received", "wd", "due", "provisional"), [
    (dt.date(2026, 11, 2), 20, dt.date(2026, 11, 30), False),
    (dt.date(2026, 12, 20), 20, dt.date(2027, 1, 18), True),
    (dt.date(2026, 11, 2), 10, dt.date(2026, 11, 16), False),
])
def test_deadline_is_a_setting_and_may_be_provisional(cast: Any, received: dt.date, wd: int, due: dt.date,
                                                      provisional: bool) -> None:
    cast.planning.settings = {**cast.planning.settings, "record_correction_wd": wd}
    cast.planning.save()
    req = actions.submit(agency=cast.planning, details=DETAILS, actor=cast.clerk, received_on=received,
                         now=at(received))
    assert (req.due_on, req.due_provisional) == (due, provisional)
    assert req.due_steps[0]["text"].endswith("（《条例》第四十一条）")


def test_law_refuses_an_unreasonable_period() -> None:
    with pytest.raises(ValueError, match="1至60个工作日"):
        record_reply_due(dt.date(2026, 11, 2), 0)


def test_online_intake_numbers_and_mails(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        req = actions.submit(agency=cast.planning, details=DETAILS, now=at(dt.date(2026, 11, 2)))
    assert req.number == f"{cast.planning.code}-GZ-2026-0001" and req.channel == "online"
    assert req.received_on == dt.date(2026, 11, 2) and "2026年11月30日" in mail.outbox[0].body
    second = actions.submit(agency=cast.planning, details=DETAILS, now=at(dt.date(2026, 11, 3)))
    assert second.number.endswith("-0002")
    with pytest.raises(RecordError, match="证据"):
        actions.submit(agency=cast.planning, details={**DETAILS, "evidence": " "}, now=at(dt.date(2026, 11, 3)))
    with pytest.raises(RecordError, match="工作人员"):
        actions.submit(agency=cast.planning, details=DETAILS, actor=cast.outsider, now=at(dt.date(2026, 11, 3)))


@pytest.mark.parametrize(("outcome", "kw", "sentence"), [
    ("corrected", {}, "情况属实，本机关已予以更正。"),
    ("referred", {"organ": "上海市宝山区不动产登记事务中心"}, "转送上海市宝山区不动产登记事务中心处理。"),
    ("redirected", {"organ": "上海市宝山区不动产登记事务中心"}, "请您向上海市宝山区不动产登记事务中心提出更正申请。"),
    ("refused", {"reason": "登记簿记载与申请材料一致"}, "本机关不予更正。理由：登记簿记载与申请材料一致。"),
])
def test_every_answer_issues_its_letter(cast: Any, outcome: str, kw: dict[str, str], sentence: str) -> None:
    req = actions.submit(agency=cast.planning, details=DETAILS, now=at(dt.date(2026, 11, 2)))
    actions.answer(request=req, outcome=outcome, actor=cast.clerk, now=at(dt.date(2026, 11, 10)), **kw)
    assert req.status == RecordStatus.ANSWERED and req.outcome == outcome and req.concluded_on == dt.date(2026, 11, 10)
    letter = Letter.objects.get(pk=req.letter_id)
    text = docx_text(letter.docx.read())
    assert "政府信息记录更正申请答复书" in text and "第四十一条" in text and sentence in text
    assert "申请行政复议" in text and req.number in text
    assert RecordEvent.objects.filter(request=req).values_list("kind", flat=True).last() == "answered"
    with pytest.raises(RecordError, match="已经答复"):
        actions.answer(request=req, outcome="corrected", actor=cast.clerk, now=at(dt.date(2026, 11, 11)))


def test_answer_needs_its_particulars_and_a_member(cast: Any) -> None:
    req = actions.submit(agency=cast.planning, details=DETAILS, now=at(dt.date(2026, 11, 2)))
    with pytest.raises(RecordError, match="理由"):
        actions.answer(request=req, outcome="refused", actor=cast.clerk, now=at(dt.date(2026, 11, 3)))
    with pytest.raises(RecordError, match="有权更正"):
        actions.answer(request=req, outcome="referred", actor=cast.clerk, now=at(dt.date(2026, 11, 3)))
    with pytest.raises(RecordError, match="答复结果"):
        actions.answer(request=req, outcome="nonsense", actor=cast.clerk, now=at(dt.date(2026, 11, 3)))
    with pytest.raises(RecordError, match="经办人"):
        actions.answer(request=req, outcome="corrected", actor=cast.outsider, now=at(dt.date(2026, 11, 3)))
    assert RecordRequest.objects.get(pk=req.pk).status == RecordStatus.RECEIVED


def test_pages(cast: Any) -> None:
    public = Client()
    r = public.post(f"/agency/{cast.planning.slug}/correct-record/", {**DETAILS, "evidence": ""})
    assert r.status_code == 400 and "张叁" in r.content.decode()  # kept
    r = public.post(f"/agency/{cast.planning.slug}/correct-record/", DETAILS)
    assert r.status_code == 200 and "更正申请已提交" in r.content.decode()
    req = RecordRequest.objects.get()
    staff = Client()
    staff.force_login(cast.clerk)
    assert req.number in staff.get("/office/records/").content.decode()
    r = staff.post(f"/office/records/{req.pk}/", {"outcome": "refused"})
    assert r.status_code == 400 and "不予更正的，请写明理由" in r.content.decode()
    r = staff.post(f"/office/records/{req.pk}/", {"outcome": "refused", "reason": "与档案一致"})
    assert r.status_code == 302
    page = staff.get(f"/office/records/{req.pk}/").content.decode()
    assert "不予更正" in page and "letter.docx" in page
    r = staff.get(f"/office/records/{req.pk}/letter.docx")
    assert r.status_code == 200 and "与档案一致" in docx_text(r.content)
    outsider = Client()
    outsider.force_login(cast.outsider)
    assert outsider.get(f"/office/records/{req.pk}/").status_code == 404
    assert outsider.get(f"/office/records/{req.pk}/letter.docx").status_code == 404
    assert req.number not in outsider.get("/office/records/").content.decode()
    r = staff.post("/office/records/new/", {**DETAILS, "received_on": "2026-11-03"})
    assert r.status_code == 302 and RecordRequest.objects.filter(channel="paper").count() == 1
