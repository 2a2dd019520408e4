"""Per-address rate limits of the public forms (a small table, shared by all workers).

Each public form counts in a scope, limited per address per hour by the setting
``GONGKAI_<SCOPE>_PER_HOUR`` (defaults in :data:`LIMITS`):

- ``apply``: online applications submitted (5);
- ``track``: failed look-ups by number and query code (30);
- ``correct``: corrections (补正) submitted on a tracked case (10);
- ``fee``: 缴费 / 放弃缴费 declarations on a tracked case (10);
- ``withdraw``: withdrawals of a tracked case (5).

A view asks :func:`is_limited` before acting and calls :func:`hit` for what it counts. Over the limit it answers
429 with its own form re-rendered, what was typed kept, and :func:`message` above it. ``track/forget/`` (退出查询)
only clears the visitor's own session and is not limited. Addresses are stored hashed.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings

from gongkai.applications.models import SubmissionThrottle

WINDOW = dt.timedelta(hours=1)
LIMITS = {"apply": 5, "track": 30, "correct": 10, "fee": 10, "withdraw": 5}
MESSAGES = {
    "apply": "提交过于频繁，请一小时后再试。您填写的内容已保留（附件需重新选择）。如需帮助，请联系政府信息公开工作机构。",
    "track": "查询失败次数过多，请一小时后再试。",
    "correct": "提交补正过于频繁，请一小时后再试。您填写的内容已保留（附件需重新选择）。",
    "fee": "操作过于频繁，请一小时后再试。缴费状态未改变。",
    "withdraw": "操作过于频繁，请一小时后再试。您填写的撤回理由已保留。",
}


def limit_for(scope: str) -> int:
    return int(getattr(settings, f"GONGKAI_{scope.upper()}_PER_HOUR", LIMITS[scope]))


def message(scope: str) -> str:
    return MESSAGES[scope]


def _key(scope: str, address: str) -> str:
    return hashlib.sha256(f"{scope}:{address}:{settings.SECRET_KEY}".encode()).hexdigest()


def is_limited(scope: str, address: str, *, now: dt.datetime) -> bool:
    return SubmissionThrottle.objects.filter(key=_key(scope, address), at__gt=now - WINDOW).count() >= limit_for(scope)


def hit(scope: str, address: str, *, now: dt.datetime) -> None:
    SubmissionThrottle.objects.filter(at__lt=now - 2 * WINDOW).delete()
    SubmissionThrottle.objects.create(key=_key(scope, address), at=now)
