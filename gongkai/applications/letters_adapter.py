"""The one place where applications meet gongkai.letters.

``issue(...)`` numbers, renders and stores a letter for a case: through
``gongkai.letters.actions.issue_letter`` when that app provides it (文号 from the agency's sequence), else by
rendering with ``gongkai.letters.render`` and storing the files on :class:`ApplicationLetter` itself.
``open_file(letter, fmt)`` returns the bytes of a stored letter for the access-checked download views.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile

from gongkai.applications.models import Application, ApplicationLetter

# Letters addressed to someone else than the applicant (the third party, another organ).
NOT_FOR_APPLICANT = frozenset({"third_party", "third_party_override", "other_organ"})


def letter_title(kind: str) -> str:
    try:
        from gongkai.letters.compose import LETTER_KINDS

        return LETTER_KINDS.get(kind, kind)
    except ImportError:  # pragma: no cover - letters app always present in this tree
        return kind


class LetterFailed(Exception):
    pass


def issue(*, application: Application, kind: str, context: Mapping[str, Any], actor: Any,
          now: dt.datetime) -> ApplicationLetter:
    """Issue the letter ``kind`` for the case and record it on the case. Raises LetterFailed (Chinese)."""
    title = letter_title(kind)
    try:
        from gongkai.letters.actions import LetterError, issue_letter
    except ImportError:
        issue_letter = None  # type: ignore[assignment]
        LetterError = ValueError  # type: ignore[assignment,misc]  # noqa: N806
    row = ApplicationLetter(application=application, kind=kind, title=title, issued_at=now,
                            for_applicant=kind not in NOT_FOR_APPLICANT)
    if issue_letter is not None:
        try:
            letter = issue_letter(agency=application.agency, kind=kind, context=dict(context), actor=actor,
                                  now=now, application_id=application.pk)
        except LetterError as exc:
            raise LetterFailed(str(exc)) from exc
        row.letter_id = letter.pk
        row.number = letter.number
        row.save()
        return row
    from gongkai.letters.render import render_letter, render_letter_pdf

    ctx = {**context, "agency": application.agency, "date": now.date()}
    row.docx.save(f"{kind}.docx", ContentFile(render_letter(kind, ctx)), save=False)
    pdf = render_letter_pdf(kind, ctx)
    if pdf:
        row.pdf.save(f"{kind}.pdf", ContentFile(pdf), save=False)
    row.save()
    return row


def open_file(row: ApplicationLetter, fmt: str) -> bytes | None:
    """The DOCX or PDF bytes of a case letter, or None if there is no such file."""
    field = None
    if row.letter_id is not None:
        from gongkai.letters.models import Letter

        letter = Letter.objects.filter(pk=row.letter_id).first()
        if letter is not None:
            field = letter.docx if fmt == "docx" else letter.pdf
    else:
        field = row.docx if fmt == "docx" else row.pdf
    if not field:
        return None
    with field.open("rb") as fh:
        return fh.read()
