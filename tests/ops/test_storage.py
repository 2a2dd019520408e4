"""Stored files go through Django's storage API: local disk by default, an S3-compatible object store when
configured (django-storages; configured here, not tested against a real S3). The journey below runs with a
storage that is not a directory at all (Django's InMemoryStorage): every upload, letter, letter template
and download that touched the disk by path would fail, and no file may appear in MEDIA_ROOT. Downloads
still pass the access check."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.test import Client
from django.utils import timezone

from tests.ops.conftest import gongkai

NOW = timezone.now()
PDF = b"%PDF-1.4\n" + "规划许可证".encode() * 50 + b"\n%%EOF"
DETAILS = {"applicant_type": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
           "id_number": "11010519491231002X", "phone": "13800000000", "email": "zhangsan@example.com",
           "address": "上海市宝山区友谊路1号", "description": "罗店镇控制性详细规划调整的批复文件",
           "form_wanted": "electronic", "obtain_via": "email"}
SHOW = ("from django.core.files.storage import default_storage as d; d._setup(); w = d._wrapped; "
        "print(type(w).__module__ + '.' + type(w).__name__, getattr(w, 'location', ''), getattr(w, 'bucket_name', ''), "
        "getattr(w, 'endpoint_url', ''), getattr(w, 'file_overwrite', ''), getattr(w, 'default_acl', ''))")


def test_settings_choose_the_store(tmp_path: Path) -> None:
    env = {"GONGKAI_HOME": str(tmp_path)}
    r = gongkai("shell", "--no-imports", "-c", SHOW, env=env)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["django.core.files.storage.filesystem.FileSystemStorage", str(tmp_path / "media")]
    s3 = {**env, "GONGKAI_STORAGE": "s3", "GONGKAI_S3_BUCKET": "gongkai-bsq",
          "GONGKAI_S3_ENDPOINT_URL": "https://oss.example.gov.cn", "GONGKAI_S3_PREFIX": "files"}
    r = gongkai("shell", "--no-imports", "-c", SHOW, env=s3)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == ["storages.backends.s3.S3Storage", "files", "gongkai-bsq", "https://oss.example.gov.cn",
                                "False", "private"]
    r = gongkai("shell", "--no-imports", "-c", SHOW, env={**env, "GONGKAI_STORAGE": "s3"})
    assert r.returncode != 0 and "GONGKAI_S3_BUCKET" in r.stderr
    r = gongkai("shell", "--no-imports", "-c", SHOW, env={**env, "GONGKAI_STORAGE": "ftp"})
    assert r.returncode != 0 and "GONGKAI_STORAGE 只能是 local 或 s3" in r.stderr


def _client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_every_file_through_the_storage_api(cast: Any, settings: Any, tmp_path: Path) -> None:
    from django.core.files.storage import InMemoryStorage, default_storage

    from gongkai.agencies.calendar import get_calendar
    from gongkai.applications import actions as app_actions
    from gongkai.catalogue import actions as cat
    from gongkai.letters.actions import set_template
    from gongkai.letters.render import builtin_template

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    default_storage._setup()
    assert isinstance(default_storage._wrapped, InMemoryStorage)

    # An agency's own letter template, an application with an attachment, and its receipt letter.
    set_template(agency=cast.planning, kind="receipt", data=builtin_template("receipt"), filename="receipt.docx",
                 actor=cast.admin, now=NOW)
    app, _ = app_actions.register(agency=cast.planning, details=DETAILS, channel="in_person",
                                  submitted_on=timezone.localdate(), files=[("身份证.pdf", PDF)], actor=cast.clerk,
                                  now=NOW)
    att = app.attachments.get()
    letter = app.letters.get(kind="receipt")
    clerk, outsider = _client(cast.clerk), _client(cast.outsider)
    r = clerk.get(f"/office/applications/{app.pk}/attachments/{att.pk}/")
    assert r.status_code == 200 and r.content == PDF
    r = clerk.get(f"/office/applications/{app.pk}/letters/{letter.pk}.docx")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    for url in (f"/office/applications/{app.pk}/attachments/{att.pk}/",
                f"/office/applications/{app.pk}/letters/{letter.pk}.docx"):
        assert outsider.get(url).status_code in (403, 404), url
        assert Client().get(url).status_code == 302, url  # to the sign-in page

    # A catalogue item's attachment: staff see it while it is a draft, the public once it is published.
    item = cat.create_draft(agency=cast.planning, actor=cast.clerk, now=NOW, title="罗店镇控制性详细规划局部调整",
                            formed_on=dt.date(2026, 6, 1), kind="plan")
    a = cat.add_attachment(item=item, actor=cast.clerk, now=NOW, name="规划图.pdf", content=PDF)
    public_url = f"/agency/{cast.planning.slug}/items/{item.pk}/attachments/{a.pk}/"
    office_url = f"/office/catalogue/{item.pk}/attachments/{a.pk}/"
    assert Client().get(public_url).status_code == 404
    assert b"".join(clerk.get(office_url).streaming_content) == PDF
    assert outsider.get(office_url).status_code in (403, 404)
    item = cat.propose_attribute(item=item, actor=cast.clerk, now=NOW, attribute="proactive", reason="",
                                 secrecy_reviewed=True)
    item = cat.review_attribute(item=item, actor=cast.reviewer, now=NOW, approve=True)
    item = cat.sign_off(item=item, actor=cast.head, now=NOW)
    cat.publish(item=item, actor=cast.clerk, now=NOW, calendar=get_calendar())
    r = Client().get(public_url)
    assert r.status_code == 200 and b"".join(r.streaming_content) == PDF

    # Everything lives in the storage, nothing on the disk.
    stored = {att.file.name, letter.docx.name, a.file.name, cast.planning.letter_templates.get().file.name}
    assert all(default_storage.exists(name) for name in stored)
    assert not (tmp_path / "media").exists()
