"""Named extension points: higher apps register handlers, lower apps call them.

This keeps the import direction one-way (ARCHITECTURE.md): e.g. `workdays` announces that a
year's calendar changed, and `cases` (a higher layer) recomputes its stored deadlines.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

_handlers: dict[str, list[Callable[..., Any]]] = defaultdict(list)


def register(name: str, handler: Callable[..., Any]) -> Callable[..., Any]:
    if handler not in _handlers[name]:
        _handlers[name].append(handler)
    return handler


def handles(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def decorator(handler: Callable[..., Any]) -> Callable[..., Any]:
        return register(name, handler)

    return decorator


def call(name: str, **kwargs: Any) -> list[Any]:
    return [handler(**kwargs) for handler in list(_handlers[name])]
