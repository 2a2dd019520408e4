"""Generate a large public catalogue for the search/list benchmark (issue 4).

    GONGKAI_HOME=/tmp/gk_bench .venv/bin/python bench/catalogue_generate.py --items 1000000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gk_bench .venv/bin/python bench/catalogue_generate.py

Creates 100 agencies (bench001..bench100) and N published 主动公开 items spread over them and over
2015-2026, with the search entries the actions would write (same tokenizer, same facets). Fast bulk
path: raw executemany (SQLite, FTS5 kept in sync by its triggers) or COPY (PostgreSQL, then the
tsvectors and the GIN index are built once). Prints the size and the time taken.

Vocabulary: common words (规划 ~40 %, 土地 ~30 %, 许可 ~25 %), phrases (建设工程规划许可证 ~8 %), and
rare words: 3,600 two-character place names ("X村"), each in roughly 1/3600 of the items.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from gongkai.agencies.models import Agency  # noqa: E402
from gongkai.catalogue import pagecache  # noqa: E402
from gongkai.catalogue.tokens import document_text, facet_tokens  # noqa: E402
from gongkai.law.proactive import KIND_BY_CODE  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchlib import result  # noqa: E402

RARE_CHARS = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥金木水火土石竹梅兰菊松柏桃李杏荷桂枫槐榆杨柳樟楠橡枣栗桑麻禾黍稷稻麦豆粟"
RARE_NAMES = [a + b for a in RARE_CHARS[:60] for b in RARE_CHARS[:60]][:3600]
TOWNS = ("罗店镇", "顾村镇", "大场镇", "杨行镇", "月浦镇", "罗泾镇", "庙行镇", "淞南镇", "高境镇", "吴淞街道")
PROJECTS = ("住宅项目", "商业办公楼", "学校新建工程", "社区文化中心", "养老院", "道路工程", "标准厂房", "公共绿地", "变电站", "停车库")
TEMPLATES = (
    ("license", 0.25, "{town}{rare}村{project}建设工程规划许可证", "沪规建（宝）{year}{n:05d}号",
     "经审查，同意核发{town}{project}建设工程规划许可证，用地性质符合控制性详细规划。",
     "根据城乡规划法，申请单位提交的{project}设计方案符合规划条件，同意核发许可证。"),
    ("other_services", 0.2, "{town}{rare}村地块国有建设用地使用权出让结果公示", "宝资源出〔{year}〕{n}号",
     "{town}地块土地出让结果公示，竞得人已签订出让合同。", "经公开挂牌出让，该地块土地出让价款已缴清，现予公示。"),
    ("plan", 0.15, "{town}{rare}村控制性详细规划局部调整", "",
     "{town}控制性详细规划局部调整，涉及地块用地性质和开发强度。", "规划范围内土地使用性质、开发强度和公共服务设施布局。"),
    ("penalty", 0.1, "关于{rare}村某公司违法占用土地案的行政处罚决定书", "宝资源罚〔{year}〕{n}号",
     "当事人违法占用土地，责令退还并处罚款。", "依据土地管理法，决定给予行政处罚，责令限期改正。"),
    ("budget", 0.1, "{year}年部门预算公开说明（{rare}）", "",
     "部门预算收支总表和财政拨款收支总表。", "本部门预算包括一般公共预算和政府性基金预算，三公经费预算说明。"),
    ("inspection", 0.1, "{town}{rare}村安全生产监督检查情况", "",
     "对{town}建筑工地开展安全生产监督检查。", "检查发现问题已责令整改，整改情况将向社会公开。"),
    ("normative", 0.1, "关于加强{town}{rare}村土地储备管理的通知", "宝规资规〔{year}〕{n}号",
     "规范土地储备和前期开发管理。", "各有关单位应当按照规划要求做好土地储备，本通知自印发之日起施行。"),
)


def ensure_agencies(n: int) -> list[Agency]:
    out = []
    for i in range(1, n + 1):
        a, _ = Agency.objects.get_or_create(
            code=f"BENCH{i:03d}",
            defaults={"name": f"测试机关{i:03d}", "slug": f"bench{i:03d}", "office_name": f"测试机关{i:03d}办公室"},
        )
        out.append(a)
    return out


def rows(n: int, agencies: list[Agency], seed: int):  # type: ignore[no-untyped-def]
    rnd = random.Random(seed)
    weights = [t[1] for t in TEMPLATES]
    serial: dict[tuple[int, int], int] = {}
    day0 = dt.date(2015, 1, 1)
    span = (dt.date(2026, 10, 31) - day0).days
    for k in range(n):
        kind, _, t, d, s, b = rnd.choices(TEMPLATES, weights)[0]
        agency = agencies[k % len(agencies)]
        formed = day0 + dt.timedelta(days=span * k // n)  # ids grow with dates, like a real catalogue
        published = formed + dt.timedelta(days=rnd.randrange(1, 25))
        key = (agency.pk, published.year)
        serial[key] = serial.get(key, 0) + 1
        ctx = {"town": rnd.choice(TOWNS), "project": rnd.choice(PROJECTS), "rare": rnd.choice(RARE_NAMES),
               "year": formed.year, "n": serial[key]}
        yield (agency, kind, t.format(**ctx), d.format(**ctx), s.format(**ctx), b.format(**ctx), formed, published,
               f"{agency.code}/{published.year}-{serial[key]:05d}", published.year, serial[key])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=1_000_000)
    ap.add_argument("--agencies", type=int, default=100)
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--batch", type=int, default=20000)
    args = ap.parse_args()
    t0 = time.time()
    call_command("migrate", verbosity=0)
    agencies = ensure_agencies(args.agencies)
    if Agency.objects.filter(code="BENCH001", catalogue_items__isnull=False).exists():
        sys.exit("该数据库中已有生成的目录；请使用新的数据库（GONGKAI_HOME 或 DATABASE_URL）。")
    vendor = connection.vendor
    now = timezone.now()
    item_cols = ("agency_id", "index_no", "index_year", "index_serial", "title", "summary", "publisher", "doc_number",
                 "formed_on", "published_on", "late", "topic", "proactive_item", "kind", "validity", "attribute",
                 "attribute_reason", "attribute_note", "secrecy_reviewed", "state", "body", "created_at", "updated_at")
    entry_cols = ("item_id", "title", "number", "summary", "body", "facets")
    with connection.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM catalogue_catalogueitem")
        next_id = cur.fetchone()[0] + 1
        if vendor == "postgresql":
            cur.execute("DROP INDEX IF EXISTS catalogue_searchentry_vector_gin")
    batch_items, batch_entries, done = [], [], 0

    def flush() -> None:
        nonlocal batch_items, batch_entries
        with transaction.atomic(), connection.cursor() as cur:
            if vendor == "postgresql":
                raw = cur.cursor
                with raw.copy(f"COPY catalogue_catalogueitem (id, {', '.join(item_cols)}) FROM STDIN") as cp:
                    for r in batch_items:
                        cp.write_row(r)
                with raw.copy(f"COPY catalogue_searchentry ({', '.join(entry_cols)}) FROM STDIN") as cp:
                    for r in batch_entries:
                        cp.write_row(r)
            else:
                cur.executemany(
                    f"INSERT INTO catalogue_catalogueitem (id, {', '.join(item_cols)}) VALUES ({', '.join(['%s'] * (len(item_cols) + 1))})",
                    batch_items)
                cur.executemany(
                    f"INSERT INTO catalogue_searchentry ({', '.join(entry_cols)}) VALUES ({', '.join(['%s'] * len(entry_cols))})",
                    batch_entries)
        batch_items, batch_entries = [], []

    for agency, kind, title, doc, summary, body, formed, published, index_no, year, serial in rows(
            args.items, agencies, args.seed):
        item = KIND_BY_CODE[kind].item
        batch_items.append((next_id, agency.pk, index_no, year, serial, title, summary, agency.name, doc, formed, published,
                            False, "", item, kind, "valid", "proactive", "", "", True, "published", body, now, now))
        batch_entries.append((next_id, document_text(title), document_text(doc), document_text(summary), document_text(body),
                              " ".join(facet_tokens(agency_id=agency.pk, kind=kind, item=item, year=published.year,
                                                    validity="valid"))))
        next_id += 1
        done += 1
        if len(batch_items) >= args.batch:
            flush()
            if done % 200000 == 0:
                print(f"  {done:,} 条，{time.time() - t0:.0f} 秒", flush=True)
    flush()
    with connection.cursor() as cur:
        if vendor == "postgresql":
            print("  计算 tsvector ……", flush=True)
            cur.execute(
                "UPDATE catalogue_searchentry SET vector = setweight(to_tsvector('simple', title), 'A') || "
                "setweight(to_tsvector('simple', number), 'B') || setweight(to_tsvector('simple', summary || ' ' || body), 'C') "
                "|| setweight(to_tsvector('simple', facets), 'D') WHERE vector IS NULL")
            print("  建立 GIN 索引 ……", flush=True)
            cur.execute("CREATE INDEX catalogue_searchentry_vector_gin ON catalogue_searchentry USING GIN (vector)")
            cur.execute("SELECT setval(pg_get_serial_sequence('catalogue_catalogueitem', 'id'), %s)", [next_id])
            cur.execute("ANALYZE catalogue_catalogueitem")
            cur.execute("ANALYZE catalogue_searchentry")
        else:
            cur.execute("INSERT INTO catalogue_fts(catalogue_fts) VALUES ('optimize')")
            cur.execute("ANALYZE")
        for (agency_id, year), last in _counters(cur).items():
            cur.execute("UPDATE catalogue_indexcounter SET last = %s WHERE agency_id = %s AND year = %s", [last, agency_id, year])
            if cur.rowcount == 0:
                cur.execute("INSERT INTO catalogue_indexcounter (agency_id, year, last) VALUES (%s, %s, %s)",
                            [agency_id, year, last])
        cur.execute("SELECT count(*) FROM catalogue_catalogueitem")
        total = cur.fetchone()[0]
    pagecache.touch_all()  # the rows went in without the actions: expire every cached public page
    print(f"生成完成：{vendor}，本次 {done:,} 条，目录共 {total:,} 条，{len(agencies)} 个机关，用时 {time.time() - t0:.0f} 秒")
    result("catalogue", "postgres" if vendor == "postgresql" else vendor, f"generate + index {done:,} items",
           done / max(time.time() - t0, 1e-9), unit="items/s")


def _counters(cur) -> dict[tuple[int, int], int]:  # type: ignore[no-untyped-def]
    cur.execute("SELECT agency_id, index_year, MAX(index_serial) FROM catalogue_catalogueitem "
                "WHERE index_year IS NOT NULL GROUP BY agency_id, index_year")
    return {(a, y): m for a, y, m in cur.fetchall()}


if __name__ == "__main__":
    main()
