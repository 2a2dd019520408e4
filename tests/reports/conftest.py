from __future__ import annotations

import copy
from pathlib import Path

import pytest

from gongkai.law.report import Report

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_JSON = DATA / "seed-2019.json"


def load_seed() -> Report:
    return Report.from_json(SEED_JSON.read_text(encoding="utf-8"))


@pytest.fixture
def seed() -> Report:
    return copy.deepcopy(load_seed())


def now_at(y: int, m: int, d: int, h: int = 10):  # noqa: ANN201
    import datetime as dt

    from django.utils import timezone

    return timezone.make_aware(dt.datetime(y, m, d, h, 0))


@pytest.fixture
def published_seed(cast):  # noqa: ANN001, ANN201
    """The seed imported for planning 2019 and published on 20 January 2020 (warnings acknowledged)."""
    import datetime as dt

    from gongkai.reports import actions

    data = load_seed().to_dict()
    report = actions.import_report(agency=cast.planning, year=2019, data=data, actor=cast.clerk,
                                   now=now_at(2020, 1, 10))
    return actions.publish_report(report=report, actor=cast.head, now=now_at(2020, 1, 20),
                                  today=dt.date(2020, 1, 20), acknowledge_warnings=True)


@pytest.fixture(autouse=True)
def _fast_passwords(settings):  # noqa: ANN001, ANN202
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def file_application(cast, day, applicant_type="natural_person", name="张三"):  # noqa: ANN001, ANN201
    """An application received in person on ``day`` (a working day), through the real action."""
    from gongkai.applications import actions as app_actions

    details = {"applicant_type": applicant_type, "applicant_name": name, "address": "上海市宝山区友谊路1号",
               "description": f"{day.year}年宝山区控制性详细规划调整的批复文件", "phone": "13800000000"}
    app, _ = app_actions.register(agency=cast.planning, details=details, channel="in_person", submitted_on=day,
                                  actor=cast.clerk, now=now_at(day.year, day.month, day.day), issue_receipt=False)
    return app
