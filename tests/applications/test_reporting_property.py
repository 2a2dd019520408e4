"""Table 三 from randomised registers that cross year boundaries: every consistency rule holds, and each
year's 结转下年度 is the next year's 上年结转.

The register rows are written directly (thousands of examples would take hours through the actions, which
render letters); they respect exactly the invariants the actions and the database constraints guarantee:
``received_on <= concluded_on``, an outcome whenever ``concluded_on`` is set, cases never received
(``received_on`` null) not counted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.applications.models import Application
from gongkai.applications.reporting import compute_t3
from gongkai.law.categories import APPLICANT_TYPES, OUTCOMES
from gongkai.law.editions import GB2019, GB2021, edition_for_year
from gongkai.law.report import Report
from gongkai.law.rules import check

CHECKED = {"T3_BALANCE", "T3_RESULT_SUM_2019", "T3_RESULT_SUM_2021", "T3_ROW_TOTAL", "CELL_INT_NONNEG", "XY_CARRY"}
START = dt.date(2019, 10, 1)

case = st.tuples(
    st.sampled_from([a.code for a in APPLICANT_TYPES]),
    st.integers(min_value=0, max_value=900),           # received: days after START (to mid-2022)
    st.one_of(st.none(), st.integers(min_value=0, max_value=500)),  # concluded: days after receipt, or open
    st.sampled_from([o.code for o in OUTCOMES]),
    st.booleans(),                                     # never received (online, unconfirmed)
)


def _rule_id(f: Any) -> str:
    return getattr(f.rule, "id", f.rule)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(register=st.lists(case, max_size=40))
def test_t3_consistent_by_construction(cast: Any, register: list[tuple]) -> None:
    Application.objects.all().delete()
    now = timezone.now()
    rows = []
    for i, (t, rec, conc, outcome, unreceived) in enumerate(register):
        received = None if unreceived else START + dt.timedelta(days=rec)
        concluded = None if conc is None else (received or START + dt.timedelta(days=rec)) + dt.timedelta(days=conc)
        rows.append(Application(
            agency=cast.planning, tracking_no=f"P-{i}", applicant_type=t, applicant_name="甲", description="x",
            submitted_at=now, created_at=now, updated_at=now, received_on=received,
            concluded_on=concluded, outcome=outcome if concluded else None,
        ))
    Application.objects.bulk_create(rows)
    ids = [cast.planning.pk]
    previous = None
    for year in range(2019, 2024):
        edition = edition_for_year(year)
        t3 = compute_t3(ids, year, edition)
        report = Report.empty(edition, cast.planning.name, year, fill=0)
        report.t3 = t3
        findings = [f for f in check(report, previous=previous) if _rule_id(f) in CHECKED]
        assert findings == [], (year, [f.message for f in findings])
        if previous is not None:
            assert previous.t3["r4_carry_out"] == t3["r2_carry_in"]
        # independent count of the carry-out from the rows themselves
        end = dt.date(year, 12, 31)
        open_end = [r for r in rows if r.received_on and r.received_on <= end
                    and (r.concluded_on is None or r.concluded_on > end)]
        assert t3["r4_carry_out"][-1] == len(open_end)
        previous = report


def test_other_agencies_and_editions(cast: Any) -> None:
    now = timezone.now()
    common = {"applicant_name": "甲", "description": "x", "submitted_at": now, "created_at": now, "updated_at": now}
    Application.objects.create(agency=cast.planning, tracking_no="A1", applicant_type="natural_person",
                               received_on=dt.date(2021, 3, 1), concluded_on=dt.date(2021, 3, 20),
                               outcome="fee_not_paid", **common)
    Application.objects.create(agency=cast.transport, tracking_no="A2", applicant_type="other_org",
                               received_on=dt.date(2021, 3, 1), concluded_on=dt.date(2021, 3, 20),
                               outcome="A36_2_disclosed", **common)
    t2021 = compute_t3([cast.planning.pk], 2021, GB2021)
    assert t2021["r3_6_2"] == [1, 0, 0, 0, 0, 0, 1] and t2021["r3_1_open"][-1] == 0
    t2019ed = compute_t3([cast.planning.pk], 2021, GB2019)
    assert t2019ed["r3_6"] == [1, 0, 0, 0, 0, 0, 1]
    both = compute_t3([cast.planning.pk, cast.transport.pk], 2021, GB2021)
    assert both["r1_new"] == [1, 0, 0, 0, 0, 1, 2]


def test_checker_is_live(cast: Any) -> None:
    """Negative control: the rules used above do flag a table that does not balance."""
    t3 = compute_t3([cast.planning.pk], 2021, GB2021)
    t3["r1_new"][0] += 1
    t3["r1_new"][-1] += 1
    report = Report.empty(GB2021, cast.planning.name, 2021, fill=0)
    report.t3 = t3
    assert "T3_BALANCE" in {_rule_id(f) for f in check(report)}
