"""Fuzzing every parser: arbitrary or damaged input gives a result or a ReadError, never a crash."""

import copy
import io
import json
import re
import warnings
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from gongkai.auditor.actions import expand
from gongkai.auditor.audit import audit_bytes, extract
from gongkai.auditor.document import ReadError
from gongkai.auditor.interpret import NotAReport, interpret
from gongkai.auditor.parsers.html import parse_html
from gongkai.auditor.parsers.markdown import parse_markdown
from gongkai.auditor.parsers.text import parse_text
from gongkai.law.report import Report, ReportFormatError
from gongkai.law.rules import check

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
CJK = re.compile(r"[\u3400-\u9fff]")
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


# --------------------------------------------------------------------------- zip archives (upload and CLI)

ZIP_OF_CORPUS = None


def _zip(entries, method=zipfile.ZIP_DEFLATED):
    buf = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buf, "w", method) as z:
        warnings.simplefilter("ignore", UserWarning)  # duplicate names are part of the test
        for name, data in entries:
            z.writestr(zipfile.ZipInfo(name) if name == "" else name, data)
    return buf.getvalue()


def _corpus_zip():
    global ZIP_OF_CORPUS
    if ZIP_OF_CORPUS is None:
        ZIP_OF_CORPUS = _zip([("a.txt", SEED_TEXT.encode("utf-8")), ("b.html", HTML.encode("utf-8")),
                              ("内/c.md", MD.encode("utf-8")), ("d.zip", _zip([("e.txt", b"x" * 100)]))])
    return ZIP_OF_CORPUS


def _expand_and_audit(data: bytes) -> None:
    for name, blob, error in expand([("x.zip", data)]):
        if error is not None:
            assert CJK.search(error), error  # a refusal is said in Chinese
            assert not re.search(r"[A-Za-z]{4,}", error.replace(name, "")), error  # and only in Chinese
            continue
        res = audit_bytes(blob, name)
        assert res.error or res.extraction is not None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=6))
@example([(0, 0)])
@example([(35, 0)])  # a damaged deflate stream: zlib.error escaped the reader
@example([(30, 0x01), (31, 0x00)])  # the name in the header differs: the message was zipfile's English
def test_damaged_zip(flips):
    data = bytearray(_corpus_zip())
    for pos, b in flips:
        data[pos % len(data)] = b
    _expand_and_audit(bytes(data))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.one_of(st.text(max_size=30), st.sampled_from(["", "/", "a/", "__MACOSX/x.txt", "..txt"])),
                          st.one_of(st.binary(max_size=300), st.sampled_from([SEED_TEXT[:2000].encode("gbk"),
                                                                               b"PK\x03\x04" + b"\x00" * 30]))),
                max_size=5),
       st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA]),
       st.integers(0, 400))
@example([("", b"x")], zipfile.ZIP_STORED, 0)  # an entry with an empty name: ZipInfo.is_dir() raised
def test_arbitrary_zip_entries(entries, method, cut):
    data = _zip(entries, method)
    _expand_and_audit(data[: len(data) - cut] if cut else data)


# --------------------------------------------------------------------------- the interchange JSON (gongkai check)

REPORT_DICT = json.loads((Path(__file__).resolve().parent.parent / "data" / "seed-2019.json").read_text("utf-8"))
JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-(10**30), 10**30), st.floats(), st.text(max_size=12),
                      st.sampled_from(["NaN", "1e400", "２", "-0", "253.2358万"]))
JSON_ANY = st.recursive(JSON_LEAF, lambda inner: st.one_of(st.lists(inner, max_size=8),
                                                           st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                        max_leaves=12)


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


ALL_PATHS = list(_paths(REPORT_DICT))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), JSON_ANY), min_size=1, max_size=4), st.booleans())
@example([(("tables", "t3", "r1_new", 0), float("nan"))], False)
@example([(("tables", "t3", "r1_new", 0), float("inf"))], True)
def test_report_json(changes, as_text):
    data = copy.deepcopy(REPORT_DICT)
    for path, value in changes:
        if not path:
            data = value
            continue
        node = data
        try:
            for k in path[:-1]:
                node = node[k]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue
    try:
        report = Report.from_json(json.dumps(data)) if as_text else Report.from_dict(data)
    except ReportFormatError as e:
        assert CJK.search(str(e)), str(e)
        return
    for f in check(report, external=True):
        assert CJK.search(f.message), f.message
