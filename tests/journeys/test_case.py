"""One application from the applicant's keyboard to the reply letter, through every desk that handles it:

- applicant: applies on the portal by keyboard only, gets a number and a query code, tracks the case;
- clerk: registers an application received in person, confirms receipt of the online one and drafts the reply;
- reviewer: approves the draft; head: signs it off; clerk: issues the reply letter;
- applicant: sees the reply and its letter.

The applicant's browser (``page``) and the staff's (``office_page``) keep separate cookies.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from gongkai.applications.models import Application, Status

from .conftest import kb_radio, kb_select, kb_submit, kb_type, tab_to

DESCRIPTION = "2025年宝山区罗店镇控制性详细规划调整的批复文件及附图"


def _open_action(page: Any, name: str) -> str:
    box = f"#action-{name}"
    page.click(f"{box} summary")
    return box


def _act(page: Any, name: str, *, button: str = "button[type=submit]") -> None:
    box = _open_action(page, name)
    with page.expect_navigation():
        page.locator(f"{box} {button}").first.click()


def test_case_journey(cast: Any, journey: Any, page: Any, office_page: Any, browser_errors: Any) -> None:
    applicant = journey("applicant")

    # -- the applicant applies, by keyboard only -----------------------------------------------------------
    applicant.goto("/")
    tab_to(page, "nav.mainnav a[href='/apply/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    applicant.visit("apply", controls=["#id_agency", "#id_applicant_name", "#id_description",
                                       "#apply-form button[type=submit]"])
    kb_select(page, "#id_agency", str(cast.planning.pk))
    kb_radio(page, "applicant_type", "natural_person")
    kb_type(page, "#id_applicant_name", "张三")
    kb_select(page, "#id_id_type", "resident_id")
    kb_type(page, "#id_id_number", "11010519491231002X")
    kb_type(page, "#id_phone", "13800000000")
    kb_type(page, "#id_email", "zhangsan@example.com")
    kb_type(page, "#id_description", DESCRIPTION)
    kb_radio(page, "form_wanted", "electronic")
    kb_radio(page, "obtain_via", "email")
    kb_submit(page, "#apply-form button[type=submit]")
    number = page.inner_text("#tracking-no").strip()
    code = page.inner_text("#query-code").strip()
    app = Application.objects.get(tracking_no=number)
    assert app.agency == cast.planning and app.status == Status.SUBMITTED and app.description == DESCRIPTION
    applicant.visit("submitted", controls=["#tracking-no", "#query-code"])

    tab_to(page, "nav.mainnav a[href='/track/']")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    applicant.visit("track", controls=["#id_tracking_no", "#id_code", "#track-form button[type=submit]"])
    kb_type(page, "#id_tracking_no", number)
    kb_type(page, "#id_code", code)
    with page.expect_navigation():
        page.keyboard.press("Enter")  # implicit submission from the last text field
    assert page.inner_text("#status") == "待确认收到"
    applicant.visit("case-submitted", controls=["#status", "#letters"])

    # -- the clerk: an application handed in at the counter, then the online one -------------------------------
    clerk = journey("clerk", office_page)
    op = office_page
    clerk.login("clerk")
    assert op.inner_text("#applications-panel .card:has-text('未办结') .big") == "1"  # the online one counts
    clerk.visit("dashboard")
    with op.expect_navigation():
        op.click("nav.mainnav >> text=依申请公开")
    assert number in op.inner_text("#inbox")
    clerk.visit("inbox", controls=["#inbox-filter button", "a.button"])
    with op.expect_navigation():
        op.click("text=登记申请（当面、邮寄、传真、电子邮件）")
    clerk.visit("register", controls=["#id_channel", "#id_applicant_name", "#register-form button[type=submit]"])
    op.select_option("#id_channel", "in_person")
    op.check("input[name=applicant_type][value=natural_person]")
    op.fill("#id_applicant_name", "李四")
    op.select_option("#id_id_type", "resident_id")
    op.fill("#id_id_number", "310113198001010016")  # a wrong check digit: the form comes back, input kept
    op.fill("#id_address", "上海市宝山区友谊路1号")
    op.fill("#id_description", "宝山区顾村镇动迁安置房建设工程规划许可证")
    op.check("input[name=obtain_via][value=post]")
    with browser_errors.expect_status(400), op.expect_navigation():
        op.click("#register-form button[type=submit]")
    assert "校验位不正确" in op.inner_text("#field-id_number .errorlist")
    assert op.input_value("#id_description") == "宝山区顾村镇动迁安置房建设工程规划许可证"
    clerk.visit("register-error", controls=["#field-id_number .errorlist", "#register-form button[type=submit]"])
    op.fill("#id_id_number", "310113198001010013")
    with op.expect_navigation():
        op.click("#register-form button[type=submit]")
    counter = Application.objects.get(applicant_name="李四")
    assert counter.channel == "in_person" and counter.received_on == timezone.localdate()
    assert op.inner_text("#status") in ("已收到", "办理中")
    clerk.visit("registered", controls=["#status"])

    with op.expect_navigation():
        op.click("nav.mainnav >> text=依申请公开")
    with op.expect_navigation():
        op.click(f"#inbox a:text('{number}')")
    assert op.inner_text("#status") == "待确认收到"
    clerk.visit("case-new", controls=["#action-confirm summary"])
    _act(op, "confirm")
    assert op.inner_text("#status") == "已收到"
    assert "登记回执" in op.inner_text("#letters")
    box = _open_action(op, "propose")
    op.select_option(f"{box} [name=outcome]", "A36_2_disclosed")
    op.fill(f"{box} [name=note]", "所申请的批复文件及附图予以公开，以电子邮件发送。")
    clerk.visit("case-draft-reply", controls=[f"{box} [name=outcome]", f"{box} button[type=submit]"])
    with op.expect_navigation():
        op.click(f"{box} button[type=submit]")
    assert op.inner_text("#status") == "审批中"
    clerk.logout()

    # -- the reviewer and the head approve ------------------------------------------------------------------
    for who in ("reviewer", "head"):
        desk = journey(who, office_page)
        desk.login(who)
        desk.visit("dashboard")
        with op.expect_navigation():
            op.click("nav.mainnav >> text=依申请公开")
        with op.expect_navigation():
            op.click(f"#inbox a:text('{number}')")
        assert "予以公开" in op.inner_text("main")
        box = _open_action(op, "review")
        desk.visit("case-review", controls=[f"{box} button[value=approve]"])
        with op.expect_navigation():
            op.click(f"{box} button[value=approve]")
        desk.visit("case-approved", controls=["#status"])
        if who == "head":  # the head also holds the deadline: the counter case offers 延长答复期限 to the head
            desk.goto(f"/office/applications/{counter.pk}/")
            assert op.locator("#action-extend").count() == 1
            desk.visit("case-received", controls=["#action-extend summary"])
            # and the year's annual report, composed from the records (both applications count)
            with op.expect_navigation():
                op.click("nav.mainnav >> text=年度报告")
            desk.visit("reports", controls=["#new-report button[type=submit]"])
            op.fill("#new-report [name=year]", str(timezone.localdate().year))
            with op.expect_navigation():
                op.click("#new-report button[type=submit]")
            assert op.get_attribute("#report-status", "data-status") == "draft"
            assert op.inner_text('td[data-ref="t3.r1_new.total"]') == "2"
            desk.visit("report-workspace", controls=["#report-status"])
        desk.logout()
    assert op.locator("form[action='/office/logout/']").count() == 0  # signed out
    app.refresh_from_db()
    assert app.status == Status.DECIDED and len(app.approvals) == 2

    # -- the clerk issues the reply letter --------------------------------------------------------------------
    clerk.login("clerk", visit=False)
    clerk.goto(f"/office/applications/{app.pk}/")
    assert op.inner_text("#status") == "已审批待答复"
    _act(op, "reply")
    assert op.inner_text("#status") == "已答复"
    assert "答复书" in op.inner_text("#letters")
    clerk.visit("case-replied", controls=["#letters"])

    # -- the applicant sees the reply and its letter ----------------------------------------------------------
    page.reload()
    assert page.inner_text("#status") == "已答复"
    reply_row = page.locator("#letters tr", has_text="答复书")
    assert reply_row.count() == 1
    applicant.visit("case-replied", controls=["#letters"])
    with page.expect_download() as dl:
        reply_row.locator("a:text('Word')").click()
    from docx import Document

    text = "\n".join(p.text for p in Document(dl.value.path()).paragraphs)
    assert "张三" in text and "予以公开" in text
