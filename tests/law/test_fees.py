"""Tests of the 信息处理费 schedules (国办函〔2020〕109号, legal-spec section 2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.law.fees import (
    PER_APPLICATION_SCHEDULE,
    Fee,
    FeeLine,
    fee_for_application,
    per_application_fee,
    per_page_fee,
)

PER_APPLICATION = [
    # (applications in the month, total fee in yuan)
    (0, 0),
    (1, 0),
    (10, 0),
    (11, 100),
    (30, 2000),
    (31, 2200),
    (35, 3000),  # worked example: 20×100 + 5×200
    (40, 4000),
    (41, 4300),
    (50, 7000),
    (51, 7400),
    (60, 11000),
    (61, 11500),
]


@pytest.mark.parametrize(("count", "expected"), PER_APPLICATION)
def test_per_application_fee(count: int, expected: int) -> None:
    fee = per_application_fee(count)
    assert fee == expected
    assert isinstance(fee, int)
    assert sum(line.subtotal for line in fee.lines) == expected
    assert sum(line.count for line in fee.lines) == count


PER_PAGE = [
    # (pages, total fee in yuan)
    (0, 0),
    (1, 0),
    (30, 0),
    (31, 10),
    (100, 700),
    (101, 720),
    (200, 2700),
    (201, 2740),
    (250, 4700),  # worked example: 70×10 + 100×20 + 50×40
    (1000, 34700),
]


@pytest.mark.parametrize(("pages", "expected"), PER_PAGE)
def test_per_page_fee(pages: int, expected: int) -> None:
    fee = per_page_fee(pages)
    assert fee == expected
    assert sum(line.count for line in fee.lines) == pages


def test_breakdown_35_applications() -> None:
    assert per_application_fee(35).lines == (
        FeeLine("第1—10件", 10, 0, 0),
        FeeLine("第11—30件", 20, 100, 2000),
        FeeLine("第31—40件", 5, 200, 1000),
    )


def test_breakdown_250_pages() -> None:
    assert per_page_fee(250).lines == (
        FeeLine("第1—30页", 30, 0, 0),
        FeeLine("第31—100页", 70, 10, 700),
        FeeLine("第101—200页", 100, 20, 2000),
        FeeLine("第201页及以上", 50, 40, 2000),
    )


MARGINAL = [
    # (n-th application of the month, marginal fee, band label)
    (1, 0, "第1—10件"),
    (10, 0, "第1—10件"),
    (11, 100, "第11—30件"),
    (30, 100, "第11—30件"),
    (31, 200, "第31—40件"),
    (40, 200, "第31—40件"),
    (41, 300, "第41—50件"),
    (51, 400, "第51—60件"),
    (101, 900, "第101—110件"),
]


@pytest.mark.parametrize(("nth", "expected", "label"), MARGINAL)
def test_fee_for_application(nth: int, expected: int, label: str) -> None:
    fee = fee_for_application(nth)
    assert fee == expected
    assert fee.lines == (FeeLine(label, 1, expected, expected),)


@pytest.mark.parametrize("bad", [-1, -30])
def test_negative_counts_rejected(bad: int) -> None:
    with pytest.raises(ValueError):
        per_application_fee(bad)
    with pytest.raises(ValueError):
        per_page_fee(bad)


@pytest.mark.parametrize("bad", [0, -1])
def test_nth_must_be_positive(bad: int) -> None:
    with pytest.raises(ValueError, match="序号"):
        fee_for_application(bad)


@given(st.integers(min_value=1, max_value=500))
def test_marginal_sums_to_total(n: int) -> None:
    assert per_application_fee(n) - per_application_fee(n - 1) == fee_for_application(n)


@given(st.integers(min_value=0, max_value=5000))
def test_fees_monotonic(n: int) -> None:
    assert per_page_fee(n + 1) >= per_page_fee(n)
    assert per_application_fee(n + 1) >= per_application_fee(n)


def test_fee_is_int_with_total() -> None:
    fee = per_page_fee(250)
    assert isinstance(fee, Fee)
    assert fee.total == 4700
    assert fee + 300 == 5000
    assert PER_APPLICATION_SCHEDULE.band_of(45).rate == 300
