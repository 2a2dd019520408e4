"""The public 年报 column: lists, the report in the official layout, downloads read back."""

from __future__ import annotations

import json

from django.test import Client

from gongkai.reports import actions, readback
from gongkai.reports.models import ReportEvent, ReportStatus

from .conftest import load_seed, now_at


def test_published_report_pages_and_downloads(published_seed, cast) -> None:  # noqa: ANN001
    c = Client()
    seed = load_seed()
    assert published_seed.status == ReportStatus.PUBLISHED
    r = c.get("/reports/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "宝山区规划和自然资源局2019年政府信息公开工作年度报告" in html
    assert "/agency/bsghzy/reports/2019/" in html and "2020年1月20日" in html
    r = c.get("/agency/bsghzy/reports/")
    assert r.status_code == 200 and "/agency/bsghzy/reports/2019.docx" in r.content.decode()
    r = c.get("/agency/bsghzy/reports/2019/")
    html = r.content.decode()
    assert r.status_code == 200
    assert '<div class="report-doc"' in html and 'colspan="7">申请人情况' in html
    assert 'data-ref="t3.r3_7_total.total">347<' in html
    for fmt in ("docx", "pdf", "xlsx", "json"):
        assert f'/agency/bsghzy/reports/2019.{fmt}"' in html
    docx = c.get("/agency/bsghzy/reports/2019.docx")
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    back = readback.read_docx(docx.content)
    assert back.to_dict()["tables"] == seed.to_dict()["tables"]
    back = readback.read_xlsx(c.get("/agency/bsghzy/reports/2019.xlsx").content)
    assert back.to_dict()["tables"] == seed.to_dict()["tables"]
    assert c.get("/agency/bsghzy/reports/2019.pdf").content.startswith(b"%PDF")
    data = json.loads(c.get("/agency/bsghzy/reports/2019.json").content)
    assert data["tables"] == seed.to_dict()["tables"] and data["meta"]["published_on"] == "2020-01-20"


def test_unpublished_and_unknown_reports_are_not_public(cast) -> None:  # noqa: ANN001
    report = actions.import_report(agency=cast.planning, year=2019, data=load_seed().to_dict(), actor=cast.clerk,
                                   now=now_at(2020, 1, 10))
    c = Client()
    assert c.get("/agency/bsghzy/reports/2019/").status_code == 404
    assert c.get("/agency/bsghzy/reports/2019.docx").status_code == 404
    assert "宝山区规划和自然资源局" not in c.get("/reports/").content.decode().split("<main")[-1].split("report-list")[-1]
    actions.submit_report(report=report, actor=cast.clerk, now=now_at(2020, 1, 11))
    assert c.get("/agency/bsghzy/reports/2019/").status_code == 404
    assert c.get("/agency/nope/reports/").status_code == 404
    assert c.get("/agency/bsghzy/reports/2019.exe").status_code == 404
    assert ReportEvent.objects.filter(report=report).count() == 2
