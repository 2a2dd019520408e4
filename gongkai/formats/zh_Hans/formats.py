"""zh-Hans formats with ISO dates first: <input type="date"> only accepts YYYY-MM-DD, and Django renders
a date widget with the first input format (Django's zh_Hans puts 2026/11/27 first, which browsers drop)."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y年%n月%j日"]
DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S"]
