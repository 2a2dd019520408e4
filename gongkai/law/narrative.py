"""Numbers and percentages in the narrative checked against the tables (rule TEXT_MATCHES_TABLES).

Owned by the auditor work (issue 6); the report workspace uses the same functions.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongkai.law.report import Report
    from gongkai.law.rules import Finding, Severity


def check(report: Report, severity: Severity) -> Iterator[Finding]:
    """Findings for figures in sections s1-s6 that disagree with the table cells they name."""
    return iter(())
