"""Compose tables 二/三/四 of an agency-year from the records, and roll a government's report up.

The records belong to other apps, imported plainly (records → reports → supervision):
``gongkai.catalogue.reporting.compute_t2``, ``gongkai.applications.reporting.compute_t3``,
``gongkai.appeals.reporting.compute_t4``. An error in one of them surfaces: a broken table 三 never passes
as a blank one. A table whose source is switched off in :data:`SOURCES` stays blank with a note, and its
cells may be entered by hand with a source note.

A government's report (e.g. 宝山区人民政府) = its own records + the sum of its departments' reports that
have been submitted or published; the roll-up lists which departments have not submitted or have errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, Sum

from gongkai.appeals.reporting import compute_t4
from gongkai.applications.models import FeeNotice, FeeStatus
from gongkai.applications.reporting import compute_t3
from gongkai.catalogue.reporting import compute_t2
from gongkai.law.editions import T3_COLUMN_IDS, T4_COLUMN_IDS, Edition, edition_for_year
from gongkai.law.report import Cell, Report
from gongkai.reports import narrative
from gongkai.reports.models import AnnualReport, ReportStatus, WorkLogEntry, WorkLogKind

# Each table's computation from the records, and the register it reads.
SOURCES: dict[str, tuple[Any, str]] = {
    "t2": (compute_t2, "政府信息公开目录（主动公开）"),
    "t3": (compute_t3, "依申请公开登记"),
    "t4": (compute_t4, "行政复议、行政诉讼登记"),
}


@dataclass
class Composition:
    t2: dict[str, dict[str, dict[str, Cell]]]
    t3: dict[str, list[Cell]]
    t4: dict[str, Cell]
    notes: list[str] = field(default_factory=list)
    available: dict[str, bool] = field(default_factory=dict)


def _contract(table: str) -> Any:
    """The computation of ``table`` from the records (None: switched off, the table is filled by hand)."""
    return SOURCES[table][0]


def _blank_t2(edition: Edition) -> dict[str, dict[str, dict[str, Cell]]]:
    return {st.id: {r.id: {c.id: None for c in st.columns} for r in st.rows} for st in edition.t2}


def compose_tables(agency_ids: Sequence[int], year: int, edition: Edition) -> Composition:
    """Tables 二/三/四 of ``year`` over ``agency_ids`` from the records (blank where a source is switched off)."""
    comp = Composition(t2=_blank_t2(edition), t3={r: [None] * 7 for r in edition.t3_row_ids},
                       t4={c: None for c in T4_COLUMN_IDS})
    for table in ("t2", "t3", "t4"):
        fn = _contract(table)
        label = SOURCES[table][1]
        if fn is None:
            comp.available[table] = False
            comp.notes.append(f"{_table_name(table)}：“{label}”模块尚未启用，表格数字需手工填报并注明来源。")
            continue
        result = fn(list(agency_ids), year) if table == "t4" else fn(list(agency_ids), year, edition)
        comp.available[table] = True
        if table == "t2":
            for sid, rows in (result or {}).items():
                for rid, cols in rows.items():
                    for cid, v in cols.items():
                        if sid in comp.t2 and rid in comp.t2[sid] and cid in comp.t2[sid][rid]:
                            comp.t2[sid][rid][cid] = v
        elif table == "t3":
            for rid, values in (result or {}).items():
                if rid in comp.t3:
                    comp.t3[rid] = list(values)
        else:
            for cid, v in (result or {}).items():
                if cid in comp.t4:
                    comp.t4[cid] = v
    return comp


def _table_name(table: str) -> str:
    return {"t2": "表二", "t3": "表三", "t4": "表四"}[table]


def _add(a: Cell, b: Cell) -> Cell:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def add_report(comp: Composition, other: Report) -> None:
    """Add another report's tables (a department's) into the composition, cell by cell."""
    for sid, rows in other.t2.items():
        for rid, cols in rows.items():
            for cid, v in cols.items():
                if sid in comp.t2 and rid in comp.t2[sid] and cid in comp.t2[sid][rid]:
                    comp.t2[sid][rid][cid] = _add(comp.t2[sid][rid][cid], v)
    for rid, values in other.t3.items():
        if rid in comp.t3:
            comp.t3[rid] = [_add(a, b) for a, b in zip(comp.t3[rid], values, strict=True)]
    for cid, v in other.t4.items():
        if cid in comp.t4:
            comp.t4[cid] = _add(comp.t4[cid], v)


# --------------------------------------------------------------------------- facts (work log, fees)


def facts(agency_ids: Sequence[int], year: int) -> dict[str, int]:
    """Figures from outside the tables that the narrative uses: the work log and the 信息处理费."""
    out: dict[str, int] = {f"work.{k}": 0 for k in WorkLogKind.values}
    rows = (WorkLogEntry.objects.filter(agency_id__in=list(agency_ids), day__year=year)
            .values("kind").annotate(n=Sum("count")).order_by())
    for r in rows:
        out[f"work.{r['kind']}"] = int(r["n"] or 0)
    out.update({"fees.notices": 0, "fees.notice_amount": 0, "fees.collected": 0})
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    issued = Q(issued_on__gte=start, issued_on__lte=end)
    paid = Q(status=FeeStatus.PAID, settled_on__gte=start, settled_on__lte=end)
    agg = (FeeNotice.objects.filter(application__agency_id__in=list(agency_ids)).filter(issued | paid)
           .aggregate(n=Count("pk", filter=issued), s=Sum("amount", filter=issued), paid=Sum("amount", filter=paid)))
    out["fees.notices"] = int(agg["n"] or 0)
    out["fees.notice_amount"] = int(agg["s"] or 0)
    out["fees.collected"] = int(agg["paid"] or 0)
    return out


# --------------------------------------------------------------------------- roll-up


@dataclass
class DepartmentStatus:
    agency: Any
    report: Any  # AnnualReport or None
    submitted: bool
    errors: int
    warnings: int
    included: bool


def rollup(government: Any, year: int) -> list[DepartmentStatus]:
    """Each department of a government for ``year``: its report, whether submitted, its findings."""
    departments = [a for a in government.descendants() if a.pk != government.pk]
    reports = {r.agency_id: r for r in AnnualReport.objects.filter(agency__in=departments, year=year)}
    out = []
    for d in sorted(departments, key=lambda a: a.pk):
        r = reports.get(d.pk)
        submitted = r is not None and r.status in (ReportStatus.CHECKING, ReportStatus.PUBLISHED)
        out.append(DepartmentStatus(
            agency=d, report=r, submitted=submitted,
            errors=r.error_count if r else 0, warnings=r.warning_count if r else 0, included=submitted,
        ))
    return out


def compose_for(agency: Any, year: int, edition: Edition) -> tuple[Composition, list[DepartmentStatus]]:
    """The composition of an agency's report: own records, plus its departments' reports for a government."""
    comp = compose_tables([agency.pk], year, edition)
    departments: list[DepartmentStatus] = []
    if agency.is_government:
        departments = rollup(agency, year)
        for d in departments:
            if d.included:
                add_report(comp, d.report.to_report())
        missing = [d.agency.name for d in departments if not d.submitted]
        included = [d.agency.name for d in departments if d.included]
        comp.notes.append(
            f"汇总了本级政府的记录和{len(included)}个部门已提交的年报"
            + (f"；尚未提交：{'、'.join(missing)}" if missing else "；所有部门均已提交") + "。"
        )
    return comp, departments


def apply_manual(comp: Composition, manual: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Put the hand-entered figures into the cells the records leave blank. Returns refs now computed
    from the records (their hand-entered figure is no longer used)."""
    superseded: list[str] = []
    for ref, entry in manual.items():
        current = composed_value(comp, ref)
        if current is not None:
            superseded.append(ref)
            continue
        set_composed(comp, ref, entry.get("value"))
    return superseded


def composed_value(comp: Composition, ref: str) -> Cell:
    p = ref.split(".")
    if p[0] == "t3":
        return comp.t3.get(p[1], [None] * 7)[T3_COLUMN_IDS.index(p[2])]
    if p[0] == "t4":
        return comp.t4.get(p[1])
    if p[0] == "t2":
        return comp.t2.get(p[1], {}).get(p[2], {}).get(p[3])
    raise KeyError(ref)


def set_composed(comp: Composition, ref: str, value: Cell) -> None:
    p = ref.split(".")
    if p[0] == "t3":
        comp.t3[p[1]][T3_COLUMN_IDS.index(p[2])] = value
    elif p[0] == "t4":
        comp.t4[p[1]] = value
    elif p[0] == "t2":
        comp.t2[p[1]][p[2]][p[3]] = value


def valid_ref(edition: Edition, ref: str) -> bool:
    p = ref.split(".")
    if p[0] == "t3" and len(p) == 3:
        return p[1] in edition.t3_row_ids and p[2] in T3_COLUMN_IDS
    if p[0] == "t4" and len(p) == 2:
        return p[1] in T4_COLUMN_IDS
    if p[0] == "t2" and len(p) == 4:
        try:
            st = edition.subtable(p[1])
        except KeyError:
            return False
        return p[2] in {r.id for r in st.rows} and p[3] in {c.id for c in st.columns}
    return False


def build(agency: Any, year: int, *, templates: Mapping[str, str] | None = None,
          manual: Mapping[str, Mapping[str, Any]] | None = None,
          meta: Mapping[str, Any] | None = None) -> tuple[Report, dict[str, Any]]:
    """The whole report of an agency-year as the system composes it: tables from the records (and the
    departments' reports for a government), hand-entered figures where the records leave cells blank,
    the facts, and the narrative rendered from ``templates`` (the drafts when None)."""
    edition = edition_for_year(year)
    kind = "government" if agency.is_government else "department"
    comp, departments = compose_for(agency, year, edition)
    superseded = apply_manual(comp, manual or {})
    law = Report.empty(edition, agency.name, year)
    law.t2, law.t3, law.t4 = comp.t2, comp.t3, comp.t4
    law.meta = {k: v for k, v in (meta or {}).items() if k in ("title", "preamble")}
    law.meta["agency_kind"] = kind
    law.meta["facts"] = facts([agency.pk], year)
    law.meta["composition_notes"] = comp.notes + [
        f"{r} 已由系统记录计算，手工填报的数字不再使用。" for r in superseded
    ]
    law.meta["manual_refs"] = sorted(set(manual or {}) - set(superseded))
    if departments:
        law.meta["departments"] = [
            {"agency": d.agency.name, "status": d.report.get_status_display() if d.report else "未创建",
             "included": d.included, "errors": d.errors} for d in departments
        ]
    if templates is None:
        templates = narrative.default_templates(edition, kind)
    law.sections = narrative.render_sections(templates, law)
    summary = {"notes": law.meta["composition_notes"], "t3_total": law.t3_cell("r3_7_total", "total"),
               "t1_new": law.t3_cell("r1_new", "total"), "available": comp.available}
    return law, summary
