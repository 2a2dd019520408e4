"""In a real browser (Playwright + Debian's chromium): applying online and tracking; a clerk taking a case
through 补正 → extension → 部分公开 → letter download; a third-party consultation."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from gongkai.applications import actions
from gongkai.applications.models import Application, Status
from tests.applications.conftest import DETAILS

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _next_year_declared(transactional_db: Any) -> None:
    """Deadlines computed from today may run into next year: declare it, as the admin would once the State
    Council publishes it (plain Monday-Friday for the test)."""
    from gongkai.agencies.models import CalendarYear

    year = timezone.localdate().year + 1
    CalendarYear.objects.get_or_create(year=year, defaults={"source": "测试：按周一至周五计算"})


def _act(page: Any, name: str, fields: dict[str, str], *, button: str = "button[type=submit]") -> None:
    box = f"#action-{name}"
    page.click(f"{box} summary")
    for sel, value in fields.items():
        el = page.locator(f"{box} [name={sel}]").first
        tag = el.evaluate("e => e.tagName + ':' + (e.type || '')")
        if tag.startswith("SELECT"):
            el.select_option(value)
        elif tag.endswith("checkbox"):
            el.check()
        else:
            el.fill(value)
    page.locator(f"{box} {button}").first.click()
    page.wait_for_load_state()


def test_apply_online_and_track(transactional_db: Any, cast: Any, live_server: Any, page: Any) -> None:
    page.goto(f"{live_server.url}/agency/{cast.planning.slug}/apply/")
    page.check("input[name=applicant_type][value=natural_person]")
    page.fill("#id_applicant_name", "张三")
    page.select_option("#id_id_type", "resident_id")
    page.fill("#id_id_number", "11010519491231002Y")
    page.fill("#id_email", "zhangsan@example.com")
    page.fill("#id_description", "2024年宝山区控制性详细规划调整的批复文件")
    page.click("#apply-form button[type=submit]")
    assert "居民身份证号码" in page.inner_text("#field-id_number .errorlist")
    assert page.input_value("#id_description") == "2024年宝山区控制性详细规划调整的批复文件"
    page.fill("#id_id_number", "11010519491231002X")
    page.click("#apply-form button[type=submit]")
    number = page.inner_text("#tracking-no").strip()
    code = page.inner_text("#query-code").strip()
    app = Application.objects.get(tracking_no=number)
    assert app.status == Status.SUBMITTED and actions.check_query_code(app, code)

    other = page.context.browser.new_context(locale="zh-CN")
    p2 = other.new_page()
    p2.goto(f"{live_server.url}/track/")
    p2.fill("#id_tracking_no", number)
    p2.fill("#id_code", "WRONG12345")
    p2.click("#track-form button[type=submit]")
    assert "不正确" in p2.content()
    p2.fill("#id_code", code)
    p2.click("#track-form button[type=submit]")
    assert p2.inner_text("#status") == "待确认收到"
    actions.confirm_receipt(application=app, confirmed_on=timezone.localdate(), actor=cast.clerk, now=timezone.now())
    p2.reload()
    assert p2.inner_text("#status") == "已收到"
    assert "第三十一条" in p2.inner_text("#due-steps")
    assert "登记回执" in p2.inner_text("#letters")
    with p2.expect_download() as dl:
        p2.click("#letters a:text('Word')")
    assert dl.value.suggested_filename.endswith(".docx")
    other.close()


def test_clerk_correction_extension_partial_and_letter(transactional_db: Any, cast: Any, live_server: Any,
                                                       page: Any, login: Any) -> None:
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                              submitted_on=timezone.localdate(), actor=cast.clerk, now=timezone.now())
    url = f"{live_server.url}/office/applications/{app.pk}/"
    login("clerk")
    page.goto(url)
    _act(page, "correction", {"items": "请写明所需批复的文号"})
    assert page.inner_text("#status") == "待补正"
    actions.submit_correction(application=app, description="沪规划资源〔2024〕12号批复", now=timezone.now())

    login("head")
    page.goto(url)
    _act(page, "extend", {"workdays": "25", "reason": "需要调取档案"})
    assert "最长不得超过20个工作日" in page.inner_text("#action-extend")
    page.fill("#action-extend [name=workdays]", "15")
    page.click("#action-extend button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("#status") == "已延期办理中"
    assert "延长15个工作日" in page.inner_text("#due-steps")

    login("clerk")
    page.goto(url)
    _act(page, "propose", {"outcome": "A37_partial"})
    assert "不予公开的内容" in page.inner_text("#action-propose .errorlist")
    page.fill("#action-propose [name=withheld_detail]", "批复附件中涉及他人身份证号码的内容")
    page.select_option("#action-propose [name=withheld_reason]", "third_party_rights")
    page.click("#action-propose button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("#status") == "审批中"

    for who in ("reviewer", "head"):
        login(who)
        page.goto(url)
        page.click("#action-review summary")
        page.click("#action-review button[value=approve]")
        page.wait_for_load_state()
    assert page.inner_text("#status") == "已审批待答复"

    login("clerk")
    page.goto(url)
    _act(page, "reply", {})
    assert "部分公开" in page.inner_text("#outcome")
    with page.expect_download() as dl:
        page.locator("#letters tr", has_text="答复书").locator("a.dl-docx").click()
    path = dl.value.path()
    from docx import Document

    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "第三十七条" in text and "他人身份证号码" in text and "行政复议" in text


def test_third_party_consultation(transactional_db: Any, cast: Any, live_server: Any, page: Any, login: Any) -> None:
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                              submitted_on=timezone.localdate(), actor=cast.clerk, now=timezone.now())
    url = f"{live_server.url}/office/applications/{app.pk}/"
    login("clerk")
    page.goto(url)
    _act(page, "consult", {"kind": "third_party", "party_name": "上海宝杨置业有限公司"})
    assert page.inner_text("#status") == "征求意见中"
    assert page.inner_text("#due") == "暂停计时"
    assert "第三方意见征询函" in page.inner_text("#letters")
    _act(page, "finish_consultation", {"answer": "object", "override": "on"})
    assert "公共利益" in page.inner_text("#action-finish_consultation .errorlist")
    page.fill("#action-finish_consultation [name=override_reason]", "涉及公共安全，不公开将对公共利益造成重大影响")
    page.click("#action-finish_consultation button[type=submit]")
    page.wait_for_load_state()
    assert page.inner_text("#status") == "办理中"
    assert "公共利益" in page.inner_text("#letters")
    assert "公共利益决定公开" in page.inner_text("#timeline")
