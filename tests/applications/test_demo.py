"""The demo register gives the seed's table 三 for 2019, and the current year has cases in every state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from gongkai.applications import demo
from gongkai.applications.models import Application, CaseEvent, Status
from gongkai.applications.reporting import compute_t3
from gongkai.law.editions import GB2019, GB2021
from gongkai.law.report import Report
from gongkai.law.rules import check

TRUTH = Path(__file__).resolve().parents[1] / "data" / "seed-2019.truth.json"


def _seed_t3() -> dict[str, list[int]]:
    truth = json.loads(TRUTH.read_text(encoding="utf-8"))["table3"]
    labels = {}
    for row in GB2019.t3_rows:
        if not row.data:
            continue
        parts = [row.label]
        parent = row.parent
        while parent:
            p = GB2019.t3_row(parent)
            parts.insert(0, p.label)
            parent = p.parent
        labels["/".join(parts)] = row.id
    return {labels[k]: v for k, v in truth.items()}


@pytest.fixture
def demo_loaded(cast: Any) -> Any:
    from gongkai.agencies.demo import DemoContext
    from gongkai.agencies.demo import load as load_agencies

    ctx = DemoContext()
    load_agencies(ctx)
    demo.load(ctx)
    return ctx


def test_2019_table_three_equals_the_seed(demo_loaded: Any) -> None:
    planning = demo_loaded.agencies["planning"]
    t3 = compute_t3([planning.pk], 2019, GB2019)
    seed = _seed_t3()
    assert set(seed) == set(t3)
    for row_id, values in seed.items():
        assert t3[row_id] == values, row_id
    report = Report.empty(GB2019, planning.name, 2019, fill=0)
    report.t3 = t3
    assert not [f for f in check(report) if getattr(f.rule, "id", f.rule) in {"T3_BALANCE", "T3_RESULT_SUM_2019", "T3_ROW_TOTAL", "CELL_INT_NONNEG"}]


def test_2018_carry_out_is_2019_carry_in_and_2020_takes_the_rest(demo_loaded: Any) -> None:
    planning = demo_loaded.agencies["planning"]
    t2018 = compute_t3([planning.pk], 2018, GB2019)
    t2019 = compute_t3([planning.pk], 2019, GB2019)
    t2020 = compute_t3([planning.pk], 2020, GB2019)
    assert t2018["r4_carry_out"] == t2019["r2_carry_in"]
    assert t2019["r4_carry_out"] == t2020["r2_carry_in"]
    assert t2020["r3_7_total"] == t2020["r2_carry_in"]  # nothing new in 2020, all carried cases answered
    assert compute_t3([planning.pk], 2021, GB2021)["r2_carry_in"][-1] == 0


def test_current_year_has_every_state_and_due_soon_and_overdue(demo_loaded: Any) -> None:
    from django.utils import timezone

    planning = demo_loaded.agencies["planning"]
    today = timezone.localdate()
    current = Application.objects.filter(agency=planning, submitted_at__year=today.year)
    states = set(current.values_list("status", flat=True))
    assert states == set(Status.values)
    assert current.filter(due_on__lt=today, status__in=[Status.IN_PROGRESS, Status.RECEIVED]).exists()
    assert current.filter(due_on__gte=today, due_on__lte=today + __import__("datetime").timedelta(days=8)).exists()


def test_demo_is_idempotent(demo_loaded: Any) -> None:
    counts = (Application.objects.count(), CaseEvent.objects.count())
    demo.load(demo_loaded)
    assert (Application.objects.count(), CaseEvent.objects.count()) == counts


def test_report_export_gives_the_seed_table_three(demo_loaded: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("report", "export", "--agency", "宝山区规划和自然资源局", "--year", "2019", stdout=out)
    exported = json.loads(out.getvalue())["tables"]["t3"]
    assert exported == _seed_t3()
