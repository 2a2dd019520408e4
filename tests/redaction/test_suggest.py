"""Suggestions: table-driven over the detectors, and over a PDF made in the tests."""

from __future__ import annotations

import pytest

from gongkai.redaction import engine
from gongkai.redaction.suggest import find, is_natural_person, luhn_ok, suggest_pages
from tests.redaction import docs

CARD = "6222021234567890128"  # 19 digits, Luhn-valid


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"身份证号{docs.ID}。", [("id_number", docs.ID)]),
        ("身份证号310113199003071235。", []),  # wrong check digit
        ("编号310113199013071236。", []),  # no 13th month
        ("电话13812345678，", [("mobile", "13812345678")]),
        ("电话138-1234-5678，", [("mobile", "138-1234-5678")]),
        ("电话+8613812345678", [("mobile", "+8613812345678")]),
        ("座机12345678901", []),  # 12 is no mobile prefix
        (f"卡号{CARD}", [("bank_card", CARD)]),
        ("卡号6222021234567890123", []),  # fails Luhn
        ("住址上海市宝山区友谊路100号。", [("address", "上海市宝山区友谊路100号")]),
        ("家住宝山区淞宝路88弄5号1201室，", [("address", "宝山区淞宝路88弄5号1201室")]),
        ("第三十二条", []),
    ],
)
def test_detectors(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(f.kind, f.text) for f in find(text)] == expected


def test_id_not_also_a_card_and_third_party_names() -> None:
    found = find(f"{docs.NAME}{docs.ID}上海某某有限公司李四", ["王小明", "上海某某有限公司", "李四"])
    assert [(f.kind, f.text) for f in found] == [
        ("person", "王小明"), ("id_number", docs.ID), ("person", "李四"),
    ]
    assert not is_natural_person("上海某某有限公司") and is_natural_person("王小明")
    assert luhn_ok("79927398713") and not luhn_ok("79927398710")


def test_suggestions_over_a_pdf_find_split_numbers() -> None:
    pdf = docs.text_pdf(pages=2)
    got = suggest_pages(engine.extract_text(pdf), [docs.NAME])
    assert {(s.page, s.kind, s.text) for s in got} >= {
        (1, "id_number", docs.ID),  # printed over two lines
        (1, "mobile", docs.PHONE),
        (1, "address", docs.ADDRESS),
        (1, "person", docs.NAME),
        (2, "id_number", docs.ID),
    }
    # Accepting them all as marks removes them.
    marks = [engine.TextMark(s.text, "third_party_rights", page=s.page) for s in got]
    out = engine.redact(pdf, marks)
    text = "".join(engine.extract_text(out.pdf))
    assert docs.ID not in text and docs.PHONE not in text and docs.NAME not in text
