"""The project skeleton: settings, the CLI entry, the access helper and the public home page."""

from __future__ import annotations

import subprocess
import sys

import pytest
from django.conf import settings
from django.http import Http404
from django.test import RequestFactory

from gongkai.agencies import access


def test_settings_defaults() -> None:
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ is True


def test_cli_help_runs() -> None:
    out = subprocess.run([sys.executable, "-m", "gongkai.cli", "help"], capture_output=True, text=True, check=True)
    assert "check_report" in out.stdout or "demo" in out.stdout


def test_home_lists_agencies(client, cast) -> None:
    r = client.get("/")
    assert r.status_code == 200
    assert "宝山区规划和自然资源局" in r.content.decode()


def test_unknown_page_is_404_in_chinese(client, db) -> None:
    r = client.get("/no-such-page/")
    assert r.status_code == 404
    assert "页面不存在" in r.content.decode()


def test_access_helper_refuses_outsider(cast) -> None:
    rf = RequestFactory()
    req = rf.get("/")
    req.user = cast.outsider
    with pytest.raises(Http404):
        access.require_agency(req, cast.planning.pk)
    req.user = cast.clerk
    assert access.require_agency(req, cast.planning.pk) == cast.planning
    # The district's supervisor sees its departments, but cannot act in them.
    req.user = cast.supervisor
    assert access.require_agency(req, cast.planning.pk) == cast.planning
    assert not access.can_act(cast.supervisor, cast.planning)
    assert access.can_act(cast.head, cast.planning, ["head"])
    assert not access.can_act(cast.clerk, cast.planning, ["head"])


def test_dashboard_requires_login(client, cast) -> None:
    r = client.get("/office/")
    assert r.status_code == 302 and "/office/login/" in r["Location"]
    client.force_login(cast.clerk)
    r = client.get("/office/")
    assert r.status_code == 200 and "宝山区规划和自然资源局" in r.content.decode()


def test_static_files_are_served(client, db) -> None:
    for path in ("/static/gongkai/site.css", "/static/vendor/htmx-2.0.11.min.js", "/static/vendor/chart-4.6.1.umd.min.js"):
        r = client.get(path)
        assert r.status_code == 200, path
        body = b"".join(r.streaming_content) if r.streaming else r.content
        assert len(body) > 100


def test_date_widgets_render_iso_dates() -> None:
    import datetime as dt

    from django import forms
    from django.utils import translation

    class F(forms.Form):
        d = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))

    with translation.override("zh-hans"):
        html = str(F(initial={"d": dt.date(2026, 11, 27)})["d"])
        assert 'value="2026-11-27"' in html
        assert F({"d": "2026年11月27日"}).is_valid()


def test_supervisor_menu_link(client, cast) -> None:
    client.force_login(cast.supervisor)
    assert "/office/supervision/" in client.get("/office/").content.decode()
    client.force_login(cast.clerk)
    assert "/office/supervision/" not in client.get("/office/").content.decode()
