"""Tests of the statutory deadlines (legal-spec 1.6, A.4)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.law.deadlines import (
    Channel,
    EmailRule,
    Pause,
    PauseKind,
    correction_notice_due,
    is_late_publication,
    other_organ_reply_due,
    payment_due,
    publication_due,
    receipt_date,
    reply_due,
    third_party_reply_due,
)
from gongkai.law.workdays import CalendarDataMissing, WorkdayCalendar, default_calendar
from tests.law.test_workdays import HOLIDAY_ROWS

CAL = default_calendar()
TP, OO, FEE = PauseKind.THIRD_PARTY, PauseKind.OTHER_ORGAN, PauseKind.FEE_PAYMENT

# --------------------------------------------------------------------------- receipt date (Art. 31)

SUB = date(2026, 9, 18)
LATER = date(2026, 9, 21)

RECEIPT = [
    # (channel, kwargs, email_rule, expected)
    (Channel.IN_PERSON, {}, EmailRule.MUTUAL_CONFIRMATION, SUB),
    (Channel.ORAL, {}, EmailRule.MUTUAL_CONFIRMATION, SUB),
    (Channel.POST_SIGNED, {"signed_on": LATER}, EmailRule.MUTUAL_CONFIRMATION, LATER),
    (Channel.POST_UNSIGNED, {"confirmed_on": LATER}, EmailRule.MUTUAL_CONFIRMATION, LATER),
    (Channel.INTERNET, {"confirmed_on": LATER}, EmailRule.MUTUAL_CONFIRMATION, LATER),
    (Channel.FAX, {"confirmed_on": SUB}, EmailRule.MUTUAL_CONFIRMATION, SUB),
    (Channel.EMAIL, {"confirmed_on": LATER}, EmailRule.MUTUAL_CONFIRMATION, LATER),
    (Channel.EMAIL, {"confirmed_on": LATER}, EmailRule.SUBMISSION_DATE, SUB),
    (Channel.EMAIL, {}, EmailRule.SUBMISSION_DATE, SUB),
]


@pytest.mark.parametrize(("channel", "kwargs", "rule", "expected"), RECEIPT)
def test_receipt_date(channel: Channel, kwargs: dict[str, date], rule: EmailRule, expected: date) -> None:
    assert receipt_date(channel, submitted_on=SUB, email_rule=rule, **kwargs) == expected


@pytest.mark.parametrize(
    ("channel", "kwargs", "message"),
    [
        (Channel.POST_SIGNED, {}, "缺少签收日期"),
        (Channel.INTERNET, {}, "缺少确认日期"),
        (Channel.FAX, {"confirmed_on": SUB - timedelta(days=1)}, "不得早于提交日期"),
        (Channel.EMAIL, {}, "缺少确认日期"),
    ],
)
def test_receipt_date_errors(channel: Channel, kwargs: dict[str, date], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        receipt_date(channel, submitted_on=SUB, **kwargs)


# --------------------------------------------------------------------------- worked examples (1.6 item 9)

REPLY_EXAMPLES = [
    # (received_on, extension_wd, due)
    (date(2026, 9, 18), 0, date(2026, 10, 22)),
    (date(2026, 9, 18), 20, date(2026, 11, 19)),
    (date(2026, 2, 13), 0, date(2026, 3, 19)),
    (date(2025, 12, 31), 0, date(2026, 1, 29)),
    (date(2026, 3, 7), 0, date(2026, 4, 3)),  # find_workday pitfall: Saturday receipt
]


@pytest.mark.parametrize(("received", "ext", "expected"), REPLY_EXAMPLES)
def test_reply_due_examples(received: date, ext: int, expected: date) -> None:
    result = reply_due(received_on=received, extension_wd=ext)
    assert result.due == expected
    assert not result.clock_stopped
    assert result.steps[-1].date == expected


CORRECTION_EXAMPLES = [
    (date(2026, 9, 18), date(2026, 9, 29)),
    (date(2026, 2, 13), date(2026, 3, 2)),
]


@pytest.mark.parametrize(("received", "expected"), CORRECTION_EXAMPLES)
def test_correction_notice_due(received: date, expected: date) -> None:
    result = correction_notice_due(received)
    assert result.due == expected
    assert [s.article for s in result.steps] == ["《条例》第三十一条", "《条例》第三十条"]


def test_2027_raises_calendar_missing() -> None:
    with pytest.raises(CalendarDataMissing) as excinfo:
        reply_due(received_on=date(2026, 12, 10))
    assert excinfo.value.year == 2027
    assert "2027年" in str(excinfo.value)
    covered = WorkdayCalendar({date(2027, 1, 1): False}, covered_years=[2027])
    assert reply_due(received_on=date(2026, 12, 10), cal=covered).due == date(2027, 1, 8)


def test_explanation_of_worked_example() -> None:
    result = reply_due(
        received_on=date(2026, 9, 18),
        paused=[Pause(date(2026, 10, 12), date(2026, 10, 19), TP)],
        extension_wd=15,
        channel=Channel.IN_PERSON,
    )
    # 20 + 5 paused + 15 extension = 40 working days after 2026-09-18
    assert result.due == date(2026, 11, 19)
    texts = [s.text for s in result.steps]
    assert texts[0].startswith("2026年9月18日收到申请，当面提交")
    assert texts[0].endswith("（《条例》第三十一条）")
    assert texts[1] == "自次日起算20个工作日，届满日为2026年10月22日（《条例》第三十三条第二款）"
    assert texts[2].startswith(
        "征求第三方意见（2026年10月12日至2026年10月19日）暂停5个工作日，不计入答复期限"
    )
    assert "第三十三条第三款" in texts[2]
    assert texts[3].startswith("经政府信息公开工作机构负责人同意延长15个工作日")
    assert texts[3].endswith("（《条例》第三十三条第二款）")
    assert [s.workdays for s in result.steps] == [0, 20, 5, 15]
    assert result.explanation.count("\n") == 3


# --------------------------------------------------------------------------- pauses

R = date(2026, 9, 18)  # plain due 2026-10-22

PAUSE_TABLE = [
    # (label, corrected_received_on, pauses, fee_pauses_clock, expected due)
    ("no pause", None, [], True, date(2026, 10, 22)),
    (
        "third party over 中秋",
        None,
        [Pause(date(2026, 9, 22), date(2026, 9, 29), TP)],
        True,
        date(2026, 10, 28),
    ),
    ("5 wd third party", None, [Pause(date(2026, 10, 12), date(2026, 10, 19), TP)], True, date(2026, 10, 29)),
    (
        "overlap counted once",
        None,
        [
            Pause(date(2026, 10, 12), date(2026, 10, 19), TP),
            Pause(date(2026, 10, 15), date(2026, 10, 21), OO),
        ],
        True,
        date(2026, 11, 2),
    ),
    (
        "adjoining pauses",
        None,
        [
            Pause(date(2026, 10, 12), date(2026, 10, 14), TP),
            Pause(date(2026, 10, 14), date(2026, 10, 16), OO),
        ],
        True,
        date(2026, 10, 28),
    ),
    (
        "same-day pause is empty",
        None,
        [Pause(date(2026, 10, 12), date(2026, 10, 12), TP)],
        True,
        date(2026, 10, 22),
    ),
    (
        "fee pause counted",
        None,
        [Pause(date(2026, 10, 12), date(2026, 10, 19), FEE)],
        True,
        date(2026, 10, 29),
    ),
    (
        "fee pause not counted",
        None,
        [Pause(date(2026, 10, 12), date(2026, 10, 19), FEE)],
        False,
        date(2026, 10, 22),
    ),
    (
        "pause starts on due day: no effect",
        None,
        [Pause(date(2026, 10, 22), date(2026, 10, 30), TP)],
        True,
        date(2026, 10, 22),
    ),
    (
        "pause starts day before due",
        None,
        [Pause(date(2026, 10, 21), date(2026, 10, 30), TP)],
        True,
        date(2026, 11, 2),
    ),
    (
        "clipped to corrected receipt",
        date(2026, 10, 12),
        [Pause(date(2026, 9, 20), date(2026, 10, 13), TP)],
        True,
        date(2026, 11, 10),
    ),
    (
        "pause before clock start ignored",
        date(2026, 10, 12),
        [Pause(date(2026, 9, 20), date(2026, 10, 9), TP)],
        True,
        date(2026, 11, 9),
    ),
]


@pytest.mark.parametrize(
    ("label", "corrected", "pauses", "fee_pauses", "expected"), PAUSE_TABLE, ids=[r[0] for r in PAUSE_TABLE]
)
def test_pauses(
    label: str, corrected: date | None, pauses: list[Pause], fee_pauses: bool, expected: date
) -> None:
    result = reply_due(
        received_on=R, corrected_received_on=corrected, paused=pauses, fee_pauses_clock=fee_pauses
    )
    assert result.due == expected
    assert result.due == simulate(
        corrected or R, 20, pauses if fee_pauses else [p for p in pauses if p.kind is not FEE]
    )


def test_open_pause_stops_clock() -> None:
    result = reply_due(received_on=R, paused=[Pause(date(2026, 9, 22), None, OO)])
    assert result.due is None
    assert result.clock_stopped
    assert result.remaining_workdays == 17  # 9-20 (调休 Sunday), 9-21, 9-22 used
    assert result.stopped_since == date(2026, 9, 22)
    assert "尚未恢复" in result.steps[-1].label
    # an open pause that begins after the deadline has no effect
    late = reply_due(received_on=R, paused=[Pause(date(2026, 10, 23), None, OO)])
    assert late.due == date(2026, 10, 22) and not late.clock_stopped


@pytest.mark.parametrize(("ext", "ok"), [(-1, False), (0, True), (1, True), (20, True), (21, False)])
def test_extension_bounds(ext: int, ok: bool) -> None:
    if ok:
        assert reply_due(received_on=R, extension_wd=ext).due == CAL.add_workdays(R, 20 + ext)
    else:
        with pytest.raises(ValueError, match="工作日"):
            reply_due(received_on=R, extension_wd=ext)


def test_corrected_before_received_rejected() -> None:
    with pytest.raises(ValueError, match="补正"):
        reply_due(received_on=R, corrected_received_on=R - timedelta(days=1))


def test_pause_end_before_start_rejected() -> None:
    with pytest.raises(ValueError, match="不得早于"):
        Pause(date(2026, 10, 12), date(2026, 10, 11), TP)


def test_correction_restarts_clock() -> None:
    result = reply_due(received_on=date(2026, 9, 18), corrected_received_on=date(2026, 9, 30))
    assert result.due == CAL.add_workdays(date(2026, 9, 30), 20)
    assert result.steps[1].article == "《条例》第三十条"


# --------------------------------------------------------------------------- other deadlines

OTHER = [
    # (function, trigger, expected)
    (payment_due, date(2026, 9, 18), date(2026, 10, 22)),
    (third_party_reply_due, date(2026, 9, 18), date(2026, 10, 15)),
    (other_organ_reply_due, date(2026, 9, 18), date(2026, 10, 15)),
    (publication_due, date(2026, 9, 18), date(2026, 10, 22)),
    (payment_due, date(2026, 2, 13), date(2026, 3, 19)),
    (third_party_reply_due, date(2026, 2, 13), date(2026, 3, 12)),
]


@pytest.mark.parametrize(("fn", "trigger", "expected"), OTHER)
def test_other_deadlines(fn: object, trigger: date, expected: date) -> None:
    assert callable(fn)
    result = fn(trigger)
    assert result.due == expected


@pytest.mark.parametrize(
    ("formed", "published", "late"),
    [
        (date(2026, 9, 18), date(2026, 10, 22), False),
        (date(2026, 9, 18), date(2026, 10, 23), True),
        (date(2026, 9, 18), date(2026, 9, 18), False),
    ],
)
def test_is_late_publication(formed: date, published: date, late: bool) -> None:
    assert is_late_publication(formed, published) is late


@pytest.mark.parametrize(
    ("label", "received", "due7", "due20"), HOLIDAY_ROWS, ids=[r[0] for r in HOLIDAY_ROWS]
)
def test_deadlines_across_holidays(label: str, received: date, due7: date, due20: date) -> None:
    assert correction_notice_due(received).due == due7
    assert reply_due(received_on=received).due == due20
    assert payment_due(received).due == due20
    assert publication_due(received).due == due20


def test_regional_holiday_override_shifts_reply() -> None:
    cal = WorkdayCalendar({date(2026, 10, 20): False}, ())
    assert reply_due(received_on=R, cal=cal).due == date(2026, 10, 23)


# --------------------------------------------------------------------------- properties


def simulate(clock_start: date, total: int, pauses: list[Pause]) -> date | None:
    """Independent oracle: walk day by day; a working day counts unless it lies in some (start, end]."""

    def paused(d: date) -> bool:
        return any(p.start < d and (p.end is None or d <= p.end) for p in pauses)

    d, counted = clock_start, 0
    while counted < total:
        d += timedelta(days=1)
        if chinese_calendar.is_workday(d):
            if paused(d):
                if all(p.end is not None for p in pauses if p.start < d and (p.end is None or d <= p.end)):
                    continue
                return None
            counted += 1
    return d


DAY0 = date(2025, 1, 1)


@st.composite
def pauses_strategy(draw: st.DrawFn) -> list[Pause]:
    out = []
    for _ in range(draw(st.integers(0, 4))):
        start = DAY0 + timedelta(days=draw(st.integers(0, 200)))
        end = None if draw(st.integers(0, 9)) == 0 else start + timedelta(days=draw(st.integers(0, 30)))
        out.append(Pause(start, end, draw(st.sampled_from(list(PauseKind)))))
    return out


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 200), pauses_strategy(), st.integers(0, 20))
def test_reply_due_matches_simulation(offset: int, pauses: list[Pause], ext: int) -> None:
    start = DAY0 + timedelta(days=offset)
    result = reply_due(received_on=start, paused=pauses, extension_wd=ext)
    assert result.due == simulate(start, 20 + ext, pauses)
    assert result.clock_stopped is (result.due is None)


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 200), pauses_strategy(), pauses_strategy())
def test_pauses_only_push_later(offset: int, pauses: list[Pause], more: list[Pause]) -> None:
    start = DAY0 + timedelta(days=offset)
    base = reply_due(received_on=start).due
    with_pauses = reply_due(received_on=start, paused=pauses)
    with_more = reply_due(received_on=start, paused=pauses + more)
    assert base is not None
    if with_pauses.due is not None:
        assert with_pauses.due >= base
        if with_more.due is not None:
            assert with_more.due >= with_pauses.due
    else:
        assert with_more.due is None


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 600), st.integers(0, 20))
def test_extension_monotonic(offset: int, ext: int) -> None:
    start = DAY0 + timedelta(days=offset)
    a = reply_due(received_on=start, extension_wd=ext).due
    assert a is not None
    assert CAL.workdays_between(start, a) == 20 + ext
