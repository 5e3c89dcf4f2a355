"""What the evaluation app adds to other apps' pages (hooks of sanxiang.core.hooks)."""

from __future__ import annotations

from django.urls import reverse

from sanxiang.core import hooks

from . import selectors

SCORECARD_PANELS = "supervision.scorecard_panels"  # declared in sanxiang.supervision.views


def scorecard_panel(body, user, **_kwargs) -> dict | None:
    """A body's open rectification items on its scorecard (issue 6 §6), for whoever may see them."""
    visible = selectors.notices_for(user).filter(body=body)
    items = (
        selectors.open_rectifications(body)
        .filter(notice__in=visible)
        .order_by("deadline", "notice_id", "number")
    )
    rows = [
        (
            f"{item.notice.number or item.notice.title} 第 {item.number} 项",
            f"{item.get_status_display()}，整改期限 {item.deadline:%Y-%m-%d}",
            reverse("evaluation:notice", args=[item.notice_id]),
        )
        for item in items[:20]
    ]
    return {"title": "未完成的整改事项", "rows": rows, "more_url": reverse("evaluation:notices")}


def register() -> None:
    hooks.register(SCORECARD_PANELS, scorecard_panel)
