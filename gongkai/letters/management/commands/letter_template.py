"""Built-in letter templates and previews on the command line.

    gongkai letter_template --list
    gongkai letter_template reply_partial -o 答复书.docx            # built-in template with {{占位符}}
    gongkai letter_template reply_partial --preview --agency BSGHZY --outcome A37_partial -o 样张.pdf
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from gongkai.law.categories import OUTCOME_BY_CODE
from gongkai.letters.compose import LETTER_KINDS, PLACEHOLDER_HELP, reply_type_of
from gongkai.letters.render import builtin_template, render_letter, render_letter_pdf


class Command(BaseCommand):
    help = "导出内置文书模板（含占位符），或用本机关信息生成文书样张"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", nargs="?", help="文书类型：" + "、".join(LETTER_KINDS))
        parser.add_argument("-o", "--output", help="输出文件（.docx 或 .pdf）")
        parser.add_argument("--list", action="store_true", help="列出文书类型和占位符")
        parser.add_argument("--preview", action="store_true", help="生成样张而不是模板")
        parser.add_argument("--agency", help="机关代码或名称（样张用）")
        parser.add_argument("--outcome", help="答复理由代码（答复书样张用）")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["list"]:
            for kind, title in LETTER_KINDS.items():
                self.stdout.write(f"{kind:<22} {title}")
            self.stdout.write("")
            for name, text in PLACEHOLDER_HELP.items():
                self.stdout.write(f"{{{{{name}}}}}  {text}")
            return
        kind = opts["kind"]
        if kind not in LETTER_KINDS:
            raise CommandError(f"未知的文书类型：{kind}；可用：{'、'.join(LETTER_KINDS)}")
        out = Path(opts["output"] or f"{kind}.docx")
        if not opts["preview"]:
            if out.suffix.lower() != ".docx":
                raise CommandError("模板只能导出为 .docx")
            out.write_bytes(builtin_template(kind))
            self.stdout.write(f"已导出内置模板：{out}")
            return
        context = self._sample_context(kind, opts)
        data = render_letter_pdf(kind, context) if out.suffix.lower() == ".pdf" else render_letter(kind, context)
        out.write_bytes(data)
        self.stdout.write(f"已生成样张：{out}")

    def _sample_context(self, kind: str, opts: dict[str, Any]) -> dict[str, Any]:
        from django.db.models import Q

        from gongkai.agencies.models import Agency
        from gongkai.letters.actions import agency_context, format_number

        agency: Any = {"name": "（机关名称）"}
        number = "（文号）"
        if opts["agency"]:
            found = Agency.objects.filter(Q(code=opts["agency"]) | Q(name=opts["agency"])).first()
            if found is None:
                raise CommandError(f"找不到机关：{opts['agency']}")
            agency, number = agency_context(found), format_number(found, timezone.localdate().year, 1)
        code = opts["outcome"]
        if code and (code not in OUTCOME_BY_CODE or OUTCOME_BY_CODE[code].reply_type != reply_type_of(kind)):
            raise CommandError(f"答复理由 {code} 不适用于 {kind}")
        return {
            "agency": agency, "letter_no": number, "date": timezone.localdate(), "outcome": code,
            "applicant": {"name": "（申请人）"},
            "application": {"tracking_no": "（申请编号）", "description": "（申请获取的政府信息）"},
        }
