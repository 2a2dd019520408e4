from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0))
TODAY = NOW.date()


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def notice(cast: Any) -> Any:
    """A notice from the district's 政务公开办 to planning with two items."""
    from gongkai.supervision.actions import issue_notice

    return issue_notice(
        government=cast.district, department=cast.planning, title="关于2026年第三季度政务公开检查情况的通报",
        body="经检查，发现以下问题，请限期整改。",
        items=[("依申请公开逾期答复2件，请说明原因并整改", TODAY + dt.timedelta(days=10)),
               ("规划类信息公开不及时，请补充公开", TODAY + dt.timedelta(days=20))],
        actor=cast.supervisor, now=NOW, number="宝公开通〔2026〕3号",
    )
