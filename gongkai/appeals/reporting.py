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

from django.db import connection

from gongkai.agencies.models import AGENCY_SETTING_DEFAULTS, Agency
from gongkai.appeals.models import AppealCase, AppealResult
from gongkai.law.editions import T4_COLUMN_IDS, T4_GROUPS

YEAR_RULES = ("filed", "decided")
_PARTS = ("keep", "corr", "other", "pending")


def _t4_sql(n_agencies: int, default: str) -> str:
    """One GROUP BY (kind, column) over the cases of the agencies, each under its agency's year rule.

    Hand-written because the ORM's compile time is several times the query's for one agency-year
    (bench/bench_register.py). The rule is read from the agency's settings JSON in the database
    (``->>`` on PostgreSQL, ``json_extract`` on SQLite) once per agency, in a materialised CTE that
    drives the join: reading the JSON per joined case row costs SQLite twice the hand query on a roll-up.
    """
    q = connection.ops.quote_name
    case_t, agency_t = q(AppealCase._meta.db_table), q(Agency._meta.db_table)
    if connection.vendor == "postgresql":
        rule = "a.settings ->> 't4_year_rule'"
    else:
        rule = "json_extract(a.settings, '$.t4_year_rule')"
    uses_decided = f"{rule} = 'decided'" if default == "filed" else f"{rule} IS NULL OR {rule} <> 'filed'"
    marks = ", ".join(["%s"] * n_agencies)
    part = f"CASE WHEN c.decided_on <= %s THEN c.result ELSE '{AppealResult.PENDING}' END"
    cases = f"SELECT c.kind, {part} AS part FROM r CROSS JOIN {case_t} c WHERE c.agency_id = r.id"
    return (
        f"WITH r (id, decided) AS MATERIALIZED ("
        f"SELECT a.id, CASE WHEN {uses_decided} THEN 1 ELSE 0 END FROM {agency_t} a WHERE a.id IN ({marks})) "
        f"SELECT kind, part, COUNT(*) FROM ("
        f"{cases} AND r.decided = 0 AND c.filed_on >= %s AND c.filed_on <= %s "
        f"UNION ALL {cases} AND r.decided = 1 AND ((c.decided_on >= %s AND c.decided_on <= %s) "
        f"OR (c.filed_on <= %s AND (c.decided_on IS NULL OR c.decided_on > %s)))"
        ") cells GROUP BY 1, 2"
    )


def compute_t4(agency_ids: Sequence[int], year: int) -> dict[str, int]:
    """Table 四 of ``year`` over the given agencies: the 15 cells of ``T4_COLUMN_IDS``.

    Under both rules a counted case falls in the column of its result if it was decided by 31 December,
    otherwise in 尚未审结. One statement whatever the size of the register: the agencies' year rules are
    read from their settings inside it, once per agency (see ``_t4_sql``). A ``t4_year_rule`` other than "filed" or
    "decided" counts as the default.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ids = sorted({int(pk) for pk in agency_ids})
    default = str(AGENCY_SETTING_DEFAULTS["t4_year_rule"])
    if default not in YEAR_RULES:
        raise ValueError(f"unknown default t4_year_rule {default!r}; expected one of {YEAR_RULES}")
    out = {c: 0 for c in T4_COLUMN_IDS}
    if not ids:
        return out
    with connection.cursor() as cursor:
        cursor.execute(_t4_sql(len(ids), default), [*ids, end, start, end, end, start, end, end, end])
        for kind, part, n in cursor.fetchall():
            out[f"{kind}_{part}"] += int(n)
    for g, _, _ in T4_GROUPS:
        out[f"{g}_total"] = sum(out[f"{g}_{p}"] for p in _PARTS)
    return out
