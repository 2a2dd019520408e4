"""Every corpus entry (real and constructed, every input format) read cell-exact, with its findings."""

import json

import pytest

from gongkai.auditor.audit import audit_bytes

from .conftest import CORPUS

ENTRIES = sorted(p for p in CORPUS.glob("*.json") if not p.name.endswith(".truth.json"))


def _source(answer):
    return next(p for p in CORPUS.glob(answer.stem + ".*") if p.suffix != ".json")


@pytest.mark.parametrize("answer", ENTRIES, ids=[p.stem for p in ENTRIES])
def test_corpus_entry(answer):
    expected = json.loads(answer.read_text(encoding="utf-8"))
    src = _source(answer)
    res = audit_bytes(src.read_bytes(), src.name)
    assert res.error is None, res.error
    r = res.report
    assert (r.edition.id, r.agency, r.year) == (expected["edition"], expected["agency"], expected["year"])
    if "format" in expected:
        assert res.extraction.format == expected["format"]
    tables = r.to_dict()["tables"]
    for t in ("t2", "t3", "t4"):
        assert tables[t] == expected["tables"][t], t
    assert res.extraction.ambiguous == expected.get("ambiguous", {})
    if "findings" in expected:
        want = sorted((f["rule"], f.get("expected"), f.get("actual")) for f in expected["findings"])
        got = sorted(
            (f.rule, f.expected if "expected" in probe else None, f.actual if "actual" in probe else None)
            for f, probe in zip(res.findings, _probes(res.findings, expected["findings"]))
        )
        assert got == want, [f.message for f in res.findings]


def _probes(findings, wanted):
    """Which keys each expected finding pins (a finding listed only by rule matches any values)."""
    keys_by_rule = {}
    for w in wanted:
        keys_by_rule.setdefault(w["rule"], set()).update(k for k in w if k != "rule")
    return [keys_by_rule.get(f.rule, {"expected", "actual"}) for f in findings]


def test_gbk_is_detected():
    from gongkai.auditor.reader import read_document

    doc = read_document((CORPUS / "13-seed-gbk.txt").read_bytes(), "13-seed-gbk.txt")
    assert doc.meta["encoding"] in ("gb18030", "gbk")


def test_gb18030_only_characters_are_decoded():
    from gongkai.auditor.reader import decode

    text = (CORPUS / "000_d700c24dbd5bf299.txt").read_text(encoding="utf-8") + "\n㐀𠀀"
    decoded, enc = decode(text.encode("gb18030"))
    assert enc == "gb18030" and decoded == text


def test_docx_merged_cells_counted_once():
    """The template's label cells span 2-3 grid columns and the group labels span rows vertically."""
    res = audit_bytes((CORPUS / "10-huaian-2024-filled.docx").read_bytes(), "10.docx")
    prov = res.extraction.provenance
    assert prov["t3.r1_new.np"].loc == {"table": 1, "row": 3, "col": 3}
    assert prov["t3.r3_1_open.total"].raw == "1362"


def test_mixed_editions_are_a_finding_and_nothing_is_invented():
    res = audit_bytes((CORPUS / "15-mixed-2021.html").read_bytes(), "15.html")
    mixed = [f for f in res.findings if f.rule == "EDITION_MIXED"]
    assert len(mixed) == 1 and "单行" in mixed[0].message
    assert "t3.r3_6_1.np" in res.extraction.missing
    assert res.extraction.provenance["t3.r3_6_3.total"].note
    # the sums still hold: the single row is counted once, in 3.其他
    assert not [f for f in res.findings if f.rule.startswith("T3_")]


def test_blank_template_reads_blank_not_zero():
    res = audit_bytes((CORPUS / "2021-format-template.docx").read_bytes(), "template.docx")
    assert res.error is None
    assert res.report.t3["r1_new"] == [None] * 7
    assert res.extraction.provenance["t3.r1_new.np"].kind == "blank"
    assert {f.rule for f in res.findings} >= {"CELL_BLANK", "SECTION5_NONEMPTY"}
