"""The catalogue (主动公开) from the desk that drafts an item to the reader who finds it:

- clerk: drafts a 行政规范性文件 formed weeks ago, adds its 实施日期, proposes 主动公开 (refused until the 保密审查 is confirmed);
- reviewer (办公室审核) approves it; head (负责人) signs it off, then does the Art. 18 yearly self-review of a
  withheld item that has come due;
- clerk: publishes it (late under Art. 26, so it shows in the late list), reads the table 二 figures the catalogue
  yields and enters one the catalogue cannot know, imports an old catalogue file with one bad row;
- admin: edits the 公开指南 and opens the 公开制度;
- reader: finds the item on the portal by its 文号 and reads the edited guide.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.utils import timezone

from gongkai.catalogue import actions
from gongkai.catalogue.models import CatalogueItem, T2Figure

from .data import overdue_application

TITLE = "关于进一步规范建设工程规划许可批后管理的通知"
DOC_NUMBER = "宝规划资源规〔2026〕2号"
GUIDE_LINE = "本机关在宝山区政务服务中心3号窗口受理当面提出的政府信息公开申请。"


def _withheld_item_due_for_review(cast: Any) -> CatalogueItem:
    """A 不予公开 item signed off some thirteen months ago: its yearly review (Art. 18) has come due."""
    then = timezone.now() - dt.timedelta(days=400)
    item = actions.create_draft(agency=cast.planning, actor=cast.clerk, now=then, kind="other",
                                title="罗泾镇某地块土地出让的内部请示", formed_on=timezone.localdate(then))
    item = actions.propose_attribute(item=item, actor=cast.clerk, now=then, attribute="withheld",
                                     reason="process_information", secrecy_reviewed=True)
    item = actions.review_attribute(item=item, actor=cast.reviewer, now=then, approve=True)
    return actions.sign_off(item=item, actor=cast.head, now=then)


def _old_catalogue_csv(path: Path) -> Path:
    buf = io.StringIO()
    csv.writer(buf).writerows([
        ["名称", "成文日期", "信息类别", "公开属性", "理由", "发布日期", "文号"],
        ["宝山区罗店镇控制性详细规划", "2019-03-01", "规划", "主动公开", "", "2019-03-08", ""],
        ["某地块出让请示", "2019-06-01", "其他", "不予公开", "", "", ""],  # 不予公开 without its reason
    ])
    path.write_bytes(buf.getvalue().encode("utf-8-sig"))
    return path


def _desk(page: Any, nav: str, card: str) -> None:
    """From the dashboard, the catalogue panel's card ``card`` (a count linking to the filtered register)."""
    with page.expect_navigation():
        page.click(f"section.panel:has(h2:text('{nav}')) .card:has-text('{card}') a")


def test_catalogue_journey(cast: Any, journey: Any, page: Any, office_page: Any, browser_errors: Any,
                           tmp_path: Path) -> None:
    withheld = _withheld_item_due_for_review(cast)
    for name in ("王五", "赵六"):  # two applications for the same information: the self-review lists it
        overdue_application(cast, name=name)
    op = office_page
    formed = timezone.localdate() - dt.timedelta(days=45)  # over 20 working days ago: publication is late

    # -- the clerk drafts the item and proposes its attribute --------------------------------------------------
    clerk = journey("catalogue-clerk", op)
    clerk.login("clerk", visit=False)
    with op.expect_navigation():
        op.click("nav.mainnav >> text=主动公开")
    assert "共 1 条" in op.inner_text("main")  # the withheld item
    clerk.visit("list", controls=["form.filters input[name=q]", "form.filters button"])
    with op.expect_navigation():
        op.click(".subnav >> text=新建条目")
    clerk.visit("new", controls=["#id_title", "#id_formed_on", "#id_kind", "form.item-form button[type=submit]"])
    op.fill("#id_title", TITLE)
    op.fill("#id_doc_number", DOC_NUMBER)
    op.fill("#id_formed_on", formed.isoformat())
    op.select_option("#id_kind", "normative")
    op.fill("#id_topic", "城乡建设")
    op.fill("#id_summary", "明确建设工程规划许可批后监管的职责分工和核实程序。")
    op.fill("#id_body", "各有关单位：\n为进一步规范建设工程规划许可批后管理，现将有关事项通知如下。")
    with op.expect_navigation():
        op.click("form.item-form button[type=submit]")
    item = CatalogueItem.objects.get(title=TITLE)
    assert op.inner_text("#item-state") == "草稿" and DOC_NUMBER in op.inner_text(".meta-block")
    clerk.visit("draft", controls=["#propose-form input[value=proactive]", "#id_secrecy_reviewed",
                                   "#propose-form button[type=submit]"])
    with op.expect_navigation():
        op.click("main a.button:text('修改')")  # the 发布机构 left blank became the agency; the 实施日期 is added
    assert op.input_value("#id_publisher") == cast.planning.name and op.input_value("#id_title") == TITLE
    clerk.visit("edit", controls=["#id_effective_on", "form.item-form button[type=submit]"])
    op.fill("#id_effective_on", (formed + dt.timedelta(days=30)).isoformat())
    with op.expect_navigation():
        op.click("form.item-form button[type=submit]")
    assert op.inner_text("#item-state") == "草稿"
    item.refresh_from_db()
    assert item.effective_on == formed + dt.timedelta(days=30)
    op.check("#propose-form input[name=attribute][value=proactive]")
    with browser_errors.expect_status(400), op.expect_navigation():
        op.click("#propose-form button[type=submit]")  # the 保密审查 not confirmed: refused beside the box
    assert "保密审查" in op.inner_text("#propose-form .has-error")
    op.check("#id_secrecy_reviewed")
    with op.expect_navigation():
        op.click("#propose-form button[type=submit]")
    assert op.inner_text("#item-state") == "待审核" and "已保密审查" in op.inner_text("main")
    clerk.logout()

    # -- the office reviews, the head signs off -----------------------------------------------------------------
    reviewer = journey("catalogue-reviewer", op)
    reviewer.login("reviewer", visit=False)
    _desk(op, "主动公开", "待我审核")
    with op.expect_navigation():
        op.click(f"table.list a:text('{TITLE}')")
    reviewer.visit("review", controls=["#review-comment", "button[name=decision][value=approve]"])
    op.fill("#review-comment", "属于应主动公开的行政规范性文件，同意。")
    with op.expect_navigation():
        op.click("button[name=decision][value=approve]")
    assert op.inner_text("#item-state") == "待签发"
    reviewer.logout()

    head = journey("catalogue-head", op)
    head.login("head", visit=False)
    _desk(op, "主动公开", "待我签发")
    with op.expect_navigation():
        op.click(f"table.list a:text('{TITLE}')")
    assert "同意" in op.inner_text(".timeline")  # the reviewer's comment is on the record
    head.visit("sign", controls=["#sign-comment", "button[name=decision][value=approve]"])
    with op.expect_navigation():
        op.click("button[name=decision][value=approve]")
    assert op.inner_text("#item-state") == "已签发"

    # the yearly review of what the agency withholds (Art. 18), and what applicants keep asking for (Art. 44)
    with op.expect_navigation():
        op.click(".subnav >> text=年度评估审查")
    due_row = op.locator("tr", has_text=withheld.title)
    assert due_row.count() == 1 and "到期待审查的信息（1）" in op.inner_text("main")
    assert "宝山区大场镇控制性详细规划修编的批复文件" in op.inner_text("main")  # asked twice
    head.visit("self-review", controls=["table.list button"])
    with op.expect_navigation():
        due_row.locator("button:text('维持')").click()
    assert "到期待审查的信息（0）" in op.inner_text("main")
    withheld.refresh_from_db()
    assert withheld.review_due is not None and withheld.review_due > timezone.localdate()
    head.logout()

    # -- the clerk publishes; the late list, table 二 and the import -----------------------------------------------
    clerk.login("clerk", visit=False)
    _desk(op, "主动公开", "已签发待发布")
    with op.expect_navigation():
        op.click(f"table.list a:text('{TITLE}')")
    with op.expect_navigation():
        op.click("main form[action$='/publish/'] button")
    item.refresh_from_db()
    assert op.inner_text("#item-state") == "已发布" and item.index_no in op.inner_text(".meta-block")
    assert item.late and "逾期发布" in op.inner_text("main")
    clerk.visit("published", controls=["select[name=validity]", "a:text('公开页面')"])

    with op.expect_navigation():
        op.click(".subnav >> text=逾期发布（第二十六条）")
    assert TITLE in op.inner_text("table.list")
    clerk.visit("late", controls=["input[name=year]", "table.list a"])

    with op.expect_navigation():
        op.click(".subnav >> text=表二数据")
    year = timezone.localdate().year
    op.select_option("select[name=year]", str(year))
    with op.expect_navigation():
        op.click("main form[method=get] button")
    assert op.inner_text("[id='t2-t2_a20_1.normative.issued']") == "1"  # counted from the catalogue
    clerk.visit("t2", controls=["select[name=year]", "#t2-cell", "#t2-value"])
    op.select_option("#t2-cell", "t2_a20_5.license.decisions")
    op.fill("#t2-value", "1379")
    op.fill("#t2-source", "区政务服务中心行政许可办件统计")
    with op.expect_navigation():
        op.click("main form[method=post] button")
    assert op.inner_text("[id='t2-t2_a20_5.license.decisions']") == "1379"
    assert T2Figure.objects.filter(agency=cast.planning, year=year, row="license").count() == 1

    with op.expect_navigation():
        op.click(".subnav >> text=批量导入")
    op.set_input_files("input[name=file]", str(_old_catalogue_csv(tmp_path / "历年目录.csv")))
    op.check("input[name=mode][value=valid]")
    with op.expect_navigation():
        op.click("main form button")
    assert "已导入 1 条" in op.inner_text("#import-result")
    assert "第3行" in op.inner_text("table.import-errors")
    assert CatalogueItem.objects.filter(title="宝山区罗店镇控制性详细规划", state="published").count() == 1
    clerk.visit("import", controls=["#import-result", "input[name=file]"])
    clerk.logout()

    # -- the admin edits the guide -------------------------------------------------------------------------
    admin = journey("catalogue-admin", op)
    admin.login("admin", visit=False)
    with op.expect_navigation():
        op.click("nav.mainnav >> text=主动公开")
    with op.expect_navigation():
        op.click(".subnav >> text=公开指南与制度")
    text = op.input_value("#guide-text")
    assert "政府信息公开指南" in op.inner_text("h1") and cast.planning.office_hours in text
    admin.visit("guide", controls=["#guide-text", "main form button"])
    op.fill("#guide-text", text + "\n" + GUIDE_LINE)
    with op.expect_navigation():
        op.click("main form button:text('保存')")
    assert "当前显示的是编辑后的文本" in op.inner_text("main")
    with op.expect_navigation():
        op.click("main a:text('公开制度')")
    assert "政府信息公开制度" in op.inner_text("h1") and "自动生成" in op.inner_text("main")
    admin.visit("system", controls=["#guide-text"])

    # -- the reader finds the item by its 文号 and reads the guide ---------------------------------------------
    reader = journey("catalogue-reader")
    reader.goto("/")
    page.fill("input[name=q]", DOC_NUMBER)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    with page.expect_navigation():
        page.click(f"a.hit-title:has-text('{TITLE}')")
    assert TITLE in page.inner_text("h1")
    meta = page.inner_text(".meta-block")
    assert item.index_no in meta and DOC_NUMBER in meta
    reader.visit("item", controls=["h1", ".meta-block"])
    with page.expect_navigation():
        page.click(".column-nav >> text=政府信息公开指南")
    assert GUIDE_LINE in page.inner_text("main")
    reader.visit("guide", controls=[".column-nav"])
