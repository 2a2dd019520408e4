from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

NOW = timezone.make_aware(dt.datetime(2026, 11, 20, 10, 0))


@pytest.fixture
def now() -> dt.datetime:
    return NOW


@pytest.fixture
def make_case(cast: Any) -> Any:
    """make_case(kind, filed, result=None, decided=None, agency=None): a case built with the real actions."""
    from gongkai.appeals import actions

    counter = {"n": 0}

    def _make(kind: str, filed: dt.date, result: str | None = None, decided: dt.date | None = None,
              agency: Any = None, **kw: Any) -> Any:
        counter["n"] += 1
        case = actions.file_case(
            agency=agency or cast.planning, kind=kind, case_number=f"测〔{filed.year}〕第{counter['n']}号",
            applicant_name="张三", filed_on=filed, actor=cast.clerk, now=NOW, **kw,
        )
        if result:
            case = actions.record_result(case=case, result=result, decided_on=decided, actor=cast.clerk, now=NOW)
        return case

    return _make


@pytest.fixture
def application(cast: Any) -> Any:
    """make an application of ``agency`` (planning by default) through the applications actions."""
    from gongkai.applications import actions as app_actions

    def _make(agency: Any = None, actor: Any = None) -> Any:
        app, _ = app_actions.register(
            agency=agency or cast.planning, channel="in_person", submitted_on=dt.date(2026, 3, 2),
            details={"applicant_type": "natural_person", "applicant_name": "李四", "description": "某地块规划许可"},
            actor=actor or cast.clerk, now=NOW,
        )
        return app

    return _make
