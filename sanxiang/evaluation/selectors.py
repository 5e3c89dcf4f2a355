"""Every read of the evaluation app, scoped to the acting user (AUTHZ-02: others' rows answer 404).

The selectors at the end (`open_rectifications`, `complaint_counts`, `evaluations_this_year`,
`bodies_not_evaluated`) take a body or a year, not a user: they feed supervision's indicators and
dashboard, which scope by their own rules, and return counts and ids rather than personal data.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, F, Q, QuerySet, Sum

from sanxiang.cases.models import Case, CaseEvent
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.documents.models import Document
from sanxiang.evidence.models import Evidence
from sanxiang.ledger.selectors import entries_for_subject
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody

from .choices import OPEN_ITEM_STATES, ArticleStatus, ComplaintStatus, EvaluationStatus, NoticeStatus
from .models import (
    Complaint,
    Evaluation,
    Finding,
    InspectionPlan,
    Notice,
    NoticeItem,
    PracticeArticle,
    SampledFile,
)
from .services.common import user_body_ids
from .services.plans import evaluable_bodies


def is_manager(user) -> bool:
    return access.can(user, perm.SUPERVISION_MANAGE)


# --- plans and samples -------------------------------------------------------------------------


def plans_for(user) -> QuerySet[InspectionPlan]:
    """Managers see every plan; an evaluator sees the plans of the teams they are in."""
    plans = InspectionPlan.objects.select_related("rubric")
    if is_manager(user):
        return plans
    if not user.is_authenticated:
        return plans.none()
    return plans.filter(teams__members=user).distinct()


def plan_for(user, plan_id: int) -> InspectionPlan:
    plan = plans_for(user).filter(pk=plan_id).first()
    if plan is None:
        raise NotFound("专项检查不存在")
    return plan


def samples_for(user, plan: InspectionPlan) -> QuerySet[SampledFile]:
    """An evaluator sees only the files of the bodies their teams evaluate, never their own body's."""
    samples = plan.samples.select_related("case", "body", "evaluation", "evaluation__evaluator")
    if is_manager(user):
        return samples
    assigned = plan.teams.filter(members=user).values("bodies")
    return samples.filter(body__in=assigned).exclude(body__in=user_body_ids(user))


def sample_for(user, sample_id: int) -> SampledFile:
    sample = SampledFile.objects.select_related("plan__rubric", "case", "body").filter(pk=sample_id).first()
    if sample is None or not samples_for(user, sample.plan).filter(pk=sample.pk).exists():
        raise NotFound("抽查案卷不存在")
    return sample


@dataclass
class CaseFile:
    """The read-only electronic case file shown beside the score sheet."""

    case: Case
    documents: list
    evidence: list
    events: list
    ledger: list
    linkable: bool  # the user may open the case's own pages (documents, evidence downloads)


def case_file(user, sample: SampledFile) -> CaseFile:
    """Read after `sample_for` allowed the sample: an evaluator from another body has no case.view
    grant on it, so these reads are deliberately unscoped, limited to this one drawn case."""
    case = Case.objects.select_related("body", "department").get(pk=sample.case_id)
    documents = list(Document.objects.filter(case=case).order_by("issued_at", "id"))
    evidence = list(
        Evidence.objects.filter(case=case).select_related("recorded_by").order_by("created_at", "id")
    )
    events = list(CaseEvent.objects.filter(case=case).order_by("id"))
    ledger = list(entries_for_subject("case", str(case.public_id)).order_by("index"))
    return CaseFile(case, documents, evidence, events, ledger, access.allowed_on(user, case, perm.CASE_VIEW))


@dataclass
class BodyResult:
    body: EnforcementBody
    sampled: int = 0
    scored: int = 0
    vetoed: int = 0
    average: Decimal | None = None
    grades: dict[str, int] = field(default_factory=dict)


def results_by_body(plan: InspectionPlan) -> list[BodyResult]:
    """Per body: files drawn and scored, files vetoed, the average total and the grade counts."""
    results = {pb.body_id: BodyResult(pb.body) for pb in plan.plan_bodies.select_related("body")}
    for row in plan.samples.values("body").annotate(n=Count("id")):
        results[row["body"]].sampled = row["n"]
    submitted = Evaluation.objects.filter(sample__plan=plan, status=EvaluationStatus.SUBMITTED)
    for row in submitted.values("sample__body").annotate(
        n=Count("id"), avg=Avg("total"), vetoed=Count("id", filter=Q(vetoed=True))
    ):
        result = results[row["sample__body"]]
        result.scored, result.vetoed = row["n"], row["vetoed"]
        result.average = Decimal(str(row["avg"])).quantize(Decimal("0.1"))
    for row in submitted.values("sample__body", "grade_label").annotate(n=Count("id")):
        results[row["sample__body"]].grades[row["grade_label"]] = row["n"]
    return sorted(results.values(), key=lambda r: (r.average is None, -(r.average or 0), r.body.name))


def common_problems(plan: InspectionPlan, body: EnforcementBody | None = None) -> list[dict]:
    """Deductions aggregated by rubric item: in how many files, how many defects, how many points."""
    findings = Finding.objects.filter(
        evaluation__sample__plan=plan, evaluation__status=EvaluationStatus.SUBMITTED
    )
    if body is not None:
        findings = findings.filter(evaluation__sample__body=body)
    rows = findings.values("item__section", "item__label", "item__order").annotate(
        files=Count("evaluation", distinct=True), defects=Sum("defects"), points=Sum("points")
    )
    return sorted(rows, key=lambda r: (-r["files"], -(r["points"] or 0), r["item__order"]))


# --- notices -----------------------------------------------------------------------------------


def notices_for(user) -> QuerySet[Notice]:
    """The bureau sees every notice; a body sees its own issued ones (RECTIFICATION_RESPOND)."""
    if is_manager(user):
        return Notice.objects.select_related("body")
    own = access.scope(user, Notice.objects.all(), perm.RECTIFICATION_RESPOND)
    return own.exclude(status=NoticeStatus.DRAFT).select_related("body")


def notice_for(user, notice_id: int) -> Notice:
    notice = notices_for(user).filter(pk=notice_id).first()
    if notice is None:
        raise NotFound("通知不存在")
    return notice


def item_for(user, item_id: int) -> NoticeItem:
    item = NoticeItem.objects.select_related("notice__body").filter(pk=item_id).first()
    if item is None or not notices_for(user).filter(pk=item.notice_id).exists():
        raise NotFound("整改事项不存在")
    return item


# --- complaints --------------------------------------------------------------------------------


def complaints_for(user, status: str | None = None) -> QuerySet[Complaint]:
    rows = access.scope(user, Complaint.objects.all(), perm.COMPLAINT_HANDLE).select_related(
        "handling_body", "about_body"
    )
    return rows.filter(status=status) if status else rows


def complaint_for(user, complaint_id: int) -> Complaint:
    complaint = complaints_for(user).filter(pk=complaint_id).first()
    if complaint is None:
        raise NotFound("投诉举报不存在")
    return complaint


@dataclass(frozen=True)
class Progress:
    """What the public may see of a complaint: never the complainant's name, phone or text (PUB-01)."""

    tracking_code: str
    kind: str
    subject: str
    status: str
    received_on: datetime.date
    due_on: datetime.date
    handled_by: str
    answered_on: datetime.date | None
    answer: str


def progress(code: str) -> Progress | None:
    complaint = (
        Complaint.objects.select_related("handling_body").filter(tracking_code=code.strip().upper()).first()
    )
    if complaint is None:
        return None
    return Progress(
        tracking_code=complaint.tracking_code,
        kind=complaint.get_kind_display(),
        subject=complaint.subject,
        status=complaint.get_status_display(),
        received_on=complaint.received_on,
        due_on=complaint.due_on,
        handled_by=complaint.handling_body.name if complaint.handling_body_id else "司法局",
        answered_on=complaint.answered_on,
        answer=complaint.answer if complaint.status == ComplaintStatus.ANSWERED else "",
    )


# --- articles ----------------------------------------------------------------------------------


def published_articles() -> QuerySet[PracticeArticle]:
    return PracticeArticle.objects.filter(status=ArticleStatus.PUBLISHED).select_related("body")


def published_article(public_id) -> PracticeArticle:
    article = published_articles().filter(public_id=parse_public_id(public_id)).first()
    if article is None:
        raise NotFound("文章不存在")
    return article


def articles_for(user) -> QuerySet[PracticeArticle]:
    return (
        PracticeArticle.objects.select_related("body") if is_manager(user) else PracticeArticle.objects.none()
    )


def article_for(user, article_id: int) -> PracticeArticle:
    article = articles_for(user).filter(pk=article_id).first()
    if article is None:
        raise NotFound("文章不存在")
    return article


# --- for supervision's indicators and dashboard ------------------------------------------------


def open_rectifications(body: EnforcementBody) -> QuerySet[NoticeItem]:
    """The body's items of issued notices not yet accepted (open, rejected or awaiting verification)."""
    return (
        NoticeItem.objects.filter(
            notice__body=body,
            notice__status__in=(NoticeStatus.ISSUED, NoticeStatus.RESPONDED),
        )
        .exclude(status="accepted")
        .select_related("notice")
    )


def overdue_rectifications(day: datetime.date, body: EnforcementBody | None = None) -> QuerySet[NoticeItem]:
    items = NoticeItem.objects.filter(
        notice__status__in=(NoticeStatus.ISSUED, NoticeStatus.RESPONDED),
        status__in=OPEN_ITEM_STATES,
        deadline__lt=day,
    ).select_related("notice__body")
    return items.filter(notice__body=body) if body is not None else items


def complaint_counts(
    body: EnforcementBody | None, start: datetime.date, end: datetime.date
) -> dict[str, int]:
    """Complaints about `body` (None: all) received in [start, end]: received, answered, answered on
    time, open, overdue as of `end`."""
    rows = Complaint.objects.filter(received_on__gte=start, received_on__lte=end)
    if body is not None:
        rows = rows.filter(about_body=body)
    return rows.aggregate(
        received=Count("id"),
        answered=Count("id", filter=Q(status=ComplaintStatus.ANSWERED)),
        answered_on_time=Count("id", filter=Q(status=ComplaintStatus.ANSWERED, answered_on__lte=F("due_on"))),
        open=Count("id", filter=~Q(status=ComplaintStatus.ANSWERED)),
        overdue=Count("id", filter=~Q(status=ComplaintStatus.ANSWERED) & Q(due_on__lt=end)),
    )


def evaluations_this_year(body: EnforcementBody, year: int) -> QuerySet[Evaluation]:
    """EVAL-03: the body's submitted file evaluations in plans of `year`."""
    return Evaluation.objects.filter(
        sample__body=body, sample__plan__year=year, status=EvaluationStatus.SUBMITTED
    ).select_related("sample__plan", "sample__case")


def bodies_not_evaluated(year: int) -> QuerySet[EnforcementBody]:
    """EVAL-03: evaluable bodies with no submitted file evaluation in any plan of `year`."""
    evaluated = Evaluation.objects.filter(sample__plan__year=year, status=EvaluationStatus.SUBMITTED).values(
        "sample__body"
    )
    return evaluable_bodies().exclude(pk__in=evaluated)
