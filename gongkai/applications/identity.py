"""The applicant's identity document (Art. 29 ¶2 (一): 申请人的姓名或者名称、身份证明、联系方式), checked in the
action layer so that the portal's form, the office's registration, commands and the coming API share it.

A natural person shows a personal document (居民身份证 with its check character, passport, permits); a legal
person or other organisation shows its 统一社会信用代码 (with its check character) or another licence, and
names a contact person. An application made online must carry the document; one registered by staff from
paper may lack it (the agency then asks for it by 补正, Art. 30), but what it carries must be well formed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from gongkai.applications.models import IdType
from gongkai.applications.validators import resident_id_error, uscc_error

MISSING_NUMBER = "请填写证件号码。"


def normalise_id_number(value: Any) -> str:
    """NFKC (full-width digits and letters typed with a Chinese input method become ASCII), trimmed, upper."""
    return unicodedata.normalize("NFKC", str(value or "")).strip().upper()


def identity_errors(data: Mapping[str, Any], *, required: bool) -> list[tuple[str, str]]:
    """(field, Chinese reason) for each identity rule the applicant's details break, in the form's order.
    ``data["id_number"]`` is expected normalised (:func:`normalise_id_number`)."""
    number = data.get("id_number") or ""
    if not number and not required:
        return []
    out: list[tuple[str, str]] = []
    id_type = data.get("id_type")
    legal = data.get("applicant_type") not in (None, "", "natural_person")
    if legal and id_type not in (IdType.USCC, IdType.OTHER):
        out.append(("id_type", "法人或其他组织请选择统一社会信用代码或其他证照。"))
    if not legal and id_type == IdType.USCC:
        out.append(("id_type", "自然人请选择身份证件类型。"))
    if not number:
        out.append(("id_number", MISSING_NUMBER))
        return out
    err = None
    if id_type == IdType.RESIDENT_ID:
        err = resident_id_error(number)
    elif id_type == IdType.USCC:
        err = uscc_error(number)
    elif len(number) < 4:
        err = "证件号码过短。"
    elif len(number) > 40:
        err = "证件号码过长。"
    if err:
        out.append(("id_number", err))
    if legal and not str(data.get("contact_person") or "").strip():
        out.append(("contact_person", "法人或其他组织请填写联系人姓名。"))
    return out
