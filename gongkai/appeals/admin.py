from typing import Any

from django.contrib import admin
from django.utils import timezone

from gongkai.agencies import accesslog
from gongkai.appeals.models import AppealCase, AppealEvent


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    readonly_fields = ("at", "actor", "kind", "payload")
    can_delete = False


@admin.register(AppealCase)
class AppealCaseAdmin(admin.ModelAdmin):
    """Read-only: every change goes through gongkai.appeals.actions (the office pages), with its event.
    The list shows no applicant and is not searched by applicant; a look at a case (the applicant's name) is
    written to the personal-data access log."""

    list_display = ("case_number", "agency", "kind", "filed_on", "status", "result", "decided_on")
    list_filter = ("kind", "status", "result", "agency")
    search_fields = ("case_number", "organ")
    inlines = [AppealEventInline]

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def change_view(self, request: Any, object_id: str, form_url: str = "", extra_context: Any = None) -> Any:
        response = super().change_view(request, object_id, form_url, extra_context)
        case = self.get_object(request, object_id)
        if case is not None and response.status_code == 200:
            accesslog.record(request, agency=case.agency, kind=accesslog.AccessKind.APPEAL, subject=case.case_number,
                             object_id=case.pk, detail="系统设置", now=timezone.now())
        return response
