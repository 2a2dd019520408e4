"""Check digits of the two identity numbers the application form checks.

* 居民身份证 (GB 11643-1999): 18 characters, the last one the ISO 7064 MOD 11-2 check character.
* 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-letter alphabet, the last one a MOD 31 check.
"""

from __future__ import annotations

import datetime as dt

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"
DIGITS = frozenset("0123456789")  # str.isdigit() also accepts "²" and "١", which int() reads or refuses

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def resident_id_check_char(first17: str) -> str:
    return ID_CHECK[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True)) % 11]


def resident_id_error(value: str) -> str | None:
    """None if ``value`` is a well-formed 居民身份证号码, else the Chinese reason."""
    v = value.strip().upper()
    if len(v) != 18:
        return "居民身份证号码应为18位。"
    if not set(v[:17]) <= DIGITS or not (v[17] in DIGITS or v[17] == "X"):
        return "居民身份证号码前17位应为数字，最后一位为数字或X。"
    try:
        born = dt.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        return "居民身份证号码中的出生日期无效。"
    if born.year < 1900 or born > dt.date.today():  # noqa: DTZ011 - plausibility only
        return "居民身份证号码中的出生日期无效。"
    if resident_id_check_char(v[:17]) != v[17]:
        return "居民身份证号码校验位不正确，请核对。"
    return None


def uscc_check_char(first17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return USCC_CHARS[(31 - total % 31) % 31]


def uscc_error(value: str) -> str | None:
    """None if ``value`` is a well-formed 统一社会信用代码, else the Chinese reason."""
    v = value.strip().upper()
    if len(v) != 18:
        return "统一社会信用代码应为18位。"
    bad = [c for c in v if c not in USCC_CHARS]
    if bad:
        return f"统一社会信用代码含有无效字符“{bad[0]}”（不使用I、O、Z、S、V）。"
    if uscc_check_char(v[:17]) != v[17]:
        return "统一社会信用代码校验位不正确，请核对。"
    return None
