"""``gongkai serve``: serve the application with gunicorn (the production WSGI server, issue 7).

Several worker processes (``--workers``, default 2 x cores + 1, gunicorn's own recommendation), each with
``--threads`` threads (the ``gthread`` worker). The workers are forked after every database connection of
this process has been closed, so none is shared across processes; SQLite runs in WAL mode with
``BEGIN IMMEDIATE`` transactions and a busy timeout (settings.py), so several processes can write to it.
"""

from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser


def default_workers() -> int:
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return 2 * cores + 1


class Command(BaseCommand):
    help = "启动网站服务（gunicorn，默认 http://127.0.0.1:8000）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=default_workers(),
                            help="工作进程数（默认 2×CPU核数+1）")
        parser.add_argument("--threads", type=int, default=4, help="每个工作进程的线程数（默认 4）")
        parser.add_argument("--timeout", type=int, default=60, help="单个请求的超时秒数（默认 60）")
        parser.add_argument("--access-log", action="store_true", help="在标准错误输出访问日志")

    def handle(self, *args: object, host: str, port: int, workers: int, threads: int, timeout: int,
               access_log: bool, **options: object) -> None:
        if workers < 1 or threads < 1:
            raise CommandError("工作进程数和线程数至少为 1。")
        try:
            from gunicorn.app.base import BaseApplication
        except ImportError:  # pragma: no cover - gunicorn is a dependency; it does not run on Windows
            raise CommandError("需要 gunicorn（仅支持 Linux/macOS）：pip install gunicorn") from None
        from django.db import connections

        from gongkai.wsgi import application

        bind = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        config: dict[str, Any] = {
            "bind": [bind],
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "timeout": timeout,
            "graceful_timeout": 20,
            "proc_name": "gongkai",
            "errorlog": "-",
            "accesslog": "-" if access_log else None,
            # gunicorn's default line plus the time the server spent on the request, in microseconds
            "access_log_format": '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(D)sus',
            "post_fork": lambda server, worker: connections.close_all(),
            "control_socket_disable": True,  # gunicorn >= 25: no runtime control socket in the home directory
        }

        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in config.items():
                    if key in self.cfg.settings:
                        self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        connections.close_all()  # never hand an open connection to the forked workers
        self.stdout.write(f"政府信息公开平台已启动：http://{host}:{port}/  （工作平台 /office/，按 Ctrl+C 停止）"
                          f"  [gunicorn {workers} 个进程 × {threads} 个线程]")
        self.stdout.flush()
        Server().run()
