"""In a real browser: a request to correct a record made on the portal, answered by the clerk (不予更正 with
reasons), the reply letter downloaded and its text checked."""

from __future__ import annotations

from typing import Any

import pytest

from tests.letters.helpers import docx_text

pytestmark = pytest.mark.browser


def test_record_correction_journey(transactional_db: Any, cast: Any, live_server: Any, login: Any) -> None:
    page = login("clerk")
    public = page.context.browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/agency/{cast.planning.slug}/correct-record/")
    public.fill("#id_applicant_name", "张三")
    public.fill("#id_address", "上海市宝山区友谊路1号")
    public.fill("#id_record", "不动产登记簿记载的权利人姓名为“张叁”")
    public.fill("#id_correction", "张三")
    public.click("#record-form button[type=submit]")
    assert "证明记录不准确的证据" in public.content()  # required, the rest kept
    assert public.input_value("#id_record") == "不动产登记簿记载的权利人姓名为“张叁”"
    public.fill("#id_evidence", "居民身份证、户口簿")
    public.click("#record-form button[type=submit]")
    number = public.inner_text("#record-number").strip()
    assert public.inner_text("#record-due")
    public.context.close()

    page.goto(f"{live_server.url}/office/records/")
    page.click(f"#records a:text('{number}')")
    assert page.inner_text("#status") == "办理中" and "第四十一条" in page.inner_text("#due-steps")
    page.select_option("#id_outcome", "refused")
    page.click("#answer-form button[type=submit]")
    assert "不予更正的，请写明理由" in page.content()
    page.select_option("#id_outcome", "refused")
    page.fill("#id_reason", "登记簿记载与身份证明一致")
    page.click("#answer-form button[type=submit]")
    assert page.inner_text("#status") == "已答复" and page.inner_text("#outcome") == "不予更正"
    with page.expect_download() as dl:
        page.click("#letter a:text('Word')")
    text = docx_text(open(dl.value.path(), "rb").read())
    assert "政府信息记录更正申请答复书" in text and number in text
    assert "本机关不予更正。理由：登记簿记载与身份证明一致。" in text
    assert "《中华人民共和国政府信息公开条例》第四十一条" in text and "申请行政复议" in text
