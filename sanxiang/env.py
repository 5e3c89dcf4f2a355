"""Typed readers for environment variables that fail fast with a clear message.

Settings read everything through these helpers so that a malformed production value stops
start-up with one line that names the variable, instead of a traceback deep inside Django.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


class ConfigError(Exception):
    """A missing or malformed configuration value; the message names the variable."""


def _read(name: str) -> str | None:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str | None:
    value = _read(name)
    if value is None:
        if required:
            raise ConfigError(f"环境变量 {name} 未设置 (required environment variable {name} is missing)")
        return default
    return value


def env_bool(name: str, default: bool = False) -> bool:
    value = _read(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"环境变量 {name} 应为 true/false，实际为 {value!r} ({name} must be a boolean)")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _read(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigError(f"环境变量 {name} 应为整数，实际为 {value!r} ({name} must be an integer)") from None
    if minimum is not None and number < minimum:
        raise ConfigError(f"环境变量 {name} 不得小于 {minimum} ({name} must be >= {minimum})")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    value = _read(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_parsed(name: str, parse: Callable[[str], T], default: T, what: str) -> T:
    value = _read(name)
    if value is None:
        return default
    try:
        return parse(value)
    except Exception as exc:  # the parser's own exception type varies
        raise ConfigError(f"环境变量 {name} 格式错误：应为{what} ({name} is malformed: {exc})") from None
