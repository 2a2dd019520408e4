"""Audit published reports: read, extract, check. Pure functions (no database).

``audit_bytes(data, name)`` reads one report; ``iter_inputs(paths)`` walks files, folders and zip
archives (refusing zip bombs before unpacking); ``result.to_dict()`` is the line of ``--json``.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from gongkai.auditor.document import ReadError
from gongkai.auditor.interpret import Extraction, NotAReport, interpret, loc_text
from gongkai.auditor.reader import EXTENSIONS, MAX_FILE_BYTES, read_document, sniff
from gongkai.law.editions import T3_COLUMN_IDS
from gongkai.law.report import Report
from gongkai.law.rules import Finding, Severity, check

MAX_ZIP_ENTRIES = 500
MAX_ZIP_TOTAL = 200 * 1024 * 1024
MAX_ZIP_RATIO = 100
MAX_ZIP_DEPTH = 2
# formats people keep reports in that cannot be read: listed in a folder walk so each gets its message
UNSUPPORTED = {".doc", ".wps", ".rtf", ".xls", ".xlsx", ".et", ".ofd", ".ceb"}


@dataclass
class AuditResult:
    file: str
    extraction: Extraction | None = None
    findings: list[Finding] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    previous_file: str | None = None  # the report of the year before it was checked against
    unchecked: list[dict[str, Any]] = field(default_factory=list)  # rules that need a cell not read

    @property
    def coverage(self) -> tuple[int, int]:
        """(cells read with confidence, cells expected) of tables 二, 三, 四."""
        return self.extraction.coverage if self.extraction else (0, 0)

    def unread(self) -> list[dict[str, str]]:
        """The cells not read with confidence, each with where it was looked for (未能读取)."""
        if self.extraction is None:
            return []
        from gongkai.law.rules import cell_label

        ex = self.extraction
        out = []
        for ref in ex.unread:
            p = ex.provenance.get(ref)
            if ref in ex.ambiguous:
                where = f"{loc_text(p.loc if p else None)}：有多种读法（{'、'.join(map(str, ex.ambiguous[ref]))}）"
            elif p is not None and p.kind not in ("missing", "unread"):
                where = f"{loc_text(p.loc)}：读法存疑（{p.note or '置信度低'}）"
            else:
                where = ex.where(ref)
            out.append({"cell": ref, "label": cell_label(r_edition(ex), ref), "where": where})
        return out

    @property
    def report(self) -> Report | None:
        return self.extraction.report if self.extraction else None

    @property
    def has_error(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)

    def to_dict(self, provenance: bool = False) -> dict[str, Any]:
        if self.extraction is None:
            return {"file": self.file, "error": self.error}
        r = self.extraction.report
        d = r.to_dict()
        out: dict[str, Any] = {
            "file": self.file,
            "format": self.extraction.format,
            "edition": r.edition.id,
            "agency": r.agency,
            "year": r.year or None,
            "tables": d["tables"],
            "findings": [f.to_dict() for f in self.findings],
            "missing": list(self.extraction.missing),
            "ambiguous": {k: list(v) for k, v in self.extraction.ambiguous.items()},
            "confidence": self.extraction.confidence,
            "coverage": {"read": self.coverage[0], "expected": self.coverage[1]},
            "unread": self.unread(),
            "unchecked": list(self.unchecked),
        }
        if self.previous_file:
            out["previous"] = self.previous_file
        if provenance:
            out["sections"] = d["sections"]
            out["provenance"] = {k: p.to_dict() for k, p in self.extraction.provenance.items()}
        return out


def extract(data: bytes, name: str = "") -> Extraction:
    doc = read_document(data, name)
    try:
        return interpret(doc)
    except NotAReport as e:
        raise ReadError(str(e)) from None


def r_edition(ex: Extraction) -> Any:
    return ex.report.edition


def audit_extraction(ex: Extraction, previous: Report | None = None) -> list[Finding]:
    return audit_checked(ex, previous)[0]


# Findings about what the numbers say: they stand only when every cell they involve was read with confidence.
VALUE_RULES = ("T3_", "T4_", "T2_", "XY_", "TEXT_MATCHES_TABLES", "CELL_INT_NONNEG", "FEES_IN_SECTION6")


def audit_checked(ex: Extraction, previous: Report | None = None) -> tuple[list[Finding], list[dict[str, Any]]]:
    """Findings, and the checks that could not be made because a cell they need was not read.

    Unread is not wrong: a rule is evaluated only over cells read with confidence; a rule that needs an
    unread cell is reported as not checked (neither an error nor a pass)."""
    from gongkai.law.rules import cell_label, sum_bindings

    unread = set(ex.unread)
    findings = list(ex.findings)
    unchecked: list[dict[str, Any]] = []
    e = ex.report.edition
    t = ex.report
    blank = {f"t3.{rid}.{cid}": v is None for rid, row in t.t3.items() for cid, v in zip(T3_COLUMN_IDS, row, strict=False)}
    blank.update({f"t4.{cid}": v is None for cid, v in (t.t4 or {}).items()})
    for rule, x, refs in sum_bindings(ex.report, previous):
        own = [r for r in refs if not r.startswith("prev.")]
        lost = [r for r in own if r in unread]
        if lost:
            unchecked.append(_unchecked(rule.id, rule.title, x, lost, e))
        elif rule.id.startswith(BLANK_SIDE_RULES) and not rule.cross_year and any(blank.get(r, False) for r in own):
            f = _blank_side(rule, x, ex)
            if f is not None:
                findings.append(f)
    for f in check(ex.report, previous, external=True):
        lost = [c for c in f.cells if c in unread]
        if f.rule == "CELL_BLANK":
            kept = [c for c in f.cells if c not in unread]
            if not kept:
                continue
            if len(kept) != len(f.cells):
                f = Finding(f.rule, f.severity,
                            f"有{len(kept)}个单元格为空白（计算时按0处理），按格式要求应填写0："
                            + "、".join(cell_label(e, b) for b in kept[:5]) + ("等。" if len(kept) > 5 else "。"),
                            tuple(kept), f.expected, f.actual, f.quote)
        elif lost and f.rule.startswith(VALUE_RULES):
            if f.rule == "TEXT_MATCHES_TABLES":
                unchecked.append({**_unchecked(f.rule, "正文数字与表格一致", "", lost, e), "quote": f.quote})
            continue  # sum rules: already listed from their bindings
        findings.append(f)
    return findings, _dedupe(unchecked)


BLANK_SIDE_RULES = ("T3_BALANCE", "T3_ROW_TOTAL", "T3_RESULT_SUM", "T4_GROUP_TOTAL")


def _blank_side(rule: Any, x: str, ex: Extraction) -> Finding | None:
    """A sum whose one side is printed all blank while the other is not zero (总计 left blank beside its parts).

    The rule engine passes over a side that is all blank (a table not reported says nothing); here every cell
    was read with confidence, the blank was printed, and the printed numbers break the rule: an error."""
    from gongkai.law.rules import _expand, cell_label

    e = ex.report.edition
    sides = []
    for tpls in (rule.actual, rule.expected):
        terms = [t for tpl in tpls for t in _expand(e, tpl, x)]
        sides.append([(sign, ref, ex.report.cell(ref)) for sign, ref in terms])
    if not any(all(v is None for _, _, v in side) for side in sides):
        return None
    for blank, other in ((sides[0], sides[1]), (sides[1], sides[0])):
        if all(v is None for _, _, v in blank) and any(v is not None for _, _, v in other):
            total = sum(sign * (v or 0) for sign, _, v in other)
            if total != 0:
                names = "、".join(cell_label(e, ref) for _, ref, _ in blank[:2]) + ("等" if len(blank) > 2 else "")
                return Finding(rule.id, rule.severity,
                               f"{rule.title}。{names}为空白，而另一方之和为{total:g}。",
                               tuple(ref for side in sides for _, ref, _ in side), total, None)
    return None


def _unchecked(rule: str, title: str, x: str, lost: list[str], e: Any) -> dict[str, Any]:
    from gongkai.law.rules import cell_label

    names = "、".join(cell_label(e, r) for r in lost[:3]) + ("等" if len(lost) > 3 else "")
    return {"rule": rule, "binding": x, "cells": lost,
            "message": f"无法核对：{title}" + (f"（{x}）" if x else "") + f"——{names}未能读取。"}


def _dedupe(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[str, str, str]] = set()
    out = []
    for it in items:
        key = (it["rule"], it["binding"], it.get("quote") or "")
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


def audit_bytes(data: bytes, name: str = "", previous: Report | None = None) -> AuditResult:
    import time

    t0 = time.perf_counter()
    try:
        ex = extract(data, name)
    except ReadError as e:
        return AuditResult(name, error=str(e), seconds=time.perf_counter() - t0)
    except RecursionError:
        return AuditResult(name, error="文件结构嵌套过深，无法读取。", seconds=time.perf_counter() - t0)
    findings, unchecked = audit_checked(ex, previous)
    return AuditResult(name, ex, findings, seconds=time.perf_counter() - t0,
                       previous_file="--previous" if previous is not None else None, unchecked=unchecked)


CROSS_YEAR_RULES = ("XY_CARRY", "T2_2021_STOCK")


def link_years(results: list[AuditResult]) -> int:
    """Within a batch, check each report against the same agency's report for the year before.

    Adds the cross-year findings (carry-over) to reports whose predecessor is in the batch and that were
    not already checked against one. Returns how many reports were linked.
    """
    by_key = {}
    for res in results:
        r = res.report
        if r is not None and r.agency and r.year:
            by_key.setdefault((r.agency, r.year), res)
    linked = 0
    for res in results:
        r = res.report
        if r is None or not r.agency or not r.year or any(f.rule in CROSS_YEAR_RULES for f in res.findings):
            continue
        prev = by_key.get((r.agency, r.year - 1))
        if prev is None or prev.report is None:
            continue
        unread = set(res.extraction.unread if res.extraction else ()) | {
            "prev." + c for c in (prev.extraction.unread if prev.extraction else ())}
        for f in check(r, prev.report, external=True, only=CROSS_YEAR_RULES):
            if any(c in unread for c in f.cells):
                res.unchecked.append(_unchecked(f.rule, "跨年度核对", "", [c for c in f.cells if c in unread and not c.startswith("prev.")] or list(f.cells[:1]), r.edition))
            else:
                res.findings.append(f)
        res.previous_file = prev.file
        linked += 1
    return linked


# ---------------------------------------------------------------------------
# Inputs: files, folders, zip archives
# ---------------------------------------------------------------------------


@dataclass
class Input:
    name: str
    data: bytes | None = None
    error: str | None = None


def check_zip(z: zipfile.ZipFile, size: int) -> None:
    """Refuse zip bombs from the declared sizes, before anything is unpacked."""
    infos = z.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ReadError(f"压缩包内文件过多（{len(infos)}个，上限{MAX_ZIP_ENTRIES}个）。")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError(f"压缩包内文件“{info.filename}”已加密，无法读取。")
        if info.file_size > MAX_FILE_BYTES:
            raise ReadError(f"压缩包内文件“{info.filename}”过大（解压后{info.file_size // (1024 * 1024)} MB）。")
        if info.compress_size and info.file_size / info.compress_size > MAX_ZIP_RATIO and info.file_size > 1024 * 1024:
            raise ReadError(f"压缩包内文件“{info.filename}”压缩比异常（{info.file_size // max(info.compress_size, 1)}倍），疑似压缩炸弹，已拒绝。")
        total += info.file_size
    if total > MAX_ZIP_TOTAL:
        raise ReadError(f"压缩包解压后总大小过大（{total // (1024 * 1024)} MB，上限{MAX_ZIP_TOTAL // (1024 * 1024)} MB）。")


def iter_zip(data: bytes, name: str, depth: int = 0) -> Iterator[Input]:
    try:
        z = zipfile.ZipFile(BytesIO(data))
    except Exception:  # noqa: BLE001 - a damaged directory raises more than BadZipFile
        yield Input(name, error="压缩包损坏，无法打开。")
        return
    with z:
        try:
            check_zip(z, len(data))
        except ReadError as e:
            yield Input(name, error=str(e))
            return
        for info in z.infolist():
            if _skip(info.filename) or info.is_dir():  # is_dir() fails on an empty name
                continue
            inner = f"{name}!{_zip_name(info)}"
            try:
                with z.open(info) as fh:
                    blob = fh.read(MAX_FILE_BYTES + 1)
            except NotImplementedError:
                yield Input(inner, error="压缩包内文件使用了不支持的压缩方式，无法解压。")
                continue
            except Exception:  # noqa: BLE001 - damaged data raises zlib.error, struct.error, EOFError, ...
                yield Input(inner, error="压缩包内文件已损坏，无法解压。")
                continue
            if len(blob) > MAX_FILE_BYTES:
                yield Input(inner, error="压缩包内文件过大。")
                continue
            if blob[:4] == b"PK\x03\x04" and not info.filename.lower().endswith(".docx"):
                try:
                    kind = sniff(info.filename, blob)
                except ReadError:
                    kind = "bad"
                if kind == "zip":
                    if depth + 1 >= MAX_ZIP_DEPTH:
                        yield Input(inner, error="压缩包嵌套过深，已拒绝。")
                    else:
                        yield from iter_zip(blob, inner, depth + 1)
                    continue
            yield Input(inner, blob)


def _zip_name(info: zipfile.ZipInfo) -> str:
    """Entry names from Chinese Windows archives are GBK without the UTF-8 flag: show them readably."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _skip(filename: str) -> bool:
    base = os.path.basename(filename)
    return (not base) or base.startswith(".") or "__MACOSX" in filename or base.lower() in ("thumbs.db", "desktop.ini")


def iter_inputs(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Input]:
    for p in paths:
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and not _skip(str(f.relative_to(path))))
            for f in files:
                if f.suffix.lower() in EXTENSIONS or f.suffix.lower() in UNSUPPORTED or f.suffix == "":
                    yield from _one_file(f)
            continue
        yield from _one_file(path)


def _one_file(path: Path) -> Iterator[Input]:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError:
        yield Input(name, error="文件不存在或无法访问。")
        return
    if size > MAX_FILE_BYTES and path.suffix.lower() != ".zip":
        yield Input(name, error=f"文件过大（{size // (1024 * 1024)} MB），上限为 {MAX_FILE_BYTES // (1024 * 1024)} MB。")
        return
    if path.suffix.lower() == ".zip" or _is_zip_not_docx(path):
        try:
            with zipfile.ZipFile(path) as z:
                check_zip(z, size)
        except ReadError as e:
            yield Input(name, error=str(e))
            return
        except (zipfile.BadZipFile, OSError, ValueError):
            yield Input(name, error="压缩包损坏，无法打开。")
            return
        if size > MAX_ZIP_TOTAL:
            yield Input(name, error="压缩包过大。")
            return
        yield from iter_zip(path.read_bytes(), name)
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        yield Input(name, error=f"无法读取文件：{e.strerror}")
        return
    yield Input(name, data)


def _is_zip_not_docx(path: Path) -> bool:
    if path.suffix.lower() == ".docx":
        return False
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError:
        return False
    if head != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(path) as z:
            return "word/document.xml" not in z.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False


def load_previous(path: str | os.PathLike[str]) -> Report:
    """Last year's report: an interchange JSON file or any report the auditor reads."""
    p = Path(path)
    data = p.read_bytes()
    if p.suffix.lower() == ".json":
        return Report.from_json(data.decode("utf-8"))
    return extract(data, p.name).report
