"""Session policy (AUTH-04): idle timeout and forced password change on first login (AUTH-01)."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

_LAST_SEEN = "sanxiang_last_seen"
_EXEMPT_PREFIXES = ("/static/", "/api/", "/accounts/logout/", "/accounts/password/")


class SessionPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith("/api/"):
            now = int(time.time())
            last_seen = request.session.get(_LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                logout(request)
                return redirect(f"{reverse('login')}?timeout=1")
            request.session[_LAST_SEEN] = now
            if user.must_change_password and not request.path.startswith(_EXEMPT_PREFIXES):
                return redirect("password_change")
        return self.get_response(request)
