"""The auditor's state changes: run an uploaded batch, record an export. One transaction each, with an
event row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from gongkai.auditor.audit import AuditResult, audit_bytes, iter_zip, link_years
from gongkai.auditor.models import AuditBatch, AuditedReport, AuditEvent, AuditEventKind
from gongkai.auditor.reader import sniff
from gongkai.law.rules import Severity

MAX_BATCH_REPORTS = 500
UPLOAD_EXTENSIONS = (
    "txt", "htm", "html", "shtml", "md", "markdown", "docx", "pdf", "zip", "png", "jpg", "jpeg", "tif", "tiff",
)


class AuditError(Exception):
    """A batch that cannot be run (message in Chinese)."""


def expand(files: Sequence[tuple[str, bytes]]) -> list[tuple[str, bytes | None, str | None]]:
    """Uploaded files -> (name, data, error) per report, zip archives unpacked (bombs refused)."""
    out: list[tuple[str, bytes | None, str | None]] = []
    for name, data in files:
        kind = None
        try:
            kind = sniff(name, data)
        except Exception:  # noqa: BLE001 - the reader reports it per file below
            kind = None
        if kind == "zip":
            for inp in iter_zip(data, name):
                out.append((inp.name, inp.data, inp.error))
        else:
            out.append((name, data, None))
    return out


def run_audit_batch(
    *, agency: Any, actor: Any, files: Sequence[tuple[str, bytes]], now: dt.datetime, title: str = ""
) -> AuditBatch:
    """Audit uploaded reports (files or zips) and store the batch with one event row."""
    if not files:
        raise AuditError("请选择要审查的年报文件。")
    items = expand(files)
    if len(items) > MAX_BATCH_REPORTS:
        raise AuditError(f"一次最多审查{MAX_BATCH_REPORTS}份年报，本次为{len(items)}份。")
    results: list[AuditResult] = []
    for name, data, error in items:
        if error is not None or data is None:
            results.append(AuditResult(name, error=error or "无法读取。"))
            continue
        try:
            results.append(audit_bytes(data, name))
        except Exception as e:  # noqa: BLE001 - one bad file never stops a batch
            results.append(AuditResult(name, error=f"读取时发生内部错误（{type(e).__name__}）。"))
    link_years(results)
    with transaction.atomic():
        batch = AuditBatch.objects.create(
            agency=agency, created_by=actor, created_at=now,
            title=_storable(title or (files[0][0] if len(files) == 1 else f"{len(items)}份年报"))[:200],
            n_reports=len(results),
            n_unreadable=sum(1 for r in results if r.error),
            n_with_errors=sum(1 for r in results if r.has_error),
        )
        rows = []
        for i, res in enumerate(results):
            r = res.report
            rows.append(AuditedReport(
                batch=batch, position=i, file_name=_storable(res.file)[:500], error=_storable(res.error or ""),
                agency_name=_storable(r.agency if r else "")[:200], year=(r.year or None) if r else None,
                edition=r.edition.id if r else "", format=res.extraction.format if res.extraction else "",
                n_errors=sum(1 for f in res.findings if f.severity is Severity.ERROR),
                n_warnings=sum(1 for f in res.findings if f.severity is not Severity.ERROR),
                result=_storable(_result(res)),
            ))
        AuditedReport.objects.bulk_create(rows)
        AuditEvent.objects.create(
            batch=batch, actor=actor, at=now, kind=AuditEventKind.UPLOADED,
            payload={"files": [_storable(name) for name, _ in files][:50], "reports": len(results),
                     "unreadable": batch.n_unreadable, "with_errors": batch.n_with_errors},
        )
    return batch


def _storable(value: Any) -> Any:
    """Text PostgreSQL can store: text and jsonb refuse NUL, which a report file may hold anywhere."""
    if isinstance(value, str):
        return value.replace("\x00", "\ufffd")
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_storable(v) for v in value]
    return value


def record_export(*, batch: AuditBatch, actor: Any, now: dt.datetime, fmt: str) -> None:
    with transaction.atomic():
        AuditEvent.objects.create(batch=batch, actor=actor, at=now, kind=AuditEventKind.EXPORTED, payload={"format": fmt})


def _result(res: AuditResult) -> dict[str, Any]:
    if res.extraction is None:
        return {}
    d = res.to_dict(provenance=True)
    d["quotes"] = sorted({f.quote for f in res.findings if f.quote})
    d["meta"] = {k: v for k, v in res.extraction.report.meta.items() if k in ("title", "preamble")}
    return d
