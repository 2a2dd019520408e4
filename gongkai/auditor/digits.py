"""Recover cells whose digits ran together ("120300015" -> 12, 0, 3, 0, 0, 0, 15).

A row of table 三 is six applicant columns and their total; a group of table 四 is four results and
their total. Every split of the digit string into parts without leading zeros (except "0") whose
last part is the sum of the others is a candidate reading; readings of several rows are then
filtered by the column constraints of table 三 (一 + 二 = （七）总计 + 四; （七）总计 = the sum of the
result rows). What remains ambiguous is reported with its candidates, never guessed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import product

from gongkai.law.editions import GB2019, GB2021

MAX_DIGITS = 60
MAX_SOLUTIONS = 2000
MAX_PRODUCT = 200_000


def _parts(s: str, pos: int, left: int, acc: list[int]) -> Iterator[list[int]]:
    """Splits of s[pos:] into ``left`` numbers followed by their sum (the rest of the string)."""
    if left == 0:
        rest = s[pos:]
        if rest and rest == str(sum(acc)):
            yield list(acc) + [int(rest)]
        return
    n = len(s)
    # every later part needs >= 1 digit, the total >= len(str(sum)) >= 1
    max_len = n - pos - left
    if max_len < 1:
        return
    if s[pos] == "0":
        lengths: Sequence[int] = (1,)
    else:
        lengths = range(1, max_len + 1)
    for ln in lengths:
        part = int(s[pos : pos + ln])
        acc.append(part)
        total_min_len = len(str(sum(acc)))
        if n - (pos + ln) >= (left - 1) + total_min_len:
            yield from _parts(s, pos + ln, left - 1, acc)
        acc.pop()
        if len(str(part)) > n - pos:  # pragma: no cover - defensive
            break


def split_row(s: str, cells: int = 7) -> list[tuple[int, ...]]:
    """All readings of a run of digits as ``cells - 1`` numbers followed by their sum."""
    if not s.isdigit() or len(s) > MAX_DIGITS or len(s) < cells:
        return []
    return [tuple(p) for p in _parts(s, 0, cells - 1, [])][:MAX_SOLUTIONS]


def solve_t4(s: str) -> list[tuple[int, ...]]:
    """Readings of table 四's 15 numbers (three groups of four results and a total)."""
    if not s.isdigit() or len(s) > MAX_DIGITS or len(s) < 15:
        return []
    out: list[tuple[int, ...]] = []

    def group(pos: int, done: list[int]) -> None:
        if len(out) >= MAX_SOLUTIONS:
            return
        if len(done) == 15:
            if pos == len(s):
                out.append(tuple(done))
            return
        reserve = 5 * (2 - len(done) // 5)  # digits the later groups need at least
        for g in _group_splits(s, pos, reserve):
            group(pos + sum(len(str(x)) for x in g), done + g)

    group(0, [])
    return out


def _group_splits(s: str, pos: int, reserve: int = 0) -> Iterator[list[int]]:
    end = len(s) - reserve

    def rec(p: int, acc: list[int]) -> Iterator[list[int]]:
        if len(acc) == 4:
            t = str(sum(acc))
            if s.startswith(t, p) and p + len(t) <= end:
                yield acc + [int(t)]
            return
        # the parts still to choose need a digit each, the total at least as many as the largest part
        room = end - p - (3 - len(acc)) - 1
        if room < 1:
            return
        lengths: Sequence[int] = (1,) if s[p] == "0" else range(1, min(room, (end - p) // 2) + 1)
        for ln in lengths:
            yield from rec(p + ln, acc + [int(s[p : p + ln])])

    yield from rec(pos, [])


def _constraints(single_other: bool) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    ed = GB2019 if single_other else GB2021
    leaves = ed.t3_result_leaves
    return [
        (("r1_new", "r2_carry_in"), ("r3_7_total", "r4_carry_out")),
        (("r3_7_total",), tuple(leaves)),
    ]


def solve_t3(
    runs: Mapping[str, str],
    fixed: Mapping[str, Sequence[int | float | None]],
    single_other: bool = False,
) -> dict[str, list[tuple[int, ...]]]:
    """Readings of each run row consistent with the row totals and with the column constraints."""
    cands = {rid: split_row(s) for rid, s in runs.items()}
    if any(not c for c in cands.values()):
        # a row that cannot be read at all: return what each row allows on its own
        return cands
    ambiguous = [rid for rid, c in cands.items() if len(c) > 1]
    size = 1
    for rid in ambiguous:
        size *= len(cands[rid])
    if size > MAX_PRODUCT:
        return cands
    known_rows = set(fixed) | set(cands)
    constraints = [(a, e) for a, e in _constraints(single_other) if set(a) | set(e) <= known_rows]
    if not constraints:
        return cands
    base = {rid: [0 if v is None else v for v in row] for rid, row in fixed.items()}
    for rid, c in cands.items():
        if len(c) == 1:
            base[rid] = list(c[0])
    ok: dict[str, set[tuple[int, ...]]] = {rid: set() for rid in cands}
    for combo in product(*(cands[rid] for rid in ambiguous)):
        rows = dict(base)
        rows.update({rid: list(v) for rid, v in zip(ambiguous, combo)})
        if all(
            sum(rows[r][c] for r in a) == sum(rows[r][c] for r in e)
            for a, e in constraints
            for c in range(7)
        ):
            for rid in cands:
                ok[rid].add(tuple(rows[rid]))
    if not any(ok.values()):
        # the table is inconsistent whatever the reading: keep each row's own readings
        return cands
    return {rid: sorted(v) for rid, v in ok.items()}
