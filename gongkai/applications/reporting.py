"""Table 三 of the annual report, computed from the register (legal-spec 3.4).

* 一、本年新收 = received (Art. 31 receipt date) in the year;
* 二、上年结转 = received before 1 January and still open on it (not concluded before the year);
* 三、办理结果 = concluded in the year, by the outcome's leaf row in the edition;
* 四、结转下年度 = received by 31 December and not concluded by it.

Since every case has ``received_on <= concluded_on`` (a database constraint), 一 + 二 = 三（七） + 四 holds for
every column by construction, and this year's 四 is next year's 二. One aggregate query, grouped by applicant
type and outcome, whatever the size of the register (see ``_t3_sql``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import connection

from gongkai.applications.models import Application
from gongkai.law.categories import APPLICANT_TYPE_BY_CODE, outcome_row
from gongkai.law.editions import T3_COLUMN_IDS, Edition

TOTAL_ROW = "r3_7_total"


def _t3_sql(n_agencies: int) -> str:
    """One GROUP BY over the register, the same on SQLite and PostgreSQL.

    Written as SQL rather than through the ORM: for one agency-year the query itself takes about 1 ms on a
    5M-row register and the ORM's compilation twice that (bench/bench_register.py). Within the WHERE set
    (received by 31 Dec, still open on 1 Jan) the four counts reduce to the CASE conditions below.
    The counted columns are all in the covering index app_t3_cover (index-only scan on PostgreSQL).
    """
    q = connection.ops.quote_name
    meta = Application._meta
    col = {name: q(meta.get_field(name).column) for name in ("agency", "applicant_type", "outcome", "received_on", "concluded_on")}
    marks = ", ".join(["%s"] * n_agencies)
    return (
        f"SELECT {col['applicant_type']}, {col['outcome']}, "
        f"SUM(CASE WHEN {col['received_on']} >= %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {col['received_on']} < %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {col['concluded_on']} <= %s THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {col['concluded_on']} IS NULL OR {col['concluded_on']} > %s THEN 1 ELSE 0 END) "
        f"FROM {q(meta.db_table)} "
        f"WHERE {col['agency']} IN ({marks}) AND {col['received_on']} IS NOT NULL AND {col['received_on']} <= %s "
        f"AND ({col['concluded_on']} IS NULL OR {col['concluded_on']} >= %s) "
        f"GROUP BY {col['applicant_type']}, {col['outcome']}"
    )


def compute_t3(agency_ids: Sequence[int], year: int, edition: Edition) -> dict[str, list[int]]:
    """Table 三 in the interchange form: ``{row_id: [np, le_com, le_res, le_soc, le_law, le_oth, total]}``."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    ids = [int(a) for a in agency_ids]
    rows: list[dict[str, object]] = []
    if ids:
        with connection.cursor() as cursor:
            cursor.execute(_t3_sql(len(ids)), [start, start, end, end, *ids, end, start])
            rows = [
                {"applicant_type": t, "outcome": o, "new": int(n or 0), "carry_in": int(ci or 0),
                 "result": int(r or 0), "carry_out": int(co or 0)}
                for t, o, n, ci, r, co in cursor.fetchall()
            ]
    table: dict[str, list[int]] = {rid: [0] * len(T3_COLUMN_IDS) for rid in edition.t3_row_ids}
    col_index = {c: i for i, c in enumerate(T3_COLUMN_IDS)}
    total_i = col_index["total"]

    def add(row_id: str, col: int, n: int) -> None:
        if n:
            table[row_id][col] += n
            table[row_id][total_i] += n

    for r in rows:
        col = col_index[APPLICANT_TYPE_BY_CODE[r["applicant_type"]].column]
        add("r1_new", col, r["new"])
        add("r2_carry_in", col, r["carry_in"])
        add("r4_carry_out", col, r["carry_out"])
        if r["result"]:
            add(outcome_row(r["outcome"], edition.id), col, r["result"])
            add(TOTAL_ROW, col, r["result"])
    return table
