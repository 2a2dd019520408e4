"""The minimal examples the fuzzing of the public forms found (tests/quality/test_fuzz_forms.py), kept as plain
tests: each was a 500, an English or empty page, or a refusal nobody could see."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from gongkai.applications import actions
from gongkai.applications.models import Application, Status

pytestmark = pytest.mark.django_db

APPLICANT = {
    "applicant_type": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
    "id_number": "11010519491231002X", "phone": "13800000000", "email": "zhangsan@example.com",
    "address": "上海市宝山区友谊路1号", "description": "2024年宝山区控制性详细规划调整的批复文件",
    "form_wanted": "electronic", "obtain_via": "email",
}


def test_superscript_digit_in_resident_id_is_an_error_not_a_500(cast: Any, client: Client) -> None:
    # "²".isdigit() is True but int("²") raises: the check digit computation crashed
    r = client.post(f"/agency/{cast.planning.slug}/apply/", {**APPLICANT, "id_number": "11010519491231002²"})
    assert r.status_code == 400 and "居民身份证号码" in r.content.decode()
    r = client.post(f"/agency/{cast.planning.slug}/apply/", {**APPLICANT, "id_number": "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X"})
    assert r.status_code == 400 and "前17位应为数字" in r.content.decode()
    assert not Application.objects.exists()


def test_full_width_resident_id_is_read_as_ascii(cast: Any, client: Client) -> None:
    r = client.post(f"/agency/{cast.planning.slug}/apply/", {**APPLICANT, "id_number": "１１０１０５１９４９１２３１００２ｘ"})
    assert r.status_code == 200
    assert Application.objects.get().id_number == "11010519491231002X"


@pytest.mark.parametrize("body,ctype", [
    (b"\x00", "multipart/form-data"),
    (b"description=%E4%BD%A0", "application/x-www-form-urlencoded; charset=gbk"),
    (b"&".join(b"f%d=1" % i for i in range(1100)), "application/x-www-form-urlencoded"),
])
def test_unreadable_body_gets_a_chinese_page(cast: Any, client: Client, body: bytes, ctype: str) -> None:
    r = client.generic("POST", "/apply/", body, content_type=ctype)
    page = r.content.decode()
    assert r.status_code == 400 and "无法处理的请求" in page and "提交的内容无法读取" in page
    assert "Bad Request" not in page


def test_csrf_failure_gets_a_chinese_page(cast: Any) -> None:
    r = Client(enforce_csrf_checks=True).post("/track/", {"tracking_no": "X", "code": "Y"})
    page = r.content.decode()
    assert r.status_code == 403 and "页面已过期" in page and "CSRF验证失败" not in page


@pytest.mark.parametrize("path", ["/track/forget/", "/track/NOPE-2026-00001/withdraw/"])
def test_get_on_a_post_only_address_says_so(cast: Any, client: Client, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 405 and r["Allow"] == "POST" and "只接受表单提交" in r.content.decode()


@pytest.fixture
def followed(cast: Any, client: Client) -> Application:
    """A case filed on the portal today, followed in the client's session."""
    app, code = actions.submit_online(agency=cast.planning, details=APPLICANT, now=timezone.now())
    assert client.post("/track/", {"tracking_no": app.tracking_no, "code": code}).status_code == 302
    return app


@pytest.mark.parametrize("fee", ["abc", "-1", "1.5", "١", "9" * 40])
def test_junk_fee_number_is_not_found_not_a_500(followed: Application, client: Client, fee: str) -> None:
    r = client.post(f"/track/{followed.tracking_no}/pay/", {"fee": fee})
    assert r.status_code == 404 and "页面不存在" in r.content.decode()


def test_correction_not_asked_for_is_said_on_the_page(followed: Application, client: Client) -> None:
    # the correction form is only on the page when a correction was asked for: its errors were invisible
    r = client.post(f"/track/{followed.tracking_no}/correct/", {"description": "新的描述内容，补充了文号"}, follow=True)
    assert "本申请当前不需要补正" in r.content.decode()
    followed.refresh_from_db()
    assert followed.status == Status.SUBMITTED and followed.description == APPLICANT["description"]


def test_withdrawing_a_closed_case_is_said_on_the_page(followed: Application, client: Client) -> None:
    actions.withdraw(application=followed, now=timezone.now())
    r = client.post(f"/track/{followed.tracking_no}/withdraw/", {"reason": "x"}, follow=True)
    assert "不能撤回申请" in r.content.decode()


def test_audit_export_with_control_characters_in_names(cast: Any, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("报告\x01.txt", "宝山区2019年政府信息公开工作年度报告")
    client.force_login(cast.clerk)
    r = client.post("/office/audit/", {"files": [SimpleUploadedFile("a.zip", buf.getvalue())]})
    assert r.status_code == 302
    batch_id = r["Location"].strip("/").split("/")[2]
    r = client.get(f"/office/audit/{batch_id}/export.xlsx")
    assert r.status_code == 200 and r.content[:2] == b"PK"


def test_eleven_attachments_are_refused_not_cut_to_ten(cast: Any, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    files = [SimpleUploadedFile(f"证件{i}.pdf", b"%PDF-1.4 x", content_type="application/pdf") for i in range(11)]
    r = client.post(f"/agency/{cast.planning.slug}/apply/", {**APPLICANT, "attachments": files})
    assert r.status_code == 400 and "一次最多上传10个附件，本次为11个" in r.content.decode()
    assert not Application.objects.exists()


# PostgreSQL refuses what SQLite stores: NUL in text and jsonb, text longer than the column. These were 500s
# on PostgreSQL only (run this file with DATABASE_URL=postgres://... to see them).


def test_email_longer_than_the_column_is_an_error(cast: Any, client: Client) -> None:
    email = "a" * 64 + "@" + ("b" * 60 + ".") * 4 + "com"  # 313 characters: Django's form allows 320
    r = client.post(f"/agency/{cast.planning.slug}/apply/", {**APPLICANT, "email": email})
    assert r.status_code == 400 and "电子邮箱地址过长" in r.content.decode()
    assert not Application.objects.exists()


@pytest.mark.parametrize("path", ["/track/a%00b/", "/track/a%00b/letters/1.pdf"])
def test_nul_in_a_tracking_number_is_not_found(cast: Any, client: Client, path: str) -> None:
    assert client.get(path).status_code == 404
    assert client.post("/track/a%00b/withdraw/", {"reason": "x"}).status_code == 404


def test_audit_of_a_file_holding_nul_with_a_long_name(cast: Any, client: Client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.auditor.models import AuditBatch

    seed = (Path(__file__).resolve().parent.parent / "data" / "seed-2019.txt").read_text(encoding="utf-8")
    text = "宝山区\x00规划和自然资源局2019年政府信息公开工作年度报告\n" + seed[:3000] + "\x00" + seed[3000:]
    client.force_login(cast.clerk)
    r = client.post("/office/audit/", {"files": [SimpleUploadedFile("年" * 300 + ".txt", text.encode())]})
    assert r.status_code == 302
    batch = AuditBatch.objects.get()
    assert len(batch.title) == 200 and "\x00" not in str(batch.reports.get().result)
    assert client.get(r["Location"]).status_code == 200


# ---- found by fuzzing the staff forms (tests/quality/test_fuzz_staff_forms.py)


def test_t2_page_with_a_year_out_of_range_shows_last_year(cast: Any) -> None:
    c = Client()
    c.force_login(cast.clerk)
    for year in ("123456", "99999999999"):
        r = c.get(f"/office/catalogue/t2/?year={year}")
        assert r.status_code == 200 and f"{timezone.localdate().year - 1}" in r.content.decode()
    r = c.post("/office/catalogue/t2/?year=123456",
               {"cell": "t2_a20_5.license.decisions", "value": "1" + "0" * 20, "source": "审批系统"})
    assert r.status_code == 200 and "数值过大" in r.content.decode()


def test_nul_in_staff_free_text_is_dropped_not_a_500(cast: Any) -> None:
    from gongkai.reports.actions import create_report

    c = Client()
    c.force_login(cast.clerk)
    year = timezone.localdate().year - 1
    report = create_report(agency=cast.planning, year=year, actor=cast.clerk, now=timezone.now())
    r = c.post(f"/office/reports/{cast.planning.pk}/{year}/narrative/s1/", {"text": "总体情况\x00说明"})
    assert r.status_code == 302
    report.refresh_from_db()
    assert "总体情况说明" in str(report.data["sections"]["s1"])
    r = c.post("/office/catalogue/t2/", {"cell": "t2_a20_5.license.decisions", "value": "12",
                                         "source": "审批\x00系统", "year": str(year)})
    assert r.status_code == 302
    from gongkai.catalogue.models import T2Figure

    assert T2Figure.objects.get(agency=cast.planning, year=year).source == "审批系统"
