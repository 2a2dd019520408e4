"""The State Council's holiday notice read into days off and make-up working days, checked against the
chinesecalendar package for every year a published notice is kept here (tests/law/notices/)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import chinese_calendar
import pytest

from gongkai.law.notice import NoticeError, parse_notice

NOTICES = Path(__file__).parent / "notices"
YEARS = sorted(int(p.stem) for p in NOTICES.glob("*.txt"))
# Days the package has from a later, separate notice (国办发明电〔2020〕1号: 春节 extended to 2 February).
LATER_NOTICES = {2020: ({dt.date(2020, 1, 31)}, {dt.date(2020, 2, 1)})}


def package_year(year: int) -> tuple[set[dt.date], set[dt.date]]:
    """(weekdays off, weekend working days) of ``year`` in the package."""
    days = [dt.date(year, 1, 1) + dt.timedelta(days=i) for i in range(366)]
    days = [d for d in days if d.year == year]
    off = {d for d in days if d.weekday() < 5 and not chinese_calendar.is_workday(d)}
    work = {d for d in days if d.weekday() >= 5 and chinese_calendar.is_workday(d)}
    return off, work


def test_fixtures_cover_several_years() -> None:
    assert len(YEARS) >= 5 and {2024, 2025, 2026} <= set(YEARS)


@pytest.mark.parametrize("year", YEARS)
def test_notice_gives_exactly_the_package_calendar(year: int) -> None:
    a = parse_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"))
    assert a.year == year
    off, work = package_year(year)
    extra_off, cancelled_work = LATER_NOTICES.get(year, (set(), set()))
    assert {d for d in a.days_off if d.year == year} == off - extra_off
    assert {d for d in a.workdays if d.year == year} == work | cancelled_work
    for d in a.days_off + a.workdays:  # dates of a neighbouring year agree with the package too
        if d.year != year:
            assert chinese_calendar.is_workday(d) == (d in a.workdays)


def test_2026_json_and_metadata() -> None:
    a = parse_notice((NOTICES / "2026.txt").read_text(encoding="utf-8"))
    assert a.as_json() == {
        "year": 2026,
        "days_off": ["2026-01-01", "2026-01-02", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19",
                     "2026-02-20", "2026-02-23", "2026-04-06", "2026-05-01", "2026-05-04", "2026-05-05",
                     "2026-06-19", "2026-09-25", "2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06",
                     "2026-10-07"],
        "workdays": ["2026-01-04", "2026-02-14", "2026-02-28", "2026-05-09", "2026-09-20", "2026-10-10"],
    }
    assert a.issued_on == dt.date(2025, 11, 4) and a.number == ""
    assert [s.name for s in a.spans] == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    assert a.notes[dt.date(2026, 2, 14)] == "春节调休上班" and a.notes[dt.date(2026, 2, 16)] == "春节"


@pytest.mark.parametrize(("year", "number", "issued"), [
    (2025, "国办发明电〔2024〕12号", dt.date(2024, 11, 12)),
    (2024, "国办发明电〔2023〕7号", dt.date(2023, 10, 25)),
    (2023, "国办发明电〔2022〕16号", dt.date(2022, 12, 8)),
])
def test_number_and_date(year: int, number: str, issued: dt.date) -> None:
    a = parse_notice((NOTICES / f"{year}.txt").read_text(encoding="utf-8"))
    assert (a.number, a.issued_on) == (number, issued)


def test_encouragement_grants_no_day_off() -> None:
    a = parse_notice((NOTICES / "2024.txt").read_text(encoding="utf-8"))
    assert dt.date(2024, 2, 9) not in a.days_off  # 鼓励……安排职工在除夕（2月9日）休息


def test_half_width_punctuation_reads_the_same() -> None:
    text = (NOTICES / "2026.txt").read_text(encoding="utf-8")
    ascii_like = text.replace("（", "(").replace("）", ")").replace("：", ":").replace("，", ",")
    assert parse_notice(ascii_like).as_json() == parse_notice(text).as_json()


BAD = [
    ("随便一段文字", "未找到"),
    ("国务院办公厅关于2027年部分节假日安排的通知\n各省：\n", "未找到“一、元旦"),
    ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日至3日放假，共4天。", "共4天"),
    ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日至3日放假，共3天。1月5日（周二）上班。",
     "不是周末"),
    ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：1月1日至3日放假，共3天。\n二、春节：1月3日放假，共1天。",
     "重复"),
    ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：2月30日放假，共1天。", "日期无效"),
    ("国务院办公厅关于2027年部分节假日安排的通知\n一、元旦：另行通知。", "没有写明放假日期"),
]


@pytest.mark.parametrize(("text", "message"), BAD)
def test_bad_text_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(NoticeError, match=message):
        parse_notice(text)
