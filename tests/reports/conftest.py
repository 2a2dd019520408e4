from __future__ import annotations

import copy
from pathlib import Path

import pytest

from gongkai.law.report import Report

DATA = Path(__file__).resolve().parent.parent / "data"
SEED_JSON = DATA / "seed-2019.json"


def load_seed() -> Report:
    return Report.from_json(SEED_JSON.read_text(encoding="utf-8"))


@pytest.fixture
def seed() -> Report:
    return copy.deepcopy(load_seed())
