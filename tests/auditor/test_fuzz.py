"""Fuzzing every parser: arbitrary or damaged input gives a result or a ReadError, never a crash."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.auditor.audit import audit_bytes, extract
from gongkai.auditor.document import ReadError
from gongkai.auditor.interpret import NotAReport, interpret
from gongkai.auditor.parsers.html import parse_html
from gongkai.auditor.parsers.markdown import parse_markdown
from gongkai.auditor.parsers.text import parse_text

from .conftest import CORPUS, SEED

SEED_TEXT = SEED.read_text(encoding="utf-8")
HTML = (CORPUS / "11-seed-rowspan.html").read_text(encoding="utf-8")
MD = (CORPUS / "12-seed.md").read_text(encoding="utf-8")
DOCX = (CORPUS / "10-huaian-2024-filled.docx").read_bytes()
PDF = (CORPUS / "02-huaian-gov-2024.pdf").read_bytes()

# text made of the pieces a report is made of, so the fuzzer reaches the interpreter's branches
PIECES = st.sampled_from([
    "\t", "\n", "\n\n", " ", "|", "一、本年新收政府信息公开申请数量", "（六）其他处理", "3.其他", "（七）总计",
    "第二十条第（一）项", "信息内容", "本年制发件数", "规章", "行政复议", "结果维持", "总计", "0", "12", "-3",
    "253.2358万", "/", "—", "１２", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况", "“无法提供”95件，占总数的28%", "<td rowspan='3'>", "<tr>", "</table>", "<table>",
    "120300015", "1600218140011530025", "2019年", "报告", "申请347件", "占总数的", "%",
])
REPORTISH = st.lists(st.one_of(PIECES, st.text(max_size=5)), max_size=80).map("".join)
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _interpret(doc):
    try:
        interpret(doc)
    except NotAReport:
        pass


@SETTINGS
@given(REPORTISH)
def test_text_parser(s):
    _interpret(parse_text(s))


@SETTINGS
@given(REPORTISH)
def test_html_parser(s):
    try:
        _interpret(parse_html(s))
    except ReadError:
        pass


@SETTINGS
@given(REPORTISH)
def test_markdown_parser(s):
    _interpret(parse_markdown(s))


@SETTINGS
@given(st.integers(0, len(SEED_TEXT)), st.integers(0, 400), st.text(max_size=20))
def test_damaged_seed_text(at, cut, insert):
    damaged = SEED_TEXT[:at] + insert + SEED_TEXT[at + cut :]
    res = audit_bytes(damaged.encode("utf-8"), "seed.txt")
    assert res.error or res.extraction is not None


@SETTINGS
@given(st.integers(0, len(HTML)), st.integers(0, 300), st.text(max_size=10))
def test_damaged_html(at, cut, insert):
    res = audit_bytes((HTML[:at] + insert + HTML[at + cut :]).encode("utf-8"), "x.html")
    assert res.error or res.extraction is not None


@SETTINGS
@given(st.integers(0, len(MD)), st.integers(0, 300), st.text(max_size=10))
def test_damaged_markdown(at, cut, insert):
    res = audit_bytes((MD[:at] + insert + MD[at + cut :]).encode("utf-8"), "x.md")
    assert res.error or res.extraction is not None


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(DOCX) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_docx(flips):
    data = bytearray(DOCX)
    for pos, b in flips:
        data[pos] = b
    try:
        extract(bytes(data), "x.docx")
    except ReadError:
        pass


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(PDF) - 1), st.integers(0, 255)), min_size=1, max_size=8))
def test_damaged_pdf(flips):
    data = bytearray(PDF)
    for pos, b in flips:
        data[pos] = b
    try:
        extract(bytes(data), "x.pdf")
    except ReadError:
        pass


@settings(max_examples=15, deadline=None)
@given(st.integers(100, len(PDF)))
def test_truncated_pdf(n):
    try:
        extract(PDF[:n], "x.pdf")
    except ReadError:
        pass


@SETTINGS
@given(st.binary(max_size=3000))
def test_arbitrary_bytes(data):
    for name in ("x.txt", "x.html", "x.md", "x.docx", "x.pdf", "x"):
        res = audit_bytes(data, name)
        assert res.error or res.extraction is not None
