"""The evaluators' read right on the files drawn for their team (issue 6 §3, AUTHZ-02).

An evaluator from another body (交叉评查) holds no role grant on the evaluated body. This extra grant
source, registered with `orgs.access` in `EvaluationConfig.ready()`, lets them read exactly the case
files sampled for their team while the plan is open — the case page, its documents and evidence with
their downloads (each download still writes its custody row) — and nothing else: only READ actions,
so every transition, upload or signature still answers 403, and any other case of that body 404.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet

from sanxiang.orgs import permissions as perm

from .choices import PlanStatus
from .models import SampledFile, Team


def sampled_case_ids(user, action: str, model) -> QuerySet | None:
    """Case ids drawn in a plan that is not closed, for a body a team of that plan with `user` evaluates."""
    if action != perm.CASE_VIEW:
        return None
    teams = Team.objects.filter(plan=OuterRef("plan"), members=user, bodies=OuterRef("body"))
    return (
        SampledFile.objects.exclude(plan__status=PlanStatus.CLOSED)
        .filter(Exists(teams))
        .values_list("case_id", flat=True)
    )
