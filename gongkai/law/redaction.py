"""The grounds on which part of a released document may be withheld (区分处理, Art. 37).

A redaction mark carries one of these reason codes: the outcome codes of 不予公开 in
``gongkai.law.categories`` whose ground is the content itself (Arts. 14, 15, 16). The two Art. 36(7)
outcomes (行政查询事项, 特别规定查询) concern the request, not a passage, and are not grounds for a mark.
The printed label (e.g. "〔第十五条〕") is derived from the outcome's article, never typed again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.law.categories import OUTCOMES, Outcome, ReplyType

# Table 三 row of the Art. 36(7) outcomes: grounds about the request, not about content.
_NOT_CONTENT_ROWS = frozenset({"r3_3_8"})


@dataclass(frozen=True)
class Ground:
    code: str
    label: str  # 保护第三方合法权益
    article: str  # 《条例》第十五条、第三十二条
    mark: str  # 〔第十五条〕

    @property
    def choice_label(self) -> str:
        return f"{self.mark} {self.label}"


def printed_mark(article: str) -> str:
    """The label agencies print on a redaction box: the first article cited, without the statute's
    name: "《条例》第十五条、第三十二条" -> "〔第十五条〕", "《条例》第十六条第一款" -> "〔第十六条第一款〕"."""
    body = re.sub(r"^《[^》]*》", "", article.strip())
    first = re.split(r"[、，,；;]", body, maxsplit=1)[0].strip()
    return f"〔{first}〕"


def _ground(o: Outcome) -> Ground:
    return Ground(o.code, o.label, o.article, printed_mark(o.article))


GROUNDS: tuple[Ground, ...] = tuple(
    _ground(o) for o in OUTCOMES if o.reply_type == ReplyType.WITHHELD and o.row_2019 not in _NOT_CONTENT_ROWS
)
GROUND_BY_CODE: dict[str, Ground] = {g.code: g for g in GROUNDS}


def ground(code: str) -> Ground:
    """The ground of a reason code; KeyError with the valid codes if it is not one."""
    try:
        return GROUND_BY_CODE[code]
    except KeyError:
        raise KeyError(f"{code!r} 不是不予公开的理由代码；可用：{', '.join(GROUND_BY_CODE)}") from None
