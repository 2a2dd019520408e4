from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.http import content_disposition_header

from gongkai.agencies import accesslog
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.letters import actions
from gongkai.letters.compose import LETTER_KINDS
from gongkai.letters.models import Letter, LetterEvent, LetterSequence, LetterTemplate
from gongkai.letters.render import TemplateFileError, builtin_template, check_template

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def admin_agency_ids(user: Any) -> set[int] | None:
    """Agencies whose letters and templates the user manages here: all for a superuser (None), else the
    agencies where the user holds the 管理员 role (the user also needs is_staff to enter the admin)."""
    if not getattr(user, "is_authenticated", False):
        return set()  # the admin login page lists the apps for anonymous visitors too
    if user.is_superuser:
        return None
    return set(Membership.objects.filter(user=user, role=Role.ADMIN).values_list("agency_id", flat=True))


class AgencyScopedAdmin(admin.ModelAdmin):
    """An agency's 管理员 sees and changes the rows of their own agencies only (others: not found)."""

    def get_queryset(self, request: Any) -> Any:
        qs = super().get_queryset(request)
        ids = admin_agency_ids(request.user)
        return qs if ids is None else qs.filter(agency_id__in=ids)

    def formfield_for_foreignkey(self, db_field: Any, request: Any, **kwargs: Any) -> Any:
        ids = admin_agency_ids(request.user)
        if db_field.name == "agency" and ids is not None:
            kwargs["queryset"] = Agency.objects.filter(pk__in=ids)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def _allowed(self, request: Any, obj: Any = None) -> bool:
        ids = admin_agency_ids(request.user)
        if ids is None:
            return True
        return bool(ids) and (obj is None or obj.agency_id in ids)

    def has_module_permission(self, request: Any) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: Any, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_add_permission(self, request: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return self._allowed(request, obj)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return self._allowed(request, obj)


class LetterTemplateForm(forms.ModelForm):
    class Meta:
        model = LetterTemplate
        fields = ["agency", "kind", "file", "note"]

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):
            return upload  # unchanged existing file (or none: the field's own "required" error)
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        try:
            check_template(data, filename=upload.name or "")
        except TemplateFileError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


@admin.register(LetterTemplate)
class LetterTemplateAdmin(AgencyScopedAdmin):
    form = LetterTemplateForm
    list_display = ("agency", "kind", "note", "uploaded_at", "uploaded_by")
    list_filter = ("kind", "agency")
    readonly_fields = ("builtin_templates", "uploaded_at", "uploaded_by")

    def get_readonly_fields(self, request: Any, obj: Any = None) -> Any:
        return ("agency", "kind", *self.readonly_fields) if obj else self.readonly_fields

    @admin.display(description="系统内置模板（可下载后修改再上传）")
    def builtin_templates(self, obj: Any = None) -> str:
        return format_html_join(
            "，", '<a href="{}">{}</a>',
            ((reverse("admin:letters_lettertemplate_builtin", args=[k]), t) for k, t in LETTER_KINDS.items()),
        )

    def get_urls(self) -> list[Any]:
        extra = [
            path("builtin/<str:kind>/", self.admin_site.admin_view(self.builtin_view),
                 name="letters_lettertemplate_builtin"),
        ]
        return extra + super().get_urls()

    def builtin_view(self, request: Any, kind: str) -> HttpResponse:
        if kind not in LETTER_KINDS or not self.has_view_or_change_permission(request):
            raise Http404("没有这种文书类型")
        response = HttpResponse(builtin_template(kind), content_type=DOCX_MIME)
        response["Content-Disposition"] = content_disposition_header(True, f"{LETTER_KINDS[kind]}（内置模板）.docx")
        return response

    def save_model(self, request: Any, obj: LetterTemplate, form: Any, change: bool) -> None:
        upload = form.cleaned_data.get("file")
        if "file" in form.changed_data and upload is not None:
            upload.seek(0)
            tmpl = actions.set_template(
                agency=obj.agency, kind=obj.kind, data=upload.read(), filename=upload.name or "",
                actor=request.user, now=timezone.now(), note=obj.note,
            )
            obj.pk = tmpl.pk
            obj.file = tmpl.file
            obj.uploaded_at = tmpl.uploaded_at
        else:
            LetterTemplate.objects.filter(pk=obj.pk).update(note=obj.note)

    def delete_model(self, request: Any, obj: LetterTemplate) -> None:
        actions.remove_template(agency=obj.agency, kind=obj.kind, actor=request.user, now=timezone.now())

    def delete_queryset(self, request: Any, queryset: Any) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
        messages.info(request, "已恢复为系统内置模板。")


class LetterEventInline(admin.TabularInline):
    model = LetterEvent
    extra = 0
    can_delete = False
    fields = ("at", "kind", "actor", "payload")
    readonly_fields = fields

    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(Letter)
class LetterAdmin(AgencyScopedAdmin):
    list_display = ("number", "title", "agency", "application_id", "issued_at", "issued_by", "files")
    list_filter = ("kind", "agency", "year")
    search_fields = ("number",)
    date_hierarchy = "issued_at"
    inlines = [LetterEventInline]
    readonly_fields = [f.name for f in Letter._meta.fields if f.name not in ("docx", "pdf")] + ["files"]
    exclude = ("docx", "pdf")

    @admin.display(description="文件")
    def files(self, obj: Letter) -> str:
        links = [(reverse("admin:letters_letter_download", args=[obj.pk, fmt]), fmt.upper())
                 for fmt in ("docx", "pdf") if getattr(obj, fmt)]
        return format_html_join(" ", '<a href="{}">{}</a>', links)

    def get_urls(self) -> list[Any]:
        extra = [
            path("<int:pk>/download/<str:fmt>/", self.admin_site.admin_view(self.download_view),
                 name="letters_letter_download"),
        ]
        return extra + super().get_urls()

    def download_view(self, request: Any, pk: int, fmt: str) -> HttpResponse:
        # MEDIA_URL is never served directly: files go out through access-checked views like this one.
        letter = Letter.objects.filter(pk=pk).first()
        if letter is None or fmt not in ("docx", "pdf") or not self.has_view_permission(request, letter):
            raise Http404("没有这份文书")
        field = getattr(letter, fmt)
        if not field:
            raise Http404("这份文书没有该格式的文件")
        with field.open("rb") as fh:
            data = fh.read()
        accesslog.record(request, agency=letter.agency, kind=accesslog.AccessKind.LETTER, subject=letter.number,
                         object_id=letter.application_id, detail=f"{letter.title}（{fmt.upper()}，系统设置）",
                         now=timezone.now())
        response = HttpResponse(data, content_type=DOCX_MIME if fmt == "docx" else "application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, letter.download_name(fmt))
        return response

    def has_add_permission(self, request: Any) -> bool:
        return False  # letters are issued by the workflow (gongkai.letters.actions.issue_letter)

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # an issued letter is a record: view only

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # a numbered letter is never deleted: the 文号 sequence stays gapless


@admin.register(LetterSequence)
class LetterSequenceAdmin(admin.ModelAdmin):
    list_display = ("agency", "year", "last_number")
    readonly_fields = ("agency", "year", "last_number")

    def has_add_permission(self, request: Any) -> bool:
        return False
