"""Unread is not wrong: a cell that could not be read is reported as 未能读取 (with where it was looked
for), a rule that needs it is reported as not checked, and no error is raised over it."""

import json
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from gongkai.auditor.audit import audit_bytes
from gongkai.law.editions import T3_COLUMN_IDS
from gongkai.law.rules import Severity

from .conftest import SEED

ROW = "\t（一）予以公开\n\t213\n\t0\n\t1\n\t0\n\t0\n\t0\n\t214\n"


def unreadable_row_text() -> str:
    """The seed with the row （一）予以公开 smudged (its label unreadable, as a bad scan or a broken copy leaves it)."""
    text = SEED.read_text(encoding="utf-8")
    assert ROW in text
    return text.replace(ROW, "\t（一）▇▇▇▇\n\t2▇3\n\t0\n\t1\n\t0\n\t0\n\t0\n\t2▇4\n", 1)


def test_an_unreadable_row_is_unread_and_raises_no_error():
    res = audit_bytes(unreadable_row_text().encode("utf-8"), "smudged.txt")
    assert res.error is None
    ex = res.extraction
    row = [f"t3.r3_1_open.{c}" for c in T3_COLUMN_IDS]
    assert set(row) <= set(ex.unread)
    assert res.report.t3["r3_1_open"] == [None] * 7
    errors = [f for f in res.findings if f.severity is Severity.ERROR]
    assert errors == [], [f.message for f in errors]
    # the rules that need the row say they could not be checked: the result sums of each column, the row total
    rules = {(u["rule"], u["binding"]) for u in res.unchecked}
    assert ("T3_RESULT_SUM_2019", "np") in rules and ("T3_ROW_TOTAL", "r3_1_open") in rules
    assert all("无法核对" in u["message"] for u in res.unchecked)
    # the balance of a column does not involve the row: it is still checked (and holds)
    assert not any(u["rule"] == "T3_BALANCE" for u in res.unchecked)
    # every other cell was read; the coverage says so
    read, expected = res.coverage
    assert expected - read == 7
    unread = {u["cell"]: u for u in res.unread()}
    assert set(unread) == set(row)
    assert all("表三" in u["where"] and "未找到" in u["where"] for u in unread.values())
    # the same report intact has the seed's findings and no unchecked rule
    intact = audit_bytes(SEED.read_bytes(), SEED.name)
    assert intact.unchecked == [] and intact.coverage[0] == intact.coverage[1]


def test_a_broken_sum_over_read_cells_is_still_an_error():
    """Unread cells elsewhere do not hide an error that involves only cells read with confidence."""
    text = unreadable_row_text().replace("\t371\n", "\t372\n", 1)
    res = audit_bytes(text.encode("utf-8"), "smudged-and-wrong.txt")
    errors = {(f.rule, f.cells[0]) for f in res.findings if f.severity is Severity.ERROR}
    assert ("T3_ROW_TOTAL", "t3.r1_new.total") in errors
    assert ("T3_BALANCE", "t3.r1_new.np") in errors


def test_a_blank_printed_cell_is_read_not_unread():
    """A printed blank cell was read (as blank): it is not 未能读取, and the blank-cell warning still names it."""
    text = SEED.read_text(encoding="utf-8").replace(ROW, "\t（一）予以公开\n\t213\n\t\n\t1\n\t0\n\t0\n\t0\n\t214\n", 1)
    res = audit_bytes(text.encode("utf-8"), "blank.txt")
    assert "t3.r3_1_open.le_com" not in res.extraction.unread
    blank = [f for f in res.findings if f.rule == "CELL_BLANK"]
    assert blank and "t3.r3_1_open.le_com" in blank[0].cells


@pytest.mark.django_db
def test_cli_json_and_xlsx_state_the_coverage(tmp_path, capsys):
    p = tmp_path / "smudged.txt"
    p.write_text(unreadable_row_text(), encoding="utf-8")
    xlsx = tmp_path / "out.xlsx"
    call_command("audit", str(p), "--xlsx", str(xlsx))
    out = capsys.readouterr().out
    assert re.search(r"读取覆盖率 \d+/\d+（\d+\.\d%）", out)
    assert "[未能读取] 表三“（一）予以公开”行“自然人”列" in out and "[无法核对]" in out
    call_command("audit", str(p), "--json")
    obj = json.loads(capsys.readouterr().out)
    assert obj["coverage"]["expected"] - obj["coverage"]["read"] == 7
    assert {u["cell"] for u in obj["unread"]} >= {"t3.r3_1_open.np"}
    assert obj["unchecked"] and not [f for f in obj["findings"] if f["severity"] == "error"]
    ws = load_workbook(xlsx).active
    header = [c.value for c in ws[1]]
    assert header[-1] == "读取覆盖率"
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert {r[-1] for r in rows} == {f"{obj['coverage']['read']}/{obj['coverage']['expected']}"}
    assert any(r[5] == "unchecked" for r in rows)


@pytest.mark.django_db
def test_web_page_states_coverage_and_unread_cells(client, cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.clerk)
    resp = client.post("/office/audit/", {"files": [SimpleUploadedFile("smudged.txt", unreadable_row_text().encode())]})
    html = client.get(resp["Location"]).content.decode()
    assert re.search(r'id="coverage">读取覆盖率：\d+/\d+', html)
    assert 'id="unread"' in html and "未能读取" in html and 'id="unchecked"' in html
    assert "T3_RESULT_SUM_2019" in html and "badge error" not in html
