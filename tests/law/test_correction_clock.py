"""The 补正 clock in the law (Art. 30): the period given to correct, and the steps while it runs."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.law import deadlines as dl
from gongkai.law.workdays import WorkdayCalendar

CAL = WorkdayCalendar(overrides={}, covered_years=[2025])


@pytest.mark.parametrize(("notice_on", "period", "due"), [
    (dt.date(2025, 3, 3), 15, dt.date(2025, 3, 24)),  # Monday + 15 working days, no holiday in March
    (dt.date(2025, 3, 7), 1, dt.date(2025, 3, 10)),  # a Friday: the next Monday
    (dt.date(2025, 9, 26), 5, dt.date(2025, 10, 10)),  # 9-28 (Sunday) worked, 10-1..10-8 off
])
def test_correction_period_due(notice_on: dt.date, period: int, due: dt.date) -> None:
    d = dl.correction_period_due(notice_on, period, CAL)
    assert d.due == due
    assert [s.article for s in d.steps] == [dl.ART_30, dl.ART_30] and d.steps[-1].workdays == period


def test_default_period_and_range() -> None:
    low, high = dl.CORRECTION_PERIOD_RANGE
    assert low <= dl.CORRECTION_PERIOD_WD <= high
    assert dl.correction_period_due(dt.date(2025, 3, 3), cal=CAL).due == dt.date(2025, 3, 24)


def test_no_reply_clock_while_waiting() -> None:
    assert dl.awaiting_receipt().due is None and dl.ART_31 in dl.awaiting_receipt().steps[0].text
    d = dl.awaiting_correction(dt.date(2025, 3, 3), dt.date(2025, 3, 24))
    assert d.due is None and not d.clock_stopped
    assert "重新计算；补正期限至2025年3月24日" in d.steps[-1].text and d.steps[-1].article == dl.ART_30
    assert "补正期限" not in dl.awaiting_correction(dt.date(2025, 3, 3), None).steps[-1].text
