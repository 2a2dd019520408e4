"""Build the constructed corpus entries from the real ones (run by hand; outputs are committed).

    .venv/bin/python tests/auditor/make_corpus.py

* 10-huaian-2024-filled.docx  the blank 2021 Word template filled with the Huaian 2024 figures
* 11-seed-rowspan.html         the seed as a government web page: layout table, rowspan/colspan,
                               full-width digits, "商业 企业", heading variant
* 12-seed.md                   the seed as markdown from a PDF converter (merged cells left empty, a
                               shifted row with a trailing empty cell)
* 13-seed-gbk.txt              the seed text encoded in GBK
* 14-seed-rundigits.txt        the seed saved from a web page with the cell boundaries lost
* 15-mixed-2021.html           a 2021 report whose table 三 still has the 2019 single （六）其他处理 row
Each has NN-name.json with the expected tables (interchange format) and findings.
"""

from __future__ import annotations

import copy
import html
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gongkai.law.editions import GB2019, GB2021, T4_COLUMN_IDS  # noqa: E402
from gongkai.law.report import wan_to_yuan  # noqa: E402

CORPUS = Path(__file__).parent / "corpus"
SEED_TXT = CORPUS / "000_d700c24dbd5bf299.txt"
FW = str.maketrans("0123456789", "０１２３４５６７８９")


def seed_tables() -> dict:
    truth = json.loads((CORPUS / "000_d700c24dbd5bf299.truth.json").read_text(encoding="utf-8"))
    t3 = dict(zip(GB2019.t3_row_ids, truth["table3"].values(), strict=True))
    t4 = dict(zip(T4_COLUMN_IDS, truth["table4"], strict=True))
    t2: dict = {}
    items = iter(truth["table2"])
    for sub in GB2019.t2:
        t2[sub.id] = {}
        for row in sub.rows:
            item = next(items)
            vals = [wan_to_yuan(v[:-1]) if isinstance(v, str) else v for v in item["values"]]
            t2[sub.id][row.id] = dict(zip([c.id for c in sub.columns], vals, strict=True))
    return {"t2": t2, "t3": t3, "t4": t4}


SEED_FINDINGS = [
    {"rule": "TEXT_MATCHES_TABLES", "expected": 97, "actual": 95},
    {"rule": "TEXT_MATCHES_TABLES", "expected": 1.2, "actual": 2.0},
    {"rule": "TEXT_MATCHES_TABLES", "expected": 27.4, "actual": 28.0},
    {"rule": "TEXT_MATCHES_TABLES", "expected": 347, "actual": 345},
]


def seed_prose() -> dict[str, list[str]]:
    """The seed's paragraphs outside its tables, by part: before tables, after t2/t3/t4."""
    lines = SEED_TXT.read_text(encoding="utf-8").split("\n")
    out: dict[str, list[str]] = {"head": [], "s5": []}
    part = "head"
    for ln in lines:
        s = ln.strip()
        if s.startswith("2、 主动公开政府信息情况"):
            part = "t2"
            continue
        if s.startswith("三、收到和处理"):
            part = "t3"
            continue
        if s.startswith("四、政府信息公开行政复议"):
            part = "t4"
            continue
        if s.startswith("五、"):
            part = "s5"
        if part in ("head", "s5") and s:
            out[part].append(s)
    return out


def write_expected(name: str, edition: str, agency: str, year: int, tables: dict, fmt: str, **extra) -> None:
    data = {"edition": edition, "agency": agency, "year": year, "format": fmt, "tables": tables,
            "source": {"constructed_by": "tests/auditor/make_corpus.py"}}
    data.update(extra)
    (CORPUS / f"{name}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


# ---------------------------------------------------------------------------


def make_docx() -> None:
    import docx

    huaian = json.loads((CORPUS / "02-huaian-gov-2024.json").read_text(encoding="utf-8"))
    t = huaian["tables"]
    d = docx.Document(str(CORPUS / "2021-format-template.docx"))

    def cells(row):
        seen, out = set(), []
        for c in row.cells:
            if id(c._tc) in seen or c._tc in [x._tc for x in out]:
                continue
            seen.add(id(c._tc))
            out.append(c)
        return out

    t2, t3, t4 = d.tables
    rows2 = t2.rows
    fill = {2: [t["t2"]["t2_a20_1"]["rules"][k] for k in ("issued", "repealed", "valid")],
            3: [t["t2"]["t2_a20_1"]["normative"][k] for k in ("issued", "repealed", "valid")],
            6: [t["t2"]["t2_a20_5"]["license"]["decisions"]],
            9: [t["t2"]["t2_a20_6"]["penalty"]["decisions"]],
            10: [t["t2"]["t2_a20_6"]["coercion"]["decisions"]],
            13: ["96171.6"]}
    for r, vals in fill.items():
        cs = cells(rows2[r])
        for c, v in zip(cs[-len(vals):], vals, strict=True):
            c.text = str(v)
    for r, rid in zip(range(3, 28), GB2021.t3_row_ids, strict=True):
        cs = cells(t3.rows[r])
        for c, v in zip(cs[-7:], t["t3"][rid], strict=True):
            c.text = str(v)
    cs = cells(t4.rows[3])
    for c, cid in zip(cs[-15:], T4_COLUMN_IDS, strict=True):
        c.text = str(t["t4"][cid])
    paras = d.paragraphs
    paras[0].text = "淮安市人民政府2024年政府信息公开工作年度报告"
    texts = iter([
        "2024年，全市新收政府信息公开申请3119件，上年结转34件；予以公开1362件，部分公开454件，结转下年度继续办理103件。",
        "部分工作人员业务能力有待提高。下一步将加强培训，规范答复文书。",
        "本年度发出收费通知6件，实际收取信息处理费0元。",
    ])
    for p in paras:
        if p.text.strip().startswith("（文字描述"):
            p.text = next(texts)
    d.save(str(CORPUS / "10-huaian-2024-filled.docx"))
    write_expected("10-huaian-2024-filled", "2021", "淮安市人民政府", 2024, t, "docx", findings=[])


# ---------------------------------------------------------------------------


def _td(text, rowspan=1, colspan=1, fw=False):
    attrs = ""
    if rowspan > 1:
        attrs += f' rowspan="{rowspan}"'
    if colspan > 1:
        attrs += f' colspan="{colspan}"'
    s = "" if text is None else str(text)
    if fw:
        s = s.translate(FW)
    return f"<td{attrs}><p><span>{html.escape(s)}</span></p></td>"


def seed_html() -> str:
    tabs = seed_tables()
    prose = seed_prose()
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>区规划资源局2019年政府信息公开工作年度报告</title>",
           "<script>var x = '<table>';</script><style>td{border:1px solid}</style></head><body>",
           "<div class='nav'>首页 &gt; 政府信息公开 &gt; 年度报告</div>",
           "<table class='layout' width='100%'><tr><td class='left'>栏目导航</td><td class='main'>"]
    head = prose["head"]
    out.append(f"<h1>{html.escape(head[0])}<br>{html.escape(head[1])}</h1>")
    for p in head[2:]:
        out.append(f"<p>{html.escape(p)}</p>")
    out.append("<p>二、主动公开政府信息的情况</p>")
    out.append("<table border='1'>")
    for sub in GB2019.t2:
        ncol = len(sub.columns) + 1
        out.append(f"<tr>{_td(sub.heading, colspan=4)}</tr>")
        out.append("<tr>" + _td("信息内容") + "".join(_td(c.label) for c in sub.columns) + (_td("") if ncol < 4 else "") + "</tr>")
        for row in sub.rows:
            vals = []
            for c in sub.columns:
                v = tabs["t2"][sub.id][row.id][c.id]
                vals.append("253.2358万" if c.id == "amount" else v)
            out.append("<tr>" + _td(row.label) + "".join(_td(v) for v in vals) + (_td("") if ncol < 4 else "") + "</tr>")
    out.append("</table>")
    out.append("<p>三、收到和处理政府信息公开申请情况</p><table border='1'>")
    out.append("<tr>" + _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rowspan=3, colspan=3)
               + _td("申请人情况", colspan=7) + "</tr>")
    out.append("<tr>" + _td("自然人", rowspan=2) + _td("法人或其他组织", colspan=5) + _td("总计", rowspan=2) + "</tr>")
    out.append("<tr>" + _td("商业 企业") + _td("科研\n机构") + _td("社会公益组织") + _td("法律服务机构") + _td("其他") + "</tr>")
    rows = GB2019.t3_rows
    for i, row in enumerate(rows):
        if not row.data:
            continue
        vals = tabs["t3"][row.id]
        fw = row.id == "r1_new"  # full-width digits in one row
        cells = ""
        if row.parent is None:
            cells = _td(row.label, colspan=3)
        else:
            if row.id == "r3_1_open":
                n = sum(1 for r in rows if r.data and r.parent and r.id != "r4_carry_out")
                cells += _td("三、本年度办理结果", rowspan=n)
            parent = rows[[r.id for r in rows].index(row.parent)]
            if parent.id == "r3":
                cells += _td(row.label, colspan=2)
            else:
                first_child = next(r for r in rows if r.parent == parent.id)
                if first_child.id == row.id:
                    cells += _td(parent.label, rowspan=sum(1 for r in rows if r.parent == parent.id))
                cells += _td(row.label)
        out.append("<tr>" + cells + "".join(_td(v, fw=fw) for v in vals) + "</tr>")
        del i
    out.append("</table>")
    out.append("<p>四、政府信息公开行政复议、行政诉讼情况</p><table border='1'>")
    out.append("<tr>" + _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10) + "</tr>")
    out.append("<tr>" + "".join(_td(x, rowspan=2) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"))
               + _td("未经复议直接起诉", colspan=5) + _td("复议后起诉", colspan=5) + "</tr>")
    out.append("<tr>" + "".join(_td(x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2) + "</tr>")
    out.append("<tr>" + "".join(_td(tabs["t4"][c]) for c in T4_COLUMN_IDS) + "</tr></table>")
    for p in prose["s5"]:
        out.append(f"<p>{html.escape(p)}</p>")
    out.append("</td></tr></table><div class='footer'>主办单位：宝山区人民政府 联系电话 12345</div></body></html>")
    return "\n".join(out)


def make_html() -> None:
    (CORPUS / "11-seed-rowspan.html").write_text(seed_html(), encoding="utf-8")
    write_expected("11-seed-rowspan", "2019", "宝山区规划和自然资源局", 2019, seed_tables(), "html", findings=SEED_FINDINGS)


# ---------------------------------------------------------------------------


def make_markdown() -> None:
    tabs = seed_tables()
    prose = seed_prose()
    out = [f"# {prose['head'][0]}{prose['head'][1]}", ""]
    out += [p + "\n" for p in prose["head"][2:]]
    out.append("## 二、主动公开政府信息情况\n")
    for sub in GB2019.t2:
        out.append(f"| {sub.heading} | | | |")
        out.append("|---|---|---|---|")
        out.append("| 信息内容 | " + " | ".join(c.label for c in sub.columns) + " |")
        for row in sub.rows:
            vals = [("253.2358万" if c.id == "amount" else str(tabs["t2"][sub.id][row.id][c.id])) for c in sub.columns]
            out.append(f"| {row.label} | " + " | ".join(vals) + " |")
        out.append("")
    out.append("## 三、收到和处理政府信息公开申请情况\n")
    out.append("| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） | | | 申请人情况 | | | | | | |")
    out.append("|---|---|---|---|---|---|---|---|---|---|")
    out.append("| | | | 自然人 | 法人或其他组织 | | | | | 总计 |")
    out.append("| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |")
    for row in GB2019.t3_rows:
        if not row.data:
            continue
        vals = [str(v) for v in tabs["t3"][row.id]]
        if row.parent is None:
            cells = [row.label, "", ""]
        elif row.parent == "r3":
            cells = ["三、本年度办理结果" if row.id == "r3_1_open" else "", row.label, ""]
        else:
            cells = ["", GB2019.t3_row(row.parent).label if row.id.endswith("_1") else "", row.label]
        if row.id == "r3_4_2":
            # a converter shifted this row: the label cells merged, a trailing empty cell added
            out.append(f"| {row.label} | " + " | ".join(vals) + " | |")
            continue
        out.append("| " + " | ".join(cells + vals) + " |")
    out.append("")
    out.append("## 四、政府信息公开行政复议、行政诉讼情况\n")
    out.append("| 行政复议 | | | | | 行政诉讼 | | | | | | | | | |")
    out.append("|" + "---|" * 15)
    out.append("| 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 | 未经复议直接起诉 | | | | | 复议后起诉 | | | | |")
    out.append("| | | | | | " + " | ".join(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2) + " |")
    out.append("| " + " | ".join(str(tabs["t4"][c]) for c in T4_COLUMN_IDS) + " |")
    out.append("")
    out += [("## " + p if p.startswith(("五、", "六、")) else p) + "\n" for p in prose["s5"]]
    (CORPUS / "12-seed.md").write_text("\n".join(out), encoding="utf-8")
    write_expected("12-seed", "2019", "宝山区规划和自然资源局", 2019, tabs, "markdown", findings=SEED_FINDINGS)


def make_gbk() -> None:
    text = SEED_TXT.read_text(encoding="utf-8")
    (CORPUS / "13-seed-gbk.txt").write_bytes(text.encode("gbk"))
    write_expected("13-seed-gbk", "2019", "宝山区规划和自然资源局", 2019, seed_tables(), "text",
                   findings=SEED_FINDINGS, encoding="gbk")


def make_rundigits() -> None:
    """The seed as saved from a web page: each row on one line, the digits of the cells run together."""
    tabs = seed_tables()
    prose = seed_prose()
    out = list(prose["head"])
    out.append("二、主动公开政府信息情况")
    for sub in GB2019.t2:
        out.append(sub.heading)
        out.append("信息内容 " + " ".join(c.label for c in sub.columns))
        for row in sub.rows:
            vals = [("253.2358万" if c.id == "amount" else str(tabs["t2"][sub.id][row.id][c.id])) for c in sub.columns]
            out.append(row.label + " " + " ".join(vals))
    out.append("三、收到和处理政府信息公开申请情况")
    out.append("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他")
    for row in GB2019.t3_rows:
        label = row.label if row.data else row.label
        if not row.data:
            out.append(label)
            continue
        out.append(label + "".join(str(v) for v in tabs["t3"][row.id]))
    out.append("四、政府信息公开行政复议、行政诉讼情况")
    out.append("行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计未经复议直接起诉复议后起诉结果维持结果纠正其他结果尚未审结总计结果维持结果纠正其他结果尚未审结总计")
    out.append("".join(str(tabs["t4"][c]) for c in T4_COLUMN_IDS))
    out += prose["s5"]
    (CORPUS / "14-seed-rundigits.txt").write_text("\n".join(out) + "\n", encoding="utf-8")
    # expected: what the arithmetic can recover; cells it cannot decide are null and listed
    sys.path.insert(0, str(ROOT))
    from gongkai.auditor.audit import audit_bytes

    res = audit_bytes((CORPUS / "14-seed-rundigits.txt").read_bytes(), "14-seed-rundigits.txt")
    got = res.report.to_dict()["tables"]
    amb = res.extraction.ambiguous
    # every recovered cell must be the true one; every ambiguous cell must list the true one
    for rid, vals in got["t3"].items():
        for i, v in enumerate(vals):
            ref = f"t3.{rid}.{['np', 'le_com', 'le_res', 'le_soc', 'le_law', 'le_oth', 'total'][i]}"
            if ref in amb:
                assert tabs["t3"][rid][i] in amb[ref], ref
            else:
                assert v == tabs["t3"][rid][i], (ref, v)
    for cid, v in got["t4"].items():
        ref = f"t4.{cid}"
        assert (tabs["t4"][cid] in amb[ref]) if ref in amb else v == tabs["t4"][cid], ref
    expected = copy.deepcopy(tabs)
    for ref in amb:
        parts = ref.split(".")
        if parts[0] == "t3":
            expected["t3"][parts[1]][["np", "le_com", "le_res", "le_soc", "le_law", "le_oth", "total"].index(parts[2])] = None
        else:
            expected["t4"][parts[1]] = None
    write_expected("14-seed-rundigits", "2019", "宝山区规划和自然资源局", 2019, expected, "text",
                   ambiguous={k: v for k, v in sorted(amb.items())}, truth_tables=tabs)


def make_mixed() -> None:
    """2021 report (2021 table 二) whose table 三 keeps the 2019 single （六）其他处理 row."""
    huaian = json.loads((CORPUS / "02-huaian-gov-2024.json").read_text(encoding="utf-8"))
    t = copy.deepcopy(huaian["tables"])
    other = [sum(x) for x in zip(t["t3"]["r3_6_1"], t["t3"]["r3_6_2"], t["t3"]["r3_6_3"], strict=True)]
    out = ["<html><body><h2>淮安市人民政府2024年政府信息公开工作年度报告</h2>",
           "<p>一、总体情况</p><p>2024年共新收政府信息公开申请3119件。</p>",
           "<p>二、主动公开政府信息情况</p><table>"]
    for sub in GB2021.t2:
        out.append(f"<tr>{_td(sub.heading, colspan=4)}</tr>")
        out.append("<tr>" + _td("信息内容") + "".join(_td(c.label) for c in sub.columns) + "</tr>")
        for row in sub.rows:
            vals = []
            for c in sub.columns:
                v = t["t2"][sub.id][row.id][c.id]
                vals.append("96171.6" if c.id == "amount" else v)
            out.append("<tr>" + _td(row.label) + "".join(_td(v) for v in vals) + "</tr>")
    out.append("</table><p>三、收到和处理政府信息公开申请情况</p><table>")
    out.append("<tr>" + _td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", colspan=3) + _td("申请人情况", colspan=7) + "</tr>")
    out.append("<tr>" + _td("") * 3 + "".join(_td(x) for x in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")) + "</tr>")
    for row in GB2019.t3_rows:
        if not row.data:
            continue
        vals = other if row.id == "r3_6" else t["t3"][row.id]
        out.append("<tr>" + _td("") + _td(row.label, colspan=2) + "".join(_td(v) for v in vals) + "</tr>")
    out.append("</table><p>四、政府信息公开行政复议、行政诉讼情况</p><table>")
    out.append("<tr>" + _td("行政复议", colspan=5) + _td("行政诉讼", colspan=10) + "</tr>")
    out.append("<tr>" + "".join(_td(x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 3) + "</tr>")
    out.append("<tr>" + "".join(_td(t["t4"][c]) for c in T4_COLUMN_IDS) + "</tr></table>")
    out.append("<p>五、存在的主要问题及改进情况</p><p>政府信息公开工作人员业务能力有待提升，将加强培训。</p>")
    out.append("<p>六、其他需要报告的事项</p><p>本年度发出收费通知6件，收取信息处理费0元。</p></body></html>")
    (CORPUS / "15-mixed-2021.html").write_text("\n".join(out), encoding="utf-8")
    t["t3"]["r3_6_1"] = [None] * 7
    t["t3"]["r3_6_2"] = [None] * 7
    t["t3"]["r3_6_3"] = other
    write_expected("15-mixed-2021", "2021", "淮安市人民政府", 2024, t, "html",
                   findings=[{"rule": "EDITION_MIXED"}, {"rule": "CELL_BLANK"}, {"rule": "CELL_NOT_FOUND"}])


if __name__ == "__main__":
    make_docx()
    make_html()
    make_markdown()
    make_gbk()
    make_rundigits()
    make_mixed()
    print("corpus written to", CORPUS)
