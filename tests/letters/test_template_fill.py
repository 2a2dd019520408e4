"""Placeholders split by Word over several runs are still replaced (property test over random splits)."""

from __future__ import annotations

import io

import docx
from docx.shared import Pt
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.letters.render import PLACEHOLDER_HELP, PLACEHOLDER_RE, fill_template

NAMES = sorted(PLACEHOLDER_HELP)
VALUES = {name: f"〈{name}的值〉" for name in NAMES}

literal = st.text(alphabet="申请人政府信息公开abc 12，。：（）}{", min_size=0, max_size=6)
piece = st.one_of(literal, st.sampled_from([f"{{{{{n}}}}}" for n in NAMES]), st.just("{{未知字段}}"))


@settings(max_examples=150, deadline=None)
@given(pieces=st.lists(piece, min_size=1, max_size=8), cuts=st.lists(st.integers(0, 200), max_size=10))
def test_split_runs_are_filled_like_the_merged_text(pieces: list[str], cuts: list[int]) -> None:
    text = "".join(pieces)
    bounds = sorted({c % (len(text) + 1) for c in cuts} | {0, len(text)})
    chunks = [text[a:b] for a, b in zip(bounds, bounds[1:])] or [""]
    d = docx.Document()
    p = d.add_paragraph()
    for i, chunk in enumerate(chunks):
        run = p.add_run(chunk)
        run.font.size = Pt(10 + i)  # distinct formatting keeps Word from merging the runs
    buf = io.BytesIO()
    d.save(buf)

    filled = docx.Document(io.BytesIO(fill_template(buf.getvalue(), VALUES)))
    expected = PLACEHOLDER_RE.sub(lambda m: VALUES.get(m.group(1), m.group(0)), text)
    assert filled.paragraphs[0].text == expected


def test_text_outside_placeholders_keeps_its_run_formatting() -> None:
    d = docx.Document()
    p = d.add_paragraph()
    bold = p.add_run("申请人：")
    bold.bold = True
    p.add_run("{{申")
    p.add_run("请人}}")
    tail = p.add_run("（签收）")
    tail.italic = True
    buf = io.BytesIO()
    d.save(buf)
    out = docx.Document(io.BytesIO(fill_template(buf.getvalue(), {"申请人": "张三"}))).paragraphs[0]
    assert out.text == "申请人：张三（签收）"
    assert out.runs[0].bold and out.runs[0].text == "申请人："
    assert out.runs[-1].italic and out.runs[-1].text == "（签收）"
