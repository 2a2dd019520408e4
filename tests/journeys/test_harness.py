"""The journeys' checks catch what they are meant to catch (a check that never fails proves nothing)."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import OVERFLOW_JS, PHONE, tab_to, unlabelled_fields


def test_checks_catch_console_errors_missing_static_files_labels_and_overflow(
        cast: Any, live_server: Any, page: Any, browser_errors: Any, journey: Any) -> None:
    page.goto(f"{live_server.url}/track/")
    assert browser_errors.take() == [] and unlabelled_fields(page) == []

    page.evaluate("() => console.error('坏了')")
    page.evaluate("() => setTimeout(() => { throw new Error('未捕获') }, 0)")
    page.evaluate("url => fetch(url).catch(() => null)", f"{live_server.url}/static/gongkai/missing.js")
    page.wait_for_function("() => performance.getEntriesByName(location.origin + '/static/gongkai/missing.js').length")
    page.evaluate("() => new Promise(r => setTimeout(r, 50))")  # let the uncaught error reach the listener
    errors = "\n".join(browser_errors.take())
    assert "坏了" in errors and "未捕获" in errors and "missing.js" in errors

    page.evaluate("""() => {
        const f = document.getElementById('track-form');
        f.insertAdjacentHTML('beforeend', '<input name="nolabel"><label>申请人类型</label>'
          + '<label><input type="radio" name="kind" value="a"> 甲</label>');
        const wide = document.createElement('div');
        wide.textContent = '宽';
        wide.style.width = '600px';  // CSSOM, which the Content-Security-Policy allows (a style="" would not be)
        document.querySelector('main').append(wide);
    }""")
    missing = unlabelled_fields(page)
    assert any("[name=nolabel]" in m for m in missing) and any("单选组没有组名" in m for m in missing)
    page.set_viewport_size(PHONE)
    overflow = page.evaluate(OVERFLOW_JS, PHONE["width"] + 2)
    assert overflow["width"] > PHONE["width"] and any(c.startswith("div") for c in overflow["culprits"])

    with pytest.raises(AssertionError, match="无法用键盘到达"):
        tab_to(page, "#no-such-field", max_tabs=5)
