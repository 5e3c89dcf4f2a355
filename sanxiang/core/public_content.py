"""The "public content version": bumped whenever something published changes (PUB-03).

Services of every app that publish or withdraw content call `invalidate(reason)`; the portal keys
its page cache with `content_version()`, so no page cached before a change is served after it. It
lives in core so that the publishing apps (layer 4) need not import the portal (layer 6).

The version lives in Django's cache (default alias). It is seeded from the clock, never from 0, so a
version key lost to eviction or a restart cannot bring back pages cached under an older number.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "portal:content-version"


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return int(version)


def _bump(reason: str) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # the key was evicted: start again from the clock, above any older number
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)
    logger.info("public content changed: %s", reason)


def invalidate(reason: str) -> None:
    """Make every cached public page stale: now, and again once the current transaction commits.

    The bump on commit is the one that matters: a request running between the write and the commit
    may cache the old content under the new number, and the second bump drops it. The immediate one
    costs one cache miss when the transaction rolls back, and keeps tests (whose transactions never
    commit) honest.
    """
    _bump(reason)
    transaction.on_commit(lambda: _bump(f"{reason} (committed)"))
