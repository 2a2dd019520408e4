"""``gongkai serve``: serve the application with waitress (a production-grade pure-Python WSGI server)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "启动网站服务（默认 http://127.0.0.1:8000）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args: object, host: str, port: int, threads: int, **options: object) -> None:
        from waitress import serve

        from gongkai.wsgi import application

        self.stdout.write(f"政府信息公开平台已启动：http://{host}:{port}/  （工作平台 /office/，按 Ctrl+C 停止）")
        serve(application, host=host, port=port, threads=threads, ident="gongkai")
