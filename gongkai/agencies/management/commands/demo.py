"""``gongkai demo``: load the realistic demo data (idempotent: loading twice changes nothing)."""

from __future__ import annotations

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from gongkai.agencies.demo import DEMO_PASSWORD, DemoContext

# Each domain app contributes a loader ``<app>.demo.load(ctx)``; the order matters.
LOADERS = [
    "gongkai.agencies.demo",
    "gongkai.catalogue.demo",
    "gongkai.applications.demo",
    "gongkai.appeals.demo",
    "gongkai.reports.demo",
    "gongkai.supervision.demo",
]


class Command(BaseCommand):
    help = "载入演示数据（宝山区人民政府及其部门、工作人员、目录、申请、复议诉讼、年报）"

    def handle(self, *args: object, **options: object) -> None:
        ctx = DemoContext()
        # Demo cases send notices to made-up applicants: keep those e-mails in memory, not on the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._load(ctx)
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。工作人员账号 clerk / reviewer / head / admin / supervisor，密码 {DEMO_PASSWORD}"))

    def _load(self, ctx: DemoContext) -> None:
        for name in LOADERS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as e:
                if e.name == name:
                    continue
                raise
            with transaction.atomic():
                module.load(ctx)
            self.stdout.write(f"已载入 {name.split('.')[1]}")
