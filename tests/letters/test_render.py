"""Every letter kind renders to DOCX and PDF, for every outcome code, with the agency's name, the 文号,
the legal basis with its article and (on decision letters) the remedies paragraph."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import docx
import pytest
from docx.oxml.ns import qn

from gongkai.law.categories import OUTCOMES, REPLY_TYPE_LABELS, ReplyType, outcomes_of
from gongkai.law.fees import per_application_fee
from gongkai.letters.compose import REGULATION, full_article
from gongkai.letters.render import (
    DECISION_KINDS,
    LETTER_KINDS,
    compose,
    render_letter,
    render_letter_pdf,
    reply_kind,
)
from tests.letters.helpers import docx_text, pdf_text

AGENCY = {
    "name": "宝山区规划和自然资源局",
    "short_name": "区规划资源局",
    "office_name": "宝山区规划和自然资源局办公室",
    "address": "上海市宝山区宝林路45号",
    "phone": "021-56105740",
    "review_organ": "上海市宝山区人民政府",
    "court": "上海铁路运输法院",
}
NOTICE_KINDS = [k for k in LETTER_KINDS if not k.startswith("reply_")]
# The article each notice is based on (written out here independently of the code under test).
NOTICE_ARTICLE = {
    "receipt": "第三十一条",
    "correction": "第三十条",
    "extension": "第三十三条第二款",
    "third_party": "第三十二条",
    "third_party_override": "第三十二条",
    "other_organ": "第三十四条",
    "fee_notice": "第四十二条",
    "record_reply": "第四十一条",
}
REMEDY_REVIEW = "60日内向上海市宝山区人民政府申请行政复议"
REMEDY_COURT = "6个月内向上海铁路运输法院提起行政诉讼"
REMEDY_AFTER_REVIEW = "对行政复议决定不服的，可以自收到行政复议决定书之日起15日内依法向上海铁路运输法院提起行政诉讼"


def full_context(**extra: object) -> dict:
    return {
        "agency": AGENCY,
        "letter_no": "宝规资信〔2026〕第12号",
        "date": dt.date(2026, 11, 27),
        "applicant": {"name": "张三", "address": "上海市宝山区友谊路1号"},
        "application": {
            "tracking_no": "GK-BSGHZY-2026-00042",
            "received_on": dt.date(2026, 11, 2),
            "submitted_on": "2026-11-01",
            "channel": "网上申请",
            "description": "宝山区顾村镇某地块建设工程规划许可证",
        },
        "due_date": dt.date(2026, 11, 30),
        "correction_items": ["请明确地块的具体位置", "请说明所需文件的年份"],
        "correction_due": dt.date(2026, 11, 20),
        "extension_wd": 20,
        "original_due": dt.date(2026, 11, 30),
        "new_due": dt.date(2026, 12, 28),
        "withheld_detail": "第3页所载个人身份证号码",
        "withheld_reason": "third_party_rights",
        "fee": {"amount": per_application_fee(35).total, "lines": per_application_fee(35).lines,
                "method": "per_application", "payment_due": dt.date(2026, 12, 25)},
        "third_party": {"name": "上海某某置业有限公司"},
        "third_party_due": dt.date(2026, 12, 1),
        "public_interest_reason": "该信息涉及周边居民的重大公共安全",
        "other_organ": "上海市宝山区住房保障和房屋管理局",
        "other_organ_due": dt.date(2026, 12, 2),
        **extra,
    }


def cases() -> list[tuple[str, str]]:
    out = []
    for o in OUTCOMES:
        out.append((reply_kind(o.reply_type), o.code))
        out.extend((k, o.code) for k in NOTICE_KINDS)  # the outcome code is ignored by notices
    return out


def expected_article(kind: str, code: str) -> str:
    if kind.startswith("reply_"):
        return full_article(next(o.article for o in OUTCOMES if o.code == code))
    return NOTICE_ARTICLE[kind]


def test_kinds_cover_every_reply_type_and_notice() -> None:
    assert set(LETTER_KINDS) == set(NOTICE_ARTICLE) | {f"reply_{rt.value}" for rt in ReplyType}
    for rt in ReplyType:
        assert REPLY_TYPE_LABELS[rt] in LETTER_KINDS[reply_kind(rt)]


@pytest.mark.parametrize("kind,code", cases())
def test_docx_and_pdf_for_every_kind_and_outcome(kind: str, code: str) -> None:
    ctx = full_context(outcome=code)
    data = render_letter(kind, ctx)
    assert zipfile.ZipFile(io.BytesIO(data)).testzip() is None
    text = docx_text(data)
    pdf = render_letter_pdf(kind, ctx)
    assert pdf.startswith(b"%PDF")
    ptext = pdf_text(pdf)
    article = expected_article(kind, code)
    for t in (text.replace("\n", ""), ptext):
        assert "宝山区规划和自然资源局" in t
        assert "宝规资信〔2026〕第12号" in t
        assert article in t
        assert "2026年11月27日" in t  # GB/T 9704-2012: Arabic numerals
        if kind == "reply_withheld":  # since 2024 a refusal goes to review first (行政复议法 Art. 23)
            assert REMEDY_REVIEW in t and REMEDY_AFTER_REVIEW in t and REMEDY_COURT not in t
        elif kind in DECISION_KINDS:
            assert REMEDY_REVIEW in t and REMEDY_COURT in t
        else:
            assert "行政复议" not in t
    if kind.startswith("reply_"):
        outcome = next(o for o in OUTCOMES if o.code == code)
        assert outcome.label in text
        assert f"根据{full_article(outcome.article)}的规定" in text
        assert outcome.article.startswith("《条例》") == (REGULATION in article)


def test_reply_basis_reads_like_the_regulation() -> None:
    text = docx_text(render_letter("reply_unavailable", full_context(outcome="A36_4_not_exist")))
    assert "根据《中华人民共和国政府信息公开条例》第三十六条第（四）项的规定" in text
    assert "本机关不掌握相关政府信息" in text


def test_partial_reply_states_what_was_withheld_and_why() -> None:
    text = docx_text(render_letter("reply_partial", full_context(outcome="A37_partial")))
    assert "第三十七条" in text
    assert "第3页所载个人身份证号码" in text
    assert "第十五条、第三十二条（保护第三方合法权益）" in text


def test_fee_notice_prints_the_breakdown_table() -> None:
    d = docx.Document(io.BytesIO(render_letter("fee_notice", full_context())))
    assert len(d.tables) == 1
    cells = [[c.text for c in row.cells] for row in d.tables[0].rows]
    assert cells[0] == ["计费档次", "数量", "标准（元）", "金额（元）"]
    assert ["第11—30件", "20", "100", "2000"] in cells
    assert cells[-1][0] == "合计" and cells[-1][-1] == "3000"
    assert "共计人民币3000元（按件计收）" in docx_text(render_letter("fee_notice", full_context()))


def test_fee_object_from_the_law_works_directly() -> None:
    text = docx_text(render_letter("fee_notice", full_context(fee=per_application_fee(12))))
    assert "共计人民币200元" in text


def test_third_party_letters_go_to_the_third_party_and_hide_the_applicant() -> None:
    for kind in ("third_party", "third_party_override"):
        text = docx_text(render_letter(kind, full_context()))
        assert "上海某某置业有限公司：" in text
        assert "张三" not in text
    assert "该信息涉及周边居民的重大公共安全" in docx_text(render_letter("third_party_override", full_context()))
    override = docx_text(render_letter("third_party_override", full_context()))
    assert "如对本决定不服" in override and "自收到本决定之日起60日内" in override and "特此告知。" in override


def test_other_organ_letter_addresses_the_organ() -> None:
    text = docx_text(render_letter("other_organ", full_context()))
    assert "上海市宝山区住房保障和房屋管理局：" in text
    assert "逾期未提出意见的，视为同意公开" in text


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_missing_optional_keys_do_not_crash(kind: str) -> None:
    for ctx in ({}, None, {"agency": {"name": "某局"}}, {"application": {"received_on": "不是日期"}}):
        text = docx_text(render_letter(kind, ctx))
        assert LETTER_KINDS[kind].split("（")[0] in text
        assert render_letter_pdf(kind, ctx).startswith(b"%PDF")
    if kind in DECISION_KINDS:  # remedies still present, with generic organs
        assert "有管辖权的人民法院" in docx_text(render_letter(kind, {}))


def test_agency_model_instance_as_context(db) -> None:
    from gongkai.agencies.models import Agency

    agency = Agency.objects.create(name="某某区交通委员会", code="X1", slug="x1", review_organ="某某区人民政府",
                                   court="某某区人民法院")
    text = docx_text(render_letter("reply_open", {"agency": agency}))
    assert "某某区交通委员会" in text and "向某某区人民政府申请行政复议" in text


def test_outcome_must_match_reply_type() -> None:
    with pytest.raises(ValueError, match="不属于予以公开"):
        render_letter("reply_open", full_context(outcome="state_secret"))
    with pytest.raises(ValueError, match="未知的答复理由"):
        render_letter("reply_withheld", full_context(outcome="nope"))
    with pytest.raises(ValueError, match="未知的文书类型"):
        render_letter("reply_maybe", full_context())


def test_missing_outcome_takes_the_first_reason_of_the_type() -> None:
    for rt in ReplyType:
        comp = compose(reply_kind(rt), {})
        assert comp.basis == full_article(outcomes_of(rt)[0].article)


def test_gongwen_layout_fonts_and_colours() -> None:
    data = render_letter("reply_withheld", full_context(outcome="state_secret"))
    d = docx.Document(io.BytesIO(data))
    head = d.paragraphs[0]
    assert head.text == "宝山区规划和自然资源局"
    run = head.runs[0]
    assert str(run.font.color.rgb) == "FF0000"
    assert run._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
    assert head._p.pPr.find(qn("w:pBdr")) is not None  # red rule under the 发文机关标志
    body = next(p for p in d.paragraphs if p.text.startswith("经审查"))
    assert body.runs[0]._element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16
    assert body.paragraph_format.first_line_indent.pt == 32
    fonts = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
    assert 'w:name="方正小标宋简体"><w:altName w:val="黑体"/>' in fonts
    assert 'w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts
    texts = [p.text for p in d.paragraphs]
    assert "（印章）" in texts
    sig = texts.index("（印章）")
    assert texts[sig - 1] == "宝山区规划和自然资源局" and texts[sig + 1] == "2026年11月27日"
    sec = d.sections[0]
    assert round(sec.page_width.mm) == 210 and round(sec.top_margin.mm) == 37 and round(sec.left_margin.mm) == 28


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_builtin_template_filled_gives_the_same_wording(kind: str) -> None:
    from gongkai.letters.render import builtin_template, check_template, fill_template

    template = builtin_template(kind)
    used = check_template(template, filename="内置.docx")  # a valid upload as it stands
    assert {"机关名称", "文号", "答复内容", "日期"} <= used
    assert ("救济途径" in used) == (kind in DECISION_KINDS)
    ctx = full_context(outcome=None)
    comp = compose(kind, ctx)
    filled = fill_template(template, comp.placeholders)
    d = docx.Document(io.BytesIO(filled))
    texts = [p.text for p in d.paragraphs]
    # {{答复内容}} alone in its paragraph expands into one indented paragraph per line
    for block in comp.body:
        if isinstance(block, str):
            assert block in texts
    first_body = next(p for p in d.paragraphs if p.text == comp.body[0])
    assert first_body.paragraph_format.first_line_indent.pt == 32
    assert "{{" not in docx_text(filled)
    if kind in DECISION_KINDS:
        assert comp.remedies in texts


def test_pdf_pages_are_numbered_and_no_line_starts_with_punctuation() -> None:
    import pdfplumber

    answer = ["该信息已在本机关网站“政府信息公开”专栏主动公开，网址：https://example.gov.cn/xxgk/123。"] * 12
    pdf = render_letter_pdf("reply_open", full_context(outcome="A36_1_already_public", answer=answer))
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        assert len(doc.pages) >= 2
        for n, page in enumerate(doc.pages, 1):
            lines = (page.extract_text() or "").splitlines()
            assert f"— {n} —" in lines[-1]
            assert not [line for line in lines if line[:1] in "，。、；：？！）》”"]
    d = docx.Document(io.BytesIO(render_letter("reply_open", full_context())))
    footer = d.sections[0].footer.paragraphs[0]
    assert footer.text == "— 1 —" and "PAGE" in footer._p.xml


def test_document_properties_name_the_agency_and_the_date() -> None:
    cp = docx.Document(io.BytesIO(render_letter("receipt", full_context()))).core_properties
    assert cp.author == "宝山区规划和自然资源局" and cp.subject == "宝规资信〔2026〕第12号"
    assert cp.created.date() == dt.date(2026, 11, 27) and cp.comments == ""
