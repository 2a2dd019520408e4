"""Suggested marks for personal data (pure; no Django): proposals the clerk accepts or rejects, never
applied silently.

Found in a page's text with whitespace and line breaks removed (so a number broken over two lines is
found whole): 居民身份证号码 with a valid check digit (the application form's own check), mobile numbers,
bank card numbers (16-19 digits passing the Luhn check), street addresses, and the names of natural
persons the case lists as third parties.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongkai.applications.validators import resident_id_error

# The reason a suggestion proposes: personal information of a third party (Art. 15).
REASON = "third_party_rights"

KIND_LABELS = {
    "id_number": "居民身份证号码",
    "mobile": "手机号码",
    "bank_card": "银行卡号",
    "address": "住址",
    "person": "第三方自然人姓名",
}

_ID = re.compile(r"(?<![0-9A-Za-z])[1-9]\d{16}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9])(?:(?:\+|00)?86-?)?1[3-9]\d-?\d{4}-?\d{4}(?![0-9])")
_CARD = re.compile(r"(?<![0-9])\d{16,19}(?![0-9])")
_CJK = "\u4e00-\u9fff"
_ADDRESS = re.compile(
    rf"(?:[{_CJK}]{{2,8}}(?:省|自治区))?(?:[{_CJK}]{{2,8}}市)?(?:[{_CJK}]{{1,8}}(?:区|县|旗))?"
    rf"(?:[{_CJK}]{{1,8}}(?:镇|乡|街道))?[{_CJK}0-9]{{1,12}}(?:路|街|大道|巷|弄|村|里|胡同)"
    r"[0-9]+(?:号|弄)(?:[0-9]+(?:号楼|号|弄|栋|幢|单元|室|层|楼))*"
)
# Words that often stand right before an address and are not part of it.
_ADDRESS_LEAD = re.compile(r"^.*?(?:住址|地址|住所|居住地|户籍地|家住|现住|住在|位于|坐落于)(?:为|是|在|于)?")
# A third party named like an organisation is not a natural person.
_ORGANISATION = re.compile(r"(公司|集团|中心|委员会|局|厅|部|院|所|会|社|厂|店|行|协会|学校|医院|银行|办公室|政府)$")


@dataclass(frozen=True)
class Found:
    kind: str
    text: str
    start: int  # in the text searched

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def is_natural_person(name: str) -> bool:
    n = name.strip()
    return bool(n) and not _ORGANISATION.search(n) and len(n) <= 12


def find(text: str, third_parties: Sequence[str] = ()) -> list[Found]:
    """Personal data in ``text`` (whitespace already removed), in order, without overlaps."""
    out: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(kind: str, start: int, value: str) -> None:
        end = start + len(value)
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        out.append(Found(kind, value, start))

    for m in _ID.finditer(text):
        if resident_id_error(m.group()) is None:
            add("id_number", m.start(), m.group())
    for m in _MOBILE.finditer(text):
        add("mobile", m.start(), m.group())
    for m in _CARD.finditer(text):
        if luhn_ok(m.group()):
            add("bank_card", m.start(), m.group())
    for m in _ADDRESS.finditer(text):
        value = m.group()
        lead = _ADDRESS_LEAD.match(value)
        start = m.start()
        if lead:
            start += lead.end()
            value = value[lead.end():]
        if len(value) >= 5:
            add("address", start, value)
    for name in dict.fromkeys(n.strip() for n in third_parties):
        if not is_natural_person(name):
            continue
        compact = "".join(name.split())
        at = text.find(compact)
        while at >= 0:
            add("person", at, compact)
            at = text.find(compact, at + len(compact))
    return sorted(out, key=lambda f: f.start)


@dataclass(frozen=True)
class PageSuggestion:
    page: int
    kind: str
    text: str

    @property
    def label(self) -> str:
        return KIND_LABELS[self.kind]


def suggest_pages(page_texts: Iterable[str], third_parties: Sequence[str] = ()) -> list[PageSuggestion]:
    """One suggestion per distinct (page, kind, text) over the pages' texts (1-based pages)."""
    seen: set[tuple[int, str, str]] = set()
    out: list[PageSuggestion] = []
    for pno, text in enumerate(page_texts, 1):
        for f in find(text, third_parties):
            key = (pno, f.kind, f.text)
            if key not in seen:
                seen.add(key)
                out.append(PageSuggestion(pno, f.kind, f.text))
    return out
