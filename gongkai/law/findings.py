"""A finding of the consistency rules: which rule, how serious, the message, the cells, expected and actual."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def label(self) -> str:
        return "错误" if self is Severity.ERROR else "提示"


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: Severity
    message: str
    cells: tuple[str, ...] = ()
    expected: Any = None
    actual: Any = None
    quote: str | None = None  # the sentence of the narrative the finding is about

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity.value,
            "message": self.message,
            "cells": list(self.cells),
            "expected": self.expected,
            "actual": self.actual,
        }
        if self.quote is not None:
            d["quote"] = self.quote
        return d
