"""Numbers and percentages in the narrative checked against the tables (rule TEXT_MATCHES_TABLES).

Owned by the auditor work (issue 6); the report workspace uses the same functions.

A sentence that names a quantity of table 三 or 四 (新收/受理 申请, 上年结转, 予以公开, 部分公开, 不予公开,
无法提供 and its reasons, 不予处理 and its reasons, 其他处理, 总计, 结转下年, 行政复议, 行政诉讼) followed by a
number of 件 is compared with the cell (or the sum of the leaf cells) it names; a number is accepted
when it equals any reading of the quantity (受理 may mean 新收, 新收 + 上年结转 or 办理结果总计).
"占总数的X%" is compared with the stated count over the stated total, rounded (or cut) to the printed
precision. A sentence that states a total and then lists every non-zero outcome group must add up.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from gongkai.law.editions import T4_PARTS
from gongkai.law.findings import Finding, Severity
from gongkai.law.report import Report

Refs = tuple[str, ...]


@dataclass(frozen=True)
class Quantity:
    id: str
    label: str
    keywords: tuple[str, ...]
    # each reading: the cells whose sum the number may equal
    readings: Callable[[Report], Sequence[Refs]]
    group: bool = False  # one of the six outcome groups （一）-（六）
    needs: str | None = None  # a word that must also occur in the clause (e.g. 申请)


def _rows(report: Report, prefix: str) -> Refs:
    if prefix in report.edition.t3_row_ids:
        return (f"t3.{prefix}.total",)
    return tuple(
        f"t3.{r}.total" for r in report.edition.t3_row_ids if r.startswith(prefix + "_")
    )


def _one(ref: str) -> Callable[[Report], Sequence[Refs]]:
    return lambda r: [(ref,)] if ref.split(".")[1] in r.edition.t3_row_ids or ref.startswith("t4.") else []


def _group(prefix: str) -> Callable[[Report], Sequence[Refs]]:
    return lambda r: [_rows(r, prefix)]


def _litigation(r: Report) -> Sequence[Refs]:
    return [("t4.ld_total", "t4.la_total"), ("t4.ld_total",), ("t4.la_total",)]


QUANTITIES: tuple[Quantity, ...] = (
    Quantity(
        "received", "收到申请", ("新收", "收到", "受理", "接收", "接到"),
        lambda r: [("t3.r1_new.total",), ("t3.r1_new.total", "t3.r2_carry_in.total"), ("t3.r3_7_total.total",)],
        needs="申请",
    ),
    Quantity("carry_in", "上年结转", ("上年结转", "上一年度结转", "上年度结转", "上年度转入"), _one("t3.r2_carry_in.total")),
    Quantity(
        "carry_out", "结转下年度继续办理",
        ("结转下年", "结转至下年", "结转到下年", "结转至下一年", "结转到下一年", "转入下一年", "转入下年", "结转至2", "结转到2"),
        _one("t3.r4_carry_out.total"),
    ),
    Quantity("open", "予以公开", ("予以公开", "同意公开", "全部公开"), _one("t3.r3_1_open.total"), group=True),
    Quantity("partial", "部分公开", ("部分公开",), _one("t3.r3_2_partial.total"), group=True),
    Quantity("withheld", "不予公开", ("不予公开",), _group("r3_3"), group=True),
    Quantity("state_secret", "属于国家秘密", ("国家秘密",), _one("t3.r3_3_1.total")),
    Quantity("third_party", "保护第三方合法权益", ("第三方合法权益",), _one("t3.r3_3_4.total")),
    Quantity("internal", "属于三类内部事务信息", ("内部事务",), _one("t3.r3_3_5.total")),
    Quantity("process", "属于四类过程性信息", ("过程性信息",), _one("t3.r3_3_6.total")),
    Quantity("enforcement", "属于行政执法案卷", ("行政执法案卷",), _one("t3.r3_3_7.total")),
    Quantity("query", "属于行政查询事项", ("行政查询事项",), _one("t3.r3_3_8.total")),
    Quantity("unavailable", "无法提供", ("无法提供",), _group("r3_4"), group=True),
    Quantity("not_held", "本机关不掌握相关政府信息", ("不掌握",), _one("t3.r3_4_1.total")),
    Quantity("to_make", "没有现成信息需要另行制作", ("另行制作", "没有现成信息"), _one("t3.r3_4_2.total")),
    Quantity("unclear", "补正后申请内容仍不明确", ("补正后", "仍不明确"), _one("t3.r3_4_3.total")),
    Quantity("not_processed", "不予处理", ("不予处理",), _group("r3_5"), group=True),
    Quantity("petition", "信访举报投诉类申请", ("信访举报投诉",), _one("t3.r3_5_1.total")),
    Quantity("repeat", "重复申请", ("重复申请",), _one("t3.r3_5_2.total")),
    Quantity("publication", "要求提供公开出版物", ("公开出版物",), _one("t3.r3_5_3.total")),
    Quantity("mass", "无正当理由大量反复申请", ("大量反复申请",), _one("t3.r3_5_4.total")),
    Quantity("confirm", "要求行政机关确认或重新出具已获取信息", ("重新出具",), _one("t3.r3_5_5.total")),
    Quantity("other", "其他处理", ("其他处理",), _group("r3_6"), group=True),
    Quantity("no_correction", "逾期不补正", ("逾期不补正",), _one("t3.r3_6_1.total")),
    Quantity("unpaid", "逾期未缴纳费用", ("未按收费通知", "逾期未缴", "未缴纳费用"), _one("t3.r3_6_2.total")),
    Quantity("total", "办理结果总计", ("总计", "办结", "共答复"), _one("t3.r3_7_total.total"), needs="申请"),
    Quantity("review", "行政复议", ("行政复议",), lambda r: [("t4.rv_total",)]),
    Quantity("litigation", "行政诉讼", ("行政诉讼",), _litigation),
)
GROUP_PREFIX = {"open": "r3_1_open", "partial": "r3_2_partial", "withheld": "r3_3", "unavailable": "r3_4",
                "not_processed": "r3_5", "other": "r3_6"}
TOTAL_IDS = ("received", "total")

_KW: list[tuple[str, Quantity]] = sorted(
    ((k, q) for q in QUANTITIES for k in q.keywords), key=lambda kq: -len(kq[0])
)
_KW_RE = re.compile("|".join(re.escape(k) for k, _ in _KW))
_KW_MAP = {k: q for k, q in _KW}
_COUNT = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)\s*(?:件|宗)")
_PCT = re.compile(r"占[^，。；,;%]{0,12}?(\d+(?:\.\d+)?)\s*[%％]")
_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
_PARTS = dict(T4_PARTS)
_OUTCOME_WORDS = re.compile("维持|纠正|撤销|其他结果|尚未|审结|驳回|败诉|胜诉|确认违法|终止|撤诉")


@dataclass
class _Mention:
    quantity: Quantity
    number: int
    start: int
    end: int


def _sentences(text: str) -> Iterator[str]:
    for m in _SENTENCE.finditer(text or ""):
        s = m.group(0).strip()
        if s:
            yield s


def _mentions(sentence: str) -> list[_Mention]:
    out: list[_Mention] = []
    prev_end = 0
    for m in _COUNT.finditer(sentence):
        window = sentence[prev_end : m.start()]
        prev_end = m.end()
        if sentence[m.end() : m.end() + 1] == "次" or sentence[m.start() - 1 : m.start()] in ("第",):
            continue
        kws = list(_KW_RE.finditer(window))
        if not kws:
            continue
        q = _KW_MAP[kws[-1].group(0)]
        if q.needs and q.needs not in window and q.needs not in sentence[: m.start()]:
            continue
        # "占比" or a year between the keyword and the number breaks the link
        between = window[kws[-1].end() :]
        if re.search(r"\d", between) or len(between) > 40:
            continue
        if q.id in ("review", "litigation") and _OUTCOME_WORDS.search(between):
            continue  # "行政复议维持3件" counts one result, not the cases
        out.append(_Mention(q, int(m.group(1).replace(",", "")), m.start(), m.end()))
    return out


def _value(report: Report, refs: Refs) -> int | float | None:
    vals = []
    for ref in refs:
        try:
            v = report.cell(ref)
        except KeyError:
            return None
        vals.append(v)
    if not vals or all(v is None for v in vals):
        return None
    return sum(v or 0 for v in vals)


def _fmt(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def _pct_ok(pct: float, decimals: int, count: float, total: float) -> bool:
    if total <= 0:
        return True
    exact = count * 100 / total
    tol = 0.5 * 10 ** (-decimals) + 1e-9
    if abs(exact - pct) <= tol:
        return True
    step = 10.0 ** (-decimals)
    return bool(0 <= exact - pct < step)  # cut, not rounded


def check(report: Report, severity: Severity) -> Iterator[Finding]:
    """Findings for figures in sections s1-s6 that disagree with the table cells they name."""
    memo = _Memo(report)
    for sid in ("s1", "s2", "s3", "s4", "s5", "s6"):
        for sentence in _sentences(report.sections.get(sid, "")):
            if "件" in sentence or "宗" in sentence:
                yield from _check_sentence(memo, sentence, severity, Finding)


class _Memo:
    """Cell sums and quantity readings of one report, computed once per check."""

    def __init__(self, report: Report) -> None:
        self.report = report
        self._values: dict[Refs, int | float | None] = {}
        self._readings: dict[str, list[Refs]] = {}

    def value(self, refs: Refs) -> int | float | None:
        if refs not in self._values:
            self._values[refs] = _value(self.report, refs)
        return self._values[refs]

    def readings(self, q: Quantity) -> list[Refs]:
        if q.id not in self._readings:
            self._readings[q.id] = [refs for refs in q.readings(self.report) if refs]
        return self._readings[q.id]


def _check_sentence(memo: _Memo, sentence: str, severity: Severity, Finding: type[Finding]) -> Iterator[Finding]:
    report = memo.report
    mentions = _mentions(sentence)
    if not mentions:
        return
    stated_total: _Mention | None = None
    listed: list[_Mention] = []
    for i, m in enumerate(mentions):
        values = [(refs, memo.value(refs)) for refs in memo.readings(m.quantity)]
        known = [(refs, v) for refs, v in values if v is not None]
        if known and all(abs(v - m.number) > 1e-9 for _, v in known):
            refs, v = known[0]
            yield Finding(
                "TEXT_MATCHES_TABLES", severity,
                f"正文称“{m.quantity.label}”{m.number}件，表格中为{_fmt(v)}件"
                + ("（各项之和）" if len(refs) > 1 else "") + "。",
                refs, v, m.number, sentence,
            )
        if m.quantity.id in TOTAL_IDS and not listed:
            stated_total = m
        elif m.quantity.group and stated_total is not None:
            listed.append(m)
        # percentage right after this count (before the next count)
        nxt = mentions[i + 1].start if i + 1 < len(mentions) else len(sentence)
        pm = _PCT.search(sentence, m.end, nxt)
        if pm and m.quantity.id not in TOTAL_IDS:
            pct_text = pm.group(1)
            pct = float(pct_text)
            decimals = len(pct_text.split(".")[1]) if "." in pct_text else 0
            totals: list[float] = []
            if stated_total is not None:
                totals.append(stated_total.number)
            for refs in (("t3.r3_7_total.total",), ("t3.r1_new.total",), ("t3.r1_new.total", "t3.r2_carry_in.total")):
                tv = memo.value(refs)
                if tv is not None:
                    totals.append(tv)
            if totals and not any(_pct_ok(pct, decimals, m.number, t) for t in totals):
                base = totals[0]
                exact = round(m.number * 100 / base, max(decimals, 1)) if base else 0
                hint = ""
                tv = known[0][1] if known else None
                if tv is not None and tv != m.number and _pct_ok(pct, decimals, tv, base):
                    hint = f"；{pct_text}%与表格中的{_fmt(tv)}件相符"
                yield Finding(
                    "TEXT_MATCHES_TABLES", severity,
                    f"正文称“{m.quantity.label}”{m.number}件占总数的{pct_text}%，"
                    f"但{m.number}÷{_fmt(base)}={_fmt(exact) if float(exact).is_integer() else exact}%{hint}。",
                    known[0][0] if known else (), exact, pct, sentence,
                )
    if stated_total is not None and len(listed) >= 2:
        seen = {m.quantity.id for m in listed}
        if len(seen) == len(listed):
            nonzero = set()
            for qid, prefix in GROUP_PREFIX.items():
                if memo.value(_rows(report, prefix)):
                    nonzero.add(qid)
            if nonzero <= seen:
                s = sum(m.number for m in listed)
                if s != stated_total.number:
                    refs = tuple(r for m in listed for r in (memo.readings(m.quantity) or [()])[0])
                    yield Finding(
                        "TEXT_MATCHES_TABLES", severity,
                        f"正文所列各项办理结果之和为{s}件（{'+'.join(str(m.number) for m in listed)}），"
                        f"与正文所称总数{stated_total.number}件不符。",
                        refs, stated_total.number, s, sentence,
                    )
