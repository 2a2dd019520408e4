"""Read-only: documents to release change through the actions (and their events), never in the admin."""

from __future__ import annotations

from django.contrib import admin

from gongkai.agencies.admin import ReadOnly
from gongkai.redaction.models import RedactionEvent, ReleaseDocument


@admin.register(ReleaseDocument)
class ReleaseDocumentAdmin(ReadOnly):
    list_display = ("title", "agency", "application", "status", "pages", "created_at")
    list_filter = ("status",)
    exclude = ("original", "working")  # the original stays in the office pages, never a link here


@admin.register(RedactionEvent)
class RedactionEventAdmin(ReadOnly):
    list_display = ("document", "kind", "actor", "at")
