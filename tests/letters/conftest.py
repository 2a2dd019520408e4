"""Fixtures of the letters tests: uploaded and rendered files go to a temporary MEDIA_ROOT."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> Any:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"
