"""Adding a reply type (or an outcome) is the law's tables plus a migration; everything else derives from
them. This test fails when a category has no letter wording, no narrative phrase or no auditor label."""

from __future__ import annotations

import pytest

from gongkai.applications.models import OUTCOME_CHOICES
from gongkai.auditor.labels import match_t3_row
from gongkai.law import narrative
from gongkai.law.categories import OUTCOMES, ReplyType, outcomes_of
from gongkai.law.editions import EDITIONS
from gongkai.letters.compose import LETTER_KINDS, compose, reply_kind


@pytest.mark.parametrize("rt", list(ReplyType), ids=lambda rt: rt.value)
def test_every_reply_type_has_outcomes_a_letter_and_a_narrative_group(rt: ReplyType) -> None:
    assert outcomes_of(rt), f"{rt.label}: no outcome in OUTCOMES"
    assert reply_kind(rt) in LETTER_KINDS, f"{rt.label}: no reply letter kind"
    group = {q.id: q for q in narrative.QUANTITIES if q.group}.get(rt.value)
    assert group is not None and rt.label in group.keywords, f"{rt.label}: no narrative phrase for its group"
    assert rt.value in narrative.GROUP_PREFIX, f"{rt.label}: no table 三 group in the narrative check"


@pytest.mark.parametrize("o", OUTCOMES, ids=lambda o: o.code)
def test_every_outcome_has_letter_wording(o) -> None:  # noqa: ANN001
    ctx = {"outcome": o.code, "application": {"description": "某地块规划许可"}}
    if o.needs_withheld_detail:
        ctx.update(withheld_detail="第三页", withheld_reason=outcomes_of(ReplyType.WITHHELD)[0].code)
    body = "\n".join(compose(reply_kind(o.reply_type), ctx).paragraphs())
    assert o.label.removeprefix("属于") in body, f"{o.code}: the reply letter does not state its reason"


@pytest.mark.parametrize("o", OUTCOMES, ids=lambda o: o.code)
def test_every_outcome_counts_in_a_labelled_row_the_auditor_reads(o) -> None:  # noqa: ANN001
    assert (o.code, o.full_label) in OUTCOME_CHOICES  # the model's choices derive from the table
    for edition in EDITIONS.values():
        row_id = o.row(edition.id)
        row = edition.t3_row(row_id)
        assert row.label, f"{o.code}: row {row_id} of {edition.id} has no label"
        assert any(ref.id == row_id for ref in match_t3_row(row.label)), (
            f"{o.code}: the auditor does not read the label “{row.label}” as row {row_id} ({edition.id})")
        prefix = narrative.GROUP_PREFIX[o.reply_type.value]
        assert row_id.startswith(prefix), f"{o.code}: row {row_id} is outside its group {prefix}"
