"""Backup and restore (gongkai/backup.py): the demo installation, with uploaded files, backed up while
connected, restored by the ``gongkai restore`` command into a new empty installation (the same engine, and
on the PostgreSQL pass the other engine and back), gives the same rows in every table, the same file
bytes and the same annual reports; a damaged or altered backup, or a non-empty installation, is refused."""

from __future__ import annotations

import datetime as dt
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connections, models
from django.utils import timezone

from gongkai.backup import BackupError, backed_up_models, backup, read_manifest, restore
from tests.ops.conftest import gongkai, on_postgres

NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 10, 0))
PLANNING = "宝山区规划和自然资源局"
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 40 + "规划图".encode()


def _demo_with_uploads() -> None:
    """The demo, plus what it lacks: an applicant's attachment and a published item's attachment."""
    from django.contrib.auth import get_user_model

    from gongkai.agencies.calendar import get_calendar
    from gongkai.agencies.models import Agency
    from gongkai.applications import actions as app_actions
    from gongkai.catalogue import actions as cat

    call_command("demo", stdout=io.StringIO())
    planning = Agency.objects.get(name=PLANNING)
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["clerk", "reviewer", "head"])}
    details = {"applicant_type": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
               "id_number": "11010519491231002X", "phone": "13800000000", "email": "zhangsan@example.com",
               "address": "上海市宝山区友谊路1号", "description": "罗店镇控制性详细规划调整的批复文件",
               "form_wanted": "electronic", "obtain_via": "email"}
    app_actions.submit_online(agency=planning, details=details, files=[("身份证.pdf", PDF)], now=NOW)
    item = cat.create_draft(agency=planning, actor=users["clerk"], now=NOW, title="罗店镇控制性详细规划局部调整",
                            formed_on=dt.date(2026, 6, 1), kind="plan")
    cat.add_attachment(item=item, actor=users["clerk"], now=NOW, name="规划图.pdf", content=PDF + b"\n%%EOF")
    item = cat.propose_attribute(item=item, actor=users["clerk"], now=NOW, attribute="proactive", reason="",
                                 secrecy_reviewed=True)
    item = cat.review_attribute(item=item, actor=users["reviewer"], now=NOW, approve=True)
    item = cat.sign_off(item=item, actor=users["head"], now=NOW)
    cat.publish(item=item, actor=users["clerk"], now=NOW, calendar=get_calendar())


def _rows(alias: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every backed-up table, and the rebuilt search index, as the ORM reads it (not as the backup wrote it)."""
    from gongkai.catalogue.models import SearchEntry

    out = {}
    for model in [*backed_up_models(), SearchEntry]:
        names = [f.attname for f in model._meta.concrete_fields]
        out[model._meta.label_lower] = list(model._base_manager.using(alias).order_by("pk").values_list(*names))
    return out


def _files(alias: str) -> dict[str, bytes]:
    """name -> bytes of every file a row names, read through the field's storage (the test's own)."""
    out = {}
    for model in backed_up_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                for name in model._base_manager.using(alias).exclude(**{f.attname: ""}).values_list(f.attname, flat=True):
                    with f.storage.open(name, "rb") as fh:
                        out[name] = fh.read()
    return out


def _reports(env: dict[str, str] | None) -> list[Any]:
    """The planning bureau's 2019 and 2020 reports, stored and composed from the records, as JSON."""
    out = []
    for year in (2019, 2020):
        for extra in ([], ["--compose"]):
            args = ["report", "export", "--agency", PLANNING, "--year", str(year), *extra]
            if env is None:
                buf = io.StringIO()
                call_command(*args, stdout=buf)
                text = buf.getvalue()
            else:
                r = gongkai(*args, env=env)
                assert r.returncode == 0, r.stderr
                text = r.stdout
            out.append(json.loads(text))
    return out


def _assert_same(source: str, target: str, target_media: Path, source_rows: dict[str, Any],
                 source_files: dict[str, bytes]) -> None:
    assert _rows(target) == source_rows
    assert source_files
    for name, data in source_files.items():
        assert (target_media / name).read_bytes() == data, name


def _restore(env: dict[str, str], path: Path) -> str:
    r = gongkai("restore", str(path), env=env)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "恢复完成" in r.stdout
    return r.stdout


@pytest.mark.django_db(transaction=True)
def test_round_trip_same_engine(tmp_path: Path, installations: Any) -> None:
    _demo_with_uploads()
    source_rows, source_files = _rows("default"), _files("default")
    # The demo holds cases, letters (with their files), annual reports and both kinds of attachment.
    for label in ("applications.application", "applications.attachment", "letters.letter", "reports.annualreport",
                  "catalogue.attachment", "appeals.appealcase"):
        assert source_rows[label], label
    reports = _reports(None)

    path = tmp_path / "backup.tar.gz"
    summary = backup(path)
    assert summary.rows == sum(len(v) for k, v in source_rows.items() if k != "catalogue.searchentry")
    assert summary.files == len(source_files) and not summary.missing_files
    manifest = read_manifest(path)
    assert manifest["engine"] == connections["default"].vendor
    assert manifest["tables"]["applications.application"]["rows"] == len(source_rows["applications.application"])
    assert {f["name"] for f in manifest["files"]} == set(source_files)
    assert ["applications", "0001_initial"] in manifest["migrations"]

    env = installations.postgres("same") if on_postgres() else installations.sqlite("same")
    _restore(env, path)
    target = installations.connect(env)
    _assert_same("default", target, Path(env["GONGKAI_HOME"]) / "media", source_rows, source_files)
    assert _reports(env) == reports

    # A second restore into the same (now full) installation is refused, in Chinese, and changes nothing.
    r = gongkai("restore", str(path), env=env)
    assert r.returncode != 0 and "本安装不是空的" in r.stderr
    assert _rows(target) == source_rows


@pytest.mark.django_db(transaction=True)
def test_round_trip_across_engines(tmp_path: Path, installations: Any) -> None:
    """PostgreSQL -> SQLite -> PostgreSQL. Runs on the PostgreSQL pass (which has both engines)."""
    if not on_postgres():
        pytest.skip("跨引擎往返需要 PostgreSQL：在 DATABASE_URL=postgres://... 的测试轮次中运行")
    _demo_with_uploads()
    source_rows, source_files = _rows("default"), _files("default")
    reports = _reports(None)
    first = tmp_path / "from-postgres.tar.gz"
    backup(first)

    lite = installations.sqlite("lite")
    out = _restore(lite, first)
    assert "postgresql → sqlite" in out
    _assert_same("default", installations.connect(lite), Path(lite["GONGKAI_HOME"]) / "media", source_rows, source_files)
    assert _reports(lite) == reports

    second = tmp_path / "from-sqlite.tar.gz"
    r = gongkai("backup", "-o", str(second), env=lite)
    assert r.returncode == 0, r.stderr
    assert read_manifest(second)["engine"] == "sqlite"
    pg = installations.postgres("back")
    out = _restore(pg, second)
    assert "sqlite → postgresql" in out
    _assert_same("default", installations.connect(pg), Path(pg["GONGKAI_HOME"]) / "media", source_rows, source_files)
    assert _reports(pg) == reports


def _rewrite(src: Path, dst: Path, change: Any) -> None:
    """Copy a backup, passing each member's bytes through ``change(name, data)``."""
    with tarfile.open(src, "r:gz") as tin, tarfile.open(dst, "w:gz") as tout:
        for info in tin:
            fh = tin.extractfile(info)
            assert fh is not None
            data = change(info.name, fh.read())
            info.size = len(data)
            tout.addfile(info, io.BytesIO(data))


@pytest.mark.django_db(transaction=True)
def test_tampered_backup_refused(cast: Any, tmp_path: Path, installations: Any) -> None:
    from gongkai.applications import actions as app_actions

    details = {"applicant_type": "natural_person", "applicant_name": "张三", "id_type": "resident_id",
               "id_number": "11010519491231002X", "phone": "13800000000", "email": "zhangsan@example.com",
               "address": "上海市宝山区友谊路1号", "description": "罗店镇控制性详细规划调整的批复文件",
               "form_wanted": "electronic", "obtain_via": "email"}
    app_actions.submit_online(agency=cast.planning, details=details, files=[("身份证.pdf", PDF)], now=NOW)
    good = tmp_path / "good.tar.gz"
    backup(good)

    def row_changed(name: str, data: bytes) -> bytes:
        return data.replace("张三".encode(), "李四".encode()) if name == "data/applications.application.jsonl" else data

    def file_changed(name: str, data: bytes) -> bytes:
        return data[:-1] + b"!" if name.startswith("files/") else data

    def manifest_dropped(name: str, data: bytes) -> bytes:
        return data if name != "manifest.json" else b"{}"

    cases = [(row_changed, "applications.application.jsonl 的校验和"), (file_changed, "的校验和"),
             (manifest_dropped, "不是 gongkai 备份")]
    for change, message in cases:
        bad = tmp_path / f"{change.__name__}.tar.gz"
        _rewrite(good, bad, change)
        env = installations.sqlite(change.__name__)
        r = gongkai("restore", str(bad), env=env)
        assert r.returncode == 1 and message in r.stderr, r.stderr
        # Refused before anything was written: no database, no file.
        assert not (Path(env["GONGKAI_HOME"]) / "gongkai.sqlite3").exists()
        assert not (Path(env["GONGKAI_HOME"]) / "media").exists()

    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    with pytest.raises(BackupError, match="无法读取备份文件"):
        read_manifest(truncated)


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_an_installation_with_data(cast: Any, tmp_path: Path) -> None:
    path = tmp_path / "b.tar.gz"
    backup(path)
    before = _rows("default")
    with pytest.raises(BackupError, match="本安装不是空的"):
        restore(path)
    assert _rows("default") == before


@pytest.mark.django_db(transaction=True)
def test_backup_reads_one_snapshot_while_the_site_writes(tmp_path: Path, installations: Any,
                                                         monkeypatch: Any) -> None:
    """Rows committed by another connection while the backup runs are not in it, and the writer is not
    blocked (SQLite: a file database in WAL mode, as the site runs it; PostgreSQL: the test database)."""
    from django.contrib.auth.models import Group

    import gongkai.backup as b

    if on_postgres():
        site = "default"
    else:
        env = installations.sqlite("online")
        r = gongkai("migrate", "--no-input", "-v", "0", env=env)
        assert r.returncode == 0, r.stderr
        site = installations.connect(env)
    Group.objects.using(site).create(name="before")
    dump = b._dump_table
    written: list[str] = []

    def dump_then_write(model: Any, *args: Any) -> int:
        n = dump(model, *args)
        if not written:  # after the first table: the snapshot is open, the site commits two changes
            Group.objects.using(site).create(name="during")
            Group.objects.using(site).filter(name="before").update(name="renamed")
            written.append(model._meta.label_lower)
        return n

    monkeypatch.setattr(b, "_dump_table", dump_then_write)
    path = tmp_path / "online.tar.gz"
    backup(path, using=site)
    assert written == ["admin.logentry"]
    assert sorted(Group.objects.using(site).values_list("name", flat=True)) == ["during", "renamed"]
    manifest = read_manifest(path)
    assert manifest["tables"]["auth.group"]["rows"] == 1
    with tarfile.open(path, "r:gz") as tar:
        fh = tar.extractfile("data/auth.group.jsonl")
        assert fh is not None
        lines = fh.read().decode().splitlines()
    assert json.loads(lines[1])[1] == "before"
