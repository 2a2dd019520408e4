"""The one convention that lets ``bench/run`` collect figures: every headline figure of a benchmark is also
printed as a machine-readable line ``RESULT {json}`` (one per figure), next to the human-readable output.

    from benchlib import result
    result("load_apply", "sqlite", "submissions/s", 41.2, target=">= 10", ok=True)
"""

from __future__ import annotations

import json
import math
from typing import Any


def result(bench: str, engine: str, metric: str, value: Any, *, unit: str = "", target: str = "",
           ok: bool | None = None, **extra: Any) -> None:
    """Print one figure as ``RESULT {...}``. ``ok`` is None where the figure has no target."""
    if isinstance(value, float) and math.isfinite(value):
        value = round(value, 3)
    row = {"bench": bench, "engine": engine, "metric": metric, "value": value, "unit": unit, "target": target,
           "ok": ok, **extra}
    print("RESULT " + json.dumps(row, ensure_ascii=False, default=str), flush=True)
