"""The portal's middleware: rate limits, the whole-page cache (portal pages and the public JSON API)
and Cache-Control of public output.

Install it right after WhiteNoise in MIDDLEWARE ("sanxiang.portal.middleware.PortalMiddleware"), so a
refused or cached request skips sessions, CSRF and authentication. It only acts on `/portal/` and
`/api/v1/public/`; staff pages, the staff API and `/admin/` pass through untouched.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified, JsonResponse
from django.template.loader import render_to_string

from . import cache, ratelimit

# PUB-01: pages and answers that may show a complainant's data are never stored anywhere.
NO_STORE_PREFIXES = ("/portal/complaints/", "/api/v1/public/complaints/")
# PUB-03: a withdrawn decision must leave no cached copy, so browsers and CDNs revalidate decisions
# on every use (cheap: the server answers from its own cache, which withdrawal invalidates).
REVALIDATE_PREFIXES = ("/portal/decisions/", "/api/v1/public/publication/")

RATE_LIMITED_MESSAGE = "访问过于频繁，请在 {seconds} 秒后再试。"


def max_age() -> int:
    return int(getattr(settings, "SANXIANG_PORTAL_MAX_AGE", 60))


def is_public(path: str) -> bool:
    return path.startswith(ratelimit.PORTAL_PREFIX) or path.startswith(ratelimit.API_PREFIX)


def rate_limited(request: HttpRequest, verdict: ratelimit.Verdict) -> HttpResponse:
    """429 with Retry-After: the API's one JSON error shape, a Chinese page for the portal."""
    message = RATE_LIMITED_MESSAGE.format(seconds=verdict.retry_after)
    if request.path.startswith(ratelimit.API_PREFIX):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "rate_limited", "message": message}}, status=429
        )
    else:
        html = render_to_string("portal/rate_limited.html", {"message": message, "verdict": verdict})
        response = HttpResponse(html, status=429, content_type="text/html; charset=utf-8")
        response["X-Frame-Options"] = "DENY"  # the clickjacking middleware further in is skipped
    response["Retry-After"] = str(verdict.retry_after)
    return response


def apply_cache_control(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    path = request.path
    if (
        path.startswith(NO_STORE_PREFIXES)
        or request.method not in ("GET", "HEAD")
        or response.status_code == 429
    ):
        response["Cache-Control"] = "private, no-store"
    elif response.has_header("Cache-Control"):
        pass  # the view knows better (e.g. the live credential check answers no-cache, CRED-02)
    elif response.cookies:
        response["Cache-Control"] = "private, no-cache"
    elif path.startswith(REVALIDATE_PREFIXES) or response.status_code not in (200, 304):
        response["Cache-Control"] = "no-cache"
    else:
        response["Cache-Control"] = f"public, max-age={max_age()}"
    return response


class PortalMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_public(request.path):
            return self.get_response(request)
        verdict = ratelimit.hit(request)
        if verdict is not None and not verdict.allowed:
            return apply_cache_control(request, rate_limited(request, verdict))
        # Counted above before the cache is asked: a hit costs the client its quota like a miss.
        key = cache.page_key(request) if cache.enabled() else None
        if key is not None:
            cached = cache.fetch(key)
            if cached is not None:
                return apply_cache_control(request, self._from_cache(request, cached))
        response = self.get_response(request)
        if key is not None and cache.cacheable(response):
            cache.store(key, response)
            response["X-Portal-Cache"] = "miss"
        return apply_cache_control(request, response)

    @staticmethod
    def _from_cache(request: HttpRequest, cached: HttpResponse) -> HttpResponse:
        etag = cached.get("ETag", "")
        if etag and etag in request.headers.get("If-None-Match", ""):
            response: HttpResponse = HttpResponseNotModified()
            # RFC 9110 15.4.5: a 304 carries the ETag and Vary the 200 would have carried.
            for header in ("ETag", "Vary", "Content-Language"):
                if cached.has_header(header):
                    response[header] = cached[header]
        else:
            response = cached
        response["X-Portal-Cache"] = "hit"
        return response
