from django.contrib import admin

from gongkai.catalogue.models import CatalogueItem, ItemEvent, T2Figure


class EventInline(admin.TabularInline):
    model = ItemEvent
    extra = 0
    readonly_fields = ("kind", "actor", "at", "payload")
    can_delete = False


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin):
    """Read-only: every change goes through gongkai.catalogue.actions (the office pages)."""

    list_display = ("index_no", "title", "agency", "kind", "attribute", "state", "published_on", "late")
    list_filter = ("state", "attribute", "kind", "agency", "late")
    search_fields = ("title", "index_no", "doc_number")
    inlines = [EventInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(T2Figure)
class T2FigureAdmin(admin.ModelAdmin):
    list_display = ("agency", "year", "subtable", "row", "column", "value", "source")
    list_filter = ("year", "agency")

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
