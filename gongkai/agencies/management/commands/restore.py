"""``gongkai restore FILE``: restore a backup into an empty installation (gongkai/backup.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.backup import BackupError, restore


class Command(BaseCommand):
    help = "把 gongkai backup 生成的备份恢复到空的安装（先校验全部校验和；已有数据的安装拒绝恢复）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="备份文件")

    def handle(self, *args: object, file: str, **options: object) -> None:
        try:
            s = restore(file, progress=lambda msg: self.stdout.write(msg))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        except FileNotFoundError as exc:
            raise CommandError(f"找不到备份文件：{file}") from exc
        self.stdout.write(f"恢复完成：{s.rows} 行，{s.files} 个文件（{s.engine_from} → {s.engine_to}），用时 {s.seconds:.1f} 秒。")
