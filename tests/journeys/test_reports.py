"""The annual report beyond one year and one department:

- head (负责人): compares the agency's 2020 report with 2019 (table and charts over the years), then records a
  training session in the work log that feeds the narrative drafts;
- supervisor (区政务公开办): opens the district government's 2019 report list and its roll-up of the
  departments' reports (which are in, which are missing).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from gongkai.law.report import Report
from gongkai.reports import actions
from gongkai.reports.models import WorkLogEntry

from .data import SEED_JSON, published_report


def _report_2020(cast: Any) -> Any:
    """Planning's 2020 report, imported from its 2019 figures with twelve more new applications."""
    data = Report.from_json(SEED_JSON.read_text(encoding="utf-8")).to_dict()
    data["year"] = 2020
    data["tables"]["t3"]["r1_new"][0] += 12
    data["tables"]["t3"]["r1_new"][6] += 12
    at = timezone.make_aware(dt.datetime(2021, 1, 8, 10))
    return actions.import_report(agency=cast.planning, year=2020, data=data, actor=cast.clerk, now=at)


def test_reports_journey(cast: Any, journey: Any, page: Any) -> None:
    published_report(cast)
    _report_2020(cast)
    at = timezone.make_aware(dt.datetime(2020, 1, 6, 10))
    actions.create_report(agency=cast.transport, year=2019, actor=cast.outsider, now=at)  # started, not submitted
    actions.create_report(agency=cast.district, year=2019, actor=None, now=at)  # the government's own report

    # -- the head compares the years ----------------------------------------------------------------------
    head = journey("reports-head")
    head.login("head", visit=False)
    with page.expect_navigation():
        page.click("nav.mainnav >> text=年度报告")
    with page.expect_navigation():
        page.click("#reports tr:has-text('2020年度报告') a:text('同比')")
    assert "2020年与2019年比较" in page.inner_text("h1")
    row = page.locator("#compare-table tr[data-ref='t3.r1_new.total'] td")
    assert row.all_inner_texts()[1:4] == ["395", "383", "+12"]
    assert "-0.0%" not in page.inner_text("#compare-table")  # 本年增/减 -100 both years: no change, 0.0%
    page.wait_for_function("() => !!(Chart.getChart(document.getElementById('chart-t3'))"
                           " && Chart.getChart(document.getElementById('chart-t4')))")
    labels = page.evaluate("() => Chart.getChart(document.getElementById('chart-t3')).data.labels")
    assert labels == ["2019", "2020"]
    head.visit("compare", controls=["#chart-t3", "#chart-t4", "#compare-table"])

    # -- and records what the records do not hold ------------------------------------------------------------
    with page.expect_navigation():
        page.click("nav.mainnav >> text=年度报告")
    with page.expect_navigation():
        page.click("main a:text('工作记录')")
    page.fill("#id_day", timezone.localdate().isoformat())
    page.select_option("#id_kind", "training")
    page.fill("#id_count", "2")
    page.fill("#id_note", "区政务公开办组织的政府信息公开业务培训")
    with page.expect_navigation():
        page.click("#worklog-form button[type=submit]")
    assert WorkLogEntry.objects.get(agency=cast.planning).count == 2
    assert page.inner_text("#worklog-summary tr:has-text('参加培训') td:nth-child(2)") == "2"
    assert "区政务公开办组织的政府信息公开业务培训" in page.inner_text("main")
    head.visit("worklog", controls=["#id_kind", "#id_count", "#worklog-form button[type=submit]"])
    head.logout()

    # -- the supervisor reads the district's roll-up -------------------------------------------------------
    supervisor = journey("reports-supervisor")
    supervisor.login("supervisor", visit=False)
    with page.expect_navigation():
        page.click("nav.mainnav >> text=年度报告")
    assert cast.district.name in page.inner_text("h1")
    with page.expect_navigation():
        page.click("#reports tr:has-text('2019年度报告') a:text('部门汇总')")
    table = page.locator("#rollup-table")
    assert "共3个部门，尚未提交2个" in page.inner_text("main")
    planning = table.locator("tr", has_text=cast.planning.name)
    assert "已公开" in planning.inner_text() and planning.locator("td").last.inner_text() == "是"
    assert "未提交" in table.locator("tr", has_text=cast.transport.name).inner_text()
    assert "未创建" in table.locator("tr", has_text="宝山区生态环境局").inner_text()
    supervisor.visit("rollup", controls=["#rollup-table"])
