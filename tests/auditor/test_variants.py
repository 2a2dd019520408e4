"""Label variants, value kinds and structure quirks of published reports."""

from gongkai.auditor.audit import audit_bytes
from gongkai.auditor.labels import core, match_t2_column, match_t2_row, match_t3_row, norm, strip_numbering

from .conftest import CORPUS

PAGE = """<html><head><title>某县交通运输局2022年政府信息公开工作年度报告</title></head><body>
<table><tr><td>网站导航</td><td>
<h1>某县交通运输局２０２２年政府信息公开工作年度报告</h1>
<p>一、总体情况</p><p>本年共新收政府信息公开申请１２件。</p>
<p>二、主动公开政府信息的情况</p>
<table>
<tr><td colspan="4">第二十条第（一）项</td></tr>
<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数（历史累计）</td></tr>
<tr><td>规章</td><td>/</td><td>-</td><td>０</td></tr>
<tr><td>规范性文件</td><td>2</td><td> </td><td>9</td></tr>
<tr><td colspan="4">第二十条第（八）项</td></tr>
<tr><td>信息内容</td><td colspan="3">本年收费金额（单位：万元）</td></tr>
<tr><td>行政事业性收费</td><td colspan="3">1.5</td></tr>
</table>
<p>三、收到和处理政府信息公开申请情况</p>
<table>
<tr><td colspan="3">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
<tr><td colspan="3"></td><td>自然人</td><td>商业 企业</td><td>科研<br>机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td><td>总计</td></tr>
<tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>１０</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>１２</td></tr>
<tr><td colspan="3">（一）予以公开</td><td>１０</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>１２</td></tr>
<tr><td colspan="3">（七）总计</td><td>１０</td><td>2</td><td>0</td><td>0</td><td>0</td><td>0</td><td>１２</td></tr>
</table>
</td></tr></table></body></html>"""


def test_label_normalisation():
    assert norm("商业 企业") == "商业企业" and norm("（一）") == "(一)" and norm("１２") == "12"
    assert strip_numbering("（三）不予公开") == "不予公开" and strip_numbering("1、其他") == "其他"
    assert strip_numbering("(1) 其他") == "其他" and strip_numbering("一、本年新收") == "本年新收"
    assert core("（二）部分公开（区分处理的，只计这一情形，不计其他情形）") == "部分公开"
    assert match_t3_row("（二）部分公开")[0].id == "r3_2_partial"
    assert match_t3_row("3.危及‘三安全一稳定’")[0].id == "r3_3_3"
    assert match_t3_row("同意公开")[0].id == "r3_1_open"
    assert {r.id for r in match_t2_row("规范性文件")} == {"t2_a20_1.normative"}
    assert {r.id for r in match_t2_row("行政规范性文件")} == {"t2_a20_1.normative"}
    assert [r.id for r in match_t2_column("现行有效件数（历史累计）")] == ["t2_a20_1.valid"]


def test_html_variants_and_value_kinds():
    res = audit_bytes(PAGE.encode("utf-8"), "variants.html")
    assert res.error is None
    r = res.report
    assert (r.edition.id, r.agency, r.year) == ("2021", "某县交通运输局", 2022)
    assert r.t2["t2_a20_1"]["rules"] == {"issued": None, "repealed": None, "valid": 0}
    assert r.t2["t2_a20_1"]["normative"] == {"issued": 2, "repealed": None, "valid": 9}
    assert r.t2["t2_a20_8"]["fees"]["amount"] == 15000
    prov = res.extraction.provenance
    kinds = {k: prov[f"t2.t2_a20_1.rules.{k}"].kind for k in ("issued", "repealed", "valid")}
    assert kinds == {"issued": "slash", "repealed": "dash", "valid": "number"}
    assert prov["t2.t2_a20_1.normative.repealed"].kind == "blank"
    assert r.t3["r1_new"] == [10, 2, 0, 0, 0, 0, 12]  # full-width digits
    # rows not printed at all are missing, never invented
    assert r.t3["r2_carry_in"] == [None] * 7 and "t3.r2_carry_in.np" in res.extraction.missing
    assert "t4.rv_total" in res.extraction.missing
    (nf,) = [f for f in res.findings if f.rule == "CELL_NOT_FOUND"]
    assert "t4.rv_total" in nf.cells and "未找到" in nf.message
    assert r.sections["s1"] == "本年共新收政府信息公开申请１２件。"
    # the narrative's full-width 12 agrees with the table
    assert not [f for f in res.findings if f.rule == "TEXT_MATCHES_TABLES"]


def test_section_five_missing_is_a_finding():
    res = audit_bytes(PAGE.encode("utf-8"), "variants.html")
    assert any(f.rule == "SECTION5_NONEMPTY" for f in res.findings)


def test_title_from_body_when_page_title_is_generic():
    html = (CORPUS / "01-shuyang-drc-2023.html").read_text(encoding="utf-8").replace(
        "<title>沭阳县发展和改革局2023年政府信息公开年度报告-沭阳县发改局</title>", "<title>政府信息公开</title>"
    )
    res = audit_bytes(html.encode("utf-8"), "01.html")
    assert (res.report.agency, res.report.year) == ("沭阳县发展和改革局", 2023)


def test_markdown_with_group_and_row_labels_merged():
    from gongkai.law.editions import GB2019

    from .conftest import seed_truth_tables

    t3 = seed_truth_tables()["t3"]
    lines = ["# 宝山区规划和自然资源局2019年政府信息公开工作年度报告", "", "三、收到和处理政府信息公开申请情况", "",
             "| 项目 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |", "|---|---|---|---|---|---|---|---|"]
    group = {"r3": "三、本年度办理结果", "r3_3": "（三）不予公开", "r3_4": "（四）无法提供", "r3_5": "（五）不予处理"}
    for row in GB2019.t3_data_rows:
        label = row.label
        if row.parent in group:
            label = group[row.parent] + label  # a converter merged the group cell into the row label
        if row.parent and row.parent != "r3":
            label = group["r3"] + label
        lines.append(f"| {label} | " + " | ".join(map(str, t3[row.id])) + " |")
    res = audit_bytes("\n".join(lines).encode(), "merged.md")
    assert res.report.t3 == t3


def test_pdf_without_ruling_lines(tmp_path):
    """A PDF whose table has no ruling lines: each row is read from its line of text."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    from gongkai.law.editions import GB2019

    from .conftest import seed_truth_tables

    tabs = seed_truth_tables()
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    path = tmp_path / "plain.pdf"
    c = canvas.Canvas(str(path))
    y = 800

    def line(text):
        nonlocal y
        if y < 60:
            c.showPage()
            y = 800
        c.setFont("STSong-Light", 9)
        c.drawString(40, y, text)
        y -= 14

    line("宝山区规划和自然资源局2019年政府信息公开工作年度报告")
    line("三、收到和处理政府信息公开申请情况")
    for row in GB2019.t3_data_rows:
        line(row.label + "    " + "    ".join(map(str, tabs["t3"][row.id])))
    line("四、政府信息公开行政复议、行政诉讼情况")
    line("    ".join(str(v) for v in tabs["t4"].values()))
    line("五、存在的主要问题及改进情况")
    line("培训不足，将加强培训和指导。")
    c.save()
    res = audit_bytes(path.read_bytes(), "plain.pdf")
    assert res.error is None
    assert res.report.t3 == tabs["t3"]
    assert res.report.t4 == tabs["t4"]
    assert res.extraction.provenance["t3.r1_new.total"].loc["page"] == 1
