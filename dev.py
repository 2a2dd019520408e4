#!/usr/bin/env python3
"""Set-up and test in one command each, on a fresh machine with only Python 3.11+.

    python3 dev.py up      create .venv, install, migrate SQLite, load the demo, serve on :8000
    python3 dev.py test    install the test tools (and Debian's chromium for browser tests), run the suite

Environment: GONGKAI_HOME (default ./var) holds the SQLite database and uploads; DATABASE_URL selects
PostgreSQL instead. Extra arguments after ``test`` go to pytest.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / "python"
CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, cwd=ROOT, env=env)


def ensure_venv(extras: str = "") -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py is the one file run by any python3
        sys.exit("需要 Python 3.11 或更高版本 / Python 3.11+ is required")
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
        run(PY, "-m", "pip", "install", "-q", "--upgrade", "pip")
    stamp = VENV / f".installed{extras}"
    pyproject = ROOT / "pyproject.toml"
    if not stamp.exists() or stamp.stat().st_mtime < pyproject.stat().st_mtime:
        run(PY, "-m", "pip", "install", "-q", "-e", f".{extras}")
        stamp.touch()


def ensure_chromium() -> None:
    """Browser tests drive Debian's chromium (Playwright never downloads a browser here)."""
    if CHROMIUM.exists():
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "chromium", "fonts-noto-cjk", env=env)
    else:
        print(f"警告：未找到 {CHROMIUM}，浏览器测试将失败。请以 root 运行或安装 Debian 软件包 chromium。", file=sys.stderr)


def ensure_libreoffice() -> None:
    """Redaction converts Word files to PDF with LibreOffice headless (Debian's libreoffice-writer-nogui);
    the OCR of scanned reports (RapidOCR's OpenCV) loads libGL (Debian's libgl1)."""
    import ctypes.util

    missing = []
    if not (shutil.which("soffice") or shutil.which("libreoffice")):
        missing.append("libreoffice-writer-nogui")
    if ctypes.util.find_library("GL") is None:
        missing.append("libgl1")
    if not missing:
        return
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        run("apt-get", "update", "-qq", env=env)
        run("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)
    else:
        print(f"警告：缺少 Debian 软件包 {' '.join(missing)}（Word 转 PDF、扫描件识别需要）。", file=sys.stderr)


def gongkai(*args: str) -> None:
    run(BIN / "gongkai", *args)


def up() -> None:
    ensure_venv()
    gongkai("migrate", "--no-input", "-v", "0")
    gongkai("demo")
    gongkai("serve", "--host", os.environ.get("HOST", "127.0.0.1"), "--port", os.environ.get("PORT", "8000"))


def test(args: list[str]) -> None:
    ensure_venv("[test]")
    ensure_chromium()
    ensure_libreoffice()
    env = dict(os.environ)
    env.setdefault("GONGKAI_HOME", str(ROOT / "var" / "test"))
    result = subprocess.run([str(PY), "-m", "pytest", *args], cwd=ROOT, env=env)
    sys.exit(result.returncode)


def main() -> None:
    cmd = sys.argv[1] if len(sys.argv) > 1 else "help"
    if cmd == "up":
        up()
    elif cmd == "test":
        test(sys.argv[2:])
    else:
        print(__doc__)
        sys.exit(0 if cmd == "help" else 2)


if __name__ == "__main__":
    main()
