from __future__ import annotations

from gongkai.supervision.models import Notice, RectificationItem, SupervisionEvent


def test_demo_notices_idempotent(db) -> None:
    from gongkai.agencies.demo import DemoContext
    from gongkai.agencies.demo import load as load_agencies
    from gongkai.supervision.demo import load

    ctx = DemoContext()
    load_agencies(ctx)
    load(ctx)
    planning = Notice.objects.get(department=ctx.agencies["planning"])
    assert planning.status == "open"
    assert sorted(planning.items.values_list("status", flat=True)) == ["closed", "open", "responded"]
    assert Notice.objects.get(department=ctx.agencies["ecology"]).status == "closed"
    from django.utils import timezone

    from gongkai.supervision.overview import department_rows

    rows = department_rows([ctx.agencies["planning"]], timezone.localdate(), timezone.localdate().year - 1)
    assert (rows[0].open_notices, rows[0].overdue_items) == (1, 1)
    counts = (Notice.objects.count(), RectificationItem.objects.count(), SupervisionEvent.objects.count())
    load(ctx)
    assert (Notice.objects.count(), RectificationItem.objects.count(), SupervisionEvent.objects.count()) == counts
