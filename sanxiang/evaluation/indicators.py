"""Indicators this app contributes to the supervision registry (issue 6 §4–5; docs/supervision.md).

Discovered by `sanxiang.supervision.registry.discover()`; each `compute` answers for all bodies in
one grouped query, each `drill` lists one body's records behind the value.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, F, Q
from django.urls import reverse

from sanxiang.supervision.registry import Direction, Indicator, Measure, Period, Record, Unit

from .choices import ComplaintStatus, ItemStatus, NoticeStatus
from .models import Complaint, NoticeItem

# --- SUP-01/02: rectification items past their deadline ---------------------------------------


def _overdue_items(period: Period, body_ids: list[int]):
    """Items of issued notices whose deadline passed by the period's end and that are not accepted.

    The item's status is today's (the app keeps no status history), so a past snapshot counts an
    item accepted after its end date as overdue until the next snapshot."""
    return NoticeItem.objects.filter(
        notice__body_id__in=body_ids,
        notice__status__in=(NoticeStatus.ISSUED, NoticeStatus.RESPONDED),
        deadline__lt=period.end,
    ).exclude(status=ItemStatus.ACCEPTED)


def compute_rectification(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    issued = NoticeItem.objects.filter(
        notice__body_id__in=body_ids, notice__issued_on__isnull=False, notice__issued_on__lte=period.end
    ).values_list("notice__body_id", flat=True)
    result = {body_id: Measure.count(0) for body_id in set(issued)}
    rows = _overdue_items(period, body_ids).values("notice__body_id").annotate(n=Count("id"))
    result.update({r["notice__body_id"]: Measure.count(r["n"]) for r in rows})
    return result


def drill_rectification(period: Period, body_id: int) -> list[Record]:
    items = _overdue_items(period, [body_id]).select_related("notice").order_by("deadline", "pk")
    return [
        Record(
            f"{item.notice.number or item.notice.title} 第 {item.number} 项",
            f"整改期限 {item.deadline:%Y-%m-%d}，{item.get_status_display()}",
            False,
            reverse("evaluation:notice", args=[item.notice_id]),
            item.deadline,
        )
        for item in items
    ]


# --- complaints answered within their handling period --------------------------------------------


def _complaints_due(period: Period, body_ids: list[int]):
    return Complaint.objects.filter(
        about_body_id__in=body_ids, due_on__gte=period.start, due_on__lte=period.end
    )


def _on_time() -> Q:
    return Q(status=ComplaintStatus.ANSWERED, answered_on__lte=F("due_on"))


def compute_complaints(period: Period, body_ids: list[int]) -> dict[int, Measure]:
    rows = (
        _complaints_due(period, body_ids)
        .values("about_body_id")
        .annotate(total=Count("id"), ok=Count("id", filter=_on_time()))
    )
    return {r["about_body_id"]: Measure.share(r["ok"], r["total"]) for r in rows}


def drill_complaints(period: Period, body_id: int) -> list[Record]:
    rows = (
        _complaints_due(period, [body_id])
        .annotate(ok=Count("id", filter=_on_time()))
        .order_by("due_on", "pk")
    )
    return [
        Record(
            f"投诉举报 {c.tracking_code[:4]}…（{c.subject}）",
            f"办理期限 {c.due_on:%Y-%m-%d}，{c.get_status_display()}"
            + (f"，{c.answered_on:%Y-%m-%d} 答复" if c.answered_on else ""),
            bool(c.ok),
            reverse("evaluation:complaint", args=[c.pk]),
            c.due_on,
        )
        for c in rows
    ]


INDICATORS = [
    Indicator(
        code="sup_rectification_overdue",
        title="逾期未完成的整改事项",
        rules=("SUP-01", "SUP-02"),
        section="监督",
        definition="已下发的通报批评、责令整改通知中，整改期限已过（期末日前届满）而尚未核查通过的事项数；"
        "本主体收到过整改通知才计算。",
        query="SELECT n.body_id, COUNT(*) FROM notice_item i JOIN notice n ON n.id = i.notice_id "
        "WHERE n.status IN ('issued','responded') AND i.deadline < :end AND i.status <> 'accepted' "
        "GROUP BY n.body_id",
        unit=Unit.COUNT,
        threshold=0,
        direction=Direction.AT_MOST,
        compute=compute_rectification,
        drill=drill_rectification,
        weight=2,
    ),
    Indicator(
        code="cmp_on_time",
        title="投诉举报按期办结答复",
        rules=(),  # no statutory period: the handling period is the platform's setting (docs/evaluation.md)
        section="监督",
        definition="办理期限在期间内届满的、针对本主体的投诉举报中，在期限内（含当日）答复的比例。",
        query="SELECT about_body_id, COUNT(*) total, COUNT(*) FILTER (WHERE status='answered' AND "
        "answered_on <= due_on) ok FROM complaint WHERE due_on BETWEEN :start AND :end "
        "GROUP BY about_body_id; value = ok/total",
        unit=Unit.SHARE,
        threshold=Decimal("1"),
        direction=Direction.AT_LEAST,
        compute=compute_complaints,
        drill=drill_complaints,
    ),
]
