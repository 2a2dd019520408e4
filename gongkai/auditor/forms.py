from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

from gongkai.auditor.actions import UPLOAD_EXTENSIONS

MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ",".join("." + e for e in UPLOAD_EXTENSIONS)}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(
        label="年报文件",
        help_text="可选择一份或多份年报（文本、HTML、Markdown、Word .docx、PDF，扫描件PDF或图片将自动文字识别），或包含多份年报的ZIP压缩包。",
        error_messages={"required": "请选择要审查的年报文件。"},
    )
    title = forms.CharField(label="批次名称（可选）", max_length=200, required=False)

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"一次最多上传{MAX_FILES}个文件，本次为{len(files)}个。")
        limit = settings.GONGKAI_UPLOAD_MAX_BYTES
        for f in files:
            name = f.name or ""
            ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
            if ext not in UPLOAD_EXTENSIONS:
                raise forms.ValidationError(
                    f"不支持的文件类型：{name}。可上传：{'、'.join(UPLOAD_EXTENSIONS)}。"
                )
            if f.size > limit:
                raise forms.ValidationError(f"文件“{name}”过大（{_size(f.size)}），上限为 {_size(limit)}。")
            if f.size == 0:
                raise forms.ValidationError(f"文件“{name}”为空。")
        total = sum(f.size for f in files)
        if total > limit * 5:
            raise forms.ValidationError(
                f"本次上传共{_size(total)}，超过上限 {_size(limit * 5)}；请分批上传。"
            )
        return files


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"
