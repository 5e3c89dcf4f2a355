"""Rate limits of the public portal and the open-data API against scraping (PUB-04).

A fixed window per client address and bucket, counted in Django's cache. Buckets and their default
limits (requests per window of seconds), each overridable in the setting SANXIANG_PORTAL_RATE_LIMITS:

- `page`: portal pages, 120 a minute;
- `search`: decision search (page and API), 30 a minute;
- `download`: CSV, XLSX, PDF, QR images and report exports, 20 a minute;
- `api`: the other `/api/v1/public/` endpoints, 120 a minute.

Staff pages, `/admin/`, the staff API and static files are outside these paths and never limited.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

PORTAL_PREFIX = "/portal/"
API_PREFIX = "/api/v1/public/"

DEFAULT_LIMITS = {
    "page": (120, 60),
    "search": (30, 60),
    "download": (20, 60),
    "api": (120, 60),
}

SEARCH_PATHS = ("/portal/decisions/", "/api/v1/public/publication/decisions")
DOWNLOAD_SUFFIXES = (".csv", ".xlsx", ".pdf", ".docx", ".png", ".svg")
DOWNLOAD_MARKERS = ("/download/", "/export/")


@dataclass(frozen=True)
class Verdict:
    bucket: str
    limit: int
    hits: int
    retry_after: int

    @property
    def allowed(self) -> bool:
        return self.hits <= self.limit


def limits() -> dict[str, tuple[int, int]]:
    return DEFAULT_LIMITS | dict(getattr(settings, "SANXIANG_PORTAL_RATE_LIMITS", {}))


def bucket_of(path: str) -> str | None:
    """Which limit a path falls under; None for everything that is not public."""
    if not (path.startswith(PORTAL_PREFIX) or path.startswith(API_PREFIX)):
        return None
    if path.endswith(DOWNLOAD_SUFFIXES) or any(m in path for m in DOWNLOAD_MARKERS):
        return "download"
    if path in SEARCH_PATHS or path.rstrip("/") in SEARCH_PATHS:
        return "search"
    return "api" if path.startswith(API_PREFIX) else "page"


def _address(value: str) -> str | None:
    try:
        address = ipaddress.ip_address(value.strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped:
            return str(address.ipv4_mapped)
        # One subscriber usually holds a whole /64: count it as one client.
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def client_address(request: HttpRequest) -> str:
    """REMOTE_ADDR, or, only when SANXIANG_PORTAL_TRUSTED_PROXY_HEADER names a header (for example
    "X-Forwarded-For"), the address that the trusted proxies saw: with SANXIANG_PORTAL_TRUSTED_PROXIES
    proxies appending to the header (default 1), the N-th entry from the right. Without the setting a
    forwarded header is ignored: anybody can send one."""
    header = getattr(settings, "SANXIANG_PORTAL_TRUSTED_PROXY_HEADER", "")
    if header:
        meta = "HTTP_" + header.upper().replace("-", "_")
        entries = [e for e in request.META.get(meta, "").split(",") if e.strip()]
        proxies = max(1, int(getattr(settings, "SANXIANG_PORTAL_TRUSTED_PROXIES", 1)))
        if entries:
            forwarded = _address(entries[-proxies] if len(entries) >= proxies else entries[0])
            if forwarded:
                return forwarded
    return _address(request.META.get("REMOTE_ADDR", "")) or "unknown"


def hit(request: HttpRequest) -> Verdict | None:
    """Count this request; None when the path is not limited or limits are switched off."""
    if not getattr(settings, "SANXIANG_PORTAL_RATE_LIMIT", True):
        return None
    bucket = bucket_of(request.path)
    if bucket is None:
        return None
    limit, window = limits()[bucket]
    now = time.time()
    slot = int(now // window)
    key = f"portal:rate:{bucket}:{client_address(request)}:{slot}"
    if cache.add(key, 1, timeout=window + 1):
        hits = 1
    else:
        try:
            hits = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window + 1)
            hits = 1
    retry_after = max(1, math.ceil((slot + 1) * window - now))
    return Verdict(bucket=bucket, limit=limit, hits=hits, retry_after=retry_after)
