"""``gongkai demo``: load the realistic demo data (idempotent: loading twice changes nothing).

It lives in the office app because it reaches every domain app, as the office's pages do."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from gongkai.agencies import demo as agencies_demo
from gongkai.agencies.demo import DEMO_PASSWORD, DemoContext
from gongkai.appeals import demo as appeals_demo
from gongkai.applications import demo as applications_demo
from gongkai.catalogue import demo as catalogue_demo
from gongkai.reports import demo as reports_demo
from gongkai.supervision import demo as supervision_demo

# Each domain app contributes a loader ``<app>.demo.load(ctx)``; the order matters.
LOADERS = [agencies_demo, catalogue_demo, applications_demo, appeals_demo, reports_demo, supervision_demo]


class Command(BaseCommand):
    help = "载入演示数据（宝山区人民政府及其部门、工作人员、目录、申请、复议诉讼、年报）"

    def handle(self, *args: object, **options: object) -> None:
        ctx = DemoContext()
        # Demo cases send notices to made-up applicants: keep those e-mails in memory, not on the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._load(ctx)
        self.stdout.write(self.style.SUCCESS(f"演示数据已就绪。工作人员账号 clerk / reviewer / head / admin / supervisor，密码 {DEMO_PASSWORD}"))

    def _load(self, ctx: DemoContext) -> None:
        for module in LOADERS:
            with transaction.atomic():
                module.load(ctx)
            self.stdout.write(f"已载入 {module.__name__.split('.')[1]}")
