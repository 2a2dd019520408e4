"""Table 二 (主动公开政府信息情况) computed from the catalogue, with hand-entered figures (T2Figure).

Counting rules (legal-spec 3.3; the format does not define them further, so they are stated here):

* 规章 / 规范性文件 (2019): 本年新制作数量 = items formed in the year; 本年新公开数量 = public items published
  in the year; 对外公开总数量 = public items published by the end of the year.
  (2021): 本年制发件数 = public items formed in the year; 本年废止件数 = items repealed (废止) in the year;
  现行有效件数 = public items published by the end of the year and in force at its end.
* 行政许可 / 其他对外管理服务事项 / 行政处罚 / 行政强制: one catalogue item per decision, counted in the year of
  its 成文日期 among public items; 2019 上一年项目数量 = last year's count, 本年增/减 = the difference.
* 行政事业性收费 (2019): items in force at the end of last year / the change during the year.
* 政府集中采购 (2019), 收费金额 (2021): hand-entered (T2Figure), in 元.

A hand-entered figure of an agency replaces the computed cell of that agency; the result over several
agencies is the sum of the agencies' cells.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import Count, Q

from gongkai.catalogue.models import CatalogueItem, DecisionState, T2Figure
from gongkai.law.editions import Edition
from gongkai.law.proactive import KIND_BY_T2_ROW, Validity

DECISION_ROWS = ("license", "other_services", "penalty", "coercion")


def _kind(row: str) -> str:
    return KIND_BY_T2_ROW[row].code


def _count_by_agency(qs) -> dict[int, int]:  # type: ignore[no-untyped-def]
    return dict(qs.values_list("agency_id").annotate(n=Count("pk")).values_list("agency_id", "n"))


def _in_force_at(day: dt.date) -> Q:
    return Q(published_on__lte=day) & (Q(validity=Validity.VALID) | Q(invalid_on__gt=day))


def _computed(agency_ids: Sequence[int], year: int, edition: Edition) -> dict[tuple[str, str, str], dict[int, int]]:
    """(subtable, row, column) -> {agency_id: value} for the cells computed from the catalogue."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    items = CatalogueItem.objects.filter(agency_id__in=agency_ids)
    public = items.public()
    cells: dict[tuple[str, str, str], dict[int, int]] = {}

    def formed(qs, y):  # type: ignore[no-untyped-def]
        return qs.filter(formed_on__gte=dt.date(y, 1, 1), formed_on__lte=dt.date(y, 12, 31))

    for row in ("rules", "normative"):
        kind = public.filter(kind=_kind(row))
        if edition.id == "2019":
            made = items.filter(kind=_kind(row)).exclude(state=DecisionState.DRAFT)
            cells[("t2_a20_1", row, "made")] = _count_by_agency(formed(made, year))
            cells[("t2_a20_1", row, "published")] = _count_by_agency(
                kind.filter(published_on__gte=start, published_on__lte=end))
            cells[("t2_a20_1", row, "total_public")] = _count_by_agency(kind.filter(published_on__lte=end))
        else:
            cells[("t2_a20_1", row, "issued")] = _count_by_agency(formed(kind, year))
            cells[("t2_a20_1", row, "repealed")] = _count_by_agency(
                items.filter(kind=_kind(row), validity=Validity.REPEALED, invalid_on__gte=start, invalid_on__lte=end))
            cells[("t2_a20_1", row, "valid")] = _count_by_agency(kind.filter(_in_force_at(end)))

    for row in DECISION_ROWS:
        sub = "t2_a20_5" if row in ("license", "other_services") else "t2_a20_6"
        if edition.id == "2021" and row == "other_services":
            continue
        kind = public.filter(kind=_kind(row))
        this = _count_by_agency(formed(kind, year))
        cells[(sub, row, "decisions")] = this
        if edition.id == "2019":
            prev = _count_by_agency(formed(kind, year - 1))
            cells[(sub, row, "prev_items")] = prev
            cells[(sub, row, "delta")] = {a: this.get(a, 0) - prev.get(a, 0) for a in agency_ids}

    if edition.id == "2019":
        fees = public.filter(kind=_kind("fees"))
        prev = _count_by_agency(fees.filter(_in_force_at(dt.date(year - 1, 12, 31))))
        now = _count_by_agency(fees.filter(_in_force_at(end)))
        cells[("t2_a20_8", "fees", "prev_items")] = prev
        cells[("t2_a20_8", "fees", "delta")] = {a: now.get(a, 0) - prev.get(a, 0) for a in agency_ids}
        cells[("t2_a20_9", "procurement", "projects")] = _count_by_agency(formed(public.filter(kind=_kind("procurement")), year))
    return cells


def _number(v: Decimal) -> int | float:
    return int(v) if v == v.to_integral_value() else float(v)


def compute_t2(agency_ids: Sequence[int], year: int, edition: Edition) -> dict:
    """Table 二 in the interchange format: {subtable_id: {row_id: {col_id: value}}} (money in 元).

    A cell neither computed nor entered by hand is ``None`` (blank)."""
    agency_ids = list(agency_ids)
    computed = _computed(agency_ids, year, edition)
    figures: dict[tuple[str, str, str], dict[int, Decimal]] = defaultdict(dict)
    for f in T2Figure.objects.filter(agency_id__in=agency_ids, year=year):
        figures[(f.subtable, f.row, f.column)][f.agency_id] = f.value
    out: dict[str, dict[str, dict[str, int | float | None]]] = {}
    for st in edition.t2:
        out[st.id] = {}
        for row in st.rows:
            out[st.id][row.id] = {}
            for col in st.columns:
                key = (st.id, row.id, col.id)
                comp, hand = computed.get(key), figures.get(key, {})
                if comp is None and not hand:
                    out[st.id][row.id][col.id] = None
                    continue
                total = Decimal(0)
                for a in agency_ids:
                    if a in hand:
                        total += hand[a]
                    elif comp is not None:
                        total += comp.get(a, 0)
                out[st.id][row.id][col.id] = _number(total)
    return out


def t2_sources(agency_ids: Sequence[int], year: int) -> list[T2Figure]:
    """The hand-entered figures behind a table 二, for showing their source notes."""
    return list(T2Figure.objects.filter(agency_id__in=list(agency_ids), year=year).order_by("subtable", "row", "column"))
