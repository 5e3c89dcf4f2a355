"""API of supervision: /api/v1/supervision (staff, token) and /api/v1/public/supervision (open data).

Open data (public_router, no token): the indicator definitions, and the city-wide figures of the
latest stored snapshot (no body-level figures, no records: those are for the bureau and the body).
Bodies, campaigns and reports are addressed by their public ids.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from ninja import Body, Router, Status

from sanxiang.core.errors import InvalidInput, NotFound
from sanxiang.core.ids import parse_public_id

from . import registry, scoring, selectors, services, snapshots
from .models import Campaign, IndicatorSnapshot, ScoreSnapshot, SelfInspectionReport, SnapshotRun
from .registry import Indicator, Measure, Period

router = Router(tags=["执法监督"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["执法监督（公开）"], auth=None)
Payload = dict[str, Any]


def _day(value: str | None, name: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise InvalidInput("日期格式应为 YYYY-MM-DD", fields={name: ["日期格式应为 YYYY-MM-DD"]}) from None


def _period(start: str | None, end: str | None) -> Period:
    end_day = _day(end, "end") or timezone.localdate()
    start_day = _day(start, "start")
    period = Period(start_day, end_day) if start_day else Period.rolling_year(end_day)
    if period.start > period.end:
        raise InvalidInput("开始日期不得晚于结束日期", fields={"start": ["开始日期不得晚于结束日期"]})
    return period


def _definition(i: Indicator, weights: dict[str, int]) -> dict:
    return {
        "code": i.code,
        "title": i.title,
        "rules": list(i.rules),
        "section": i.section,
        "definition": i.definition,
        "query": i.query,
        "unit": i.unit,
        "threshold": i.threshold if isinstance(i.threshold, bool) else str(i.threshold),
        "direction": i.direction,
        "weight": weights.get(i.code, i.weight),
        "available": i.available(),
        "source": i.source,
    }


def _measure(i: Indicator, m: Measure) -> dict:
    value = m.value
    if value is not None and not isinstance(value, bool):
        value = str(value)
    return {
        "code": i.code,
        "value": value,
        "numerator": m.numerator,
        "denominator": m.denominator,
        "status": i.status(m),
        "display": i.format(m),
        "note": m.note,
    }


def _card(card: scoring.Scorecard) -> dict:
    return {
        "body": str(card.body.public_id) if card.body else None,
        "body_name": card.name,
        "score": None if card.score is None else str(card.score),
        "rank": card.rank,
        "indicators": [_measure(r.indicator, r.measure) for r in card.rows],
    }


# --- indicators and scorecards ---------------------------------------------------------------------


@router.get("/supervision/indicators", summary="指标定义（代码、规则、定义及查询、单位、门槛、权重）")
def indicators(request):
    weights = registry.weights()
    return [_definition(i, weights) for i in registry.all_indicators()]


@router.get("/supervision/scorecards", summary="可查看的执法主体得分卡（司法局另含全市）")
def scorecards(request, start: str | None = None, end: str | None = None):
    period = _period(start, end)
    cards, city = selectors.scorecards(request.user, period)
    return {
        "period": {"start": period.start, "end": period.end},
        "bodies": [_card(c) for c in cards],
        "city": _card(city) if city else None,
    }


@router.get("/supervision/bodies/{body_id}/scorecard", summary="一个执法主体的得分卡")
def body_scorecard(request, body_id: str, start: str | None = None, end: str | None = None):
    body = selectors.body_by_public_id(request.user, body_id)
    period = _period(start, end)
    cards, _ = scoring.build(period, [body], with_city=False)
    return {"period": {"start": period.start, "end": period.end}, **_card(cards[0])}


@router.get("/supervision/bodies/{body_id}/indicators/{code}/records", summary="指标下钻：计算所依据的记录")
def drill(request, body_id: str, code: str, start: str | None = None, end: str | None = None):
    body = selectors.body_by_public_id(request.user, body_id)
    period = _period(start, end)
    _, indicator, records = selectors.drill(request.user, body.pk, code, period)
    return {
        "indicator": code,
        "records": [
            {"label": r.label, "detail": r.detail, "ok": r.ok, "url": r.url, "on": r.on} for r in records
        ],
    }


@router.get("/supervision/bodies/{body_id}/trend", summary="得分与各指标的快照趋势")
def trend(request, body_id: str, since: str | None = None):
    body = selectors.body_by_public_id(request.user, body_id)
    since_day = _day(since, "since") or timezone.localdate() - datetime.timedelta(days=56)
    scores = snapshots.score_trends([body.pk], since_day).get(body.pk, [])
    values = snapshots.indicator_trends(body.pk, since_day)
    return {
        "scores": [{"day": d, "score": str(s)} for d, s in scores],
        "indicators": {c: [{"day": d, "value": str(v)} for d, v in pts] for c, pts in values.items()},
    }


# --- campaigns and reports -------------------------------------------------------------------------


def _campaign(request, campaign_id: str) -> Campaign:
    found = Campaign.objects.filter(public_id=parse_public_id(campaign_id)).first()
    if found is None:
        raise NotFound("活动不存在")
    return selectors.campaign_for(request.user, found.pk)


def _report(request, report_id: str) -> SelfInspectionReport:
    found = SelfInspectionReport.objects.filter(public_id=parse_public_id(report_id)).first()
    if found is None:
        raise NotFound("自查报告不存在")
    return selectors.report_detail(request.user, found.pk)


def _campaign_out(request, campaign: Campaign) -> dict:
    reports = selectors.campaign_reports(request.user, campaign)
    progress = selectors.progress(campaign, reports, timezone.localdate())
    return {
        "id": str(campaign.public_id),
        "title": campaign.title,
        "year": campaign.year,
        "notice_number": campaign.notice_number,
        "status": campaign.status,
        "due_on": campaign.due_on,
        "inspection_start": campaign.inspection_start,
        "inspection_end": campaign.inspection_end,
        "period_start": campaign.period_start,
        "period_end": campaign.period_end,
        "checklist": [
            {
                "id": i.pk,
                "number": i.number,
                "section": i.section,
                "text": i.text,
                "indicators": i.indicator_codes,
            }
            for i in campaign.items.all()
        ],
        "reports": [
            {
                "id": str(r.public_id),
                "body": str(r.body.public_id),
                "body_name": r.body.name,
                "status": r.status,
            }
            for r in reports
        ],
        "progress": {
            "total": progress.total,
            "filed": progress.filed,
            "recorded": progress.recorded,
            "returned": progress.returned,
            "late": [str(r.body.public_id) for r in progress.late],
        },
    }


def _report_out(report: SelfInspectionReport) -> dict:
    return {
        "id": str(report.public_id),
        "campaign": str(report.campaign.public_id),
        "body": str(report.body.public_id),
        "body_name": report.body.name,
        "status": report.status,
        "narrative": report.narrative,
        "submissions": report.submissions,
        "submitted_on": report.submitted_on,
        "recorded_on": report.recorded_on,
        "return_reason": report.return_reason,
        "items": [
            {
                "item": v.item.pk,
                "number": v.item.number,
                "text": v.item.text,
                "assessment": v.answer.assessment if v.answer else "",
                "evidence_links": v.answer.links if v.answer else [],
                "problems": v.answer.problems if v.answer else "",
                "indicators": v.indicators,
                "contradiction": v.contradiction,
            }
            for v in selectors.report_items(report)
        ],
        "measures": [
            {"item": m.item_id, "measure": m.measure, "owner": m.owner, "deadline": m.deadline}
            for m in report.measures.all()
        ],
        "history": [
            {
                "action": e.action,
                "from": e.from_status,
                "to": e.to_status,
                "on": e.on,
                "reason": e.reason,
                "ledger_index": e.ledger_index,
            }
            for e in report.events.all()
        ],
    }


@router.get("/supervision/campaigns", summary="“回头看”活动")
def campaigns(request):
    return [_campaign_out(request, c) for c in selectors.campaigns(request.user)]


@router.post("/supervision/campaigns", response={201: dict}, summary="发起“回头看”活动（司法局）")
def open_campaign(request, payload: Payload = Body(...)):  # noqa: B008
    data = dict(payload)
    bodies = data.get("bodies") or []
    if not isinstance(bodies, list):
        raise InvalidInput("bodies 应为执法主体标识列表", fields={"bodies": ["应为列表"]})
    from sanxiang.orgs.models import EnforcementBody

    ids = []
    for value in bodies:
        body = EnforcementBody.objects.filter(public_id=parse_public_id(value)).first()
        if body is None:
            raise InvalidInput("检查范围中有不存在的执法主体", fields={"bodies": ["执法主体不存在"]})
        ids.append(body.pk)
    data["bodies"] = ids
    campaign = services.open_campaign(request.user, data)
    return Status(201, _campaign_out(request, selectors.campaign_for(request.user, campaign.pk)))


@router.get("/supervision/campaigns/{campaign_id}", summary="活动详情：期限、自查事项、各执法主体报告、进展")
def campaign(request, campaign_id: str):
    return _campaign_out(request, _campaign(request, campaign_id))


@router.get("/supervision/reports/{report_id}", summary="自查报告（含系统计算的指标与矛盾提示）")
def report(request, report_id: str):
    return _report_out(_report(request, report_id))


@router.put("/supervision/reports/{report_id}", summary="保存自查报告：总体说明、逐项自评、整改措施")
def save_report(request, report_id: str, payload: Payload = Body(...)):  # noqa: B008
    found = _report(request, report_id)
    services.save_report(request.user, found.pk, dict(payload))
    return _report_out(_report(request, report_id))


@router.post("/supervision/reports/{report_id}/submit", summary="报送备案")
def submit_report(request, report_id: str):
    services.submit_report(request.user, _report(request, report_id).pk)
    return _report_out(_report(request, report_id))


@router.post("/supervision/reports/{report_id}/record", summary="予以备案（司法局）")
def record_report(request, report_id: str, payload: Payload = Body(None)):  # noqa: B008
    services.record_report(request.user, _report(request, report_id).pk, (payload or {}).get("note", ""))
    return _report_out(_report(request, report_id))


@router.post("/supervision/reports/{report_id}/return", summary="退回修改（司法局，须写明理由）")
def return_report(request, report_id: str, payload: Payload = Body(None)):  # noqa: B008
    services.return_report(request.user, _report(request, report_id).pk, (payload or {}).get("reason", ""))
    return _report_out(_report(request, report_id))


# --- open data ------------------------------------------------------------------------------------


@public_router.get("/supervision/indicators", summary="指标定义（公开，任何人可据此复核）")
def public_indicators(request):
    weights = registry.weights()
    return [_definition(i, weights) for i in registry.all_indicators()]


@public_router.get("/supervision/city", summary="全市指标与平均得分（最近一次快照，公开）")
def public_city(request, date: str | None = None):
    day = _day(date, "date") or timezone.localdate()
    run = SnapshotRun.objects.filter(day__lte=day).order_by("-day").first()
    if run is None:
        raise NotFound("尚无指标快照")
    score = ScoreSnapshot.objects.filter(run=run, body__isnull=True).first()
    values = IndicatorSnapshot.objects.filter(run=run, body__isnull=True).order_by("code")
    return {
        "day": run.day,
        "period": {"start": run.period_start, "end": run.period_end},
        "score": None if score is None or score.score is None else str(score.score),
        "indicators": [
            {
                "code": v.code,
                "value": None if v.value is None else str(v.value),
                "numerator": v.numerator,
                "denominator": v.denominator,
                "status": v.status,
            }
            for v in values
        ],
        "ledger_index": run.ledger_index,
    }
