"""Self-inspection report writes: save, submit, record, return; and the daily reminders."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from sanxiang.core import hooks
from sanxiang.core.errors import Conflict, Forbidden, InvalidInput

from ..choices import EDITABLE, FILED, Assessment, CampaignStatus, ReportAction, ReportStatus
from ..models import RectificationMeasure, Reminder, ReportAnswer, SelfInspectionReport
from ..permissions import may_file, require_bureau
from .common import REMINDER_ACTOR, parse_date, raise_errors, record_event

# Called with reminder=, inside the reminder's transaction; notifications tells the body's filers.
REMINDER_CREATED = "supervision.reminder_created"

# ---------------------------------------------------------------------------------------------
# Self-inspection reports
# ---------------------------------------------------------------------------------------------


def _report_for_write(user, report_id: int, *, filer: bool) -> SelfInspectionReport:
    from ..selectors import report_for

    report_for(user, report_id)  # 404 for another body's report
    report = (
        SelfInspectionReport.objects.select_for_update().select_related("campaign", "body").get(pk=report_id)
    )
    if filer and not may_file(user, report.body_id):
        raise Forbidden("只有本机关负责人或指定的填报人员可以填报自查报告")
    if not filer:
        require_bureau(user)
    if report.campaign.status != CampaignStatus.OPEN:
        raise Conflict("活动已结束")
    return report


def save_report(
    user, report_id: int, data: dict, *, today: datetime.date | None = None
) -> SelfInspectionReport:
    """Save the narrative, the answer to each item and the rectification measures (a draft)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = _report_for_write(user, report_id, filer=True)
        if report.status not in EDITABLE:
            raise Conflict(f"自查报告{report.get_status_display()}，不能修改")
        items = {i.pk: i for i in report.campaign.items.all()}
        errors: dict[str, list[str]] = {}
        answers = data.get("answers") or {}
        clean_answers = []
        for key, answer in answers.items():
            try:
                item = items[int(key)]
            except (KeyError, TypeError, ValueError):
                errors.setdefault("answers", []).append("自查事项不属于本次活动")
                continue
            assessment = answer.get("assessment") or ""
            if assessment and assessment not in Assessment.values:
                errors.setdefault(f"assessment_{item.pk}", []).append("自评结论无效")
            clean_answers.append(
                (
                    item,
                    assessment,
                    (answer.get("evidence_links") or "").strip(),
                    (answer.get("problems") or "").strip(),
                )
            )
        clean_measures = []
        for n, m in enumerate(data.get("measures") or [], 1):
            text, owner = (m.get("measure") or "").strip(), (m.get("owner") or "").strip()
            if not (text or owner or m.get("deadline")):
                continue
            deadline = parse_date(m.get("deadline"), f"measure_{n}", f"第 {n} 条整改措施的完成时限", errors)
            if not text or not owner or deadline is None:
                errors.setdefault(f"measure_{n}", []).append(f"第 {n} 条整改措施须填写措施、责任人和完成时限")
            item = None
            if m.get("item"):
                item = items.get(int(m["item"])) if str(m["item"]).isdigit() else None
                if item is None:
                    errors.setdefault(f"measure_{n}", []).append(f"第 {n} 条整改措施对应的事项无效")
            clean_measures.append((item, text, owner, deadline))
        raise_errors(errors)
        report.narrative = (data.get("narrative") if "narrative" in data else report.narrative) or ""
        for item, assessment, links, problems in clean_answers:
            ReportAnswer.objects.update_or_create(
                report=report,
                item=item,
                defaults={"assessment": assessment, "evidence_links": links, "problems": problems},
            )
        if "measures" in data:
            report.measures.all().delete()
            RectificationMeasure.objects.bulk_create(
                RectificationMeasure(report=report, item=i, measure=t, owner=o, deadline=d)
                for i, t, o, d in clean_measures
            )
        before = report.status
        if report.status == ReportStatus.NOT_STARTED:
            report.status = ReportStatus.DRAFT
        report.save()
        record_event(report, ReportAction.SAVED, before, user, today)
    return report


def submit_report(user, report_id: int, *, today: datetime.date | None = None) -> SelfInspectionReport:
    """Submit for recording (报送备案): every item assessed, shortfalls explained and rectified."""
    from ..selectors import report_indicators

    today = today or timezone.localdate()
    with transaction.atomic():
        report = _report_for_write(user, report_id, filer=True)
        if report.status not in (ReportStatus.DRAFT, ReportStatus.RETURNED):
            raise Conflict(f"自查报告{report.get_status_display()}，不能报送")
        answers = {a.item_id: a for a in report.answers.all()}
        measured = {m.item_id for m in report.measures.all()}
        problems: list[str] = []
        if not report.narrative.strip():
            problems.append("请填写自查情况总体说明")
        for item in report.campaign.items.all():
            answer = answers.get(item.pk)
            if answer is None or not answer.assessment:
                problems.append(f"第 {item.number} 项尚未自评")
            elif answer.assessment in (Assessment.PARTIAL, Assessment.NOT_DONE):
                if not answer.problems:
                    problems.append(
                        f"第 {item.number} 项自评为{answer.get_assessment_display()}，须写明存在问题"
                    )
                if item.pk not in measured:
                    problems.append(
                        f"第 {item.number} 项自评为{answer.get_assessment_display()}，须提出整改措施"
                    )
        if problems:
            raise Conflict("自查报告尚不完整，不能报送", fields={"__all__": problems})
        before = report.status
        report.indicators_at_submission = report_indicators(report)
        report.status = ReportStatus.SUBMITTED
        report.submissions += 1
        report.submitted_on = today
        report.save()
        record_event(report, ReportAction.SUBMITTED, before, user, today)
    return report


def record_report(
    user, report_id: int, note: str = "", *, today: datetime.date | None = None
) -> SelfInspectionReport:
    """The bureau records (备案) a submitted report."""
    today = today or timezone.localdate()
    with transaction.atomic():
        report = _report_for_write(user, report_id, filer=False)
        if report.status != ReportStatus.SUBMITTED:
            raise Conflict("只有已报送的自查报告可以备案")
        before = report.status
        report.status, report.recorded_on = ReportStatus.RECORDED, today
        report.save()
        record_event(report, ReportAction.RECORDED, before, user, today, note.strip())
    return report


def return_report(
    user, report_id: int, reason: str, *, today: datetime.date | None = None
) -> SelfInspectionReport:
    """The bureau returns a submitted report for revision, with reasons."""
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("请填写退回理由", fields={"reason": ["请填写退回理由"]})
    with transaction.atomic():
        report = _report_for_write(user, report_id, filer=False)
        if report.status != ReportStatus.SUBMITTED:
            raise Conflict("只有已报送的自查报告可以退回")
        before = report.status
        report.status, report.return_reason = ReportStatus.RETURNED, reason
        report.save()
        record_event(report, ReportAction.RETURNED, before, user, today, reason)
    return report


def remind_overdue(today: datetime.date | None = None) -> list[Reminder]:
    """Remind every body that has not filed by its campaign's due date; once per body and day."""
    today = today or timezone.localdate()
    late = (
        SelfInspectionReport.objects.filter(campaign__status=CampaignStatus.OPEN, campaign__due_on__lt=today)
        .exclude(status__in=FILED)
        .exclude(reminders__day=today)
        .select_related("campaign", "body")
        .order_by("campaign_id", "body__name")
    )
    sent = []
    for report in late:
        with transaction.atomic():
            locked = (
                SelfInspectionReport.objects.select_for_update()
                .select_related("campaign", "body")
                .get(pk=report.pk)
            )
            if locked.status in FILED or locked.reminders.filter(day=today).exists():
                continue
            days = (today - locked.campaign.due_on).days
            message = (
                f"{locked.body.name}：《{locked.campaign.title}》自查报告应于 {locked.campaign.due_on:%Y年%m月%d日}前"
                f"报市司法局备案，已逾期 {days} 日（当前状态：{locked.get_status_display()}），请尽快报送。"
            )
            event = record_event(
                locked, ReportAction.REMINDED, locked.status, None, today, message, actor_label=REMINDER_ACTOR
            )
            reminder = Reminder.objects.create(
                report=locked, day=today, message=message, ledger_index=event.ledger_index
            )
            hooks.call(REMINDER_CREATED, reminder=reminder)
            sent.append(reminder)
    return sent
