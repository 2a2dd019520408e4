"""``gongkai check REPORT.json [--previous PREV.json] [--json]``

Runs every consistency rule on a report in the interchange JSON and prints the findings.
Exit 0: no error; 1: at least one error; 2: the input cannot be read (clear message, no traceback).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand

from gongkai.law.report import Report, ReportFormatError
from gongkai.law.rules import check, has_error
from gongkai.reports.present import findings_table

EXIT_OK, EXIT_ERROR, EXIT_UNREADABLE = 0, 1, 2


def load_report(path: str, what: str = "年报") -> Report:
    """Read a report JSON file; raise ReportFormatError with a Chinese message naming the file."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ReportFormatError(f"找不到{what}文件：{path}") from None
    except IsADirectoryError:
        raise ReportFormatError(f"{path} 是文件夹，不是{what}文件") from None
    except UnicodeDecodeError:
        raise ReportFormatError(f"{what}文件 {path} 不是UTF-8编码的JSON文本") from None
    except OSError as e:
        raise ReportFormatError(f"无法读取{what}文件 {path}：{e.strerror or e}") from None
    try:
        return Report.from_json(text)
    except ReportFormatError as e:
        raise ReportFormatError(f"{what}文件 {path} 无法读取：{e}", e.key) from None


class Command(BaseCommand):
    help = "检查年度报告JSON的勾稽关系（退出码：0 无错误，1 有错误，2 无法读取）。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("report", metavar="REPORT.json")
        parser.add_argument("--previous", metavar="PREV.json", help="上一年度的年报JSON，用于核对上年结转")
        parser.add_argument("--json", action="store_true", help="以JSON输出问题清单")

    def handle(self, *args: Any, **opts: Any) -> None:
        try:
            report = load_report(opts["report"])
            previous = load_report(opts["previous"], "上一年度年报") if opts.get("previous") else None
        except ReportFormatError as e:
            self.stderr.write(f"错误：{e}")
            sys.exit(EXIT_UNREADABLE)
        findings = check(report, previous)
        if opts["json"]:
            self.stdout.write(json.dumps(
                {"agency": report.agency, "year": report.year, "edition": report.edition.id,
                 "has_error": has_error(findings), "findings": [f.to_dict() for f in findings]},
                ensure_ascii=False, indent=1,
            ))
        else:
            self.stdout.write(f"{report.agency} {report.year}年度报告（{report.edition.document}格式）")
            self.stdout.write(findings_table(findings))
        sys.exit(EXIT_ERROR if has_error(findings) else EXIT_OK)
