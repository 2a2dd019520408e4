"""The layout-free reader (stream.py) on real reports transformed the way real layouts differ: the 总计 column
printed first, page footers inside the table, a label's numbering dropped (as OCR drops it), traditional
characters; and digit runs that have several readings stay unread."""

import re

from gongkai.auditor.audit import audit_bytes
from gongkai.law.rules import Severity

from .corpus_score import CORPUS, entries, score

REAL = {e.id: e for e in entries("real")}


def _audit(text: str, name: str):
    return audit_bytes(text.encode("utf-8"), name)


def _t3_exact(res, truth) -> list[str]:
    s = score(res, truth)
    return [d for d in s.diffs if d.startswith("t3.")]


def test_total_column_first():
    """Hebei's report (one cell per line) with its 总计 column moved before 自然人, header and every row."""
    e = REAL["r244-hebei-jyt-2019"]
    text = e.source.read_bytes().decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("自然人\n\n\n法人或其他组织\n\n\n总计", "总计\n\n\n自然人\n\n\n法人或其他组织", 1)
    start, end = text.index("一、本年新收"), text.index("四、政府信息公开行政复议")

    def rotate(m: re.Match) -> str:
        cells = m.group(2).split("\n\n\n")
        return m.group(1) + "\n\n\n".join(cells[-1:] + cells[:-1])

    table = re.sub(r"([^\d\n]+\n\n\n)(\d+(?:\n\n\n\d+){6})", rotate, text[start:end])
    assert table != text[start:end]
    res = _audit(text[:start] + table + text[end:], "total-first.txt")
    assert _t3_exact(res, e.truth) == []
    assert not [f for f in res.findings if f.severity is Severity.ERROR]
    assert "总计列印在最前" in res.extraction.provenance["t3.r1_new.np"].note


def test_footer_inside_the_table_and_numbering_dropped():
    """A page footer between two rows and the 一 of 一、本年新收 dropped (as OCR drops it)."""
    e = REAL["r102-pingtan-czjrj-2019"]
    text = e.source.read_text(encoding="utf-8")
    assert "一、本年新收" in text and "（四）无法提供" in text
    text = text.replace("一、本年新收", "、本年新收", 1).replace("（四）无法提供", "— 7 —（四）无法提供", 1)
    res = _audit(text, "footer.txt")
    assert _t3_exact(res, e.truth) == []


def test_traditional_characters_in_labels():
    e = REAL["r102-pingtan-czjrj-2019"]
    text = e.source.read_text(encoding="utf-8")
    table = text[text.index("一、本年新收"):text.index("（七）总计")]
    trad = table.translate(str.maketrans({"开": "開", "请": "請", "数": "數", "处": "處", "结": "結", "转": "轉", "关": "關"}))
    assert trad != table
    res = _audit(text.replace(table, trad), "traditional.txt")
    assert _t3_exact(res, e.truth) == []


def test_a_digit_run_with_several_readings_is_unread_not_guessed():
    """规范性文件1077 (printed 10 | 7 | 7) can be read 1 | 0 | 77 as well: 未能读取, with the readings counted."""
    e = REAL["r102-pingtan-czjrj-2019"]
    res = audit_bytes(e.source.read_bytes(), e.source.name)
    ref = "t2.t2_a20_1.normative.made"
    assert ref in res.extraction.unread
    assert "2种读法" in res.extraction.provenance[ref].note
    # and table 三 of the same one-line report is read exactly, its digit runs split by the row totals
    assert _t3_exact(res, e.truth) == []


def test_corpus_folder_layout():
    assert (CORPUS / "real" / "manifest.tsv").exists()
