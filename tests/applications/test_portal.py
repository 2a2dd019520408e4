"""The public pages: apply, errors beside fields, tracking with number + code, acting on the case."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.test.utils import override_settings

from gongkai.applications import actions
from gongkai.applications.models import Application, Status
from tests.applications.conftest import BASE, DETAILS, at

pytestmark = pytest.mark.django_db(transaction=False)


def _post_data(**over: Any) -> dict[str, Any]:
    data = {k: v for k, v in DETAILS.items()}
    data.update(over)
    return data


def test_apply_shows_number_and_code_once_and_mails_them(cast: Any, client: Client, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/agency/{cast.planning.slug}/apply/", _post_data())
    assert r.status_code == 200
    html = r.content.decode()
    app = Application.objects.get()
    assert app.tracking_no in html and app.status == Status.SUBMITTED and app.channel == "internet"
    code = re.search(r'id="query-code">([A-Z0-9]+)<', html).group(1)
    assert actions.check_query_code(app, code)
    assert code not in app.query_code_hash
    assert len(mail.outbox) == 1 and code in mail.outbox[0].body and mail.outbox[0].to == [DETAILS["email"]]


def test_generic_apply_needs_an_agency_and_keeps_values(cast: Any, client: Client) -> None:
    r = client.post("/apply/", _post_data(id_number="110105194912310021", email="not-an-email"))
    assert r.status_code == 400
    html = r.content.decode()
    assert "请选择机关" in html or "此项为必填项" in html
    assert "居民身份证号码校验位不正确" in html
    assert "请输入有效的电子邮箱地址" in html
    assert DETAILS["description"] in html  # typed values kept
    assert not Application.objects.exists()


def test_uscc_checked_for_organisations(cast: Any, client: Client) -> None:
    data = _post_data(applicant_type="commercial_enterprise", applicant_name="上海某公司", id_type="uscc",
                      id_number="91350100M000100Y44", contact_person="李四")
    r = client.post(f"/agency/{cast.planning.slug}/apply/", data)
    assert "统一社会信用代码校验位不正确" in r.content.decode()
    data["id_number"] = "91350100M000100Y43"
    r = client.post(f"/agency/{cast.planning.slug}/apply/", data)
    assert r.status_code == 200 and Application.objects.get().applicant_type == "commercial_enterprise"


@pytest.mark.parametrize("junk", [{"applicant_type": "x"}, {"form_wanted": "🙂"}, {"description": "a" * 5000},
                                  {"postcode": "abc"}, {"agency": "999999"}, {}])
def test_no_input_gives_a_500(cast: Any, client: Client, junk: dict[str, Any]) -> None:
    r = client.post("/apply/", junk)
    assert r.status_code == 400


def test_attachment_type_and_content_checked(cast: Any, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post(f"/agency/{cast.planning.slug}/apply/", {**_post_data(), "attachments": [bad]})
    assert r.status_code == 400 and "内容与文件类型不符" in r.content.decode()
    exe = SimpleUploadedFile("x.exe", b"MZ", content_type="application/octet-stream")
    r = client.post(f"/agency/{cast.planning.slug}/apply/", {**_post_data(), "attachments": [exe]})
    assert "类型不允许" in r.content.decode()
    ok = SimpleUploadedFile("id.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    r = client.post(f"/agency/{cast.planning.slug}/apply/", {**_post_data(), "attachments": [ok]})
    assert r.status_code == 200 and Application.objects.get().attachments.count() == 1


@override_settings(GONGKAI_APPLY_PER_HOUR=2)
def test_submissions_rate_limited_per_address(cast: Any, client: Client) -> None:
    for _ in range(2):
        assert client.post(f"/agency/{cast.planning.slug}/apply/", _post_data()).status_code == 200
    r = client.post(f"/agency/{cast.planning.slug}/apply/", _post_data())
    assert r.status_code == 429 and "提交过于频繁" in r.content.decode()
    assert Application.objects.count() == 2
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(f"/agency/{cast.planning.slug}/apply/", _post_data()).status_code == 200


def test_tracking_needs_number_and_code_and_shows_nothing_else(cast: Any, client: Client) -> None:
    a, code_a = actions.submit_online(agency=cast.planning, details=DETAILS, now=at(BASE))
    b, code_b = actions.submit_online(agency=cast.planning, details={**DETAILS, "applicant_name": "李四"}, now=at(BASE))
    fresh = Client()
    assert fresh.get(f"/track/{a.tracking_no}/").status_code == 404
    r = fresh.post("/track/", {"tracking_no": a.tracking_no, "code": code_b})
    assert r.status_code == 400 and "不正确" in r.content.decode()
    r = fresh.post("/track/", {"tracking_no": a.tracking_no, "code": code_a.lower()})
    assert r.status_code == 302
    page = fresh.get(r["Location"]).content.decode()
    assert a.tracking_no in page and "张三" in page and "李四" not in page
    assert fresh.get(f"/track/{b.tracking_no}/").status_code == 404


def test_applicant_corrects_and_downloads(cast: Any, client: Client) -> None:
    from django.utils import timezone

    today = timezone.localdate()
    now = timezone.now()
    app, code = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=today,
                                 actor=cast.clerk, now=now)
    actions.request_correction(application=app, items="请写明文号", actor=cast.clerk, now=now)
    client.post("/track/", {"tracking_no": app.tracking_no, "code": code})
    page = client.get(f"/track/{app.tracking_no}/").content.decode()
    assert "提交补正" in page and "请写明文号" in page
    r = client.post(f"/track/{app.tracking_no}/correct/", {"description": ""})
    assert r.status_code == 400 and "此项为必填项" in r.content.decode()
    r = client.post(f"/track/{app.tracking_no}/correct/", {"description": "沪规划资源许〔2024〕12号文件"})
    assert r.status_code == 302
    app.refresh_from_db()
    assert app.status == Status.IN_PROGRESS and app.corrected_received_on == today and app.due_on
    letter = app.letters.filter(kind="correction").get()
    r = client.get(f"/track/{app.tracking_no}/letters/{letter.pk}.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    third = actions.start_consultation(application=app, kind="third_party", party_name="某公司", actor=cast.clerk,
                                       now=now)
    hidden = app.letters.get(kind="third_party")
    assert client.get(f"/track/{app.tracking_no}/letters/{hidden.pk}.docx").status_code == 404
    assert third.pk


def test_applicant_withdraws(cast: Any, client: Client) -> None:
    from django.utils import timezone

    app, code = actions.submit_online(agency=cast.planning, details=DETAILS, now=timezone.now())
    client.post("/track/", {"tracking_no": app.tracking_no, "code": code})
    r = client.post(f"/track/{app.tracking_no}/withdraw/", {"reason": "不需要了"})
    assert r.status_code == 400 and "请勾选确认" in r.content.decode()
    r = client.post(f"/track/{app.tracking_no}/withdraw/", {"reason": "不需要了", "confirm": "on"})
    app.refresh_from_db()
    assert app.status == Status.WITHDRAWN and app.outcome == "withdrawn_or_other"


def test_pages_render(cast: Any, client: Client) -> None:
    assert "向哪个机关申请" in client.get("/apply/").content.decode()
    page = client.get(f"/agency/{cast.planning.slug}/apply/").content.decode()
    assert "宝山区规划和自然资源局" in page and "向哪个机关申请" not in page
    assert client.get("/agency/no-such-agency/apply/").status_code == 404
    assert "查询码" in client.get("/track/").content.decode()
    assert client.get("/track/NOPE-2025-00001/").status_code == 404
