"""区分处理 in the browser:

- clerk: opens the case's redaction page, uploads the document to release, draws a box over a passage on
  the rendered page (the coordinates fill in), saves it with its reason, accepts the suggested 居民身份证号码,
  rejects the other suggestions, submits;
- reviewer: sees the marks with their reasons beside the pages, approves; the released PDF downloads and
  holds neither the ID number nor the boxed passage.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from gongkai.redaction import engine
from gongkai.redaction.models import ReleaseDocument
from tests.applications.conftest import DETAILS
from tests.redaction import docs


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")


def test_redaction_journey(cast: Any, journey: Any, page: Any, browser_errors: Any, tmp_path: Path) -> None:
    from django.utils import timezone

    from gongkai.applications import actions

    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                              submitted_on=timezone.localdate(), actor=cast.clerk, now=timezone.now())
    src = tmp_path / "征收补偿协议.pdf"
    src.write_bytes(docs.text_pdf(pages=2))

    clerk = journey("redaction-clerk")
    clerk.login("clerk", visit=False)
    clerk.goto(f"/office/applications/{app.pk}/")
    with page.expect_navigation():
        page.click("#redaction-link")
    clerk.visit("case", controls=["#id_file", "#upload-form button[type=submit]"])
    page.set_input_files("#id_file", str(src))
    with page.expect_navigation():
        page.click("#upload-form button[type=submit]")
    doc = ReleaseDocument.objects.get(application=app)
    page.locator(".rd-page img").first.evaluate(
        "img => img.complete ? true : new Promise(r => img.addEventListener('load', () => r(true)))")
    clerk.visit("document", controls=["#box_reason", "#box-form button[type=submit]"])

    # Draw a box over the page's heading (PDF y 50-70 points), by dragging the mouse on the image.
    img = page.locator(".rd-page[data-page='1'] img")
    b = img.bounding_box()
    s = b["width"] / doc.page_sizes[0][0]
    page.mouse.move(b["x"] + 100 * s, b["y"] + 45 * s)
    page.mouse.down()
    page.mouse.move(b["x"] + 500 * s, b["y"] + 72 * s, steps=5)
    page.mouse.up()
    assert page.input_value("#box_page") == "1"
    assert abs(float(page.input_value("#box_x0")) - 100) < 2 and abs(float(page.input_value("#box_y1")) - 72) < 2
    page.select_option("#box_reason", "internal_affairs")
    page.fill("#box_note", "内部机构信息")
    with page.expect_navigation():
        page.click("#box-form button[type=submit]")
    assert "〔第十六条第一款〕" in page.inner_text("#marks")
    page.wait_for_selector(".rd-page[data-page='1'] .rd-saved")

    # Suggestions: accept the ID number, reject the rest.
    while page.locator("#suggestions form.rd-suggestion").count():
        item = page.locator("#suggestions li:has(form.rd-suggestion)").first
        kind = item.get_attribute("data-kind")
        with page.expect_navigation():
            item.locator(f"button[value={'accept' if kind == 'id_number' else 'reject'}]").click()
    assert "居民身份证号码" in page.inner_text("#marks")
    with page.expect_navigation():
        page.click("#submit-form button[type=submit]")
    assert "待审核" in page.inner_text("#doc-status")

    reviewer = journey("redaction-reviewer")
    with page.expect_navigation():
        page.click("nav.mainnav button:text('退出')")
    reviewer.login("reviewer", visit=False)
    reviewer.goto(f"/office/redaction/{doc.pk}/")
    reviewer.visit("review", controls=["#review-form button[value=approve]"])
    assert "保护第三方合法权益" in page.inner_text("#marks") and "属于三类内部事务信息" in page.inner_text("#marks")
    with page.expect_navigation():
        page.click("#review-form button[value=approve]")
    assert "审核通过" in page.inner_text("#doc-status")
    with page.expect_download() as dl:
        page.click("#released-link")
    pdf = Path(dl.value.path()).read_bytes()
    pages = engine.extract_text(pdf)
    assert docs.ID[:10] not in pages[0] and docs.ID not in "".join(pages)
    assert "宝山区规划和自然资源局政府信息公开材料" not in pages[0]  # the boxed heading
    assert "〔第十六条第一款〕" in pages[0] and "〔第十五条〕" in pages[0]
