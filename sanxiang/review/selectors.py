"""Every read of the review app, scoped to the acting user through orgs.access (AUTHZ-02)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from sanxiang.cases.choices import Light
from sanxiang.cases.models import Case, CaseEvent
from sanxiang.core.errors import NotFound
from sanxiang.ledger.models import Entry
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody
from sanxiang.workdays.selectors import add_workdays, workdays_between

from . import classify, gate
from .choices import OPEN_SUBMISSION, CatalogueStatus, SubmissionStatus
from .models import (
    BenchmarkRange,
    Catalogue,
    CatalogueItem,
    Classification,
    CollectiveDiscussion,
    Coordination,
    ManualFlag,
    Submission,
    ViolationType,
)
from .permissions import can_read_catalogue, catalogue_body_ids

DUE_SOON_WORKDAYS = 3


# --- cases and rounds ----------------------------------------------------------------------------


def case_for(user, case_id: int) -> Case:
    rows = Case.objects.select_related("body", "department").prefetch_related(
        "parties", "assignments__officer"
    )
    return access.get_for(user, rows, pk=case_id)


def case_by_public_id(user, public_id) -> Case:
    return access.get_for(user, Case.objects.select_related("body"), public_id=public_id)


def rounds(case: Case) -> list[Submission]:
    """Every round of the case with what the pages show, in a fixed number of queries."""
    return list(
        Submission.objects.filter(case=case)
        .select_related(
            "submitted_by", "accepted_by", "reviewer", "returned_by", "violation_type", "coordination"
        )
        .prefetch_related("materials__content_type", "answers", "adviser_opinions__recorded_by")
        .order_by("round")
    )


@dataclass
class ReviewFile:
    """Everything the review pages show about one case."""

    case: Case
    classification: Classification | None
    classifications: list[Classification]
    flags: list[ManualFlag]
    rounds: list[Submission]
    coordinations: list[Coordination]
    discussions: list[CollectiveDiscussion]
    standing: gate.Standing

    @property
    def open_round(self) -> Submission | None:
        return next((s for s in self.rounds if s.status in OPEN_SUBMISSION), None)


def review_file(user, case_id: int) -> ReviewFile:
    """The review file of a case the user may see (404 otherwise)."""
    case = case_for(user, case_id)
    classifications = list(Classification.objects.filter(case=case).order_by("id"))
    return ReviewFile(
        case=case,
        classification=classifications[-1] if classifications else None,
        classifications=classifications,
        flags=list(ManualFlag.objects.filter(case=case).select_related("flagged_by", "removal_requested_by")),
        rounds=rounds(case),
        coordinations=list(
            Coordination.objects.filter(case=case).select_related("opened_by", "decided_by", "submission")
        ),
        discussions=list(CollectiveDiscussion.objects.filter(case=case).select_related("recorded_by")),
        standing=gate.standing(case),
    )


def submission_detail(user, submission_id: int) -> Submission:
    """One round with its materials, answers and advisers, if the user may see its case."""
    rows = Submission.objects.select_related(
        "case", "case__body", "case__department", "submitted_by", "reviewer", "violation_type"
    ).prefetch_related("materials__content_type", "answers", "adviser_opinions", "case__parties")
    return access.get_for(user, rows, pk=submission_id)


# --- the reviewer's queue and the deadline scan ----------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    submission: Submission
    light: str  # "" while waiting for acceptance (the clock has not started)
    workdays_left: int | None

    @property
    def label(self) -> str:
        return Light(self.light).label if self.light else "待受理"


def _light(submission: Submission, today: datetime.date, limit: datetime.date) -> QueueRow:
    due = submission.due_on
    if submission.status != SubmissionStatus.UNDER_REVIEW or due is None:
        return QueueRow(submission, "", None)
    light = Light.RED if due < today else Light.YELLOW if due <= limit else Light.GREEN
    left = workdays_between(today, due).count if due >= today else -workdays_between(due, today).count
    return QueueRow(submission, light, left)


def queue(user, today: datetime.date) -> list[QueueRow]:
    """工作台: rounds waiting for acceptance or under review in cases the user may review."""
    limit = add_workdays(today, DUE_SOON_WORKDAYS).date
    rows = access.scope(user, Submission.objects.all(), perm.CASE_REVIEW)
    rows = rows.filter(status__in=OPEN_SUBMISSION).select_related(
        "case", "case__body", "submitted_by", "reviewer"
    )
    return sorted(
        (_light(s, today, limit) for s in rows),
        key=lambda r: (r.submission.due_on or datetime.date.max, r.submission.submitted_on),
    )


@dataclass(frozen=True)
class ReviewAlert:
    submission: Submission
    case: Case
    due_on: datetime.date
    light: str
    workdays_left: int


def system_review_alerts(
    today: datetime.date, *, body_id: int | None = None, submissions: QuerySet | None = None
) -> list[ReviewAlert]:
    """Reviews overdue or due within 3 working days (REV-07); one indexed query, no user scope."""
    limit = add_workdays(today, DUE_SOON_WORKDAYS).date
    rows = Submission.objects.all() if submissions is None else submissions
    rows = rows.filter(status=SubmissionStatus.UNDER_REVIEW, due_on__lte=limit)
    if body_id:
        rows = rows.filter(case__body_id=body_id)
    alerts = []
    for s in rows.select_related("case", "case__body").order_by("due_on", "id"):
        row = _light(s, today, limit)
        alerts.append(ReviewAlert(s, s.case, s.due_on, row.light, row.workdays_left))
    return alerts


def review_alerts(user, today: datetime.date, body_id: int | None = None) -> list[ReviewAlert]:
    """The same scan over the reviews the user may see (for the body's deadline scan and pages)."""
    visible = access.scope(user, Submission.objects.all(), perm.CASE_VIEW)
    return system_review_alerts(today, body_id=body_id, submissions=visible)


# --- catalogue and benchmarks --------------------------------------------------------------------


def catalogues_for(user) -> list[Catalogue]:
    """The city default versions and those of the user's bodies (every body for supervisors)."""
    rows = Catalogue.objects.select_related("body").order_by("body__name", "-version")
    if access.is_city_supervisor(user):
        return list(rows)
    if not access.grants_of(user):
        return []
    return list(rows.filter(Q(body__isnull=True) | Q(body_id__in=catalogue_body_ids(user))))


def catalogue_detail(user, catalogue_id: int) -> Catalogue:
    """One catalogue version with its items: the city default for anyone with a grant, a body's for its staff."""
    catalogue = (
        Catalogue.objects.select_related("body")
        .prefetch_related(Prefetch("items", queryset=CatalogueItem.objects.order_by("number")))
        .filter(pk=catalogue_id)
        .first()
    )
    if catalogue is None or not can_read_catalogue(user, catalogue.body_id):
        raise NotFound("目录不存在")
    return catalogue


def effective_catalogue(body: EnforcementBody, day: datetime.date) -> list[tuple[Catalogue, CatalogueItem]]:
    """A body's catalogue on `day`: the city default's items, then its own (docs/review.md)."""
    return [(c, item) for c in classify.effective(body.pk, day) if c for item in c.items.all()]


def bodies_without_published_catalogue(day: datetime.date | None = None) -> QuerySet[EnforcementBody]:
    """REV-06: active bodies with no own catalogue version that is in force on `day` and published."""
    day = day or datetime.date.today()
    published = Catalogue.objects.filter(
        body__isnull=False,  # NOT IN with a NULL would match nothing
        status=CatalogueStatus.IN_FORCE,
        effective_from__lte=day,
        published=True,
        published_on__lte=day,
    ).values("body_id")
    return EnforcementBody.objects.filter(is_active=True).exclude(pk__in=published).order_by("name")


def violation_types(body_id: int | None) -> list[ViolationType]:
    """The active benchmarks a body's submissions may name: its own and the city's."""
    rows = ViolationType.objects.filter(is_active=True).prefetch_related(
        Prefetch("ranges", queryset=BenchmarkRange.objects.order_by("circumstance"))
    )
    if body_id is None:
        return list(rows.filter(body__isnull=True))
    return list(rows.filter(Q(body__isnull=True) | Q(body_id=body_id)).order_by("body_id", "code"))


def violation_types_for(user) -> list[ViolationType]:
    """For the management page: the city's and the user's bodies' (every body's for supervisors)."""
    rows = ViolationType.objects.select_related("body").prefetch_related("ranges").order_by("body_id", "code")
    if access.is_city_supervisor(user):
        return list(rows)
    if not access.grants_of(user):
        return []
    return list(rows.filter(Q(body__isnull=True) | Q(body_id__in=catalogue_body_ids(user))))


def violation_detail(user, violation_id: int) -> ViolationType:
    violation = (
        ViolationType.objects.select_related("body")
        .prefetch_related("ranges")
        .filter(pk=violation_id)
        .first()
    )
    if violation is None or not can_read_catalogue(user, violation.body_id):
        raise NotFound("裁量基准不存在")
    return violation


# --- responsibility (审核责任) ----------------------------------------------------------------------


@dataclass(frozen=True)
class Duty:
    role: str
    who: str
    on: datetime.date | None
    ledger_index: int | None
    detail: str = ""
    at: datetime.datetime | None = None


def _name(user) -> str:
    return (user.display_name or user.username) if user else "系统"


def _duties(file: ReviewFile, decisions: list[CaseEvent]) -> list[Duty]:
    rows: list[Duty] = []
    for f in file.flags:
        rows.append(
            Duty(
                "人工标记重大执法决定",
                _name(f.flagged_by),
                f.flagged_on,
                f.ledger.get("flagged"),
                f.get_factor_display(),
            )
        )
        if f.removal_decided_by_id:
            approved = "批准撤销标记" if f.status == "removed" else "不批准撤销标记"
            rows.append(
                Duty(
                    approved,
                    _name(f.removal_decided_by),
                    f.removal_decided_on,
                    f.ledger.get("removal_decided"),
                )
            )
    for s in file.rounds:
        n = f"第 {s.round} 轮"
        rows.append(
            Duty(f"{n}送审（承办机构）", _name(s.submitted_by), s.submitted_on, s.ledger.get("submitted"))
        )
        if s.returned_by_id:
            rows.append(
                Duty(f"{n}退回补正材料", _name(s.returned_by), s.returned_on, s.ledger.get("returned"))
            )
        if s.accepted_by_id:
            rows.append(Duty(f"{n}受理", _name(s.accepted_by), s.accepted_on, s.ledger.get("accepted")))
        for a in s.adviser_opinions.all():
            rows.append(
                Duty(f"{n}{a.get_adviser_kind_display()}意见", a.adviser_name, a.given_on, a.ledger_index)
            )
        if s.extension_decided_by_id:
            rows.append(
                Duty(
                    f"{n}延期审批",
                    _name(s.extension_decided_by),
                    s.extension_decided_on,
                    s.ledger.get("extension_decided"),
                    s.get_extension_status_display(),
                )
            )
        if s.opinion:
            rows.append(
                Duty(
                    f"{n}法制审核",
                    _name(s.reviewer),
                    s.opinion_on,
                    s.ledger.get("opinion"),
                    s.get_opinion_display(),
                )
            )
    for c in file.coordinations:
        rows.append(Duty("提出协调（承办机构）", _name(c.opened_by), c.opened_on, c.ledger.get("opened")))
        if c.decided_by_id:
            rows.append(
                Duty(
                    "协调决定（机关负责人）",
                    _name(c.decided_by),
                    c.decided_on,
                    c.ledger.get("decided"),
                    c.get_outcome_display(),
                )
            )
    for d in file.discussions:
        names = "、".join(p["name"] for p in d.participants)
        rows.append(
            Duty(
                "集体讨论",
                f"{d.presided_by}主持；{names}",
                d.held_on,
                d.ledger_index,
                d.get_conclusion_display(),
            )
        )
    for e in decisions:
        rows.append(
            Duty(
                "作出决定（审批）",
                _name(e.actor),
                e.effective_on,
                e.ledger_index,
                file.case.decision_number or "",
            )
        )
    return rows


def responsibility(user, case_id: int) -> tuple[ReviewFile, list[Duty]]:
    """审核责任: who submitted, reviewed, advised, coordinated and approved, with ledger references."""
    file = review_file(user, case_id)
    decisions = list(CaseEvent.objects.filter(case=file.case, transition="decide").select_related("actor"))
    rows = _duties(file, decisions)
    times = dict(
        Entry.objects.filter(
            index__in=[r.ledger_index for r in rows if r.ledger_index is not None]
        ).values_list("index", "created_at")
    )
    rows = [Duty(r.role, r.who, r.on, r.ledger_index, r.detail, times.get(r.ledger_index)) for r in rows]
    return file, sorted(
        rows, key=lambda r: (r.at is None, r.at or datetime.datetime.min.replace(tzinfo=datetime.UTC))
    )
