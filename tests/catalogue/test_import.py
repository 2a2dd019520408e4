"""Bulk import of an existing catalogue from CSV / XLSX: row-by-row Chinese errors, all or nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from gongkai.catalogue import actions
from gongkai.catalogue.actions import CatalogueError
from gongkai.catalogue.models import CatalogueItem

from .conftest import NOW

HEADER = ["名称", "成文日期", "信息类别", "公开属性", "理由", "发布日期", "文号", "内容概述", "主题分类", "有效性", "失效/废止日期"]
GOOD = [
    ["罗店镇控制性详细规划", "2019-03-01", "规划", "主动公开", "", "2019-03-08", "", "罗店镇控规", "城乡建设", "有效", ""],
    ["关于加强土地储备管理的实施意见", "2019/5/6", "行政规范性文件", "主动公开", "", "2019-05-10", "宝规划资源规〔2019〕1号", "", "", "废止", "2024-05-06"],
    ["某地块出让请示", "2019-06-01", "其他", "不予公开", "属于四类过程性信息", "", "", "", "", "", ""],
    ["某项目审批材料", "2019-06-02", "行政许可决定", "", "", "", "", "", "", "", ""],
]
BAD = [
    ["", "2019-13-01", "规划", "主动公开", "", "2019-03-08", "", "", "", "", ""],
    ["某请示", "2019-06-01", "飞机", "不予公开", "", "", "", "", "", "", ""],
    ["某规划", "2019-06-01", "规划", "主动公开", "", "", "", "", "", "", ""],
]


def csv_bytes(rows: list[list[str]]) -> bytes:
    import csv

    buf = io.StringIO()
    csv.writer(buf).writerows([HEADER, *rows])
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_good_file(cast: Any, cal: Any, fmt: str) -> None:
    content = csv_bytes(GOOD) if fmt == "csv" else xlsx_bytes(GOOD)
    res = actions.import_items(agency=cast.planning, actor=cast.clerk, now=NOW, name=f"目录.{fmt}", content=content,
                               calendar=cal)
    assert res.applied and res.created == 4 and res.errors == []
    pub = CatalogueItem.objects.public().order_by("index_serial")
    assert [i.index_no for i in pub] == ["BSGHZY/2019-00001", "BSGHZY/2019-00002"]
    assert pub[1].validity == "repealed" and str(pub[1].invalid_on) == "2024-05-06"
    withheld = CatalogueItem.objects.get(title="某地块出让请示")
    assert (withheld.state, withheld.attribute, withheld.attribute_reason) == ("signed", "withheld", "process_information")
    assert CatalogueItem.objects.get(title="某项目审批材料").state == "draft"
    from gongkai.catalogue.search import search

    assert search("控制性详细规划").total == 1


def test_bad_rows_all_or_nothing(cast: Any, cal: Any) -> None:
    res = actions.import_items(agency=cast.planning, actor=cast.clerk, now=NOW, name="目录.csv",
                               content=csv_bytes(GOOD + BAD), calendar=cal)
    assert not res.applied and res.created == 0 and CatalogueItem.objects.count() == 0
    by_line = {e.line: e.text for e in res.errors}
    assert set(by_line) == {6, 7, 8}
    assert "名称为空" in by_line[6] and "成文日期“2019-13-01”不是有效日期" in by_line[6]
    assert "信息类别“飞机”无法识别" in by_line[7] and "须注明法定理由" in by_line[7]
    assert "须填写发布日期" in by_line[8]


def test_only_valid_rows(cast: Any, cal: Any) -> None:
    res = actions.import_items(agency=cast.planning, actor=cast.clerk, now=NOW, name="目录.xlsx",
                               content=xlsx_bytes(GOOD + BAD), only_valid=True, calendar=cal)
    assert res.applied and res.created == 4 and len(res.errors) == 3
    assert CatalogueItem.objects.count() == 4


def test_unreadable_files(cast: Any) -> None:
    for name, content, msg in (("a.txt", b"x", "CSV 或 XLSX"), ("a.xlsx", b"not a zip", "无法读取"),
                               ("a.csv", "标题,日期\n".encode(), "缺少必需的列")):
        with pytest.raises(CatalogueError, match=msg):
            actions.import_items(agency=cast.planning, actor=cast.clerk, now=NOW, name=name, content=content)


def test_import_page(client: Any, cast: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(cast.clerk)
    r = client.post("/office/catalogue/import/", {
        "mode": "all", "file": SimpleUploadedFile("目录.csv", csv_bytes(GOOD + BAD), content_type="text/csv")})
    body = r.content.decode()
    assert "未导入任何数据" in body and "第7行" in body and "信息类别“飞机”无法识别" in body
    r = client.post("/office/catalogue/import/", {
        "mode": "valid", "file": SimpleUploadedFile("目录.csv", csv_bytes(GOOD + BAD), content_type="text/csv")})
    assert "已导入 4 条" in r.content.decode()
    client.force_login(cast.outsider)
    assert CatalogueItem.objects.filter(agency=cast.transport).count() == 0
