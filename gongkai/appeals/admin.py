from django.contrib import admin

from gongkai.appeals.models import AppealCase, AppealEvent


class AppealEventInline(admin.TabularInline):
    model = AppealEvent
    extra = 0
    readonly_fields = ("at", "actor", "kind", "payload")
    can_delete = False


@admin.register(AppealCase)
class AppealCaseAdmin(admin.ModelAdmin):
    list_display = ("case_number", "agency", "kind", "filed_on", "status", "result", "decided_on")
    list_filter = ("kind", "status", "result", "agency")
    search_fields = ("case_number", "applicant_name", "organ")
    readonly_fields = ("status", "result", "decided_on", "created_at", "updated_at")
    inlines = [AppealEventInline]
