"""Staff sign-in lockout: 5 failures per user name and address in 15 minutes lock that user name out from that
address, on the office login and on the admin login, through real POSTs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.test.utils import override_settings

from gongkai.agencies.models import LoginFailure

PASSWORD = "gongkai-demo"
LOCKED = "登录失败次数过多"


def _login(client: Client, username: str, password: str, url: str = "/office/login/", **extra: Any) -> Any:
    return client.post(url, {"username": username, "password": password}, **extra)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _fail(client: Client, username: str, times: int, **extra: Any) -> None:
    for _ in range(times):
        r = _login(client, username, "wrong-password", **extra)
        assert r.status_code == 200 and not _signed_in(client)


def test_five_failures_lock_the_name_from_that_address(cast: Any) -> None:
    attacker = Client(REMOTE_ADDR="203.0.113.7")
    _fail(attacker, "clerk", 4)
    r = _login(attacker, "clerk", "wrong-password")
    html = r.content.decode()
    assert LOCKED in html and "用户名或密码不正确" not in html  # the fifth failure already says so
    r = _login(attacker, "clerk", PASSWORD)  # even the right password is refused now
    assert r.status_code == 200 and LOCKED in r.content.decode() and "后再试" in r.content.decode()
    assert not _signed_in(attacker)
    rows = LoginFailure.objects.filter(username="clerk", address="203.0.113.7")
    assert rows.filter(refused=False).count() == 5 and rows.filter(refused=True).count() == 1

    # the same user from the office's own address is not locked out, another name from the attacker is not either
    office = Client(REMOTE_ADDR="10.1.1.20")
    assert _login(office, "clerk", PASSWORD).status_code == 302 and _signed_in(office)
    other = Client(REMOTE_ADDR="203.0.113.7")
    assert _login(other, "reviewer", PASSWORD).status_code == 302


def test_a_wrong_password_says_so_below_the_limit(cast: Any) -> None:
    c = Client(REMOTE_ADDR="203.0.113.8")
    r = _login(c, "clerk", "nope")
    assert "用户名或密码不正确" in r.content.decode() and LOCKED not in r.content.decode()
    assert LoginFailure.objects.get().username == "clerk"


def test_lock_ends_when_the_window_has_passed(cast: Any) -> None:
    c = Client(REMOTE_ADDR="203.0.113.9")
    _fail(c, "head", 5)
    assert LOCKED in _login(c, "head", PASSWORD).content.decode()
    LoginFailure.objects.update(at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC))  # sixteen minutes and more ago
    r = _login(c, "head", PASSWORD)
    assert r.status_code == 302 and _signed_in(c)


def test_a_successful_login_starts_the_count_afresh(cast: Any) -> None:
    c = Client(REMOTE_ADDR="203.0.113.10")
    _fail(c, "reviewer", 4)
    assert _login(c, "reviewer", PASSWORD).status_code == 302
    c.post("/office/logout/")
    _fail(c, "reviewer", 4)  # four more: not locked, the earlier four came before the last login
    assert _login(c, "reviewer", PASSWORD).status_code == 302


def test_unknown_user_names_are_counted_too(cast: Any) -> None:
    c = Client(REMOTE_ADDR="203.0.113.11")
    _fail(c, "nobody", 4)
    assert LOCKED in _login(c, "nobody", "x").content.decode()


def test_admin_login_is_locked_the_same_way(cast: Any) -> None:
    assert get_user_model().objects.filter(username="root", is_superuser=True).exists()
    c = Client(REMOTE_ADDR="198.51.100.4")
    for _ in range(5):
        r = _login(c, "root", "wrong", url="/admin/login/")
        assert r.status_code == 200
    r = _login(c, "root", PASSWORD, url="/admin/login/")
    assert r.status_code == 200 and LOCKED in r.content.decode()
    assert not _signed_in(c)
    assert LoginFailure.objects.filter(username="root", refused=True).count() == 1
    fine = Client(REMOTE_ADDR="198.51.100.5")
    assert _login(fine, "root", PASSWORD, url="/admin/login/").status_code == 302


@override_settings(GONGKAI_TRUSTED_PROXIES=1)
def test_behind_a_proxy_the_client_address_counts(cast: Any) -> None:
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(5):
        # a client that forges its own X-Forwarded-For entry gains nothing: the proxy's appended entry counts
        _login(proxy, "clerk", "wrong", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.50")
    assert LoginFailure.objects.filter(address="203.0.113.50").count() == 5
    locked = _login(proxy, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.50")
    assert LOCKED in locked.content.decode()
    colleague = _login(proxy, "clerk", PASSWORD, HTTP_X_FORWARDED_FOR="10.1.1.21")
    assert colleague.status_code == 302


@override_settings(GONGKAI_LOGIN_FAILURES=2, GONGKAI_LOGIN_LOCKOUT_MINUTES=1)
def test_limits_are_settings(cast: Any) -> None:
    c = Client(REMOTE_ADDR="203.0.113.12")
    _login(c, "clerk", "x")
    assert LOCKED in _login(c, "clerk", "x").content.decode()


@pytest.mark.browser
def test_locked_message_in_the_browser(transactional_db: Any, cast: Any, login: Any, live_server: Any) -> None:
    for _ in range(5):
        page = login("clerk", "wrong-password")
    assert LOCKED in page.inner_text("#login-error")
    page = login("clerk")
    assert LOCKED in page.inner_text("#login-error") and page.url.endswith("/office/login/")


def test_guessing_across_user_names_locks_the_address(cast: Any) -> None:
    sprayer = Client(REMOTE_ADDR="203.0.113.66")
    for i in range(19):  # one guess at each of many names: no name reaches its own limit
        r = _login(sprayer, f"user{i}", "Password1")
        assert "用户名或密码不正确" in r.content.decode()
    r = _login(sprayer, "user19", "Password1")  # the 20th failure from the address
    assert LOCKED in r.content.decode()
    r = _login(sprayer, "clerk", PASSWORD)  # every name is refused from there now, the right password too
    assert LOCKED in r.content.decode() and not _signed_in(sprayer)
    assert LoginFailure.objects.filter(address="203.0.113.66", username="clerk", refused=True).count() == 1
    office = Client(REMOTE_ADDR="10.1.1.20")  # the office's own address is untouched
    assert _login(office, "clerk", PASSWORD).status_code == 302


def test_the_address_lock_ends_with_the_window_and_can_be_turned_off(cast: Any) -> None:
    at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16)
    LoginFailure.objects.bulk_create(
        [LoginFailure(username=f"user{i}", address="203.0.113.67", at=at) for i in range(25)])
    assert _login(Client(REMOTE_ADDR="203.0.113.67"), "clerk", PASSWORD).status_code == 302  # outside the window
    LoginFailure.objects.update(at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1))
    assert LOCKED in _login(Client(REMOTE_ADDR="203.0.113.67"), "reviewer", PASSWORD).content.decode()
    with override_settings(GONGKAI_LOGIN_ADDRESS_FAILURES=0):
        assert _login(Client(REMOTE_ADDR="203.0.113.67"), "reviewer", PASSWORD).status_code == 302
