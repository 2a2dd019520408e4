"""``gongkai report export --agency NAME_OR_CODE --year YEAR [--compose]``
``gongkai report render --agency NAME_OR_CODE --year YEAR --to docx|pdf|xlsx|html -o FILE [--compose]``
``gongkai report check --agency NAME_OR_CODE --year YEAR [--json]``

The stored report of the agency and year (as last composed or published); with ``--compose``, or when
there is none, the report as the system composes it now from the records (nothing is stored).
Exit 2 when the agency or the year cannot be found or read.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand
from django.db.models import Q

from gongkai.agencies.models import Agency
from gongkai.law.report import Report
from gongkai.law.rules import has_error
from gongkai.reports.management.commands.check_report import EXIT_ERROR, EXIT_OK, EXIT_UNREADABLE
from gongkai.reports.management.commands.render_report import TARGETS, write_rendering
from gongkai.reports.present import findings_table


class Command(BaseCommand):
    help = "导出、生成或检查某机关某年度的政府信息公开工作年度报告。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True, parser_class=type(parser),
                                    metavar="{export,render,check}")
        for name, text in (("export", "输出年报JSON"), ("render", "生成 DOCX/PDF/XLSX/HTML"), ("check", "检查勾稽关系")):
            p = sub.add_parser(name, help=text, called_from_command_line=getattr(parser, "called_from_command_line", None))
            p.add_argument("--agency", required=True, help="机关名称、简称或机关代码")
            p.add_argument("--year", required=True, type=int, help="报告年度")
            p.add_argument("--compose", action="store_true", help="不使用已保存的年报，按当前记录重新计算（不保存）")
            if name == "render":
                p.add_argument("--to", required=True, choices=TARGETS)
                p.add_argument("-o", "--output", required=True, metavar="FILE")
            if name == "check":
                p.add_argument("--json", action="store_true")

    def _fail(self, message: str) -> None:
        self.stderr.write(f"错误：{message}")
        sys.exit(EXIT_UNREADABLE)

    def _agency(self, text: str) -> Agency:
        text = text.strip()
        found = list(Agency.objects.filter(Q(code__iexact=text) | Q(name=text) | Q(short_name=text) | Q(slug=text)))
        if not found:
            found = list(Agency.objects.filter(name__contains=text))
        if not found:
            self._fail(f"找不到机关“{text}”（可用机关名称、简称或代码）。")
        if len(found) > 1:
            self._fail(f"“{text}”对应多个机关：{'、'.join(a.name for a in found)}，请使用机关代码。")
        return found[0]

    def _report(self, agency: Agency, year: int, compose: bool) -> Report:
        from gongkai.law.editions import edition_for_year
        from gongkai.reports.compose import build
        from gongkai.reports.models import AnnualReport

        try:
            edition_for_year(year)
        except ValueError as e:
            self._fail(str(e))
        stored = AnnualReport.objects.filter(agency=agency, year=year).first()
        if stored is not None and not compose:
            return stored.to_report()
        if stored is not None:
            law, _ = build(agency, year, templates=stored.narrative or {}, manual=stored.manual or {},
                           meta=(stored.data or {}).get("meta") or {})
        else:
            law, _ = build(agency, year)
        return law

    def handle(self, *args: Any, **opts: Any) -> None:
        agency = self._agency(opts["agency"])
        report = self._report(agency, opts["year"], opts["compose"])
        if opts["action"] == "export":
            self.stdout.write(report.to_json(indent=1))
        elif opts["action"] == "render":
            write_rendering(report, opts["to"], opts["output"], self.stdout, self.stderr)
        else:
            from gongkai.law.rules import check
            from gongkai.reports.actions import findings_for, previous_report
            from gongkai.reports.models import AnnualReport

            stored = AnnualReport.objects.filter(agency=agency, year=opts["year"]).first()
            if stored is not None and not opts["compose"]:
                findings = findings_for(stored)
            else:
                findings = check(report, previous_report(agency, opts["year"]))
            if opts.get("json"):
                self.stdout.write(json.dumps([f.to_dict() for f in findings], ensure_ascii=False, indent=1))
            else:
                self.stdout.write(findings_table(findings))
            sys.exit(EXIT_ERROR if has_error(findings) else EXIT_OK)
