"""Whole-page cache of the public portal and of the public JSON API, invalidated by a global "public
content version".

Every cached page's key carries the current version; `invalidate(reason)` bumps it, so every page
cached before is never served again (the entries simply age out). The services that change public
content (publish, withdraw, block, period end, removal; disclosure publish and DISC-12 recheck;
windows; annual report publish; practice articles) call `invalidate` — PUB-03: a withdrawn decision
leaves no cached copy behind.

The version lives in Django's cache (default alias). It is seeded from the clock, never from 0, so a
version key lost to eviction or a restart cannot bring back pages cached under an older number.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from sanxiang.core.public_content import VERSION_KEY, content_version, invalidate  # noqa: F401 - re-exported

logger = logging.getLogger(__name__)

PAGE_PREFIX = "portal:page"
PORTAL_PREFIX = "/portal/"
API_PREFIX = "/api/v1/public/"

# Query parameters of portal pages whose value may be part of a cache key; a request with any other
# parameter (or a repeated one) is answered fresh and not cached, so arbitrary query strings cannot
# fill the cache.
CACHEABLE_PARAMS = frozenset({"q", "body", "kind", "start", "end", "page", "year"})
# The public API's parameters (the OpenAPI document's query parameters of its GET endpoints).
API_PARAMS = CACHEABLE_PARAMS | {"page_size", "date"}
MAX_PARAM_LENGTH = 64

# Answers that no publishing service invalidates and that must be live: the credential check (CRED-02:
# a suspension or revocation shows at once; the page's view says so itself with `no-cache`, the API
# endpoint does not) and anything of the complaint pages and the progress query (PUB-01, never stored).
NEVER_CACHED = (
    "/api/v1/public/disclosure/credentials/",
    "/api/v1/public/complaints/",
    "/portal/complaints/",
)


def setting(name: str, default):
    return getattr(settings, name, default)


def enabled() -> bool:
    return bool(setting("SANXIANG_PORTAL_CACHE", True))


def page_seconds() -> int:
    """How long the server keeps a page (bounded staleness for content no service invalidates)."""
    return int(setting("SANXIANG_PORTAL_CACHE_SECONDS", 300))


def max_bytes() -> int:
    """Larger responses (big CSV/XLSX exports, PDFs) are rebuilt on each request instead of cached."""
    return int(setting("SANXIANG_PORTAL_CACHE_MAX_BYTES", 1024 * 1024))


def normalised_query(request: HttpRequest, allowed: frozenset[str] = CACHEABLE_PARAMS) -> str | None:
    """The query string as a cache key part (sorted, trimmed, empty values dropped); None: don't cache."""
    pairs = []
    for name in request.GET:
        values = request.GET.getlist(name)
        if name not in allowed or len(values) != 1:
            return None
        value = " ".join(values[0].split())
        if len(value) > MAX_PARAM_LENGTH:
            return None
        if value:
            pairs.append(f"{name}={value}")
    return "&".join(sorted(pairs))


def page_key(request: HttpRequest) -> str | None:
    """The key of an anonymous GET of a portal page or a public API endpoint, or None when the
    request must not use the cache.

    Anonymous: no session cookie and no Authorization header (a staff client holding a token gets
    fresh answers and fills nothing). The key holds today's date, so answers that depend on it
    (DISC-06 period ends, credential validity) are never served across midnight.
    """
    path = request.path
    if (
        request.method != "GET"
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or not path.startswith((PORTAL_PREFIX, API_PREFIX))
        or path.startswith(NEVER_CACHED)
    ):
        return None
    query = normalised_query(request, API_PARAMS if path.startswith(API_PREFIX) else CACHEABLE_PARAMS)
    if query is None:
        return None
    raw = f"{request.scheme}://{request.get_host()}|{request.path}|{query}"  # pages may hold absolute URLs
    digest = hashlib.sha256(raw.encode()).hexdigest()
    return f"{PAGE_PREFIX}:{content_version()}:{timezone.localdate().isoformat()}:{digest}"


def cacheable(response: HttpResponse) -> bool:
    """Only complete, shareable 200 answers: the view did not choose its own caching, no cookies set.

    `Vary: Cookie` is no reason to refuse (the session middleware adds it to every page): only requests
    without a session cookie read or fill the cache, and a page with a CSRF token sets a cookie.
    """
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and len(response.content) <= max_bytes()
    )


def etag_of(response: HttpResponse) -> str:
    return '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'


def fetch(key: str) -> HttpResponse | None:
    return cache.get(key)


def store(key: str, response: HttpResponse) -> None:
    response["ETag"] = etag_of(response)
    cache.set(key, response, timeout=page_seconds())
