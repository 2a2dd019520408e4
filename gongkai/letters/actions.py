"""Actions of the letters app: issue a letter (number + files + row + event), replace or remove a template.

Each action runs in one transaction and appends a :class:`LetterEvent`. Time is an argument.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import decimal
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone

from gongkai.agencies.counters import take_next
from gongkai.errors import Refused
from gongkai.letters.compose import LETTER_KINDS
from gongkai.letters.models import Letter, LetterEvent, LetterSequence, LetterTemplate
from gongkai.letters.render import TemplateFileError, check_template, render_letter, render_letter_pdf

DEFAULT_NUMBER_PATTERN = "{prefix}〔{year}〕第{serial}号"


class LetterError(Refused):
    """A refused letters action; the message is Chinese and may be shown to the user."""


# --------------------------------------------------------------------------- numbering


def letter_prefix(agency: Any) -> str:
    """The 机关代字 of the agency's 文号: setting ``letter_prefix`` (e.g. "宝规资信"), else short name + 信."""
    configured = agency.setting("letter_prefix")
    if configured:
        return str(configured)
    return f"{agency.short_name or agency.name}信"


def format_number(agency: Any, year: int, serial: int) -> str:
    """The 文号, by the agency's setting ``letter_number_pattern`` (fields prefix, year, serial), default
    "{prefix}〔{year}〕第{serial}号" → "宝规资信〔2026〕第12号"."""
    pattern = agency.setting("letter_number_pattern") or DEFAULT_NUMBER_PATTERN
    try:
        return str(pattern).format(prefix=letter_prefix(agency), year=year, serial=serial)
    except (KeyError, IndexError, ValueError):
        return DEFAULT_NUMBER_PATTERN.format(prefix=letter_prefix(agency), year=year, serial=serial)


def allocate_number(*, agency: Any, year: int) -> tuple[int, str]:
    """Take the next serial of the agency's year. Must run inside the transaction that uses it, so that a
    rollback gives the number back (the sequence stays gapless)."""
    if not transaction.get_connection().in_atomic_block:
        raise LetterError("文号必须在事务中分配")
    serial = take_next(LetterSequence, agency, year, "last_number")
    return serial, format_number(agency, year, serial)


# --------------------------------------------------------------------------- context


def agency_context(agency: Any) -> dict[str, str]:
    fields = ("name", "short_name", "office_name", "address", "postcode", "phone", "fax", "email",
              "review_organ", "court", "kind")
    data = {f: str(getattr(agency, f, "") or "") for f in fields}
    parent = getattr(agency, "parent", None)  # the review organ follows from the kind and the parent
    data["parent_name"] = str(parent.name) if parent is not None else ""
    return data


def jsonable(value: Any) -> Any:
    """The context as JSON data (stored on the letter, so that it can be rendered again identically)."""
    if value is None or isinstance(value, bool | str | float):
        return value
    if isinstance(value, int):
        lines = getattr(value, "lines", None)  # gongkai.law.fees.Fee is an int with its breakdown
        return {"amount": int(value), "lines": jsonable(lines)} if lines is not None else int(value)
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(v) for v in value]
    if isinstance(value, models.Model):
        if hasattr(value, "review_organ"):
            return agency_context(value)
        return str(value)
    if hasattr(value, "value") and isinstance(value.value, str):  # enums
        return value.value
    return str(value)


# --------------------------------------------------------------------------- issuing


def issue_letter(
    *,
    agency: Any,
    kind: str,
    context: Mapping[str, Any],
    actor: Any,
    now: dt.datetime,
    application_id: int | None = None,
) -> Letter:
    """Number, render (DOCX + PDF) and store a letter, with its event, in one transaction.

    The 文号 is the next of the agency's sequence for the year of ``now`` (Asia/Shanghai). The agency's
    replacement template for ``kind`` is used when there is one. ``context`` keys: see
    :mod:`gongkai.letters.render`; ``agency``, ``letter_no`` and (if absent) ``date`` are filled in here.
    """
    if kind not in LETTER_KINDS:
        raise LetterError(f"未知的文书类型：{kind}")
    if timezone.is_naive(now):
        raise LetterError("出具时间必须带时区")
    local = timezone.localtime(now)
    tmpl = LetterTemplate.objects.filter(agency=agency, kind=kind).first()
    template_bytes = None
    if tmpl is not None:
        with tmpl.file.open("rb") as fh:
            template_bytes = fh.read()
    saved: list[Any] = []
    try:
        with transaction.atomic():
            serial, number = allocate_number(agency=agency, year=local.year)
            given_agency = context.get("agency")
            agency_data = agency_context(agency)
            if isinstance(given_agency, Mapping):
                agency_data.update({k: v for k, v in given_agency.items() if v})
            data = jsonable({**context, "agency": agency_data, "letter_no": number})
            if not data.get("date"):
                data["date"] = local.date().isoformat()
            try:
                docx = render_letter(kind, data, template=template_bytes)
                pdf = render_letter_pdf(kind, data, template=template_bytes)
            except ValueError as exc:
                raise LetterError(str(exc)) from exc
            letter = Letter(
                agency=agency, kind=kind, year=local.year, serial=serial, number=number,
                application_id=application_id, issued_at=now, issued_by=actor, template=tmpl, context=data,
            )
            letter.docx.save("letter.docx", ContentFile(docx), save=False)
            saved.append(letter.docx)
            letter.pdf.save("letter.pdf", ContentFile(pdf), save=False)
            saved.append(letter.pdf)
            letter.save()
            LetterEvent.objects.create(
                agency=agency, letter=letter, actor=actor, at=now, kind=LetterEvent.Kind.ISSUED,
                payload={"kind": kind, "number": number, "application_id": application_id,
                         "template_id": tmpl.pk if tmpl else None},
            )
    except BaseException:
        for f in saved:  # the numbering rolled back: do not leave the files behind
            f.storage.delete(f.name)
        raise
    return letter


# --------------------------------------------------------------------------- templates


def set_template(
    *, agency: Any, kind: str, data: bytes, filename: str, actor: Any, now: dt.datetime, note: str = ""
) -> LetterTemplate:
    """Replace the built-in template of ``kind`` for the agency by an uploaded .docx (checked first)."""
    if kind not in LETTER_KINDS:
        raise LetterError(f"未知的文书类型：{kind}")
    try:
        used = check_template(data, filename=filename)
    except TemplateFileError as exc:
        raise LetterError(str(exc)) from exc
    with transaction.atomic():
        tmpl = LetterTemplate.objects.select_for_update().filter(agency=agency, kind=kind).first()
        old_name = tmpl.file.name if tmpl else None
        if tmpl is None:
            tmpl = LetterTemplate(agency=agency, kind=kind)
        tmpl.note, tmpl.uploaded_at, tmpl.uploaded_by = note, now, actor
        tmpl.file.save("template.docx", ContentFile(data), save=False)
        tmpl.save()
        LetterEvent.objects.create(
            agency=agency, actor=actor, at=now, kind=LetterEvent.Kind.TEMPLATE_SET,
            payload={"kind": kind, "template_id": tmpl.pk, "placeholders": sorted(used), "bytes": len(data)},
        )
        if old_name and old_name != tmpl.file.name:
            storage = tmpl.file.storage
            transaction.on_commit(lambda: storage.delete(old_name))
    return tmpl


def remove_template(*, agency: Any, kind: str, actor: Any, now: dt.datetime) -> None:
    """Go back to the built-in template of ``kind``."""
    with transaction.atomic():
        tmpl = LetterTemplate.objects.select_for_update().filter(agency=agency, kind=kind).first()
        if tmpl is None:
            raise LetterError("该文书类型没有自定义模板")
        name, storage = tmpl.file.name, tmpl.file.storage
        tmpl.delete()
        LetterEvent.objects.create(
            agency=agency, actor=actor, at=now, kind=LetterEvent.Kind.TEMPLATE_REMOVED, payload={"kind": kind}
        )
        transaction.on_commit(lambda: storage.delete(name))
