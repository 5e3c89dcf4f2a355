"""Every write to an annual report: generate, regenerate, fill in, approve, reopen, publish.

Each write runs in one transaction: lock the row, check the right and the state, change it, write
the history row and the ledger entry (AUD-01). Figures are snapshotted when the draft is generated
and may be regenerated while it is a draft; an approved report's content is fixed and hashed.
"""

from __future__ import annotations

import datetime
import hashlib
import json

from django.db import IntegrityError, transaction
from django.utils import timezone

from sanxiang.cases.services import form_data
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput, NotFound
from sanxiang.core.public_content import invalidate as invalidate_portal  # portal page cache (PUB-03)
from sanxiang.ledger.services import append as ledger_append

from . import figures, rights
from .choices import ReportStatus, Step
from .forms import DraftForm, GenerateForm
from .models import AnnualReport, ReportEvent


def _validated(form) -> dict:
    if not form.is_valid():
        raise InvalidInput(
            "提交的内容有误，请按提示修改", fields={k: [str(m) for m in v] for k, v in form.errors.items()}
        )
    return form.cleaned_data


def content_hash(report: AnnualReport) -> str:
    """SHA-256 over what is approved and published: owner, year, figures, manual lines, narrative."""
    content = {
        "body": report.body.credit_code if report.body_id else "city",
        "year": report.year,
        "figures": report.figures,
        "manual": report.manual,
        "narrative": report.narrative,
    }
    canonical = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def _record(report: AnnualReport, step: str, from_status: str, actor, day: datetime.date, note: str = ""):
    entry = ledger_append(
        f"annualreport.{step}",
        subject_type="annual_report",
        subject_id=str(report.public_id),
        actor=actor,
        payload={
            "body": report.body.credit_code if report.body_id else "city",
            "year": report.year,
            "from": from_status,
            "to": report.status,
            "on": day.isoformat(),
            "content_sha256": content_hash(report),
        },
    )
    return ReportEvent.objects.create(
        report=report,
        step=step,
        from_status=from_status,
        to_status=report.status,
        actor=actor,
        on=day,
        note=note,
        ledger_index=entry.index,
    )


def _compute(report: AnnualReport) -> dict:
    body_ids = None if report.body_id is None else [report.body_id]
    return figures.compute(body_ids, report.year)


def _city_manual_prefill(year: int) -> dict:
    """The city's hand-entered lines start as the sum of what the bodies entered for the year."""
    totals: dict[str, int | None] = dict.fromkeys(figures.MANUAL_CODES)
    for manual in AnnualReport.objects.filter(year=year, body__isnull=False).values_list("manual", flat=True):
        for code in figures.MANUAL_CODES:
            value = manual.get(code)
            if value is not None:
                totals[code] = (totals[code] or 0) + value
    return totals


def generate_report(actor, data, *, today: datetime.date | None = None) -> AnnualReport:
    """生成草稿: the report of a body (or the city, body blank) for a closed calendar year (STAT-01)."""
    today = today or timezone.localdate()
    clean = _validated(GenerateForm(form_data(data)))
    year, body_id = clean["year"], clean["body"]
    body = None
    if body_id is not None:
        body = rights.reporting_bodies().filter(pk=body_id).first()
        if body is None or not rights.may_view(actor, body_id):
            raise NotFound("执法主体不存在")
    elif not rights.may_view(actor, None):
        raise NotFound("执法主体不存在")
    if not rights.may(actor, "prepare", body_id):
        raise Forbidden("您没有编制该年报的权限")
    if year >= today.year:
        raise InvalidInput(f"{year} 年度尚未结束，不能生成年报", fields={"year": ["统计年度尚未结束"]})
    if AnnualReport.objects.filter(body=body, year=year).exists():
        raise Conflict(f"{year} 年度年报已经生成，请在原草稿上重新生成统计数据")
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                body=body,
                year=year,
                generated_on=today,
                generated_at=timezone.now(),
                figures={},
                manual=dict.fromkeys(figures.MANUAL_CODES),
            )
            report.figures = _compute(report)
            if body is None:
                report.manual = _city_manual_prefill(year)
            report.save(update_fields=["figures", "manual", "updated_at"])
            _record(report, Step.GENERATED, "", actor, today)
    except IntegrityError:
        raise Conflict(f"{year} 年度年报已经生成，请在原草稿上重新生成统计数据") from None
    return report


def _locked(actor, report_id: int, step: str, *states: str) -> AnnualReport:
    """The report for `actor` (404 if not visible), the right (403), locked, in one of `states` (409)."""
    report = rights.visible(actor, AnnualReport.objects.all()).filter(pk=report_id).first()
    if report is None:
        raise NotFound("年报不存在")
    if not rights.may(actor, step, report.body_id):
        raise Forbidden("您没有执行此操作的权限")
    report = AnnualReport.objects.select_for_update(of=("self",)).select_related("body").get(pk=report.pk)
    if report.status not in states:
        raise Conflict(f"年报当前状态为“{report.get_status_display()}”，不能执行此操作")
    return report


def regenerate_report(actor, report_id: int, *, today: datetime.date | None = None) -> AnnualReport:
    """重新生成: a new snapshot of the computed lines; manual lines and the narrative are kept."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = _locked(actor, report_id, "prepare", ReportStatus.DRAFT)
        report.figures = _compute(report)
        report.generated_on, report.generated_at = today, timezone.now()
        report.save(update_fields=["figures", "generated_on", "generated_at", "updated_at"])
        _record(report, Step.REGENERATED, report.status, actor, today)
    return report


def update_draft(actor, report_id: int, data, *, today: datetime.date | None = None) -> AnnualReport:
    """填报: hand-entered lines and the narrative. Only the keys given change (blank clears a line)."""
    today = today or timezone.localdate()
    given = form_data(data)
    clean = _validated(DraftForm(given))
    with transaction.atomic():
        report = _locked(actor, report_id, "prepare", ReportStatus.DRAFT)
        manual = dict(report.manual)
        for code in figures.MANUAL_CODES:
            if code in given:
                manual[code] = clean[code]
        report.manual = manual
        if "narrative" in given:
            report.narrative = clean["narrative"]
        report.save(update_fields=["manual", "narrative", "updated_at"])
        _record(report, Step.EDITED, report.status, actor, today)
    return report


def missing_lines(report: AnnualReport) -> list[str]:
    """STAT-03: what must still be entered before approval (a line is reported as 0, never blank)."""
    missing = [figures.BY_CODE[c].label for c in figures.MANUAL_CODES if report.manual.get(c) is None]
    if not report.narrative.strip():
        missing.append("年度工作情况说明")
    return missing


def approve_report(actor, report_id: int, *, today: datetime.date | None = None) -> AnnualReport:
    """审定: the agency head (a body's report) or the bureau's supervisor (the city's) fixes the content."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = _locked(actor, report_id, "approve", ReportStatus.DRAFT)
        missing = missing_lines(report)
        if missing:
            raise Conflict(
                "STAT-03：以下项目尚未填报（没有发生的填 0）：" + "、".join(missing),
                code="incomplete_report",
                fields={"__all__": missing},
            )
        report.status = ReportStatus.APPROVED
        report.approved_on, report.approved_by = today, actor
        report.content_sha256 = content_hash(report)
        report.save(update_fields=["status", "approved_on", "approved_by", "content_sha256", "updated_at"])
        _record(report, Step.APPROVED, ReportStatus.DRAFT, actor, today)
    return report


def reopen_report(actor, report_id: int, data, *, today: datetime.date | None = None) -> AnnualReport:
    """退回修改: an approved report not yet published goes back to draft, with a reason."""
    today = today or timezone.localdate()
    reason = (form_data(data).get("reason") or "").strip()
    if not reason:
        raise InvalidInput("请填写退回理由", fields={"reason": ["请填写退回理由"]})
    with transaction.atomic():
        report = _locked(actor, report_id, "approve", ReportStatus.APPROVED)
        report.status = ReportStatus.DRAFT
        report.approved_on = report.approved_by = None
        report.content_sha256 = ""
        report.save(update_fields=["status", "approved_on", "approved_by", "content_sha256", "updated_at"])
        _record(report, Step.REOPENED, ReportStatus.APPROVED, actor, today, reason[:2000])
    return report


def publish_report(actor, report_id: int, *, today: datetime.date | None = None) -> AnnualReport:
    """公开: the approved report appears on the portal; STAT-01 wants this by 31 January."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = _locked(actor, report_id, "publish", ReportStatus.APPROVED)
        if content_hash(report) != report.content_sha256:
            raise Conflict("年报内容与审定时不一致，请退回后重新审定", code="content_changed")
        report.status = ReportStatus.PUBLISHED
        report.published_on, report.published_by = today, actor
        report.save(update_fields=["status", "published_on", "published_by", "updated_at"])
        _record(report, Step.PUBLISHED, ReportStatus.APPROVED, actor, today)
        invalidate_portal("annualreport.published")  # portal page cache (sanxiang/portal/cache.py)
    return report
