"""Working-day calendar (工作日) for statutory deadlines (legal-spec sections 1.6 and 6).

A *working day* is a day the State Council's annual holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知)
makes a working day: Monday to Friday unless it is a public holiday, plus the make-up working days
(调休上班) that fall on a Saturday or Sunday.

Data sources, in order of precedence:

1. ``overrides`` -- an admin-maintained table ``{date: is_working_day}``. It wins over everything else.
   It is used for regional holidays (e.g. ethnic-minority festivals set by local governments), for
   corrections, and to enter the next year's State Council notice before the package is updated.
2. The ``chinesecalendar`` package (import name ``chinese_calendar``), pinned to 1.11.0, which covers
   2004-2026.
3. For a year listed in ``covered_years`` that the package does not cover: plain Monday-Friday,
   corrected by the overrides (the admin has declared that the overrides contain that year's
   complete holiday arrangement).
4. Only with ``estimate=True`` (the running system's calendar): for any other year from 2025 on, an
   *estimate* from the statutory holidays of 《全国年节及纪念日放假办法》 (``holidays.py``), weekends off and
   no make-up working days, corrected by the overrides. Such a year is *provisional*
   (:meth:`WorkdayCalendar.is_provisional`), and every deadline computed across it says so.

A date in any other year raises :class:`CalendarDataMissing`; the calendar never silently guesses.

Counting rule (民法典 Art. 201, legal-spec 1.6 item 2): the day of the triggering event is never
counted; counting starts on the following day. ``add_workdays(d, n)`` is therefore the n-th working
day strictly after ``d``, whether or not ``d`` itself is a working day. (``chinese_calendar.find_workday``
is deliberately not used: it returns the (n+1)-th working day when ``d`` is a day off, legal-spec 6.2.)

Performance: every year is materialised once into a sorted tuple of working-day ordinals, so
``add_workdays`` and ``workdays_between`` are a couple of binary searches per year crossed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from types import MappingProxyType

import chinese_calendar  # type: ignore[import-untyped,unused-ignore]

from gongkai.law.holidays import MEASURES, estimable, statutory_days_off

__all__ = [
    "CalendarDataMissing",
    "missing_arrangement_years",
    "provisional_reason",
    "WorkdayCalendar",
    "default_calendar",
    "package_years",
]


class CalendarDataMissing(Exception):
    """No holiday arrangement is known for ``year``; working days cannot be computed.

    The message is user-facing (Chinese) and tells the administrator what to do.
    """

    def __init__(self, year: int) -> None:
        self.year = year
        super().__init__(
            f"缺少{year}年的节假日安排数据，无法计算工作日；"
            f"请管理员在“工作日调整”中录入国务院办公厅{year}年节假日安排。"
        )


def provisional_reason(years: Iterable[int]) -> str:
    """Why a deadline across ``years`` is provisional, in Chinese (for pages, reminders and letters)."""
    ys = sorted(set(years))
    if not ys:
        return ""
    label = "、".join(f"{y}年" for y in ys)
    return (
        f"国务院办公厅尚未公布{label}的节假日安排，{label}的工作日按{MEASURES}规定的法定节假日预估"
        "（双休日休息，不含调休上班日），安排公布后将重新计算"
    )


WARN_FROM_MONTH = 11  # the State Council publishes next year's notice in October-December


def missing_arrangement_years(today: date, known_years: Iterable[int]) -> tuple[int, ...]:
    """The years whose arrangement administrators should enter now: this year if unknown, and from
    1 November next year if unknown (``known_years``: the package's and the entered ones)."""
    known = set(known_years)
    wanted = [today.year] + ([today.year + 1] if today.month >= WARN_FROM_MONTH else [])
    return tuple(y for y in wanted if y not in known)


@lru_cache(maxsize=1)
def package_years() -> range:
    """Years covered by the installed ``chinesecalendar`` data (2004-2026 for 1.11.0)."""
    years = [d.year for d in chinese_calendar.holidays]
    return range(min(years), max(years) + 1)


def _year_days(year: int) -> list[date]:
    first = date(year, 1, 1)
    length = (date(year + 1, 1, 1) - first).days
    return [first + timedelta(days=i) for i in range(length)]


@lru_cache(maxsize=64)
def _package_year_flags(year: int) -> tuple[bool, ...]:
    """Working-day flags of every day of ``year`` according to the package (index = day of year - 1)."""
    return tuple(bool(chinese_calendar.is_workday(d)) for d in _year_days(year))


def _weekday_year_flags(year: int) -> tuple[bool, ...]:
    return tuple(d.weekday() < 5 for d in _year_days(year))


@lru_cache(maxsize=64)
def _estimated_year_flags(year: int) -> tuple[bool, ...]:
    off = {o.date for o in statutory_days_off(year)}
    return tuple(d.weekday() < 5 and d not in off for d in _year_days(year))


_WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


@dataclass(frozen=True)
class _Year:
    """One materialised year: the first day's ordinal, per-day flags and sorted working-day ordinals."""

    first_ordinal: int
    flags: tuple[bool, ...]
    workday_ordinals: tuple[int, ...]


class WorkdayCalendar:
    """Working-day calendar = ``chinesecalendar`` data + admin overrides + explicitly covered years.

    ``overrides`` maps a date to ``True`` (working day) or ``False`` (day off) and wins over the package.
    ``covered_years`` lists years whose complete arrangement has been entered as overrides (e.g. 2027 once
    the State Council notice has been published); for those years the base is Monday-Friday.
    ``estimate`` lets the calendar estimate any other year from 2025 on from the statutory holidays
    (provisional years); ``notes`` names the reason of an override (shown when a day off is explained).

    Instances are immutable; per-year data are computed lazily and cached on the instance.
    """

    def __init__(
        self,
        overrides: Mapping[date, bool] | None = None,
        covered_years: Iterable[int] = (),
        *,
        estimate: bool = False,
        notes: Mapping[date, str] | None = None,
    ) -> None:
        self._overrides: Mapping[date, bool] = MappingProxyType(dict(overrides or {}))
        self._covered_years: frozenset[int] = frozenset(covered_years)
        self._estimate = estimate
        self._notes: Mapping[date, str] = MappingProxyType(dict(notes or {}))
        self._years: dict[int, _Year] = {}

    def __repr__(self) -> str:
        return (
            f"WorkdayCalendar(overrides={len(self._overrides)} dates, "
            f"covered_years={sorted(self._covered_years)})"
        )

    @property
    def overrides(self) -> Mapping[date, bool]:
        return self._overrides

    @property
    def covered_years(self) -> frozenset[int]:
        return self._covered_years

    def has_data(self, year: int) -> bool:
        """Whether working days of ``year`` can be computed (package data or a covered year)."""
        return year in self._covered_years or year in package_years()

    def is_provisional(self, year: int) -> bool:
        """Whether ``year``'s working days are an estimate (no notice known, estimating allowed)."""
        return self._estimate and not self.has_data(year) and estimable(year)

    def provisional_years(self, a: date, b: date) -> tuple[int, ...]:
        """The provisional years among those of ``a`` .. ``b`` (inclusive, either order)."""
        lo, hi = sorted((a.year, b.year))
        return tuple(y for y in range(lo, hi + 1) if self.is_provisional(y))

    def day_off_reason(self, d: date) -> str | None:
        """Why ``d`` is a day off (None for a working day): the override's note, the holiday, the weekend."""
        if self.is_workday(d):
            return None
        if d in self._overrides:
            return self._notes.get(d) or "节假日安排（管理员录入）"
        if d.year in package_years():
            _, holiday = chinese_calendar.get_holiday_detail(d)
            if holiday is not None:
                name = str(chinese_calendar.Holiday(holiday).chinese)
                if d.weekday() >= 5:
                    return f"{name}（{_WEEKDAY_NAMES[d.weekday()]}）"
                return f"{name}（调休）" if chinese_calendar.is_in_lieu(d) else name
        if self.is_provisional(d.year):
            for o in statutory_days_off(d.year):
                if o.date == d:
                    return f"{o.reason}（预估）"
        return "双休日"

    # ------------------------------------------------------------------ per-year data

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        if year in package_years():
            flags = list(_package_year_flags(year))
        elif year in self._covered_years:
            flags = list(_weekday_year_flags(year))
        elif self.is_provisional(year):
            flags = list(_estimated_year_flags(year))
        else:
            raise CalendarDataMissing(year)
        first_ordinal = date(year, 1, 1).toordinal()
        for day, is_work in self._overrides.items():
            if day.year == year:
                flags[day.toordinal() - first_ordinal] = bool(is_work)
        data = _Year(
            first_ordinal=first_ordinal,
            flags=tuple(flags),
            workday_ordinals=tuple(first_ordinal + i for i, f in enumerate(flags) if f),
        )
        self._years[year] = data
        return data

    def _count_up_to(self, d: date) -> int:
        """Working days from 1 January of ``d.year`` up to and including ``d``."""
        return bisect_right(self._year(d.year).workday_ordinals, d.toordinal())

    # ------------------------------------------------------------------ public API

    def is_workday(self, d: date) -> bool:
        """Whether ``d`` is a working day. Raises :class:`CalendarDataMissing` for an uncovered year."""
        data = self._year(d.year)
        return data.flags[d.toordinal() - data.first_ordinal]

    def add_workdays(self, start: date, n: int) -> date:
        """The n-th working day strictly after ``start`` (``start`` itself is never counted).

        ``start`` may be a working day or a day off. ``n == 0`` returns ``start`` unchanged.
        Raises ``ValueError`` for negative ``n`` and :class:`CalendarDataMissing` as soon as the count
        needs a year without data (including the year of ``start``).
        """
        if n < 0:
            raise ValueError(f"工作日数不能为负数：{n}")
        if n == 0:
            return start
        year = start.year
        remaining = n
        index = self._count_up_to(start)
        while True:
            ordinals = self._year(year).workday_ordinals
            available = len(ordinals) - index
            if remaining <= available:
                return date.fromordinal(ordinals[index + remaining - 1])
            remaining -= available
            year += 1
            index = 0

    def workdays_between(self, a: date, b: date) -> int:
        """Number of working days in the half-open interval (a, b].

        ``workdays_between(a, add_workdays(a, n)) == n``. If ``b < a`` the result is negative
        (``-workdays_between(b, a)``); if ``a == b`` it is 0.
        """
        if b < a:
            return -self.workdays_between(b, a)
        total = self._count_up_to(b) - self._count_up_to(a)
        for year in range(a.year, b.year):
            total += len(self._year(year).workday_ordinals)
        return total

    def days_off_between(self, a: date, b: date) -> list[tuple[date, str]]:
        """Every day off in the half-open interval (a, b], with the reason (:meth:`day_off_reason`)."""
        out: list[tuple[date, str]] = []
        d = a + timedelta(days=1)
        while d <= b:
            reason = self.day_off_reason(d)
            if reason is not None:
                out.append((d, reason))
            d += timedelta(days=1)
        return out

    def next_workday_on_or_after(self, d: date) -> date:
        """``d`` if it is a working day, otherwise the first working day after it."""
        return d if self.is_workday(d) else self.add_workdays(d, 1)


@lru_cache(maxsize=1)
def default_calendar() -> WorkdayCalendar:
    """The national calendar from ``chinesecalendar`` alone (no overrides, no extra years)."""
    return WorkdayCalendar({}, ())
