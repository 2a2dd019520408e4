"""Table 二 from the catalogue: the demo agency's 2019 table equals the seed report's."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.catalogue import actions
from gongkai.catalogue.reporting import compute_t2
from gongkai.law.editions import GB2019, GB2021
from tests.law.seed_tables import T2 as SEED_T2

from .conftest import NOW


@pytest.fixture
def demo(cast: Any) -> Any:
    from gongkai.agencies.demo import DemoContext
    from gongkai.agencies.demo import load as load_agencies
    from gongkai.catalogue.demo import load

    ctx = DemoContext()
    load_agencies(ctx)
    load(ctx)
    return ctx


def test_demo_2019_table_two_equals_the_seed(demo: Any) -> None:
    t2 = compute_t2([demo.agencies["planning"].pk], 2019, GB2019)
    assert t2 == SEED_T2


def test_demo_is_idempotent_and_has_every_state(demo: Any) -> None:
    from gongkai.catalogue.demo import load
    from gongkai.catalogue.models import CatalogueItem, IndexCounter, T2Figure

    before = (CatalogueItem.objects.count(), T2Figure.objects.count(), list(IndexCounter.objects.values_list("last")))
    load(demo)
    after = (CatalogueItem.objects.count(), T2Figure.objects.count(), list(IndexCounter.objects.values_list("last")))
    assert before == after
    planning = CatalogueItem.objects.filter(agency=demo.agencies["planning"])
    states = set(planning.values_list("state", flat=True))
    assert states == {"draft", "proposed", "reviewed", "signed", "published"}
    assert planning.filter(late=True).exists()
    assert planning.filter(state="signed").exclude(attribute="proactive").exists()


def test_compute_from_actions_both_editions(cast: Any, make_item: Any) -> None:
    p = cast.planning.pk
    make_item(kind="normative", title="规范性文件一", formed_on=dt.date(2021, 3, 1), published_on=dt.date(2021, 3, 5))
    old = make_item(kind="normative", title="规范性文件二", formed_on=dt.date(2020, 3, 1), published_on=dt.date(2020, 3, 5))
    actions.change_validity(item=old, actor=cast.clerk, now=NOW, validity="repealed", on=dt.date(2021, 7, 1))
    for d in (dt.date(2021, 4, 1), dt.date(2021, 5, 1)):
        make_item(kind="license", title="建设工程规划许可证", formed_on=d, published_on=d)
    make_item(kind="license", title="建设工程规划许可证", formed_on=dt.date(2020, 4, 1), published_on=dt.date(2020, 4, 2))
    make_item(kind="penalty", title="行政处罚决定书", formed_on=dt.date(2021, 4, 1), published_on=dt.date(2021, 4, 2))
    make_item(state="signed", attribute="withheld", kind="penalty", title="不公开的处罚", formed_on=dt.date(2021, 4, 1))
    actions.set_t2_figure(agency=cast.planning, actor=cast.clerk, now=NOW, year=2021, subtable="t2_a20_8", row="fees",
                          column="amount", value="12500.5", source="财务系统")
    t21 = compute_t2([p], 2021, GB2021)
    assert t21["t2_a20_1"]["normative"] == {"issued": 1, "repealed": 1, "valid": 1}
    assert t21["t2_a20_5"]["license"] == {"decisions": 2}
    assert t21["t2_a20_6"] == {"penalty": {"decisions": 1}, "coercion": {"decisions": 0}}
    assert t21["t2_a20_8"]["fees"] == {"amount": 12500.5}
    t20 = compute_t2([p], 2020, GB2019)
    assert t20["t2_a20_1"]["normative"] == {"made": 1, "published": 1, "total_public": 1}
    assert t20["t2_a20_5"]["license"] == {"prev_items": 0, "delta": 1, "decisions": 1}
    assert t20["t2_a20_9"]["procurement"] == {"projects": 0, "amount": None}
    # several agencies: the sum of the agencies' cells
    make_item(agency=cast.transport, kind="license", title="许可", formed_on=dt.date(2021, 4, 1), published_on=dt.date(2021, 4, 2))
    assert compute_t2([p, cast.transport.pk], 2021, GB2021)["t2_a20_5"]["license"] == {"decisions": 3}
