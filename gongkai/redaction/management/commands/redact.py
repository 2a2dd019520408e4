"""``gongkai redact INPUT --text TEXT... [--box PAGE:X0,Y0,X1,Y1 ...] --reason CODE -o OUTPUT.pdf``

Redacts a PDF, DOCX or scanned image from the command line and prints the log (page, mark, reason).
``--suggest`` prints the personal data found (suggested marks) without redacting. Coordinates are PDF
points from the page's top-left corner. Exit 0: written; 1: a marked text was found nowhere (the file
is still written); 2: the input could not be redacted (nothing written).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai.law.redaction import GROUNDS, ground
from gongkai.redaction import engine
from gongkai.redaction.suggest import suggest_pages

_BOX = re.compile(r"^\s*(\d+)\s*:\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*,\s*([-\d.]+)\s*$")


def parse_box(value: str, reason: str) -> engine.BoxMark:
    m = _BOX.match(value)
    if not m:
        raise CommandError(f"标记框格式应为 页码:X0,Y0,X1,Y1（如 1:72,100,300,120），收到：{value}")
    page, *coords = m.groups()
    try:
        x0, y0, x1, y1 = (float(c) for c in coords)
    except ValueError:
        raise CommandError(f"标记框坐标无效：{value}") from None
    return engine.BoxMark(int(page), x0, y0, x1, y1, reason)


class Command(BaseCommand):
    help = "区分处理：遮盖 PDF、Word（.docx）或扫描图片中的内容，输出公开用的 PDF 并打印遮盖记录。"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("input", metavar="INPUT")
        parser.add_argument("--text", nargs="+", default=[], metavar="TEXT", help="要遮盖的文字（每处出现均遮盖）")
        parser.add_argument("--box", nargs="+", default=[], metavar="PAGE:X0,Y0,X1,Y1", help="要遮盖的区域（单位：点）")
        parser.add_argument("--reason", default="", metavar="CODE",
                            help="不予公开的理由代码：" + "、".join(f"{g.code}{g.mark}" for g in GROUNDS))
        parser.add_argument("-o", "--output", metavar="OUTPUT.pdf")
        parser.add_argument("--suggest", action="store_true", help="只列出发现的个人信息（建议遮盖），不生成文件")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["input"])
        try:
            data = path.read_bytes()
        except OSError as e:
            self.stderr.write(f"无法读取 {path}：{e.strerror or e}")
            raise SystemExit(2) from None
        try:
            pdf = engine.to_pdf(data, path.name)
        except engine.RedactionError as e:
            self.stderr.write(f"无法处理 {path.name}：{e}")
            raise SystemExit(2) from None
        if opts["suggest"]:
            for s in suggest_pages(engine.extract_text(pdf)):
                self.stdout.write(f"第{s.page}页\t{s.label}\t{s.text}")
            return
        if not opts["output"]:
            raise CommandError("请用 -o 指定输出的 PDF 文件。")
        if not opts["text"] and not opts["box"]:
            raise CommandError("请用 --text 或 --box 指定要遮盖的内容。")
        try:
            g = ground(opts["reason"])
        except KeyError:
            raise CommandError(
                "请用 --reason 指定不予公开的理由代码：" + "、".join(f"{x.code}（{x.label}）" for x in GROUNDS)
            ) from None
        marks: list[engine.Mark] = [engine.TextMark(t, g.code) for t in opts["text"]]
        marks += [parse_box(b, g.code) for b in opts["box"]]
        try:
            result = engine.redact(pdf, marks)
        except engine.RedactionError as e:
            self.stderr.write(f"无法处理 {path.name}：{e}")
            raise SystemExit(2) from None
        out = Path(opts["output"])
        out.write_bytes(result.pdf)
        self.stdout.write(f"遮盖记录：{path.name} → {out}（共{result.pages}页，{len(result.log)}处）")
        for e in result.log:
            what = f"文字“{e.what}”" if e.kind == "text" else f"区域({e.what})"
            self.stdout.write(f"第{e.page}页\t{what}\t{e.mark}{ground(e.reason).label}")
        for t in result.not_found:
            self.stderr.write(f"未找到：“{t}”")
        if result.not_found:
            raise SystemExit(1)
