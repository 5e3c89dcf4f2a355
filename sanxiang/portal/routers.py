"""PUB-04: every database read made while serving the public portal goes to the `portal` alias.

The portal alias is meant to connect as a PostgreSQL role that can SELECT only the published tables
(`dbrole.PUBLISHED`, `sanxiang portal role`), so a public view that strays into case data fails
with "permission denied" instead of showing it. `PortalReadMiddleware` (last in MIDDLEWARE, so only the
view and its template run inside) marks a public request in a context variable: thread- and
async-safe, and copied into the worker thread of a sync view under ASGI. `PortalRouter` reads it.

Exceptions, which stay on the default alias (the only public paths that touch non-published data):

- `EXCEPTED_PREFIXES`: the complaint form and the progress query (docs/evaluation.md). Submitting writes a
  complaint; the progress query reads the complainant's own record by its secret tracking code, which
  is not published data and must not be readable by the portal role.
- requests of a logged-in staff member: their session, user and inbox (a context processor) are
  staff data, and their pages are never stored in the page cache, so nothing they read reaches the
  public;
- writes of any kind (`db_for_write` is always `default`), and Django's database cache table
  (rate-limit and page-cache counters, when `CACHES` uses the database backend).
"""

from __future__ import annotations

import contextlib
from contextvars import Context, ContextVar, copy_context

from django.db import DEFAULT_DB_ALIAS, connections
from django.http import FileResponse

PORTAL_ALIAS = "portal"
PUBLIC_PREFIXES = ("/portal/", "/api/v1/public/")
EXCEPTED_PREFIXES = ("/portal/complaints/", "/api/v1/public/complaints/")
# DatabaseCache's model: counters are written and read by the same request, on the default alias.
ALWAYS_DEFAULT_APPS = frozenset({"django_cache"})

_serving_public: ContextVar[bool] = ContextVar("sanxiang_serving_public", default=False)


def serving_public() -> bool:
    return _serving_public.get()


@contextlib.contextmanager
def public_reads(on: bool = True):
    """Run a block as the public portal (or, with on=False, explicitly on the default alias)."""
    token = _serving_public.set(on)
    try:
        yield
    finally:
        _serving_public.reset(token)


def uses_portal_alias(path: str) -> bool:
    return path.startswith(PUBLIC_PREFIXES) and not path.startswith(EXCEPTED_PREFIXES)


def portal_alias_is_separate() -> bool:
    """Whether the portal alias reaches the database as someone else than the default alias.

    When both aliases name the same database as the same user (PostgreSQL without
    SANXIANG_PORTAL_DATABASE_URL, and every test database, where the alias is a TEST MIRROR of
    default) a second connection would give no protection, and under a test's transaction it would
    not even see the test's data: reads then stay on default.
    """
    if PORTAL_ALIAS not in connections.settings:
        return False
    portal, default = connections[PORTAL_ALIAS].settings_dict, connections[DEFAULT_DB_ALIAS].settings_dict
    keys = ("ENGINE", "NAME", "USER", "HOST", "PORT")
    return any(portal.get(k) != default.get(k) for k in keys)


class PortalRouter:
    """Reads of a public request go to the portal alias; writes always to default."""

    def db_for_read(self, model, **hints):
        if not serving_public() or model._meta.app_label in ALWAYS_DEFAULT_APPS:
            return None
        return PORTAL_ALIAS if portal_alias_is_separate() else DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        # Explicit: without it Django would write an object back to the alias it was read from.
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        aliases = {DEFAULT_DB_ALIAS, PORTAL_ALIAS}
        return True if {obj1._state.db, obj2._state.db} <= aliases else None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return False if db == PORTAL_ALIAS else None


class PortalReadMiddleware:
    """Marks public requests (see the module docstring); install it last in MIDDLEWARE."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if not uses_portal_alias(request.path) or (user is not None and user.is_authenticated):
            return self.get_response(request)
        with public_reads():
            response = self.get_response(request)
            if response.streaming and not response.is_async and not isinstance(response, FileResponse):
                # A generator body runs after this returns: keep its reads on the portal alias too.
                response.streaming_content = _in_context(copy_context(), response.streaming_content)
        return response


def _in_context(context: Context, chunks):
    iterator = iter(chunks)
    while True:
        try:
            yield context.run(next, iterator)
        except StopIteration:
            return
