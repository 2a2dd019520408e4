"""Issue 2 §4-6: the seed as report JSON, its rendering to HTML/DOCX/XLSX/PDF and the command line."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from gongkai.law.editions import GB2021, T3_COLUMN_IDS, T4_COLUMN_IDS
from gongkai.law.report import Report, ReportFormatError
from gongkai.law.rules import Severity, check, has_error
from gongkai.reports import readback
from gongkai.reports.render import render, render_docx, render_html, render_pdf, render_xlsx

from .conftest import DATA, SEED_JSON, load_seed

ROOT = Path(__file__).resolve().parents[2]
TRUTH = json.loads((DATA / "seed-2019.truth.json").read_text(encoding="utf-8"))


def gongkai(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "gongkai.cli", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


def norm(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


# --------------------------------------------------------------------------- the seed JSON


def test_seed_json_matches_the_truth_file(seed: Report) -> None:
    assert seed.edition.id == "2019" and seed.year == 2019 and seed.agency == TRUTH["agency"]
    assert list(seed.t3.values()) == list(TRUTH["table3"].values())
    assert [seed.t4[c] for c in T4_COLUMN_IDS] == TRUTH["table4"]
    assert seed.t2["t2_a20_9"]["procurement"] == {"projects": 48, "amount": 2532358}
    assert seed.t2["t2_a20_5"]["license"] == {"prev_items": 1479, "delta": -100, "decisions": 1379}
    # prose copied from the seed text
    text = (DATA / "seed-2019.txt").read_text(encoding="utf-8")
    for sid in ("s1", "s5", "s6"):
        assert seed.sections[sid]
        for line in norm(seed.sections[sid]):
            assert line in text
    assert "“无法提供”95件" in seed.sections["s1"]


def test_seed_has_no_error_only_the_four_narrative_warnings(seed: Report) -> None:
    findings = check(seed)
    assert not has_error(findings)
    assert {f.rule for f in findings} == {"TEXT_MATCHES_TABLES"}
    assert sorted((f.expected, f.actual) for f in findings) == [(1.2, 2.0), (27.4, 28.0), (97, 95), (347, 345)]


def _key(f):  # a finding's identity: rule, severity and cells (values change with the edit)
    return (f.rule, f.severity, f.cells)


def test_one_changed_cell_gives_exactly_its_findings(seed: Report) -> None:
    baseline = {_key(f) for f in check(seed)}
    seed.set_t3("r3_4_2", "np", 4)
    findings = check(seed)
    new = [f for f in findings if _key(f) not in baseline]
    assert {(f.rule, f.severity) for f in new} == {("T3_RESULT_SUM_2019", Severity.ERROR),
                                                  ("T3_ROW_TOTAL", Severity.ERROR)}
    assert len(new) == 2
    by_rule = {f.rule: f for f in new}
    result = by_rule["T3_RESULT_SUM_2019"]
    assert result.cells[0] == "t3.r3_7_total.np" and "t3.r3_4_2.np" in result.cells
    assert (result.expected, result.actual) == (333, 331)
    row = by_rule["T3_ROW_TOTAL"]
    assert row.cells[0] == "t3.r3_4_2.total" and all(c.startswith("t3.r3_4_2.") for c in row.cells)
    assert (row.expected, row.actual) == (4, 2)
    # nothing disappeared either: the seed's narrative warnings are still there, no others
    assert {_key(f) for f in findings} - {_key(f) for f in new} == baseline


def test_json_not_fitting_the_edition_names_the_key() -> None:
    data = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    data["tables"]["t3"]["r3_6_1"] = [0] * 7
    with pytest.raises(ReportFormatError) as e:
        Report.from_dict(data)
    assert e.value.key == "tables.t3.r3_6_1" and "r3_6_1" in str(e.value)


# --------------------------------------------------------------------------- rendering


def assert_same_figures(got: Report, want: Report) -> None:
    assert got.edition.id == want.edition.id and got.year == want.year and got.agency == want.agency
    assert got.to_dict()["tables"] == want.to_dict()["tables"]


def test_docx_read_back_gives_every_number(seed: Report) -> None:
    back = readback.read_docx(render_docx(seed))
    assert_same_figures(back, seed)
    for sid in seed.sections:
        assert norm(back.sections[sid]) == norm(seed.sections[sid])


def test_docx_layout_fonts_and_merged_cells(seed: Report) -> None:
    from docx import Document
    from docx.oxml.ns import qn

    doc = Document(io.BytesIO(render_docx(seed)))
    title = doc.paragraphs[0]
    assert title.text == "区规划资源局2019年政府信息公开工作年度报告"
    rfonts = title.runs[0]._element.rPr.rFonts
    assert rfonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    body = next(p for p in doc.paragraphs if p.text.startswith("本报告是根据"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    fonts = doc.part.rels
    table_xml = next(r.target_part.blob for r in fonts.values() if r.reltype.endswith("/fontTable"))
    assert "黑体".encode() in table_xml and "仿宋".encode() in table_xml  # declared fallbacks
    t2, t3, t4 = doc.tables
    assert t2.cell(0, 0).text == "第二十条第（一）项" and t2.cell(0, 3).text == "第二十条第（一）项"
    assert t2.cell(17, 2).text == "253.2358万"
    assert t3.cell(0, 0).text.startswith("（本列数据的勾稽关系为") and t3.cell(2, 2).text == t3.cell(0, 0).text
    assert t3.cell(0, 3).text == t3.cell(0, 9).text == "申请人情况"
    assert t3.cell(1, 4).text == t3.cell(1, 8).text == "法人或其他组织"
    assert t3.cell(5, 0).text == t3.cell(24, 0).text == "三、本年度办理结果" != t3.cell(25, 0).text
    assert t3.cell(7, 1).text == t3.cell(14, 1).text == "（三）不予公开"
    assert t4.cell(0, 5).text == t4.cell(0, 14).text == "行政诉讼"
    assert t4.cell(1, 5).text == "未经复议直接起诉" and t4.cell(1, 10).text == "复议后起诉"
    assert [c.text for c in t4.rows[3].cells] == [str(v) for v in TRUTH["table4"]]


def test_xlsx_read_back_merged_and_no_formula_injection(seed: Report) -> None:
    from openpyxl import load_workbook

    seed.sections["s6"] = "=HYPERLINK(\"http://evil\",\"x\")\n+1\n@SUM(A1)\n-2 正常文字"
    seed.agency = "=cmd|' /C calc'!A0"
    data = render_xlsx(seed)
    back = readback.read_xlsx(data)
    assert_same_figures(back, seed)
    assert norm(back.sections["s6"]) == norm(seed.sections["s6"])
    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["表二", "表三", "表四", "正文"]
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            for v in row:
                if isinstance(v, str):
                    assert not v.startswith(("=", "+", "-", "@", "\t", "\r")), v
    ranges = {str(r) for r in wb["表三"].merged_cells.ranges}
    assert {"A3:C5", "D3:J3", "E4:I4", "D4:D5", "J4:J5"} <= ranges
    assert wb["表二"]["C20"].value == 253.2358 and wb["表二"]["C20"].number_format == 'General"万"'


def test_2021_fee_amount_printed_in_wan_yuan_round_trips() -> None:
    r = Report.empty(GB2021, "测试局", 2022, fill=0)
    r.t2["t2_a20_8"]["fees"]["amount"] = 125000
    r.t2["t2_a20_1"]["normative"] = {"issued": 2, "repealed": 1, "valid": 30}
    r.t3["r3_6_2"] = [1, 0, 0, 0, 0, 0, 1]
    r.t3["r3_7_total"] = [1, 0, 0, 0, 0, 0, 1]
    r.t3["r1_new"] = [1, 0, 0, 0, 0, 0, 1]
    html = render_html(r)
    assert "本年收费金额（单位：万元）" in html and ">12.5<" in html
    for back in (readback.read_docx(render_docx(r)), readback.read_xlsx(render_xlsx(r))):
        assert_same_figures(back, r)
    assert 'rowspan="3">（六）其他处理' in html and "2.申请人逾期未按收费通知要求缴纳费用" in html
    assert 'rowspan="22">三、本年度办理结果' in html
    assert html.count("第二十条第（") == 4 and 'colspan="3">本年处理决定数量' in html


def test_html_official_layout_and_faulty_cells(seed: Report) -> None:
    seed.set_t3("r3_4_2", "np", 4)
    findings = check(seed)
    html = render_html(seed, findings)
    assert '<div class="report-doc"' in html
    assert 'rowspan="3" colspan="3">（本列数据的勾稽关系为' in html
    assert 'colspan="7">申请人情况' in html and 'colspan="5">法人或其他组织' in html
    assert 'rowspan="20">三、本年度办理结果' in html and 'rowspan="8">（三）不予公开' in html
    assert 'colspan="5">未经复议直接起诉' in html and 'colspan="10">行政诉讼' in html
    assert html.count("第二十条第（") == 5 and html.count(">信息内容<") == 5
    assert 'class="num bad" data-ref="t3.r3_4_2.np"' in html
    assert 'class="num" data-ref="t4.rv_keep"' in html
    assert '<span class="narrative-bad"' in html  # the seed's 95 sentence
    assert check(load_seed()) and 'class="num bad"' not in render_html(load_seed(), check(load_seed()))


def test_pdf_is_read_by_the_auditor_with_every_number(seed: Report) -> None:
    from gongkai.auditor.audit import extract

    for fmt in ("pdf", "docx", "html"):
        got = extract(render(seed, fmt), f"seed.{fmt}").report
        assert got.t3 == seed.t3 and got.t4 == seed.t4 and got.t2 == seed.t2, fmt
    assert render_pdf(seed).startswith(b"%PDF")


# --------------------------------------------------------------------------- command line


def test_cli_check_seed_exit_0() -> None:
    p = gongkai("check", str(SEED_JSON))
    assert p.returncode == 0, p.stderr
    assert "错误0项" in p.stdout and "TEXT_MATCHES_TABLES" in p.stdout and "Traceback" not in p.stderr
    header = next(ln for ln in p.stdout.splitlines() if ln.startswith("规则"))
    assert "级别" in header and "单元格" in header and "应为" in header and "实为" in header and "说明" in header


def test_cli_check_error_exit_1_and_json(tmp_path: Path, seed: Report) -> None:
    seed.set_t3("r3_4_2", "np", 4)
    f = tmp_path / "bad.json"
    f.write_text(seed.to_json(), encoding="utf-8")
    p = gongkai("check", str(f))
    assert p.returncode == 1
    assert "T3_RESULT_SUM_2019" in p.stdout and "T3_ROW_TOTAL" in p.stdout and "错误2项" in p.stdout
    p = gongkai("check", str(f), "--json")
    assert p.returncode == 1
    out = json.loads(p.stdout)
    assert out["has_error"] is True
    assert {x["rule"] for x in out["findings"] if x["severity"] == "error"} == {"T3_RESULT_SUM_2019", "T3_ROW_TOTAL"}


def test_cli_check_unreadable_exit_2(tmp_path: Path) -> None:
    data = json.loads(SEED_JSON.read_text(encoding="utf-8"))
    data["tables"]["t3"]["r3_6_1"] = [0] * 7
    wrong = tmp_path / "wrong.json"
    wrong.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    broken = tmp_path / "broken.json"
    broken.write_text("{\"edition\": ", encoding="utf-8")
    for path, words in ((wrong, "r3_6_1"), (broken, "不是有效的JSON"), (tmp_path / "none.json", "找不到")):
        p = gongkai("check", str(path))
        assert p.returncode == 2, (path, p.stdout, p.stderr)
        assert words in p.stderr and "Traceback" not in p.stderr
    p = gongkai("check", str(SEED_JSON), "--previous", str(broken))
    assert p.returncode == 2 and "上一年度" in p.stderr


def test_call_command_exit_codes(tmp_path: Path, seed: Report) -> None:
    out = io.StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("check_report", str(SEED_JSON), stdout=out)
    assert e.value.code == 0 and "错误0项" in out.getvalue()
    # previous year: carry-over against the seed's carry-out (54 natural persons)
    nxt = Report.empty(seed.edition, seed.agency, 2020, fill=0)
    nxt.t3["r2_carry_in"] = [50, 0, 0, 0, 0, 0, 50]
    nxt.t3["r3_1_open"] = [50, 0, 0, 0, 0, 0, 50]
    nxt.t3["r3_7_total"] = [50, 0, 0, 0, 0, 0, 50]
    nxt.sections["s5"] = "存在的问题是依申请公开答复质量有待提高，改进措施是加强培训。"
    f = tmp_path / "2020.json"
    f.write_text(nxt.to_json(), encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("check_report", str(f), "--previous", str(SEED_JSON), "--json", stdout=out)
    assert e.value.code == 1
    rules = [x["rule"] for x in json.loads(out.getvalue())["findings"]]
    assert rules == ["XY_CARRY", "XY_CARRY"]  # 自然人 and 总计: 50 vs 54
    err = io.StringIO()
    with pytest.raises(SystemExit) as e:
        call_command("check_report", str(tmp_path / "missing.json"), stderr=err)
    assert e.value.code == 2 and "找不到" in err.getvalue()


@pytest.mark.parametrize("fmt", ["html", "docx", "xlsx", "pdf"])
def test_cli_render(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"seed.{fmt}"
    p = gongkai("render", str(SEED_JSON), "--to", fmt, "-o", str(out))
    assert p.returncode == 0, p.stderr
    data = out.read_bytes()
    seed = load_seed()
    if fmt == "docx":
        assert_same_figures(readback.read_docx(data), seed)
    elif fmt == "xlsx":
        assert_same_figures(readback.read_xlsx(data), seed)
    elif fmt == "pdf":
        assert data.startswith(b"%PDF")
    else:
        text = data.decode("utf-8")
        assert text.startswith("<!DOCTYPE html>") and "253.2358万" in text
        assert all(f'data-ref="t3.r1_new.{c}"' in text for c in T3_COLUMN_IDS)


def test_cli_render_unreadable_exit_2(tmp_path: Path) -> None:
    p = gongkai("render", str(tmp_path / "none.json"), "--to", "docx", "-o", str(tmp_path / "x.docx"))
    assert p.returncode == 2 and "找不到" in p.stderr and "Traceback" not in p.stderr
