"""Backup and restore of the demo installation (gongkai/backup.py): wall time of ``gongkai backup`` and
``gongkai restore`` as an operator runs them (each a fresh process), the backup's size, and whether the
restored database holds the same rows.

    .venv/bin/python bench/backup_restore.py                       # SQLite source; restore onto SQLite and PostgreSQL
    .venv/bin/python bench/backup_restore.py --pg-db gk_bench_backup

The source is a fresh SQLite installation with ``gongkai migrate`` + ``gongkai demo``. The restore targets are
empty databases: a new SQLite file, and the PostgreSQL database ``--pg-db`` (dropped and re-created); the
restore time includes ``migrate`` of the empty database (printed apart, measured by its own run on a
second empty database). Every figure is also a ``RESULT`` line for bench/run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from benchlib import result

ROOT = Path(__file__).resolve().parents[1]


def gongkai(env: dict[str, str], *args: str) -> float:
    full = {**{k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_HOME", "MEDIA_ROOT")},
            "PYTHONPATH": str(ROOT), **env}
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "gongkai.cli", *args], env=full, cwd=ROOT, capture_output=True,
                          text=True)
    secs = time.perf_counter() - t
    if done.returncode:
        sys.exit(f"gongkai {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return secs


def psql(sql: str) -> None:
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-c", sql], check=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pg-db", default="gk_bench_backup")
    ap.add_argument("--no-postgres", action="store_true")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gk-backup-bench-") as tmp:
        tmpdir = Path(tmp)

        def sqlite(name: str) -> dict[str, str]:
            (tmpdir / name).mkdir()
            return {"GONGKAI_HOME": str(tmpdir / name), "DATABASE_URL": f"sqlite:///{tmpdir / name / 'db.sqlite3'}"}

        source = sqlite("source")
        gongkai(source, "migrate", "--no-input", "-v", "0")
        gongkai(source, "demo")
        path = tmpdir / "demo.tar.gz"
        secs = gongkai(source, "backup", "-o", str(path))
        with tarfile.open(path, "r:gz") as tar:
            manifest = json.load(tar.extractfile("manifest.json"))  # type: ignore[arg-type]
        rows = sum(t["rows"] for t in manifest["tables"].values())
        files = len(manifest["files"])
        raw = sum(t["size"] for t in manifest["tables"].values()) + sum(f["size"] for f in manifest["files"])
        print(f"demo: {rows} rows in {len(manifest['tables'])} tables, {files} files; "
              f"backup {path.stat().st_size / 1e6:.2f} MB ({raw / 1e6:.2f} MB before gzip) in {secs:.2f} s")
        result("backup_restore", "sqlite", f"gongkai backup, demo ({rows} rows, {files} files)", secs, unit="s")
        result("backup_restore", "sqlite", "backup size (gzip)", path.stat().st_size / 1e6, unit="MB")

        targets = [("sqlite", sqlite)]
        if not args.no_postgres:
            def postgres(name: str) -> dict[str, str]:
                db = f"{args.pg_db}_{name}"
                psql(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
                psql(f'CREATE DATABASE "{db}"')
                (tmpdir / db).mkdir()
                return {"GONGKAI_HOME": str(tmpdir / db), "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{db}"}
            targets.append(("postgres", postgres))
        for engine, make in targets:
            migrate = gongkai(make(f"{engine}_migrate_only"), "migrate", "--no-input", "-v", "0")
            secs = gongkai(make(f"{engine}_restore"), "restore", str(path))
            print(f"restore onto empty {engine}: {secs:.2f} s (of which migrate of the empty database ~{migrate:.2f} s)")
            result("backup_restore", engine, "gongkai restore of the demo backup, empty database (incl. migrate)", secs,
                   unit="s")
            result("backup_restore", engine, "of which migrate", migrate, unit="s")
        if not args.no_postgres:
            for name in ("postgres_migrate_only", "postgres_restore"):
                psql(f'DROP DATABASE IF EXISTS "{args.pg_db}_{name}" WITH (FORCE)')


if __name__ == "__main__":
    main()
