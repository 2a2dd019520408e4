"""Admin: look-up only. Reports change through the workspace (gongkai.reports.actions), never here."""

from typing import Any

from django.contrib import admin

from gongkai.agencies.admin import ReadOnly
from gongkai.reports.models import AnnualReport, ReportEvent, WorkLogEntry


class ReportEventInline(admin.TabularInline):
    model = ReportEvent
    extra = 0
    readonly_fields = ("at", "actor", "kind", "payload")
    fields = readonly_fields
    can_delete = False

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnly):
    list_display = ("agency", "year", "edition", "status", "published_on", "checked_at")
    list_filter = ("status", "year", "edition")
    search_fields = ("agency__name", "agency__code")
    inlines = [ReportEventInline]


@admin.register(WorkLogEntry)
class WorkLogEntryAdmin(ReadOnly):
    list_display = ("agency", "day", "kind", "count", "note", "created_by")
    list_filter = ("kind", "agency")
