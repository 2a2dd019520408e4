"""Statutory deadlines of 依申请公开 and 主动公开 (legal-spec 1.6, Appendix A.4).

Pure functions over a :class:`~gongkai.law.workdays.WorkdayCalendar`. Every deadline function returns a
:class:`Deadline`: the due date plus the list of :class:`Step` s explaining, article by article, how the
date was derived, so a clerk or an applicant can read why the date is what it is.

Counting rule (民法典 Art. 201): the day of the triggering event (receipt, notice, formation) is not
counted; the period starts the next day and counts working days only (see ``workdays.py``).

Articles: "《条例》" is the 中华人民共和国政府信息公开条例 as revised in 2019. Article 33 has three
paragraphs: ¶1 reply on the spot; ¶2 reply within 20 working days, extension of at most 20 working days
with the approval of the head of the disclosure office; ¶3 time spent consulting third parties and other
organs is not counted.

Pauses (暂停计时)
-----------------
A :class:`Pause` ``(start, end, kind)`` covers the half-open interval ``(start, end]``: ``start`` is the
day the consultation letter (or the fee notice) was sent, ``end`` the day the answer (or the payment)
arrived. ``start`` itself still counts towards the reply period, like any other day; the working days in
``(start, end]`` do not count, and counting resumes on the day after ``end``. Concretely, the number of
working days in ``(start, end]`` is added to the due date. Rules:

* overlapping or adjoining pauses are merged, so a working day is never excluded twice;
* a pause is clipped to the reply period: days before the clock start are ignored;
* a pause whose first paused day comes after the running deadline (the period had already run out
  when it began) has no effect and is reported as such;
* an open pause (``end is None``) stops the clock: the result has ``due = None``,
  ``clock_stopped = True`` and the number of working days still remaining when the clock stopped;
* fee-payment pauses only count when ``fee_pauses_clock`` is true (109号 does not say whether the wait
  for payment is excluded: UNCONFIRMED, default = paused).

Hence pauses can only ever push the due date later, never earlier.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum

from gongkai.law.holidays import MEASURES
from gongkai.law.workdays import WorkdayCalendar, default_calendar, provisional_reason

__all__ = [
    "CORRECTION_NOTICE_WD",
    "MAX_EXTENSION_WD",
    "PAYMENT_WD",
    "PUBLICATION_WD",
    "REPLY_WD",
    "THIRD_PARTY_WD",
    "Channel",
    "Deadline",
    "EmailRule",
    "Pause",
    "PauseKind",
    "Step",
    "awaiting_correction",
    "awaiting_receipt",
    "correction_notice_due",
    "correction_period_due",
    "format_date",
    "is_late_publication",
    "mark_provisional",
    "other_organ_reply_due",
    "payment_due",
    "publication_due",
    "receipt_date",
    "reply_due",
    "third_party_reply_due",
]

CORRECTION_NOTICE_WD = 7  # Art. 30
REPLY_WD = 20  # Art. 33 ¶2
MAX_EXTENSION_WD = 20  # Art. 33 ¶2
THIRD_PARTY_WD = 15  # Art. 32
OTHER_ORGAN_WD = 15  # Art. 34
PAYMENT_WD = 20  # 国办函〔2020〕109号
PUBLICATION_WD = 20  # Art. 26
# Art. 30 asks for "合理的补正期限" without a number: the period the clerk gives unless another is chosen,
# and the range accepted.
CORRECTION_PERIOD_WD = 15
CORRECTION_PERIOD_RANGE = (1, 60)

ART_26 = "《条例》第二十六条"
ART_30 = "《条例》第三十条"
ART_31 = "《条例》第三十一条"
ART_32 = "《条例》第三十二条"
ART_33_2 = "《条例》第三十三条第二款"
ART_33_3 = "《条例》第三十三条第三款"
ART_34 = "《条例》第三十四条"
FEE_109 = "国办函〔2020〕109号"


def format_date(d: dt.date) -> str:
    """Chinese date, e.g. "2026年9月18日"."""
    return f"{d.year}年{d.month}月{d.day}日"


# --------------------------------------------------------------------------- receipt date (Art. 31)


class Channel(StrEnum):
    """How the application reached the organ (Art. 29, 31)."""

    IN_PERSON = "in_person"
    POST_SIGNED = "post_signed"
    POST_UNSIGNED = "post_unsigned"
    INTERNET = "internet"
    FAX = "fax"
    EMAIL = "email"
    ORAL = "oral"


CHANNEL_LABELS: dict[Channel, str] = {
    Channel.IN_PERSON: "当面提交，以提交之日为收到申请之日",
    Channel.POST_SIGNED: "以邮寄方式提交，以签收之日为收到申请之日",
    Channel.POST_UNSIGNED: "以平常信函提交，以与申请人确认之日为收到申请之日",
    Channel.INTERNET: "通过互联网渠道提交，以双方确认之日为收到申请之日",
    Channel.FAX: "通过传真提交，以双方确认之日为收到申请之日",
    Channel.EMAIL: "通过电子邮件提交",
    Channel.ORAL: "口头提出，由政府信息公开工作机构代为填写申请",
}


class EmailRule(StrEnum):
    """Receipt date of an e-mail application. The Regulation does not name e-mail (UNCONFIRMED):
    by default it is treated like the Internet channel (date both sides confirm)."""

    MUTUAL_CONFIRMATION = "mutual_confirmation"
    SUBMISSION_DATE = "submission_date"


def _require(value: dt.date | None, what: str, submitted_on: dt.date) -> dt.date:
    if value is None:
        raise ValueError(f"缺少{what}，无法确定收到申请之日（{ART_31}）")
    if value < submitted_on:
        raise ValueError(f"{what}（{format_date(value)}）不得早于提交日期（{format_date(submitted_on)}）")
    return value


def receipt_date(
    channel: Channel,
    *,
    submitted_on: dt.date,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
    email_rule: EmailRule = EmailRule.MUTUAL_CONFIRMATION,
) -> dt.date:
    """The date the organ is deemed to have received the application (Art. 31).

    * in person → ``submitted_on``;
    * post requiring signature → ``signed_on`` (the organ signs for it);
    * ordinary letter → ``confirmed_on`` (the office confirms with the applicant on the day of receipt);
    * Internet channel, fax → ``confirmed_on`` (date both sides confirm);
    * e-mail → per ``email_rule`` (UNCONFIRMED; default mutual confirmation);
    * oral → ``submitted_on`` (the office fills in the form; UNCONFIRMED).

    Raises ``ValueError`` (Chinese message) if the required date is missing or precedes ``submitted_on``.
    """
    match channel:
        case Channel.IN_PERSON | Channel.ORAL:
            return submitted_on
        case Channel.POST_SIGNED:
            return _require(signed_on, "签收日期", submitted_on)
        case Channel.POST_UNSIGNED | Channel.INTERNET | Channel.FAX:
            return _require(confirmed_on, "确认日期", submitted_on)
        case Channel.EMAIL:
            if email_rule is EmailRule.SUBMISSION_DATE:
                return submitted_on
            return _require(confirmed_on, "确认日期", submitted_on)
    raise ValueError(f"未知的申请渠道：{channel!r}")  # pragma: no cover


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Step:
    """One step of a deadline derivation: Chinese label, legal basis, resulting date, working days."""

    label: str
    article: str
    date: dt.date | None = None
    workdays: int = 0

    @property
    def text(self) -> str:
        """E.g. "2026年9月18日收到申请（《条例》第三十一条）"."""
        return f"{self.label}（{self.article}）"


@dataclass(frozen=True)
class Deadline:
    """A computed deadline and its explanation.

    ``due`` is ``None`` only when the clock is stopped by an open pause (``clock_stopped``); then
    ``remaining_workdays`` tells how many working days of the period were left when it stopped and
    ``stopped_since`` the day the pause began.

    ``provisional_years`` lists the years whose working days were estimated (no State Council notice
    known yet, see ``workdays.py``): the date is then *provisional* (预估) and the last step says why.
    """

    due: dt.date | None
    steps: list[Step] = field(default_factory=list)
    clock_stopped: bool = False
    remaining_workdays: int | None = None
    stopped_since: dt.date | None = None
    provisional_years: tuple[int, ...] = ()

    @property
    def provisional(self) -> bool:
        return bool(self.provisional_years)

    @property
    def provisional_reason(self) -> str:
        """Why the date is provisional (empty when it is not)."""
        return provisional_reason(self.provisional_years)

    @property
    def explanation(self) -> str:
        """All steps, one per line, for display in the register or in a letter."""
        return "\n".join(step.text for step in self.steps)


def _simple(
    trigger: dt.date,
    n: int,
    trigger_label: str,
    trigger_article: str,
    period_label: str,
    period_article: str,
    cal: WorkdayCalendar | None,
) -> Deadline:
    calendar = cal if cal is not None else default_calendar()
    due = calendar.add_workdays(trigger, n)
    steps = [
        Step(f"{format_date(trigger)}{trigger_label}", trigger_article, trigger),
        Step(f"自次日起算{n}个工作日{period_label}，届满日为{format_date(due)}", period_article, due, n),
    ]
    return mark_provisional(Deadline(due=due, steps=steps), calendar, trigger)


def mark_provisional(deadline: Deadline, calendar: WorkdayCalendar, start: dt.date) -> Deadline:
    """``deadline`` with its provisional years (those between ``start`` and the due date, or the day the
    clock stopped) and, if any, a last step saying the date is an estimate and why."""
    end = deadline.due or deadline.stopped_since or start
    years = calendar.provisional_years(start, end)
    if not years:
        return deadline
    step = Step(f"上述日期为预估：{provisional_reason(years)}", MEASURES, deadline.due)
    return replace(deadline, steps=[*deadline.steps, step], provisional_years=years)


# --------------------------------------------------------------------------- application deadlines


def correction_notice_due(received_on: dt.date, cal: WorkdayCalendar | None = None) -> Deadline:
    """Last day to send the one-time correction notice (补正告知): receipt + 7 working days (Art. 30)."""
    return _simple(
        received_on,
        CORRECTION_NOTICE_WD,
        "收到申请",
        ART_31,
        "内一次性告知申请人补正",
        ART_30,
        cal,
    )


def correction_period_due(notice_on: dt.date, period_wd: int = CORRECTION_PERIOD_WD,
                          cal: WorkdayCalendar | None = None) -> Deadline:
    """Last day for the applicant to submit the corrected application: notice + ``period_wd`` working days."""
    return _simple(notice_on, period_wd, "告知补正", ART_30, "内提交补正后的申请", ART_30, cal)


def awaiting_receipt() -> Deadline:
    """No reply clock yet: the receipt of an application is not confirmed (Art. 31)."""
    return Deadline(due=None, steps=[Step("尚未确认收到申请，答复期限自收到申请之日起计算", ART_31)])


def awaiting_correction(received_on: dt.date, correction_due: dt.date | None) -> Deadline:
    """No reply clock while the corrected application is awaited: it starts again on its receipt (Art. 30)."""
    until = f"；补正期限至{format_date(correction_due)}" if correction_due else ""
    return Deadline(due=None, steps=[
        Step(f"{format_date(received_on)}收到申请", ART_31, received_on),
        Step(f"已告知补正，答复期限自收到补正后的申请之日起重新计算{until}", ART_30, correction_due),
    ])


class PauseKind(StrEnum):
    THIRD_PARTY = "third_party"
    OTHER_ORGAN = "other_organ"
    FEE_PAYMENT = "fee_payment"


PAUSE_LABELS: dict[PauseKind, str] = {
    PauseKind.THIRD_PARTY: "征求第三方意见",
    PauseKind.OTHER_ORGAN: "征求其他机关意见",
    PauseKind.FEE_PAYMENT: "等待缴纳信息处理费",
}

PAUSE_ARTICLES: dict[PauseKind, str] = {
    PauseKind.THIRD_PARTY: "《条例》第三十二条、第三十三条第三款",
    PauseKind.OTHER_ORGAN: "《条例》第三十三条第三款、第三十四条",
    PauseKind.FEE_PAYMENT: FEE_109,
}


@dataclass(frozen=True)
class Pause:
    """The clock stops for the working days in ``(start, end]``; ``end=None`` = still waiting."""

    start: dt.date
    end: dt.date | None
    kind: PauseKind

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"暂停计时的结束日期（{format_date(self.end)}）不得早于开始日期（{format_date(self.start)}）"
            )


@dataclass
class _Segment:
    start: dt.date
    end: dt.date | None
    kinds: list[PauseKind]

    @property
    def label(self) -> str:
        return "、".join(PAUSE_LABELS[k] for k in self.kinds)

    @property
    def article(self) -> str:
        return "；".join(dict.fromkeys(PAUSE_ARTICLES[k] for k in self.kinds))


def _merge(pauses: Sequence[Pause], clock_start: dt.date) -> list[_Segment]:
    """Clip pauses to (clock_start, ...) and merge overlapping or adjoining ones."""
    merged: list[_Segment] = []
    for p in sorted(pauses, key=lambda p: (p.start, p.end is None, p.end or p.start)):
        start = max(p.start, clock_start)
        if p.end is not None and p.end <= start:
            continue
        last = merged[-1] if merged else None
        if last is not None and (last.end is None or start <= last.end):
            if last.end is not None and (p.end is None or p.end > last.end):
                last.end = p.end
            if p.kind not in last.kinds:
                last.kinds.append(p.kind)
            continue
        merged.append(_Segment(start, p.end, [p.kind]))
    return merged


def reply_due(
    *,
    received_on: dt.date,
    corrected_received_on: dt.date | None = None,
    paused: Sequence[Pause] = (),
    extension_wd: int = 0,
    fee_pauses_clock: bool = True,
    channel: Channel | None = None,
    cal: WorkdayCalendar | None = None,
) -> Deadline:
    """Reply deadline of an application (Art. 30, 33, legal-spec 1.6 items 3-8).

    ``due = add_workdays(clock_start, 20 + extension_wd + paused_wd)`` where ``clock_start`` is the receipt
    of the corrected application if a correction was requested (Art. 30), else ``received_on``, and
    ``paused_wd`` is the number of working days inside the effective pauses (see the module docstring:
    working days in ``(start, end]`` of each pause, merged, clipped, ignored if the pause began after the
    running deadline). ``extension_wd`` must be between 0 and 20 (Art. 33 ¶2), else ``ValueError``.
    An open pause stops the clock: ``due`` is ``None`` and ``clock_stopped`` is true.
    Raises :class:`~gongkai.law.workdays.CalendarDataMissing` if the calendar lacks a year.
    """
    if extension_wd < 0:
        raise ValueError(f"延长答复期限的工作日数不能为负数：{extension_wd}")
    if extension_wd > MAX_EXTENSION_WD:
        raise ValueError(
            f"延长答复期限最长不得超过{MAX_EXTENSION_WD}个工作日（{ART_33_2}），当前为{extension_wd}个工作日"
        )
    if corrected_received_on is not None and corrected_received_on < received_on:
        raise ValueError(
            f"收到补正申请的日期（{format_date(corrected_received_on)}）"
            f"不得早于收到原申请的日期（{format_date(received_on)}）"
        )
    calendar = cal if cal is not None else default_calendar()

    receipt_label = f"{format_date(received_on)}收到申请"
    if channel is not None:
        receipt_label += f"，{CHANNEL_LABELS[channel]}"
    steps = [Step(receipt_label, ART_31, received_on)]

    clock_start = received_on
    if corrected_received_on is not None:
        clock_start = corrected_received_on
        steps.append(
            Step(
                f"{format_date(corrected_received_on)}收到补正后的申请，答复期限自该日起重新计算",
                ART_30,
                corrected_received_on,
            )
        )

    base_due = calendar.add_workdays(clock_start, REPLY_WD)
    steps.append(
        Step(f"自次日起算{REPLY_WD}个工作日，届满日为{format_date(base_due)}", ART_33_2, base_due, REPLY_WD)
    )

    effective: list[Pause] = []
    for p in paused:
        if p.kind is PauseKind.FEE_PAYMENT and not fee_pauses_clock:
            steps.append(
                Step(
                    f"{format_date(p.start)}起等待缴纳信息处理费，按本机关设置不暂停计时",
                    FEE_109,
                    p.start,
                )
            )
            continue
        effective.append(p)

    total = REPLY_WD + extension_wd
    counted = 0  # working days of the period used up before the current segment
    cursor = clock_start
    paused_wd = 0
    segments = _merge(effective, clock_start)
    for i, seg in enumerate(segments):
        before = calendar.workdays_between(cursor, seg.start)
        if counted + before >= total:
            for late in segments[i:]:
                steps.append(
                    Step(
                        f"{late.label}始于{format_date(late.start)}，答复期限此前已届满，不影响答复期限",
                        late.article,
                        late.start,
                    )
                )
            break
        counted += before
        if seg.end is None:
            remaining = total - counted
            steps.append(
                Step(
                    f"{seg.label}，自{format_date(seg.start)}次日起暂停计时，尚未恢复；"
                    f"恢复计时后剩余{remaining}个工作日",
                    seg.article,
                    seg.start,
                    remaining,
                )
            )
            stopped = Deadline(
                due=None,
                steps=steps,
                clock_stopped=True,
                remaining_workdays=remaining,
                stopped_since=seg.start,
            )
            return mark_provisional(stopped, calendar, clock_start)
        k = calendar.workdays_between(seg.start, seg.end)
        paused_wd += k
        cursor = seg.end
        running = calendar.add_workdays(clock_start, REPLY_WD + paused_wd)
        steps.append(
            Step(
                f"{seg.label}（{format_date(seg.start)}至{format_date(seg.end)}）暂停{k}个工作日，"
                f"不计入答复期限，期限顺延至{format_date(running)}",
                seg.article,
                running,
                k,
            )
        )

    due = calendar.add_workdays(clock_start, total + paused_wd)
    if extension_wd:
        steps.append(
            Step(
                f"经政府信息公开工作机构负责人同意延长{extension_wd}个工作日，并告知申请人，"
                f"期限延至{format_date(due)}",
                ART_33_2,
                due,
                extension_wd,
            )
        )
    return mark_provisional(Deadline(due=due, steps=steps), calendar, clock_start)


def third_party_reply_due(sent_on: dt.date, cal: WorkdayCalendar | None = None) -> Deadline:
    """Last day for a third party to answer a consultation: 15 working days (Art. 32).

    The Regulation counts from the third party's *receipt* of the consultation letter; pass the receipt
    date when it is known (e.g. from the delivery record), otherwise the sending date.
    """
    return _simple(
        sent_on,
        THIRD_PARTY_WD,
        "向第三方发出征求意见书",
        ART_32,
        "内第三方提出意见，逾期未提出的由行政机关依法决定是否公开",
        ART_32,
        cal,
    )


def other_organ_reply_due(sent_on: dt.date, cal: WorkdayCalendar | None = None) -> Deadline:
    """Last day for a co-maker organ to answer: 15 working days, silence = consent (Art. 34)."""
    return _simple(
        sent_on,
        OTHER_ORGAN_WD,
        "向相关行政机关发出征求意见书",
        ART_34,
        "内被征求意见机关提出意见，逾期未提出意见的视为同意公开",
        ART_34,
        cal,
    )


def payment_due(notice_received_on: dt.date, cal: WorkdayCalendar | None = None) -> Deadline:
    """Last day to pay the information processing fee: 20 working days after receiving the notice (109号).
    Non-payment → the application is deemed withdrawn."""
    return _simple(
        notice_received_on,
        PAYMENT_WD,
        "申请人收到收费通知",
        FEE_109,
        "内缴纳信息处理费，逾期未缴纳的视为放弃申请",
        FEE_109,
        cal,
    )


def publication_due(formed_on: dt.date, cal: WorkdayCalendar | None = None) -> Deadline:
    """Last day to publish proactively disclosed information: 20 working days after it was formed or
    changed (Art. 26)."""
    return _simple(
        formed_on,
        PUBLICATION_WD,
        "政府信息形成或者变更",
        ART_26,
        "内主动公开",
        ART_26,
        cal,
    )


def is_late_publication(
    formed_on: dt.date, published_on: dt.date, cal: WorkdayCalendar | None = None
) -> bool:
    """Whether publication on ``published_on`` missed the Art. 26 deadline."""
    due = publication_due(formed_on, cal).due
    assert due is not None
    return published_on > due
