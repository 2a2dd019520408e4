"""The applicant answers the agency on the portal, with the number and query code of each application:

- a 补正 request (Art. 30): the corrected description, with a supporting file;
- a fee notice (信息处理费, per page): pays;
- a third application no longer needed: withdraws it (first without ticking the confirmation: refused).

The cases are made with the real actions (submitted online, receipt confirmed by the clerk, then the request).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.utils import timezone

from gongkai.applications import actions
from gongkai.applications.models import Application, FeeStatus, Status

DETAILS = {"applicant_type": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
           "id_number": "11010519491231002X", "phone": "13800000000", "email": "zhangsan@example.com",
           "address": "上海市宝山区友谊路1号", "form_wanted": "electronic", "obtain_via": "email"}
CORRECTED = "宝山区罗店镇美兰湖地区控制性详细规划（2024年局部调整）的批复文件及附图"


def _received(cast: Any, description: str) -> tuple[Application, str]:
    now = timezone.now()
    app, code = actions.submit_online(agency=cast.planning, details={**DETAILS, "description": description}, now=now)
    app = actions.confirm_receipt(application=app, confirmed_on=timezone.localdate(), actor=cast.clerk, now=now)
    return app, code


def _track(j: Any, number: str, code: str) -> None:
    """The 申请查询 page (visited by the applicant of test_case.py): number and query code."""
    page = j.page
    j.goto("/track/")
    page.fill("#id_tracking_no", number)
    page.fill("#id_code", code)
    with page.expect_navigation():
        page.click("#track-form button[type=submit]")
    assert page.inner_text("h1") == f"申请 {number}"


def test_applicant_journey(cast: Any, journey: Any, page: Any, browser_errors: Any, tmp_path: Path) -> None:
    now = timezone.now()
    vague, vague_code = _received(cast, "罗店镇的规划文件")
    actions.request_correction(application=vague, actor=cast.clerk, now=now,
                               items="请写明所需规划的名称、年份或文号，以便检索。")
    charged, charged_code = _received(cast, "2019年至2024年宝山区建设工程规划许可证核发登记簿")
    actions.issue_fee_notice(application=charged, actor=cast.clerk, now=now, method="per_page", pages=50)
    unwanted, unwanted_code = _received(cast, "宝山区顾村镇动迁安置房建设工程规划许可证")
    j = journey("tracked-applicant")

    # -- 补正 ----------------------------------------------------------------------------------------------
    _track(j, vague.tracking_no, vague_code)
    assert page.inner_text("#status") == "待补正" and "重新计算" in page.inner_text("#due-steps")
    assert "请写明所需规划的名称" in page.inner_text("main div.explain")
    assert page.input_value("#correction-form textarea") == "罗店镇的规划文件"
    j.visit("correction", controls=["#correction-form textarea", "#correction-form input[type=file]",
                                    "#correction-form button[type=submit]"])
    page.fill("#correction-form textarea", CORRECTED)
    scan = tmp_path / "规划名称说明.pdf"
    scan.write_bytes(b"%PDF-1.4\n% \xe6\x89\xab\xe6\x8f\x8f\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    page.set_input_files("#correction-form input[type=file]", str(scan))
    with page.expect_navigation():
        page.click("#correction-form button[type=submit]")
    assert "补正后的申请已提交" in page.inner_text(".messages")
    assert page.inner_text("#status") == "办理中" and page.locator("#correction-form").count() == 0
    vague.refresh_from_db()
    assert vague.description == CORRECTED and vague.corrected_received_on == timezone.localdate()
    assert vague.attachments.count() == 1

    # -- the fee ---------------------------------------------------------------------------------------------
    _track(j, charged.tracking_no, charged_code)
    assert page.inner_text("#status") == "待缴费"
    assert "200 元" in page.inner_text("main") and "按量计收，50页" in page.inner_text("main")
    assert "收费通知书" in page.inner_text("#letters")
    j.visit("fee", controls=["button:text('我已缴费')", "button:text('放弃缴费（终止申请）')"])
    with page.expect_navigation():
        page.click("button:text('我已缴费')")
    assert "已登记缴费" in page.inner_text(".messages")
    assert page.inner_text("#status") != "待缴费" and page.locator("button:text('我已缴费')").count() == 0
    assert charged.fee_notices.get().status == FeeStatus.PAID

    # -- withdrawal ------------------------------------------------------------------------------------------
    _track(j, unwanted.tracking_no, unwanted_code)
    page.fill("#withdraw-form input[name=reason]", "已通过其他途径取得")
    with browser_errors.expect_status(400), page.expect_navigation():
        page.click("#withdraw-form button[type=submit]")
    assert "请勾选确认" in page.inner_text("#withdraw-form")
    assert page.input_value("#withdraw-form input[name=reason]") == "已通过其他途径取得"
    j.visit("withdraw-confirm", controls=["#withdraw-form input[type=checkbox]", "#withdraw-form button[type=submit]"])
    page.check("#withdraw-form input[type=checkbox]")
    with page.expect_navigation():
        page.click("#withdraw-form button[type=submit]")
    assert "申请已撤回" in page.inner_text(".messages")
    assert page.inner_text("#status") == "已撤回" and page.locator("#withdraw-form").count() == 0
    unwanted.refresh_from_db()
    assert unwanted.status == Status.WITHDRAWN and unwanted.outcome == "withdrawn_or_other"
    j.visit("withdrawn", controls=["#status"])
