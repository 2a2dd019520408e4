"""Register → table 三/四 (issue 5, "Performance"): a synthetic register of N applications across 500 agencies
and 10 years (2016-2025) with a proportional 复议/诉讼 register, loaded by each engine's bulk path into the
real (migrated) tables, then:

* one agency-year's table 三 via ``compute_t3`` (median/p95 over 50 random agency-years, 2019-2025),
* the roll-up of all 500 agencies for one year (``compute_t3`` over every agency id, median of 5 runs),
* table 四 the same way via ``compute_t4``,

each against ONE hand-written SQL query computing the same cells (asserted identical), with the targets
agency-year <= 100 ms, roll-up <= 2 s (PostgreSQL), ratio to hand SQL <= 1.5.

    .venv/bin/python bench/bench_register.py --rows 200000 --engine both
    .venv/bin/python bench/bench_register.py --rows 5000000 --engine postgres --reuse
    .venv/bin/python bench/bench_register.py --rows 5000000 --markdown

Every run applies the project's migrations first (``gongkai migrate``), so a reused register is measured
with the indexes the models have now; the migrations applied are recorded with the figures.

Databases (dedicated, created here): SQLite ``bench/out/register_<rows>.sqlite3`` (GONGKAI_HOME-independent)
and PostgreSQL ``gk_bench`` on 127.0.0.1:5432 (user postgres). ``--reuse`` skips generation when the
database already holds the register of that size; ``--drop`` removes the databases at the end.
Results are also written to ``bench/out/results_<engine>_<rows>.json`` and query plans to
``bench/out/results_<engine>_<rows>[_<experiment>].plans.txt``. Prints figures; never a test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchlib import result  # noqa: E402  (RESULT lines for bench/run)

from gongkai.law.categories import APPLICANT_TYPES, OUTCOMES  # noqa: E402  (pure Python, no Django)

OUT = ROOT / "bench" / "out"
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"
PG_DB = "gk_bench"  # --pg-db changes it


def pg_url() -> str:
    return f"postgres://postgres@127.0.0.1:5432/{PG_DB}"

N_AGENCIES = 500
YEARS = tuple(range(2016, 2026))
REPORT_YEARS = tuple(y for y in YEARS if y >= 2019)  # annual-report formats exist from 2019
SNAPSHOT = dt.date(2026, 1, 20)  # the register as on this day: later conclusions are still open
EPOCH = dt.date(2016, 1, 1)
SEED = 20260127

TARGET_AGENCY_YEAR_MS = 100.0
TARGET_ROLLUP_MS = 2000.0
TARGET_RATIO = 1.5


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=5_000_000, help="applications in the register (default 5,000,000)")
    ap.add_argument("--engine", choices=("sqlite", "postgres", "both"), default="both")
    ap.add_argument("--reuse", action="store_true", help="skip generation when the data is already there")
    ap.add_argument("--samples", type=int, default=50, help="random agency-years to time (default 50)")
    ap.add_argument("--runs", type=int, default=5, help="runs of each roll-up (default 5)")
    ap.add_argument("--appeal-rate", type=float, default=0.05, help="复议/诉讼 cases per application (default 0.05)")
    ap.add_argument("--drop", action="store_true", help="drop the benchmark databases at the end")
    ap.add_argument("--pg-db", default=PG_DB, help=f"PostgreSQL database to create and use (default {PG_DB})")
    ap.add_argument("--markdown", action="store_true",
                    help="print the stored results of --rows (every engine and experiment) as a Markdown table, exit")
    ap.add_argument("--only", choices=("all", "t3", "t4"), default="all", help="measure only one table")
    ap.add_argument("--pg-set", action="append", default=[], metavar="NAME=VALUE",
                    help="experiment: SET a PostgreSQL parameter for the measuring session (e.g. random_page_cost=1.1)")
    return ap.parse_args(argv)


# ---------------------------------------------------------------------------------------------------------
# Parent: run each engine in its own process (the Django settings are fixed at start-up), then summarise.
# ---------------------------------------------------------------------------------------------------------


def run_both(args: argparse.Namespace, argv: list[str]) -> None:
    results = []
    for engine in ("postgres", "sqlite"):
        child = [sys.executable, __file__, *strip_engine(argv), "--engine", engine]
        print(f"\n=== {engine} ===", flush=True)
        subprocess.run(child, check=True)
        tag = run_tag(argparse.Namespace(**{**vars(args), "engine": engine}))
        results.extend(json.loads(result_path(engine, args.rows, tag).read_text())["measurements"])
    print("\n=== summary ===")
    print_table(results)


def strip_engine(argv: list[str]) -> list[str]:
    out, skip = [], False
    for a in argv:
        if skip:
            skip = False
            continue
        if a == "--engine":
            skip = True
            continue
        if a.startswith("--engine="):
            continue
        out.append(a)
    return out


def run_tag(args: argparse.Namespace) -> str:
    """Label of an experiment run (PostgreSQL parameters, extra index); empty for the plain run."""
    bits = [p for p in args.pg_set] if args.engine != "sqlite" else []
    return ",".join(bits)


def result_path(engine: str, rows: int, tag: str = "") -> Path:
    suffix = "_" + "".join(ch if ch.isalnum() or ch in "=.+-" else "_" for ch in tag) if tag else ""
    return OUT / f"results_{engine}_{rows}{suffix}.json"


def sqlite_path(rows: int) -> Path:
    return OUT / f"register_{rows}.sqlite3"


def verdict(m: dict) -> str:
    """PASS, or FAIL with what failed: the time target, the ratio target or both."""
    failed = []
    limit = re.match(r"<=([\d.]+) ms", m["target"])
    if limit and m["median_ms"] > float(limit.group(1)):
        failed.append("time")
    if m["ratio"] > TARGET_RATIO:
        failed.append("ratio")
    return f"FAIL ({', '.join(failed)})" if failed else "PASS"


def print_table(ms: list[dict]) -> None:
    head = ("engine", "rows", "measurement", "n", "median ms", "p95 ms", "hand SQL ms", "ratio", "ORM SQL raw ms",
            "target", "result")
    lines = []
    for m in ms:
        lines.append(
            (
                m["engine"],
                f"{m['rows']:,}",
                m["name"],
                str(m["n"]),
                f"{m['median_ms']:.1f}",
                f"{m['p95_ms']:.1f}",
                f"{m['hand_median_ms']:.1f}",
                f"{m['ratio']:.2f}",
                f"{m['orm_sql_median_ms']:.1f}" if "orm_sql_median_ms" in m else "-",
                m["target"],
                verdict(m),
            )
        )
    widths = [max(len(h), *(len(r[i]) for r in lines)) if lines else len(h) for i, h in enumerate(head)]
    fmt = " | ".join(f"{{:<{w}}}" for w in widths)
    print(fmt.format(*head))
    print("-+-".join("-" * w for w in widths))
    for r in lines:
        print(fmt.format(*r))


def print_markdown(rows: int) -> None:
    print("| engine | rows | measurement | n | median ms | p95 ms | hand SQL ms | ratio | ORM's SQL raw ms "
          "| target | result | load avg | migrations |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---|---|---|---|")
    for path in sorted(OUT.glob(f"results_*_{rows}*.json"), key=lambda p: (p.name.count("_"), p.name)):
        for m in json.loads(path.read_text())["measurements"]:
            raw = f"{m['orm_sql_median_ms']:.1f}" if "orm_sql_median_ms" in m else "–"
            load = "–".join(f"{x:g}" for x in m.get("load", [])) or "–"
            print(f"| {m['engine']} | {m['rows']:,} | {m['name']} | {m['n']} | {m['median_ms']:.1f} | {m['p95_ms']:.1f} "
                  f"| {m['hand_median_ms']:.1f} | {m['ratio']:.2f} | {raw} | {m['target']} | {verdict(m)} | {load} "
                  f"| {m.get('schema', '–')} |")


# ---------------------------------------------------------------------------------------------------------
# Child: one engine.
# ---------------------------------------------------------------------------------------------------------


def setup_django(engine: str, rows: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    OUT.mkdir(parents=True, exist_ok=True)
    if engine == "postgres":
        os.environ["DATABASE_URL"] = pg_url()
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["DATABASE_URL"] = f"sqlite:///{sqlite_path(rows)}"
    os.environ["GONGKAI_HOME"] = str(OUT / f"home_{engine}")
    import django

    django.setup()


def pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as c:
        c.execute(sql)


def pg_exists() -> bool:
    import psycopg

    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as c:
        return c.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DB,)).fetchone() is not None


def migrate(engine: str) -> None:
    gk = ROOT / ".venv" / "bin" / "gongkai"
    cmd = [str(gk), "migrate", "--verbosity", "0"] if gk.exists() else [sys.executable, "-m", "gongkai.cli", "migrate"]
    subprocess.run(cmd, check=True, env=os.environ.copy(), cwd=ROOT)


def register_present(rows: int) -> bool:
    from gongkai.applications.models import Application

    meta = OUT / f"meta_{os.environ['DATABASE_URL'].split(':')[0]}_{rows}.json"
    try:
        return json.loads(meta.read_text())["rows"] == rows and Application.objects.count() == rows
    except Exception:
        return False


def main_engine(args: argparse.Namespace) -> None:
    engine = args.engine
    if engine == "postgres" and not (args.reuse and pg_exists()):
        pg_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        pg_admin(f"CREATE DATABASE {PG_DB}")
    if engine == "sqlite" and not args.reuse:
        for suffix in ("", "-wal", "-shm"):
            Path(str(sqlite_path(args.rows)) + suffix).unlink(missing_ok=True)
    setup_django(engine, args.rows)
    migrate(engine)
    if args.reuse and register_present(args.rows):
        print(f"[{engine}] reusing the register of {args.rows:,} applications", flush=True)
    else:
        generate(engine, args)
    measurements = measure(engine, args)
    result_path(engine, args.rows, run_tag(args)).write_text(json.dumps({"measurements": measurements}, ensure_ascii=False, indent=1))
    print()
    print_table(measurements)
    if args.drop:
        from django.db import connection

        connection.close()
        if engine == "postgres":
            pg_admin(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(str(sqlite_path(args.rows)) + suffix).unlink(missing_ok=True)


# ---------------------------------------------------------------------------------------------------------
# The generator.
# ---------------------------------------------------------------------------------------------------------

# Applicant types (seed: 371 of 383 new applications from 自然人) and outcomes (seed 2019 proportions; the
# outcomes the seed did not see get a small weight so every row of table 三 is exercised).
APPLICANT_WEIGHTS = {
    "natural_person": 930, "commercial_enterprise": 40, "research_institution": 5,
    "public_welfare_org": 5, "legal_service_org": 12, "other_org": 8,
}
OUTCOME_WEIGHTS = {
    "A36_2_disclosed": 150, "A36_1_already_public": 64, "A37_partial": 4,
    "state_secret": 0.2, "other_law_prohibits": 0.3, "three_securities_one_stability": 0.2,
    "third_party_rights": 2, "internal_affairs": 0.5, "process_information": 0.8, "enforcement_case_file": 1,
    "administrative_query": 0.5, "A36_7_special_law_registry": 0.3,
    "A36_4_not_exist": 55, "A36_5_not_responsible": 10, "A38_needs_processing": 2, "unclear_after_correction": 30,
    "A39_1_petition_complaint": 0.5, "A36_6_repeat": 20, "A39_2_publication": 0.3,
    "A35_excessive_unreasonable": 0.3, "confirm_or_reissue_obtained_info": 0.5,
    "A30_not_corrected": 4, "fee_not_paid": 0.5, "withdrawn_or_other": 4.5,
}
assert set(APPLICANT_WEIGHTS) == {a.code for a in APPLICANT_TYPES}
assert set(OUTCOME_WEIGHTS) == {o.code for o in OUTCOMES}
CHANNEL_WEIGHTS = {"internet": 70, "in_person": 10, "post_signed": 12, "post_unsigned": 2, "email": 4, "fax": 1,
                   "oral": 1}
OPEN_STATUSES = ("in_progress", "in_progress", "extended", "consulting", "awaiting_payment", "decision_review",
                 "correction_requested", "received")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英建华文华玉兰萍红"
ORG_SUFFIX = {
    "commercial_enterprise": "有限公司", "research_institution": "研究院", "public_welfare_org": "公益基金会",
    "legal_service_org": "律师事务所", "other_org": "业主委员会",
}
SUBJECTS = ("国有土地上房屋征收补偿", "建设工程规划许可证", "控制性详细规划", "征地批复文件", "环境影响评价报告",
            "行政处罚决定书", "财政预算执行情况", "道路拓宽工程立项批复", "拆迁安置方案", "学校划片方案",
            "政府采购合同", "排污许可证", "信访事项处理意见", "不动产登记资料", "专项资金使用情况")
DESC_TAIL = ("的全文及附件", "的相关会议纪要", "及其审批过程文件", "（2015年以来）", "中涉及本人房屋的部分")


def _cum(weights: dict[str, float]) -> tuple[list[str], list[float]]:
    keys, cum, acc = [], [], 0.0
    for k, w in weights.items():
        acc += w
        keys.append(k)
        cum.append(acc)
    return keys, cum


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to weights summing exactly to total (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    out = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: raw[i] - out[i], reverse=True)[: total - sum(out)]:
        out[i] += 1
    return out


class Register:
    """Deterministic synthetic register. Rows come out in receipt order (as a real register grows)."""

    APP_COLUMNS = (
        "agency_id", "tracking_no", "query_code_hash", "status", "outcome", "applicant_type", "applicant_name",
        "contact_person", "id_type", "id_number", "phone", "email", "address", "postcode", "description",
        "form_wanted", "obtain_via", "channel", "submitted_at", "received_on", "correction_items",
        "extension_wd", "extended_on", "extension_reason", "due_on", "due_steps", "clock_stopped",
        "proposed_outcome", "withheld_detail", "withheld_reason", "decision_note", "approvals", "decided_on",
        "concluded_on", "delivered_on", "closed_on", "pages", "created_at", "updated_at",
    )
    APPEAL_COLUMNS = (
        "agency_id", "kind", "case_number", "applicant_name", "filed_on", "organ", "status", "result",
        "decided_on", "note", "created_at", "updated_at",
    )

    def __init__(self, rows: int, agency_ids: list[int], engine: str, appeal_rate: float) -> None:
        self.rows = rows
        self.agency_ids = agency_ids
        self.appeal_rate = appeal_rate
        self.true, self.false = ("t", "f") if engine == "postgres" else ("1", "0")
        self.tz = "+00" if engine == "postgres" else ""
        rng = random.Random(SEED)
        # Agency sizes: log-normal (a few big bureaus, many small ones); a slow yearly growth.
        aw = [rng.lognormvariate(0, 0.9) for _ in agency_ids]
        yw = [1.0 + 0.06 * (y - YEARS[0]) for y in YEARS]
        cells = [a * y for y in yw for a in aw]
        counts = _allocate(rows, cells)
        self.counts = {(yi, ai): counts[yi * len(aw) + ai] for yi in range(len(YEARS)) for ai in range(len(aw))}
        last = (dt.date(YEARS[-1] + 2, 12, 31) - EPOCH).days
        self.dstr = [(EPOCH + dt.timedelta(days=i)).isoformat() for i in range(last + 1)]
        self.snapshot_off = (SNAPSHOT - EPOCH).days
        self.times = [f" {h:02d}:{m:02d}:{s:02d}{self.tz}" for h in range(8, 18) for m in range(60) for s in (7, 31)]
        self.names = [a + b + c for a in SURNAMES for b in GIVEN for c in ("", "华", "明", "芳")]
        self.descs = [f"申请公开{s}{t}" for s in SUBJECTS for t in DESC_TAIL]
        self.stats = {"apps": 0, "open": 0, "next_year": 0, "not_received": 0, "appeals": 0, "appeals_pending": 0}

    # -- applications ------------------------------------------------------------------------------------
    def applications(self):
        rng = random.Random(SEED + 1)
        tkeys, tcum = _cum(APPLICANT_WEIGHTS)
        okeys, ocum = _cum(OUTCOME_WEIGHTS)
        ckeys, ccum = _cum(CHANNEL_WEIGHTS)
        by_applicant = {o.code for o in OUTCOMES if o.by_applicant}
        F, dstr, times, names, descs = self.false, self.dstr, self.times, self.names, self.descs
        snap = self.snapshot_off
        st = self.stats
        for yi, year in enumerate(YEARS):
            y0 = (dt.date(year, 1, 1) - EPOCH).days
            y1 = (dt.date(year, 12, 31) - EPOCH).days
            days = list(range(y0, y1 + 1))
            dcum, acc = [], 0.0
            for d in days:  # working days carry the mail; a trickle of online submissions at weekends
                acc += 1.0 if (EPOCH + dt.timedelta(days=d)).weekday() < 5 else 0.12
                dcum.append(acc)
            year_rows: list[tuple[int, int]] = []
            for ai in range(len(self.agency_ids)):
                k = self.counts[(yi, ai)]
                if k:
                    year_rows.extend((d, ai) for d in rng.choices(days, cum_weights=dcum, k=k))
            year_rows.sort()
            n = len(year_rows)
            types = rng.choices(tkeys, cum_weights=tcum, k=n)
            outs = rng.choices(okeys, cum_weights=ocum, k=n)
            chans = rng.choices(ckeys, cum_weights=ccum, k=n)
            serial = [0] * len(self.agency_ids)
            for i, (d, ai) in enumerate(year_rows):
                serial[ai] += 1
                agency_id = self.agency_ids[ai]
                atype = types[i]
                outcome = outs[i]
                u = rng.random()
                lag = rng.randint(1, 30) if u < 0.6 else rng.randint(30, 60) if u < 0.9 else rng.randint(60, 200)
                conc = d + lag
                stuck = rng.random() < 0.0005  # a few cases that are never answered
                sub = dstr[d] + times[rng.randrange(len(times))]
                received = dstr[d]
                status_open = "in_progress"
                if d > snap - 24 and rng.random() < 0.3:  # submitted in the last days, receipt not confirmed
                    received = None
                    status_open = "submitted"
                    st["not_received"] += 1
                is_open = stuck or conc > snap or received is None
                if atype == "natural_person":
                    name, id_type, id_no = names[rng.randrange(len(names))], "resident_id", f"{rng.getrandbits(62):018d}"[:18]
                else:
                    name = f"{SURNAMES[rng.randrange(40)]}{GIVEN[rng.randrange(20)]}{ORG_SUFFIX[atype]}"
                    id_type, id_no = "uscc", f"91{rng.getrandbits(60):016X}"[:18]
                extended = lag > 30 and outcome not in by_applicant
                due = dstr[d + (56 if extended else 28)]
                if is_open:
                    if status_open != "submitted":
                        status_open = OPEN_STATUSES[rng.randrange(len(OPEN_STATUSES))]
                    status, out, concluded, decided, delivered, closed, proposed = (
                        status_open, None, None, None, None, None, "")
                    updated = sub
                    st["open"] += 1
                else:
                    concluded = dstr[conc]
                    out, proposed = outcome, outcome
                    if outcome == "withdrawn_or_other" and u > 0.5:
                        status, decided, delivered, closed = "withdrawn", None, None, concluded
                    elif outcome in by_applicant:
                        status, decided, delivered, closed = "closed", None, concluded, concluded
                    else:
                        dl = dstr[conc + rng.randrange(4)]
                        status, decided, delivered, closed = "closed", concluded, dl, dl
                    updated = closed + times[rng.randrange(len(times))]
                    if conc > y1:
                        st["next_year"] += 1
                st["apps"] += 1
                yield (
                    str(agency_id), f"B{ai:03d}-{year}-{serial[ai]:06d}", "", status, out, atype, name, "",
                    id_type, id_no, "", "", "", "", descs[rng.randrange(len(descs))],
                    "electronic" if chans[i] == "internet" else "paper",
                    "email" if chans[i] in ("internet", "email") else "post", chans[i], sub, received, "",
                    "20" if extended else "0", dstr[d + 25] if extended else None,
                    "需要征求第三方意见" if extended else "", due, "[]", F,
                    proposed, "", "", "", "[]", decided, concluded, delivered, closed,
                    None, sub, updated,
                )
                if rng.random() < self.appeal_rate and not is_open and outcome not in by_applicant:
                    self._appeal_queue.append((ai, conc, name))

    # -- 复议/诉讼 -------------------------------------------------------------------------------------------
    _appeal_queue: list[tuple[int, int, str]]

    def appeals(self, queue: list[tuple[int, int, str]]):
        rng = random.Random(SEED + 2)
        kinds = (("rv", 55), ("ld", 30), ("la", 15))
        kkeys, kcum = _cum(dict(kinds))
        rkeys, rcum = _cum({"keep": 68, "corr": 10, "other": 22})
        serial: dict[tuple[int, str, int], int] = {}
        st = self.stats
        rows = []
        for ai, conc, name in queue:
            kind = rng.choices(kkeys, cum_weights=kcum)[0]
            filed = conc + rng.randint(5, 60) + (rng.randint(15, 120) if kind == "la" else 0)
            if filed > self.snapshot_off:
                continue
            rows.append((filed, ai, kind, name))
        rows.sort()
        for filed, ai, kind, name in rows:
            year = int(self.dstr[filed][:4])
            key = (ai, kind, year)
            serial[key] = serial.get(key, 0) + 1
            dec = filed + (rng.randint(20, 90) if kind == "rv" else rng.randint(60, 400))
            pending = dec > self.snapshot_off
            result = "pending" if pending else rng.choices(rkeys, cum_weights=rcum)[0]
            st["appeals"] += 1
            st["appeals_pending"] += pending
            created = self.dstr[filed] + self.times[rng.randrange(len(self.times))]
            number = (f"（{year}）复字第{serial[key]}号" if kind == "rv"
                      else f"（{year}）行初字第{serial[key]}号" if kind == "ld" else f"（{year}）行初复字第{serial[key]}号")
            organ = "基准市人民政府" if kind == "rv" else "基准区人民法院"
            yield (
                str(self.agency_ids[ai]), kind, number, name, self.dstr[filed], organ,
                "open" if pending else "concluded", result, None if pending else self.dstr[dec], "",
                created, created if pending else self.dstr[dec] + self.times[0],
            )


def check_columns(model, columns: tuple[str, ...]) -> None:
    """Every NOT NULL column of the model is filled (no DB defaults in Django), and no column is invented."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    existing = {f.column for f in fields}
    required = {f.column for f in fields if not f.null}
    unknown = set(columns) - existing
    missing = required - set(columns)
    assert not unknown, f"{model.__name__}: columns not in the model: {sorted(unknown)}"
    assert not missing, f"{model.__name__}: NOT NULL columns the generator does not fill: {sorted(missing)}"


def create_agencies() -> list[int]:
    from gongkai.agencies.models import Agency, AgencyKind

    Agency.objects.filter(code__startswith="BENCH").delete()
    gov = Agency.objects.create(
        name="基准区人民政府", short_name="基准区政府", code="BENCH0000", slug="bench-gov", kind=AgencyKind.GOVERNMENT,
        office_name="基准区人民政府办公室", review_organ="基准市人民政府", court="基准区人民法院",
    )
    rng = random.Random(SEED + 3)
    depts = []
    for i in range(1, N_AGENCIES):
        settings = {"t4_year_rule": "decided"} if rng.random() < 0.05 else {}
        depts.append(Agency(
            name=f"基准区第{i:03d}局", short_name=f"第{i:03d}局", code=f"BENCH{i:04d}", slug=f"bench-{i:03d}",
            kind=AgencyKind.DEPARTMENT, parent=gov, office_name=f"基准区第{i:03d}局办公室",
            review_organ="基准区人民政府", court="基准区人民法院", settings=settings,
        ))
    Agency.objects.bulk_create(depts, batch_size=500)
    return list(Agency.objects.filter(code__startswith="BENCH").order_by("code").values_list("pk", flat=True))


def generate(engine: str, args: argparse.Namespace) -> None:
    from django.db import connection

    from gongkai.appeals.models import AppealCase
    from gongkai.applications.models import Application

    check_columns(Application, Register.APP_COLUMNS)
    check_columns(AppealCase, Register.APPEAL_COLUMNS)
    t0 = time.perf_counter()
    from gongkai.appeals.models import AppealEvent
    from gongkai.applications.models import CaseEvent

    with connection.cursor() as c:  # a dedicated database: clear the registers wholesale
        for model in (AppealEvent, AppealCase, CaseEvent, Application):
            c.execute(f"DELETE FROM {model._meta.db_table}")
    agency_ids = create_agencies()
    reg = Register(args.rows, agency_ids, engine, args.appeal_rate)
    reg._appeal_queue = []
    tables = [(Application._meta.db_table, Register.APP_COLUMNS), (AppealCase._meta.db_table, Register.APPEAL_COLUMNS)]
    print(f"[{engine}] generating {args.rows:,} applications over {len(agency_ids)} agencies, {YEARS[0]}-{YEARS[-1]}",
          flush=True)
    if engine == "postgres":
        load_postgres(reg, tables)
    else:
        connection.close()
        load_sqlite(reg, tables, sqlite_path(args.rows))
    s = reg.stats
    meta = {
        "rows": args.rows, "agencies": len(agency_ids), "appeals": s["appeals"], "seconds": round(time.perf_counter() - t0, 1),
        "open": s["open"], "concluded_next_year": s["next_year"], "not_received": s["not_received"],
        "appeals_pending": s["appeals_pending"],
    }
    assert s["apps"] == args.rows
    (OUT / f"meta_{'postgres' if engine == 'postgres' else 'sqlite'}_{args.rows}.json").write_text(json.dumps(meta))
    print(f"[{engine}] loaded in {meta['seconds']} s: {s['apps']:,} applications "
          f"({s['next_year'] / s['apps']:.1%} concluded in the following year, {s['open']:,} open, "
          f"{s['not_received']:,} not yet received), {s['appeals']:,} 复议/诉讼 cases ({s['appeals_pending']:,} pending)",
          flush=True)


def load_postgres(reg: Register, tables) -> None:
    from django.db import connection

    connection.ensure_connection()
    pg = connection.connection  # the psycopg 3 connection
    saved: list[str] = []
    with pg.transaction():
        cur = pg.cursor()
        cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
        for table, _ in tables:
            # Bulk path: drop secondary indexes, FK and UNIQUE constraints, COPY, re-create them in one pass.
            cur.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
                "AND contype IN ('f', 'u')", (table,))
            for name, definition in cur.fetchall():
                cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
                saved.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
            cur.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname NOT IN "
                "(SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)", (table, table))
            for name, definition in cur.fetchall():
                cur.execute(f'DROP INDEX "{name}"')
                saved.insert(0, definition)
        t0 = time.perf_counter()
        for (table, cols), rows in zip(tables, (reg.applications(), None)):
            if rows is None:
                rows = reg.appeals(reg._appeal_queue)
            with cur.copy(f"COPY {table} ({', '.join(cols)}) FROM STDIN") as copy:
                buf: list[str] = []
                for r in rows:
                    buf.append("\t".join("\\N" if v is None else v for v in r))
                    if len(buf) >= 20000:
                        buf.append("")
                        copy.write("\n".join(buf))
                        buf = []
                if buf:
                    buf.append("")
                    copy.write("\n".join(buf))
            print(f"  COPY {table}: {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        for sql in saved:
            cur.execute(sql)
        print(f"  indexes and constraints re-created: {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    assert pg.autocommit  # Django keeps the connection in autocommit mode; VACUUM needs it
    for table, _ in tables:
        pg.execute(f"VACUUM ANALYZE {table}")
    print(f"  VACUUM ANALYZE: {time.perf_counter() - t0:.1f} s", flush=True)


def load_sqlite(reg: Register, tables, path: Path) -> None:
    import sqlite3

    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("PRAGMA cache_size=-1000000")
    db.execute("PRAGMA temp_store=MEMORY")
    db.execute("BEGIN")
    saved = []
    for table, _ in tables:
        for name, sql in db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", (table,)
        ).fetchall():
            db.execute(f'DROP INDEX "{name}"')
            saved.append(sql)
    t0 = time.perf_counter()
    for (table, cols), rows in zip(tables, (reg.applications(), None)):
        if rows is None:
            rows = reg.appeals(reg._appeal_queue)
        db.executemany(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})", rows)
        print(f"  INSERT {table}: {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    for sql in saved:
        db.execute(sql)
    db.execute("COMMIT")
    print(f"  indexes re-created: {time.perf_counter() - t0:.1f} s", flush=True)
    t0 = time.perf_counter()
    db.execute("ANALYZE")
    db.execute("PRAGMA journal_mode=WAL")
    db.close()
    print(f"  ANALYZE: {time.perf_counter() - t0:.1f} s", flush=True)


# ---------------------------------------------------------------------------------------------------------
# Hand-written SQL: one query per table, same cells.
# ---------------------------------------------------------------------------------------------------------


def hand_t3(agency_ids: list[int], year: int, edition) -> dict[str, list[int]]:
    from django.db import connection

    from gongkai.applications.models import Application
    from gongkai.law.categories import APPLICANT_TYPE_BY_CODE, OUTCOMES
    from gongkai.law.editions import T3_COLUMN_IDS

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    row_case = " ".join(f"WHEN '{o.code}' THEN '{o.row(edition.id)}'" for o in OUTCOMES)
    ids = ", ".join(str(int(a)) for a in agency_ids)
    sql = f"""
        SELECT applicant_type, CASE outcome {row_case} END AS row_id,
               SUM(CASE WHEN received_on >= %s THEN 1 ELSE 0 END) AS new,
               SUM(CASE WHEN received_on < %s THEN 1 ELSE 0 END) AS carry_in,
               SUM(CASE WHEN concluded_on <= %s THEN 1 ELSE 0 END) AS result,
               SUM(CASE WHEN concluded_on IS NULL OR concluded_on > %s THEN 1 ELSE 0 END) AS carry_out
        FROM {Application._meta.db_table}
        WHERE agency_id IN ({ids}) AND received_on <= %s AND (concluded_on IS NULL OR concluded_on >= %s)
        GROUP BY applicant_type, row_id"""
    with connection.cursor() as c:
        c.execute(sql, [start, start, end, end, end, start])
        rows = c.fetchall()
    table = {rid: [0] * len(T3_COLUMN_IDS) for rid in edition.t3_row_ids}
    ci = {c: i for i, c in enumerate(T3_COLUMN_IDS)}
    tot = ci["total"]
    for atype, row_id, new, cin, res, cout in rows:
        col = ci[APPLICANT_TYPE_BY_CODE[atype].column]
        for rid, v in (("r1_new", new), ("r2_carry_in", cin), ("r4_carry_out", cout), (row_id, res), ("r3_7_total", res)):
            if v and rid is not None:
                table[rid][col] += int(v)
                table[rid][tot] += int(v)
    return table


def hand_t4(agency_ids: list[int], year: int) -> dict[str, int]:
    """One statement: the cases of the agencies under each year rule (rule read from the agency's settings
    JSON in SQL), each counted under its result if decided by 31 December, else as pending."""
    from django.db import connection

    from gongkai.agencies.models import Agency
    from gongkai.appeals.models import AppealCase
    from gongkai.law.editions import T4_COLUMN_IDS

    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ids = ", ".join(str(int(a)) for a in agency_ids)
    if connection.vendor == "postgresql":
        rule = "COALESCE(NULLIF(settings->>'t4_year_rule', ''), 'filed')"
    else:
        rule = "COALESCE(NULLIF(json_extract(settings, '$.t4_year_rule'), ''), 'filed')"
    agencies = f"SELECT id FROM {Agency._meta.db_table} WHERE id IN ({ids}) AND {rule} = "
    part = "CASE WHEN decided_on <= %s THEN result ELSE 'pending' END"
    table = AppealCase._meta.db_table
    sql = f"""
        SELECT kind, part, COUNT(*) FROM (
            SELECT kind, {part} AS part FROM {table}
            WHERE agency_id IN ({ids}) AND agency_id IN ({agencies}'filed') AND filed_on BETWEEN %s AND %s
            UNION ALL
            SELECT kind, {part} AS part FROM {table}
            WHERE agency_id IN ({ids}) AND agency_id IN ({agencies}'decided') AND (decided_on BETWEEN %s AND %s
                OR (filed_on <= %s AND (decided_on IS NULL OR decided_on > %s)))
        ) cells
        GROUP BY kind, part"""
    with connection.cursor() as c:
        c.execute(sql, [end, start, end, end, start, end, end, end])
        rows = c.fetchall()
    out = {k: 0 for k in T4_COLUMN_IDS}
    for kind, part_id, n in rows:
        out[f"{kind}_{part_id}"] += int(n)
        out[f"{kind}_total"] += int(n)
    return out


# ---------------------------------------------------------------------------------------------------------
# Measurements.
# ---------------------------------------------------------------------------------------------------------


def timed(fn, *a):
    t0 = time.perf_counter()
    r = fn(*a)
    return (time.perf_counter() - t0) * 1000.0, r


def p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(0.95 * (len(xs) - 1))))]


def explain(sql_fn, label: str, fh) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as cq:
        sql_fn()
    for q in cq.captured_queries:
        sql = q["sql"]
        if "GROUP BY" not in sql and "COUNT" not in sql.upper():
            continue
        prefix = "EXPLAIN (ANALYZE, BUFFERS) " if connection.vendor == "postgresql" else "EXPLAIN QUERY PLAN "
        with connection.cursor() as c:
            c.execute(prefix + sql)
            plan = "\n".join(" | ".join(str(x) for x in row) for row in c.fetchall())
        fh.write(f"--- {label}\n{sql}\n{plan}\n\n")


def measure(engine: str, args: argparse.Namespace) -> list[dict]:
    from django.db import connection

    from gongkai.agencies.models import Agency
    from gongkai.appeals.models import AppealCase
    from gongkai.appeals.reporting import compute_t4
    from gongkai.applications.reporting import compute_t3
    from gongkai.law.editions import edition_for_year

    ids = list(Agency.objects.filter(code__startswith="BENCH").order_by("code").values_list("pk", flat=True))
    assert len(ids) == N_AGENCIES, f"expected {N_AGENCIES} agencies, found {len(ids)}"
    has_appeals = AppealCase.objects.exists()
    rng = random.Random(SEED + 9)
    pairs = [(rng.choice(ids), rng.choice(REPORT_YEARS)) for _ in range(args.samples)]
    roll_year = REPORT_YEARS[-1]
    mid_year = 2020
    out: list[dict] = []
    tag = run_tag(args)
    label = f"{engine} ({tag})" if tag else engine
    plans = open(result_path(engine, args.rows, tag).with_suffix(".plans.txt"), "w")
    connection.ensure_connection()
    if engine == "postgres":
        for setting in args.pg_set:
            name, value = setting.split("=", 1)
            with connection.cursor() as c:
                c.execute(f"SET {name} = %s", [value])
    compute_t3(ids[:1], roll_year, edition_for_year(roll_year))  # warm the connection and the code

    def orm_sql(fn, *a):
        """The SQL the ORM sent for fn(*a), as a callable that re-runs it raw (DB time without the ORM)."""
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as cq:
            fn(*a)
        sqls = [q["sql"] for q in cq.captured_queries]

        def run() -> None:
            with connection.cursor() as c:
                for sql in sqls:
                    c.execute(sql)
                    c.fetchall()

        return run

    def record(name: str, mine: list[float], hand: list[float], raw: list[float], target_ms: float | None) -> None:
        med, hmed, rmed = statistics.median(mine), statistics.median(hand), statistics.median(raw)
        ratio = med / hmed if hmed else float("inf")
        ok_ratio = ratio <= TARGET_RATIO
        if target_ms is None:
            target, ok = f"ratio<={TARGET_RATIO}", ok_ratio
        else:
            target, ok = f"<={target_ms:g} ms, ratio<={TARGET_RATIO}", ok_ratio and med <= target_ms
        m = {"engine": label, "rows": args.rows, "name": name, "n": len(mine), "median_ms": med, "p95_ms": p95(mine),
             "hand_median_ms": hmed, "hand_p95_ms": p95(hand), "ratio": ratio, "orm_sql_median_ms": rmed,
             "target": target, "verdict": "PASS" if ok else "FAIL"}
        out.append(m)
        result("register", label, f"{name} median, {args.rows:,} rows", med, unit="ms", target=target, ok=ok,
               ratio=round(ratio, 2))
        print(f"  {name}: median {med:.1f} ms, p95 {p95(mine):.1f} ms; hand SQL median {hmed:.1f} ms; "
              f"ratio {ratio:.2f}; the ORM's SQL run raw {rmed:.1f} ms -> {m['verdict']}", flush=True)

    def agency_years(fn, hand_fn, label: str, with_edition: bool) -> None:
        mine, hand, raw = [], [], []
        for i, (a, y) in enumerate(pairs):
            extra = (edition_for_year(y),) if with_edition else ()
            run_raw = orm_sql(fn, [a], y, *extra)
            if i == 0:
                run_raw()
            # Rotate the order so that no side always gets the warmer cache.
            calls = [("mine", fn), ("hand", hand_fn), ("raw", None)]
            calls = calls[i % 3:] + calls[: i % 3]
            got = {}
            for key, f in calls:
                if f is None:
                    t0 = time.perf_counter()
                    run_raw()
                    raw.append((time.perf_counter() - t0) * 1000.0)
                else:
                    t, got[key] = timed(f, [a], y, *extra)
                    (mine if key == "mine" else hand).append(t)
            assert got["mine"] == got["hand"], f"{label} agency {a} year {y}: compute {got['mine']} != hand SQL {got['hand']}"
        print(f"  {label} agency-years: cells identical ({len(pairs)} agency-years)", flush=True)
        record(f"{label} agency-year", mine, hand, raw, TARGET_AGENCY_YEAR_MS)

    def rollup(fn, hand_fn, label: str, year: int, with_edition: bool) -> None:
        extra = (edition_for_year(year),) if with_edition else ()
        mine, hand, raw = [], [], []
        first = None
        run_raw = orm_sql(fn, ids, year, *extra)
        for i in range(args.runs):
            calls = [(fn, mine), (hand_fn, hand), (None, raw)]
            calls = calls[i % 3:] + calls[: i % 3]
            for f, acc in calls:
                if f is None:
                    t0 = time.perf_counter()
                    run_raw()
                    acc.append((time.perf_counter() - t0) * 1000.0)
                    continue
                t, r = timed(f, ids, year, *extra)
                acc.append(t)
                first = r if first is None else first
                assert r == first, f"{label} roll-up {year}: results differ between compute and hand SQL"
        print(f"  {label} roll-up {year}: cells identical", flush=True)
        target = TARGET_ROLLUP_MS if engine == "postgres" else None
        record(f"{label} roll-up {year} ({len(ids)} agencies)", mine, hand, raw, target)
        explain(lambda: fn(ids, year, *extra), f"{label} roll-up {year} (compute)", plans)
        explain(lambda: hand_fn(ids, year, *extra), f"{label} roll-up {year} (hand SQL)", plans)

    load0 = os.getloadavg()[0]
    print(f"[{label}] measuring ({args.samples} agency-years, {args.runs} roll-up runs); "
          f"load average {load0:.1f} on {os.cpu_count()} cores", flush=True)
    a, y = pairs[0]
    try:
        if args.only in ("all", "t3"):
            agency_years(compute_t3, hand_t3, "t3", True)
            explain(lambda: compute_t3([a], y, edition_for_year(y)), f"t3 agency {a} year {y} (compute)", plans)
            explain(lambda: hand_t3([a], y, edition_for_year(y)), f"t3 agency {a} year {y} (hand SQL)", plans)
            rollup(compute_t3, hand_t3, "t3", roll_year, True)
            rollup(compute_t3, hand_t3, "t3", mid_year, True)
        if has_appeals and args.only in ("all", "t4"):
            agency_years(compute_t4, hand_t4, "t4", False)
            explain(lambda: compute_t4([a], y), f"t4 agency {a} year {y} (compute)", plans)
            explain(lambda: hand_t4([a], y), f"t4 agency {a} year {y} (hand SQL)", plans)
            rollup(compute_t4, hand_t4, "t4", roll_year, False)
            rollup(compute_t4, hand_t4, "t4", mid_year, False)
    finally:
        plans.close()
    with connection.cursor() as c:
        c.execute("SELECT app, MAX(name) FROM django_migrations WHERE app IN ('applications', 'appeals') "
                  "GROUP BY app ORDER BY app")
        schema = " ".join(f"{app}.{name.split('_')[0]}" for app, name in c.fetchall())
    load1 = os.getloadavg()[0]
    print(f"[{label}] schema {schema}; load average {load0:.1f} at the start, {load1:.1f} at the end", flush=True)
    for m in out:
        m["load"] = [round(load0, 1), round(load1, 1)]
        m["schema"] = schema
    return out


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    global PG_DB
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", args.pg_db):
        raise SystemExit(f"--pg-db: not a plain database name: {args.pg_db!r}")
    PG_DB = args.pg_db
    OUT.mkdir(parents=True, exist_ok=True)
    if args.markdown:
        print_markdown(args.rows)
    elif args.engine == "both":
        run_both(args, argv)
    else:
        main_engine(args)


if __name__ == "__main__":
    main()
