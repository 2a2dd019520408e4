"""Auditor accuracy and speed over the corpus in tests/auditor/corpus/.

    .venv/bin/python bench/bench_auditor.py [--seconds 2]

Prints, per input format: reports, cell-exact accuracy (every cell of tables 二, 三 and 四 against the
hand-checked answer file; a cell reported ambiguous or missing counts as not exact) and reports per
second on one core, from the CPU time of the process (read + extract + every check, repeated for about
--seconds per file); wall-clock figures are printed per file too.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

from benchlib import result  # noqa: E402

from gongkai.auditor.audit import audit_bytes  # noqa: E402

CORPUS = ROOT / "tests" / "auditor" / "corpus"
TARGETS = {"text": 200, "html": 200, "markdown": 200, "docx": 20, "pdf": 5}


def cells(tables: dict) -> dict[str, object]:
    out: dict[str, object] = {}
    for rid, vals in tables.get("t3", {}).items():
        for i, v in enumerate(vals):
            out[f"t3.{rid}.{i}"] = v
    for cid, v in tables.get("t4", {}).items():
        out[f"t4.{cid}"] = v
    for sub, rows in tables.get("t2", {}).items():
        for rid, cols in rows.items():
            for cid, v in cols.items():
                out[f"t2.{sub}.{rid}.{cid}"] = v
    return out


def entries() -> list[tuple[Path, dict]]:
    out = []
    for answer in sorted(CORPUS.glob("*.json")):
        if answer.name.endswith(".truth.json"):
            src = CORPUS / answer.name.replace(".truth.json", ".txt")
            truth = json.loads(answer.read_text(encoding="utf-8"))
            from gongkai.law.editions import GB2019, T4_COLUMN_IDS
            from gongkai.law.report import wan_to_yuan

            t3 = dict(zip(GB2019.t3_row_ids, truth["table3"].values()))
            t4 = dict(zip(T4_COLUMN_IDS, truth["table4"]))
            t2: dict = {}
            items = iter(truth["table2"])
            for sub in GB2019.t2:
                t2[sub.id] = {}
                for row in sub.rows:
                    vals = [wan_to_yuan(v[:-1]) if isinstance(v, str) else v for v in next(items)["values"]]
                    t2[sub.id][row.id] = dict(zip([c.id for c in sub.columns], vals))
            out.append((src, {"tables": {"t2": t2, "t3": t3, "t4": t4}}))
            continue
        src = next(p for p in CORPUS.glob(answer.stem + ".*") if p.suffix != ".json")
        exp = json.loads(answer.read_text(encoding="utf-8"))
        # accuracy is measured against the true values (the run-together entry keeps them apart)
        if "truth_tables" in exp:
            exp = dict(exp, tables=exp["truth_tables"])
        out.append((src, exp))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=1.5)
    args = ap.parse_args()
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # exact, total, reports
    speed: dict[str, list[float]] = defaultdict(lambda: [0.0, 0])
    rows = []
    for src, exp in entries():
        data = src.read_bytes()
        res = audit_bytes(data, src.name)  # warm-up (imports, caches)
        fmt = res.extraction.format if res.extraction else "error"
        want = cells(exp["tables"])
        got = cells(res.report.to_dict()["tables"]) if res.report else {}
        exact = sum(1 for k, v in want.items() if k in got and got[k] == v and v is not None or (v is None and k in got and got[k] is None))
        acc[fmt][0] += exact
        acc[fmt][1] += len(want)
        acc[fmt][2] += 1
        # CPU time of this process (one core): what a report costs, whatever else the machine runs
        n, t0, c0 = 0, time.perf_counter(), time.process_time()
        while True:
            audit_bytes(data, src.name)
            n += 1
            el = time.perf_counter() - t0
            if el >= args.seconds and n >= 3:
                break
        cpu = time.process_time() - c0
        speed[fmt][0] += cpu
        speed[fmt][1] += n
        rows.append((src.name, fmt, exact, len(want), n / cpu, n / el))
    try:
        load = os.getloadavg()
        print(f"load average {load[0]:.1f} on {os.cpu_count()} CPUs (figures scale down with load)")
    except OSError:
        pass
    print(f"{'file':34} {'format':9} {'cells exact':>12} {'reports/CPU-s':>14} {'reports/wall-s':>15}")
    for name, fmt, ex, tot, rps, wall in rows:
        print(f"{name:34} {fmt:9} {ex:>5}/{tot:<6} {rps:>14.1f} {wall:>15.1f}")
    print()
    print(f"{'format':9} {'reports':>7} {'cell-exact accuracy':>20} {'reports/s (1 core)':>19} {'target':>7}")
    for fmt in sorted(acc):
        ex, tot, nrep = acc[fmt]
        el, n = speed[fmt]
        rps = n / el if el else 0.0
        target = TARGETS.get(fmt, 0)
        flag = "ok" if rps >= target else "BELOW"
        print(f"{fmt:9} {nrep:>7} {ex:>9}/{tot:<5} {100 * ex / tot:6.2f}% {rps:>12.1f} {target:>10} {flag}")
        result("auditor", "-", f"{fmt}: cell-exact accuracy ({nrep} reports)", 100 * ex / tot, unit="%")
        result("auditor", "-", f"{fmt}: reports/s, one core", rps, unit="/s", target=f">= {target}", ok=rps >= target)


if __name__ == "__main__":
    main()
