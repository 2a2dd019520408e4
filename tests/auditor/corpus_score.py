"""Scoring of one audited report against its hand-typed truth file (tests/auditor/corpus/{real,derived,heldout}).

A truth cell is exact when the auditor read it with confidence and its value equals the truth (a printed
blank is null on both sides); a cell the auditor did not read is never exact, whatever the truth holds.
Known inconsistencies (the rule violations the printed numbers really contain) are matched to the
auditor's error findings by rule and, where the truth names them, by row and column; an error finding on
the table values that matches no known inconsistency is a false error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.law.editions import T3_COLUMNS, T4_GROUPS

CORPUS = Path(__file__).parent / "corpus"
KINDS_DIRS = ("real", "derived", "heldout")
LEGACY_REAL = (("01-shuyang-drc-2023", "html"), ("02-huaian-gov-2024", "pdf"))
COLUMN_BY_LABEL = {c.label: c.id for c in T3_COLUMNS}
# findings about the table values (the ones a wrong reading would cause)
VALUE_ERROR_RULES = ("T3_", "T4_", "CELL_INT_NONNEG", "TEXT_MATCHES_TABLES")


@dataclass
class Entry:
    id: str
    source: Path
    truth: dict[str, Any]
    kind: str
    set: str  # real | derived | heldout


def entries(which: str) -> list[Entry]:
    folder = CORPUS / which
    manifest = folder / "manifest.tsv"
    kinds: dict[str, str] = {}
    if manifest.exists():
        lines = manifest.read_text(encoding="utf-8").splitlines()
        head = lines[0].split("\t") if lines else []
        for line in lines[1:]:
            row = dict(zip(head, line.split("\t"), strict=False))
            kinds[row.get("id", "")] = row.get("kind", "")
    out = []
    if which == "real":
        # the project's first real reports, at the top of the corpus with their answer files
        for rid, kind in LEGACY_REAL:
            src = [p for p in CORPUS.glob(rid + ".*") if not p.name.endswith(".json")]
            if src and (CORPUS / f"{rid}.json").exists():
                out.append(Entry(rid, src[0], json.loads((CORPUS / f"{rid}.json").read_text(encoding="utf-8")), kind, which))
    for t in sorted(folder.glob("*.truth.json")):
        rid = t.name[: -len(".truth.json")]
        src = [p for p in folder.glob(rid + ".*") if not p.name.endswith(".json")]
        if not src:
            continue
        out.append(Entry(rid, src[0], json.loads(t.read_text(encoding="utf-8")), kinds.get(rid) or src[0].suffix[1:], which))
    return out


def truth_cells(truth: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    tables = truth.get("tables", {})
    for rid, vals in (tables.get("t3") or {}).items():
        for c, v in zip(T3_COLUMNS, vals, strict=False):
            out[f"t3.{rid}.{c.id}"] = v
    for cid, v in (tables.get("t4") or {}).items():
        out[f"t4.{cid}"] = v
    for sub, rows in (tables.get("t2") or {}).items():
        for rid, cols in rows.items():
            for cid, v in cols.items():
                out[f"t2.{sub}.{rid}.{cid}"] = v
    return out


def got_cells(res: Any) -> dict[str, Any]:
    """The cells the auditor read with confidence, by reference (unread cells are absent)."""
    if res.extraction is None:
        return {}
    ex = res.extraction
    unread = set(ex.unread)
    tables = ex.report.to_dict()["tables"]
    flat = truth_cells({"tables": tables})
    return {k: v for k, v in flat.items() if k not in unread}


def _same(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    try:
        return abs(float(a) - float(b)) < 1e-6
    except (TypeError, ValueError):
        return a == b


def _binding(k: dict[str, Any]) -> str | None:
    """The cell a known inconsistency is about, in the form of the first cell of the auditor's finding."""
    where = k.get("where", "")
    rule = k.get("rule", "")
    col = next((cid for label, cid in sorted(COLUMN_BY_LABEL.items(), key=lambda x: -len(x[0])) if f"col {label}" in where), None)
    row = re.search(r"\b(r\d[\w]*)\b", where)
    if rule == "T3_ROW_TOTAL" and row:
        return f"t3.{row.group(1)}.total"
    if rule == "T3_BALANCE" and col:
        return f"t3.r1_new.{col}"
    if rule.startswith("T3_RESULT_SUM") and col:
        return f"t3.r3_7_total.{col}"
    if rule == "T4_GROUP_TOTAL":
        for gid, label, _ in reversed(T4_GROUPS):
            if label in where:
                return f"t4.{gid}_total"
        m = re.search(r"\b(rv|ld|la)_", where)
        if m:
            return f"t4.{m.group(1)}_total"
    return None


def _counted(f: Any, truth: dict[str, Any]) -> bool:
    """An error finding that a wrong reading could cause: the table rules, and the year's format when the
    truth's report does use the format of its year (a report in the other format really breaks that rule)."""
    if f.rule.startswith(VALUE_ERROR_RULES):
        return True
    if f.rule == "FORMAT_BY_YEAR":
        from gongkai.law.editions import edition_for_year

        try:
            return edition_for_year(int(truth.get("year") or 0)).id == truth.get("edition")
        except ValueError:
            return True
    return False


@dataclass
class Score:
    t3_found: bool = False
    cells: int = 0
    exact: int = 0
    known: int = 0
    known_found: int = 0
    false_errors: list[str] = field(default_factory=list)
    read: int = 0
    expected: int = 0
    diffs: list[str] = field(default_factory=list)  # per-cell differences (never shown for held-out reports)
    error: str | None = None


def score(res: Any, truth: dict[str, Any]) -> Score:
    s = Score()
    want = truth_cells(truth)
    s.cells = len(want)
    s.known = len(truth.get("known_inconsistencies") or [])
    if res.extraction is None:
        s.error = res.error
        s.diffs.append(f"not read: {res.error}")
        return s
    s.read, s.expected = res.coverage
    got = got_cells(res)
    if res.extraction.report.edition.id == "2021" and any(k.startswith("t3.r3_6.") for k in want):
        # a hybrid (2021 report, 2019-style single （六）其他处理 row): the truth files type it under r3_6 and
        # the edition of the table 三 layout; the auditor reads it by the year, the single row under 3.其他 (the
        # same printed cells). Compare the printed cells; the edition difference is still listed below.
        want = {(k.replace("t3.r3_6.", "t3.r3_6_3.") if k.startswith("t3.r3_6.") else k): v for k, v in want.items()}
    all_vals = truth_cells({"tables": res.extraction.report.to_dict()["tables"]})
    s.t3_found = any(k.startswith("t3.") for k in got)
    for k, v in want.items():
        if k in got and _same(got[k], v):
            s.exact += 1
        else:
            shown = ("未能读取" + (f"(shown {all_vals.get(k)!r})" if all_vals.get(k) is not None else "")) if k not in got else repr(got[k])
            s.diffs.append(f"{k}: truth {v!r}, read {shown}")
    if res.extraction.report.edition.id != truth.get("edition"):
        s.diffs.insert(0, f"edition: truth {truth.get('edition')}, read {res.extraction.report.edition.id}")
    errors = [f for f in res.findings if f.severity.value == "error" and _counted(f, truth)]
    r = res.extraction.report
    if (r.agency, r.year) != (truth.get("agency"), truth.get("year")):
        s.diffs.insert(0, f"agency/year: truth {truth.get('agency')} {truth.get('year')}, read {r.agency} {r.year}")
    warnings = [f for f in res.findings if f.rule == "TEXT_MATCHES_TABLES"]
    used: set[int] = set()
    for k in truth.get("known_inconsistencies") or []:
        rule = k.get("rule", "")
        pool = warnings if rule == "TEXT_MATCHES_TABLES" else errors
        cell = _binding(k)
        for f in pool:
            if id(f) in used or not f.rule.startswith(rule.rstrip("_")):
                continue
            if cell is not None and (not f.cells or f.cells[0] != cell):
                continue
            used.add(id(f))
            s.known_found += 1
            break
        else:
            s.diffs.append(f"known inconsistency not found: {rule} {k.get('where')}")
    for f in errors:
        if id(f) not in used:
            s.false_errors.append(f"{f.rule} {f.cells[0] if f.cells else ''}: {f.message[:80]}")
    s.diffs += [f"false error: {e}" for e in s.false_errors]
    return s


def audit_and_check(entry: Entry) -> Score:
    """Audit one corpus entry and assert what every entry must meet: it is read, no cell read with confidence
    differs from its truth (an unread cell is 未能读取, never a guess), no false error, table 三 found."""
    from gongkai.auditor.audit import audit_bytes

    res = audit_bytes(entry.source.read_bytes(), entry.source.name)
    assert res.error is None, res.error
    s = score(res, entry.truth)
    wrong = [d for d in s.diffs if d.startswith(("t2.", "t3.", "t4.")) and ", read 未能读取" not in d]
    assert not wrong, f"{entry.id}: cells read with confidence but wrong:\n" + "\n".join(wrong)
    assert not s.false_errors, f"{entry.id}: false errors:\n" + "\n".join(s.false_errors)
    assert s.t3_found, f"{entry.id}: table 三 not found"
    return s
