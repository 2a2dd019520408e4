"""Applications: table 三 aggregation and inbox queries over a large register; intake throughput.

    GONGKAI_HOME=/tmp/gk_bench_apps .venv/bin/python bench/bench_applications.py [--rows 200000]
    createdb -h 127.0.0.1 -U postgres gk_bench_apps; DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_bench_apps .venv/bin/python bench/bench_applications.py

Uses the database of GONGKAI_HOME / DATABASE_URL (migrated first, its applications replaced by a synthetic
register spread over 2018-2026). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from gongkai.agencies.models import Agency  # noqa: E402
from gongkai.applications import actions, queries  # noqa: E402
from gongkai.applications.models import Application  # noqa: E402
from gongkai.applications.reporting import compute_t3  # noqa: E402
from gongkai.law.categories import APPLICANT_TYPES, OUTCOMES  # noqa: E402
from gongkai.law.editions import GB2021  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from benchlib import result  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=200_000)
    ap.add_argument("--intake", type=int, default=200)
    args = ap.parse_args()
    call_command("migrate", verbosity=0)
    agency, _ = Agency.objects.get_or_create(code="BENCH", defaults={"name": "基准测试机关", "slug": "bench"})
    Application.objects.filter(agency=agency).delete()
    rng = random.Random(1)
    now = timezone.now()
    types = [a.code for a in APPLICANT_TYPES]
    codes = [o.code for o in OUTCOMES]
    start = dt.date(2018, 1, 1)
    t0 = time.perf_counter()
    batch = []
    for i in range(args.rows):
        rec = start + dt.timedelta(days=rng.randint(0, 365 * 9))
        conc = rec + dt.timedelta(days=rng.randint(0, 90)) if rng.random() < 0.97 else None
        if conc and conc > dt.date(2026, 11, 1):
            conc = None
        batch.append(Application(
            agency=agency, tracking_no=f"BENCH-{i:08d}", applicant_type=rng.choice(types), applicant_name="甲",
            description="x", submitted_at=now, created_at=now, updated_at=now, received_on=rec, concluded_on=conc,
            outcome=rng.choice(codes) if conc else None, status="closed" if conc else "in_progress",
            due_on=rec + dt.timedelta(days=28),
        ))
        if len(batch) == 5000:
            Application.objects.bulk_create(batch)
            batch = []
    Application.objects.bulk_create(batch)
    with connection.cursor() as cur:  # planner statistics, as autovacuum would gather them
        cur.execute("ANALYZE applications_application" if connection.vendor == "postgresql" else "ANALYZE")
    print(f"database: {connection.vendor}; register: {args.rows} rows written in {time.perf_counter() - t0:.1f}s")

    for year in (2019, 2023, 2019):
        reset_queries()
        with CaptureQueriesContext(connection) as q:
            t0 = time.perf_counter()
            t3 = compute_t3([agency.pk], year, GB2021)
            ms = (time.perf_counter() - t0) * 1000
        print(f"compute_t3 {year}: {ms:.0f} ms, {len(q)} query, new={t3['r1_new'][-1]}, "
              f"answered={t3['r3_7_total'][-1]}, carried out={t3['r4_carry_out'][-1]}")
    engine = "postgres" if connection.vendor == "postgresql" else connection.vendor
    result("applications", engine, f"compute_t3 one agency, {args.rows:,} rows (warm)", ms, unit="ms")

    today = dt.date(2026, 11, 27)
    t0 = time.perf_counter()
    mine = Application.objects.filter(agency=agency)
    n_overdue = queries.overdue(today, mine).count()
    first_page = list(queries.open_cases(mine).order_by("due_on")[:50])
    inbox_ms = (time.perf_counter() - t0) * 1000
    print(f"inbox (overdue count + first page of open cases): {inbox_ms:.0f} ms "
          f"({n_overdue} overdue, {len(first_page)} shown)")
    result("applications", engine, "inbox: overdue count + first page", inbox_ms, unit="ms")

    details = {"applicant_type": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
               "id_number": "11010519491231002X", "description": "2024年控制性详细规划调整批复", "email": ""}
    t0 = time.perf_counter()
    for _ in range(args.intake):
        actions.submit_online(agency=agency, details=details, now=timezone.now())
    s = time.perf_counter() - t0
    print(f"submit_online (number + event + duplicate check, no letter): {args.intake / s:.0f} per second")
    result("applications", engine, "submit_online, one thread", args.intake / s, unit="/s")
    Application.objects.filter(agency=agency).delete()


if __name__ == "__main__":
    main()
