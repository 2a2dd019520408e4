"""Dates of the running system: the local calendar day of an instant."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def local_date(now: dt.datetime) -> dt.date:
    """The day ``now`` falls on in the site's time zone (a naive datetime is taken as local)."""
    return timezone.localtime(now).date() if timezone.is_aware(now) else now.date()
