"""``gongkai render REPORT.json --to html|docx|xlsx|pdf -o FILE``"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from gongkai.law.report import ReportFormatError
from gongkai.reports.management.commands.check_report import EXIT_UNREADABLE, load_report
from gongkai.reports.render import render, render_html_page

TARGETS = ("html", "docx", "xlsx", "pdf")


def write_rendering(report: Any, fmt: str, output: str, stdout: Any, stderr: Any) -> None:
    data = render_html_page(report).encode("utf-8") if fmt == "html" else render(report, fmt)
    try:
        Path(output).write_bytes(data)
    except OSError as e:
        stderr.write(f"错误：无法写入 {output}：{e.strerror or e}")
        sys.exit(EXIT_UNREADABLE)
    stdout.write(f"已生成 {output}（{len(data)} 字节）")


class Command(BaseCommand):
    help = "将年度报告JSON生成为 HTML、DOCX、XLSX 或 PDF（国家格式的表格版式）。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("report", metavar="REPORT.json")
        parser.add_argument("--to", required=True, choices=TARGETS, help="输出格式")
        parser.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            report = load_report(opts["report"])
        except ReportFormatError as e:
            self.stderr.write(f"错误：{e}")
            sys.exit(EXIT_UNREADABLE)
        write_rendering(report, opts["to"], opts["output"], self.stdout, self.stderr)
