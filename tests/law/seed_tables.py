"""The seed report's tables (宝山区规划和自然资源局 2019), transcribed from the seed's truth file."""

from __future__ import annotations

from gongkai.law.editions import GB2019
from gongkai.law.report import Report

T3 = {
    "r1_new": [371, 10, 1, 0, 1, 0, 383],
    "r2_carry_in": [14, 4, 0, 0, 0, 0, 18],
    "r3_1_open": [213, 0, 1, 0, 0, 0, 214],
    "r3_2_partial": [4, 0, 0, 0, 0, 0, 4],
    "r3_3_1": [0] * 7, "r3_3_2": [0] * 7, "r3_3_3": [0] * 7,
    "r3_3_4": [2, 0, 0, 0, 0, 0, 2],
    "r3_3_5": [0] * 7, "r3_3_6": [0] * 7,
    "r3_3_7": [1, 0, 0, 0, 0, 0, 1],
    "r3_3_8": [0] * 7,
    "r3_4_1": [55, 10, 0, 0, 0, 0, 65],
    "r3_4_2": [2, 0, 0, 0, 0, 0, 2],
    "r3_4_3": [27, 3, 0, 0, 0, 0, 30],
    "r3_5_1": [0] * 7,
    "r3_5_2": [20, 0, 0, 0, 0, 0, 20],
    "r3_5_3": [0] * 7, "r3_5_4": [0] * 7, "r3_5_5": [0] * 7,
    "r3_6": [7, 1, 0, 0, 1, 0, 9],
    "r3_7_total": [331, 14, 1, 0, 1, 0, 347],
    "r4_carry_out": [54, 0, 0, 0, 0, 0, 54],
}
T4 = dict(zip(
    [f"{g}_{p}" for g in ("rv", "ld", "la") for p in ("keep", "corr", "other", "pending", "total")],
    [16, 0, 0, 2, 18, 14, 0, 0, 1, 15, 3, 0, 0, 2, 5], strict=True,
))
T2 = {
    "t2_a20_1": {"rules": {"made": 0, "published": 0, "total_public": 0},
                 "normative": {"made": 3, "published": 3, "total_public": 3}},
    "t2_a20_5": {"license": {"prev_items": 1479, "delta": -100, "decisions": 1379},
                 "other_services": {"prev_items": 404, "delta": -24, "decisions": 380}},
    "t2_a20_6": {"penalty": {"prev_items": 41, "delta": -3, "decisions": 38},
                 "coercion": {"prev_items": 0, "delta": 5, "decisions": 5}},
    "t2_a20_8": {"fees": {"prev_items": 3, "delta": 0}},
    "t2_a20_9": {"procurement": {"projects": 48, "amount": 2532358}},
}
S5 = (
    "虽然我局在政府信息公开方面做了一些工作，也取得了一定的成绩，但与社会发展的需求以及人民群众的期望相比，"
    "还存在一定差距，主要表现在：信息公开的主动意识有待进一步加强。"
)


def seed_report() -> Report:
    r = Report(edition=GB2019, agency="宝山区规划和自然资源局", year=2019)
    r.t2 = {s: {row: dict(c) for row, c in rows.items()} for s, rows in T2.items()}
    r.t3 = {k: list(v) for k, v in T3.items()}
    r.t4 = dict(T4)
    r.sections = {"s1": "", "s2": "", "s3": "", "s4": "", "s5": S5, "s6": ""}
    return r
