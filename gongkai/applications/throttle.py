"""Per-address rate limit of public submissions and tracking attempts (a small table, shared by all workers).

Limits: settings ``GONGKAI_APPLY_PER_HOUR`` (default 5 submissions per address per hour) and
``GONGKAI_TRACK_PER_HOUR`` (default 30 failed look-ups per address per hour).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings

from gongkai.agencies import client as agencies_client
from gongkai.applications.models import SubmissionThrottle

WINDOW = dt.timedelta(hours=1)


def limit_for(scope: str) -> int:
    if scope == "apply":
        return int(getattr(settings, "GONGKAI_APPLY_PER_HOUR", 5))
    return int(getattr(settings, "GONGKAI_TRACK_PER_HOUR", 30))


def _key(scope: str, address: str) -> str:
    return hashlib.sha256(f"{scope}:{address}:{settings.SECRET_KEY}".encode()).hexdigest()


def client_address(request: object) -> str:
    return agencies_client.client_address(request)


def is_limited(scope: str, address: str, *, now: dt.datetime) -> bool:
    return SubmissionThrottle.objects.filter(key=_key(scope, address), at__gt=now - WINDOW).count() >= limit_for(scope)


def hit(scope: str, address: str, *, now: dt.datetime) -> None:
    SubmissionThrottle.objects.filter(at__lt=now - 2 * WINDOW).delete()
    SubmissionThrottle.objects.create(key=_key(scope, address), at=now)
