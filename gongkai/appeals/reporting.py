"""Table 四 (政府信息公开行政复议、行政诉讼情况) computed from the 复议/诉讼 register.

Which year a case counts in is UNCONFIRMED (legal-spec 3.5), so it is the agency setting
``t4_year_rule``:

* ``"filed"`` (the default, following the practice noted in legal-spec 3.5: "count cases arising in the
  year; those unresolved at 31 Dec in 尚未审结"): the cases filed (立案/受理) in the year, each with its
  result as known on 31 December of that year. A case decided after year-end counts as 尚未审结, even if
  it has been decided by the time the report is computed.
* ``"decided"``: the cases decided in the year (by their result), plus every case filed by 31 December
  and still pending then (尚未审结), so a long case is carried as 尚未审结 from year to year until it ends.

Each 总计 is the sum of its four parts by construction (rule T4_GROUP_TOTAL).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db.models import Count, Q

from gongkai.agencies.models import AGENCY_SETTING_DEFAULTS, Agency
from gongkai.appeals.models import AppealCase, AppealResult
from gongkai.law.editions import T4_COLUMN_IDS, T4_GROUPS

YEAR_RULES = ("filed", "decided")
_RESULT_PARTS = ("keep", "corr", "other")


def _cells_for_rule(rule: str, start: dt.date, end: dt.date) -> tuple[Q, dict[str, Q]]:
    """(which cases count, the condition of each part) for one year rule."""
    open_at_end = Q(decided_on__isnull=True) | Q(decided_on__gt=end)
    if rule == "filed":
        base = Q(filed_on__gte=start, filed_on__lte=end)
        parts = {p: Q(result=p, decided_on__lte=end) for p in _RESULT_PARTS}
        parts["pending"] = open_at_end
    elif rule == "decided":
        decided_in_year = Q(decided_on__gte=start, decided_on__lte=end)
        pending = Q(filed_on__lte=end) & open_at_end
        base = decided_in_year | pending
        parts = {p: Q(result=p) & decided_in_year for p in _RESULT_PARTS}
        parts["pending"] = pending
    else:
        raise ValueError(f"unknown t4_year_rule {rule!r}; expected one of {YEAR_RULES}")
    return base, parts


def compute_t4(agency_ids: Sequence[int], year: int) -> dict[str, int]:
    """Table 四 of ``year`` over the given agencies: the 15 cells of ``T4_COLUMN_IDS``.

    Two queries whatever the size of the register: the agencies' year rules, then one aggregate
    with a filtered COUNT per cell (agencies with different rules are combined in that one query).
    """
    assert AppealResult.PENDING == "pending"
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    by_rule: dict[str, list[int]] = {}
    for pk, settings in Agency.objects.filter(pk__in=list(agency_ids)).values_list("pk", "settings"):
        rule = (settings or {}).get("t4_year_rule") or AGENCY_SETTING_DEFAULTS["t4_year_rule"]
        by_rule.setdefault(str(rule), []).append(pk)
    out = {c: 0 for c in T4_COLUMN_IDS}
    if not by_rule:
        return out
    scope = Q()
    cells: dict[str, Q] = {}
    first = True
    for rule, ids in by_rule.items():
        base, parts = _cells_for_rule(rule, start, end)
        in_rule = Q(agency_id__in=ids) if len(by_rule) > 1 else Q()
        scope = (in_rule & base) if first else (scope | (in_rule & base))
        first = False
        for g, _, _ in T4_GROUPS:
            for p, cond in parts.items():
                key = f"{g}_{p}"
                q = in_rule & Q(kind=g) & cond
                cells[key] = q if key not in cells else (cells[key] | q)
    all_ids = [pk for ids in by_rule.values() for pk in ids]
    qs = AppealCase.objects.filter(agency_id__in=all_ids).filter(scope)
    counts = qs.aggregate(**{k: Count("pk", filter=q) for k, q in cells.items()})
    for g, _, _ in T4_GROUPS:
        total = 0
        for p in ("keep", "corr", "other", "pending"):
            v = int(counts.get(f"{g}_{p}") or 0)
            out[f"{g}_{p}"] = v
            total += v
        out[f"{g}_total"] = total
    return out
