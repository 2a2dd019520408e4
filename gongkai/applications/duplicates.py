"""Suspected repeat applications (Art. 36 (六)): the same applicant asking again for what was answered."""

from __future__ import annotations

import datetime as dt

from gongkai.applications import common
from gongkai.applications.models import Application, EventKind

DUPLICATE_THRESHOLD = 0.6


def bigrams(text: str) -> set[str]:
    s = "".join(ch for ch in text if not ch.isspace() and ch not in "，。、；：“”‘’（）《》,.;:()\"'")
    return {s[i: i + 2] for i in range(len(s) - 1)} or ({s} if s else set())


def similarity(a: str, b: str) -> float:
    x, y = bigrams(a), bigrams(b)
    if not x or not y:
        return 0.0
    return len(x & y) / len(x | y)


def find_duplicate(app: Application) -> tuple[Application, float] | None:
    """The closest already answered application of the same applicant (same ID, or same name when no ID),
    if its description is similar enough (character-bigram Jaccard ≥ 0.6)."""
    qs = Application.objects.filter(agency=app.agency, outcome__isnull=False).exclude(pk=app.pk)
    if app.id_number:
        qs = qs.filter(id_number=app.id_number)
    else:
        qs = qs.filter(applicant_name=app.applicant_name)
    best: tuple[Application, float] | None = None
    # No ORDER BY: the planner then uses the applicant index instead of walking the agency's register.
    for other in qs.order_by()[:500]:
        score = similarity(app.description, other.description)
        if score >= DUPLICATE_THRESHOLD and (best is None or score > best[1]):
            best = (other, score)
    return best


def flag_duplicate(app: Application, now: dt.datetime) -> None:
    found = find_duplicate(app)
    if found is None:
        return
    other, score = found
    app.duplicate_of = other
    app.save(update_fields=["duplicate_of"])
    common.event(app, EventKind.DUPLICATE_FLAGGED, actor=None, now=now, other=other.tracking_no,
           other_id=other.pk, similarity=round(score, 2))
