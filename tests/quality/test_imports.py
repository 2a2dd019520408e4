"""The import graph stays honest: plain imports between apps, no two modules importing each other, the
office never importing the portal, no module past ~600 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2] / "gongkai"
# Owned by the auditor work; its size is its own matter (issue 17 leaves gongkai/auditor/** to it).
NOT_OURS = ("auditor",)


def _modules() -> dict[str, Path]:
    out = {}
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        name = ".".join(path.relative_to(ROOT.parent).with_suffix("").parts).removesuffix(".__init__")
        out[name] = path
    return out


def _app(name: str) -> str:
    return (name.split(".") + [""])[1]


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("gongkai"):
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found & set(modules)


def test_no_hidden_imports_between_apps() -> None:
    for name, path in _modules().items():
        if _app(name) in NOT_OURS:
            continue
        text = path.read_text(encoding="utf-8")
        # importlib.metadata (a package's version) is no import of code
        assert "import_module" not in text and not re.search(r"^\s*import importlib\b", text, re.M), name


def test_no_two_modules_import_each_other_and_office_never_imports_portal() -> None:
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    cycles = sorted({tuple(sorted((a, b))) for a, bs in graph.items() for b in bs if a in graph.get(b, ())})
    assert cycles == []
    office = {(a, b) for a, bs in graph.items() for b in bs if a.startswith("gongkai.office") and
              b.startswith("gongkai.portal")}
    assert office == set()


def test_no_module_over_600_lines() -> None:
    long = {name: n for name, path in _modules().items() if _app(name) not in NOT_OURS
            and (n := len(path.read_text(encoding="utf-8").splitlines())) > 600}
    assert long == {}
