"""The one helper that records a staff member's look at applicants' personal data (who, when, from where, what).

Every staff view that shows an applicant's name, ID number or contact details calls :func:`record` (the case
page, the inbox and the appeals register, attachments, letters, exports). The log is read at
/office/access-log/ by the agency's 负责人 and 管理员 (gongkai/office/views_accesslog.py).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.agencies.client import client_address
from gongkai.agencies.models import AccessKind, Agency, PersonalDataAccess

__all__ = ["AccessKind", "record"]


def record(request: Any, *, agency: Agency, kind: str, now: dt.datetime, subject: str = "",
           object_id: int | None = None, detail: str = "") -> PersonalDataAccess:
    user = getattr(request, "user", None)
    signed_in = bool(user is not None and user.is_authenticated)
    return PersonalDataAccess.objects.create(
        at=now, user=user if signed_in else None, username=(user.get_username() if signed_in else "")[:150],
        agency=agency, kind=kind, subject=subject[:100], object_id=object_id, detail=detail[:200],
        address=client_address(request),
    )
