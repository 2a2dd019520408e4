"""Every change to an annual report: one function each, checked, with an event, in one transaction.

Time is an argument (``now`` / ``today``): views pass ``timezone.now()``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction

from gongkai.agencies.models import Agency
from gongkai.clock import local_date
from gongkai.errors import Refused
from gongkai.law.editions import edition_for_year
from gongkai.law.report import Report, ReportFormatError
from gongkai.law.rules import Finding, Severity, annual_report_deadline, cell_label, check
from gongkai.reports import compose, narrative
from gongkai.reports.models import (
    AnnualReport,
    ReportEvent,
    ReportEventKind,
    ReportStatus,
    WorkLogEntry,
    WorkLogKind,
)


class ReportError(Refused):
    """A refused change to an annual report."""


def _event(agency: Agency, year: int, report: AnnualReport | None, *, kind: str, actor: Any, now: dt.datetime,
           payload: dict[str, Any] | None = None) -> ReportEvent:
    return ReportEvent.objects.create(agency=agency, year=year, report=report, kind=kind,
                                      actor=actor if getattr(actor, "pk", None) else None, at=now,
                                      payload=payload or {})


def agency_kind(agency: Agency) -> str:
    return "government" if agency.is_government else "department"


def _editable(report: AnnualReport) -> None:
    if report.status == ReportStatus.PUBLISHED:
        raise ReportError("年报已公开，不能再修改。")


def _lock(report: AnnualReport) -> AnnualReport:
    return AnnualReport.objects.select_for_update().get(pk=report.pk)


# --------------------------------------------------------------------------- create / import


@transaction.atomic
def create_report(*, agency: Agency, year: int, actor: Any, now: dt.datetime) -> AnnualReport:
    """A new draft for ``agency`` and ``year`` in the edition of that year, with narrative drafts."""
    try:
        edition = edition_for_year(year)
    except ValueError as e:
        raise ReportError(str(e), "year") from None
    if AnnualReport.objects.filter(agency=agency, year=year).exists():
        raise ReportError(f"{agency.name}{year}年度报告已存在。", "year")
    report = Report.empty(edition, agency.name, year, fill=0)
    report.meta["agency_kind"] = agency_kind(agency)
    obj = AnnualReport.objects.create(
        agency=agency, year=year, edition=edition.id, data=report.to_dict(),
        narrative=narrative.default_templates(edition, agency_kind(agency)), created_at=now, updated_at=now,
    )
    _event(agency, year, obj, kind=ReportEventKind.CREATED, actor=actor, now=now, payload={"edition": edition.id})
    return obj


@transaction.atomic
def import_report(*, agency: Agency, year: int, data: Mapping[str, Any], actor: Any, now: dt.datetime,
                  source: str = "") -> AnnualReport:
    """Create or replace an unpublished report from the interchange JSON (tables and prose as given)."""
    try:
        report = Report.from_dict(data)
    except ReportFormatError as e:
        raise ReportError(f"年报JSON无法读取：{e}", "data") from None
    if report.year != year:
        raise ReportError(f"JSON中的年度为{report.year}，与所选年度{year}不符。", "year")
    want = edition_for_year(year)
    if report.edition.id != want.id:
        raise ReportError(f"{year}年度报告应使用{want.id}年版格式，JSON为{report.edition.id}年版。", "data")
    report.agency = report.agency or agency.name
    report.meta.setdefault("agency_kind", agency_kind(agency))
    obj = AnnualReport.objects.select_for_update().filter(agency=agency, year=year).first()
    if obj is not None:
        _editable(obj)
        obj.data = report.to_dict()
        obj.narrative = {sid: text for sid, text in report.sections.items()}
        obj.updated_at = now
        obj.save(update_fields=["data", "narrative", "updated_at"])
    else:
        obj = AnnualReport.objects.create(
            agency=agency, year=year, edition=report.edition.id, data=report.to_dict(),
            narrative=dict(report.sections), created_at=now, updated_at=now,
        )
    _event(agency, year, obj, kind=ReportEventKind.IMPORTED, actor=actor, now=now, payload={"source": source})
    return obj


# --------------------------------------------------------------------------- checking


def previous_report(agency: Agency, year: int) -> Report | None:
    """Last year's published report of the agency (the carry-over rule runs against it)."""
    prev = AnnualReport.objects.filter(agency=agency, year=year - 1, status=ReportStatus.PUBLISHED).first()
    return prev.to_report() if prev is not None else None


def findings_for(report: AnnualReport, *, publish_on: dt.date | None = None) -> list[Finding]:
    """Every consistency rule, the carry-over against last year's published report, and the binding of the
    narrative's placeholders. With ``publish_on`` the Art. 49 timeliness rule runs for that date."""
    law = report.to_report()
    law.meta["agency_kind"] = agency_kind(report.agency)
    if publish_on is not None:
        law.meta["published_on"] = publish_on.isoformat()
    elif report.published_on is not None:
        law.meta["published_on"] = report.published_on.isoformat()
    findings = check(law, previous_report(report.agency, report.year))
    findings += narrative.binding_findings(report.narrative or {}, law)
    return findings


def finding_key(f: Finding) -> str:
    return f"{f.rule}|{'/'.join(f.cells)}"


def _store(report: AnnualReport, findings: Sequence[Finding], now: dt.datetime) -> None:
    report.findings = [
        {**f.to_dict(), "key": finding_key(f),
         "labels": [cell_label(report.to_report().edition, c) if c.startswith(("t2.", "t3.", "t4.")) else c
                    for c in f.cells[:6]]}
        for f in findings
    ]
    report.checked_at = now


@transaction.atomic
def run_check(*, report: AnnualReport, actor: Any, now: dt.datetime) -> list[Finding]:
    report = _lock(report)
    findings = findings_for(report)
    _store(report, findings, now)
    report.save(update_fields=["findings", "checked_at"])
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    _event(report.agency, report.year, report, kind=ReportEventKind.CHECKED, actor=actor, now=now,
           payload={"errors": errors, "warnings": len(findings) - errors})
    return findings


# --------------------------------------------------------------------------- submit / publish


@transaction.atomic
def submit_report(*, report: AnnualReport, actor: Any, now: dt.datetime) -> AnnualReport:
    """Draft → submitted (to the head for publication; the district roll-up counts it as submitted)."""
    report = _lock(report)
    if report.status != ReportStatus.DRAFT:
        raise ReportError("只有编制中的年报可以提交。")
    report.status = ReportStatus.CHECKING
    report.updated_at = now
    report.save(update_fields=["status", "updated_at"])
    _event(report.agency, report.year, report, kind=ReportEventKind.SUBMITTED, actor=actor, now=now)
    return report


@transaction.atomic
def reopen_report(*, report: AnnualReport, actor: Any, now: dt.datetime, reason: str = "") -> AnnualReport:
    report = _lock(report)
    if report.status != ReportStatus.CHECKING:
        raise ReportError("只有已提交、尚未公开的年报可以退回编制。")
    report.status = ReportStatus.DRAFT
    report.updated_at = now
    report.save(update_fields=["status", "updated_at"])
    _event(report.agency, report.year, report, kind=ReportEventKind.REOPENED, actor=actor, now=now,
           payload={"reason": reason})
    return report


@transaction.atomic
def publish_report(
    *,
    report: AnnualReport,
    actor: Any,
    now: dt.datetime,
    today: dt.date | None = None,
    override_reason: str = "",
    acknowledge_warnings: bool = False,
) -> AnnualReport:
    """Publish: every rule runs first (carry-over against last year's published report, Art. 49 timeliness
    for ``today``). An error blocks publication unless ``override_reason`` is given (it is recorded);
    warnings must be acknowledged. Records the publication date and whether it was within the deadline."""
    report = _lock(report)
    if report.status == ReportStatus.PUBLISHED:
        raise ReportError("年报已公开。")
    today = today or local_date(now)
    findings = findings_for(report, publish_on=today)
    _store(report, findings, now)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    warnings = [f for f in findings if f.severity is not Severity.ERROR]
    reason = (override_reason or "").strip()
    if errors and not reason:
        raise ReportError(
            f"存在{len(errors)}项错误，不能发布：{errors[0].message}"
            + ("等。" if len(errors) > 1 else "")
            + "请改正后再发布，或填写带错误发布的理由（将记录在案）。",
            "override_reason",
        )
    if warnings and not acknowledge_warnings:
        raise ReportError(f"有{len(warnings)}项提示，请逐项核对后勾选“已核对全部提示”再发布。", "acknowledge_warnings")
    kind = agency_kind(report.agency)
    deadline = annual_report_deadline(report.year, kind)
    data = report.to_report()
    data.meta["published_on"] = today.isoformat()
    data.meta["agency_kind"] = kind
    report.data = data.to_dict()
    report.status = ReportStatus.PUBLISHED
    report.published_on = today
    report.published_by = actor if getattr(actor, "pk", None) else None
    report.override_reason = reason if errors else ""
    report.updated_at = now
    report.save()
    if errors:
        _event(report.agency, report.year, report, kind=ReportEventKind.OVERRIDE, actor=actor, now=now,
               payload={"reason": reason, "errors": len(errors), "rules": sorted({f.rule for f in errors})})
    _event(report.agency, report.year, report, kind=ReportEventKind.PUBLISHED, actor=actor, now=now, payload={
        "published_on": today.isoformat(), "deadline": deadline.isoformat(), "late": today > deadline,
        "errors": len(errors), "warnings_acknowledged": [finding_key(f) for f in warnings],
    })
    return report


# --------------------------------------------------------------------------- work log


@transaction.atomic
def add_work_log(*, agency: Agency, day: dt.date, kind: str, count: int, note: str = "", actor: Any,
                 now: dt.datetime) -> WorkLogEntry:
    if kind not in WorkLogKind.values:
        raise ReportError("请选择工作记录的类别。", "kind")
    if count is None or count < 0:
        raise ReportError("数量应为非负整数。", "count")
    if day > local_date(now):
        raise ReportError("日期不能晚于今天。", "day")
    entry = WorkLogEntry.objects.create(agency=agency, day=day, kind=kind, count=count, note=note.strip()[:300],
                                        created_by=actor if getattr(actor, "pk", None) else None, created_at=now)
    _event(agency, day.year, None, kind=ReportEventKind.WORKLOG, actor=actor, now=now, payload={
        "entry": entry.pk, "kind": kind, "kind_label": WorkLogKind(kind).label, "count": count,
        "day": day.isoformat(), "note": entry.note,
    })
    return entry


@transaction.atomic
def delete_work_log(*, entry: WorkLogEntry, actor: Any, now: dt.datetime) -> None:
    published = AnnualReport.objects.filter(agency=entry.agency, year=entry.day.year,
                                            status=ReportStatus.PUBLISHED).exists()
    if published:
        raise ReportError(f"{entry.day.year}年度报告已公开，该年度的工作记录不能删除。")
    _event(entry.agency, entry.day.year, None, kind=ReportEventKind.WORKLOG_DELETED, actor=actor, now=now, payload={
        "kind": entry.kind, "kind_label": entry.get_kind_display(), "count": entry.count,
        "day": entry.day.isoformat(), "note": entry.note,
    })
    entry.delete()


# --------------------------------------------------------------------------- compose / figures / narrative


def _recompose(report: AnnualReport) -> dict[str, Any]:
    """Recompute tables from the records (+ departments for a government) and hand-entered figures, the
    facts and the rendered narrative; store them in ``report.data``. Returns a summary for the event."""
    law, summary = compose.build(report.agency, report.year, templates=report.narrative or {},
                                 manual=report.manual or {}, meta=(report.data or {}).get("meta") or {})
    report.data = law.to_dict()
    report.edition = law.edition.id
    return summary


@transaction.atomic
def compose_report(*, report: AnnualReport, actor: Any, now: dt.datetime) -> AnnualReport:
    """Recompute the report from the records (tables 二/三/四, facts, narrative) and check it."""
    report = _lock(report)
    _editable(report)
    summary = _recompose(report)
    _store(report, findings_for(report), now)
    report.updated_at = now
    report.save()
    _event(report.agency, report.year, report, kind=ReportEventKind.COMPOSED, actor=actor, now=now, payload={
        **summary, "errors": report.error_count, "warnings": report.warning_count,
    })
    return report


@transaction.atomic
def set_manual_figure(*, report: AnnualReport, ref: str, value: int | float | None, source: str, actor: Any,
                      now: dt.datetime) -> AnnualReport:
    """Enter a figure by hand, only for a cell the records do not cover, with a note of its source.
    ``value=None`` removes the hand-entered figure."""
    report = _lock(report)
    _editable(report)
    edition = edition_for_year(report.year)
    if not compose.valid_ref(edition, ref):
        raise ReportError(f"{edition.id}年版格式没有单元格“{ref}”。", "ref")
    manual = dict(report.manual or {})
    label = cell_label(edition, ref)
    if value is None:
        if ref not in manual:
            raise ReportError(f"{label}没有手工填报的数字。", "ref")
        del manual[ref]
    else:
        comp, _ = compose.compose_for(report.agency, report.year, edition)
        if compose.composed_value(comp, ref) is not None:
            raise ReportError(f"{label}由系统记录计算得出，不能手工填报；请在相应的登记中更正记录。", "value")
        if not ref.startswith("t2.") or "delta" not in ref:
            if value < 0:
                raise ReportError("数字不能为负数。", "value")
        if ref.startswith(("t3.", "t4.")) and not float(value).is_integer():
            raise ReportError("件数应为整数。", "value")
        source = (source or "").strip()
        if len(source) < 2:
            raise ReportError("请注明数字的来源（例如：财政局政府采购统计表）。", "source")
        manual[ref] = {"value": value, "source": source[:300], "at": now.isoformat(),
                       "by": getattr(actor, "username", "")}
    report.manual = manual
    _recompose(report)
    _store(report, findings_for(report), now)
    report.updated_at = now
    report.save()
    _event(report.agency, report.year, report, kind=ReportEventKind.MANUAL, actor=actor, now=now, payload={
        "ref": ref, "label": label, "value": value, "source": source if value is not None else "（删除）",
    })
    return report


@transaction.atomic
def update_narrative(*, report: AnnualReport, section: str, text: str, actor: Any, now: dt.datetime,
                     restore_draft: bool = False) -> AnnualReport:
    """Save a section's text (with placeholders) and re-render it; ``restore_draft`` puts back the draft
    written from the data."""
    report = _lock(report)
    _editable(report)
    edition = edition_for_year(report.year)
    try:
        sec = edition.section(section)
    except KeyError:
        raise ReportError("没有这一部分。", "section") from None
    if restore_draft:
        text = narrative.default_templates(edition, agency_kind(report.agency))[section]
    text = (text or "").replace("\r\n", "\n")
    if len(text) > 50000:
        raise ReportError("正文过长（不超过5万字）。", "text")
    templates = dict(report.narrative or {})
    templates[section] = text
    report.narrative = templates
    law = report.to_report()
    law.sections[section] = narrative.render_text(text, law)
    report.data = law.to_dict()
    _store(report, findings_for(report), now)
    report.updated_at = now
    report.save()
    _event(report.agency, report.year, report, kind=ReportEventKind.NARRATIVE, actor=actor, now=now, payload={
        "section": section, "section_label": sec.number, "restored": restore_draft, "length": len(text),
    })
    return report


@transaction.atomic
def set_front_matter(*, report: AnnualReport, title: str, preamble: str, actor: Any, now: dt.datetime) -> AnnualReport:
    """The report's title and its opening paragraph (编制依据、统计期限、联系方式)."""
    report = _lock(report)
    _editable(report)
    title = (title or "").strip()
    if len(title) > 200:
        raise ReportError("标题过长。", "title")
    law = report.to_report()
    if title:
        law.meta["title"] = title
    else:
        law.meta.pop("title", None)
    law.meta["preamble"] = (preamble or "").strip()
    report.data = law.to_dict()
    report.updated_at = now
    report.save(update_fields=["data", "updated_at"])
    _event(report.agency, report.year, report, kind=ReportEventKind.NARRATIVE, actor=actor, now=now,
           payload={"section": "front", "section_label": "标题和前言", "length": len(preamble or "")})
    return report
