"""The researcher (年报审查): downloads an agency's published annual report from the portal, uploads it with
another published report to the auditor, sees the batch with its charts and one report with its findings
marked in the tables and the text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from gongkai.agencies.models import Membership, Role

from .data import published_report

SEED_TEXT = Path(__file__).resolve().parents[1] / "auditor" / "corpus" / "000_d700c24dbd5bf299.txt"


def test_researcher_journey(cast: Any, journey: Any, page: Any, tmp_path: Path) -> None:
    published_report(cast)
    user = get_user_model().objects.create_user("researcher", password="gongkai-demo", first_name="郑研究")
    Membership.objects.create(user=user, agency=cast.district, role=Role.CLERK)
    j = journey("researcher")

    j.goto(f"/agency/{cast.planning.slug}/reports/2019/")
    j.visit("published-report", controls=[".downloads a"])
    with page.expect_download() as dl:
        page.click('a[data-fmt="docx"]')
    docx = tmp_path / "宝山区规划和自然资源局2019年政府信息公开工作年度报告.docx"
    dl.value.save_as(docx)

    j.login("researcher")
    with page.expect_navigation():
        page.click("nav.mainnav >> text=年报审查")
    j.visit("audit-home", controls=["#audit-upload input[type=file]", "#audit-upload button[type=submit]"])
    page.set_input_files("#audit-upload input[type=file]", [str(docx), str(SEED_TEXT)])
    with page.expect_navigation():
        page.click("#audit-upload button[type=submit]")
    page.wait_for_selector("#chart-rules")
    rows = page.locator("#batch-reports tbody tr")
    assert rows.count() == 2
    assert "宝山区规划和自然资源局" in page.inner_text("#batch-reports")
    assert page.evaluate("() => !!Chart.getChart(document.getElementById('chart-rules'))")  # charts drawn
    j.visit("audit-batch", controls=["#batch-reports", "#export-xlsx"])

    with page.expect_navigation():
        page.click(f"#batch-reports a:has-text('{SEED_TEXT.name}')")
    assert "宝山区规划和自然资源局" in page.inner_text("h1")
    assert page.locator("#findings li").count() == 4
    assert "347件" in page.inner_text(".report-doc .narrative-bad")
    assert page.locator("td.warn").count() >= 3
    j.visit("audit-report", controls=["#findings"])
