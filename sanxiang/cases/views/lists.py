"""List pages: the user's own open cases with deadline alerts, and every visible case."""

from __future__ import annotations

import datetime

from django import forms
from django.shortcuts import render
from django.utils import timezone

from .. import selectors
from ..choices import CaseState
from ..deadlines import DeadlineStatus
from . import options
from .common import paginate, staff_view

ALERTS_SHOWN = 30


class CaseFilterForm(forms.Form):
    q = forms.CharField(label="搜索", required=False, max_length=100)
    state = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *CaseState.choices])
    body = forms.TypedChoiceField(label="执法主体", required=False, coerce=int, empty_value=None)
    open_only = forms.BooleanField(label="仅显示未办结案件", required=False)

    def __init__(self, *args, bodies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs["placeholder"] = "案件编号、线索登记号、案由或当事人"
        if len(bodies) > 1:
            self.fields["body"].choices = [("", "全部执法主体"), *((b.pk, b.name) for b in bodies)]
        else:
            del self.fields["body"]


def most_urgent(case, today: datetime.date) -> DeadlineStatus | None:
    running = selectors.running_deadlines(case, today)
    return min(running, key=lambda s: s.deadline.due_date) if running else None


def _rows(page, today: datetime.date) -> list[tuple]:
    return [(case, most_urgent(case, today)) for case in page.object_list]


@staff_view
def my_cases(request):
    """我的案件: open cases assigned to the user, and the deadline alerts of every visible case."""
    today = timezone.localdate()
    page = paginate(request, selectors.case_list(request.user, mine=True, open_only=True))
    # Alerts come ordered by due date, so overdue (red) rows precede the ones due soon (yellow).
    alerts, more = selectors.deadline_alerts_head(request.user, today, ALERTS_SHOWN)
    context = {
        "page": page,
        "rows": _rows(page, today),
        "alerts": alerts,
        "alerts_more": more,
        "today": today,
    }
    return render(request, "cases/my_cases.html", context)


@staff_view
def case_list(request):
    """All visible cases, filtered and paginated; a constant number of queries per page."""
    bodies = list(options.bodies_with_visible_cases(request.user))
    filters = CaseFilterForm(request.GET or None, bodies=bodies)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    cases = selectors.case_list(
        request.user,
        state=criteria.get("state") or "",
        q=(criteria.get("q") or "").strip(),
        body_id=criteria.get("body"),
        open_only=bool(criteria.get("open_only")),
    )
    page = paginate(request, cases)
    today = timezone.localdate()
    context = {"page": page, "rows": _rows(page, today), "filters": filters, "today": today}
    return render(request, "cases/list.html", context)
