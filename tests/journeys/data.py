"""Demo-like records for the journeys, made with the real actions on top of the ``cast``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.utils import timezone

SEED_JSON = Path(__file__).resolve().parents[1] / "data" / "seed-2019.json"


def published_item(cast: Any, **fields: Any) -> Any:
    """An item of planning taken through the three-step attribute decision and published."""
    from gongkai.agencies.calendar import get_calendar
    from gongkai.catalogue import actions

    now = timezone.now()
    fields.setdefault("formed_on", timezone.localdate() - dt.timedelta(days=10))
    fields.setdefault("kind", "plan")
    item = actions.create_draft(agency=cast.planning, actor=cast.clerk, now=now, **fields)
    item = actions.propose_attribute(item=item, actor=cast.clerk, now=now, attribute="proactive", reason="",
                                     secrecy_reviewed=True)
    item = actions.review_attribute(item=item, actor=cast.reviewer, now=now, approve=True)
    item = actions.sign_off(item=item, actor=cast.head, now=now)
    return actions.publish(item=item, actor=cast.clerk, now=now, calendar=get_calendar())


def published_report(cast: Any) -> Any:
    """The seed report imported as planning's 2019 report and published on 20 January 2020."""
    from gongkai.law.report import Report
    from gongkai.reports import actions

    at = timezone.make_aware(dt.datetime(2020, 1, 10, 10))
    data = Report.from_json(SEED_JSON.read_text(encoding="utf-8")).to_dict()
    report = actions.import_report(agency=cast.planning, year=2019, data=data, actor=cast.clerk, now=at)
    return actions.publish_report(report=report, actor=cast.head, now=at + dt.timedelta(days=10),
                                  today=dt.date(2020, 1, 20), acknowledge_warnings=True)


def overdue_application(cast: Any, *, days_ago: int = 60, name: str = "王五") -> Any:
    """An application handed in at planning's counter ``days_ago`` days ago and never answered."""
    from gongkai.applications import actions

    day = timezone.localdate() - dt.timedelta(days=days_ago)
    details = {"applicant_type": "natural_person", "applicant_name": name, "id_type": "resident_id",
               "id_number": "11010519491231002X", "address": "上海市宝山区友谊路1号",
               "description": "宝山区大场镇控制性详细规划修编的批复文件", "form_wanted": "paper", "obtain_via": "post"}
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    app, _ = actions.register(agency=cast.planning, details=details, channel="in_person", submitted_on=day,
                              actor=cast.clerk, now=at)
    assert app.due_on is not None and app.due_on < timezone.localdate()
    return app
