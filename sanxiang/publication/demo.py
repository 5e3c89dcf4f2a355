"""Demo data of publication: the demo city's decisions published, some still due, some overdue, one
withdrawn after its decision was revoked. Run after `sanxiang demo`; a second run changes nothing.

The records themselves were made by the decisions while the demo city was built (handlers.py); this
walks the older ones through the same services the staff pages use.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from sanxiang.cases.services import run_transition
from sanxiang.core.errors import DomainError
from sanxiang.orgs.choices import Role
from sanxiang.orgs.models import User

from . import services
from .choices import PublicationStatus
from .models import Publication

# Decisions older than this are published (except every fourth: left overdue for the deadline scan).
PUBLISH_AFTER_DAYS = 10


def _seat(body_id: int, role: str) -> User | None:
    return User.objects.filter(grants__role=role, grants__body_id=body_id, is_active=True).first()


def seed_demo(stdout=None) -> dict:
    say = stdout.write if stdout else (lambda _text: None)
    counts = {"published": 0, "overdue": 0, "due": 0, "withdrawn": 0}
    if Publication.objects.filter(
        status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN]
    ).exists():
        say("执法决定公开演示数据已存在，未重复创建\n")
        return counts
    today = timezone.localdate()
    cutoff = today - datetime.timedelta(days=PUBLISH_AFTER_DAYS)
    rows = Publication.objects.filter(status=PublicationStatus.PENDING).order_by("decision_date", "id")
    for i, publication in enumerate(rows.select_related("body")):
        discloser = _seat(publication.body_id, Role.DISCLOSURE_STAFF)
        chief = _seat(publication.body_id, Role.AGENCY_HEAD)
        if publication.decision_date > cutoff or not (discloser and chief):
            counts["due"] += 1
            continue
        if i % 4 == 3:
            counts["overdue"] += 1
            continue
        try:
            services.submit(discloser, publication.pk)
            services.approve(chief, publication.pk, "同意公开")
        except DomainError as exc:
            say(f"未能公开 {publication.document_number}：{exc.message}\n")
            continue
        counts["published"] += 1
    counts["withdrawn"] = _withdraw_one(today, say)
    say(
        f"执法决定公开：已公开 {counts['published']} 件，待公开 {counts['due']} 件，"
        f"超期未公开 {counts['overdue']} 件，已撤回 {counts['withdrawn']} 件\n"
    )
    return counts


def _withdraw_one(today: datetime.date, say) -> int:
    """One published penalty decision is revoked on reconsideration and withdrawn (DISC-05)."""
    publication = (
        Publication.objects.filter(status=PublicationStatus.PUBLISHED, kind="penalty").order_by("id").first()
    )
    if publication is None:
        return 0
    chief = _seat(publication.body_id, Role.AGENCY_HEAD)
    discloser = _seat(publication.body_id, Role.DISCLOSURE_STAFF)
    try:
        run_transition(
            chief,
            publication.case_id,
            "revoke_decision",
            {
                "date": today.isoformat(),
                "source": "reconsideration",
                "document": f"河政复决字〔{today.year}〕1号",
                "reason": "复议机关认为认定事实不清，决定撤销原行政处罚决定",
            },
        )
        services.withdraw(discloser, publication.pk, "该行政处罚决定已被行政复议机关撤销，依法撤回公开。")
    except DomainError as exc:
        say(f"未能撤回 {publication.document_number}：{exc.message}\n")
        return 0
    return 1
