"""The real corpus (tests/auditor/corpus/real/: published reports with hand-typed truth files) in the suite.

For every report: no cell read with confidence differs from its truth (a cell the auditor could not read is
未能读取, never a guess), no error finding on the table values that the printed numbers do not really
contain, and its tables equal the truth cell by cell — except the cells listed in not_exact.tsv, which are
counted there (they are unread today: the digit runs are ambiguous or the report's own sums are broken).
The diff on failure names every differing cell. Held-out reports are never tested one by one.
"""

from pathlib import Path

import pytest

from .corpus_score import audit_and_check, entries

REAL = entries("real")
NOT_EXACT = {
    line.split("\t")[0]: int(line.split("\t")[1])
    for line in (Path(__file__).parent / "corpus" / "real" / "not_exact.tsv").read_text(encoding="utf-8").splitlines()
    if line and not line.startswith("#")
}


def test_the_corpus_is_there():
    assert len(REAL) >= 50
    assert {e.kind for e in REAL} >= {"text", "html"}


@pytest.mark.parametrize("entry", REAL, ids=[e.id for e in REAL])
def test_real_report(entry):
    s = audit_and_check(entry)
    allowed = NOT_EXACT.get(entry.id, 0)
    missing = s.cells - s.exact
    assert missing <= allowed, f"{entry.id}: {missing} cells not exact (allowed {allowed}):\n" + "\n".join(s.diffs)
