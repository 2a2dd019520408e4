"""Reading an existing catalogue from CSV or XLSX: header mapping and row-by-row validation in Chinese.

Nothing is written here; ``actions.import_items`` writes the valid rows in one transaction.
Columns (header names, any order; synonyms as seen on government sites, legal-spec 5.2):
名称*, 成文日期*, 信息类别*, 公开属性, 理由, 发布日期, 文号, 内容概述, 主题分类, 公开目录, 有效性, 失效/废止日期, 正文.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import Any

from gongkai.law.proactive import (
    ATTRIBUTE_LABELS,
    ATTRIBUTE_REASONS,
    ITEMS,
    KIND_BY_CODE,
    KINDS,
    VALIDITY_LABELS,
    Attribute,
)

MAX_ROWS = 20000
HEADERS = {
    "title": ("名称", "标题", "公文名称"),
    "formed_on": ("成文日期", "生成日期", "发文日期"),
    "kind": ("信息类别", "类别", "种类"),
    "attribute": ("公开属性", "公开方式"),
    "reason": ("理由", "不公开理由", "法定理由"),
    "published_on": ("发布日期",),
    "doc_number": ("文号", "文件编号", "发文字号"),
    "summary": ("内容概述", "摘要"),
    "topic": ("主题分类", "分类", "信息分类"),
    "proactive_item": ("公开目录", "组配分类"),
    "validity": ("有效性", "时效", "时效性"),
    "invalid_on": ("失效/废止日期", "废止日期", "失效日期"),
    "body": ("正文",),
}
REQUIRED = ("title", "formed_on", "kind")
_KIND = {k.label: k.code for k in KINDS} | {k.code: k.code for k in KINDS}
_ATTR = {label: a.value for a, label in ATTRIBUTE_LABELS.items()} | {a.value: a.value for a in Attribute}
_VALID = {label: v.value for v, label in VALIDITY_LABELS.items()}
_REASON = {r.label: r.code for r in ATTRIBUTE_REASONS} | {r.code: r.code for r in ATTRIBUTE_REASONS}


class ImportFormatError(ValueError):
    pass


@dataclass
class Row:
    line: int
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class RowError:
    line: int
    messages: list[str]

    @property
    def text(self) -> str:
        return f"第{self.line}行：" + "；".join(self.messages)


def _cell(v: Any) -> Any:
    if isinstance(v, str):
        return v.strip()
    return "" if v is None else v


def read_table(name: str, content: bytes) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext == "csv":
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = content.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportFormatError("CSV 文件的编码无法识别，请另存为 UTF-8 编码。")
        rows = list(csv.reader(io.StringIO(text)))
        if not rows:
            raise ImportFormatError("文件是空的。")
        return [str(h).strip() for h in rows[0]], [(i, list(r)) for i, r in enumerate(rows[1:], start=2)]
    if ext == "xlsx":
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 - any parse failure of an uploaded file is a user error
            raise ImportFormatError("无法读取该 Excel 文件，请确认是 .xlsx 格式。") from None
        ws = wb.worksheets[0]
        it = ws.iter_rows(values_only=True)
        header = next(it, None)
        if header is None:
            raise ImportFormatError("文件是空的。")
        out = [(i, list(r)) for i, r in enumerate(it, start=2)]
        return [str(h or "").strip() for h in header], out
    raise ImportFormatError("只能导入 CSV 或 XLSX 文件。")


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    s = str(v).strip()
    m = re.fullmatch(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?", s)
    if not m:
        raise ValueError(s)
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))


def parse(name: str, content: bytes) -> tuple[list[Row], list[RowError]]:
    """Rows ready for ``actions.import_items`` and the errors of the other rows."""
    header, raw = read_table(name, content)
    columns: dict[str, int] = {}
    for key, names in HEADERS.items():
        for i, h in enumerate(header):
            if h in names:
                columns[key] = i
                break
    missing = [HEADERS[k][0] for k in REQUIRED if k not in columns]
    if missing:
        raise ImportFormatError(f"缺少必需的列：{'、'.join(missing)}。第一行应为列名。")
    raw = [(line, r) for line, r in raw if any(_cell(c) != "" for c in r)]
    if len(raw) > MAX_ROWS:
        raise ImportFormatError(f"一次最多导入{MAX_ROWS}行。")
    item_codes = {i.code for i in ITEMS}
    item_by_article = {i.article: i.code for i in ITEMS}
    good: list[Row] = []
    errors: list[RowError] = []
    for line, r in raw:
        get = {k: _cell(r[i]) if i < len(r) else "" for k, i in columns.items()}
        msgs: list[str] = []
        data: dict[str, Any] = {}
        title = str(get.get("title", ""))
        if not title:
            msgs.append("名称为空")
        elif len(title) > 300:
            msgs.append("名称超过300字")
        data["title"] = title
        for key, label in (("formed_on", "成文日期"), ("published_on", "发布日期"), ("invalid_on", "失效/废止日期")):
            v = get.get(key, "")
            if v == "":
                data[key] = None
                if key == "formed_on":
                    msgs.append("成文日期为空")
                continue
            try:
                data[key] = _date(v)
            except ValueError:
                msgs.append(f"{label}“{v}”不是有效日期（应为 2019-03-01 格式）")
                data[key] = None
        kind = _KIND.get(str(get.get("kind", "")))
        if kind is None:
            msgs.append(f"信息类别“{get.get('kind', '')}”无法识别（可填：{'、'.join(k.label for k in KINDS[:6])}等）")
        data["kind"] = kind
        attr_s = str(get.get("attribute", ""))
        attr = _ATTR.get(attr_s) if attr_s else None
        if attr_s and attr is None:
            msgs.append(f"公开属性“{attr_s}”无法识别（可填：主动公开、依申请公开、不予公开）")
        data["attribute"] = attr
        reason_s = str(get.get("reason", ""))
        reason = _REASON.get(reason_s, "") if reason_s else ""
        if attr in (Attribute.ON_REQUEST, Attribute.WITHHELD):
            r_obj = next((x for x in ATTRIBUTE_REASONS if x.code == reason), None)
            if r_obj is None or r_obj.attribute != attr:
                msgs.append(f"{ATTRIBUTE_LABELS[Attribute(attr)]}须注明法定理由（如：{next(x.label for x in ATTRIBUTE_REASONS if x.attribute == attr)}）")
        data["reason"] = reason
        if attr == Attribute.PROACTIVE and data.get("published_on") is None and not msgs:
            msgs.append("主动公开的信息须填写发布日期")
        if attr != Attribute.PROACTIVE and data.get("published_on"):
            msgs.append("只有主动公开的信息才有发布日期")
        if data.get("published_on") and data.get("formed_on") and data["published_on"] < data["formed_on"]:
            msgs.append("发布日期早于成文日期")
        validity_s = str(get.get("validity", "") or "有效")
        validity = _VALID.get(validity_s)
        if validity is None:
            msgs.append(f"有效性“{validity_s}”无法识别（可填：有效、失效、废止）")
        elif validity != "valid" and data.get("invalid_on") is None:
            msgs.append(f"{validity_s}的信息须填写失效/废止日期")
        data["validity"] = validity or "valid"
        item_s = str(get.get("proactive_item", ""))
        if item_s:
            code = item_s if item_s in item_codes else item_by_article.get(item_s)
            if code is None:
                msgs.append(f"公开目录“{item_s}”无法识别（如：第二十条第（五）项）")
            data["proactive_item"] = code or ""
        else:
            data["proactive_item"] = KIND_BY_CODE[kind].item if kind else ""
        for key in ("doc_number", "summary", "topic", "body"):
            data[key] = str(get.get(key, ""))
        if len(data["doc_number"]) > 100:
            msgs.append("文号超过100字")
        if len(data["topic"]) > 60:
            msgs.append("主题分类超过60字")
        if msgs:
            errors.append(RowError(line, msgs))
        else:
            good.append(Row(line, data))
    return good, errors
