#!/usr/bin/env python
"""Developer convenience; users run ``gongkai`` (see gongkai/cli.py)."""

from gongkai.cli import main

if __name__ == "__main__":
    main()
