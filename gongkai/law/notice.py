"""Read the State Council's annual holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知) into working days.

The notice lists, item by item (一、元旦：… 二、春节：…), the days off (``M月D日至D日放假调休，共N天``, a single
``M月D日放假``) and the weekend days that are working days (``M月D日（星期六）上班``). Parenthesised notes
(周四, 农历除夕) are dropped; a sentence that only encourages (鼓励…休息) grants nothing. Dates may carry their
year (``2022年12月31日至2023年1月2日``); a day without a month takes the month of the date before it.

:func:`parse_notice` returns an :class:`Arrangement`: the year, the weekdays off and the weekend working days
(weekends that stay off are not listed: the calendar has them already), each holiday's span, and the
notice's 文号 and date when the text carries them. Each item's ``共N天`` is checked against the span read,
so a garbled paste is refused with a Chinese message (:class:`NoticeError`) instead of saved.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

__all__ = ["Arrangement", "HolidaySpan", "NoticeError", "parse_notice"]

_NUMERALS = "一二三四五六七八九十"
_WIDTH = str.maketrans({"(": "（", ")": "）", ":": "：", ",": "，", ";": "；", "[": "〔", "]": "〕"})
_DATE = re.compile(r"(?:(\d{4})年)?(?:(\d{1,2})月)?(\d{1,2})日")
_ITEM = re.compile(rf"(?:^|\n|。)\s*[{_NUMERALS}]+、([^：\n。]{{1,20}})：")


class NoticeError(ValueError):
    """The text cannot be read as a holiday notice; the message says why (Chinese)."""


@dataclass(frozen=True)
class HolidaySpan:
    """One item of the notice: its holiday names, the days off it grants and the make-up working days."""

    name: str
    first: dt.date
    last: dt.date
    days: int
    workdays: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class Arrangement:
    year: int
    days_off: tuple[dt.date, ...]  # Monday-Friday days that are off
    workdays: tuple[dt.date, ...]  # Saturdays and Sundays that are working days
    spans: tuple[HolidaySpan, ...] = ()
    number: str = ""  # 文号, e.g. 国办发明电〔2025〕7号
    issued_on: dt.date | None = None
    notes: dict[dt.date, str] = field(default_factory=dict)  # the holiday's name of each listed day

    def as_json(self) -> dict[str, object]:
        return {
            "year": self.year,
            "days_off": [d.isoformat() for d in self.days_off],
            "workdays": [d.isoformat() for d in self.workdays],
        }


def _normalise(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\u3000", " ").translate(_WIDTH)
    return re.sub(r"[ \t]+", "", text)


def _dates(sentence: str, year: int) -> list[dt.date]:
    out: list[dt.date] = []
    y, m = year, 0
    for match in _DATE.finditer(sentence):
        if match.group(1):
            y = int(match.group(1))
        if match.group(2):
            m = int(match.group(2))
        if not m:
            raise NoticeError(f"无法确定“{match.group(0)}”所在的月份")
        try:
            out.append(dt.date(y, m, int(match.group(3))))
        except ValueError:
            raise NoticeError(f"日期无效：{y}年{m}月{match.group(3)}日") from None
    return out


def _span(name: str, body: str, year: int) -> HolidaySpan:
    off: list[dt.date] = []
    work: list[dt.date] = []
    stated: int | None = None
    for raw in body.split("。"):
        if "鼓励" in raw or not raw.strip():
            continue  # 鼓励…安排职工在除夕休息 grants no day off
        sentence = re.sub(r"（[^）]*）", "", raw)
        if "上班" in sentence:
            work.extend(_dates(sentence, year))
        elif "放假" in sentence:
            dates = _dates(sentence.split("放假")[0], year)
            if not dates:
                raise NoticeError(f"“{name}”一项没有写明放假日期")
            if len(dates) > 2:
                raise NoticeError(f"“{name}”一项的放假日期无法识别：{raw.strip()}")
            first, last = dates[0], dates[-1]
            if last < first:
                raise NoticeError(f"“{name}”一项的放假起止日期颠倒：{raw.strip()}")
            off.extend(first + dt.timedelta(days=i) for i in range((last - first).days + 1))
            total = re.search(r"共(\d+)天", sentence)
            stated = int(total.group(1)) if total else None
    if not off:
        raise NoticeError(f"“{name}”一项没有写明放假日期")
    if stated is not None and stated != len(off):
        raise NoticeError(
            f"“{name}”一项写明共{stated}天，但读出的放假日期为{off[0].isoformat()}至{off[-1].isoformat()}，"
            f"共{len(off)}天；请核对粘贴的通知全文"
        )
    for d in work:
        if d.weekday() < 5:
            raise NoticeError(f"“{name}”一项的调休上班日{d.isoformat()}不是周末，请核对")
    return HolidaySpan(name, off[0], off[-1], len(off), tuple(work))


def parse_notice(text: str) -> Arrangement:
    """Read the notice's text (as published, pasted whole). Raises :class:`NoticeError`."""
    body = _normalise(text)
    title = re.search(r"关于(\d{4})年部分节假日安排的通知", body) or re.search(r"现将(\d{4})年元旦", body)
    if title is None:
        raise NoticeError("未找到“关于YYYY年部分节假日安排的通知”或“现将YYYY年元旦……”，请粘贴通知全文")
    year = int(title.group(1))
    number_match = re.search(r"国办发明电〔(\d{4})〕(\d+)号", body)
    number = f"国办发明电〔{number_match.group(1)}〕{number_match.group(2)}号" if number_match else ""
    issued_on = None
    signed = re.search(r"国务院办公厅\n*(\d{4})年(\d{1,2})月(\d{1,2})日", body)
    if signed:
        issued_on = dt.date(int(signed.group(1)), int(signed.group(2)), int(signed.group(3)))

    items = list(_ITEM.finditer(body))
    if not items:
        raise NoticeError("未找到“一、元旦：……”等放假安排条目，请粘贴通知全文")
    spans: list[HolidaySpan] = []
    for i, item in enumerate(items):
        end = items[i + 1].start() if i + 1 < len(items) else len(body)
        chunk = body[item.end():end]
        # the item ends at its paragraph; what follows (节假日期间…, the signature) is not part of it
        chunk = chunk.lstrip("\n").split("\n")[0]
        spans.append(_span(item.group(1), chunk, year))

    notes: dict[dt.date, str] = {}
    off: set[dt.date] = set()
    work: set[dt.date] = set()
    for s in spans:
        for i in range(s.days):
            d = s.first + dt.timedelta(days=i)
            if d in off:
                raise NoticeError(f"{d.isoformat()}在两项放假安排中重复出现")
            off.add(d)
            notes[d] = s.name
        for d in s.workdays:
            work.add(d)
            notes[d] = f"{s.name}调休上班"
    clash = off & work
    if clash:
        raise NoticeError(f"{min(clash).isoformat()}既是放假日又是上班日，请核对")
    return Arrangement(
        year=year,
        days_off=tuple(sorted(d for d in off if d.weekday() < 5)),
        workdays=tuple(sorted(work)),
        spans=tuple(spans),
        number=number,
        issued_on=issued_on,
        notes=notes,
    )
