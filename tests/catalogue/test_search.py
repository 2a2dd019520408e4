"""Chinese full-text search: two-character words, phrases, one character, ranking, highlight, filters.

Runs on whichever database DATABASE_URL selects; run it on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from gongkai.catalogue import tokens
from gongkai.catalogue.search import Filters, search


def test_tokenizer() -> None:
    assert tokens.document_tokens("土地规划") == ["土地", "地规", "规划", "划"]
    assert tokens.document_tokens("沪规划资源规〔２０１９〕3号 ABC") == [
        "沪规", "规划", "划资", "资源", "源规", "规", "2019", "3", "号", "abc"]
    q = tokens.parse_query('规划 "土地出让" 罚 2019')
    assert q.fts5() == '{title number summary body} : ("规划" AND "土地 地出 出让" AND "罚"* AND "2019")'
    assert q.tsquery(["xa1"]) == "('规划':ABC) & ('土地':ABC <-> '地出':ABC <-> '出让':ABC) & '罚':*ABC & ('2019':ABC) & 'xa1':D"
    assert tokens.facet_tokens(agency_id=3, kind="other_services", item="a20_5", year=2019, validity="valid") == [
        "xa3", "xkotherservices", "xia20x5", "xy2019", "xvvalid"]
    assert not tokens.parse_query("！！ ，")


def test_facet_tokens_are_not_matched_by_user_terms(make_item: Any, cast: Any) -> None:
    make_item(title="宝山区土地利用总体规划")
    assert search(f"xa{cast.planning.pk}").total == 0 and search("xkplan").total == 0


@pytest.fixture
def corpus(make_item: Any, cast: Any) -> dict[str, Any]:
    return {
        "plan": make_item(title="宝山区罗店镇控制性详细规划", summary="罗店镇控规局部调整。", kind="plan"),
        "land": make_item(title="国有建设用地使用权出让结果公示", summary="大场镇地块土地出让结果。", kind="other_services",
                          body="经公开挂牌，该地块土地出让价款已缴清。"),
        "landplan": make_item(title="土地利用总体规划", summary="全区土地利用规划。", kind="plan",
                              published_on=dt.date(2026, 6, 15)),
        "penalty": make_item(title="关于某公司违法占用土地案的行政处罚决定书", kind="penalty",
                             doc_number="宝自然资源罚〔2026〕7号", summary="责令退还非法占用的土地，并处罚款。"),
        "split": make_item(title="规范临时用地管理的通知", summary="规定地块用途", kind="normative"),
        "transport": make_item(title="宝山区综合交通专项规划", summary="交通与土地利用协调。", kind="plan", agency=cast.transport),
    }


def titles(q: str, **f: Any) -> list[str]:
    return [h.item.title for h in search(q, Filters(**f)).hits]


def test_two_character_words(corpus: dict[str, Any]) -> None:
    assert set(titles("规划")) == {"宝山区罗店镇控制性详细规划", "土地利用总体规划", "宝山区综合交通专项规划"}
    assert set(titles("土地")) == {"国有建设用地使用权出让结果公示", "土地利用总体规划", "关于某公司违法占用土地案的行政处罚决定书",
                                 "宝山区综合交通专项规划"}
    assert titles("高铁") == []


def test_phrases_need_adjacency(corpus: dict[str, Any]) -> None:
    # "土地规划" does not occur as such: 土地利用总体规划 has both words, but not adjacent.
    assert titles('"土地规划"') == []
    assert titles("土地规划") == []
    assert titles("土地利用") == ["土地利用总体规划", "宝山区综合交通专项规划"] or set(titles("土地利用")) == {
        "土地利用总体规划", "宝山区综合交通专项规划"}
    # several words: all must occur, anywhere
    assert set(titles("土地 规划")) == {"土地利用总体规划", "宝山区综合交通专项规划"}
    assert titles("规定地块") == ["规范临时用地管理的通知"]
    # 规划 is not in "规定地块用途" nor in "规范临时": bigrams do not leak across words
    assert "规范临时用地管理的通知" not in titles("规划")


def test_single_character_and_document_number(corpus: dict[str, Any]) -> None:
    assert titles("罚") == ["关于某公司违法占用土地案的行政处罚决定书"]
    assert "宝山区罗店镇控制性详细规划" in titles("划")  # last character of a run
    assert titles("罚〔2026〕7号") == ["关于某公司违法占用土地案的行政处罚决定书"]


def test_ranking_title_before_body(corpus: dict[str, Any]) -> None:
    hits = titles("土地出让")
    assert hits == ["国有建设用地使用权出让结果公示"] or hits[0] == "国有建设用地使用权出让结果公示"
    ranked = titles("土地")
    # a title match ranks before a match in the summary only
    assert ranked.index("土地利用总体规划") < ranked.index("宝山区综合交通专项规划")


def test_highlight(corpus: dict[str, Any]) -> None:
    hit = search("规划").hits[0]
    assert "<mark>规划</mark>" in hit.title
    hit = search("土地出让").hits[0]
    assert "<mark>土地出让</mark>" in hit.snippet
    esc = search('"<script>"')
    assert esc.total == 0


def test_filters(corpus: dict[str, Any], cast: Any) -> None:
    assert titles("规划", agency_id=cast.transport.pk) == ["宝山区综合交通专项规划"]
    assert set(titles("土地", kind="plan")) == {"土地利用总体规划", "宝山区综合交通专项规划"}
    assert titles("土地", proactive_item="a20_6") == ["关于某公司违法占用土地案的行政处罚决定书"]
    assert set(titles("规划", year=2026)) == {"宝山区罗店镇控制性详细规划", "土地利用总体规划", "宝山区综合交通专项规划"}
    assert titles("规划", year=2025) == []
    assert titles("规划", validity="repealed") == []


def test_validity_filter_and_reindex(corpus: dict[str, Any], cast: Any, now: Any) -> None:
    from gongkai.catalogue import actions

    actions.change_validity(item=corpus["split"], actor=cast.clerk, now=now, validity="repealed", on=dt.date(2026, 6, 14))
    assert titles("临时用地", validity="repealed") == ["规范临时用地管理的通知"]
    assert titles("临时用地", validity="valid") == []


def test_search_page(client: Any, corpus: dict[str, Any], cast: Any) -> None:
    body = client.get("/search/?q=规划&kind=plan").content.decode()
    assert "找到 3 条结果" in body and "<mark>规划</mark>" in body
    body = client.get("/search/?q=规划&year=abc&agency=x&kind=bogus").content.decode()
    assert "找到 3 条结果" in body  # bad filter values are ignored, never a 500
    assert client.get("/search/").status_code == 200


def test_pagination(make_item: Any) -> None:
    for i in range(25):
        make_item(title=f"第{i}号土地出让公告")
    page1, page2 = search("土地出让", page=1), search("土地出让", page=2)
    assert page1.total == 25 and len(page1.hits) == 20 and len(page2.hits) == 5
    assert not {h.item.pk for h in page1.hits} & {h.item.pk for h in page2.hits}


@pytest.mark.parametrize(
    ("fields", "q", "expected"),
    [
        ({"title": "土地利用总体规划"}, "土地", 10.0),
        ({"number": "宝规土地〔2026〕1号"}, "土地", 5.0),
        ({"summary": "交通与土地利用协调"}, "土地", 2.0),
        ({}, "土地", 0.0),  # a body-only match: every candidate matched somewhere
        ({"title": "土地土地土地土地土地"}, "土地", 30.0),  # saturated at three occurrences
        ({"title": "土地利用规划", "summary": "土地"}, "土地 规划", 10.0 + 10.0 + 2.0),
        ({"title": "土地利用总体规划"}, "土地规划", 0.0),  # a phrase counts only where it is adjacent
        ({"title": "罗店镇规划"}, "罗", 10.0),  # one character: a prefix of some token
    ],
)
def test_score_is_field_weighted(fields: dict[str, str], q: str, expected: float) -> None:
    from gongkai.catalogue.search import score
    from gongkai.catalogue.tokens import document_text, parse_query

    entry = {k: document_text(v) for k, v in fields.items()}
    assert score(entry, parse_query(q)) == expected


def test_score_counts_adjacent_occurrences() -> None:
    from gongkai.catalogue.search import score
    from gongkai.catalogue.tokens import parse_query

    assert score({"title": "gis gis"}, parse_query("gis")) == 20.0
    assert score({"title": "规划 划 规划 划"}, parse_query("规划")) == 20.0
