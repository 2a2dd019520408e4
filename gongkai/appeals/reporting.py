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

from django.db.models import Case, CharField, Count, F, Q, Value, When

from gongkai.agencies.models import AGENCY_SETTING_DEFAULTS, Agency
from gongkai.appeals.models import AppealCase, AppealResult
from gongkai.law.editions import T4_COLUMN_IDS, T4_GROUPS

YEAR_RULES = ("filed", "decided")
_PARTS = ("keep", "corr", "other", "pending")


def _counted(rule: str, start: dt.date, end: dt.date) -> Q:
    """Which cases a year rule counts in the year."""
    if rule == "filed":
        return Q(filed_on__gte=start, filed_on__lte=end)
    if rule == "decided":
        open_at_end = Q(decided_on__isnull=True) | Q(decided_on__gt=end)
        return Q(decided_on__gte=start, decided_on__lte=end) | (Q(filed_on__lte=end) & open_at_end)
    raise ValueError(f"unknown t4_year_rule {rule!r}; expected one of {YEAR_RULES}")


def compute_t4(agency_ids: Sequence[int], year: int) -> dict[str, int]:
    """Table 四 of ``year`` over the given agencies: the 15 cells of ``T4_COLUMN_IDS``.

    Under both rules a counted case falls in the column of its result if it was decided by 31 December,
    otherwise in 尚未审结. Two queries whatever the size of the register: the agencies' year rules, then
    one GROUP BY kind and column (agencies with different rules are combined in that one statement).
    A ``t4_year_rule`` other than "filed" or "decided" counts as the default.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ids = sorted({int(pk) for pk in agency_ids})
    default = str(AGENCY_SETTING_DEFAULTS["t4_year_rule"])
    if default not in YEAR_RULES:
        raise ValueError(f"unknown default t4_year_rule {default!r}; expected one of {YEAR_RULES}")
    # Only the agencies that chose the other rule are read (the rule is extracted in the database).
    other = next(r for r in YEAR_RULES if r != default)
    deviant = set(Agency.objects.filter(pk__in=ids, settings__t4_year_rule=other).values_list("pk", flat=True))
    by_rule = {rule: members for rule, members in (
        (default, [pk for pk in ids if pk not in deviant]), (other, [pk for pk in ids if pk in deviant])
    ) if members}
    out = {c: 0 for c in T4_COLUMN_IDS}
    if not by_rule:
        return out
    scope = Q()
    for i, (rule, members) in enumerate(sorted(by_rule.items())):
        q = Q(agency_id__in=members) & _counted(rule, start, end)
        scope = q if i == 0 else scope | q
    column = Case(When(decided_on__lte=end, then=F("result")), default=Value(AppealResult.PENDING),
                  output_field=CharField())
    rows = (AppealCase.objects.filter(scope).order_by().annotate(part=column)
            .values_list("kind", "part").annotate(n=Count("*")))
    for kind, part, n in rows:
        out[f"{kind}_{part}"] += n
    for g, _, _ in T4_GROUPS:
        out[f"{g}_total"] = sum(out[f"{g}_{p}"] for p in _PARTS)
    return out
