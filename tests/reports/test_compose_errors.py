"""A register that fails surfaces: table 三 is never shown blank because its computation broke."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import DatabaseError

from gongkai.law.editions import GB2021
from gongkai.reports import compose


def test_a_failing_register_raises_instead_of_a_blank_table(cast: Any, monkeypatch: Any) -> None:
    def broken(agency_ids: Any, year: int, edition: Any) -> Any:
        raise DatabaseError("relation applications_application does not exist")

    monkeypatch.setitem(compose.SOURCES, "t3", (broken, compose.SOURCES["t3"][1]))
    with pytest.raises(DatabaseError):
        compose.compose_tables([cast.planning.pk], 2025, GB2021)


def test_the_registers_are_imported_plainly() -> None:
    from gongkai.appeals.reporting import compute_t4
    from gongkai.applications.reporting import compute_t3
    from gongkai.catalogue.reporting import compute_t2

    assert [fn for fn, _ in compose.SOURCES.values()] == [compute_t2, compute_t3, compute_t4]
