"""信息处理费 — information processing fee of 国办函〔2020〕109号 (legal-spec section 2, Appendix A.4).

Both methods are progressive (超额累进): every unit is charged at the rate of the band it falls in.

* 按件计收 (per application, same applicant, cumulative within one natural month): 1-10 free,
  11-30 at 100 元/件, then bands of 10 件 starting with 31-40 at 200 元/件 and 100 元/件 more for each
  further band (41-50: 300, 51-60: 400, ...). The reading of the bands above 30 件 is UNCONFIRMED by an
  official worked example (legal-spec section 2 note).
* 按量计收 (per page): 1-30 free, 31-100 at 10 元/页, 101-200 at 20 元/页, 201 and above at 40 元/页.

The tiers are data (:data:`PER_APPLICATION_SCHEDULE`, :data:`PER_PAGE_SCHEDULE`). Every function returns a
:class:`Fee`, an ``int`` (yuan) that also carries the breakdown lines printed on the fee notice
(收费通知书). Worked examples: 35 件 → 3000 元; 250 页 → 4700 元.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

__all__ = [
    "PER_APPLICATION_SCHEDULE",
    "PER_PAGE_SCHEDULE",
    "Band",
    "Fee",
    "FeeLine",
    "FeeSchedule",
    "fee_for_application",
    "per_application_fee",
    "per_page_fee",
]


@dataclass(frozen=True)
class Band:
    """Units ``first``..``last`` (inclusive; ``last=None`` = open-ended) charged at ``rate`` 元 each."""

    first: int
    last: int | None
    rate: int


@dataclass(frozen=True)
class FeeSchedule:
    """A progressive schedule: fixed ``bands`` then, optionally, an unbounded arithmetic tail.

    The tail (``tail_width`` > 0) continues after the last fixed band with bands of ``tail_width`` units,
    the first charged at ``tail_first_rate`` and each following band ``tail_increment`` more.
    """

    unit: Literal["件", "页"]
    bands: tuple[Band, ...]
    tail_width: int = 0
    tail_first_rate: int = 0
    tail_increment: int = 0

    def iter_bands(self) -> Iterator[Band]:
        """All bands in order (infinitely many if the schedule has a tail)."""
        yield from self.bands
        if self.tail_width <= 0:
            return
        last_fixed = self.bands[-1].last
        assert last_fixed is not None, "a schedule with a tail needs a closed last fixed band"
        first, rate = last_fixed + 1, self.tail_first_rate
        while True:
            yield Band(first, first + self.tail_width - 1, rate)
            first += self.tail_width
            rate += self.tail_increment

    def band_of(self, nth: int) -> Band:
        """The band containing the ``nth`` unit (1-based)."""
        if nth < 1:
            raise ValueError(f"序号必须从1开始：{nth}")
        for band in self.iter_bands():
            if band.last is None or nth <= band.last:
                return band
        raise AssertionError("unreachable: the last band is open-ended")  # pragma: no cover

    def label(self, band: Band) -> str:
        """Chinese label of a band for the fee notice, e.g. "第11—30件" or "第201页及以上"."""
        if band.last is None:
            return f"第{band.first}{self.unit}及以上"
        return f"第{band.first}—{band.last}{self.unit}"


PER_APPLICATION_SCHEDULE = FeeSchedule(
    unit="件",
    bands=(Band(1, 10, 0), Band(11, 30, 100)),
    tail_width=10,
    tail_first_rate=200,
    tail_increment=100,
)

PER_PAGE_SCHEDULE = FeeSchedule(
    unit="页",
    bands=(Band(1, 30, 0), Band(31, 100, 10), Band(101, 200, 20), Band(201, None, 40)),
)


@dataclass(frozen=True)
class FeeLine:
    """One line of the breakdown: band label, units in the band, rate (元 per unit) and subtotal (元)."""

    label: str
    count: int
    rate: int
    subtotal: int


class Fee(int):
    """An amount in yuan (it *is* an ``int``) carrying its breakdown in :attr:`lines`."""

    lines: tuple[FeeLine, ...]

    def __new__(cls, lines: Sequence[FeeLine]) -> Fee:
        fee = super().__new__(cls, sum(line.subtotal for line in lines))
        fee.lines = tuple(lines)
        return fee

    @property
    def total(self) -> int:
        return int(self)

    def __repr__(self) -> str:
        return f"Fee({int(self)}, lines={list(self.lines)!r})"


def _progressive(schedule: FeeSchedule, count: int) -> Fee:
    if count < 0:
        raise ValueError(f"数量不能为负数：{count}")
    lines: list[FeeLine] = []
    for band in schedule.iter_bands():
        if count < band.first:
            break
        upper = count if band.last is None else min(count, band.last)
        units = upper - band.first + 1
        lines.append(FeeLine(schedule.label(band), units, band.rate, units * band.rate))
    return Fee(lines)


class FeeMethod(StrEnum):
    """How the 信息处理费 is counted (国办函〔2020〕109号): per application in a month, or per page."""

    PER_APPLICATION = "per_application"
    PER_PAGE = "per_page"

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeMethod.PER_APPLICATION else "按量计收"


FEE_METHOD_CHOICES = [(m.value, m.label) for m in FeeMethod]


def per_application_fee(count_in_month: int) -> Fee:
    """Total 按件 fee (元) for ``count_in_month`` applications by the same applicant in one natural month."""
    return _progressive(PER_APPLICATION_SCHEDULE, count_in_month)


def per_page_fee(pages: int) -> Fee:
    """按量 fee (元) for ``pages`` pages of one application."""
    return _progressive(PER_PAGE_SCHEDULE, pages)


def fee_for_application(nth_in_month: int) -> Fee:
    """Marginal 按件 fee of the ``nth_in_month`` application of the month (1-based).

    Equals ``per_application_fee(n) - per_application_fee(n - 1)``; the breakdown is the single band line.
    """
    band = PER_APPLICATION_SCHEDULE.band_of(nth_in_month)
    return Fee([FeeLine(PER_APPLICATION_SCHEDULE.label(band), 1, band.rate, band.rate)])
