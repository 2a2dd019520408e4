"""Benchmark the public list page and the search page against the real server (issue 4).

    GONGKAI_HOME=/tmp/gk_bench .venv/bin/python bench/catalogue_bench.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_bench .venv/bin/python bench/catalogue_bench.py

Starts ``gongkai serve`` (gunicorn, 8 threads per worker) on the database of the environment (generate it first
with bench/catalogue_generate.py), then runs 8 concurrent clients for ``--seconds`` per scenario and
prints p50/p95 latency and throughput. Targets: search p95 <= 100 ms, list p95 <= 50 ms.

Three runs (``--modes``), each against a new server with its own empty page cache
(gongkai/catalogue/pagecache.py): ``warm`` (every page of a scenario asked once before measuring: a portal
in steady state; the targets are judged on it), ``cold`` (no warm-up: each page computed on its first
request, as after a publication) and ``off`` (GONGKAI_PAGE_CACHE_SECONDS=0: every request queries and
renders). A fourth run, ``churn``, is warm but has one agency publish every ``--churn`` seconds (2 by
default: 100 agencies publishing 1,857 items a year each, as the seed's bureau, make about 1.5 a minute in
working hours) while the clients read: each publication expires that agency's pages and every platform-wide
search.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from benchlib import result  # noqa: E402

CLIENTS = 8

COMMON = ["规划", "土地", "许可", "公示", "出让", "预算"]
RARE = ["甲乙村", "丙丁村", "梅兰村", "松柏村", "桃李村", "禾黍村", "金木村", "竹梅村"]
PHRASES = ["建设工程规划许可证", "控制性详细规划", "土地出让结果", "违法占用土地", "\"安全生产监督检查\""]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_up(url: str, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except Exception:  # noqa: BLE001 - server not ready yet
            time.sleep(0.3)
    raise SystemExit(f"服务器未能启动：{url}")


def run(base: str, paths: list[str], seconds: float) -> dict[str, float]:
    """``CLIENTS`` threads, each on one kept-alive connection (as a browser), for ``seconds``."""
    lat: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop = time.time() + seconds
    host = urllib.parse.urlsplit(base).netloc

    def client(k: int) -> None:
        nonlocal errors
        rnd = random.Random(k)
        mine: list[float] = []
        bad = 0
        conn = http.client.HTTPConnection(host, timeout=30)
        while time.time() < stop:
            path = rnd.choice(paths)
            t = time.perf_counter()
            try:
                conn.request("GET", path)
                r = conn.getresponse()
                r.read()
                if r.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):  # counted; reconnect
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(host, timeout=30)
            mine.append(time.perf_counter() - t)
        conn.close()
        with lock:
            lat.extend(mine)
            errors += bad

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    t0 = time.time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.time() - t0
    lat.sort()
    return {
        "n": len(lat), "errors": errors, "p50": statistics.median(lat) * 1000,
        "p95": lat[int(len(lat) * 0.95) - 1] * 1000, "rps": len(lat) / wall,
    }


ACCESS_LINE = re.compile(r'"GET (\S+) HTTP/[\d.]+" (\d{3}) .* (\d+)us$')


def server_times(log: Path, start: int, paths: set[str]) -> dict[str, float]:
    """p50/p95 of the server's own time (gunicorn's %(D)s) for the requests of one scenario."""
    time.sleep(0.5)  # let the workers write their last lines
    with open(log, encoding="utf-8", errors="replace") as fh:
        fh.seek(start)
        lines = fh.read().splitlines()
    times = []
    for line in lines:
        m = ACCESS_LINE.search(line)
        if m and m.group(1) in paths:
            times.append(int(m.group(3)) / 1000.0)
    if not times:
        return {"server_p50": float("nan"), "server_p95": float("nan")}
    times.sort()
    return {"server_p50": statistics.median(times), "server_p95": times[max(0, int(len(times) * 0.95) - 1)]}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--url", help="benchmark an already running server instead of starting one")
    ap.add_argument("--modes", default="warm,churn,cold,off",
                    help="page cache: warm, churn, cold, off (comma-separated)")
    ap.add_argument("--churn", type=float, default=2.0, help="churn: seconds between two publications")
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.db import connection

    from gongkai.agencies.models import Agency
    from gongkai.catalogue.models import CatalogueItem

    size = CatalogueItem.objects.count()
    slugs = list(Agency.objects.filter(code__startswith="BENCH").values_list("slug", flat=True)) or \
        list(Agency.objects.values_list("slug", flat=True))
    agency_ids = list(Agency.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    vendor = connection.vendor
    connection.close()
    q = urllib.parse.quote
    rnd = random.Random(1)
    scenarios = {
        "list (agency column, Art. 20 item, pages 1-5)": [
            f"/agency/{rnd.choice(slugs)}/items/?item=a20_{rnd.choice([1, 3, 5, 6, 7, 13])}&page={rnd.randint(1, 5)}"
            for _ in range(200)],
        "search: common two-character words": [f"/search/?q={q(w)}" for w in COMMON],
        "search: common word + agency filter": [f"/search/?q={q(w)}&agency={a}" for w in COMMON for a in agency_ids[:10]],
        "search: rare words": [f"/search/?q={q(w)}" for w in RARE],
        "search: phrases": [f"/search/?q={q(w)}" for w in PHRASES],
    }
    engine = "postgres" if vendor == "postgresql" else vendor
    print(f"数据库 {vendor}，目录 {size:,} 条，{len(slugs)} 个机关，{CLIENTS} 个并发客户端（每个一条保持连接），"
          f"每项 {args.seconds:.0f} 秒，服务器 gunicorn（gongkai serve），每进程 8 线程")
    print("服务器时延取自 gunicorn 访问日志（%(D)s，服务器处理一个请求的时间）；往返时延是客户端线程测得的时间，"
          "客户端与服务器在同一台机器上争用 CPU。")
    for mode in (args.modes.split(",") if not args.url else ["external"]):
        print(f"\n[{mode}] {MODES[mode]}")
        print(f"{'场景':<48}{'请求数':>8}{'错误':>6}{'服务器 p50':>12}{'服务器 p95':>12}{'往返 p50':>10}{'往返 p95':>10}"
              f"{'请求/秒':>10}")
        server, base, access_log = start_server(mode) if not args.url else (None, args.url, None)
        try:
            for name, paths in scenarios.items():
                if mode in ("warm", "churn", "external"):  # steady state: every page of the scenario asked once
                    for p in paths:
                        urllib.request.urlopen(base + p, timeout=120).read()
                mark = access_log.stat().st_size if access_log else 0
                publisher = Publisher(agency_ids, args.churn) if mode == "churn" else None
                r = run(base, paths, args.seconds)
                if publisher is not None:
                    r["publications"] = publisher.stop()
                if access_log:
                    r.update(server_times(access_log, mark, set(paths)))
                else:
                    r.update({"server_p50": float("nan"), "server_p95": float("nan")})
                target = 50 if name.startswith("list") else 100
                ok = "达标" if r["server_p95"] <= target else f"未达标（目标 {target} ms）"
                print(f"{name:<48}{r['n']:>8}{r['errors']:>6}{r['server_p50']:>12.1f}{r['server_p95']:>12.1f}"
                      f"{r['p50']:>10.1f}{r['p95']:>10.1f}{r['rps']:>10.1f}  {ok}", flush=True)
                judged = mode in ("warm", "external")  # the production configuration in steady state
                if publisher is not None:
                    print(f"{'':<48}（测量期间 {r['publications']} 次发布：每次更换一个机关和全平台的版本令牌）")
                result("catalogue", engine, f"{name} server p95, {size:,} items, cache {mode}", r["server_p95"],
                       unit="ms", target=f"<= {target} ms" if judged else "",
                       ok=(r["server_p95"] <= target and r["errors"] == 0) if judged else None,
                       server_p50=round(r["server_p50"], 1), round_trip_p50=round(r["p50"], 1),
                       round_trip_p95=round(r["p95"], 1), rps=round(r["rps"], 1), errors=r["errors"])
        finally:
            if server is not None:
                server.terminate()
                server.wait(10)


class Publisher:
    """While a scenario runs: every ``every`` seconds one random agency "publishes" — its token and the
    platform's are replaced in a transaction, exactly what a publication does to the cache (the rows a
    publication writes besides are not the point here)."""

    def __init__(self, agency_ids: list[int], every: float) -> None:
        self.count, self.every, self.ids = 0, every, agency_ids
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run)
        self.thread.start()

    def _run(self) -> None:
        from django.db import connection, transaction

        from gongkai.catalogue import pagecache

        rnd = random.Random(7)
        while not self.done.wait(self.every):
            with transaction.atomic():
                pagecache.touch([rnd.choice(self.ids)])
            self.count += 1
        connection.close()

    def stop(self) -> int:
        self.done.set()
        self.thread.join()
        return self.count


MODES = {
    "warm": "页面缓存开启，测量前每个地址已访问一次：稳定运行时的情形（目标据此判断）",
    "churn": "页面缓存开启且已预热，测量期间每隔 --churn 秒有一个机关发布信息（其专栏和全平台检索的缓存随之失效）",
    "cold": "页面缓存开启但为空：每个页面第一次被访问时才计算（如刚发布新信息之后）",
    "off": "页面缓存关闭（GONGKAI_PAGE_CACHE_SECONDS=0）：每个请求都查询数据库并渲染",
    "external": "已在运行的服务器（--url）",
}


def start_server(mode: str) -> tuple[subprocess.Popen[bytes], str, Path]:
    """``gongkai serve`` on a free port with its own empty page cache (and the cache off for ``off``)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    work = Path(tempfile.mkdtemp(prefix="gk_catalogue_bench_"))
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_CACHE_DIR": str(work / "cache")}
    if mode == "off":
        env["GONGKAI_PAGE_CACHE_SECONDS"] = "0"
    access_log = work / "access.log"
    with open(access_log, "ab") as sink:  # O_APPEND: the workers' lines never overwrite each other
        server = subprocess.Popen(
            [sys.executable, "-m", "gongkai.cli", "serve", "--port", str(port), "--threads", "8", "--access-log"],
            cwd=ROOT, env=env, stdout=sink, stderr=sink,
        )
    wait_up(base + "/search/")
    return server, base, access_log


if __name__ == "__main__":
    main()
