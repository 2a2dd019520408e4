"""``gongkai audit``: batches over files, folders and zips, exit codes, exports, robustness."""

import csv
import io
import json
import zipfile

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from .conftest import CORPUS, SEED


def run(*args, capsys):
    try:
        call_command("audit", *map(str, args))
        code = 0
    except SystemExit as e:
        code = e.code
    out = capsys.readouterr()
    return code, out.out, out.err


def broken_seed(tmp_path):
    """The seed with one cell changed: table 三 no longer balances (an error)."""
    text = SEED.read_text(encoding="utf-8").replace("\t371\n", "\t372\n", 1)
    p = tmp_path / "broken.txt"
    p.write_text(text, encoding="utf-8")
    return p


def test_summary_is_readable(capsys):
    code, out, err = run(SEED, capsys=capsys)
    assert code == 0
    assert "宝山区规划和自然资源局" in out and "2019年版" in out and "提示 4 项" in out
    assert "原文：" in out


def test_exit_1_when_a_report_has_an_error(tmp_path, capsys):
    code, out, _ = run(broken_seed(tmp_path), "--json", capsys=capsys)
    assert code == 1
    obj = json.loads(out)
    rules = {f["rule"] for f in obj["findings"] if f["severity"] == "error"}
    assert "T3_ROW_TOTAL" in rules or "T3_BALANCE" in rules


def test_folder_batch_with_bad_inputs_exit_2_and_others_audited(tmp_path, capsys):
    (tmp_path / "a.txt").write_bytes(SEED.read_bytes())
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "corrupt.pdf").write_bytes(b"%PDF-1.7\n garbage \x00\x01\x02")
    (tmp_path / "notes.txt").write_text("会议纪要：本周讨论了三件事。", encoding="utf-8")
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    code, out, err = run(tmp_path, "--json", capsys=capsys)
    assert code == 2
    lines = [json.loads(x) for x in out.strip().splitlines()]
    assert [x["file"].rsplit("/", 1)[-1] for x in lines] == ["a.txt"]
    assert "empty.txt" in err and "文件为空" in err
    assert "corrupt.pdf" in err and "PDF" in err
    assert "notes.txt" in err and "不像" in err
    assert "old.doc" in err and ".docx" in err
    assert "5/5" in err  # progress bar on stderr for a batch


def test_zip_of_reports(tmp_path, capsys):
    z = tmp_path / "reports.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.write(SEED, "2019/seed.txt")
        zf.write(CORPUS / "01-shuyang-drc-2023.html", "2023/shuyang.html")
        zf.write(CORPUS / "10-huaian-2024-filled.docx", "2024/huaian.docx")
        zf.writestr("__MACOSX/._seed.txt", b"\x00\x05")
    code, out, err = run(z, "--json", capsys=capsys)
    assert code == 0, err
    objs = [json.loads(x) for x in out.strip().splitlines()]
    assert sorted(o["year"] for o in objs) == [2019, 2023, 2024]
    assert all("!" in o["file"] for o in objs)


def test_zip_bomb_refused_before_unpacking(tmp_path, capsys):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("big.txt", b"0" * (40 * 1024 * 1024))
    code, _, err = run(z, capsys=capsys)
    assert code == 2 and ("过大" in err or "压缩炸弹" in err)


def test_zip_with_too_many_entries_refused(tmp_path, capsys):
    z = tmp_path / "many.zip"
    with zipfile.ZipFile(z, "w") as zf:
        for i in range(600):
            zf.writestr(f"f{i}.txt", b"x")
    code, _, err = run(z, SEED, capsys=capsys)
    assert code == 2 and "过多" in err


def test_nested_zip_and_corrupt_zip(tmp_path, capsys):
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.write(SEED, "seed.txt")
    outer = tmp_path / "outer.zip"
    with zipfile.ZipFile(outer, "w") as zf:
        zf.writestr("inner.zip", inner.getvalue())
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    code, out, err = run(outer, bad, "--json", capsys=capsys)
    assert code == 2
    assert json.loads(out.strip())["agency"] == "宝山区规划和自然资源局"
    assert "bad.zip" in err and "损坏" in err


def test_encrypted_pdf(tmp_path, capsys):
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    p = tmp_path / "locked.pdf"
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=0)
    c = canvas.Canvas(str(p), encrypt=enc)
    c.drawString(100, 750, "report")
    c.save()
    code, _, err = run(p, capsys=capsys)
    assert code == 2 and "加密" in err


def test_oversized_file_refused_from_its_size(tmp_path, capsys, settings):
    from gongkai.auditor import audit, reader

    p = tmp_path / "huge.txt"
    p.write_bytes(b"a" * 2048)
    old = (audit.MAX_FILE_BYTES, reader.MAX_FILE_BYTES)
    audit.MAX_FILE_BYTES = reader.MAX_FILE_BYTES = 1024
    try:
        code, _, err = run(p, capsys=capsys)
    finally:
        audit.MAX_FILE_BYTES, reader.MAX_FILE_BYTES = old
    assert code == 2 and "过大" in err


def test_missing_path(capsys, tmp_path):
    code, _, err = run(tmp_path / "nope.txt", capsys=capsys)
    assert code == 2 and "不存在" in err


def test_previous_year_carry_over(tmp_path, capsys):
    from gongkai.auditor.audit import extract

    prev = extract(SEED.read_bytes(), "seed.txt").report
    prev.year = 2018
    prev.t3["r4_carry_out"] = [10, 4, 0, 0, 0, 0, 14]  # seed's 上年结转 row is 14, 4, ... 18
    pj = tmp_path / "2018.json"
    pj.write_text(prev.to_json(), encoding="utf-8")
    code, out, _ = run(SEED, "--previous", pj, "--json", capsys=capsys)
    obj = json.loads(out)
    carry = [f for f in obj["findings"] if f["rule"] == "XY_CARRY"]
    assert carry and carry[0]["severity"] == "warning"
    assert code == 0  # a warning is not an error for an external report


def test_csv_and_xlsx_exports_neutralise_formulas(tmp_path, capsys):
    evil = tmp_path / "=HYPERLINK(1).txt"
    evil.write_bytes(SEED.read_bytes())
    csv_path, xlsx_path = tmp_path / "out.csv", tmp_path / "out.xlsx"
    code, _, _ = run(evil, tmp_path / "missing.txt", "--csv", csv_path, "--xlsx", xlsx_path, capsys=capsys)
    assert code == 2
    rows = list(csv.reader(csv_path.open(encoding="utf-8-sig")))
    assert rows[0][0] == "文件"
    assert len(rows) == 1 + 4 + 1  # four findings + the unreadable file
    ws = load_workbook(xlsx_path).active
    files = [ws.cell(row=i, column=1).value for i in range(2, ws.max_row + 1)]
    assert all(not str(f).startswith("=") for f in files)
    names = [f for f in files if "HYPERLINK" in str(f)]
    assert names and all(not n.startswith("=") for n in names)


@pytest.mark.parametrize("value", ["=1+1", "+SUM(A1)", "-2", "@cmd", "\tx", "\rx"])
def test_safe(value):
    from gongkai.auditor.export import safe

    assert safe(value) == "'" + value
    assert safe("正常") == "正常" and safe(3) == 3


def test_batch_links_consecutive_years_of_one_agency(tmp_path, capsys):
    """The batch holds the agency's 2018 report too: the carry-over is checked without --previous."""
    from gongkai.auditor.audit import extract

    prev = extract(SEED.read_bytes(), "seed.txt").report
    text = SEED.read_text(encoding="utf-8").replace("2019年政府信息公开工作", "2018年政府信息公开工作", 1)
    text = text.replace("\t54\n\t0\n\t0\n\t0\n\t0\n\t0\n\t54", "\t50\n\t0\n\t0\n\t0\n\t0\n\t0\n\t50")
    (tmp_path / "2018.txt").write_text(text, encoding="utf-8")
    (tmp_path / "2019.txt").write_bytes(SEED.read_bytes())
    code, out, _ = run(tmp_path, "--json", capsys=capsys)
    objs = {o["year"]: o for o in map(json.loads, out.strip().splitlines())}
    assert prev.t3["r2_carry_in"][6] == 18
    carry = [f for f in objs[2019]["findings"] if f["rule"] == "XY_CARRY"]
    assert carry and objs[2019]["previous"].endswith("2018.txt")
    assert not [f for f in objs[2018]["findings"] if f["rule"] == "XY_CARRY"]


def test_zip_entry_names_in_gbk_are_readable(tmp_path, capsys):
    class GbkInfo(zipfile.ZipInfo):
        """As Windows archivers write them: GBK bytes, no UTF-8 flag."""

        def _encodeFilenameFlags(self):
            return "宝山区2019年报.txt".encode("gbk"), self.flag_bits

    z = tmp_path / "gbk.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr(GbkInfo("x.txt"), SEED.read_bytes())
    code, out, _ = run(z, "--json", capsys=capsys)
    assert code == 0 and json.loads(out)["file"].endswith("!宝山区2019年报.txt")
