"""In a real browser: compose a report, see an injected inconsistency block publication, fix it, publish,
download the DOCX from the portal and read its numbers back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.agencies.calendar import get_calendar
from gongkai.reports import readback
from gongkai.reports.models import AnnualReport, ReportStatus

from .conftest import file_application


def _recent_workdays(n: int) -> list[dt.date]:
    cal, day, out = get_calendar(), timezone.localdate() - dt.timedelta(days=3), []
    while len(out) < n:
        if cal.is_workday(day):
            out.append(day)
        day -= dt.timedelta(days=1)
    return out


@pytest.mark.browser
def test_compose_block_fix_publish_download(transactional_db, cast, login, live_server, tmp_path) -> None:  # noqa: ANN001
    year = timezone.localdate().year  # the Art. 49 deadline (31 January next year) has not passed
    days = _recent_workdays(3)
    if any(d.year != year for d in days):
        pytest.skip("the first days of January: no working days of this year yet")
    for i, d in enumerate(days):
        file_application(cast, d, name=f"申请人{i}")
    file_application(cast, days[0], "research_institution", "某研究所")

    page = login("head")
    page.goto(f"{live_server.url}/office/reports/")
    page.fill("#id_year", str(year))
    with page.expect_navigation():
        page.click("#new-report button[type=submit]")
    assert page.get_attribute("#report-status", "data-status") == "draft"
    assert page.inner_text('td[data-ref="t3.r1_new.total"]') == "4"
    assert page.inner_text('td[data-ref="t3.r1_new.le_res"]') == "1"

    # inject an inconsistency: a figure bound to a cell this edition does not have
    page.fill("#text-s3", "其中申请人逾期不补正的{t3.r3_6_9.total}件。")
    with page.expect_navigation():
        page.click("#save-s3")
    assert page.locator('tr[data-rule="NARRATIVE_BINDING"]').count() == 1
    page.check("#id_acknowledge_warnings")
    with page.expect_navigation():
        page.click("#publish-button")
    assert "不能发布" in page.inner_text("#publish-blocked")
    assert page.get_attribute("#report-status", "data-status") == "draft"
    assert AnnualReport.objects.get(agency=cast.planning, year=year).status == ReportStatus.DRAFT

    # fix it: bind the figure to the right cell
    page.fill("#text-s3", "本年度新收申请{t3.r1_new.total}件。")
    with page.expect_navigation():
        page.click("#save-s3")
    assert page.locator('tr[data-rule="NARRATIVE_BINDING"]').count() == 0
    page.wait_for_selector("#edit-s3 .rendered")
    assert "本年度新收申请4件。" in page.inner_text("#edit-s3 .rendered")
    page.check("#id_acknowledge_warnings")
    with page.expect_navigation():
        page.click("#publish-button")
    assert page.get_attribute("#report-status", "data-status") == "published"

    report = AnnualReport.objects.get(agency=cast.planning, year=year)
    assert report.published_on == timezone.localdate()
    page.goto(f"{live_server.url}/agency/{cast.planning.slug}/reports/{year}/")
    assert page.inner_text('td[data-ref="t3.r1_new.total"]') == "4"
    with page.expect_download() as info:
        page.click('a[data-fmt="docx"]')
    path = tmp_path / "report.docx"
    info.value.save_as(path)
    back = readback.read_docx(path.read_bytes())
    assert back.to_dict()["tables"] == report.to_report().to_dict()["tables"]
    assert back.t3["r1_new"] == [3, 0, 1, 0, 0, 0, 4]
    assert "本年度新收申请4件。" in back.sections["s3"]
