"""API of evaluation, mounted under /api/v1 (staff, bearer token) and /api/v1/public (no auth).

Staff paths start with /evaluation; they call the same services and selectors as the pages.
"""

from __future__ import annotations

import datetime
from typing import Any

from ninja import Body, Router, Schema

from sanxiang.core.errors import NotFound

from . import selectors, services
from .forms import TrackForm
from .services.common import checked

router = Router(tags=["案卷评查与整改"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["案卷评查与整改（公开）"], auth=None)
Payload = dict[str, Any]


class PlanOut(Schema):
    id: int
    public_id: str
    year: int
    title: str
    status: str
    seed: str


class SampleOut(Schema):
    id: int
    body: str
    case: str
    case_number: str
    stratum: str
    rank: int
    rank_key: str
    total: str | None
    grade: str | None


class DrawOut(Schema):
    body: str
    algorithm: str
    seed: str
    body_code: str
    candidates_sha256: str
    strata: list[dict]
    drawn: list[str]


class ItemOut(Schema):
    id: int
    number: int
    text: str
    deadline: datetime.date
    status: str


class NoticeOut(Schema):
    id: int
    public_id: str
    kind: str
    status: str
    body: str
    number: str
    title: str
    issued_on: datetime.date | None
    items: list[ItemOut]


class ComplaintOut(Schema):
    id: int
    tracking_code: str
    kind: str
    subject: str
    status: str
    received_on: datetime.date
    due_on: datetime.date
    handling_body: str | None


class ProgressOut(Schema):
    tracking_code: str
    kind: str
    subject: str
    status: str
    received_on: datetime.date
    due_on: datetime.date
    handled_by: str
    answered_on: datetime.date | None
    answer: str


class ArticleOut(Schema):
    public_id: str
    title: str
    summary: str
    text: str
    body: str | None
    published_at: datetime.datetime | None


def _plan(p) -> dict:
    return {
        "id": p.pk,
        "public_id": str(p.public_id),
        "year": p.year,
        "title": p.title,
        "status": p.status,
        "seed": p.seed,
    }


def _notice(n) -> dict:
    return {
        "id": n.pk,
        "public_id": str(n.public_id),
        "kind": n.kind,
        "status": n.status,
        "body": n.body.credit_code,
        "number": n.number,
        "title": n.title,
        "issued_on": n.issued_on,
        "items": [
            {"id": i.pk, "number": i.number, "text": i.text, "deadline": i.deadline, "status": i.status}
            for i in n.items.all()
        ],
    }


@router.get("/evaluation/plans", response=list[PlanOut])
def list_plans(request):
    return [_plan(p) for p in selectors.plans_for(request.auth)]


@router.get("/evaluation/plans/{plan_id}/samples", response=list[SampleOut])
def list_samples(request, plan_id: int):
    plan = selectors.plan_for(request.auth, plan_id)
    rows = []
    for s in selectors.samples_for(request.auth, plan):
        evaluation = getattr(s, "evaluation", None)
        rows.append(
            {
                "id": s.pk,
                "body": s.body.credit_code,
                "case": str(s.case.public_id),
                "case_number": s.case.display_number,
                "stratum": s.stratum,
                "rank": s.rank,
                "rank_key": s.rank_key,
                "total": str(evaluation.total) if evaluation else None,
                "grade": evaluation.grade_label if evaluation else None,
            }
        )
    return rows


@router.get("/evaluation/plans/{plan_id}/draws", response=list[DrawOut])
def list_draws(request, plan_id: int):
    """The recorded inputs of every draw: enough to re-run it (docs/evaluation.md)."""
    plan = selectors.plan_for(request.auth, plan_id)
    return [
        {
            "body": d.body.name,
            "algorithm": d.algorithm,
            "seed": d.seed,
            "body_code": d.body_code,
            "candidates_sha256": d.candidates_sha256,
            "strata": d.strata,
            "drawn": d.drawn,
        }
        for d in plan.draws.select_related("body")
    ]


@router.post("/evaluation/samples/{sample_id}/score", response=SampleOut)
def score_sample(request, sample_id: int, payload: Payload = Body(default=None)):  # noqa: B008
    """Findings as {"defects_<item id>": n, "note_<item id>": "..."}; "submit": true makes it final."""
    sample = selectors.sample_for(request.auth, sample_id)
    evaluation = services.save_evaluation(
        request.auth, sample, payload, submit=bool((payload or {}).get("submit"))
    )
    return {
        "id": sample.pk,
        "body": sample.body.credit_code,
        "case": str(sample.case.public_id),
        "case_number": sample.case.display_number,
        "stratum": sample.stratum,
        "rank": sample.rank,
        "rank_key": sample.rank_key,
        "total": str(evaluation.total),
        "grade": evaluation.grade_label,
    }


@router.get("/evaluation/notices", response=list[NoticeOut])
def list_notices(request):
    return [_notice(n) for n in selectors.notices_for(request.auth).prefetch_related("items")]


@router.get("/evaluation/notices/{notice_id}", response=NoticeOut)
def get_notice(request, notice_id: int):
    return _notice(selectors.notice_for(request.auth, notice_id))


@router.post("/evaluation/items/{item_id}/respond", response=NoticeOut)
def respond_item(request, item_id: int, payload: Payload = Body(default=None)):  # noqa: B008
    item = selectors.item_for(request.auth, item_id)
    services.respond(request.auth, item, payload)
    return _notice(selectors.notice_for(request.auth, item.notice_id))


@router.post("/evaluation/items/{item_id}/verify", response=NoticeOut)
def verify_item(request, item_id: int, payload: Payload = Body(default=None)):  # noqa: B008
    item = selectors.item_for(request.auth, item_id)
    services.verify(request.auth, item, payload)
    return _notice(selectors.notice_for(request.auth, item.notice_id))


@router.get("/evaluation/complaints", response=list[ComplaintOut])
def list_complaints(request, status: str | None = None):
    return [
        {
            "id": c.pk,
            "tracking_code": c.tracking_code,
            "kind": c.kind,
            "subject": c.subject,
            "status": c.status,
            "received_on": c.received_on,
            "due_on": c.due_on,
            "handling_body": c.handling_body.credit_code if c.handling_body_id else None,
        }
        for c in selectors.complaints_for(request.auth, status)
    ]


@router.post("/evaluation/complaints/{complaint_id}/answer", response=ProgressOut)
def answer_complaint(request, complaint_id: int, payload: Payload = Body(default=None)):  # noqa: B008
    complaint = services.answer(request.auth, selectors.complaint_for(request.auth, complaint_id), payload)
    return selectors.progress(complaint.tracking_code).__dict__


@public_router.post("/complaints/progress", response=ProgressOut)
def complaint_progress(request, payload: Payload = Body(default=None)):  # noqa: B008
    """The public progress query (POST keeps the code out of URLs); no personal data (PUB-01)."""
    code = checked(TrackForm, payload).cleaned_data["code"]
    found = selectors.progress(code)
    if found is None:
        raise NotFound("未找到该查询码对应的投诉举报")
    return found.__dict__


@public_router.get("/practices", response=list[ArticleOut])
def list_articles(request):
    return [
        {
            "public_id": str(a.public_id),
            "title": a.title,
            "summary": a.summary,
            "text": a.text,
            "body": a.body.name if a.body_id else None,
            "published_at": a.published_at,
        }
        for a in selectors.published_articles()
    ]
