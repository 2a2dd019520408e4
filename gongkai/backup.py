"""Backup and restore of a whole installation: every row of every table and every stored file.

``gongkai backup -o FILE`` runs while the site serves. It reads the database through a connection of its
own in one read-only snapshot (a deferred read transaction on SQLite in WAL mode, REPEATABLE READ on
PostgreSQL), so every table is read as of one moment while writers go on; the stored files are those
the snapshot's rows name (a file is written before the row that names it commits).

The file is a gzip'd tar, the same whatever the engine (a backup of PostgreSQL restores onto SQLite and
back):

- ``data/<app_label>.<model>.jsonl``: a header line (model, columns), then one JSON array per row, each
  value in a neutral text form (datetimes in ISO 8601 with microseconds and offset, decimals as strings);
- ``files/<name>``: each stored file's bytes under its storage name;
- ``manifest.json`` (last): format, gongkai version, source engine, the migrations applied, per table
  its row count and sha256, per file its size and sha256.

``gongkai restore FILE`` checks every checksum before it touches anything, refuses an installation that
holds data (or a backup of another schema), then writes the files through the storage API and every row
in one transaction, resets the id sequences (PostgreSQL) and rebuilds the search index, which is derived
data and not in the backup (nor are the page-cache tokens: new ones are drawn). Sessions are not
backed up either: staff sign in again after a restore.

The checksums find a damaged or altered member; they are not a signature (whoever can rewrite the file
can rewrite its manifest): keep backups where only the operators can write.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import Storage
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.utils import load_backend
from django.utils.duration import duration_string

FORMAT = "gongkai-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
# Left out: sessions (staff sign in again), the search index (derived from the items, rebuilt) and the
# page-cache tokens (new ones are drawn, so nothing cached before the restore is ever shown).
EXCLUDED = {"sessions.session", "catalogue.searchentry", "catalogue.publicversion"}
# Rows that ``migrate`` writes by itself: an installation holding only these is empty.
CREATED_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
SNAPSHOT_ALIAS = "gongkai_backup_snapshot"
CHUNK = 2000


class BackupError(Exception):
    """A backup that cannot be made or restored; the message is for the operator, in Chinese."""


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("gongkai")
    except PackageNotFoundError:  # pragma: no cover - run from a checkout that was never installed
        return "unknown"


def backed_up_models() -> list[type[models.Model]]:
    """Every table Django manages, with the auto-created many-to-many tables, in a fixed order."""
    out = [
        m for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.label_lower not in EXCLUDED
    ]
    return sorted(out, key=lambda m: m._meta.label_lower)


def _member(model: type[models.Model]) -> str:
    return f"data/{model._meta.label_lower}.jsonl"


# ---------------------------------------------------------------------------------------------------
# Values: one neutral text form per field kind, read back by the field's own to_python().


def _encode(f: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(f, models.JSONField):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return base64.b64encode(bytes(value)).decode("ascii")
    return value


def _decode(f: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(f, models.JSONField):
        return value
    return f.to_python(value)


# ---------------------------------------------------------------------------------------------------
# Backup


@dataclass
class Summary:
    path: Path
    tables: int
    rows: int
    files: int
    file_bytes: int
    size: int
    seconds: float
    missing_files: list[str] = field(default_factory=list)


def _snapshot_connection(using: str) -> str:
    """A connection of its own, to the database the site uses, for one read-only snapshot (made here,
    not declared in settings: it lives only for the backup)."""
    base = connections[using].settings_dict
    conf = {**base, "OPTIONS": dict(base.get("OPTIONS", {})), "CONN_MAX_AGE": 0}
    if base["ENGINE"].endswith("sqlite3"):
        # DEFERRED: the snapshot starts at the first read and blocks no writer (the site's own
        # transactions are IMMEDIATE, which would take the write lock).
        conf["OPTIONS"]["transaction_mode"] = "DEFERRED"
        conf["OPTIONS"]["init_command"] = "PRAGMA query_only = 1;"
    elif base["ENGINE"].endswith("postgresql"):
        from psycopg import IsolationLevel

        conf["OPTIONS"]["isolation_level"] = IsolationLevel.REPEATABLE_READ
    connections[SNAPSHOT_ALIAS] = load_backend(conf["ENGINE"]).DatabaseWrapper(conf, SNAPSHOT_ALIAS)
    return SNAPSHOT_ALIAS


def _close_snapshot_connection(alias: str) -> None:
    connections[alias].close()
    del connections[alias]


class _HashingWriter:
    def __init__(self, fh: IO[bytes]) -> None:
        self.fh, self.sha, self.size = fh, hashlib.sha256(), 0

    def write(self, data: bytes) -> None:
        self.fh.write(data)
        self.sha.update(data)
        self.size += len(data)


def _add_bytes(tar: tarfile.TarFile, name: str, fh: IO[bytes], size: int, mtime: float) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(mtime), 0o600
    tar.addfile(info, fh)


def _dump_table(model: type[models.Model], alias: str, out: _HashingWriter,
                file_fields: dict[str, models.FileField], files: dict[str, models.FileField]) -> int:
    fields = list(model._meta.concrete_fields)
    header = {"model": model._meta.label_lower, "table": model._meta.db_table, "columns": [f.attname for f in fields]}
    out.write(json.dumps(header, ensure_ascii=False).encode() + b"\n")
    n = 0
    qs = model._base_manager.using(alias).order_by("pk").values_list(*[f.attname for f in fields])
    file_idx = [(i, f) for i, f in enumerate(fields) if f.attname in file_fields]
    for row in qs.iterator(chunk_size=CHUNK):
        out.write(json.dumps([_encode(f, v) for f, v in zip(fields, row)], ensure_ascii=False).encode() + b"\n")
        for i, f in file_idx:
            if row[i]:
                files.setdefault(row[i], f)  # type: ignore[arg-type]
        n += 1
    return n


def backup(path: Path | str, *, using: str = DEFAULT_DB_ALIAS,
           progress: Callable[[str], None] | None = None) -> Summary:
    """Write a backup of the installation (the database of ``using``) to ``path``, replaced only when the
    backup is complete."""
    say = progress or (lambda _msg: None)
    started = time.monotonic()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    alias = _snapshot_connection(using)
    conn = connections[alias]
    manifest: dict[str, Any] = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "gongkai_version": version(),
        "engine": conn.vendor, "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "excluded": sorted(EXCLUDED), "tables": {}, "files": [], "missing_files": [],
    }
    rows_total = file_bytes = 0
    try:
        with tarfile.open(part, "w:gz", compresslevel=6) as tar, transaction.atomic(using=alias):
            if conn.vendor == "postgresql":
                with conn.cursor() as cur:
                    cur.execute("SET TRANSACTION READ ONLY")
            # The first read fixes the snapshot; everything below is read as of this moment.
            manifest["migrations"] = sorted(
                [app, name] for app, name in MigrationRecorder(conn).migration_qs.values_list("app", "name")
            )
            files: dict[str, models.FileField] = {}
            for model in backed_up_models():
                file_fields = {f.attname: f for f in model._meta.concrete_fields if isinstance(f, models.FileField)}
                with tempfile.TemporaryFile() as tmp:
                    out = _HashingWriter(tmp)
                    n = _dump_table(model, alias, out, file_fields, files)
                    tmp.seek(0)
                    _add_bytes(tar, _member(model), tmp, out.size, time.time())
                manifest["tables"][model._meta.label_lower] = {
                    "table": model._meta.db_table, "rows": n, "member": _member(model),
                    "size": out.size, "sha256": out.sha.hexdigest(),
                }
                rows_total += n
            say(f"数据库：{len(manifest['tables'])} 张表，{rows_total} 行。")
            for name in sorted(files):
                f = files[name]
                storage: Storage = f.storage
                try:
                    with storage.open(name, "rb") as fh:
                        data = fh.read()
                except FileNotFoundError:
                    manifest["missing_files"].append(name)
                    continue
                member = _file_member(name)
                _add_bytes(tar, member, io.BytesIO(data), len(data), time.time())
                manifest["files"].append({
                    "name": name, "member": member, "field": f"{f.model._meta.label_lower}.{f.name}",
                    "size": len(data), "sha256": hashlib.sha256(data).hexdigest(),
                })
                file_bytes += len(data)
            say(f"文件：{len(manifest['files'])} 个，{file_bytes} 字节。")
            body = json.dumps(manifest, ensure_ascii=False, indent=1).encode()
            _add_bytes(tar, MANIFEST, io.BytesIO(body), len(body), time.time())
        os.replace(part, path)
    finally:
        _close_snapshot_connection(alias)
        part.unlink(missing_ok=True)
    return Summary(path=path, tables=len(manifest["tables"]), rows=rows_total, files=len(manifest["files"]),
                   file_bytes=file_bytes, size=path.stat().st_size, seconds=time.monotonic() - started,
                   missing_files=manifest["missing_files"])


def _file_member(name: str) -> str:
    p = PurePosixPath(name)
    if p.is_absolute() or ".." in p.parts or not name:
        raise BackupError(f"存储文件名不安全，无法备份：{name!r}")
    return f"files/{p}"


# ---------------------------------------------------------------------------------------------------
# Restore


def _members(tar: tarfile.TarFile) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
    for info in tar:
        if not info.isfile():
            raise BackupError(f"备份文件中有非普通文件成员：{info.name}，拒绝恢复。")
        fh = tar.extractfile(info)
        assert fh is not None
        yield info, fh


def read_manifest(path: Path | str) -> dict[str, Any]:
    """The manifest, after every member's checksum and the member list are checked against it."""
    try:
        with tarfile.open(path, "r:gz") as tar:
            digests: dict[str, str] = {}
            manifest_bytes = b""
            for info, fh in _members(tar):
                if info.name in digests or (info.name == MANIFEST and manifest_bytes):
                    raise BackupError(f"备份文件中成员 {info.name} 出现两次，拒绝恢复。")
                if info.name == MANIFEST:
                    manifest_bytes = fh.read()
                    continue
                sha = hashlib.sha256()
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):  # type: ignore[misc]
                    sha.update(chunk)
                digests[info.name] = sha.hexdigest()
    except (tarfile.TarError, EOFError, OSError, zlib.error) as exc:
        raise BackupError(f"无法读取备份文件（已损坏或不是 gongkai 备份）：{exc}") from exc
    if not manifest_bytes:
        raise BackupError("备份文件中没有清单（manifest.json），不是完整的 gongkai 备份，拒绝恢复。")
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError as exc:
        raise BackupError("备份清单（manifest.json）无法解析，拒绝恢复。") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError("这不是 gongkai 备份文件（清单格式不符），拒绝恢复。")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(f"备份格式版本为 {manifest.get('format_version')}，本程序只能恢复版本 {FORMAT_VERSION}。")
    expected = {t["member"]: t["sha256"] for t in manifest["tables"].values()}
    expected.update({f["member"]: f["sha256"] for f in manifest["files"]})
    for member, sha in sorted(expected.items()):
        if member not in digests:
            raise BackupError(f"备份文件缺少成员 {member}，拒绝恢复。")
        if digests[member] != sha:
            raise BackupError(f"备份文件成员 {member} 的校验和（SHA-256）与清单不符：备份已损坏或被改动，拒绝恢复，未作任何更改。")
    extra = sorted(set(digests) - set(expected))
    if extra:
        raise BackupError(f"备份文件中有清单未列出的成员（{extra[0]} 等 {len(extra)} 个），拒绝恢复。")
    for f in manifest["files"]:
        if _file_member(f["name"]) != f["member"]:
            raise BackupError(f"备份清单中的文件名与成员名不符：{f['name']}，拒绝恢复。")
    return manifest  # type: ignore[no-any-return]


def _applied_migrations(alias: str) -> list[list[str]] | None:
    conn = connections[alias]
    recorder = MigrationRecorder(conn)
    if not recorder.has_table():
        return None
    return sorted([app, name] for app, name in recorder.migration_qs.values_list("app", "name"))


def holding_data(alias: str = DEFAULT_DB_ALIAS) -> list[tuple[str, int]]:
    """Tables that hold rows ``migrate`` does not write by itself (empty: the installation is empty)."""
    out = []
    for model in backed_up_models():
        if model._meta.label_lower in CREATED_BY_MIGRATE:
            continue
        n = model._base_manager.using(alias).count()
        if n:
            out.append((model._meta.label_lower, n))
    return out


@dataclass
class RestoreSummary:
    rows: int
    files: int
    seconds: float
    engine_from: str
    engine_to: str


def restore(path: Path | str, *, progress: Callable[[str], None] | None = None) -> RestoreSummary:
    """Restore a backup into this installation, which must be empty (migrated or not)."""
    say = progress or (lambda _msg: None)
    started = time.monotonic()
    alias = DEFAULT_DB_ALIAS
    conn = connections[alias]
    manifest = read_manifest(path)
    say(f"校验通过：{len(manifest['tables'])} 张表，{len(manifest['files'])} 个文件（备份于 {manifest['created_at']}，"
        f"来源数据库 {manifest['engine']}）。")

    applied = _applied_migrations(alias)
    if applied is None or not applied:
        say("数据库尚未初始化，先执行迁移（migrate）……")
        call_command("migrate", verbosity=0, interactive=False, database=alias)
        applied = _applied_migrations(alias)
    if applied != manifest["migrations"]:
        theirs, ours = {tuple(m) for m in manifest["migrations"]}, {tuple(m) for m in applied or []}
        diff = sorted(theirs - ours) or sorted(ours - theirs)
        raise BackupError(
            "备份与本安装的数据库结构版本不同（已执行的迁移不一致，如 "
            f"{diff[0][0]}.{diff[0][1]}），请用与备份相同版本的 gongkai 恢复。"
        )
    held = holding_data(alias)
    if held:
        listed = "、".join(f"{label}（{n} 行）" for label, n in held[:3])
        raise BackupError(
            f"本安装不是空的：已有数据（{listed}{' 等' if len(held) > 3 else ''}）。"
            "恢复只能写入新建的空安装，以免覆盖现有数据；请新建数据库（并执行 gongkai migrate）后再恢复。"
        )
    by_label = {m._meta.label_lower: m for m in backed_up_models()}
    unknown = sorted(set(manifest["tables"]) - set(by_label))
    if unknown:
        raise BackupError(f"备份中的表 {unknown[0]} 在本版本中不存在，拒绝恢复。")

    # Files first, through the storage API: a file the installation already holds must be the same bytes.
    storages = {f"{m._meta.label_lower}.{f.name}": f.storage
                for m in by_label.values() for f in m._meta.concrete_fields if isinstance(f, models.FileField)}
    with tarfile.open(path, "r:gz") as tar:
        wanted = {f["member"]: f for f in manifest["files"]}
        for info, fh in _members(tar):
            entry = wanted.get(info.name)
            if entry is None:
                continue
            data = fh.read()
            if hashlib.sha256(data).hexdigest() != entry["sha256"]:  # the file changed since it was checked
                raise BackupError(f"备份文件成员 {info.name} 的校验和与清单不符，拒绝恢复。")
            storage = storages.get(entry["field"])
            if storage is None:
                raise BackupError(f"备份中的文件字段 {entry['field']} 在本版本中不存在，拒绝恢复。")
            name = entry["name"]
            if storage.exists(name):
                with storage.open(name, "rb") as existing:
                    if existing.read() == data:
                        continue
                raise BackupError(f"文件存储中已有同名而内容不同的文件：{name}。恢复只能写入空安装，请使用空的文件目录。")
            saved = storage.save(name, ContentFile(data))
            if saved != name:
                raise BackupError(f"文件存储把 {name} 存为了 {saved}，无法保持原名，拒绝继续。")
    say(f"文件：已写入 {len(manifest['files'])} 个。")

    rows = 0
    with transaction.atomic(using=alias):
        for label in (*CREATED_BY_MIGRATE, *EXCLUDED):
            apps.get_model(label)._base_manager.using(alias).all().delete()  # written again from the backup
        with tarfile.open(path, "r:gz") as tar:
            members = {t["member"]: label for label, t in manifest["tables"].items()}
            for info, fh in _members(tar):
                table = members.get(info.name)
                if table is None:
                    continue
                n = _load_table(by_label[table], fh, alias)
                if n != manifest["tables"][table]["rows"]:
                    raise BackupError(f"表 {table} 恢复了 {n} 行，清单记录为 {manifest['tables'][table]['rows']} 行。")
                rows += n
        with conn.cursor() as cur:
            for sql in conn.ops.sequence_reset_sql(no_style(), list(by_label.values())):
                cur.execute(sql)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    say(f"数据库：已恢复 {rows} 行，重建检索索引……")
    call_command("reindex_catalogue", verbosity=0, stdout=io.StringIO())
    return RestoreSummary(rows=rows, files=len(manifest["files"]), seconds=time.monotonic() - started,
                          engine_from=manifest["engine"], engine_to=conn.vendor)


def _load_table(model: type[models.Model], fh: IO[bytes], alias: str) -> int:
    conn = connections[alias]
    lines = io.TextIOWrapper(fh, encoding="utf-8")
    header = json.loads(next(lines))
    by_attname = {f.attname: f for f in model._meta.concrete_fields}
    missing = [c for c in header["columns"] if c not in by_attname]
    if missing or set(by_attname) - set(header["columns"]):
        raise BackupError(f"表 {header['model']} 的列与本版本不符（{missing or sorted(set(by_attname) - set(header['columns']))}）。")
    fields = [by_attname[c] for c in header["columns"]]
    qn = conn.ops.quote_name
    sql = (f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    n = 0
    batch: list[list[Any]] = []
    with conn.cursor() as cur:
        for line in lines:
            values = json.loads(line)
            batch.append([f.get_db_prep_save(_decode(f, v), conn) for f, v in zip(fields, values)])
            if len(batch) >= CHUNK:
                cur.executemany(sql, batch)
                n += len(batch)
                batch = []
        if batch:
            cur.executemany(sql, batch)
            n += len(batch)
    return n
