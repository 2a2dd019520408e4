"""issue_letter: 文号 allocation (gapless, unique, per agency and year, also under concurrency), the stored
files, the Letter row and its event; agency templates replacing the built-in ones; refused uploads."""

from __future__ import annotations

import datetime as dt
import io
import threading
import zipfile
from pathlib import Path

import docx
import pytest
from django.db import connection, transaction

from gongkai.law.fees import per_page_fee
from gongkai.letters.actions import LetterError, issue_letter, remove_template, set_template
from gongkai.letters.models import Letter, LetterEvent, LetterSequence, LetterTemplate
from gongkai.letters.render import check_template
from tests.letters.helpers import docx_text, in_thread, pdf_text

SH = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 11, 27, 10, 0, tzinfo=SH)
CTX = {
    "applicant": {"name": "张三"},
    "application": {"tracking_no": "GK-1", "received_on": dt.date(2026, 11, 2), "description": "规划许可证"},
    "outcome": "A36_4_not_exist",
}


def issue(cast, kind: str = "reply_unavailable", **kw):
    kw.setdefault("agency", cast.planning)
    kw.setdefault("context", CTX)
    kw.setdefault("actor", cast.clerk)
    kw.setdefault("now", NOW)
    return issue_letter(kind=kind, **kw)


def media_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_issue_letter_numbers_renders_stores_and_logs(cast, _media) -> None:
    letter = issue(cast, application_id=42)
    assert letter.number == "区规划资源局信〔2026〕第1号"
    assert (letter.year, letter.serial, letter.application_id) == (2026, 1, 42)
    assert letter.issued_by == cast.clerk and letter.issued_at == NOW
    assert letter.docx.name.startswith(f"letters/{cast.planning.pk}/2026/00001-reply_unavailable")
    assert Path(letter.docx.path).is_file() and Path(letter.pdf.path).is_file()
    assert str(_media) in letter.docx.path
    text = docx_text(Path(letter.docx.path).read_bytes())
    assert "宝山区规划和自然资源局" in text
    assert "区规划资源局信〔2026〕第1号" in text
    assert "第三十六条第（四）项" in text
    assert "向上海市宝山区人民政府申请行政复议" in text and "向上海铁路运输法院提起行政诉讼" in text
    assert "2026年11月27日" in text  # date defaults to the local date of `now`
    assert "区规划资源局信〔2026〕第1号" in pdf_text(Path(letter.pdf.path).read_bytes())
    assert letter.context["letter_no"] == letter.number
    assert letter.context["agency"]["court"] == "上海铁路运输法院"
    assert letter.context["application"]["received_on"] == "2026-11-02"
    event = LetterEvent.objects.get(letter=letter)
    assert event.kind == "issued" and event.actor == cast.clerk
    assert event.payload == {"kind": "reply_unavailable", "number": letter.number, "application_id": 42,
                             "template_id": None}
    assert letter.download_name("pdf") == "区规划资源局信〔2026〕第1号 政府信息公开申请答复书（无法提供）.pdf"


def test_numbers_are_consecutive_per_agency_and_year(cast) -> None:
    cast.planning.settings = {"letter_prefix": "宝规资信"}
    cast.planning.save()
    numbers = [issue(cast, kind).number for kind in ("receipt", "correction", "extension", "fee_notice")]
    assert numbers == [f"宝规资信〔2026〕第{n}号" for n in range(1, 5)]
    other = issue(cast, "receipt", agency=cast.transport, actor=cast.outsider)
    assert other.number == "区交通委信〔2026〕第1号"
    # 2026-12-31 16:30 UTC is already 2027-01-01 in Shanghai: a new year's sequence starts at 1.
    new_year = dt.datetime(2026, 12, 31, 16, 30, tzinfo=dt.UTC)
    assert issue(cast, "receipt", now=new_year).number == "宝规资信〔2027〕第1号"
    assert issue(cast, "receipt", now=new_year - dt.timedelta(hours=1)).number == "宝规资信〔2026〕第5号"
    assert LetterSequence.objects.get(agency=cast.planning, year=2026).last_number == 5


def test_custom_number_pattern(cast) -> None:
    cast.planning.settings = {"letter_prefix": "宝规资", "letter_number_pattern": "{prefix}依申请〔{year}〕{serial:03d}号"}
    cast.planning.save()
    assert issue(cast).number == "宝规资依申请〔2026〕001号"
    cast.planning.settings = {"letter_number_pattern": "{nonsense}"}
    cast.planning.save()
    assert issue(cast).number == "区规划资源局信〔2026〕第2号"  # a broken pattern falls back to the default


def test_failed_rendering_gives_the_number_back_and_leaves_no_file(cast, _media) -> None:
    issue(cast)
    with pytest.raises(LetterError, match="不属于予以公开"):
        issue(cast, "reply_open", context={**CTX, "outcome": "state_secret"})
    assert media_files(_media) == media_files(_media)  # stable listing
    assert len([p for p in media_files(_media) if p.suffix == ".docx"]) == 1
    with pytest.raises(RuntimeError):
        with transaction.atomic():  # the caller's transaction fails after the letter was issued
            issue(cast)
            raise RuntimeError("caller failed")
    assert issue(cast).serial == 2
    assert list(Letter.objects.order_by("serial").values_list("serial", flat=True)) == [1, 2]


def test_refused_calls(cast) -> None:
    with pytest.raises(LetterError, match="未知的文书类型"):
        issue(cast, "apology")
    with pytest.raises(LetterError, match="时区"):
        issue(cast, now=dt.datetime(2026, 11, 27, 10, 0))
    assert not Letter.objects.exists() and not LetterSequence.objects.filter(last_number__gt=0).exists()


def test_fee_object_and_dates_are_stored_as_json(cast) -> None:
    letter = issue(cast, "fee_notice", context={**CTX, "fee": per_page_fee(250),
                                                 "payment_due": dt.date(2026, 12, 25)})
    assert letter.context["fee"]["amount"] == 4700
    assert letter.context["fee"]["lines"][-1] == {"label": "第201页及以上", "count": 50, "rate": 40, "subtotal": 2000}
    assert letter.context["payment_due"] == "2026-12-25"
    text = docx_text(Path(letter.docx.path).read_bytes())
    assert "共计人民币4700元" in text and "2026年12月25日" in text


# --------------------------------------------------------------------------- agency templates


def make_template(marker: str = "本局自定义模板", *, split: bool = True, extra: str = "") -> bytes:
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "{{机关名称}}"
    d.add_paragraph(marker)
    p = d.add_paragraph("文号：")
    if split:  # Word often splits a placeholder over several runs
        p.add_run("{{")
        p.add_run("文")
        p.add_run("号}}")
        p.add_run("，致 {{申请人}}：")
    else:
        p.add_run("{{文号}}，致 {{申请人}}：")
    d.add_paragraph("{{答复内容}}")
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "法律依据"
    table.cell(0, 1).text = "{{法律依据}}"
    d.add_paragraph("{{救济途径}}" + extra)
    d.add_paragraph("{{日期}}")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_agency_template_replaces_the_built_in_one(cast) -> None:
    tmpl = set_template(agency=cast.planning, kind="reply_unavailable", data=make_template(),
                        filename="答复书.docx", actor=cast.admin, now=NOW)
    assert LetterEvent.objects.get(kind="template_set").payload["placeholders"] == sorted(
        ["机关名称", "文号", "申请人", "答复内容", "法律依据", "救济途径", "日期"])
    letter = issue(cast)
    assert letter.template == tmpl
    d = docx.Document(letter.docx.path)
    text = docx_text(Path(letter.docx.path).read_bytes())
    assert "本局自定义模板" in text
    assert "文号：区规划资源局信〔2026〕第1号，致 张三：" in text
    assert d.sections[0].header.paragraphs[0].text == "宝山区规划和自然资源局"
    assert d.tables[0].cell(0, 1).text == "《中华人民共和国政府信息公开条例》第三十六条第（四）项"
    assert "向上海铁路运输法院提起行政诉讼" in text
    assert "{{" not in text
    ptext = pdf_text(Path(letter.pdf.path).read_bytes())
    assert "本局自定义模板" in ptext and "区规划资源局信〔2026〕第1号" in ptext
    # other kinds and other agencies keep the built-in template
    assert "本局自定义模板" not in docx_text(Path(issue(cast, "receipt").docx.path).read_bytes())
    other = issue(cast, agency=cast.transport)
    assert other.template is None and "本局自定义模板" not in docx_text(Path(other.docx.path).read_bytes())
    # replacing again, then removing
    set_template(agency=cast.planning, kind="reply_unavailable", data=make_template("第二版", split=False),
                 filename="v2.docx", actor=cast.admin, now=NOW)
    assert LetterTemplate.objects.count() == 1
    assert "第二版" in docx_text(Path(issue(cast).docx.path).read_bytes())
    remove_template(agency=cast.planning, kind="reply_unavailable", actor=cast.admin, now=NOW)
    assert "第二版" not in docx_text(Path(issue(cast).docx.path).read_bytes())
    with pytest.raises(LetterError, match="没有自定义模板"):
        remove_template(agency=cast.planning, kind="reply_unavailable", actor=cast.admin, now=NOW)


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _with_entry(docx_bytes: bytes, name: str, data: bytes) -> bytes:
    src = zipfile.ZipFile(io.BytesIO(docx_bytes))
    return _zip({**{i: src.read(i) for i in src.namelist()}, name: data})


@pytest.mark.parametrize(
    "data,filename,message",
    [
        (b"hello, not a document", "a.docx", "不是有效的 Word 文档"),
        (_zip({"word/other.xml": b"<x/>", "[Content_Types].xml": b"<x/>"}), "a.docx", "缺少正文部分"),
        (make_template(), "a.doc", "必须是 Word 文档（.docx 格式）"),
        (b"", "a.docx", "是空的"),
        (_zip({"word/document.xml": b"<broken", "[Content_Types].xml": b"<x/>"}), "a.docx", "已损坏"),
        (make_template(extra="{{不存在的字段}}"), "a.docx", "不认识的占位符：{{不存在的字段}}"),
        (_zip({"word/document.xml": b"", "[Content_Types].xml": b""}), "a.docx", "已损坏"),
        (_with_entry(make_template(), "word/vbaProject.bin", b"\0" * 10), "a.docx", "不能含有宏"),
        (_zip({"word/document.xml": b"x" * (60 << 20), "[Content_Types].xml": b"<x/>"}), "a.docx", "解压后过大"),
    ],
)
def test_bad_uploads_are_refused_in_chinese(cast, data: bytes, filename: str, message: str) -> None:
    with pytest.raises(LetterError, match=message.replace("(", r"\(").replace("{", r"\{")):
        set_template(agency=cast.planning, kind="receipt", data=data, filename=filename, actor=cast.admin, now=NOW)
    assert not LetterTemplate.objects.exists() and not LetterEvent.objects.exists()


def test_template_without_placeholders_and_oversize(settings) -> None:
    d = docx.Document()
    d.add_paragraph("没有占位符")
    buf = io.BytesIO()
    d.save(buf)
    with pytest.raises(ValueError, match="没有任何占位符"):
        check_template(buf.getvalue(), filename="a.docx")
    settings.GONGKAI_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(ValueError, match="模板文件过大"):
        check_template(make_template(), filename="a.docx")


def test_admin_upload_refuses_a_bad_file_and_accepts_a_good_one(cast, client) -> None:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    admin_client = client
    admin_client.force_login(get_user_model().objects.get(username="root"))  # the demo superuser

    url = "/admin/letters/lettertemplate/add/"
    bad = SimpleUploadedFile("模板.docx", b"PK\x03\x04 not really", content_type="application/octet-stream")
    resp = admin_client.post(url, {"agency": cast.planning.pk, "kind": "receipt", "file": bad, "note": "x"})
    assert resp.status_code == 200
    assert "不是有效的 Word 文档" in resp.content.decode()
    assert not LetterTemplate.objects.exists()
    good = SimpleUploadedFile("模板.docx", make_template(), content_type="application/octet-stream")
    resp = admin_client.post(url, {"agency": cast.planning.pk, "kind": "receipt", "file": good, "note": "新版"})
    assert resp.status_code == 302, resp.content.decode()[:2000]
    tmpl = LetterTemplate.objects.get()
    assert tmpl.note == "新版" and tmpl.uploaded_by is not None
    assert LetterEvent.objects.get().kind == "template_set"
    page = admin_client.get(f"/admin/letters/lettertemplate/{tmpl.pk}/change/").content.decode()
    assert "{{答复内容}}" in page  # the placeholders are documented in the help text
    assert admin_client.get("/admin/letters/letter/").status_code == 200


# --------------------------------------------------------------------------- concurrency


@pytest.mark.django_db(transaction=True)
def test_concurrent_issuing_is_gapless_and_unique(production_like_db, _media) -> None:
    from gongkai.agencies.demo import DemoContext, load

    def setup() -> tuple:
        ctx = DemoContext()
        load(ctx)
        return ctx.agencies["planning"], ctx.agencies["transport"], ctx.users["clerk"]

    planning, transport, clerk = in_thread(setup)
    # SQLite serialises writers (BEGIN IMMEDIATE) and each waits at most the busy timeout (20 s) while the
    # others render: keep the queue short there so a loaded CI machine does not time out.
    threads_n, per_thread = (8, 5) if production_like_db == "postgresql" else (4, 3)
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads_n)

    def worker(i: int) -> None:
        try:
            barrier.wait()
            for _ in range(per_thread):  # two agencies share the threads: their sequences are independent
                issue_letter(agency=planning if i % 2 else transport, kind="receipt", context=CTX,
                             actor=clerk, now=NOW)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []

    def check() -> None:
        each = threads_n // 2 * per_thread
        for agency in (planning, transport):
            serials = sorted(Letter.objects.filter(agency=agency).values_list("serial", flat=True))
            assert serials == list(range(1, each + 1))
            assert len(set(Letter.objects.filter(agency=agency).values_list("number", flat=True))) == each
            assert LetterSequence.objects.get(agency=agency, year=2026).last_number == each
            assert LetterEvent.objects.filter(agency=agency, kind="issued").count() == each

    in_thread(check)
    assert len([p for p in media_files(_media) if p.suffix == ".pdf"]) == threads_n * per_thread


def test_admin_offers_the_builtin_templates(cast, client) -> None:
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="root"))
    page = client.get("/admin/letters/lettertemplate/add/").content.decode()
    assert "/admin/letters/lettertemplate/builtin/reply_partial/" in page
    resp = client.get("/admin/letters/lettertemplate/builtin/reply_partial/")
    assert resp.status_code == 200
    assert "{{救济途径}}" in docx_text(resp.content)
    assert client.get("/admin/letters/lettertemplate/builtin/nothing/").status_code == 404
    client.force_login(cast.clerk)  # not staff in the admin
    assert client.get("/admin/letters/lettertemplate/builtin/reply_partial/").status_code == 302


def test_letter_template_command(cast, tmp_path, capsys) -> None:
    from django.core.management import CommandError, call_command

    call_command("letter_template", "--list")
    assert "reply_partial" in capsys.readouterr().out
    out = tmp_path / "t.docx"
    call_command("letter_template", "fee_notice", "-o", str(out))
    assert "{{收费明细}}" in docx_text(out.read_bytes())
    pdf = tmp_path / "s.pdf"
    call_command("letter_template", "reply_withheld", "--preview", "--agency", "BSGHZY", "--outcome", "state_secret",
                 "-o", str(pdf))
    text = pdf_text(pdf.read_bytes())
    assert "宝山区规划和自然资源局" in text and "第十四条" in text and "区规划资源局信〔" in text
    with pytest.raises(CommandError, match="不适用"):
        call_command("letter_template", "reply_open", "--preview", "--outcome", "state_secret", "-o", str(pdf))
    with pytest.raises(CommandError, match="未知的文书类型"):
        call_command("letter_template", "nothing")


def test_admin_lists_letters_and_serves_their_files(cast, client) -> None:
    from django.contrib.auth import get_user_model

    letter = issue(cast, "extension", context={**CTX, "extension_wd": 15})
    client.force_login(get_user_model().objects.get(username="root"))
    listing = client.get("/admin/letters/letter/").content.decode()
    assert letter.number in listing and f"/admin/letters/letter/{letter.pk}/download/pdf/" in listing
    resp = client.get(f"/admin/letters/letter/{letter.pk}/download/docx/")
    assert resp.status_code == 200 and "延长15个工作日" in docx_text(resp.content)
    assert "attachment" in resp["Content-Disposition"]
    assert client.get(f"/admin/letters/letter/{letter.pk}/download/pdf/")["Content-Type"] == "application/pdf"
    assert client.get(f"/admin/letters/letter/{letter.pk}/download/exe/").status_code == 404
    assert client.get(f"/admin/letters/letter/{letter.pk + 99}/download/pdf/").status_code == 404
    assert client.get(f"/admin/letters/letter/{letter.pk}/change/").status_code == 200
    client.force_login(cast.outsider)
    assert client.get(f"/admin/letters/letter/{letter.pk}/download/docx/").status_code == 302  # to the login


def test_agency_admin_manages_only_own_agency_in_the_admin(cast, client) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    mine = set_template(agency=cast.planning, kind="receipt", data=make_template("规划局模板"), filename="a.docx",
                        actor=cast.admin, now=NOW)
    theirs = set_template(agency=cast.transport, kind="receipt", data=make_template("交通委模板"),
                          filename="b.docx", actor=cast.outsider, now=NOW)
    their_letter = issue(cast, agency=cast.transport, actor=cast.outsider)
    my_letter = issue(cast, "correction")
    for user in (cast.admin, cast.outsider):
        user.is_staff = True
        user.save()
    client.force_login(cast.admin)  # 管理员 of planning
    listing = client.get("/admin/letters/lettertemplate/").content.decode()
    assert f"/admin/letters/lettertemplate/{mine.pk}/change/" in listing
    assert f"/admin/letters/lettertemplate/{theirs.pk}/change/" not in listing
    assert client.get(f"/admin/letters/lettertemplate/{theirs.pk}/change/").status_code == 302  # "not found"
    add = client.get("/admin/letters/lettertemplate/add/").content.decode()
    assert cast.planning.name in add and cast.transport.name not in add
    upload = SimpleUploadedFile("c.docx", make_template(), content_type="application/octet-stream")
    resp = client.post("/admin/letters/lettertemplate/add/",
                       {"agency": cast.transport.pk, "kind": "correction", "file": upload})
    assert resp.status_code == 200 and "选择一个有效的选项" in resp.content.decode()
    assert not LetterTemplate.objects.filter(agency=cast.transport, kind="correction").exists()
    assert client.get(f"/admin/letters/letter/{my_letter.pk}/download/pdf/").status_code == 200
    assert client.get(f"/admin/letters/letter/{their_letter.pk}/download/pdf/").status_code == 404
    assert their_letter.number not in client.get("/admin/letters/letter/").content.decode()
    client.force_login(cast.outsider)  # staff, but not 管理员 of any agency
    assert client.get("/admin/letters/lettertemplate/").status_code == 403
    assert client.get(f"/admin/letters/letter/{their_letter.pk}/download/pdf/").status_code == 404
