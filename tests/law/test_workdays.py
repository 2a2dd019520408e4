"""Tests of the working-day calendar (legal-spec 1.6 item 9, 6.2, A.5)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.law.workdays import CalendarDataMissing, WorkdayCalendar, default_calendar, package_years

CAL = default_calendar()
FIRST = date(2004, 1, 1)
LAST = date(2026, 12, 31)


def brute_force_add(start: date, n: int) -> date:
    """Independent oracle: walk day by day, counting chinese_calendar working days after ``start``."""
    d = start
    while n:
        d += timedelta(days=1)
        if chinese_calendar.is_workday(d):
            n -= 1
    return d


def brute_force_between(a: date, b: date) -> int:
    return sum(1 for i in range(1, (b - a).days + 1) if chinese_calendar.is_workday(a + timedelta(days=i)))


# --------------------------------------------------------------------------- worked examples (1.6 item 9)

WORKED_EXAMPLES = [
    # (received_on, working days, expected due)
    (date(2026, 9, 18), 7, date(2026, 9, 29)),
    (date(2026, 9, 18), 20, date(2026, 10, 22)),
    (date(2026, 9, 18), 40, date(2026, 11, 19)),
    (date(2026, 2, 13), 7, date(2026, 3, 2)),
    (date(2026, 2, 13), 20, date(2026, 3, 19)),
    (date(2025, 12, 31), 20, date(2026, 1, 29)),
    # find_workday pitfall (6.2): counting from a Saturday; find_workday would give 2026-04-07.
    (date(2026, 3, 7), 20, date(2026, 4, 3)),
]


@pytest.mark.parametrize(("start", "n", "expected"), WORKED_EXAMPLES)
def test_worked_examples(start: date, n: int, expected: date) -> None:
    assert CAL.add_workdays(start, n) == expected
    assert brute_force_add(start, n) == expected
    assert CAL.workdays_between(start, expected) == n


def test_find_workday_pitfall_is_real() -> None:
    # documents why we do not use chinese_calendar.find_workday
    assert chinese_calendar.find_workday(20, date(2026, 3, 7)) == date(2026, 4, 7)
    assert CAL.add_workdays(date(2026, 3, 7), 20) == date(2026, 4, 3)


@pytest.mark.parametrize(
    ("start", "n", "missing_year"),
    [
        (date(2026, 12, 10), 20, 2027),
        (date(2026, 12, 31), 1, 2027),
        (date(2027, 1, 4), 0, None),  # n == 0 returns start without touching the calendar
        (date(2003, 12, 31), 1, 2003),
    ],
)
def test_missing_calendar_data(start: date, n: int, missing_year: int | None) -> None:
    if missing_year is None:
        assert CAL.add_workdays(start, n) == start
        return
    with pytest.raises(CalendarDataMissing) as excinfo:
        CAL.add_workdays(start, n)
    assert excinfo.value.year == missing_year
    assert f"缺少{missing_year}年的节假日安排数据" in str(excinfo.value)
    assert f"国务院办公厅{missing_year}年节假日安排" in str(excinfo.value)


@pytest.mark.parametrize("d", [date(2027, 1, 4), date(2003, 6, 2), date(1999, 10, 1)])
def test_is_workday_uncovered_year_raises(d: date) -> None:
    with pytest.raises(CalendarDataMissing):
        CAL.is_workday(d)
    with pytest.raises(CalendarDataMissing):
        CAL.next_workday_on_or_after(d)


def test_package_years() -> None:
    assert package_years() == range(2004, 2027)
    assert CAL.has_data(2026) and not CAL.has_data(2027)


def test_negative_n_rejected() -> None:
    with pytest.raises(ValueError, match="不能为负数"):
        CAL.add_workdays(date(2026, 1, 5), -1)


# --------------------------------------------------------------------------- holidays 2019-2026

# Expected dates derived from the State Council holiday notices (春节, 中秋, 国庆 spans and 调休
# make-up days of each year; 2020: Spring Festival extended to 2 February, the 1 February make-up day
# cancelled). Columns: label, received_on, +7 wd (补正告知期限), +20 wd (答复期限).
HOLIDAY_ROWS = [
    ("2019 春节前一日", date(2019, 2, 1), date(2019, 2, 15), date(2019, 3, 6)),
    ("2019 春节调休周六", date(2019, 2, 2), date(2019, 2, 18), date(2019, 3, 7)),
    ("2019 春节调休周日", date(2019, 2, 3), date(2019, 2, 19), date(2019, 3, 8)),
    ("2019 春节第一天", date(2019, 2, 4), date(2019, 2, 19), date(2019, 3, 8)),
    ("2019 春节最后一天", date(2019, 2, 10), date(2019, 2, 19), date(2019, 3, 8)),
    ("2019 国庆调休周日", date(2019, 9, 29), date(2019, 10, 14), date(2019, 10, 31)),
    ("2019 国庆前一日", date(2019, 9, 30), date(2019, 10, 15), date(2019, 11, 1)),
    ("2019 国庆第一天", date(2019, 10, 1), date(2019, 10, 15), date(2019, 11, 1)),
    ("2019 国庆调休周六", date(2019, 10, 12), date(2019, 10, 22), date(2019, 11, 8)),
    ("2020 春节调休周日", date(2020, 1, 19), date(2020, 2, 5), date(2020, 2, 24)),
    ("2020 春节前一日", date(2020, 1, 23), date(2020, 2, 11), date(2020, 2, 28)),
    ("2020 春节第一天", date(2020, 1, 24), date(2020, 2, 11), date(2020, 2, 28)),
    ("2020 春节延长假期（原调休周六）", date(2020, 2, 1), date(2020, 2, 11), date(2020, 2, 28)),
    ("2020 国庆调休周日", date(2020, 9, 27), date(2020, 10, 13), date(2020, 10, 30)),
    ("2020 国庆前一日", date(2020, 9, 30), date(2020, 10, 16), date(2020, 11, 4)),
    ("2020 国庆第一天", date(2020, 10, 1), date(2020, 10, 16), date(2020, 11, 4)),
    ("2020 国庆调休周六", date(2020, 10, 10), date(2020, 10, 20), date(2020, 11, 6)),
    ("2021 春节调休周日", date(2021, 2, 7), date(2021, 2, 22), date(2021, 3, 11)),
    ("2021 春节前一日", date(2021, 2, 10), date(2021, 2, 25), date(2021, 3, 16)),
    ("2021 春节第一天", date(2021, 2, 11), date(2021, 2, 25), date(2021, 3, 16)),
    ("2021 春节调休周六", date(2021, 2, 20), date(2021, 3, 2), date(2021, 3, 19)),
    ("2021 中秋调休周六", date(2021, 9, 18), date(2021, 9, 29), date(2021, 10, 22)),
    ("2021 国庆调休周日", date(2021, 9, 26), date(2021, 10, 11), date(2021, 10, 28)),
    ("2021 国庆前一日", date(2021, 9, 30), date(2021, 10, 15), date(2021, 11, 3)),
    ("2021 国庆第一天", date(2021, 10, 1), date(2021, 10, 15), date(2021, 11, 3)),
    ("2021 国庆调休周六", date(2021, 10, 9), date(2021, 10, 19), date(2021, 11, 5)),
    ("2022 春节调休周六", date(2022, 1, 29), date(2022, 2, 14), date(2022, 3, 3)),
    ("2022 春节调休周日", date(2022, 1, 30), date(2022, 2, 15), date(2022, 3, 4)),
    ("2022 春节前一日", date(2022, 1, 28), date(2022, 2, 11), date(2022, 3, 2)),
    ("2022 春节第一天", date(2022, 1, 31), date(2022, 2, 15), date(2022, 3, 4)),
    ("2022 国庆前一日", date(2022, 9, 30), date(2022, 10, 14), date(2022, 11, 2)),
    ("2022 国庆第一天", date(2022, 10, 1), date(2022, 10, 14), date(2022, 11, 2)),
    ("2022 国庆调休周六", date(2022, 10, 8), date(2022, 10, 17), date(2022, 11, 3)),
    ("2022 国庆调休周日", date(2022, 10, 9), date(2022, 10, 18), date(2022, 11, 4)),
    ("2023 春节前一日", date(2023, 1, 20), date(2023, 2, 3), date(2023, 2, 22)),
    ("2023 春节第一天", date(2023, 1, 21), date(2023, 2, 3), date(2023, 2, 22)),
    ("2023 春节调休周六", date(2023, 1, 28), date(2023, 2, 6), date(2023, 2, 23)),
    ("2023 春节调休周日", date(2023, 1, 29), date(2023, 2, 7), date(2023, 2, 24)),
    ("2023 中秋国庆前一日", date(2023, 9, 28), date(2023, 10, 13), date(2023, 11, 1)),
    ("2023 中秋国庆第一天", date(2023, 9, 29), date(2023, 10, 13), date(2023, 11, 1)),
    ("2023 国庆调休周六", date(2023, 10, 7), date(2023, 10, 16), date(2023, 11, 2)),
    ("2023 国庆调休周日", date(2023, 10, 8), date(2023, 10, 17), date(2023, 11, 3)),
    ("2024 春节调休周日", date(2024, 2, 4), date(2024, 2, 19), date(2024, 3, 7)),
    ("2024 春节前一日", date(2024, 2, 9), date(2024, 2, 26), date(2024, 3, 14)),
    ("2024 春节第一天", date(2024, 2, 10), date(2024, 2, 26), date(2024, 3, 14)),
    ("2024 春节调休周日（节后）", date(2024, 2, 18), date(2024, 2, 27), date(2024, 3, 15)),
    ("2024 中秋调休周六", date(2024, 9, 14), date(2024, 9, 26), date(2024, 10, 18)),
    ("2024 国庆调休周日", date(2024, 9, 29), date(2024, 10, 14), date(2024, 10, 31)),
    ("2024 国庆前一日", date(2024, 9, 30), date(2024, 10, 15), date(2024, 11, 1)),
    ("2024 国庆第一天", date(2024, 10, 1), date(2024, 10, 15), date(2024, 11, 1)),
    ("2024 国庆调休周六", date(2024, 10, 12), date(2024, 10, 22), date(2024, 11, 8)),
    ("2025 春节调休周日", date(2025, 1, 26), date(2025, 2, 11), date(2025, 2, 28)),
    ("2025 春节前一日", date(2025, 1, 27), date(2025, 2, 12), date(2025, 3, 3)),
    ("2025 春节第一天", date(2025, 1, 28), date(2025, 2, 12), date(2025, 3, 3)),
    ("2025 春节调休周六", date(2025, 2, 8), date(2025, 2, 18), date(2025, 3, 7)),
    ("2025 国庆调休周日", date(2025, 9, 28), date(2025, 10, 14), date(2025, 10, 31)),
    ("2025 国庆前一日", date(2025, 9, 30), date(2025, 10, 16), date(2025, 11, 4)),
    ("2025 国庆第一天", date(2025, 10, 1), date(2025, 10, 16), date(2025, 11, 4)),
    ("2025 国庆调休周六", date(2025, 10, 11), date(2025, 10, 21), date(2025, 11, 7)),
    ("2026 春节调休周六", date(2026, 2, 14), date(2026, 3, 3), date(2026, 3, 20)),
    ("2026 春节第一天", date(2026, 2, 15), date(2026, 3, 3), date(2026, 3, 20)),
    ("2026 春节最后一天", date(2026, 2, 23), date(2026, 3, 3), date(2026, 3, 20)),
    ("2026 春节调休周六（节后）", date(2026, 2, 28), date(2026, 3, 10), date(2026, 3, 27)),
    ("2026 国庆调休周日", date(2026, 9, 20), date(2026, 9, 30), date(2026, 10, 23)),
    ("2026 中秋前一日", date(2026, 9, 24), date(2026, 10, 12), date(2026, 10, 29)),
    ("2026 国庆前一日", date(2026, 9, 30), date(2026, 10, 15), date(2026, 11, 3)),
    ("2026 国庆第一天", date(2026, 10, 1), date(2026, 10, 15), date(2026, 11, 3)),
    ("2026 国庆调休周六", date(2026, 10, 10), date(2026, 10, 20), date(2026, 11, 6)),
]


@pytest.mark.parametrize(
    ("label", "received", "due7", "due20"), HOLIDAY_ROWS, ids=[r[0] for r in HOLIDAY_ROWS]
)
def test_holiday_table(label: str, received: date, due7: date, due20: date) -> None:
    assert CAL.add_workdays(received, 7) == due7
    assert CAL.add_workdays(received, 20) == due20
    # cross-check against the independent brute-force counter over chinese_calendar.is_workday
    assert brute_force_add(received, 7) == due7
    assert brute_force_add(received, 20) == due20
    assert CAL.workdays_between(received, due20) == 20
    assert CAL.is_workday(due7) and CAL.is_workday(due20)


@pytest.mark.parametrize(
    ("d", "expected"),
    [
        (date(2026, 2, 14), True),  # 调休 Saturday
        (date(2026, 2, 15), False),  # 春节 Sunday
        (date(2026, 2, 23), False),  # 春节 Monday
        (date(2026, 9, 20), True),  # 调休 Sunday
        (date(2026, 10, 10), True),  # 调休 Saturday
        (date(2026, 10, 9), True),
        (date(2020, 2, 1), False),  # make-up day cancelled by the 2020 extension
        (date(2026, 3, 7), False),
    ],
)
def test_is_workday_and_next(d: date, expected: bool) -> None:
    assert CAL.is_workday(d) is expected
    nxt = CAL.next_workday_on_or_after(d)
    assert (nxt == d) is expected
    assert CAL.is_workday(nxt)


# --------------------------------------------------------------------------- overrides

REGIONAL = date(2026, 6, 2)  # a Tuesday, declared a regional holiday


@pytest.mark.parametrize(
    ("overrides", "start", "n", "expected"),
    [
        ({}, date(2026, 6, 1), 1, date(2026, 6, 2)),
        ({REGIONAL: False}, date(2026, 6, 1), 1, date(2026, 6, 3)),
        ({REGIONAL: False}, date(2026, 5, 29), 20, date(2026, 6, 30)),
        ({}, date(2026, 5, 29), 20, date(2026, 6, 29)),
        ({date(2026, 6, 6): True}, date(2026, 6, 5), 1, date(2026, 6, 6)),  # a Saturday made a working day
        ({date(2026, 2, 16): True}, date(2026, 2, 13), 2, date(2026, 2, 16)),  # correction inside 春节
    ],
)
def test_overrides(overrides: dict[date, bool], start: date, n: int, expected: date) -> None:
    cal = WorkdayCalendar(overrides, ())
    assert cal.add_workdays(start, n) == expected
    assert cal.workdays_between(start, expected) == n


def test_covered_year_2027() -> None:
    # a subset of a hypothetical 2027 notice entered by an admin
    overrides = {date(2027, 1, 1): False, date(2027, 2, 5): False, date(2027, 2, 6): True}
    without = WorkdayCalendar(overrides, ())
    with pytest.raises(CalendarDataMissing) as excinfo:
        without.add_workdays(date(2026, 12, 10), 20)
    assert excinfo.value.year == 2027
    cal = WorkdayCalendar(overrides, covered_years=[2027])
    # 2026-12-10 (Thu): 15 working days left in 2026 (12-11 .. 12-31), then 2027-01-04 .. 01-08
    assert cal.add_workdays(date(2026, 12, 10), 20) == date(2027, 1, 8)
    assert cal.workdays_between(date(2026, 12, 10), date(2027, 1, 8)) == 20
    assert not cal.is_workday(date(2027, 1, 1))
    assert not cal.is_workday(date(2027, 2, 5))
    assert cal.is_workday(date(2027, 2, 6))
    with pytest.raises(CalendarDataMissing):
        cal.is_workday(date(2028, 1, 3))


# --------------------------------------------------------------------------- properties

dates = st.dates(min_value=FIRST, max_value=date(2026, 9, 30))
counts = st.integers(min_value=0, max_value=40)


@settings(max_examples=300, deadline=None)
@given(dates, counts)
def test_add_matches_brute_force(start: date, n: int) -> None:
    assert CAL.add_workdays(start, n) == brute_force_add(start, n)


@settings(max_examples=300, deadline=None)
@given(dates, counts)
def test_between_inverts_add(start: date, n: int) -> None:
    due = CAL.add_workdays(start, n)
    assert CAL.workdays_between(start, due) == n
    if n:
        assert CAL.is_workday(due)
        assert CAL.workdays_between(start, due - timedelta(days=1)) == n - 1


@settings(max_examples=200, deadline=None)
@given(dates, dates)
def test_between_matches_brute_force(a: date, b: date) -> None:
    a, b = min(a, b), max(a, b)
    if (b - a).days > 800:
        b = a + timedelta(days=800)
    assert CAL.workdays_between(a, b) == brute_force_between(a, b)
    assert CAL.workdays_between(b, a) == -CAL.workdays_between(a, b)


@settings(max_examples=300, deadline=None)
@given(dates, dates, counts, counts)
def test_monotonic(a: date, b: date, n: int, m: int) -> None:
    a, b = min(a, b), max(a, b)
    n, m = min(n, m), max(n, m)
    assert CAL.add_workdays(a, n) <= CAL.add_workdays(b, n)
    assert CAL.add_workdays(a, n) <= CAL.add_workdays(a, m)


@settings(max_examples=200, deadline=None)
@given(dates, counts, st.sets(st.dates(min_value=date(2025, 1, 1), max_value=date(2026, 12, 31)), max_size=5))
def test_days_off_only_push_later(start: date, n: int, days_off: set[date]) -> None:
    cal = WorkdayCalendar({d: False for d in days_off}, ())
    assert cal.add_workdays(start, n) >= CAL.add_workdays(start, n)
    for d in days_off:
        assert not cal.is_workday(d)


def test_bulk_speed() -> None:
    import time

    starts = [date(2019, 1, 1) + timedelta(days=i % 2700) for i in range(100_000)]
    t0 = time.perf_counter()
    for s in starts:
        CAL.add_workdays(s, 20)
    assert time.perf_counter() - t0 < 5.0


# --------------------------------------------------------------------------- package data vs. the notices


def _span(a: date, b: date) -> list[date]:
    return [a + timedelta(days=i) for i in range((b - a).days + 1)]


# Our own transcription of the State Council notices (春节, 中秋, 国庆): (holiday spans, 调休 working days).
NOTICES = {
    2019: (
        [
            (date(2019, 2, 4), date(2019, 2, 10)),
            (date(2019, 9, 13), date(2019, 9, 15)),
            (date(2019, 10, 1), date(2019, 10, 7)),
        ],
        [date(2019, 2, 2), date(2019, 2, 3), date(2019, 9, 29), date(2019, 10, 12)],
    ),
    2020: (
        [(date(2020, 1, 24), date(2020, 2, 2)), (date(2020, 10, 1), date(2020, 10, 8))],
        [date(2020, 1, 19), date(2020, 9, 27), date(2020, 10, 10)],
    ),
    2021: (
        [
            (date(2021, 2, 11), date(2021, 2, 17)),
            (date(2021, 9, 19), date(2021, 9, 21)),
            (date(2021, 10, 1), date(2021, 10, 7)),
        ],
        [date(2021, 2, 7), date(2021, 2, 20), date(2021, 9, 18), date(2021, 9, 26), date(2021, 10, 9)],
    ),
    2022: (
        [
            (date(2022, 1, 31), date(2022, 2, 6)),
            (date(2022, 9, 10), date(2022, 9, 12)),
            (date(2022, 10, 1), date(2022, 10, 7)),
        ],
        [date(2022, 1, 29), date(2022, 1, 30), date(2022, 10, 8), date(2022, 10, 9)],
    ),
    2023: (
        [(date(2023, 1, 21), date(2023, 1, 27)), (date(2023, 9, 29), date(2023, 10, 6))],
        [date(2023, 1, 28), date(2023, 1, 29), date(2023, 10, 7), date(2023, 10, 8)],
    ),
    2024: (
        [
            (date(2024, 2, 10), date(2024, 2, 17)),
            (date(2024, 9, 15), date(2024, 9, 17)),
            (date(2024, 10, 1), date(2024, 10, 7)),
        ],
        [date(2024, 2, 4), date(2024, 2, 18), date(2024, 9, 14), date(2024, 9, 29), date(2024, 10, 12)],
    ),
    2025: (
        [(date(2025, 1, 28), date(2025, 2, 4)), (date(2025, 10, 1), date(2025, 10, 8))],
        [date(2025, 1, 26), date(2025, 2, 8), date(2025, 9, 28), date(2025, 10, 11)],
    ),
    2026: (
        [
            (date(2026, 2, 15), date(2026, 2, 23)),
            (date(2026, 9, 25), date(2026, 9, 27)),
            (date(2026, 10, 1), date(2026, 10, 7)),
        ],
        [date(2026, 2, 14), date(2026, 2, 28), date(2026, 9, 20), date(2026, 10, 10)],
    ),
}


@pytest.mark.parametrize("year", sorted(NOTICES))
def test_calendar_matches_notices(year: int) -> None:
    spans, makeup = NOTICES[year]
    holidays = {d for a, b in spans for d in _span(a, b)}
    # windows around the Spring Festival and the Mid-Autumn / National Day holidays
    for d in _span(date(year, 1, 15), date(year, 2, 28)) + _span(date(year, 9, 10), date(year, 10, 15)):
        expected = d in makeup or (d.weekday() < 5 and d not in holidays)
        assert CAL.is_workday(d) is expected, d


MAKEUP_DAYS = sorted(d for d in chinese_calendar.workdays if 2019 <= d.year <= 2026)


@pytest.mark.parametrize("makeup", MAKEUP_DAYS, ids=[d.isoformat() for d in MAKEUP_DAYS])
def test_every_makeup_day_2019_2026(makeup: date) -> None:
    # every 调休 working day of 2019-2026 (all holidays): receipt the day before, on it and the day after
    assert CAL.is_workday(makeup)
    for start in (makeup - timedelta(days=1), makeup, makeup + timedelta(days=1)):
        for n in (1, 7, 20):
            assert CAL.add_workdays(start, n) == brute_force_add(start, n)
