from __future__ import annotations

from gongkai.appeals.models import AppealCase, AppealEvent
from gongkai.appeals.reporting import compute_t4
from gongkai.law.categories import OUTCOME_BY_CODE, ReplyType
from gongkai.law.editions import T4_COLUMN_IDS
from tests.law.seed_tables import T4 as SEED_T4


def test_demo_register_gives_seed_table_four_and_is_idempotent(db) -> None:
    from gongkai.agencies.demo import DemoContext
    from gongkai.agencies.demo import load as load_agencies
    from gongkai.appeals.demo import load
    from gongkai.applications.demo import load as load_applications

    ctx = DemoContext()
    load_agencies(ctx)
    load_applications(ctx)
    load(ctx)
    truth = [SEED_T4[c] for c in T4_COLUMN_IDS]
    planning = ctx.agencies["planning"]
    got = compute_t4([planning.pk], 2019)
    assert [got[c] for c in T4_COLUMN_IDS] == truth
    # Both year rules agree for 2019 (all filed in 2019, none from earlier years).
    planning.settings = {"t4_year_rule": "decided"}
    planning.save()
    assert [compute_t4([planning.pk], 2019)[c] for c in T4_COLUMN_IDS] == truth
    # The 2019 suits after review each follow a 2019 review of the same applicant.
    for suit in AppealCase.objects.filter(kind="la", filed_on__year=2019):
        assert suit.prior_review.kind == "rv" and suit.prior_review.applicant_name == suit.applicant_name
    # Cases arise from refused applications answered shortly before, by the same applicant.
    linked = list(AppealCase.objects.filter(filed_on__year=2019, application__isnull=False).select_related("application"))
    assert len(linked) >= 10
    for case in linked:
        assert case.application.applicant_name == case.applicant_name
        assert case.application.concluded_on < case.filed_on
        assert OUTCOME_BY_CODE[case.application.outcome].reply_type not in (ReplyType.OPEN, ReplyType.OTHER)
    assert AppealCase.objects.filter(status="open").count() >= 2  # current-year cases in progress
    counts = (AppealCase.objects.count(), AppealEvent.objects.count())
    before = list(AppealCase.objects.values_list("case_number", "filed_on", "result", "decided_on"))
    load(ctx)
    assert (AppealCase.objects.count(), AppealEvent.objects.count()) == counts
    assert list(AppealCase.objects.values_list("case_number", "filed_on", "result", "decided_on")) == before
