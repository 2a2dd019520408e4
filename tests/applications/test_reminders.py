"""send_reminders: due-soon and overdue cases, once a day, even when two runs overlap."""

from __future__ import annotations

import datetime as dt
import threading
from io import StringIO
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from gongkai.applications import actions
from gongkai.applications.models import Application, CaseEvent
from tests.applications.conftest import BASE, DETAILS, at


def _case(cast: Any, day: dt.date, name: str) -> Application:
    app, _ = actions.register(agency=cast.planning, details={**DETAILS, "applicant_name": name}, channel="in_person",
                              submitted_on=day, actor=cast.clerk, now=at(day), issue_receipt=False)
    actions.assign(application=app, clerk=cast.clerk, actor=cast.clerk, now=at(day))
    return app


@pytest.mark.django_db
def test_reminds_due_soon_and_overdue_once(cast: Any, django_capture_on_commit_callbacks: Any) -> None:
    cast.clerk.email = "clerk@example.gov.cn"
    cast.clerk.save()
    overdue = _case(cast, BASE, "甲")                       # due 2025-03-31
    soon = _case(cast, dt.date(2025, 3, 12), "乙")          # due 2025-04-10 (Qingming 4-4)
    later = _case(cast, dt.date(2025, 4, 7), "丙")          # due in May
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", "2025-04-03", stdout=StringIO())
    reminded = set(CaseEvent.objects.filter(kind="reminded").values_list("application_id", flat=True))
    assert reminded == {overdue.pk, soon.pk}
    assert later.pk not in reminded
    assert len(mail.outbox) == 2 and all(m.to == ["clerk@example.gov.cn"] for m in mail.outbox)
    assert any("已超过答复期限" in m.subject for m in mail.outbox)
    out = StringIO()
    call_command("send_reminders", "--date", "2025-04-03", stdout=out)
    assert "已发送提醒 0 件" in out.getvalue()
    assert CaseEvent.objects.filter(kind="reminded").count() == 2
    call_command("send_reminders", "--date", "2025-04-07", stdout=StringIO())
    assert CaseEvent.objects.filter(kind="reminded").count() == 4


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_reminder(cast: Any) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory SQLite test database locks whole tables across threads; run with DATABASE_URL")
    app = _case(cast, BASE, "甲")
    results: list[bool] = []

    def run() -> None:
        try:
            results.append(actions.remind(application=app, actor=None, now=at(dt.date(2025, 4, 3))))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == [False, False, False, True]
    assert CaseEvent.objects.filter(application=app, kind="reminded").count() == 1
