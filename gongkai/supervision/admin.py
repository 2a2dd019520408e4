from django.contrib import admin

from gongkai.supervision.models import Notice, RectificationItem, SupervisionEvent


class ItemInline(admin.TabularInline):
    model = RectificationItem
    extra = 0
    readonly_fields = ("status", "response", "responded_at", "verified_at", "review_comment")


class EventInline(admin.TabularInline):
    model = SupervisionEvent
    extra = 0
    readonly_fields = ("at", "actor", "kind", "item", "payload")
    can_delete = False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ("title", "department", "government", "status", "issued_at", "closed_at")
    list_filter = ("status", "department")
    readonly_fields = ("status", "issued_at", "closed_at")
    inlines = [ItemInline, EventInline]
