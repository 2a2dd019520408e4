"""``gongkai backup -o FILE``: a consistent backup of the database and every stored file, while the site
serves (gongkai/backup.py)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.backup import BackupError, backup


class Command(BaseCommand):
    help = "备份整个安装（数据库的一致快照和全部存储文件，附清单和 SHA-256 校验和），网站无需停止"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output", required=True, help="备份文件路径（如 gongkai-2026-12-01.tar.gz）")

    def handle(self, *args: object, output: str, **options: object) -> None:
        try:
            s = backup(output, progress=lambda msg: self.stdout.write(msg))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in s.missing_files:
            self.stderr.write(f"警告：数据库记录的文件 {name} 在文件存储中不存在，未备份。")
        self.stdout.write(f"已备份到 {s.path}：{s.tables} 张表 {s.rows} 行，{s.files} 个文件（{s.file_bytes} 字节），"
                          f"备份文件 {s.size} 字节，用时 {s.seconds:.1f} 秒。")
