"""``gongkai redact``: the real script in a subprocess, and the command's errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai.redaction import engine
from tests.redaction import docs

ROOT = Path(__file__).resolve().parents[2]


def gongkai(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    script = Path(sys.executable).with_name("gongkai")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "gongkai.cli"]
    return subprocess.run([*cmd, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_redact_from_the_command_line(tmp_path: Path) -> None:
    src = tmp_path / "材料.pdf"
    src.write_bytes(docs.text_pdf(pages=2))
    out = tmp_path / "公开.pdf"
    r = gongkai("redact", str(src), "--text", docs.NAME, docs.ID, "--box", "1:60,40,560,70",
                "--reason", "third_party_rights", "-o", str(out))
    assert r.returncode == 0, r.stderr
    first, second = engine.extract_text(out.read_bytes())
    assert docs.NAME not in first + second and docs.ID not in first + second
    assert "宝山区规划和自然资源局" not in first and "宝山区规划和自然资源局" in second  # the box: page 1 only
    assert "〔第十五条〕" in first
    lines = r.stdout.splitlines()
    assert lines[0].startswith("遮盖记录：材料.pdf") and "共2页" in lines[0]
    assert f"第1页\t文字“{docs.ID}”\t〔第十五条〕保护第三方合法权益" in lines
    assert "第1页\t区域(60,40,560,70)\t〔第十五条〕保护第三方合法权益" in lines


def test_suggest_lists_personal_data(tmp_path: Path) -> None:
    src = tmp_path / "a.pdf"
    src.write_bytes(docs.text_pdf())
    r = gongkai("redact", str(src), "--suggest")
    assert r.returncode == 0
    assert f"第1页\t居民身份证号码\t{docs.ID}" in r.stdout.splitlines()


def test_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "a.pdf"
    src.write_bytes(docs.text_pdf())
    out = tmp_path / "o.pdf"
    with pytest.raises(CommandError, match="理由代码"):
        call_command("redact", str(src), "--text", "x", "--reason", "A37_partial", "-o", str(out))
    with pytest.raises(CommandError, match="页码:X0"):
        call_command("redact", str(src), "--box", "1:2,3", "--reason", "state_secret", "-o", str(out))
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(SystemExit) as e:
        call_command("redact", str(bad), "--text", "x", "--reason", "state_secret", "-o", str(out))
    assert e.value.code == 2 and "损坏" in capsys.readouterr().err and not out.exists()
    with pytest.raises(SystemExit) as e:
        call_command("redact", str(src), "--text", "不存在", "--reason", "state_secret", "-o", str(out))
    assert e.value.code == 1 and "未找到：“不存在”" in capsys.readouterr().err
