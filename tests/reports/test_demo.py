"""The demo: planning's 2019 report composed from the records equals the seed in every cell, with a
narrative that has no inconsistency; the roll-up and a current-year draft are there; loading twice
changes nothing; ``gongkai report export`` on the demo database gives the seed's tables."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from gongkai.reports.models import AnnualReport, ReportEvent, ReportStatus, WorkLogEntry

from .conftest import SEED_JSON


@pytest.mark.django_db
def test_demo_reports_equal_the_seed_and_are_idempotent() -> None:
    call_command("demo", stdout=io.StringIO())
    seed = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    planning = AnnualReport.objects.get(agency__code="BSGHZY", year=2019)
    assert planning.status == ReportStatus.PUBLISHED
    assert planning.data["tables"] == seed["tables"]
    assert planning.findings == []  # no inconsistency, the narrative included
    s1 = planning.data["sections"]["s1"]
    assert "“无法提供”97件，占总数的28.0%" in s1 and "“同意部分公开”4件，占总数的1.2%" in s1
    assert "全年接听市民电话481个" in s1
    assert planning.data["meta"]["composition_notes"] == []  # every table came from the records
    r2020 = AnnualReport.objects.get(agency__code="BSGHZY", year=2020)
    assert r2020.status == ReportStatus.PUBLISHED and r2020.findings == []  # carry-over against 2019 holds
    assert r2020.data["tables"]["t3"]["r2_carry_in"] == seed["tables"]["t3"]["r4_carry_out"]
    district = AnnualReport.objects.get(agency__code="BSQZF", year=2019)
    notes = " ".join(district.data["meta"]["composition_notes"])
    assert "尚未提交：宝山区生态环境局" in notes
    assert AnnualReport.objects.filter(agency__code="BSGHZY", year=timezone.localdate().year,
                                       status=ReportStatus.DRAFT).exists()
    counts = (AnnualReport.objects.count(), ReportEvent.objects.count(), WorkLogEntry.objects.count())
    call_command("demo", stdout=io.StringIO())
    assert (AnnualReport.objects.count(), ReportEvent.objects.count(), WorkLogEntry.objects.count()) == counts

    out = io.StringIO()
    call_command("report", "export", "--agency", "宝山区规划和自然资源局", "--year", "2019", stdout=out)
    assert json.loads(out.getvalue())["tables"] == seed["tables"]
    out = io.StringIO()
    call_command("report", "export", "--agency", "BSGHZY", "--year", "2019", "--compose", stdout=out)
    exported = json.loads(out.getvalue())
    assert exported["tables"] == seed["tables"] and exported["sections"] == planning.data["sections"]
    err = io.StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("report", "export", "--agency", "不存在的局", "--year", "2019", stderr=err)
    assert e.value.code == 2 and "找不到机关" in err.getvalue()
