"""Every read of annual reports: the staff's (scoped), the deadline board, the public's (published only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from sanxiang.core.errors import Forbidden, NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.orgs.models import EnforcementBody

from . import figures, rights
from .choices import DueStatus, PenaltyCategory, ReportStatus
from .models import AnnualReport, due_date

DUE_SOON_DAYS = 10  # STAT-01 warning: from 21 January until the 31 January deadline


# --- deadlines (STAT-01) ---------------------------------------------------------------------------


def due_status(report: AnnualReport | None, year: int, today: datetime.date | None = None) -> str:
    """The deadline light of the report for `year` (None = not even generated yet)."""
    today = today or timezone.localdate()
    due = due_date(year)
    if report is not None and report.status == ReportStatus.PUBLISHED:
        return DueStatus.ON_TIME if report.published_on <= due else DueStatus.LATE
    if today > due:
        return DueStatus.OVERDUE
    if today >= due - datetime.timedelta(days=DUE_SOON_DAYS):
        return DueStatus.DUE_SOON
    return DueStatus.NOT_DUE


def report_published_on_time(
    body: EnforcementBody | None, year: int, today: datetime.date | None = None
) -> bool | None:
    """For the supervision app (system read, no user): True = published by 31 January (STAT-01);
    False = published late, or not published and the deadline has passed; None = not yet due.
    `body=None` asks about the city-wide report."""
    report = AnnualReport.objects.filter(body=body, year=year).first()
    status = due_status(report, year, today)
    if status == DueStatus.ON_TIME:
        return True
    if status in (DueStatus.LATE, DueStatus.OVERDUE):
        return False
    return None


def report_published_on_time_many(
    body_ids, year: int, today: datetime.date | None = None
) -> dict[int, bool | None]:
    """`report_published_on_time` for many bodies in one query: {body_id: True | False | None}."""
    ids = list(body_ids)
    reports = {r.body_id: r for r in AnnualReport.objects.filter(body_id__in=ids, year=year)}
    answers = {}
    for body_id in ids:
        status = due_status(reports.get(body_id), year, today)
        if status == DueStatus.ON_TIME:
            answers[body_id] = True
        elif status in (DueStatus.LATE, DueStatus.OVERDUE):
            answers[body_id] = False
        else:
            answers[body_id] = None
    return answers


@dataclass
class BoardRow:
    owner: str
    body: EnforcementBody | None
    report: AnnualReport | None
    due_on: datetime.date
    status: str

    @property
    def status_label(self) -> str:
        return DueStatus(self.status).label

    @property
    def warn(self) -> bool:
        return self.status in (DueStatus.DUE_SOON, DueStatus.OVERDUE, DueStatus.LATE)


def deadline_board(user, year: int, today: datetime.date | None = None) -> list[BoardRow]:
    """Every report of `year` the user is concerned with, generated or not, with its STAT-01 light."""
    bodies = [b for b in rights.reporting_bodies() if rights.may_view(user, b.pk)]
    owners: list[EnforcementBody | None] = list(bodies)
    if rights.may_view(user, None):
        owners.insert(0, None)
    if not owners:
        raise Forbidden("只有执法主体的公示工作人员、机关负责人和司法局执法监督人员可以查看统计年报")
    reports = {r.body_id: r for r in AnnualReport.objects.filter(year=year).select_related("body")}
    return [
        BoardRow(
            owner=b.name if b else "全市汇总",
            body=b,
            report=reports.get(b.pk if b else None),
            due_on=due_date(year),
            status=due_status(reports.get(b.pk if b else None), year, today),
        )
        for b in owners
    ]


# --- staff reads -------------------------------------------------------------------------------------


def visible_reports(user) -> QuerySet:
    return rights.visible(user, AnnualReport.objects.select_related("body"))


def report_for(user, report_id: int) -> AnnualReport:
    report = visible_reports(user).filter(pk=report_id).first()
    if report is None:
        raise NotFound("年报不存在")
    return report


def report_by_public_id(user, public_id: str) -> AnnualReport:
    uuid = parse_public_id(public_id)
    report = visible_reports(user).filter(public_id=uuid).first() if uuid else None
    if report is None:
        raise NotFound("年报不存在")
    return report


def history(report: AnnualReport) -> QuerySet:
    return report.events.select_related("actor")


# --- public reads (PUB-04: published reports only) ---------------------------------------------------


def published_reports() -> QuerySet:
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).select_related("body")


def published_report(public_id: str) -> AnnualReport:
    uuid = parse_public_id(public_id)
    report = published_reports().filter(public_id=uuid).first() if uuid else None
    if report is None:
        raise NotFound("年报不存在或尚未公开")
    return report


# --- the report as rows (pages, exports, JSON) -------------------------------------------------------


@dataclass
class Row:
    code: str
    label: str
    unit: str
    value: int | str | None
    manual: bool
    definition: str

    @property
    def shown(self) -> str:
        return "未填报" if self.value is None else str(self.value)


@dataclass
class SectionRows:
    code: str
    title: str
    rows: list[Row] = field(default_factory=list)


def value_of(report: AnnualReport, code: str) -> int | str | None:
    line = figures.BY_CODE[code]
    if line.manual:
        return report.manual.get(code)
    default = "0.00" if line.kind == figures.AMOUNT else 0
    return report.figures.get(code, default)  # STAT-03: a line absent from an old snapshot is 0


def sections(report: AnnualReport) -> list[SectionRows]:
    out = {s.code: SectionRows(s.code, s.title) for s in figures.SECTIONS}
    for line in figures.LINES:
        out[line.section].rows.append(
            Row(line.code, line.label, line.unit, value_of(report, line.code), line.manual, line.definition)
        )
    return list(out.values())


def penalty_bars(report: AnnualReport) -> list[tuple[str, int]]:
    """Penalties by kind, zeros included (STAT-03), for the chart."""
    return [(c.label, int(value_of(report, f"penalty_{c.value}") or 0)) for c in PenaltyCategory]


def outcome_bars(report: AnnualReport) -> list[tuple[str, int]]:
    codes = (
        "reconsideration_upheld",
        "reconsideration_changed",
        "reconsideration_revoked",
        "litigation_upheld",
        "litigation_changed",
        "litigation_revoked",
    )
    return [(figures.BY_CODE[c].label, int(value_of(report, c) or 0)) for c in codes]


def as_open_data(report: AnnualReport) -> dict:
    """The JSON of a published report (open data): figures with their units and sources."""
    return {
        "id": str(report.public_id),
        "owner": report.owner_name,
        "body_credit_code": report.body.credit_code if report.body_id else None,
        "year": report.year,
        "status": report.status,
        "published_on": report.published_on.isoformat() if report.published_on else None,
        "due_on": report.due_on.isoformat(),
        "content_sha256": report.content_sha256,
        "narrative": report.narrative,
        "sections": [
            {
                "code": s.code,
                "title": s.title,
                "lines": [
                    {
                        "code": r.code,
                        "label": r.label,
                        "unit": r.unit,
                        "value": r.value,
                        "source": "manual" if r.manual else "computed",
                    }
                    for r in s.rows
                ],
            }
            for s in sections(report)
        ],
    }
