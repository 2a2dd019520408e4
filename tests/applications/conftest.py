"""Fixtures of the applications tests: a time machine and a helper that files an application."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from gongkai.applications import actions

# 2025-03-03 is a Monday; March 2025 has no holidays.
BASE = dt.date(2025, 3, 3)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


DETAILS: dict[str, Any] = {
    "applicant_type": "natural_person",
    "applicant_name": "张三",
    "id_type": "resident_id",
    "id_number": "11010519491231002X",
    "phone": "13800000000",
    "email": "zhangsan@example.com",
    "address": "上海市宝山区友谊路1号",
    "description": "2024年宝山区控制性详细规划调整的批复文件",
    "form_wanted": "electronic",
    "obtain_via": "email",
}


@pytest.fixture(autouse=True)
def _fast_passwords(settings: Any) -> None:
    """The cast's nine demo users are hashed with PBKDF2 by default (seconds per test): use MD5 here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def details() -> dict[str, Any]:
    return dict(DETAILS)


@pytest.fixture
def received(cast: Any) -> Any:
    """An application registered in person on BASE (received that day), assigned to the clerk."""
    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=BASE,
                              actor=cast.clerk, now=at(BASE))
    actions.assign(application=app, clerk=cast.clerk, actor=cast.clerk, now=at(BASE, 11))
    return app
