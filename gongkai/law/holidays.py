"""The statutory public holidays of 《全国年节及纪念日放假办法》, placed on the calendar of a given year.

The State Council's annual notice (国务院办公厅关于YYYY年部分节假日安排的通知) is the authority for the
working days of a year. Until it is published, working days can only be *estimated* from the 办法 itself:
the holidays below, Saturdays and Sundays off, and no make-up working days (调休上班 exist only by the notice).
Every deadline that rests on such an estimate is marked provisional (see ``workdays.py`` and
``deadlines.py``).

The 办法 as amended by 国务院令第795号 (2024-11-10), in force since 2025-01-01, Art. 2:

    （一）元旦，放假1天（1月1日）；
    （二）春节，放假4天（农历除夕、正月初一至初三）；
    （三）清明节，放假1天（农历清明当日）；
    （四）劳动节，放假2天（5月1日、2日）；
    （五）端午节，放假1天（农历端午当日）；
    （六）中秋节，放假1天（农历中秋当日）；
    （七）国庆节，放假3天（10月1日至3日）。

Art. 6: a holiday of all citizens that falls on a Saturday or Sunday is made up on a working day (补假).
The estimate applies it as the next weekday that is not already a day off, which is how every notice since
2008 has placed it when no bridge was arranged.

Lunar dates and the 清明 solar term are computed by ``lunar-python`` (astronomical algorithm, lunar
calendar 1..9999); the estimate is offered only for years under the amended 办法 (from 2025).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from lunar_python import Lunar  # type: ignore[import-untyped,unused-ignore]

__all__ = [
    "MEASURES",
    "MEASURES_IN_FORCE",
    "STATUTORY_HOLIDAYS",
    "DayOff",
    "Placement",
    "StatutoryHoliday",
    "estimable",
    "statutory_days_off",
]

MEASURES = "《全国年节及纪念日放假办法》"
MEASURES_IN_FORCE = dt.date(2025, 1, 1)  # 国务院令第795号
LAST_ESTIMABLE_YEAR = 2199


class Placement(StrEnum):
    SOLAR = "solar"  # a fixed Gregorian month/day
    LUNAR = "lunar"  # a lunar month/day (正月初一 ...)
    LUNAR_NEW_YEARS_EVE = "lunar_eve"  # 农历除夕: the day before 正月初一
    SOLAR_TERM = "solar_term"  # the day of a solar term (清明)


@dataclass(frozen=True)
class StatutoryHoliday:
    """One day off of Art. 2: its name, how it is placed, and the month/day (or the solar term's name)."""

    name: str
    placement: Placement
    month: int = 0
    day: int = 0
    term: str = ""


# Art. 2 of the 办法 as amended in force since 2025 (13 days).
STATUTORY_HOLIDAYS: tuple[StatutoryHoliday, ...] = (
    StatutoryHoliday("元旦", Placement.SOLAR, 1, 1),
    StatutoryHoliday("春节（农历除夕）", Placement.LUNAR_NEW_YEARS_EVE),
    StatutoryHoliday("春节（正月初一）", Placement.LUNAR, 1, 1),
    StatutoryHoliday("春节（正月初二）", Placement.LUNAR, 1, 2),
    StatutoryHoliday("春节（正月初三）", Placement.LUNAR, 1, 3),
    StatutoryHoliday("清明节", Placement.SOLAR_TERM, term="清明"),
    StatutoryHoliday("劳动节", Placement.SOLAR, 5, 1),
    StatutoryHoliday("劳动节", Placement.SOLAR, 5, 2),
    StatutoryHoliday("端午节", Placement.LUNAR, 5, 5),
    StatutoryHoliday("中秋节", Placement.LUNAR, 8, 15),
    StatutoryHoliday("国庆节", Placement.SOLAR, 10, 1),
    StatutoryHoliday("国庆节", Placement.SOLAR, 10, 2),
    StatutoryHoliday("国庆节", Placement.SOLAR, 10, 3),
)


@dataclass(frozen=True)
class DayOff:
    """A weekday off in the estimate: the date and why (the holiday's name, or 补假 for it)."""

    date: dt.date
    reason: str


def estimable(year: int) -> bool:
    """Whether the 办法 in force since 2025 can place the holidays of ``year``."""
    return MEASURES_IN_FORCE.year <= year <= LAST_ESTIMABLE_YEAR


def _solar(lunar_solar: object) -> dt.date:
    return dt.date(lunar_solar.getYear(), lunar_solar.getMonth(), lunar_solar.getDay())  # type: ignore[attr-defined]


def place(holiday: StatutoryHoliday, year: int) -> dt.date:
    """The Gregorian date of ``holiday`` in ``year``."""
    match holiday.placement:
        case Placement.SOLAR:
            return dt.date(year, holiday.month, holiday.day)
        case Placement.LUNAR:
            # Lunar months 1-8 of lunar year ``year`` all fall in Gregorian ``year``.
            return _solar(Lunar.fromYmd(year, holiday.month, holiday.day).getSolar())
        case Placement.LUNAR_NEW_YEARS_EVE:
            return _solar(Lunar.fromYmd(year, 1, 1).getSolar()) - dt.timedelta(days=1)
        case Placement.SOLAR_TERM:
            table = Lunar.fromYmd(year, 3, 1).getJieQiTable()
            return _solar(table[holiday.term])
    raise ValueError(holiday.placement)  # pragma: no cover


@lru_cache(maxsize=32)
def statutory_days_off(year: int) -> tuple[DayOff, ...]:
    """The weekdays off of ``year`` under the 办法 (Art. 2 holidays, Art. 6 补假), sorted by date.

    Saturdays and Sundays are not listed (they are off anyway). A holiday on a weekend, or on the day of
    another holiday (中秋 on 国庆, as in 2020), gives a 补假 on the next weekday not already off. Raises ``ValueError`` for a year the 办法 in force cannot place.
    """
    if not estimable(year):
        raise ValueError(f"{MEASURES}（2025年起施行的版本）不适用于{year}年")
    placed = sorted((place(h, year), h.name) for h in STATUTORY_HOLIDAYS)
    off: dict[dt.date, str] = {}
    owed: list[str] = []  # holidays that fell on a weekend or on another holiday's day
    for d, name in placed:
        if d.weekday() >= 5 or d in off:
            owed.append(name)
        else:
            off[d] = name
    for d, name in placed:
        if name not in owed:
            continue
        owed.remove(name)
        substitute = d + dt.timedelta(days=1)
        while substitute.weekday() >= 5 or substitute in off:
            substitute += dt.timedelta(days=1)
        off[substitute] = f"{name}补假"
    return tuple(DayOff(d, off[d]) for d in sorted(off) if d.year == year)
    return tuple(DayOff(d, off[d]) for d in sorted(off))
