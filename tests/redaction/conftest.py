"""Fixtures of the redaction tests: a case registered at the planning bureau, media in a temporary folder."""

from __future__ import annotations

from typing import Any

import pytest

from tests.applications.conftest import BASE, DETAILS, at


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def case(cast: Any) -> Any:
    from gongkai.applications import actions

    app, _ = actions.register(agency=cast.planning, details=DETAILS, channel="in_person", submitted_on=BASE,
                              actor=cast.clerk, now=at(BASE))
    actions.assign(application=app, clerk=cast.clerk, actor=cast.clerk, now=at(BASE, 11))
    return app
