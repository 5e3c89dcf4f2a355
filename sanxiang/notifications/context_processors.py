"""The unread badge of the staff navigation (base.html): one COUNT, and only when a page shows it."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread(request) -> dict:
    # Lazy: pages that never render the badge (the portal, downloads) pay no query at all.
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(getattr(request, "user", None)))}
