"""Helpers every supervision write shares: input parsing and the history row with its ledger entry."""

from __future__ import annotations

import datetime
import hashlib

from sanxiang.core.errors import InvalidInput
from sanxiang.ledger.services import append

from ..models import (
    ReportEvent,
)

REMINDER_ACTOR = "system:self-inspection-reminder"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def parse_date(value, name: str, label: str, errors: dict) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError:
        errors.setdefault(name, []).append(f"{label}格式应为 YYYY-MM-DD")
        return None


def raise_errors(errors: dict) -> None:
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(first, fields=errors)


def log_entry(
    kind: str, subject_type: str, subject_id, payload: dict, actor=None, actor_label: str = ""
) -> int:
    entry = append(
        kind,
        subject_type=subject_type,
        subject_id=subject_id,
        payload=payload,
        actor=actor,
        actor_label=actor_label if actor is None else "",
    )
    return entry.index


def record_event(report, action, before, actor, on, reason="", actor_label="") -> ReportEvent:
    index = log_entry(
        f"supervision.report_{action}",
        "self_inspection_report",
        report.public_id,
        {
            "report": str(report.public_id),
            "campaign": str(report.campaign.public_id),
            "body": report.body_id,
            "from": before,
            "to": report.status,
            "reason_sha256": sha(reason) if reason else "",
        },
        actor=actor,
        actor_label=actor_label,
    )
    return ReportEvent.objects.create(
        report=report,
        action=action,
        from_status=before,
        to_status=report.status,
        actor=actor,
        actor_label=actor_label if actor is None else "",
        on=on,
        reason=reason,
        ledger_index=index,
    )
