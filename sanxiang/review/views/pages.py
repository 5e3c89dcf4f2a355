"""Read pages: the reviewer's workbench, a case's review file, one round, responsibility, statistics."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from sanxiang.orgs import permissions as perm

from .. import gate, selectors, statistics
from ..choices import Checkpoint, Opinion, SubmissionStatus
from ..forms import PeriodForm
from ..permissions import FLAG_ACTIONS, may_on_case
from .common import staff_view


@staff_view
def workbench(request):
    today = timezone.localdate()
    context = {
        "rows": selectors.queue(request.user, today),
        "alerts": selectors.review_alerts(request.user, today),
        "today": today,
    }
    return render(request, "review/workbench.html", context)


def _abilities(user, case) -> dict:
    return {
        "can_flag": may_on_case(user, case, *FLAG_ACTIONS),
        "can_submit": may_on_case(user, case, perm.CASE_HANDLE),
        "can_review": may_on_case(user, case, perm.CASE_REVIEW),
        "can_decide": may_on_case(user, case, perm.CASE_DECIDE),
    }


@staff_view
def case_review(request, case_id: int):
    file = selectors.review_file(request.user, case_id)
    context = {"file": file, "case": file.case, **_abilities(request.user, file.case)}
    return render(request, "review/case.html", context)


@staff_view
def round_detail(request, submission_id: int):
    submission = selectors.submission_detail(request.user, submission_id)
    case = submission.case
    answers = {a.checkpoint: a for a in submission.answers.all()}
    context = {
        "submission": submission,
        "case": case,
        "checklist": [(label, answers.get(code)) for code, label in Checkpoint.choices],
        "latest": gate.latest_round(case),
        "is_open": submission.status in (SubmissionStatus.PENDING, SubmissionStatus.UNDER_REVIEW),
        "disputable": submission.status == SubmissionStatus.DONE and submission.opinion != Opinion.APPROVE,
        "coordination": getattr(submission, "coordination", None),
        **_abilities(request.user, case),
    }
    return render(request, "review/round.html", context)


@staff_view
def responsibility(request, case_id: int):
    file, duties = selectors.responsibility(request.user, case_id)
    return render(request, "review/responsibility.html", {"file": file, "case": file.case, "duties": duties})


@staff_view
def statistics_page(request):
    """司法局执法监督: per-body review figures for a period (default: this year to date)."""
    form = PeriodForm(request.GET)
    valid = form.is_valid()
    if not valid:
        fallback = PeriodForm({})
        fallback.is_valid()
    period = form.cleaned_data if valid else fallback.cleaned_data
    rows = statistics.review_statistics(request.user, period["start"], period["end"])
    context = {"rows": rows, "period": period, "form": form, "minimum": statistics.REVIEWER_SHARE_MINIMUM}
    return render(request, "review/statistics.html", context, status=200 if valid else 400)
