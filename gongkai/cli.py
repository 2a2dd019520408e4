"""The one command-line entry: ``gongkai``.

Domain commands (``check``, ``render``, ``audit``, ``report``, ``demo``, ``serve``) and every Django
management command (``gongkai migrate``, ``gongkai createsuperuser`` ...) without knowing where
manage.py is or which settings module to set. Django's own system check is ``gongkai systemcheck``.
"""

from __future__ import annotations

import os
import sys

# gongkai name -> management command name, where they differ.
ALIASES = {
    "check": "check_report",
    "render": "render_report",
    "systemcheck": "check",
}


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] in ALIASES:
        argv[1] = ALIASES[argv[1]]
    argv[0] = "gongkai"
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
