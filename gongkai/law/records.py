"""Requests to correct a government information record about the applicant (《条例》第四十一条).

    公民、法人或者其他组织有证据证明行政机关提供的与其自身相关的政府信息记录不准确的，可以要求该行政机关更正。
    有权更正的行政机关审核属实的，应当予以更正并告知申请人；不属于本行政机关职能范围的，行政机关可以转送有权
    更正的行政机关处理并告知申请人，或者告知申请人向有权更正的行政机关提出。

The 条例 sets no period for the answer; it is an agency setting (default 20 working days, as Art. 33 for
a disclosure request), counted like every other period (``deadlines.py``), provisional when it runs into a
year whose holiday notice is not known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from gongkai.law.deadlines import Deadline, Step, format_date, mark_provisional
from gongkai.law.workdays import WorkdayCalendar, default_calendar

__all__ = ["ART_41", "DEFAULT_RECORD_WD", "RECORD_OUTCOMES", "RecordOutcome", "record_reply_due"]

ART_41 = "《条例》第四十一条"
DEFAULT_RECORD_WD = 20


class RecordOutcome(StrEnum):
    CORRECTED = "corrected"
    REFERRED = "referred"  # sent to the organ competent to correct it
    REDIRECTED = "redirected"  # the applicant told to apply to the competent organ
    REFUSED = "refused"  # not accurate-proven: refused with reasons


@dataclass(frozen=True)
class RecordOutcomeInfo:
    code: RecordOutcome
    label: str
    needs_reason: bool
    needs_organ: bool
    sentence: str  # what the reply letter says, {organ} and {reason} filled in


RECORD_OUTCOMES: dict[RecordOutcome, RecordOutcomeInfo] = {
    RecordOutcome.CORRECTED: RecordOutcomeInfo(
        RecordOutcome.CORRECTED, "予以更正", False, False,
        "经审核，您提出的政府信息记录不准确的情况属实，本机关已予以更正。"),
    RecordOutcome.REFERRED: RecordOutcomeInfo(
        RecordOutcome.REFERRED, "转送有权更正的机关", False, True,
        "经审核，该政府信息记录的更正不属于本机关职能范围，本机关已将您的更正申请转送{organ}处理。"),
    RecordOutcome.REDIRECTED: RecordOutcomeInfo(
        RecordOutcome.REDIRECTED, "告知向有权更正的机关提出", False, True,
        "经审核，该政府信息记录的更正不属于本机关职能范围，请您向{organ}提出更正申请。"),
    RecordOutcome.REFUSED: RecordOutcomeInfo(
        RecordOutcome.REFUSED, "不予更正", True, False,
        "经审核，您提供的证据不能证明该政府信息记录不准确，本机关不予更正。理由：{reason}"),
}


def record_reply_due(received_on: dt.date, workdays: int = DEFAULT_RECORD_WD,
                     cal: WorkdayCalendar | None = None) -> Deadline:
    """The answer to a correction request: ``workdays`` working days after receipt (agency setting)."""
    if not 1 <= workdays <= 60:
        raise ValueError(f"答复更正申请的期限应为1至60个工作日，当前为{workdays}")
    calendar = cal if cal is not None else default_calendar()
    due = calendar.add_workdays(received_on, workdays)
    steps = [
        Step(f"{format_date(received_on)}收到更正申请", ART_41, received_on),
        Step(f"自次日起算{workdays}个工作日内答复（本机关设定的期限），届满日为{format_date(due)}", ART_41, due,
             workdays),
    ]
    return mark_provisional(Deadline(due=due, steps=steps), calendar, received_on)
