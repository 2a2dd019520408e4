"""Real published reports from the sample corpus (HTML page, text PDF): every cell as hand-checked."""

import json

import pytest

from gongkai.auditor.audit import audit_bytes

from .conftest import CORPUS

SAMPLES = [
    ("01-shuyang-drc-2023.html", "01-shuyang-drc-2023.json", "html"),
    ("02-huaian-gov-2024.pdf", "02-huaian-gov-2024.json", "pdf"),
]


@pytest.mark.parametrize(("report", "answer", "fmt"), SAMPLES)
def test_sample_tables_exact(report, answer, fmt):
    expected = json.loads((CORPUS / answer).read_text(encoding="utf-8"))
    res = audit_bytes((CORPUS / report).read_bytes(), report)
    assert res.error is None
    ex = res.extraction
    assert ex.format == fmt
    r = res.report
    assert (r.edition.id, r.agency, r.year) == (expected["edition"], expected["agency"], expected["year"])
    tables = r.to_dict()["tables"]
    for t in ("t2", "t3", "t4"):
        assert tables[t] == expected["tables"][t], t
    assert ex.missing == []
    # clean reports: no error, and the narrative agrees with the tables
    assert not res.has_error, [f.message for f in res.findings]
    assert not [f for f in res.findings if f.rule == "TEXT_MATCHES_TABLES"]


def test_html_blank_cells_are_null_with_provenance():
    res = audit_bytes((CORPUS / "01-shuyang-drc-2023.html").read_bytes(), "01.html")
    prov = res.extraction.provenance
    assert res.report.t3["r1_new"] == [26, None, None, None, None, None, 26]
    assert prov["t3.r1_new.le_com"].kind == "blank"
    assert prov["t3.r1_new.np"].kind == "number" and prov["t3.r1_new.np"].raw.strip() == "26"
    assert set(prov["t3.r1_new.np"].loc) == {"table", "row", "col"}
    # blanks are reported as such, not as errors
    blank = [f for f in res.findings if f.rule == "CELL_BLANK"]
    assert blank and "t3.r1_new.le_com" in blank[0].cells


def test_pdf_tables_across_pages_and_provenance_pages():
    res = audit_bytes((CORPUS / "02-huaian-gov-2024.pdf").read_bytes(), "02.pdf")
    prov = res.extraction.provenance
    # table 三 starts on page 4 and continues on page 5 (the header is not repeated as data)
    assert prov["t3.r1_new.total"].loc["page"] == 4
    assert prov["t3.r4_carry_out.total"].loc["page"] == 5
    assert prov["t4.la_total"].loc["page"] == 5
    assert res.report.t2["t2_a20_8"]["fees"]["amount"] == 961716000  # 96171.6 万元 in 元
    assert "（五）" in res.report.sections["s1"] or "监督保障" in res.report.sections["s1"]
    assert res.report.sections["s5"]


def test_pdf_both_readers_agree():
    """PDFium reads the ruled tables; pdfplumber (the fallback) reads the same cells."""
    from gongkai.auditor.interpret import interpret
    from gongkai.auditor.parsers.pdf import _parse_pdfium, _parse_pdfplumber

    data = (CORPUS / "02-huaian-gov-2024.pdf").read_bytes()
    fast = interpret(_parse_pdfium(data)).report.to_dict()["tables"]
    careful = interpret(_parse_pdfplumber(data)).report.to_dict()["tables"]
    assert fast == careful
    expected = json.loads((CORPUS / "02-huaian-gov-2024.json").read_text(encoding="utf-8"))
    assert fast == expected["tables"]
