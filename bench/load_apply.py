"""Load with nothing lost (issue 7): N concurrent applicants submit the public application form against
``gongkai serve`` (gunicorn) on loopback, then the database is checked for every acknowledged submission.

    .venv/bin/python bench/load_apply.py                                  # both engines, 200 clients x 60 s
    .venv/bin/python bench/load_apply.py --engine sqlite --clients 50 --seconds 15
    .venv/bin/python bench/load_apply.py --engine postgres --scenario reminders

Each engine gets a fresh database: SQLite in a temporary GONGKAI_HOME, PostgreSQL in the dedicated database
``gk_load`` (dropped and re-created), both ``gongkai migrate`` + ``gongkai demo``. Then, per scenario:

* ``plain``: ``--clients`` threads, each a browser: one connection from its own loopback address
  (127.x.y.z, one address per applicant, so the per-address throttle of the portal stays at its production
  setting and is never hit), GET /apply/ (CSRF cookie + token, the agency list), POST a valid application
  with distinct applicant data (name, 居民身份证号码 with its check digit, e-mail, description), read the
  tracking number and query code from the answer. New applicants start until ``--seconds`` have passed;
  every request has a ``--timeout``, so a run is bounded by seconds + 2 x timeout.
* ``reminders``: the same, while two ``gongkai send_reminders --date D`` processes run at once, round after
  round (D = tomorrow, the day after, ...: each round every due case can be claimed again).

Printed: acknowledged submissions/s, p50/p95/max latency of the submission (POST) and of the form (GET),
HTTP status counts. Then checked in the database (exit 1 if any check fails):

* every acknowledged tracking number exists exactly once, with the applicant the client sent and a query
  code that opens it; no number was acknowledged twice;
* the tracking numbers of every agency and year are unique and gapless (serials 1..counter);
* no response was a 5xx or another error, no request failed or timed out, the server log holds no traceback;
* reminders: no case got two reminder events for the same day, no reminder e-mail was printed twice (the
  console e-mail backend of both processes is parsed), and the events equal the sends both processes report.

Figures are also printed as ``RESULT {json}`` lines (bench/benchlib.py) for ``bench/run``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import email
import email.header
import http.client
import http.cookies
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import result  # noqa: E402

PG_SERVER = "postgres://postgres@127.0.0.1:5432"
SEP = "-" * 79
SUBJECT_NO = re.compile(r"政府信息公开申请\s+(\S+)")
SENT = re.compile(r"已发送提醒\s*(\d+)\s*件")
SKIPPED = re.compile(r"已提醒跳过\s*(\d+)\s*件")


# --------------------------------------------------------------------------- preparation


def engine_env(engine: str, home: Path, pg_db: str) -> dict[str, str]:
    env = dict(os.environ)
    env["GONGKAI_HOME"] = str(home)
    env["DJANGO_SETTINGS_MODULE"] = "gongkai.settings"
    env["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    env.pop("DEBUG", None)
    env["PYTHONUNBUFFERED"] = "1"
    if engine == "postgres":
        env["DATABASE_URL"] = f"{PG_SERVER}/{pg_db}"
    else:
        env.pop("DATABASE_URL", None)
    return env


def recreate_pg(name: str) -> None:
    import psycopg

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def gongkai(env: dict[str, str], *args: str, **kw: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], env=env, cwd=ROOT, text=True,
                          capture_output=True, **kw)


def prepare(env: dict[str, str]) -> None:
    for args in (("migrate", "--no-input", "-v", "0"), ("demo",)):
        done = gongkai(env, *args)
        if done.returncode:
            sys.exit(f"gongkai {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(env: dict[str, str], port: int, log: Path, workers: int | None,
                 threads: int | None) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "gongkai.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
    if workers:
        cmd += ["--workers", str(workers)]
    if threads:
        cmd += ["--threads", str(threads)]
    out = log.open("wb")
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            sys.exit(f"gongkai serve exited:\n{log.read_text(errors='replace')}")
        try:
            c = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            c.request("GET", "/apply/")
            if c.getresponse().status == 200:
                c.close()
                return proc
        except OSError:
            pass
        time.sleep(0.5)
    proc.kill()
    sys.exit("gongkai serve did not answer within 90 s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(40)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(10)


# --------------------------------------------------------------------------- the applicants


def source_address(i: int) -> str:
    """A distinct loopback address per applicant (Linux routes all of 127.0.0.0/8 to lo)."""
    a = 1 + i % 254
    i //= 254
    return f"127.{1 + (i // 256) % 254}.{i % 256}.{a}"


def resident_id(i: int) -> str:
    from gongkai.applications.validators import resident_id_check_char

    born = dt.date(1950, 1, 1) + dt.timedelta(days=i % 18000)
    body = f"310113{born:%Y%m%d}{(i // 18000) % 1000:03d}"
    return body + resident_id_check_char(body)


TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
AGENCY_SELECT = re.compile(r'<select name="agency".*?</select>', re.S)
OPTION = re.compile(r'<option value="(\d+)"')
TRACKING = re.compile(r'id="tracking-no">\s*([^<\s]+)\s*<')
CODE = re.compile(r'id="query-code">\s*([^<\s]+)\s*<')
TAGS = re.compile(r"<[^>]+>|\s+")


class Load:
    def __init__(self, port: int, tag: str, offset: int, timeout: float) -> None:
        self.port, self.tag, self.offset, self.timeout = port, tag, offset, timeout
        self.lock = threading.Lock()
        self.next = 0
        self.acked: list[dict[str, Any]] = []
        self.statuses: Counter[str] = Counter()
        self.errors: Counter[str] = Counter()
        self.get_ms: list[float] = []
        self.post_ms: list[float] = []
        self.samples: list[str] = []
        self.first_done = self.last_done = 0.0

    def take(self) -> int:
        with self.lock:
            self.next += 1
            return self.offset + self.next

    def applicant(self, n: int) -> dict[str, str]:
        return {
            "applicant_type": "natural_person",
            "applicant_name": f"压测{self.tag}-{n:07d}",
            "contact_person": "",
            "id_type": "resident_id",
            "id_number": resident_id(n),
            "phone": f"139{n % 100000000:08d}",
            "email": f"a{n}.{self.tag.lower()}@example.cn",
            "address": f"上海市宝山区测试路{n % 999 + 1}号",
            "postcode": "201900",
            "description": f"申请公开宝山区第{n}号地块建设工程规划许可证及附图（压测{self.tag}）",
            "form_wanted": "electronic",
            "obtain_via": "email",
        }

    def one(self, n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout,
                                          source_address=(source_address(n), 0))
        stage = "GET"
        try:
            t0 = time.perf_counter()
            conn.request("GET", "/apply/", headers={"Accept": "text/html"})
            resp = conn.getresponse()
            page = resp.read().decode("utf-8", "replace")
            t1 = time.perf_counter()
            self.statuses[f"GET {resp.status}"] += 1
            if resp.status != 200:
                self.sample(f"GET /apply/ {resp.status}")
                return
            cookie = http.cookies.SimpleCookie()
            for value in resp.headers.get_all("Set-Cookie") or []:
                cookie.load(value)
            token, select = TOKEN.search(page), AGENCY_SELECT.search(page)
            agencies = OPTION.findall(select.group(0)) if select else []
            if "csrftoken" not in cookie or token is None or not agencies:
                self.errors["form without CSRF cookie, token or agencies"] += 1
                return
            data = self.applicant(n)
            # half the load on the first agency (one hot tracking counter), the rest spread
            agency = agencies[0] if n % 2 else agencies[n // 2 % len(agencies)]
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), "agency": agency, **data})
            stage = "POST"
            t2 = time.perf_counter()
            conn.request("POST", "/apply/", body=body.encode(), headers={
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={cookie['csrftoken'].value}",
                "Referer": f"http://127.0.0.1:{self.port}/apply/", "Accept": "text/html"})
            resp = conn.getresponse()
            answer = resp.read().decode("utf-8", "replace")
            t3 = time.perf_counter()
            self.statuses[f"POST {resp.status}"] += 1
            no, code = TRACKING.search(answer), CODE.search(answer)
            if resp.status != 200 or no is None or code is None:
                self.sample(f"POST {resp.status}: {TAGS.sub(' ', answer)[:300]}")
                return
            with self.lock:
                self.get_ms.append((t1 - t0) * 1000)
                self.post_ms.append((t3 - t2) * 1000)
                self.acked.append({"no": no.group(1), "code": code.group(1), "name": data["applicant_name"],
                                   "agency": int(agency)})
                self.last_done = time.monotonic()
        except (OSError, http.client.HTTPException) as exc:
            self.errors[f"{stage} {type(exc).__name__}"] += 1
            self.sample(f"{stage} {type(exc).__name__}: {exc}")
        finally:
            conn.close()

    def sample(self, text: str) -> None:
        with self.lock:
            if len(self.samples) < 5:
                self.samples.append(text)

    def run(self, clients: int, seconds: float) -> float:
        start = time.monotonic()
        deadline = start + seconds

        def client() -> None:
            while time.monotonic() < deadline:
                self.one(self.take())

        threads = [threading.Thread(target=client, daemon=True) for _ in range(clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(seconds + 2 * self.timeout + 30)
        return max(self.last_done, deadline) - start


# --------------------------------------------------------------------------- reminders


class Reminders:
    """Two ``gongkai send_reminders --date D`` at once, round after round until the deadline."""

    def __init__(self, env: dict[str, str], first_day: dt.date) -> None:
        self.env, self.day = env, first_day
        self.rounds: list[dict[str, Any]] = []
        self.thread: threading.Thread | None = None

    def start(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds

        def loop() -> None:
            while time.monotonic() < deadline:
                day = self.day
                self.day += dt.timedelta(days=1)
                cmd = [sys.executable, "-m", "gongkai.cli", "send_reminders", "--date", day.isoformat()]
                procs = [subprocess.Popen(cmd, env=self.env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                          text=True) for _ in range(2)]
                outs = []
                for p in procs:
                    try:
                        out, err = p.communicate(timeout=300)
                    except subprocess.TimeoutExpired:
                        p.kill()
                        out, err = p.communicate()
                    outs.append((p.returncode, out, err))
                self.rounds.append({"day": day, "runs": outs})
                time.sleep(0.5)

        self.thread = threading.Thread(target=loop, daemon=True)
        self.thread.start()

    def join(self) -> None:
        if self.thread is not None:
            self.thread.join(600)


def reminder_mails(stdout: str) -> list[str]:
    """Tracking numbers of the reminder e-mails the console backend printed."""
    numbers = []
    for chunk in stdout.split(SEP):
        if "Subject:" not in chunk:
            continue
        msg = email.message_from_string(chunk.strip("\n"))
        subject = str(email.header.make_header(email.header.decode_header(msg.get("Subject", ""))))
        m = SUBJECT_NO.search(subject)
        if m and subject.startswith("【"):
            numbers.append(m.group(1))
    return numbers


# --------------------------------------------------------------------------- checks


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))]


def check_database(load: Load) -> dict[str, int]:
    from django.db import close_old_connections

    from gongkai.applications import actions
    from gongkai.applications.models import Application, TrackingCounter

    close_old_connections()
    acked_nos = [a["no"] for a in load.acked]
    twice = sum(1 for _, c in Counter(acked_nos).items() if c > 1)
    rows: dict[str, list[Application]] = defaultdict(list)
    for i in range(0, len(acked_nos), 500):
        for app in Application.objects.filter(tracking_no__in=acked_nos[i:i + 500]).only(
                "id", "tracking_no", "applicant_name", "agency_id", "query_code_hash"):
            rows[app.tracking_no].append(app)
    lost = wrong = 0
    for a in load.acked:
        found = rows.get(a["no"], [])
        if len(found) != 1:
            lost += 1
            continue
        app = found[0]
        if app.applicant_name != a["name"] or app.agency_id != a["agency"] or not actions.check_query_code(app, a["code"]):
            wrong += 1
    unacked = Application.objects.filter(applicant_name__startswith=f"压测{load.tag}-").exclude(
        tracking_no__in=set(acked_nos)).count() if len(acked_nos) < 30000 else -1
    # unique and gapless per agency and year
    serials: dict[tuple[int, int], list[int]] = defaultdict(list)
    pattern = re.compile(r"^(.+)-(\d{4})-(\d+)$")
    codes = dict(TrackingCounter.objects.values_list("agency_id", "agency__code").distinct())
    bad_format = 0
    for agency_id, no in Application.objects.values_list("agency_id", "tracking_no").iterator(chunk_size=5000):
        m = pattern.match(no)
        if m is None or (agency_id in codes and m.group(1) != codes[agency_id]):
            bad_format += 1
            continue
        serials[(agency_id, int(m.group(2)))].append(int(m.group(3)))
    gaps = dupes = 0
    counters = {(c.agency_id, c.year): c.last for c in TrackingCounter.objects.all()}
    for key in set(serials) | set(counters):
        got = serials.get(key, [])
        dupes += len(got) - len(set(got))
        want = set(range(1, counters.get(key, 0) + 1))
        gaps += len(want - set(got)) + len(set(got) - want)
    return {"acked twice": twice, "lost": lost, "wrong data": wrong, "unacknowledged in db": unacked,
            "duplicate serials": dupes, "gaps": gaps, "bad numbers": bad_format,
            "agency-years": len(counters)}


def check_reminders(rem: Reminders) -> dict[str, int]:
    from django.db import close_old_connections
    from django.utils import timezone

    from gongkai.applications.models import CaseEvent

    close_old_connections()
    days = {r["day"] for r in rem.rounds}
    per_case_day: Counter[tuple[int, dt.date]] = Counter()
    mailed_events: Counter[dt.date] = Counter()
    for app_id, at, payload in CaseEvent.objects.filter(kind="reminded").values_list("application_id", "at", "payload"):
        day = timezone.localdate(at)
        if day in days:
            per_case_day[(app_id, day)] += 1
            if (payload or {}).get("to"):
                mailed_events[day] += 1
    events_twice = sum(1 for c in per_case_day.values() if c > 1)
    mails_twice = failed = mismatch = mails = sent_total = skipped = 0
    events_by_day = Counter(day for (_, day) in per_case_day.elements())
    for r in rem.rounds:
        numbers: list[str] = []
        sent = 0
        for rc, out, err in r["runs"]:
            if rc != 0:
                failed += 1
                print(f"  send_reminders --date {r['day']} 退出码 {rc}：{err.strip()[-500:]}")
            numbers += reminder_mails(out)
            m = SENT.search(out)
            sent += int(m.group(1)) if m else 0
            m = SKIPPED.search(out)
            skipped += int(m.group(1)) if m else 0
        mails += len(numbers)
        sent_total += sent
        mails_twice += sum(1 for c in Counter(numbers).values() if c > 1)
        if sent != events_by_day[r["day"]] or len(numbers) != mailed_events[r["day"]]:
            mismatch += 1
    return {"rounds": len(rem.rounds), "processes": 2 * len(rem.rounds), "reminders sent": sent_total,
            "already claimed (skipped)": skipped,
            "reminder e-mails": mails, "reminded twice (events)": events_twice, "reminder e-mails twice": mails_twice,
            "rounds where events != sends": mismatch, "send_reminders failures": failed}


def server_log_problems(log: Path) -> list[str]:
    text = log.read_text(errors="replace")
    marks = ("Traceback", "Internal Server Error", "WORKER TIMEOUT", "database is locked", "[ERROR]", "[CRITICAL]")
    return [line for line in text.splitlines() if any(m in line for m in marks)][:10]


# --------------------------------------------------------------------------- one engine


def run_engine(args: argparse.Namespace) -> int:
    engine = args.engine
    home = Path(args.home) if args.home else Path(tempfile.mkdtemp(prefix=f"gk_load_{engine}_"))
    env = engine_env(engine, home, args.pg_db)
    os.environ.update({k: v for k, v in env.items() if k in ("GONGKAI_HOME", "DATABASE_URL", "DJANGO_SETTINGS_MODULE",
                                                            "EMAIL_BACKEND")})
    if engine == "sqlite":
        os.environ.pop("DATABASE_URL", None)
    t = time.monotonic()
    if engine == "postgres":
        recreate_pg(args.pg_db)
    prepare(env)
    print(f"[{engine}] 数据库已准备（migrate + demo）：{time.monotonic() - t:.1f} s，"
          f"{'GONGKAI_HOME=' + str(home) if engine == 'sqlite' else env['DATABASE_URL']}", flush=True)
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    # the demo staff have no e-mail address; give them one so every reminder prints an e-mail to count
    for user in get_user_model().objects.filter(email=""):
        user.email = f"{user.username}@example.gov.cn"
        user.save(update_fields=["email"])

    failures = 0
    scenarios = ["plain", "reminders"] if args.scenario == "both" else [args.scenario]
    for index, scenario in enumerate(scenarios):
        port = free_port()
        log = home / f"server_{scenario}.log"
        server = start_server(env, port, log, args.workers, args.threads)
        tag = f"{engine[:2].upper()}{scenario[0].upper()}{int(time.time()) % 100000:05d}"
        load = Load(port, tag, offset=1_000_000 * (index + 1), timeout=args.timeout)
        rem = Reminders(env, timezone.localdate() + dt.timedelta(days=1)) if scenario == "reminders" else None
        load_avg = os.getloadavg()[0]
        if rem:
            rem.start(args.seconds)
        elapsed = load.run(args.clients, args.seconds)
        if rem:
            rem.join()
        stop_server(server)
        load_end = os.getloadavg()[0]
        acked = len(load.acked)
        rate = acked / elapsed if elapsed else 0.0
        fivexx = sum(c for k, c in load.statuses.items() if k.split()[1].startswith("5"))
        other = sum(c for k, c in load.statuses.items() if not k.endswith(" 200"))
        transport = sum(load.errors.values())
        label = f"{engine}, {scenario}"
        print(f"\n[{label}] {args.clients} 个并发申请人 × {args.seconds:.0f} s（gunicorn，回环地址），"
              f"负载 {load_avg:.1f} → {load_end:.1f}")
        print(f"  已确认提交 {acked} 件，{rate:.1f} 件/秒（{elapsed:.1f} s）")
        print(f"  提交 POST 延迟 ms：p50 {pct(load.post_ms, .5):.0f}  p95 {pct(load.post_ms, .95):.0f}  "
              f"max {max(load.post_ms, default=float('nan')):.0f}")
        print(f"  表单 GET 延迟 ms：p50 {pct(load.get_ms, .5):.0f}  p95 {pct(load.get_ms, .95):.0f}  "
              f"max {max(load.get_ms, default=float('nan')):.0f}")
        print(f"  HTTP 状态：{dict(sorted(load.statuses.items()))}；5xx {fivexx}；请求失败 {dict(load.errors) or 0}")
        for s in load.samples:
            print(f"    例：{s}")
        checks = check_database(load)
        print(f"  数据库核对：{checks}")
        problems = server_log_problems(log)
        if problems:
            print("  服务器日志：\n    " + "\n    ".join(problems))
        bad = {k: v for k, v in checks.items() if k not in ("agency-years", "unacknowledged in db") and v}
        ok = not bad and fivexx == 0 and other == 0 and transport == 0 and not problems and acked > 0
        rcheck: dict[str, int] = {}
        if rem:
            rcheck = check_reminders(rem)
            print(f"  提醒核对：{rcheck}")
            rbad = {k: v for k, v in rcheck.items() if k in ("reminded twice (events)", "reminder e-mails twice",
                                                             "rounds where events != sends", "send_reminders failures") and v}
            ok = ok and not rbad and rcheck["rounds"] > 0
        print(f"  结论：{'通过 PASS' if ok else '未通过 FAIL'}", flush=True)
        failures += not ok
        ctx = {"scenario": scenario, "clients": args.clients, "seconds": args.seconds, "load": round(load_avg, 1)}
        b = "load_apply" if scenario == "plain" else "load_apply+reminders"
        result(b, engine, "acknowledged submissions/s", rate, unit="/s", **ctx)
        result(b, engine, "submit p50", pct(load.post_ms, .5), unit="ms", **ctx)
        result(b, engine, "submit p95", pct(load.post_ms, .95), unit="ms", **ctx)
        result(b, engine, "submit max", max(load.post_ms, default=float("nan")), unit="ms", **ctx)
        result(b, engine, "5xx responses", fivexx, target="0", ok=fivexx == 0, **ctx)
        result(b, engine, "other non-200 / failed requests", other + transport, target="0",
               ok=other + transport == 0, **ctx)
        lost = checks["lost"] + checks["acked twice"] + checks["wrong data"]
        result(b, engine, "acknowledged lost/duplicated/wrong", lost, target="0", ok=lost == 0, acked=acked, **ctx)
        gaps = checks["gaps"] + checks["duplicate serials"] + checks["bad numbers"]
        result(b, engine, "tracking-number gaps/duplicates", gaps, target="0", ok=gaps == 0, **ctx)
        if rem:
            twice = rcheck["reminded twice (events)"] + rcheck["reminder e-mails twice"]
            result(b, engine, "reminders sent twice", twice, target="0",
                   ok=twice == 0 and rcheck["rounds where events != sends"] == 0 and rcheck["send_reminders failures"] == 0,
                   sent=rcheck["reminders sent"], rounds=rcheck["rounds"], **ctx)
    if not args.keep:
        if engine == "sqlite" and not args.home:
            shutil.rmtree(home, ignore_errors=True)
        elif engine == "postgres":
            from django.db import connections

            connections.close_all()
            shutil.rmtree(home, ignore_errors=True)
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{args.pg_db}" WITH (FORCE)')
    return 1 if failures else 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--engine", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--scenario", choices=["plain", "reminders", "both"], default="both")
    ap.add_argument("--clients", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--timeout", type=float, default=120.0, help="per request, seconds (default 120)")
    ap.add_argument("--workers", type=int, help="gunicorn workers (default: gongkai serve's)")
    ap.add_argument("--threads", type=int, help="gunicorn threads per worker (default: gongkai serve's)")
    ap.add_argument("--pg-db", default="gk_load")
    ap.add_argument("--home", help="GONGKAI_HOME to use (default: a temporary directory, removed afterwards)")
    ap.add_argument("--keep", action="store_true", help="keep the databases after the run")
    args = ap.parse_args()
    if args.engine != "both":
        sys.exit(run_engine(args))
    rc = 0
    for engine in ("sqlite", "postgres"):
        argv = [a for a in sys.argv[1:]]
        if "--engine" in argv:
            i = argv.index("--engine")
            del argv[i:i + 2]
        argv = [a for a in argv if not a.startswith("--engine=")]
        done = subprocess.run([sys.executable, __file__, "--engine", engine, *argv], cwd=ROOT)
        rc = rc or done.returncode
    sys.exit(rc)


if __name__ == "__main__":
    main()
