"""``gongkai deadline DATE [--days N] [--agency CODE]``."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.agencies.models import Agency, CalendarYear, WorkdayOverride


def run(*args: str) -> str:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_into_2027_is_provisional_and_lists_every_day_off() -> None:
    out = run("2026-12-20")
    assert "第20个工作日：2027年1月18日（星期一）【预估】" in out
    assert "2027-01-01 星期五 元旦（预估）" in out
    assert "2026-12-26 星期六 双休日" in out and "跳过的休息日（9天）" in out
    assert "预估：国务院办公厅尚未公布2027年的节假日安排" in out


@pytest.mark.django_db
def test_a_known_year_is_firm_and_names_the_holidays() -> None:
    out = run("2026-09-20", "--days", "5")
    assert "第5个工作日：2026年9月28日（星期一）" in out and "【预估】" not in out
    assert "2026-09-25 星期五 中秋" in out and "确定：" in out


@pytest.mark.django_db
def test_an_entered_notice_ends_the_estimate() -> None:
    CalendarYear.objects.create(year=2027, source="国务院办公厅关于2027年部分节假日安排的通知")
    WorkdayOverride.objects.create(date="2027-01-01", is_workday=False, note="元旦")
    out = run("2026-12-20")
    assert "第20个工作日：2027年1月18日（星期一）" in out and "【预估】" not in out
    assert "2027-01-01 星期五 元旦" in out and "（预估）" not in out


@pytest.mark.django_db
def test_agency_and_bad_input() -> None:
    Agency.objects.create(name="宝山区规划和自然资源局", code="BSGHZY", slug="planning")
    assert run("2026-12-20", "--agency", "BSGHZY").startswith("机关：宝山区规划和自然资源局")
    with pytest.raises(CommandError, match="没有代码或名称"):
        run("2026-12-20", "--agency", "NOPE")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("2026-13-01")
    with pytest.raises(CommandError, match="0至1000"):
        run("2026-12-20", "--days", "-1")
