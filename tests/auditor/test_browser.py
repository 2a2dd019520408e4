"""In a real browser: a clerk uploads the seed report and sees its highlighted findings."""

import pytest

from .conftest import CORPUS, SEED


@pytest.mark.browser
def test_upload_report_and_see_highlighted_findings(transactional_db, cast, login, live_server):
    page = login("clerk")
    page.goto(f"{live_server.url}/office/audit/")
    page.set_input_files("input[type=file]", str(SEED))
    page.click("#audit-upload button[type=submit]")
    page.wait_for_selector("#findings")
    assert "宝山区规划和自然资源局" in page.inner_text("h1")
    findings = page.locator("#findings li")
    assert findings.count() == 4
    assert "无法提供" in page.inner_text("#findings")
    marked = page.locator(".report-doc .narrative-bad")
    assert marked.count() == 1 and "347件" in marked.inner_text()
    # the cells the narrative disagrees with are highlighted in table 三
    cell = page.locator('td[data-ref="t3.r3_4_1.total"]')
    assert "warn" in cell.get_attribute("class") and cell.inner_text() == "65"
    assert page.locator("td.warn").count() >= 3


@pytest.mark.browser
def test_batch_page_draws_charts(transactional_db, cast, login, live_server):
    page = login("supervisor")
    page.goto(f"{live_server.url}/office/audit/")
    page.set_input_files("input[type=file]", [str(SEED), str(CORPUS / "11-seed-rowspan.html")])
    page.click("#audit-upload button[type=submit]")
    page.wait_for_selector("#chart-rules")
    assert page.locator("#batch-reports tbody tr").count() == 2
    data = page.evaluate("() => JSON.parse(document.getElementById('audit-charts').textContent)")
    assert data["rules"]["values"] == [8]  # four narrative findings in each copy of the seed
    assert data["agencies"]["labels"] == ["宝山区规划和自然资源局"]
    if page.evaluate("() => typeof window.Chart") != "undefined":  # static files served (whitenoise)
        assert page.evaluate("() => !!Chart.getChart(document.getElementById('chart-rules'))")
