"""The auditor on real published reports: accuracy per input kind, real and derived apart, held-out apart.

    .venv/bin/python bench/auditor_corpus.py [--seconds 0.5] [--per-report] [--sync /work/corpus]

Reads tests/auditor/corpus/real/ (dev reports with hand-typed truth files), derived/ (made from real
reports by the tools that make them in real life) and heldout/ (a random fifth of the real reports,
never looked at one by one: only its aggregate row is printed). For each set and input kind it prints:
tables 三 found, cells exact (read with confidence and equal to the truth; an unread cell is not exact),
known inconsistencies found, false errors (error findings on the table values that match no known
inconsistency), reading coverage (cells read with confidence / cells expected), and the speed per report
on one core (CPU time) beside the floor measured in the same run: text/HTML >= 200 reports/s; a text PDF in
<= 2x the time that extracting its text alone takes (pdfium); a scanned page's time.

--sync copies the finished dev reports listed in CORPUS/manifest.tsv (file + truth) into
tests/auditor/corpus/real/ with a manifest (origin, kind, when copied). It never reads CORPUS/heldout.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

from benchlib import result  # noqa: E402

from gongkai.auditor.audit import audit_bytes  # noqa: E402
from tests.auditor.corpus_score import CORPUS, entries, score  # noqa: E402

MANIFEST_HEAD = ("id", "kind", "edition", "level", "province", "agency", "year", "origin", "exactness", "copied")


def sync(src: Path) -> None:
    real = CORPUS / "real"
    real.mkdir(parents=True, exist_ok=True)
    man = real / "manifest.tsv"
    have: dict[str, list[str]] = {}
    if man.exists():
        for line in man.read_text(encoding="utf-8").splitlines()[1:]:
            have[line.split("\t")[0]] = line.split("\t")
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
    added = 0
    for line in (src / "manifest.tsv").read_text(encoding="utf-8").splitlines():
        f = line.split("\t")
        if len(f) < 12 or f[1] != "dev" or not f[0].startswith("r"):
            continue
        rid, _, kind, edition, level, province, agency, year, repo, path, commit, exactness = f[:12]
        files = [p for p in (src / "dev").glob(rid + ".*")]
        truth = src / "dev" / f"{rid}.truth.json"
        report = [p for p in files if not p.name.endswith(".json")]
        if not truth.exists() or len(report) != 1:
            continue
        origin = f"{repo}:{path}@{commit}" if repo and repo != "-" else commit
        changed = not (real / report[0].name).exists() or (real / report[0].name).read_bytes() != report[0].read_bytes() \
            or not (real / truth.name).exists() or (real / truth.name).read_bytes() != truth.read_bytes()
        if changed:
            shutil.copyfile(report[0], real / report[0].name)
            shutil.copyfile(truth, real / truth.name)
            added += 1
        copied = have.get(rid, [""] * 10)[9] if rid in have and not changed else now
        have[rid] = [rid, kind, edition, level, province, agency, year, origin, exactness.replace("\t", " "), copied]
    man.write_text("\t".join(MANIFEST_HEAD) + "\n" + "".join("\t".join(v) + "\n" for _, v in sorted(have.items())),
                   encoding="utf-8")
    print(f"synced {added} new or changed reports; {len(have)} in {real}")


def ratchet() -> None:
    path = CORPUS / "real" / "not_exact.tsv"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    head = [x for x in lines if x.startswith("#")]
    old = {x.split("\t")[0]: int(x.split("\t")[1]) for x in lines if x and not x.startswith("#")}
    new: dict[str, int] = {}
    for e in entries("real"):
        s = score(audit_bytes(e.source.read_bytes(), e.source.name), e.truth)
        wrong = [d for d in s.diffs if d.startswith(("t2.", "t3.", "t4.")) and ", read 未能读取" not in d]
        if wrong or s.false_errors:
            print(f"{e.id}: wrong cells or false errors, fix the reader first: {(wrong + s.false_errors)[:3]}")
        missing = s.cells - s.exact
        if e.id in old and missing > old[e.id]:
            print(f"{e.id}: {missing} cells not exact, was {old[e.id]} (a regression: not written)")
            missing = old[e.id]
        if missing:
            new[e.id] = missing
    path.write_text("\n".join(head) + "\n" + "".join(f"{k}\t{v}\n" for k, v in sorted(new.items())), encoding="utf-8")
    print(f"{len(new)} reports not exact, {sum(new.values())} cells")


def pdf_text_seconds(data: bytes) -> float:
    """The floor for a text PDF: extracting its text alone with pdfium (every page)."""
    import pypdfium2 as pdfium

    t0 = time.process_time()
    doc = pdfium.PdfDocument(data)
    for page in doc:
        tp = page.get_textpage()
        tp.get_text_range()
        tp.close()
        page.close()
    doc.close()
    return time.process_time() - t0


def _pages(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        return len(doc)
    finally:
        doc.close()


def timed(fn, seconds: float) -> float:  # noqa: ANN001
    """CPU seconds per call, repeated for about ``seconds``."""
    n, t0, c0 = 0, time.perf_counter(), time.process_time()
    while True:
        fn()
        n += 1
        if time.perf_counter() - t0 >= seconds and (n >= 2 or time.perf_counter() - t0 >= 1.0):
            break  # a slow input (a scan through OCR) is timed once
    return (time.process_time() - c0) / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seconds", type=float, default=0.3, help="time each report for about this long")
    ap.add_argument("--per-report", action="store_true", help="one line per dev/derived report (never held-out)")
    ap.add_argument("--diff", action="store_true", help="with --per-report: the cells that differ")
    ap.add_argument("--sync", metavar="CORPUS", help="copy finished dev reports from this corpus folder first")
    ap.add_argument("--only", help="only reports whose id contains this")
    ap.add_argument("--sets", default="real,derived,heldout", help="which sets, comma-separated")
    ap.add_argument("--ratchet", action="store_true",
                    help="write tests/auditor/corpus/real/not_exact.tsv from this run (new reports added, figures only lowered)")
    args = ap.parse_args()
    if args.sync:
        sync(Path(args.sync))
    if args.ratchet:
        ratchet()
        return
    try:
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    except (AttributeError, OSError):
        pass
    try:
        load = os.getloadavg()
        print(f"load average {load[0]:.1f} on {os.cpu_count()} CPUs (speed figures scale down with load)")
    except OSError:
        pass
    agg: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for which in ("real", "derived", "heldout"):
        if which not in args.sets.split(","):
            continue
        for e in entries(which):
            if args.only and args.only not in e.id:
                continue
            data = e.source.read_bytes()
            res = audit_bytes(data, e.source.name)
            s = score(res, e.truth)
            sec = timed(lambda data=data, name=e.source.name: audit_bytes(data, name), args.seconds)
            floor = timed(lambda data=data: pdf_text_seconds(data), args.seconds) if e.kind == "pdf" and res.extraction else None
            pages = 0
            if res.extraction is not None and e.kind == "image-pdf":
                pages = _pages(data)
            for key in ((which, e.kind), (which, "all")):
                a = agg[key]
                a["reports"] += 1
                a["scan_pages"] += pages
                a["t3_found"] += s.t3_found
                a["cells"] += s.cells
                a["exact"] += s.exact
                a["known"] += s.known
                a["known_found"] += s.known_found
                a["false_errors"] += len(s.false_errors)
                a["reports_false"] += bool(s.false_errors)
                a["read"] += s.read
                a["expected"] += s.expected
                a["seconds"] += sec
                if floor is not None:
                    a["floor"] += floor
                    a["floored"] += sec
            if args.per_report and which != "heldout":
                pct = 100 * s.exact / s.cells if s.cells else 0
                print(f"{which:8} {e.kind:9} {e.id:34} t3 {'yes' if s.t3_found else 'NO ':3} exact {s.exact:>4}/{s.cells:<4} "
                      f"{pct:6.2f}%  known {s.known_found}/{s.known}  false {len(s.false_errors)}  "
                      f"cov {s.read}/{s.expected}  {1000 * sec:7.2f} ms" + (f" (text alone {1000 * floor:.2f} ms)" if floor else ""))
                if args.diff:
                    for d in s.diffs[:40]:
                        print("          " + d)
    print()
    head = (f"{'set':8} {'kind':9} {'reports':>7} {'t3 found':>9} {'cells exact':>18} {'known found':>12} "
            f"{'false err':>10} {'coverage':>16} {'ms/report':>10} {'floor':>22}")
    print(head)
    for (which, kind), a in sorted(agg.items(), key=lambda kv: (("real", "derived", "heldout").index(kv[0][0]), kv[0][1] == "all", kv[0][1])):
        n = int(a["reports"])
        ms = 1000 * a["seconds"] / n
        if a["floored"]:
            ratio = a["floored"] / a["floor"]
            floor_txt = f"{ratio:.1f}x text alone {'ok' if ratio <= 2 else 'ABOVE 2x'}"
        elif kind in ("text", "html", "markdown"):
            rps = n / a["seconds"] if a["seconds"] else 0
            floor_txt = f"{rps:.0f}/s {'ok' if rps >= 200 else 'BELOW 200/s'}"
        elif a["scan_pages"]:
            floor_txt = f"{a['seconds'] / a['scan_pages']:.1f} s/scanned page"
        else:
            floor_txt = ""
        cells_pct = 100 * a["exact"] / a["cells"] if a["cells"] else 0
        cov_pct = 100 * a["read"] / a["expected"] if a["expected"] else 0
        print(f"{which:8} {kind:9} {n:>7} {int(a['t3_found']):>4}/{n:<4} {int(a['exact']):>7}/{int(a['cells']):<5} {cells_pct:6.2f}% "
              f"{int(a['known_found']):>5}/{int(a['known']):<6} {int(a['false_errors']):>4} ({int(a['reports_false'])} r) "
              f"{int(a['read']):>6}/{int(a['expected']):<6}{cov_pct:5.1f}% {ms:>8.2f} {floor_txt:>22}")
        if kind == "all":
            tag = f"{which}"
            result("auditor_corpus", "-", f"{tag}: tables 三 found", f"{int(a['t3_found'])}/{n}", ok=a["t3_found"] == n)
            result("auditor_corpus", "-", f"{tag}: cells exact", cells_pct, unit="%", target=">= 99.5", ok=cells_pct >= 99.5)
            result("auditor_corpus", "-", f"{tag}: known inconsistencies found", f"{int(a['known_found'])}/{int(a['known'])}",
                   ok=a["known_found"] == a["known"])
            result("auditor_corpus", "-", f"{tag}: false errors", int(a["false_errors"]), target="0", ok=a["false_errors"] == 0)
            result("auditor_corpus", "-", f"{tag}: reading coverage", cov_pct, unit="%")


if __name__ == "__main__":
    main()
