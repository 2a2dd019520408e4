"""``gongkai calendar import NOTICE.txt [--dry-run] [--json] [--number 文号]``: read the State Council's holiday
notice, print the year, the days off and the make-up working days it read, and (without ``--dry-run``) save
them as the office page does, recomputing every open case's deadline."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gongkai.applications.actions import ApplicationError
from gongkai.applications.arrangement import enter_arrangement
from gongkai.law.deadlines import format_date
from gongkai.law.notice import NoticeError, parse_notice

WEEKDAYS = "一二三四五六日"


class Command(BaseCommand):
    help = "录入国务院办公厅节假日安排通知：calendar import NOTICE.txt [--dry-run] [--json]"

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="读取通知全文（UTF-8或GB18030文本）")
        imp.add_argument("notice", help="通知全文的文本文件")
        imp.add_argument("--dry-run", action="store_true", help="只显示读出的安排，不保存")
        imp.add_argument("--json", action="store_true", help="以JSON输出")
        imp.add_argument("--number", default=None, help="文号（通知文本中没有时填写）")

    def handle(self, *args: Any, **opts: Any) -> None:
        path = Path(opts["notice"])
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件：{path}（{exc.strerror}）") from None
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            try:
                text = raw.decode("gb18030")
            except UnicodeDecodeError:
                raise CommandError("文件不是UTF-8或GB18030编码的文本") from None
        try:
            arrangement = parse_notice(text)
        except NoticeError as exc:
            raise CommandError(str(exc)) from None
        number = arrangement.number if opts["number"] is None else opts["number"]
        moved = None
        if not opts["dry_run"]:
            try:
                moved = enter_arrangement(arrangement=arrangement, number=number, issued_on=arrangement.issued_on,
                                          actor=None, now=timezone.now())
            except ApplicationError as exc:
                raise CommandError(exc.message) from None
        if opts["json"]:
            out: dict[str, Any] = arrangement.as_json()
            if moved is not None:
                out["moved"] = [{"tracking_no": m.tracking_no, "old": m.old.isoformat() if m.old else None,
                                 "new": m.new.isoformat() if m.new else None} for m in moved]
            self.stdout.write(json.dumps(out, ensure_ascii=False))
            return
        self._print(arrangement, number)
        if moved is None:
            self.stdout.write("未保存（--dry-run）。")
        else:
            self.stdout.write(f"已保存{arrangement.year}年节假日安排；答复期限调整的申请{len(moved)}件：")
            for m in moved:
                old = format_date(m.old) if m.old else "暂无"
                new = format_date(m.new) if m.new else "暂无"
                self.stdout.write(f"  {m.tracking_no} {old} → {new}")

    def _print(self, arrangement: Any, number: str) -> None:
        w = self.stdout.write
        w(f"年份：{arrangement.year}")
        w(f"文号：{number or '（通知文本中未载明）'}")
        issued = arrangement.issued_on
        w(f"成文日期：{format_date(issued) if isinstance(issued, dt.date) else '（未载明）'}")
        w(f"放假（工作日中休息，{len(arrangement.days_off)}天）：")
        for d in arrangement.days_off:
            w(f"  {d.isoformat()} 星期{WEEKDAYS[d.weekday()]} {arrangement.notes.get(d, '')}")
        w(f"调休上班（周末上班，{len(arrangement.workdays)}天）：")
        for d in arrangement.workdays:
            w(f"  {d.isoformat()} 星期{WEEKDAYS[d.weekday()]} {arrangement.notes.get(d, '')}")
