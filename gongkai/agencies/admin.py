from typing import Any

from django.contrib import admin

from gongkai.agencies.lockout import LockoutAdminAuthenticationForm
from gongkai.agencies.models import Agency, CalendarYear, LoginFailure, Membership, WorkdayOverride


class ReadOnly(admin.ModelAdmin):
    """An admin that only shows: registers change through their actions (and events), never in the admin."""

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "code")
    prepopulated_fields = {"slug": ("code",)}
    inlines = [MembershipInline]


@admin.register(WorkdayOverride)
class WorkdayOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_workday", "note")
    list_filter = ("is_workday",)


admin.site.register(CalendarYear)
admin.site.site_header = "政府信息公开工作平台 · 系统设置"
admin.site.login_form = LockoutAdminAuthenticationForm  # the same lockout as the office login


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """The record of failed sign-ins. Read-only; deleting a user name's recent rows lifts its lock."""

    list_display = ("at", "username", "address", "refused")
    list_filter = ("refused",)
    search_fields = ("username", "address")
    date_hierarchy = "at"

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False
