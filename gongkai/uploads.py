"""The one upload checker: size, extension and content of a file sent by a user (applicants' attachments,
catalogue attachments). Limits: ``GONGKAI_UPLOAD_MAX_BYTES`` and ``GONGKAI_UPLOAD_EXTENSIONS``."""

from __future__ import annotations

from django.conf import settings

from gongkai.errors import Refused

# The first bytes each binary type starts with (a renamed file is refused).
MAGIC: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF",), "png": (b"\x89PNG",), "jpg": (b"\xff\xd8\xff",), "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",), "xlsx": (b"PK\x03\x04",), "zip": (b"PK\x03\x04",), "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",), "xls": (b"\xd0\xcf\x11\xe0",),
}


def check_upload(name: str, data: bytes, *, error: type[Refused] = Refused, field: str = "attachments") -> str:
    """The lower-case extension of an acceptable file; else ``error`` (the caller's Refused) on ``field``."""
    limit = settings.GONGKAI_UPLOAD_MAX_BYTES
    if len(data) > limit:
        raise error(f"附件“{name}”过大，超过{limit // (1024 * 1024)}MB的大小限制。", field)
    if not data:
        raise error(f"附件“{name}”是空文件。", field)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = settings.GONGKAI_UPLOAD_EXTENSIONS
    if ext not in allowed:
        raise error(f"附件“{name}”的类型不允许（不支持“{ext or '无扩展名'}”文件），可上传：{'、'.join(allowed)}。", field)
    if ext in MAGIC and not data.startswith(MAGIC[ext]):
        raise error(f"附件“{name}”的内容与文件类型不符。", field)
    if ext == "txt":
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            try:
                data.decode("gb18030")
            except UnicodeDecodeError:
                raise error(f"附件“{name}”不是文本文件。", field) from None
    return ext
