"""The derived corpus (tests/auditor/corpus/derived/, made by make_derived.py from real reports) in the suite.

Every derived entry except the scans (the 2021 template filled and exported by LibreOffice to DOCX, PDF and
HTML; chromium's innerText of real HTML reports; markdown from markitdown and pymupdf4llm): no cell read with
confidence differs from the source's truth, no false error, table 三 found. Scans are read by
test_ocr.py (one page) and measured by ocr_accuracy.py (all of them, too slow for the suite).
"""

import pytest

from .corpus_score import audit_and_check, entries

DERIVED = [e for e in entries("derived") if e.kind != "image-pdf"]


def test_the_derived_corpus_is_there():
    kinds = {e.kind for e in entries("derived")}
    assert kinds >= {"docx", "pdf", "html", "text", "markdown", "image-pdf"}
    assert all("derived" in e.truth and e.truth["derived"]["chain"] for e in entries("derived"))


@pytest.mark.parametrize("entry", DERIVED, ids=[e.id for e in DERIVED])
def test_derived_report(entry):
    audit_and_check(entry)
