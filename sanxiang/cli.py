"""The `sanxiang` console script: Django's manage command for this project."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanxiang.settings")
    from django.core.management import execute_from_command_line

    from sanxiang.env import ConfigError

    try:
        execute_from_command_line(sys.argv)
    except ConfigError as exc:
        print(f"配置错误 (configuration error): {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
