"""``gongkai audit PATH... [--previous PATH] [--json] [--csv FILE] [--xlsx FILE]``

Reads published annual reports (text, HTML, markdown, DOCX, PDF; files, folders, zip archives),
extracts tables 二/三/四 and prints the findings. Exit 0: no report has an error; 1: some report has an
error; 2: some input could not be read (the others are still audited).
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.auditor.audit import AuditResult, audit_bytes, iter_inputs, link_years, load_previous
from gongkai.auditor.export import write_csv, write_xlsx
from gongkai.law.report import ReportFormatError
from gongkai.law.rules import Severity


class Command(BaseCommand):
    help = "审查已公开的政府信息公开工作年度报告（文本、HTML、Markdown、DOCX、PDF，文件、文件夹或ZIP）。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--previous", help="上一年度的年报（JSON或任意可读格式），用于核对上年结转")
        parser.add_argument("--json", action="store_true", help="每份年报输出一行JSON")
        parser.add_argument("--provenance", action="store_true", help="JSON中包含每个单元格的来源和章节正文")
        parser.add_argument("--csv", metavar="FILE", help="将问题清单写入CSV文件")
        parser.add_argument("--xlsx", metavar="FILE", help="将问题清单写入XLSX文件")

    def handle(self, *args: Any, **opts: Any) -> None:
        previous = None
        if opts.get("previous"):
            try:
                previous = load_previous(opts["previous"])
            except (OSError, ReportFormatError, Exception) as e:  # noqa: BLE001 - reported, not raised
                raise CommandError(f"无法读取上一年度年报 {opts['previous']}：{e}") from None
        inputs = list(iter_inputs(opts["paths"]))
        # progress on stderr (stdout stays clean for --json): for batches, or when a person watches
        show_progress = len(inputs) > 1 or (sys.stderr.isatty() and len(inputs) > 0 and not opts["json"])
        results: list[AuditResult] = []
        unreadable = 0
        for i, inp in enumerate(inputs, start=1):
            if show_progress:
                _progress(i, len(inputs), inp.name)
            if inp.error is not None or inp.data is None:
                result = AuditResult(inp.name, error=inp.error or "无法读取。")
            else:
                try:
                    result = audit_bytes(inp.data, inp.name, previous)
                except Exception as e:  # noqa: BLE001 - one bad input never stops a batch
                    result = AuditResult(inp.name, error=f"读取时发生内部错误（{type(e).__name__}），请报告此文件。")
            results.append(result)
        if show_progress:
            sys.stderr.write("\n")
        if previous is None:
            link_years(results)  # reports of consecutive years of one agency in the batch
        for result in results:
            if result.error:
                unreadable += 1
                self.stderr.write(f"无法读取 {result.file}：{result.error}")
                continue
            if opts["json"]:
                self.stdout.write(json.dumps(result.to_dict(provenance=opts["provenance"]), ensure_ascii=False))
            else:
                self.stdout.write(summary(result))
        if opts.get("csv"):
            write_csv(opts["csv"], results)
        if opts.get("xlsx"):
            write_xlsx(opts["xlsx"], results)
        if not inputs:
            raise SystemExit(2)
        if not opts["json"] and len(results) > 1:
            n_err = sum(1 for r in results if r.has_error)
            self.stdout.write(f"共{len(results)}份：{n_err}份有错误，{unreadable}份无法读取。")
        if unreadable:
            raise SystemExit(2)
        if any(r.has_error for r in results):
            raise SystemExit(1)


def _progress(i: int, n: int, name: str) -> None:
    width = 30
    done = int(width * i / n)
    short = name if len(name) <= 40 else "…" + name[-39:]
    sys.stderr.write(f"\r[{'#' * done}{'.' * (width - done)}] {i}/{n} {short:<40}")
    sys.stderr.flush()


def summary(result: AuditResult) -> str:
    ex = result.extraction
    assert ex is not None
    r = ex.report
    errors = [f for f in result.findings if f.severity is Severity.ERROR]
    warnings = [f for f in result.findings if f.severity is not Severity.ERROR]
    lines = [
        f"== {result.file}",
        f"   {r.agency or '（未识别机关）'} {r.year or '（未识别年度）'}年度报告，{r.edition.id}年版格式，"
        f"读取方式 {ex.format}，置信度 {ex.confidence:.2f}",
        (f"   与上一年度年报 {result.previous_file} 核对了结转\n" if result.previous_file and result.previous_file != "--previous" else "")
        + f"   错误 {len(errors)} 项，提示 {len(warnings)} 项"
        + (f"，未找到单元格 {len(ex.missing)} 个" if ex.missing else "")
        + (f"，有歧义单元格 {len(ex.ambiguous)} 个" if ex.ambiguous else ""),
        f"   读取覆盖率 {coverage_text(result)}"
        + (f"，无法核对的检查 {len(result.unchecked)} 项" if result.unchecked else ""),
    ]
    for f in errors + warnings:
        lines.append(f"   [{f.severity.label}] {f.rule}：{f.message}")
        if f.quote:
            q = f.quote if len(f.quote) <= 80 else f.quote[:79] + "…"
            lines.append(f"         原文：{q}")
    unread = result.unread()
    for u in unread[:10]:
        lines.append(f"   [未能读取] {u['label']}：{u['where']}")
    if len(unread) > 10:
        lines.append(f"   [未能读取] ……共{len(unread)}个单元格")
    for u in result.unchecked[:10]:
        lines.append(f"   [无法核对] {u['rule']}：{u['message']}")
    if len(result.unchecked) > 10:
        lines.append(f"   [无法核对] ……共{len(result.unchecked)}项")
    return "\n".join(lines)


def coverage_text(result: AuditResult) -> str:
    read, expected = result.coverage
    pct = 100 * read / expected if expected else 0
    return f"{read}/{expected}（{pct:.1f}%）"
