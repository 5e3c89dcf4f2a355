"""Campaign writes: open, change dates and scope, edit the checklist, close (bureau only)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from sanxiang.core.errors import Conflict, NotFound

from .. import registry
from ..choices import CampaignStatus, ReportAction, Section
from ..models import Campaign, ChecklistItem, ChecklistTemplateItem, SelfInspectionReport
from ..permissions import require_bureau
from ..scoring import scoring_bodies
from .common import log_entry, parse_date, raise_errors, record_event, sha

# ---------------------------------------------------------------------------------------------
# Campaigns
# ---------------------------------------------------------------------------------------------


def _scope_bodies(body_ids: Iterable, errors: dict):
    try:
        ids = sorted({int(b) for b in body_ids})
    except (TypeError, ValueError):
        errors.setdefault("bodies", []).append("检查范围中的执法主体无效")
        return []
    bodies = list(scoring_bodies().filter(pk__in=ids))
    if not ids:
        errors.setdefault("bodies", []).append("请至少选择一个执法主体")
    elif len(bodies) != len(ids):
        errors.setdefault("bodies", []).append("检查范围中有不存在或已停用的执法主体")
    return bodies


def _window(data: dict, year: int, errors: dict, current: Campaign | None = None) -> dict:
    """Due date (default 30 April) and the special-inspection window (default May, per the notice)."""
    due = parse_date(data.get("due_on"), "due_on", "报送截止日", errors)
    start = parse_date(data.get("inspection_start"), "inspection_start", "专项监督检查开始日", errors)
    end = parse_date(data.get("inspection_end"), "inspection_end", "专项监督检查结束日", errors)
    out = {
        "due_on": due or (current.due_on if current else datetime.date(year, 4, 30)),
        "inspection_start": start or (current.inspection_start if current else datetime.date(year, 5, 1)),
        "inspection_end": end or (current.inspection_end if current else datetime.date(year, 5, 31)),
    }
    if out["inspection_end"] < out["inspection_start"]:
        errors.setdefault("inspection_end", []).append("专项监督检查结束日不得早于开始日")
    if out["inspection_start"] <= out["due_on"]:
        errors.setdefault("inspection_start", []).append("专项监督检查应在自查报告报送截止日之后开始")
    return out


def open_campaign(user, data: dict, *, today: datetime.date | None = None) -> Campaign:
    """Open a look-back campaign: scope, checklist copied from the default, reports for each body."""
    require_bureau(user)
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    title = (data.get("title") or "").strip()
    if not title:
        errors["title"] = ["请填写活动名称"]
    try:
        year = int(data.get("year") or today.year)
    except (TypeError, ValueError):
        errors["year"], year = ["年度应为数字"], today.year
    bodies = _scope_bodies(data.get("bodies") or [], errors)
    window = _window(data, year, errors)
    period_end = parse_date(data.get("period_end"), "period_end", "指标统计止", errors) or today
    period_start = parse_date(data.get("period_start"), "period_start", "指标统计起", errors) or (
        period_end - datetime.timedelta(days=364)
    )
    if period_start > period_end:
        errors.setdefault("period_start", []).append("指标统计起不得晚于统计止")
    raise_errors(errors)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title,
            year=year,
            notice_number=(data.get("notice_number") or "").strip(),
            opened_on=today,
            period_start=period_start,
            period_end=period_end,
            created_by=user,
            **window,
        )
        ChecklistItem.objects.bulk_create(
            ChecklistItem(
                campaign=campaign,
                number=t.number,
                section=t.section,
                text=t.text,
                indicator_codes=t.indicator_codes,
            )
            for t in ChecklistTemplateItem.objects.order_by("number")
        )
        log_entry(
            "supervision.campaign_opened",
            "campaign",
            campaign.public_id,
            {
                "campaign": str(campaign.public_id),
                "year": year,
                "bodies": [b.pk for b in bodies],
                "due_on": campaign.due_on,
                "inspection_start": campaign.inspection_start,
                "inspection_end": campaign.inspection_end,
                "title_sha256": sha(title),
            },
            actor=user,
        )
        for body in bodies:
            _add_report(campaign, body, user, today)
    return campaign


def _add_report(campaign, body, user, today) -> SelfInspectionReport:
    report = SelfInspectionReport.objects.create(campaign=campaign, body=body)
    record_event(report, ReportAction.OPENED, "", user, today)
    return report


def _campaign_for_write(user, campaign_id) -> Campaign:
    require_bureau(user)
    campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
    if campaign is None:
        raise NotFound("活动不存在")
    if campaign.status != CampaignStatus.OPEN:
        raise Conflict("活动已结束，不能再修改")
    return campaign


def update_campaign(user, campaign_id: int, data: dict) -> Campaign:
    """Change the due date or the special-inspection window."""
    with transaction.atomic():
        campaign = _campaign_for_write(user, campaign_id)
        errors: dict[str, list[str]] = {}
        window = _window(data, campaign.year, errors, current=campaign)
        title = (data.get("title") or campaign.title).strip()
        raise_errors(errors)
        for name, value in window.items():
            setattr(campaign, name, value)
        campaign.title = title
        campaign.save()
        log_entry(
            "supervision.campaign_changed",
            "campaign",
            campaign.public_id,
            {"campaign": str(campaign.public_id), **window, "title_sha256": sha(title)},
            actor=user,
        )
    return campaign


def set_scope(user, campaign_id: int, body_ids: Iterable, *, today: datetime.date | None = None) -> Campaign:
    """Add bodies to the campaign; remove only bodies that never submitted a report."""
    today = today or timezone.localdate()
    with transaction.atomic():
        campaign = _campaign_for_write(user, campaign_id)
        errors: dict[str, list[str]] = {}
        bodies = {b.pk: b for b in _scope_bodies(body_ids, errors)}
        raise_errors(errors)
        reports = {r.body_id: r for r in campaign.reports.select_for_update()}
        leaving = [r for b, r in reports.items() if b not in bodies]
        refused = [r.body.name for r in leaving if r.submissions]
        if refused:
            raise Conflict(f"已报送过自查报告的执法主体不能移出检查范围：{'、'.join(refused)}")
        for report in leaving:
            before = report.status
            record_event(report, ReportAction.REMOVED, before, user, today)  # ledger keeps it; the rows go
            report.delete()
        for body_id, body in bodies.items():
            if body_id not in reports:
                _add_report(campaign, body, user, today)
        log_entry(
            "supervision.campaign_scope",
            "campaign",
            campaign.public_id,
            {"campaign": str(campaign.public_id), "bodies": sorted(bodies)},
            actor=user,
        )
    return campaign


def _checklist_editable(campaign: Campaign) -> None:
    if campaign.reports.filter(submissions__gt=0).exists():
        raise Conflict("已有执法主体报送自查报告，自查事项不能再修改")


def _clean_item(data: dict, errors: dict) -> dict:
    text = (data.get("text") or "").strip()
    if not text:
        errors["text"] = ["请填写检查事项"]
    section = data.get("section") or ""
    if section not in Section.values:
        errors["section"] = ["请选择所属方面"]
    codes = data.get("indicator_codes") or []
    if isinstance(codes, str):
        codes = [c.strip() for c in codes.replace("，", ",").split(",") if c.strip()]
    unknown = [c for c in codes if registry.get(c) is None]
    if unknown:
        errors["indicator_codes"] = [f"未知的指标：{'、'.join(unknown)}"]
    try:
        number = int(data.get("number"))
        if number < 1:
            raise ValueError
    except (TypeError, ValueError):
        errors["number"], number = ["序号应为正整数"], 0
    return {"text": text, "section": section, "indicator_codes": list(codes), "number": number}


def save_checklist_item(user, campaign_id: int, data: dict, item_id: int | None = None) -> ChecklistItem:
    """Add or change one checklist item while no report has been submitted."""
    with transaction.atomic():
        campaign = _campaign_for_write(user, campaign_id)
        _checklist_editable(campaign)
        errors: dict[str, list[str]] = {}
        fields = _clean_item(data, errors)
        item = (
            ChecklistItem(campaign=campaign) if item_id is None else campaign.items.filter(pk=item_id).first()
        )
        if item is None:
            raise NotFound("自查事项不存在")
        if campaign.items.filter(number=fields["number"]).exclude(pk=item.pk).exists():
            errors["number"] = ["序号已被其他事项使用"]
        raise_errors(errors)
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        log_entry(
            "supervision.checklist_saved",
            "campaign",
            campaign.public_id,
            {
                "campaign": str(campaign.public_id),
                "item": item.pk,
                "number": item.number,
                "text_sha256": sha(item.text),
            },
            actor=user,
        )
    return item


def remove_checklist_item(user, campaign_id: int, item_id: int) -> None:
    with transaction.atomic():
        campaign = _campaign_for_write(user, campaign_id)
        _checklist_editable(campaign)
        item = campaign.items.filter(pk=item_id).first()
        if item is None:
            raise NotFound("自查事项不存在")
        log_entry(
            "supervision.checklist_removed",
            "campaign",
            campaign.public_id,
            {"campaign": str(campaign.public_id), "item": item.pk, "number": item.number},
            actor=user,
        )
        item.delete()


def close_campaign(user, campaign_id: int) -> Campaign:
    with transaction.atomic():
        campaign = _campaign_for_write(user, campaign_id)
        campaign.status = CampaignStatus.CLOSED
        campaign.save(update_fields=["status", "updated_at"])
        log_entry(
            "supervision.campaign_closed",
            "campaign",
            campaign.public_id,
            {"campaign": str(campaign.public_id)},
            actor=user,
        )
    return campaign
