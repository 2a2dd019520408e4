"""Redaction: the time to redact a 200-page text PDF and a 50-page scanned PDF (both made here).

    .venv/bin/python bench/redaction_bench.py [--text-pages 200] [--scan-pages 50] [--repeat 3]

Text PDF: every page carries a name, an ID number broken over two lines and a phone number; the marks are
the three strings (searched on every page) plus one box per page. Scanned PDF: one 150 dpi A4 JPEG per page,
one box per page (the image rewritten). Also the time to find the suggestions on the text PDF and to
render one page for the office. Prints figures (median of --repeat runs) and RESULT lines; asserts only
that the output no longer contains the marked text (a wrong fast run is not a figure).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from benchlib import result  # noqa: E402

from gongkai.redaction import engine  # noqa: E402
from gongkai.redaction.suggest import suggest_pages  # noqa: E402
from tests.redaction import docs  # noqa: E402

CPU: list[float] = []


def timed(fn, repeat: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """Median wall seconds (and, in CPU[-1], median CPU seconds: the machine may be shared)."""
    times, cpu, out = [], [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    CPU.append(statistics.median(cpu))
    return statistics.median(times), out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--text-pages", type=int, default=200)
    ap.add_argument("--scan-pages", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()

    text_pdf = docs.text_pdf(pages=a.text_pages)
    marks: list[engine.Mark] = [engine.TextMark(s, "third_party_rights") for s in (docs.NAME, docs.ID, docs.PHONE)]
    marks += [engine.BoxMark(p, 72, 160, 400, 180, "process_information") for p in range(1, a.text_pages + 1)]
    secs, out = timed(lambda: engine.redact(text_pdf, marks), a.repeat)
    text = "".join(engine.extract_text(out.pdf))  # type: ignore[union-attr]
    assert docs.NAME not in text and docs.ID not in text
    print(f"text PDF, {a.text_pages} pages, {len(out.log)} marks applied: {secs:.2f} s (CPU {CPU[-1]:.2f} s)")  # type: ignore[union-attr]
    result("redaction", "-", f"text PDF {a.text_pages} pages (wall)", secs, unit="s")
    result("redaction", "-", f"text PDF {a.text_pages} pages (CPU)", CPU[-1], unit="s", target="<= 10",
           ok=CPU[-1] <= 10)

    secs, found = timed(lambda: suggest_pages(engine.extract_text(text_pdf), [docs.NAME]), a.repeat)
    print(f"suggestions on the same PDF: {secs:.2f} s ({len(found)} found)")  # type: ignore[arg-type]
    result("redaction", "-", f"suggestions {a.text_pages} pages", secs, unit="s")

    scan, (x0, y0, x1, y1) = docs.scanned_pdf(pages=a.scan_pages)
    s = 595.2 / 1240
    boxes: list[engine.Mark] = [
        engine.BoxMark(p, x0 * s, y0 * s, x1 * s, y1 * s, "third_party_rights") for p in range(1, a.scan_pages + 1)
    ]
    secs, out = timed(lambda: engine.redact(scan, boxes), a.repeat)
    print(f"scanned PDF, {a.scan_pages} pages (150 dpi A4 JPEG), one box a page: {secs:.2f} s (CPU {CPU[-1]:.2f} s) "
          f"({len(scan) / 1e6:.1f} MB in, {len(out.pdf) / 1e6:.1f} MB out)")  # type: ignore[union-attr]
    result("redaction", "-", f"scanned PDF {a.scan_pages} pages (wall)", secs, unit="s")
    result("redaction", "-", f"scanned PDF {a.scan_pages} pages (CPU)", CPU[-1], unit="s", target="<= 60",
           ok=CPU[-1] <= 60)

    secs, _ = timed(lambda: engine.render_page(text_pdf, 1), a.repeat)
    print(f"render one page for the office (900 px PNG): {secs * 1000:.0f} ms")
    result("redaction", "-", "render one page", secs * 1000, unit="ms")


if __name__ == "__main__":
    main()
