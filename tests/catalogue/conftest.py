from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 10, 0))
TODAY = dt.date(2026, 6, 15)


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def cal() -> Any:
    from gongkai.agencies.calendar import get_calendar

    return get_calendar()


@pytest.fixture
def make_item(cast: Any, cal: Any) -> Any:
    """make_item(state="published", attribute="proactive", agency=None, **fields): built with the real actions."""
    from gongkai.catalogue import actions

    def _make(state: str = "published", attribute: str = "proactive", agency: Any = None, reason: str = "",
              published_on: dt.date | None = None, **fields: Any) -> Any:
        agency = agency or cast.planning
        staff = (cast.clerk, cast.reviewer, cast.head) if agency == cast.planning else (cast.outsider,) * 3
        clerk, reviewer, head = staff
        fields.setdefault("title", "宝山区罗店镇控制性详细规划局部调整")
        fields.setdefault("formed_on", dt.date(2026, 6, 1))
        fields.setdefault("kind", "plan")
        item = actions.create_draft(agency=agency, actor=clerk, now=NOW, **fields)
        if state == "draft":
            return item
        if attribute != "proactive" and not reason:
            reason = "process_information" if attribute == "withheld" else "specific_party"
        item = actions.propose_attribute(item=item, actor=clerk, now=NOW, attribute=attribute, reason=reason,
                                         secrecy_reviewed=True)
        if state == "proposed":
            return item
        item = actions.review_attribute(item=item, actor=reviewer, now=NOW, approve=True)
        if state == "reviewed":
            return item
        item = actions.sign_off(item=item, actor=head, now=NOW)
        if state == "signed":
            return item
        return actions.publish(item=item, actor=clerk, now=NOW, calendar=cal, published_on=published_on)

    return _make
