"""Every read of supervision data, scoped to the acting user (AUTHZ-02; see permissions.py)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.orgs.models import EnforcementBody

from . import registry, scoring
from .choices import FILED, Assessment, ReportStatus
from .models import Campaign, ReportAnswer, ReportEvent, SelfInspectionReport
from .permissions import is_bureau, report_body_ids, require_scorecard, scorecard_body_ids
from .registry import Period, Record, Status


def default_period(today: datetime.date | None = None) -> Period:
    return Period.rolling_year(today or timezone.localdate())


def visible_bodies(user) -> list[EnforcementBody]:
    """Bodies whose scorecards the user may see (403 when none)."""
    allowed = scorecard_body_ids(user)
    bodies = scoring.scoring_bodies()
    if allowed is not None:
        if not allowed:
            raise Forbidden("您没有查看执法监督指标的权限")
        bodies = bodies.filter(pk__in=allowed)
    return list(bodies)


def body_for(user, body_id: int) -> EnforcementBody:
    body = scoring.scoring_bodies().filter(pk=body_id).first()
    if body is None:
        raise NotFound("执法主体不存在")
    require_scorecard(user, body.pk)
    return body


def body_by_public_id(user, public_id) -> EnforcementBody:
    from sanxiang.core.ids import parse_public_id

    body = scoring.scoring_bodies().filter(public_id=parse_public_id(public_id)).first()
    if body is None:
        raise NotFound("执法主体不存在")
    require_scorecard(user, body.pk)
    return body


def scorecards(user, period: Period):
    """(cards ranked, city card or None): the city card only for the bureau."""
    bodies = visible_bodies(user)
    return scoring.build(period, bodies, with_city=is_bureau(user))


def drill(
    user, body_id: int, code: str, period: Period
) -> tuple[EnforcementBody, registry.Indicator, list[Record]]:
    body = body_for(user, body_id)
    indicator = registry.get(code)
    if indicator is None:
        raise NotFound("指标不存在")
    records = indicator.drill(period, body.pk) if indicator.available() else []
    return body, indicator, records


# ---------------------------------------------------------------------------------------------
# Campaigns and reports
# ---------------------------------------------------------------------------------------------


def campaigns(user) -> QuerySet[Campaign]:
    """The bureau sees every campaign; a body's filers the campaigns their body is in."""
    allowed = report_body_ids(user)
    rows = Campaign.objects.annotate(
        bodies=Count("reports", distinct=True),
        filed=Count("reports", filter=Q(reports__status__in=FILED), distinct=True),
        recorded=Count("reports", filter=Q(reports__status=ReportStatus.RECORDED), distinct=True),
        returned=Count("reports", filter=Q(reports__status=ReportStatus.RETURNED), distinct=True),
    )
    if allowed is None:
        return rows
    if not allowed:
        raise Forbidden("您没有查看“回头看”活动的权限")
    return rows.filter(reports__body_id__in=allowed).distinct()


def campaign_for(user, campaign_id: int) -> Campaign:
    campaign = campaigns(user).filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound("活动不存在")
    return campaign


def visible_reports(user) -> QuerySet[SelfInspectionReport]:
    allowed = report_body_ids(user)
    rows = SelfInspectionReport.objects.select_related("campaign", "body")
    if allowed is None:
        return rows
    return rows.filter(body_id__in=allowed)


def report_for(user, report_id: int) -> SelfInspectionReport:
    report = visible_reports(user).filter(pk=report_id).first()
    if report is None:
        raise NotFound("自查报告不存在")
    return report


def campaign_reports(user, campaign: Campaign) -> list[SelfInspectionReport]:
    return list(visible_reports(user).filter(campaign=campaign).order_by("body__name"))


@dataclass(frozen=True)
class Progress:
    total: int
    not_started: int
    draft: int
    submitted: int
    returned: int
    recorded: int
    late: list[SelfInspectionReport]

    @property
    def filed(self) -> int:
        return self.submitted + self.recorded

    @property
    def percent(self) -> int:
        return round(100 * self.filed / self.total) if self.total else 0


def progress(campaign: Campaign, reports: list[SelfInspectionReport], today: datetime.date) -> Progress:
    count = {s: sum(1 for r in reports if r.status == s) for s in ReportStatus.values}
    late = [r for r in reports if r.status not in FILED and today > campaign.due_on]
    return Progress(
        len(reports),
        count[ReportStatus.NOT_STARTED],
        count[ReportStatus.DRAFT],
        count[ReportStatus.SUBMITTED],
        count[ReportStatus.RETURNED],
        count[ReportStatus.RECORDED],
        late,
    )


def report_indicators(report: SelfInspectionReport) -> dict[str, dict]:
    """The indicators of the report's body over the campaign's period: code -> value, status, text."""
    period = Period(report.campaign.period_start, report.campaign.period_end)
    codes = {c for item in report.campaign.items.all() for c in item.indicator_codes}
    wanted = [i for i in registry.all_indicators() if i.code in codes]
    values = registry.compute_all(period, [report.body_id], wanted)
    out = {}
    for indicator in wanted:
        measure = values[indicator.code][report.body_id]
        out[indicator.code] = {
            "title": indicator.title,
            "status": indicator.status(measure),
            "display": indicator.format(measure),
            "threshold": indicator.threshold_label,
        }
    return out


@dataclass(frozen=True)
class ItemView:
    item: object
    answer: ReportAnswer | None
    indicators: list[dict]
    contradiction: str


def contradiction(assessment: str, indicators: list[dict]) -> str:
    """A self-assessment the data contradicts: 已落实 while an indicator of the item fails."""
    failing = [i["title"] for i in indicators if i["status"] == Status.FAIL]
    if assessment == Assessment.DONE and failing:
        return f"自评“已落实”，但指标未达标：{'、'.join(failing)}"
    return ""


def report_items(report: SelfInspectionReport, values: dict[str, dict] | None = None) -> list[ItemView]:
    """Each checklist item with the body's answer, the computed indicators beside it, contradictions."""
    if values is None:
        values = report.indicators_at_submission if report.status in FILED else report_indicators(report)
    answers = {a.item_id: a for a in report.answers.all()}
    views = []
    for item in report.campaign.items.all():
        shown = [{"code": c, **values[c]} for c in item.indicator_codes if c in values]
        answer = answers.get(item.pk)
        views.append(ItemView(item, answer, shown, contradiction(answer.assessment if answer else "", shown)))
    return views


def report_detail(user, report_id: int) -> SelfInspectionReport:
    report = report_for(user, report_id)
    return (
        SelfInspectionReport.objects.select_related("campaign", "body")
        .prefetch_related(
            "answers",
            "measures__item",
            "reminders",
            Prefetch("events", queryset=ReportEvent.objects.select_related("actor").order_by("id")),
            "campaign__items",
        )
        .get(pk=report.pk)
    )
