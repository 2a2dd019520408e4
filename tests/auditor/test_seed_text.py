"""The seed report (plain text copied from Word): every cell, the four narrative findings, no false error."""

import json

from django.core.management import call_command

from gongkai.auditor.audit import audit_bytes
from gongkai.law.report import wan_to_yuan
from gongkai.law.rules import Severity

from .conftest import SEED


def test_seed_tables_exact(seed_bytes, seed_truth):
    res = audit_bytes(seed_bytes, SEED.name)
    assert res.error is None
    r = res.report
    assert (r.edition.id, r.agency, r.year) == ("2019", "宝山区规划和自然资源局", 2019)
    assert r.t3 == seed_truth["t3"]
    assert r.t4 == seed_truth["t4"]
    # table 二 against the truth file, row by row (money printed in 万 -> 元)
    flat = []
    for sub in r.edition.t2:
        for row in sub.rows:
            flat.append([r.t2[sub.id][row.id][c.id] for c in sub.columns])
    truth_rows = [
        [wan_to_yuan(v[:-1]) if isinstance(v, str) else v for v in item["values"]]
        for item in seed_truth["truth"]["table2"]
    ]
    assert flat == truth_rows
    assert res.extraction.missing == []
    assert res.extraction.ambiguous == {}


def test_seed_provenance_points_at_the_source_lines(seed_bytes):
    res = audit_bytes(seed_bytes, SEED.name)
    lines = seed_bytes.decode("utf-8").split("\n")
    prov = res.extraction.provenance
    # every cell has a provenance, and the line it names holds the printed value
    assert len(prov) == len(res.report.edition.t3_row_ids) * 7 + 15 + 22
    p = prov["t3.r3_4_1.total"]
    assert lines[p.loc["line"] - 1].strip() == "65" and p.confidence == 1.0
    p = prov["t2.t2_a20_9.procurement.amount"]
    assert p.raw.strip() == "253.2358万"


def test_seed_exactly_the_four_narrative_findings(seed_bytes):
    res = audit_bytes(seed_bytes, SEED.name)
    assert not res.has_error
    assert all(f.rule == "TEXT_MATCHES_TABLES" for f in res.findings), [f.message for f in res.findings]
    by = sorted((f.expected, f.actual) for f in res.findings)
    assert by == sorted([(97, 95), (347, 345), (1.2, 2.0), (27.4, 28.0)])
    for f in res.findings:
        assert f.severity is Severity.WARNING
        assert "347件" in f.quote and "无法提供" in f.quote


def test_cli_json_gives_tables_and_findings(seed_truth, capsys):
    try:
        call_command("audit", str(SEED), "--json")
        code = 0
    except SystemExit as e:
        code = e.code
    assert code == 0
    line = capsys.readouterr().out.strip().splitlines()
    assert len(line) == 1
    obj = json.loads(line[0])
    assert obj["edition"] == "2019" and obj["year"] == 2019 and obj["agency"] == "宝山区规划和自然资源局"
    assert obj["tables"]["t3"] == seed_truth["t3"]
    assert obj["tables"]["t4"] == seed_truth["t4"]
    assert len(obj["findings"]) == 4
    assert set(obj["findings"][0]) >= {"rule", "severity", "message", "cells", "expected", "actual"}
