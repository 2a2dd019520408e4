from django.contrib import admin

from gongkai.agencies.models import Agency, CalendarYear, Membership, WorkdayOverride


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
