import json
from pathlib import Path

import pytest

CORPUS = Path(__file__).parent / "corpus"
SEED = CORPUS / "000_d700c24dbd5bf299.txt"


def seed_truth_tables() -> dict:
    """The seed's truth file in the interchange format (t3 rows in edition order, t4 by column id)."""
    from gongkai.law.editions import GB2019, T4_COLUMN_IDS

    truth = json.loads((CORPUS / "000_d700c24dbd5bf299.truth.json").read_text(encoding="utf-8"))
    t3 = dict(zip(GB2019.t3_row_ids, truth["table3"].values(), strict=True))
    t4 = dict(zip(T4_COLUMN_IDS, truth["table4"], strict=True))
    return {"t3": t3, "t4": t4, "truth": truth}


@pytest.fixture
def seed_bytes() -> bytes:
    return SEED.read_bytes()


@pytest.fixture
def seed_truth() -> dict:
    return seed_truth_tables()
