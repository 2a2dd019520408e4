"""Letters: rendering time per kind (DOCX and PDF) and issuing throughput (number + render + store).

    GONGKAI_HOME=/tmp/gk_bench_letters .venv/bin/python bench/letters.py [--issue N] [--threads T]

Uses the database of GONGKAI_HOME / DATABASE_URL (migrated first); prints figures, asserts nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from gongkai.letters.render import LETTER_KINDS, render_letter, render_letter_pdf  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import result  # noqa: E402

CTX = {
    "agency": {"name": "宝山区规划和自然资源局", "review_organ": "上海市宝山区人民政府", "court": "上海铁路运输法院",
               "office_name": "宝山区规划和自然资源局办公室", "phone": "021-56105740"},
    "letter_no": "宝规资信〔2026〕第12号", "date": "2026-11-27",
    "applicant": {"name": "张三"},
    "application": {"tracking_no": "GK-1", "received_on": "2026-11-02", "description": "某地块建设工程规划许可证"},
    "fee": {"amount": 3000, "lines": [{"label": "第11—30件", "count": 20, "rate": 100, "subtotal": 2000},
                                      {"label": "第31—40件", "count": 5, "rate": 200, "subtotal": 1000}]},
    "withheld_detail": "第3页个人信息",
}


def ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:6.1f}"


def bench_render(repeat: int) -> None:
    print(f"render (median of {repeat}, ms)      DOCX     PDF")
    slowest = {"DOCX": 0.0, "PDF": 0.0}
    for kind in LETTER_KINDS:
        d, p = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            render_letter(kind, CTX)
            d.append(time.perf_counter() - t)
            t = time.perf_counter()
            render_letter_pdf(kind, CTX)
            p.append(time.perf_counter() - t)
        print(f"  {kind:<28} {ms(d)}  {ms(p)}")
        slowest["DOCX"] = max(slowest["DOCX"], statistics.median(d) * 1000)
        slowest["PDF"] = max(slowest["PDF"], statistics.median(p) * 1000)
    for fmt, value in slowest.items():
        result("letters", "-", f"render {fmt}, slowest of {len(LETTER_KINDS)} kinds (median)", value, unit="ms")


def bench_issue(n: int, threads: int) -> None:
    from gongkai.agencies.demo import DemoContext, load
    from gongkai.letters.actions import issue_letter
    from gongkai.letters.models import Letter

    call_command("migrate", verbosity=0)
    ctx = DemoContext()
    load(ctx)
    agency, clerk = ctx.agencies["planning"], ctx.users["clerk"]
    now = dt.datetime.now(dt.UTC)
    before = Letter.objects.filter(agency=agency).count()
    per = max(1, n // threads)

    def work() -> None:
        try:
            for _ in range(per):
                issue_letter(agency=agency, kind="reply_open", context=CTX, actor=clerk, now=now)
        finally:
            connection.close()

    t = time.perf_counter()
    pool = [threading.Thread(target=work) for _ in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    elapsed = time.perf_counter() - t
    made = Letter.objects.filter(agency=agency).count() - before
    serials = list(Letter.objects.filter(agency=agency, year=now.year).order_by("serial").values_list("serial", flat=True))
    gapless = serials == list(range(1, len(serials) + 1))
    print(f"issue_letter on {connection.vendor}: {made} letters with {threads} thread(s) in {elapsed:.2f} s "
          f"= {made / elapsed:.1f} letters/s; serials gapless and unique: {gapless}")
    engine = "postgres" if connection.vendor == "postgresql" else connection.vendor
    result("letters", engine, f"issue_letter, {threads} thread(s): serials gapless and unique", made / elapsed,
           unit="letters/s", target="gapless", ok=gapless and made == per * threads)


if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--issue", type=int, default=40)
    ap.add_argument("--threads", type=int, default=4)
    args = ap.parse_args()
    bench_render(args.repeat)
    bench_issue(args.issue, 1)
    bench_issue(args.issue, args.threads)
