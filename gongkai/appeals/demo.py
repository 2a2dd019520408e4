"""Demo register for 宝山区规划和自然资源局: the 2019 cases behind the seed's table 四, plus current cases.

Seed table 四 (2019): 行政复议 16/0/0/2/18, 未经复议直接起诉 14/0/0/1/15, 复议后起诉 3/0/0/2/5. Every case
is filed in 2019; the pending ones were decided in 2020, so they were 尚未审结 on 31 December 2019.
Idempotent (cases are looked up by case number) and deterministic (seeded random).
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.utils import timezone

from gongkai.appeals import actions
from gongkai.appeals.models import AppealCase

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国志红文斌海燕"
COMPANIES = ["上海某置业有限公司", "上海某物流有限公司", "上海某建设工程有限公司"]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, hour, 0))


def _name(rng: random.Random) -> str:
    if rng.random() < 0.1:
        return rng.choice(COMPANIES)
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class _Sources:
    """Applications a case may have arisen from: answered other than 予以公开, shortly before the filing
    (复议 within 60 days, Art. 51 and 行政复议法; suits within 6 months). Each is used once."""

    def __init__(self, agency: Any) -> None:
        from gongkai.applications.models import Application
        from gongkai.law.categories import OUTCOMES, ReplyType

        refused = [o.code for o in OUTCOMES if o.reply_type not in (ReplyType.OPEN, ReplyType.OTHER)]
        self.pool = list(Application.objects.filter(agency=agency, outcome__in=refused, concluded_on__isnull=False)
                         .order_by("concluded_on", "pk"))
        self.used = set(AppealCase.objects.filter(agency=agency, application__isnull=False)
                        .values_list("application_id", flat=True))

    def pick(self, filed: dt.date, window: int) -> Any:
        for app in reversed(self.pool):
            if app.pk not in self.used and filed - dt.timedelta(days=window) <= app.concluded_on <= filed - dt.timedelta(days=5):
                self.used.add(app.pk)
                return app
        return None


def _file(ctx: Any, agency: Any, actor: Any, *, kind: str, number: str, filed: dt.date, applicant: str,
          result: str | None, decided: dt.date | None, prior: AppealCase | None = None,
          sources: _Sources | None = None) -> AppealCase:
    existing = AppealCase.objects.filter(agency=agency, case_number=number).first()
    if existing is not None:
        return existing
    source = None
    if prior is not None:
        source = prior.application
    elif sources is not None:
        source = sources.pick(filed, 60 if kind == "rv" else 180)
    if source is not None:
        applicant = source.applicant_name
    case = actions.file_case(agency=agency, kind=kind, case_number=number, applicant_name=applicant,
                             filed_on=filed, actor=actor, now=_at(filed), prior_review=prior, application=source)
    if result is not None and decided is not None:
        case = actions.record_result(case=case, result=result, decided_on=decided, actor=actor,
                                     now=_at(decided, 15))
    return case


def _dates(rng: random.Random, n: int, start: dt.date, end: dt.date) -> list[dt.date]:
    span = (end - start).days
    return sorted(start + dt.timedelta(days=rng.randint(0, span)) for _ in range(n))


def load(ctx: Any) -> None:
    agency = ctx.agencies["planning"]
    actor = ctx.users.get("clerk")
    rng = random.Random(2019)
    today = timezone.localdate()
    sources = _Sources(agency)

    # 行政复议 2019: 16 维持 (decided in 2019), 2 pending at year-end (decided in 2020).
    reviews: list[AppealCase] = []
    numbers = sorted(rng.sample(range(3, 260), 18))
    for i, filed in enumerate(_dates(rng, 16, dt.date(2019, 1, 8), dt.date(2019, 10, 20))):
        reviews.append(_file(ctx, agency, actor, kind="rv", number=f"沪宝府复〔2019〕第{numbers[i]}号",
                             filed=filed, applicant=_name(rng), result="keep",
                             decided=filed + dt.timedelta(days=rng.randint(35, 60)), sources=sources))
    for j, filed in enumerate((dt.date(2019, 11, 25), dt.date(2019, 12, 16))):
        reviews.append(_file(ctx, agency, actor, kind="rv", number=f"沪宝府复〔2019〕第{numbers[16 + j]}号",
                             filed=filed, applicant=_name(rng), result="keep",
                             decided=filed + dt.timedelta(days=58), sources=sources))

    # 行政诉讼 未经复议直接起诉 2019: 14 维持, 1 pending (decided in 2020).
    suit_numbers = iter(sorted(rng.sample(range(20, 1900), 20)))
    for filed in _dates(rng, 14, dt.date(2019, 1, 15), dt.date(2019, 9, 30)):
        _file(ctx, agency, actor, kind="ld", number=f"(2019)沪7101行初{next(suit_numbers)}号", filed=filed,
              applicant=_name(rng), result="keep", decided=filed + dt.timedelta(days=rng.randint(60, 90)),
              sources=sources)
    _file(ctx, agency, actor, kind="ld", number=f"(2019)沪7101行初{next(suit_numbers)}号",
          filed=dt.date(2019, 12, 9), applicant=_name(rng), result="keep", decided=dt.date(2020, 3, 20),
          sources=sources)

    # 复议后起诉 2019: 3 维持, 2 pending (decided in 2020); each follows one of the 2019 reviews.
    decided_reviews = [r for r in reviews if r.decided_on and r.decided_on < dt.date(2019, 9, 1)]
    followed = rng.sample(decided_reviews, 5)
    for k, review in enumerate(sorted(followed, key=lambda r: r.decided_on)):
        filed = review.decided_on + dt.timedelta(days=rng.randint(5, 14))
        if k >= 3:
            filed = dt.date(2019, 12, 2 + 7 * (k - 3))
            decided = dt.date(2020, 4, 15 + 10 * (k - 3))
        else:
            decided = filed + dt.timedelta(days=rng.randint(60, 90))
        _file(ctx, agency, actor, kind="la", number=f"(2019)沪7101行初{next(suit_numbers)}号", filed=filed,
              applicant=review.applicant_name, result="keep", decided=decided, prior=review)

    # Current year: a few cases, some still open.
    year = today.year
    start = dt.date(year, 1, 1)

    def ago(days: int) -> dt.date:
        return max(start, today - dt.timedelta(days=days))

    r1 = _file(ctx, agency, actor, kind="rv", number=f"沪宝府复〔{year}〕第12号", filed=ago(120),
               applicant=_name(rng), result="keep", decided=ago(70))
    _file(ctx, agency, actor, kind="rv", number=f"沪宝府复〔{year}〕第87号", filed=ago(20),
          applicant=_name(rng), result=None, decided=None)
    _file(ctx, agency, actor, kind="ld", number=f"({year})沪7101行初231号", filed=ago(45),
          applicant=_name(rng), result=None, decided=None)
    _file(ctx, agency, actor, kind="la", number=f"({year})沪7101行初402号", filed=ago(60),
          applicant=r1.applicant_name, result=None, decided=None, prior=r1)
