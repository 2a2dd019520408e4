"""Staff sign-in lockout: after ``GONGKAI_LOGIN_FAILURES`` (default 5) failed attempts for one user name from
one address within ``GONGKAI_LOGIN_LOCKOUT_MINUTES`` (default 15), that user name is refused from that address
until the window has passed, whatever the password. Every failure and every refused attempt is a
:class:`~gongkai.agencies.models.LoginFailure` row (kept 90 days, listed in the admin). A successful sign-in
starts the count afresh (failures before the user's last login do not count).

Guessing across many user names from one address is capped too: ``GONGKAI_LOGIN_ADDRESS_FAILURES`` (default
20; 0 turns it off) failures from one address within the window refuse every user name from that address for
the rest of the window. A successful sign-in does not lift it (one account's success says nothing of the
guesses at the others).

Both login pages use it: the office (:class:`LockoutAuthenticationForm`) and the admin
(:class:`LockoutAdminAuthenticationForm`, set as ``admin.site.login_form`` in agencies/admin.py).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone

from gongkai.agencies.client import client_address
from gongkai.agencies.models import LoginFailure

log = logging.getLogger("gongkai.security")
KEEP = dt.timedelta(days=90)


def limit() -> int:
    return int(getattr(settings, "GONGKAI_LOGIN_FAILURES", 5))


def window() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "GONGKAI_LOGIN_LOCKOUT_MINUTES", 15)))


def address_limit() -> int:
    return int(getattr(settings, "GONGKAI_LOGIN_ADDRESS_FAILURES", 20))


def _counted(username: str, address: str, *, now: dt.datetime) -> Any:
    since = now - window()
    last_login = get_user_model().objects.filter(username=username).values_list("last_login", flat=True).first()
    if last_login is not None and last_login > since:
        since = last_login
    return LoginFailure.objects.filter(username=username, address=address, refused=False, at__gt=since)


def locked_until(username: str, address: str, *, now: dt.datetime) -> dt.datetime | None:
    """When the lock of ``username`` from ``address`` ends, or None if it is not locked: the later of the
    lock of this name from this address and the lock of the address itself."""
    ends = []
    recent = list(_counted(username, address, now=now).order_by("-at").values_list("at", flat=True)[: limit()])
    if len(recent) >= limit():
        ends.append(recent[-1] + window())
    if address_limit() > 0:
        from_address = list(LoginFailure.objects.filter(address=address, refused=False, at__gt=now - window())
                            .order_by("-at").values_list("at", flat=True)[: address_limit()])
        if len(from_address) >= address_limit():
            ends.append(from_address[-1] + window())
    return max(ends) if ends else None


def record_failure(username: str, address: str, *, now: dt.datetime, refused: bool = False) -> None:
    LoginFailure.objects.filter(at__lt=now - KEEP).delete()
    LoginFailure.objects.create(username=username[:150], address=address[:45], at=now, refused=refused)


def locked_message(until: dt.datetime) -> str:
    return (f"登录失败次数过多，该账号已在本地址暂时锁定，请于{timezone.localtime(until):%H:%M}后再试。"
            "如忘记密码，请联系本单位管理员。")


class LockoutMixin:
    """Checks the lock before the password, records a failure after a wrong one."""

    request: Any
    cleaned_data: dict[str, Any]
    locked: dt.datetime | None = None

    def clean(self) -> dict[str, Any]:
        username = (self.cleaned_data.get("username") or "").strip()
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # type: ignore[misc]
        address = client_address(self.request)
        now = timezone.now()
        until = locked_until(username, address, now=now)
        if until is not None:
            record_failure(username, address, now=now, refused=True)
            self.locked = until
            raise forms.ValidationError(locked_message(until), code="locked")
        try:
            return super().clean()  # type: ignore[misc]
        except forms.ValidationError as exc:
            if getattr(exc, "code", None) != "invalid_login":
                raise
            record_failure(username, address, now=now)
            until = locked_until(username, address, now=now)
            if until is None:
                raise
            log.warning("login locked: %s from %s until %s", username, address, until.isoformat())
            self.locked = until
            raise forms.ValidationError(locked_message(until), code="locked") from None


class LockoutAuthenticationForm(LockoutMixin, AuthenticationForm):
    error_messages = {**AuthenticationForm.error_messages, "invalid_login": "用户名或密码不正确，请重新输入。"}


class LockoutAdminAuthenticationForm(LockoutMixin, AdminAuthenticationForm):
    pass
