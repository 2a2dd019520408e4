"""Working days of a year without a State Council notice: the statutory holidays of the 办法 (amended, in
force since 2025) placed by the lunar calendar and the 清明 solar term, weekends off, no make-up days."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.law.deadlines import correction_notice_due, payment_due, reply_due
from gongkai.law.holidays import STATUTORY_HOLIDAYS, Placement, estimable, place, statutory_days_off
from gongkai.law.workdays import CalendarDataMissing, WorkdayCalendar, package_years

EST = WorkdayCalendar(estimate=True)

# The 13 days of Art. 2 (4 of them 春节) in each year, and the 补假 of Art. 6 for those on a weekend or
# on another holiday's day.
DAYS_OFF = [
    (2027, [
        ("2027-01-01", "元旦"), ("2027-02-05", "春节（农历除夕）"), ("2027-02-08", "春节（正月初三）"),
        ("2027-02-09", "春节（正月初一）补假"), ("2027-02-10", "春节（正月初二）补假"), ("2027-04-05", "清明节"),
        ("2027-05-03", "劳动节补假"), ("2027-05-04", "劳动节补假"), ("2027-06-09", "端午节"), ("2027-09-15", "中秋节"),
        ("2027-10-01", "国庆节"), ("2027-10-04", "国庆节补假"), ("2027-10-05", "国庆节补假"),
    ]),
    (2028, [
        ("2028-01-03", "元旦补假"), ("2028-01-25", "春节（农历除夕）"), ("2028-01-26", "春节（正月初一）"),
        ("2028-01-27", "春节（正月初二）"), ("2028-01-28", "春节（正月初三）"), ("2028-04-04", "清明节"),
        ("2028-05-01", "劳动节"), ("2028-05-02", "劳动节"), ("2028-05-29", "端午节补假"), ("2028-10-02", "国庆节"),
        ("2028-10-03", "中秋节"), ("2028-10-04", "国庆节补假"), ("2028-10-05", "国庆节补假"),
    ]),
]


@pytest.mark.parametrize(("year", "expected"), DAYS_OFF)
def test_statutory_days_off(year: int, expected: list[tuple[str, str]]) -> None:
    assert [(o.date.isoformat(), o.reason) for o in statutory_days_off(year)] == expected


def test_thirteen_days_as_amended() -> None:
    assert len(STATUTORY_HOLIDAYS) == 13
    assert sum(1 for h in STATUTORY_HOLIDAYS if h.name.startswith("春节")) == 4
    assert sum(1 for h in STATUTORY_HOLIDAYS if h.name == "劳动节") == 2
    assert not estimable(2024) and estimable(2025) and estimable(2100)
    with pytest.raises(ValueError, match="不适用于2024年"):
        statutory_days_off(2024)


PACKAGE_NAMES = {
    "元旦": chinese_calendar.Holiday.new_years_day,
    "春节（农历除夕）": chinese_calendar.Holiday.spring_festival,
    "春节（正月初一）": chinese_calendar.Holiday.spring_festival,
    "清明节": chinese_calendar.Holiday.tomb_sweeping_day,
    "端午节": chinese_calendar.Holiday.dragon_boat_festival,
    "中秋节": chinese_calendar.Holiday.mid_autumn_festival,
    "国庆节": chinese_calendar.Holiday.national_day,
}


@pytest.mark.parametrize("year", [y for y in package_years() if y >= 2008])
def test_placement_matches_every_notice_of_the_package(year: int) -> None:
    # Where the lunar library and the solar term put each holiday, every State Council notice since 2008
    # (when 清明, 端午 and 中秋 became holidays) gave that holiday a day off. (除夕 became a holiday in 2025;
    # before, some notices gave it off and some did not.)
    for h in STATUTORY_HOLIDAYS:
        if h.name not in PACKAGE_NAMES or (h.placement is Placement.LUNAR_NEW_YEARS_EVE and year < 2025):
            continue
        d = place(h, year)
        on_holiday, name = chinese_calendar.get_holiday_detail(d)
        assert on_holiday, (year, h.name, d)
        if h.placement is Placement.SOLAR or (name is None and d.weekday() >= 5):
            continue  # the package names the holidays' weekdays only
        expected = {PACKAGE_NAMES[h.name].value}
        if d.month == 10 and d.day <= 8:  # 中秋 within the 国庆 week (2009, 2017, 2020) bears either name
            expected.add(chinese_calendar.Holiday.national_day.value)
        assert name in expected, (year, h.name, d, name)


@pytest.mark.parametrize("year", [2025, 2026])
def test_estimate_is_a_subset_of_the_official_days_off(year: int) -> None:
    # For the years already under the amended 办法, every estimated day off is off in the official notice.
    for o in statutory_days_off(year):
        assert not chinese_calendar.is_workday(o.date), o


ESTIMATES = [
    # start, n, expected, provisional years
    (date(2026, 12, 20), 20, date(2027, 1, 18), (2027,)),  # 2027-01-01 元旦 skipped
    (date(2026, 12, 31), 1, date(2027, 1, 4), (2027,)),
    (date(2026, 12, 1), 20, date(2026, 12, 29), ()),  # the package's 2026 only
    (date(2027, 1, 29), 10, date(2027, 2, 18), (2027,)),  # 春节 2027-02-05, 08, 09, 10 skipped
    (date(2027, 12, 20), 20, date(2028, 1, 18), (2027, 2028)),  # 2028-01-03 元旦补假 skipped
]


@pytest.mark.parametrize(("start", "n", "expected", "years"), ESTIMATES)
def test_provisional_add_workdays(start: date, n: int, expected: date, years: tuple[int, ...]) -> None:
    assert EST.add_workdays(start, n) == expected
    assert EST.workdays_between(start, expected) == n
    assert EST.provisional_years(start, expected) == years


def test_strict_calendar_still_refuses_to_guess() -> None:
    with pytest.raises(CalendarDataMissing):
        WorkdayCalendar().add_workdays(date(2026, 12, 20), 20)
    with pytest.raises(CalendarDataMissing):  # before the amended 办法, nothing is estimated
        EST.is_workday(date(2003, 6, 2))


def test_a_notice_or_override_beats_the_estimate() -> None:
    # a covered year is Monday-Friday corrected by the notice's days: the estimate plays no part
    covered = WorkdayCalendar({date(2027, 1, 1): False, date(2027, 1, 4): False}, covered_years=[2027],
                              estimate=True)
    assert not covered.is_provisional(2027) and covered.is_provisional(2028)
    assert covered.add_workdays(date(2026, 12, 31), 1) == date(2027, 1, 5)
    regional = WorkdayCalendar({date(2027, 1, 4): False}, estimate=True, notes={date(2027, 1, 4): "地方节日"})
    assert regional.is_provisional(2027)
    assert regional.day_off_reason(date(2027, 1, 4)) == "地方节日"


REASONS = [
    ("2026-02-15", "春节（星期日）"),
    ("2026-02-16", "春节"),
    ("2026-02-23", "春节（调休）"),
    ("2026-02-14", None),  # a make-up working Saturday
    ("2026-03-07", "双休日"),
    ("2027-01-01", "元旦（预估）"),
    ("2027-02-09", "春节（正月初一）补假（预估）"),
    ("2027-01-02", "双休日"),
    ("2027-01-04", None),
]


@pytest.mark.parametrize(("day", "reason"), REASONS)
def test_day_off_reason(day: str, reason: str | None) -> None:
    assert EST.day_off_reason(date.fromisoformat(day)) == reason


def test_deadlines_say_they_are_provisional() -> None:
    d = reply_due(received_on=date(2026, 12, 20), cal=EST)
    assert d.due == date(2027, 1, 18) and d.provisional and d.provisional_years == (2027,)
    assert "国务院办公厅尚未公布2027年的节假日安排" in d.provisional_reason
    assert d.steps[-1].text.startswith("上述日期为预估：") and "《全国年节及纪念日放假办法》" in d.steps[-1].text
    official = reply_due(received_on=date(2026, 11, 2), cal=EST)
    assert not official.provisional and official.provisional_reason == "" and official.due == date(2026, 11, 30)
    extended = reply_due(received_on=date(2026, 11, 20), extension_wd=20, cal=EST)
    assert extended.provisional and extended.due is not None and extended.due.year == 2027
    assert correction_notice_due(date(2026, 12, 28), EST).provisional
    assert not correction_notice_due(date(2026, 12, 1), EST).provisional
    assert payment_due(date(2026, 12, 28), EST).due == date(2027, 1, 26)


def test_a_stopped_clock_in_a_provisional_year_is_provisional() -> None:
    from gongkai.law.deadlines import Pause, PauseKind

    d = reply_due(received_on=date(2026, 12, 20), paused=[Pause(date(2027, 1, 6), None, PauseKind.THIRD_PARTY)],
                  cal=EST)
    assert d.due is None and d.clock_stopped and d.provisional and d.remaining_workdays == 8
    before = reply_due(received_on=date(2026, 11, 20), paused=[Pause(date(2026, 11, 25), None, PauseKind.THIRD_PARTY)],
                       cal=EST)
    assert before.clock_stopped and not before.provisional


def test_every_day_of_an_estimated_year() -> None:
    year = 2027
    off = {o.date for o in statutory_days_off(year)}
    d = date(year, 1, 1)
    while d.year == year:
        assert EST.is_workday(d) == (d.weekday() < 5 and d not in off)
        d += timedelta(days=1)


WARNINGS = [
    # today, years known (package + entered), years to enter now
    (date(2026, 10, 31), range(2004, 2027), ()),
    (date(2026, 11, 1), range(2004, 2027), (2027,)),
    (date(2026, 12, 31), [*range(2004, 2027), 2027], ()),
    (date(2027, 1, 2), range(2004, 2027), (2027,)),
    (date(2027, 6, 1), [*range(2004, 2027), 2027], ()),
    (date(2027, 11, 1), [*range(2004, 2027), 2027], (2028,)),
]


@pytest.mark.parametrize(("today", "known", "missing"), WARNINGS)
def test_missing_arrangement_years(today: date, known: range | list[int], missing: tuple[int, ...]) -> None:
    from gongkai.law.workdays import missing_arrangement_years

    assert missing_arrangement_years(today, known) == missing
