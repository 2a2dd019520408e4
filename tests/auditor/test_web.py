"""The auditor's staff pages: upload (one, many, zip), batch with charts and XLSX, report with marks."""

import io
import re
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gongkai.auditor.actions import AuditError, run_audit_batch
from gongkai.auditor.models import AuditBatch, AuditEvent

from .conftest import CORPUS, SEED

pytestmark = pytest.mark.django_db


def upload(client, *files, title=""):
    return client.post("/office/audit/", {"files": list(files), "title": title})


def f(name, data):
    return SimpleUploadedFile(name, data)


def test_upload_one_report_shows_marked_cells_and_sentences(client, cast):
    client.force_login(cast.clerk)
    resp = upload(client, f("seed.txt", SEED.read_bytes()))
    assert resp.status_code == 302
    page = client.get(resp["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    assert "宝山区规划和自然资源局" in html
    assert html.count('class="narrative-bad"') == 1  # the one sentence all four findings quote
    # the cells behind the 无法提供 finding are highlighted
    assert re.search(r'class="num warn"[^>]*data-ref="t3.r3_4_1.total"', html)
    batch = AuditBatch.objects.get()
    assert batch.agency == cast.planning and batch.created_by == cast.clerk
    assert AuditEvent.objects.get(batch=batch).kind == "uploaded"


def test_error_cells_are_bad(client, cast):
    client.force_login(cast.clerk)
    text = SEED.read_text(encoding="utf-8").replace("\t371\n", "\t372\n", 1)
    resp = upload(client, f("broken.txt", text.encode()))
    html = client.get(resp["Location"]).content.decode()
    assert re.search(r'class="num bad"[^>]*data-ref="t3.r1_new.np"', html)
    assert "T3_ROW_TOTAL" in html


def test_batch_zip_charts_and_xlsx(client, cast):
    client.force_login(cast.supervisor)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.write(SEED, "seed.txt")
        z.write(CORPUS / "01-shuyang-drc-2023.html", "shuyang.html")
        z.writestr("junk.txt", "不是年报")
    resp = upload(client, f("reports.zip", buf.getvalue()), f("huaian.docx", (CORPUS / "10-huaian-2024-filled.docx").read_bytes()),
                  title="2024年抽查")
    assert resp.status_code == 302
    batch = AuditBatch.objects.get()
    assert (batch.n_reports, batch.n_unreadable, batch.title) == (4, 1, "2024年抽查")
    html = client.get(resp["Location"]).content.decode()
    assert 'id="chart-rules"' in html and "chart-4.6.1.umd.min.js" in html
    assert "TEXT_MATCHES_TABLES" in html and "无法读取" in html
    x = client.get(f"/office/audit/{batch.pk}/export.xlsx")
    assert x.status_code == 200
    ws = load_workbook(io.BytesIO(x.content)).active
    rules = [ws.cell(row=i, column=5).value for i in range(2, ws.max_row + 1)]
    assert rules.count("TEXT_MATCHES_TABLES") == 4 and "UNREADABLE" in rules
    assert AuditEvent.objects.filter(batch=batch, kind="exported").exists()


def test_bad_uploads_are_refused_beside_the_field(client, cast, settings):
    client.force_login(cast.clerk)
    resp = upload(client, f("virus.exe", b"MZ..."))
    assert resp.status_code == 200 and "不支持的文件类型" in resp.content.decode()
    settings.GONGKAI_UPLOAD_MAX_BYTES = 100
    resp = upload(client, f("seed.txt", SEED.read_bytes()))
    assert "过大" in resp.content.decode()
    settings.GONGKAI_UPLOAD_MAX_BYTES = 30 * 1024
    resp = upload(client, *[f(f"r{i}.txt", SEED.read_bytes()) for i in range(12)])
    assert "请分批上传" in resp.content.decode()
    resp = client.post("/office/audit/", {})
    assert "请选择要审查的年报文件" in resp.content.decode()
    assert not AuditBatch.objects.exists()


def test_outsider_gets_404(client, cast):
    batch = run_audit_batch(agency=cast.planning, actor=cast.clerk, files=[("seed.txt", SEED.read_bytes())],
                            now=__import__("django.utils.timezone", fromlist=["now"]).now())
    rep = batch.reports.get()
    client.force_login(cast.outsider)
    for url in (f"/office/audit/{batch.pk}/", f"/office/audit/{batch.pk}/{rep.pk}/", f"/office/audit/{batch.pk}/export.xlsx"):
        assert client.get(url).status_code == 404
    assert str(batch.pk) not in client.get("/office/audit/").content.decode().split("审查记录")[1]
    # the supervisor of the district sees the planning department's batch
    client.force_login(cast.supervisor)
    assert client.get(f"/office/audit/{batch.pk}/{rep.pk}/").status_code == 200


def test_anonymous_is_sent_to_login(client):
    resp = client.get("/office/audit/")
    assert resp.status_code == 302 and "/login" in resp["Location"]


def test_empty_batch_is_an_error(cast):
    from django.utils import timezone

    with pytest.raises(AuditError):
        run_audit_batch(agency=cast.planning, actor=cast.clerk, files=[], now=timezone.now())


def test_zip_bomb_upload_is_refused_not_unpacked(client, cast):
    client.force_login(cast.clerk)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.txt", b"0" * (40 * 1024 * 1024))
    resp = upload(client, f("bomb.zip", buf.getvalue()))
    batch = AuditBatch.objects.get()
    assert batch.n_unreadable == 1
    html = client.get(resp["Location"]).content.decode()
    assert "压缩" in html or "过大" in html


def test_cells_not_found_are_listed_and_marked(client, cast):
    client.force_login(cast.clerk)
    resp = upload(client, f("mixed.html", (CORPUS / "15-mixed-2021.html").read_bytes()))
    html = client.get(resp["Location"]).content.decode()
    assert "未能读取的单元格" in html and "t3.r3_6_1.np" in html
    assert re.search(r'class="num warn"[^>]*data-ref="t3.r3_6_1.np"', html)
    assert "EDITION_MIXED" in html


def test_own_layout_marks_cells_and_sentences():
    """The auditor's own layout (used when the reports renderer is absent) marks the same things."""
    from gongkai.auditor import present
    from gongkai.auditor.audit import audit_bytes

    text = SEED.read_text(encoding="utf-8").replace("\t371\n", "\t372\n", 1)
    res = audit_bytes(text.encode(), "broken.txt")
    result = res.to_dict(provenance=True)
    result["missing"] = ["t4.la_total"]
    ctx = present.context(result)
    cells = {td.ref: td for row in ctx["t3"] for td in row if td.ref}
    assert "bad" in cells["t3.r1_new.np"].cls and "应等于" in cells["t3.r1_new.np"].title
    assert "warn" in cells["t3.r3_4_1.total"].cls and "无法提供" in cells["t3.r3_4_1.total"].title
    t4 = {td.ref: td for td in ctx["t4"]}
    assert t4["t4.la_total"].text == "—" and "未找到" in t4["t4.la_total"].title
    s1 = next(s for s in ctx["sections"] if s["id"] == "s1")
    bad = [p for para in s1["paragraphs"] for p in para if p["bad"]]
    assert len(bad) == 1 and "347件" in bad[0]["text"]
    amounts = {td.ref: td.text for b in ctx["t2"] for r in b["rows"] for td in r["cells"]}
    assert amounts["t2.t2_a20_9.procurement.amount"] == "253.2358万元"


def test_dashboard_panel_lists_recent_batches(client, cast):
    from django.utils import timezone

    run_audit_batch(agency=cast.planning, actor=cast.clerk, files=[("seed.txt", SEED.read_bytes())],
                    now=timezone.now(), title="抽查一")
    client.force_login(cast.clerk)
    html = client.get("/office/").content.decode()
    assert "年报审查" in html and "抽查一" in html
    client.force_login(cast.outsider)
    assert "抽查一" not in client.get("/office/").content.decode()
