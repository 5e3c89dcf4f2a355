"""What this app adds to lower apps' pages: the whole-process timeline and the export button."""

from __future__ import annotations

from django.urls import reverse

from sanxiang.cases import procedure
from sanxiang.core import hooks


@hooks.handles(procedure.DETAIL_CONTEXT)
def case_page_timeline(case, user, **_kwargs) -> dict:
    """The case page's timeline: every step, who, when, its documents and files (with thumbnails)."""
    from . import selectors

    return {
        "archive_timeline": selectors.timeline(user, case),
        "archive_url": reverse("archive:case", args=[case.pk]) if selectors.may_export(user, case) else "",
    }
