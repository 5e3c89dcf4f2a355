"""Supervision figures per body (for the justice bureau and agency heads); definitions in docs/review.md."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Prefetch, Q

from sanxiang.cases.models import Case, Party
from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.orgs.choices import CREDENTIAL_ELIGIBLE_STAFF, CredentialStatus, Role
from sanxiang.orgs.models import EnforcementBody, Officer, RoleGrant
from sanxiang.workdays.selectors import workdays_between

from . import classify, gate
from .choices import CatalogueStatus, FlagStatus, Opinion, SubmissionStatus
from .decisions import CURRENT_MAJOR, STALE, with_decision_state
from .models import Catalogue, CatalogueItem, ManualFlag, Submission
from .permissions import statistics_body_ids
from .selectors import bodies_without_published_catalogue

REVIEWER_SHARE_MINIMUM = Decimal("0.05")  # REV-03
STALE_BATCH = 500  # decisions classified again per query pair (SQLite caps the parameters of one query)


@dataclass
class BodyStatistics:
    """One body's legal-review figures for a period (definitions in docs/review.md §9)."""

    body: EnforcementBody
    reviews_done: int = 0
    average_workdays: Decimal | None = None
    overdue_done: int = 0
    overdue_open: int = 0
    returned: int = 0
    return_rate: Decimal | None = None
    incomplete_returns: int = 0
    reviewers: int = 0
    officers: int = 0
    reviewer_share: Decimal | None = None
    catalogue_published: bool = False
    unreviewed_decisions: list[Case] = field(default_factory=list)

    @property
    def overdue(self) -> int:
        return self.overdue_done + self.overdue_open

    @property
    def meets_reviewer_share(self) -> bool:
        return self.reviewer_share is not None and self.reviewer_share >= REVIEWER_SHARE_MINIMUM


def _ratio(part: int, whole: int, places: str = "0.0001") -> Decimal | None:
    return (Decimal(part) / Decimal(whole)).quantize(Decimal(places), ROUND_HALF_UP) if whole else None


def visible_bodies(user, body_id: int | None = None) -> list[EnforcementBody]:
    """Supervisors: every active body; agency heads: their own; others: 403; another body asked for: 404."""
    allowed = statistics_body_ids(user)
    if allowed is not None and not allowed:
        raise Forbidden("只有司法局执法监督人员和机关负责人可以查看法制审核统计")
    bodies = EnforcementBody.objects.filter(is_active=True).order_by("name")
    if allowed is not None:
        bodies = bodies.filter(pk__in=allowed)
    if body_id is not None:
        bodies = bodies.filter(pk=body_id)
        if not bodies.exists():
            raise NotFound("执法主体不存在")
    return list(bodies)


def _flag_counted_on(flag: ManualFlag, day: datetime.date) -> bool:
    if flag.flagged_on > day:
        return False
    return flag.status != FlagStatus.REMOVED or (flag.removal_decided_on or day) > day


def _catalogue_picker(body_ids: list[int]):
    """Every version in force, loaded once; picks the city's and the body's version for a day."""
    items = Prefetch("items", queryset=CatalogueItem.objects.order_by("number"))
    rows = list(
        Catalogue.objects.filter(status=CatalogueStatus.IN_FORCE)
        .filter(Q(body__isnull=True) | Q(body_id__in=body_ids))
        .select_related("body")
        .prefetch_related(items)
        .order_by("-effective_from", "-version")
    )

    def pick(body_id: int, day: datetime.date) -> tuple:
        city = next((c for c in rows if c.body_id is None and c.effective_from <= day), None)
        own = next((c for c in rows if c.body_id == body_id and c.effective_from <= day), None)
        return city, own

    return pick


def unreviewed_decisions(
    body_ids: list[int], start: datetime.date, end: datetime.date
) -> dict[int, list[Case]]:
    """Decisions in the period whose FINAL penalties were major (catalogue in force on the decision
    date, or a hand-made flag counting then) but have no review that resolves them. Must be zero.

    The classification stored when the decision was made (`decisions.py`) answers in SQL for every
    decision whose stored row is still current; only the others (a catalogue put in force
    retroactively, data written around the services) are classified here in Python. Then only the
    major ones are loaded with their review rounds and investigators to check the resolution.
    """
    decided = Case.objects.filter(body_id__in=body_ids, decided_on__range=(start, end))
    # One pass over the stored rows: the current major ones, and the stale ones (normally none).
    # filter(__in), not exclude(): exclude adds an IS NOT NULL test that evaluates the subquery twice.
    rows = with_decision_state(decided).order_by().filter(decision_state__in=(STALE, CURRENT_MAJOR))
    major_ids, stale = [], []
    for case_id, state in rows.values_list("id", "decision_state"):
        (stale if state == STALE else major_ids).append(case_id)
    # Joined from the flags' side (a handful), not `case__in=<every decided case>`.
    flags = ManualFlag.objects.filter(
        case__body_id__in=body_ids, case__decided_on__range=(start, end)
    ).annotate(decided_on=F("case__decided_on"))
    for flag in flags:
        if _flag_counted_on(flag, flag.decided_on):
            major_ids.append(flag.case_id)
    pick = _catalogue_picker(body_ids)
    columns = ("id", "body_id", "decided_on", "final_penalties", "hearing_held_on")
    for first in range(0, len(stale), STALE_BATCH):
        batch = stale[first : first + STALE_BATCH]
        parties: dict[int, list[str]] = defaultdict(list)
        for case_id, kind in Party.objects.filter(case__in=batch).values_list("case_id", "kind"):
            parties[case_id].append(kind)
        for case in Case.objects.filter(pk__in=batch).only(*columns):
            party = classify.party_kind(case, parties[case.pk])
            catalogues = pick(case.body_id, case.decided_on)
            result = classify.classify(
                case, case.final_penalties, case.decided_on, catalogues=catalogues, party=party
            )
            if result.major:
                major_ids.append(case.pk)
    rounds = Submission.objects.select_related("reviewer", "coordination__decided_by").prefetch_related(
        "discussions__recorded_by"
    )
    majors = (
        Case.objects.filter(pk__in=major_ids)
        .select_related("body")
        .prefetch_related("assignments__officer", Prefetch("review_submissions", queryset=rounds))
        .order_by("decided_on", "id")
    )
    found: dict[int, list[Case]] = defaultdict(list)
    for case in majors:
        if not gate.resolution(case, case.final_penalties).passed:
            found[case.body_id].append(case)
    return found


def review_statistics(
    user, start: datetime.date, end: datetime.date, body_id: int | None = None
) -> list[BodyStatistics]:
    """The figures of docs/review.md §9 per body the user may supervise, for the period."""
    bodies = visible_bodies(user, body_id)
    ids = [b.pk for b in bodies]
    stats = {b.pk: BodyStatistics(b) for b in bodies}
    done = Submission.objects.filter(
        case__body_id__in=ids, status=SubmissionStatus.DONE, opinion_on__range=(start, end)
    ).values_list("case__body_id", "accepted_on", "opinion_on", "due_on", "opinion")
    spent: dict[int, list[int]] = defaultdict(list)
    for body, accepted, answered, due, opinion in done:
        row = stats[body]
        row.reviews_done += 1
        spent[body].append(workdays_between(accepted, answered).count)
        row.overdue_done += bool(due and answered > due)
        row.returned += opinion in (Opinion.CORRECT, Opinion.DISAPPROVE)
    open_late = (
        Submission.objects.filter(case__body_id__in=ids, status=SubmissionStatus.UNDER_REVIEW, due_on__lt=end)
        .values("case__body_id")
        .annotate(n=Count("id"))
    )
    incomplete = (
        Submission.objects.filter(
            case__body_id__in=ids, status=SubmissionStatus.RETURNED, returned_on__range=(start, end)
        )
        .values("case__body_id")
        .annotate(n=Count("id"))
    )
    reviewers = RoleGrant.objects.filter(body_id__in=ids, role=Role.LEGAL_REVIEWER, user__is_active=True)
    reviewers = reviewers.values("body_id").annotate(n=Count("user", distinct=True))
    valid = Q(
        credentials__status=CredentialStatus.VALID,
        credentials__valid_from__lte=end,
        credentials__valid_until__gte=end,
    )
    officers = Officer.objects.filter(
        valid, body_id__in=ids, is_active=True, staff_type__in=CREDENTIAL_ELIGIBLE_STAFF
    )
    officers = officers.values("body_id").annotate(n=Count("id", distinct=True))
    for rows, attr, key in (
        (open_late, "overdue_open", "case__body_id"),
        (incomplete, "incomplete_returns", "case__body_id"),
        (reviewers, "reviewers", "body_id"),
        (officers, "officers", "body_id"),
    ):
        for r in rows:
            setattr(stats[r[key]], attr, r["n"])
    gaps = set(bodies_without_published_catalogue(end).filter(pk__in=ids).values_list("pk", flat=True))
    missing = unreviewed_decisions(ids, start, end)
    for body_id_, row in stats.items():
        days = spent.get(body_id_)
        row.average_workdays = _ratio(sum(days), len(days), "0.1") if days else None
        row.return_rate = _ratio(row.returned, row.reviews_done)
        row.reviewer_share = _ratio(row.reviewers, row.officers)
        row.catalogue_published = body_id_ not in gaps
        row.unreviewed_decisions = missing.get(body_id_, [])
    return list(stats.values())
