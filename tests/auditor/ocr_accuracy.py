"""OCR accuracy and time on every derived scan (tests/auditor/corpus/derived, kind image-pdf).

    .venv/bin/python tests/auditor/ocr_accuracy.py [--dir DIR] [files...]

For each scan: the document is read once (OCR, one ONNX thread; CPU seconds per page) and then
interpreted by the auditor. Two figures, both against the scan's truth (its source report's hand-typed
truth, copied):

* ``cells``: the auditor's tables t2/t3/t4 equal to the truth, cell by cell (what a user gets);
* ``grid``: OCR alone — each truth row of table 三 compared with the best-matching row of numbers
  in the tables OCR rebuilt (aligned at the row's end), so misread labels do not count here.

``bench/auditor_corpus.py`` calls :func:`measure` and :func:`summary`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DERIVED = Path(__file__).parent / "corpus" / "derived"


def scans(folder: Path = DERIVED) -> list[tuple[Path, dict[str, str]]]:
    """(file, manifest row) of every image-only PDF listed in folder/manifest.tsv."""
    mf = folder / "manifest.tsv"
    if not mf.exists():
        return []
    with mf.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    return [(folder / r["file"], r) for r in rows if r["kind"] == "image-pdf" and (folder / r["file"]).exists()]


def leaves(tree: Any, path: str = "") -> dict[str, Any]:
    """Every cell of a tables dict (t2/t3/t4), keyed by its path."""
    out: dict[str, Any] = {}
    if isinstance(tree, dict):
        for k, v in tree.items():
            out.update(leaves(v, f"{path}.{k}" if path else k))
    elif isinstance(tree, list):
        for i, v in enumerate(tree):
            out.update(leaves(v, f"{path}[{i}]"))
    else:
        out[path] = tree
    return out


def same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    try:
        return float(a) == float(b)
    except (TypeError, ValueError):
        return a == b


def cells_exact(truth_tables: dict, got_tables: dict) -> tuple[int, int, list[str]]:
    want = leaves({t: truth_tables.get(t, {}) for t in ("t2", "t3", "t4")})
    got = leaves({t: got_tables.get(t, {}) for t in ("t2", "t3", "t4")})
    wrong = [k for k, v in want.items() if not same(got.get(k), v)]
    return len(want), len(want) - len(wrong), wrong


def grid_exact(doc: Any, truth_t3: dict[str, list]) -> tuple[int, int]:
    """Truth rows of table 三 against the rows of numbers in the OCR'd tables (best row for each)."""
    from gongkai.auditor.document import Table, parse_value

    rows: list[list[Any]] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            for r in b.rows:
                nums = [parse_value(c.text).number for c in r if parse_value(c.text).kind == "number"]
                if len(nums) >= 3:
                    rows.append(nums)
    n = ok = 0
    for vec in truth_t3.values():
        want = [v for v in vec]
        n += len(want)
        best = 0
        for r in rows:
            tail = r[-len(want):]
            hit = sum(1 for a, b in zip(reversed(tail), reversed(want)) if same(a, b))
            best = max(best, hit)
        ok += best
    return n, ok


def measure(paths: list[Path] | None = None, folder: Path = DERIVED) -> list[dict[str, Any]]:
    """One dict per scan: id, source, dpi, degrees, pages, cells, exact, grid_cells, grid_exact,
    cpu_seconds, cpu_per_page, wall_seconds, error."""
    from gongkai.auditor.audit import audit_extraction
    from gongkai.auditor.document import ReadError
    from gongkai.auditor.interpret import NotAReport, interpret
    from gongkai.auditor.reader import read_document

    items = scans(folder)
    if paths:
        wanted = {p.resolve() for p in paths}
        items = [(p, r) for p, r in items if p.resolve() in wanted] or [(p, {"id": p.stem}) for p in paths]
    out = []
    for path, row in items:
        truth_file = path.with_name(path.stem + ".truth.json")
        truth = json.loads(truth_file.read_text(encoding="utf-8"))
        rec: dict[str, Any] = {"id": row.get("id", path.stem), "source": row.get("source", ""),
                               "dpi": row.get("dpi", ""), "degrees": row.get("degrees", "")}
        c0, w0 = time.process_time(), time.perf_counter()
        try:
            doc = read_document(path.read_bytes(), path.name)
        except ReadError as e:
            rec.update(error=str(e), cells=len(leaves(truth["tables"])), exact=0, grid_cells=0, grid_exact=0)
            out.append(rec)
            continue
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        pages = int(doc.meta.get("ocr", {}).get("pages", 0)) or 1
        gn, gok = grid_exact(doc, truth["tables"].get("t3", {}))
        try:
            ex = interpret(doc)
            got = ex.report.to_dict()["tables"]
            errors = [f.rule for f in audit_extraction(ex) if str(getattr(f.severity, "value", f.severity)) == "error"]
        except NotAReport as e:
            got, errors, rec["error"] = {}, [], str(e)
        n, ok, wrong = cells_exact(truth["tables"], got)
        rec.update(pages=pages, cells=n, exact=ok, wrong=wrong[:20], grid_cells=gn, grid_exact=gok,
                   cpu_seconds=round(cpu, 2), cpu_per_page=round(cpu / pages, 2), wall_seconds=round(wall, 2),
                   error_findings=errors, known=[k.get("rule") for k in truth.get("known_inconsistencies", [])])
        out.append(rec)
    return out


def summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals overall and per dpi: cells exact (auditor), grid exact (OCR alone), CPU seconds per page."""
    def agg(rs: list[dict[str, Any]]) -> dict[str, Any]:
        cells = sum(r.get("cells", 0) for r in rs)
        exact = sum(r.get("exact", 0) for r in rs)
        gc = sum(r.get("grid_cells", 0) for r in rs)
        ge = sum(r.get("grid_exact", 0) for r in rs)
        pages = sum(r.get("pages", 0) for r in rs)
        cpu = sum(r.get("cpu_seconds", 0) for r in rs)
        return {"scans": len(rs), "pages": pages, "cells": cells, "exact": exact,
                "cells_exact_pct": round(100 * exact / cells, 1) if cells else None,
                "grid_exact_pct": round(100 * ge / gc, 1) if gc else None,
                "cpu_per_page": round(cpu / pages, 2) if pages else None}

    by_dpi: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        by_dpi.setdefault(str(r.get("dpi") or "?"), []).append(r)
    return {"all": agg(rows), **{f"{k} dpi": agg(v) for k, v in sorted(by_dpi.items())}}


def main() -> None:
    ap = argparse.ArgumentParser(description="OCR accuracy and time on the derived scans")
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--dir", type=Path, default=DERIVED)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    django.setup()
    rows = measure(args.files or None, args.dir)
    if args.json:
        print(json.dumps({"rows": rows, "summary": summary(rows)}, ensure_ascii=False, indent=1))
        return
    print(f"{'scan':44} {'dpi':>4} {'deg':>5} {'pages':>5} {'cells exact':>12} {'grid (OCR)':>11} {'cpu s/page':>10}")
    for r in rows:
        cells = f"{r.get('exact', 0)}/{r.get('cells', 0)}"
        grid = f"{r.get('grid_exact', 0)}/{r.get('grid_cells', 0)}"
        print(f"{r['id']:44} {r['dpi']:>4} {r['degrees']:>5} {r.get('pages', 0):>5} {cells:>12} {grid:>11} "
              f"{r.get('cpu_per_page', 0):>10}" + (f"  {r['error']}" if r.get("error") else ""))
    for k, s in summary(rows).items():
        print(f"{k:10} scans {s['scans']}, pages {s['pages']}: cells exact {s['cells_exact_pct']} %, "
              f"grid (OCR alone) {s['grid_exact_pct']} %, {s['cpu_per_page']} CPU s/page (one ONNX thread)")


if __name__ == "__main__":
    main()
