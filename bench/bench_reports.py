"""The report workspace on a large register (issue 5, "Performance"), on top of bench_register.py.

bench_register.py generates the synthetic register (N applications across 500 agencies and 10 years, with a
proportional 复议/诉讼 register) and measures table 三/四 against hand-written SQL. This script measures the
layer above it, the report as the workspace composes it, on the same databases:

* one agency-year's whole report: ``gongkai.reports.compose.build`` (tables 二/三/四 through the contract
  functions, the facts, the narrative drafts rendered with their bound figures), and with every rule checked;
* composing and storing the reports of all 499 departments for one year (what the roll-up reads);
* the district roll-up: ``compose_for(government)`` = the government's own records + the sum of the 499
  submitted department reports, against ``compute_t3`` over all 500 agencies straight from the register;
* rendering one report to HTML, DOCX, XLSX and PDF.

Everything written (the department reports) is rolled back at the end: the databases are left as found.

    .venv/bin/python bench/bench_reports.py --rows 200000 --engine both
    .venv/bin/python bench/bench_reports.py --rows 5000000 --engine postgres

When the register of that size is not there yet, bench_register.py is run first (``--reuse``) to make it.
Prints figures; never a test.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_register as br  # noqa: E402
from benchlib import result  # noqa: E402

TARGET_AGENCY_YEAR_MS = 100.0
TARGET_ROLLUP_MS = 2000.0
YEAR = 2023


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--samples", type=int, default=30, help="random agency-years to time (default 30)")
    ap.add_argument("--runs", type=int, default=5, help="runs of the roll-up (default 5)")
    ap.add_argument("--pg-db", default=br.PG_DB, help=f"PostgreSQL database of the register (default {br.PG_DB})")
    return ap.parse_args(argv)


def timed(fn, *a, **kw):  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    out = fn(*a, **kw)
    return (time.perf_counter() - t) * 1000, out


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


class Rollback(Exception):
    pass


def measure(engine: str, args: argparse.Namespace) -> list[tuple[str, ...]]:
    from django.db import transaction

    from gongkai.agencies.models import Agency
    from gongkai.applications.reporting import compute_t3
    from gongkai.law.editions import edition_for_year
    from gongkai.law.rules import check
    from gongkai.reports.compose import build, compose_for
    from gongkai.reports.models import AnnualReport, ReportStatus
    from gongkai.reports.render import render

    rows: list[tuple[str, ...]] = []
    agencies = list(Agency.objects.filter(code__startswith="BENCH").order_by("code"))
    gov = next(a for a in agencies if a.is_government)
    depts = [a for a in agencies if not a.is_government]
    rng = random.Random(20261127)

    def line(name: str, xs: list[float], target: float | None, extra: str = "") -> None:
        med = statistics.median(xs)
        verdict = "" if target is None else ("ok" if med <= target else "MISSED")
        rows.append((engine, f"{args.rows:,}", name, str(len(xs)), f"{med:.1f}", f"{p95(xs):.1f}",
                     "" if target is None else f"<= {target:.0f}", verdict, extra))
        print(f"  {name}: median {med:.1f} ms, p95 {p95(xs):.1f} ms {verdict} {extra}", flush=True)
        if not name.startswith(" "):
            result("reports", engine, f"{name} median, {args.rows:,} rows", med, unit="ms",
                   target="" if target is None else f"<= {target:.0f} ms", ok=None if target is None else med <= target)

    samples = [(rng.choice(depts), rng.randint(2019, 2025)) for _ in range(args.samples)]
    build(samples[0][0], samples[0][1])  # warm up
    line("report agency-year: compose (t2/t3/t4, facts, narrative)",
         [timed(build, a, y)[0] for a, y in samples], TARGET_AGENCY_YEAR_MS)

    # where the time of one agency-year goes: the three contract functions and the facts
    from gongkai.appeals.reporting import compute_t4
    from gongkai.catalogue.reporting import compute_t2
    from gongkai.reports.compose import facts

    for label, fn in (
        ("  part: compute_t2 (catalogue)", lambda a, y: compute_t2([a.pk], y, edition_for_year(y))),
        ("  part: compute_t3 (register)", lambda a, y: compute_t3([a.pk], y, edition_for_year(y))),
        ("  part: compute_t4 (复议/诉讼)", lambda a, y: compute_t4([a.pk], y)),
        ("  part: facts (work log, fees)", lambda a, y: facts([a.pk], y)),
    ):
        line(label, [timed(fn, a, y)[0] for a, y in samples], None)

    def compose_and_check(a, y):  # type: ignore[no-untyped-def]
        law, _ = build(a, y)
        return check(law)

    line("report agency-year: compose + every rule", [timed(compose_and_check, a, y)[0] for a, y in samples],
         TARGET_AGENCY_YEAR_MS)

    try:
        with transaction.atomic():
            from django.utils import timezone

            now = timezone.now()
            t0 = time.perf_counter()
            objs = []
            for a in depts:
                law, _ = build(a, YEAR)
                objs.append(AnnualReport(agency=a, year=YEAR, edition=law.edition.id, status=ReportStatus.CHECKING,
                                         data=law.to_dict(), created_at=now, updated_at=now))
            AnnualReport.objects.bulk_create(objs, batch_size=100)
            setup_ms = (time.perf_counter() - t0) * 1000
            rows.append((engine, f"{args.rows:,}", f"compose + store all {len(depts)} department reports ({YEAR})",
                         "1", f"{setup_ms:.0f}", "", "", "", f"{setup_ms / len(depts):.1f} ms per report"))
            print(f"  store {len(depts)} department reports: {setup_ms:.0f} ms", flush=True)
            edition = edition_for_year(YEAR)
            compose_for(gov, YEAR, edition)
            roll = [timed(compose_for, gov, YEAR, edition)[0] for _ in range(args.runs)]
            comp = compose_for(gov, YEAR, edition)[0]
            ids = [a.pk for a in agencies]
            direct = [timed(compute_t3, ids, YEAR, edition)[0] for _ in range(args.runs)]
            assert comp.t3 == compute_t3(ids, YEAR, edition), "roll-up differs from the register"
            line(f"district roll-up from {len(depts)} department reports (+ own records)", roll, TARGET_ROLLUP_MS,
                 f"(compute_t3 over all {len(ids)} agencies from the register: {statistics.median(direct):.1f} ms;"
                 " identical cells)")
            law, _ = build(depts[0], YEAR)
            for fmt in ("html", "docx", "xlsx", "pdf"):
                render(law, fmt)
                line(f"render one report to {fmt}", [timed(render, law, fmt)[0] for _ in range(5)], None)
            raise Rollback
    except Rollback:
        pass
    return rows


def print_table(rows: list[tuple[str, ...]]) -> None:
    head = ("engine", "rows", "measurement", "n", "median ms", "p95 ms", "target", "result", "note")
    widths = [max(len(str(r[i])) for r in [head, *rows]) for i in range(len(head) - 1)]
    for r in [head, *rows]:
        print("  ".join(str(r[i]).ljust(widths[i]) for i in range(len(widths))) + "  " + r[-1])


def main_engine(args: argparse.Namespace) -> list[tuple[str, ...]]:
    br.PG_DB = args.pg_db
    br.setup_django(args.engine, args.rows)
    br.migrate(args.engine)
    if not br.register_present(args.rows):
        print(f"[{args.engine}] generating the register with bench_register.py ...", flush=True)
        subprocess.run([sys.executable, str(ROOT / "bench" / "bench_register.py"), "--rows", str(args.rows),
                        "--engine", args.engine, "--reuse", "--samples", "5", "--runs", "1", "--pg-db", args.pg_db],
                       check=True)
    print(f"[{args.engine}] measuring on {args.rows:,} applications", flush=True)
    return measure(args.engine, args)


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.engine == "both":
        for engine in ("postgres", "sqlite"):
            subprocess.run([sys.executable, __file__, *br.strip_engine(argv), "--engine", engine], check=True)
        return
    rows = main_engine(args)
    print()
    print_table(rows)


if __name__ == "__main__":
    main()
