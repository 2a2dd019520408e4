from __future__ import annotations

from typing import Any

from django.core.management import call_command

from gongkai.catalogue.models import SearchEntry
from gongkai.catalogue.search import search


def test_reindex_rebuilds_only_public(make_item: Any) -> None:
    make_item(title="宝山区土地利用总体规划")
    make_item(state="signed", attribute="withheld", title="不公开的土地请示")
    SearchEntry.objects.all().delete()
    assert search("土地").total == 0
    call_command("reindex_catalogue")
    assert [h.item.title for h in search("土地").hits] == ["宝山区土地利用总体规划"]
