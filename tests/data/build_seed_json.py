"""Build tests/data/seed-2019.json from the seed text and its truth file (run once; output committed).

Tables come from the truth file (legal-spec Appendix A ids); prose is copied verbatim from the text, with
only conversion artefacts removed (the ``[bookmark: _GoBack]`` marker, trailing blanks, the stray final line).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from gongkai.law.editions import GB2019, T4_COLUMN_IDS
from gongkai.law.report import Report, wan_to_yuan

HERE = Path(__file__).parent


def build() -> Report:
    truth = json.loads((HERE / "seed-2019.truth.json").read_text(encoding="utf-8"))
    lines = [ln.rstrip() for ln in (HERE / "seed-2019.txt").read_text(encoding="utf-8").splitlines()]
    lines = [ln.replace("[bookmark: _GoBack]", "") for ln in lines]

    def between(start: str, stop: str | None) -> str:
        i = next(n for n, ln in enumerate(lines) if ln.strip() == start)
        j = len(lines) if stop is None else next(n for n, ln in enumerate(lines) if ln.strip() == stop)
        body = [ln for ln in lines[i + 1 : j] if ln.strip() and ln.strip() != ")"]
        return "\n".join(body)

    r = Report.empty(GB2019, truth["agency"], truth["year"])
    sub_by_heading = {st.heading: st for st in GB2019.t2}
    for entry in truth["table2"]:
        st = sub_by_heading[entry["item"]]
        row = next(rw for rw in st.rows if rw.label == entry["row"])
        for label, value in zip(entry["columns"], entry["values"], strict=True):
            col = next(c for c in st.columns if c.label == label)
            if isinstance(value, str) and value.endswith("万"):
                value = wan_to_yuan(value[:-1])
            r.t2[st.id][row.id][col.id] = value
    r.t3 = {rid: list(v) for rid, v in zip(GB2019.t3_row_ids, truth["table3"].values(), strict=True)}
    r.t4 = dict(zip(T4_COLUMN_IDS, truth["table4"], strict=True))
    r.sections = {
        "s1": between("1、 总体情况", "2、 主动公开政府信息情况"),
        "s2": "",
        "s3": "",
        "s4": "",
        "s5": between("五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
        "s6": between("六、其他需要报告的事项", None),
    }
    r.meta = {"title": f"{lines[0]}{lines[1]}", "preamble": lines[2]}
    return r


if __name__ == "__main__":
    out = HERE / "seed-2019.json"
    out.write_text(build().to_json(indent=1) + "\n", encoding="utf-8")
    sys.stdout.write(f"wrote {out}\n")
