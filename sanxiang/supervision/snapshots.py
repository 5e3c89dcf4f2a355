"""Daily indicator snapshots (`sanxiang indicators snapshot`) and the trends read from them.

A snapshot of day D stores, for the rolling year ending on D, every indicator's value and every
score, per body and for the city. Taking it twice is harmless: the values are hashed, and an
unchanged digest writes nothing; a changed one (late data) replaces that day's rows, with a
ledger entry in the same transaction.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction

from sanxiang.ledger.services import append

from . import scoring
from .models import IndicatorSnapshot, ScoreSnapshot, SnapshotRun
from .registry import Period

SYSTEM_ACTOR = "system:indicator-snapshot"


@dataclass(frozen=True)
class SnapshotResult:
    day: datetime.date
    created: bool
    changed: bool
    values: int


def _rows(cards, city) -> tuple[list[dict], list[dict]]:
    values, scores = [], []
    for card in [*cards, city]:
        body_id = card.body.pk if card.body else None
        scores.append({"body": body_id, "score": None if card.score is None else str(card.score)})
        for row in card.rows:
            m = row.measure
            value = (
                None
                if m.value is None
                else str(Decimal(int(m.value) if isinstance(m.value, bool) else m.value))
            )
            values.append(
                {
                    "body": body_id,
                    "code": row.indicator.code,
                    "value": value,
                    "numerator": m.numerator,
                    "denominator": m.denominator,
                    "status": row.status,
                }
            )
    return values, scores


def take_snapshot(day: datetime.date) -> SnapshotResult:
    """Store the indicators of the rolling year ending on `day` (idempotent)."""
    period = Period.rolling_year(day)
    cards, city = scoring.build(period, list(scoring.scoring_bodies()))
    values, scores = _rows(cards, city)
    digest = hashlib.sha256(
        json.dumps({"values": values, "scores": scores}, sort_keys=True).encode()
    ).hexdigest()
    with transaction.atomic():
        run = SnapshotRun.objects.select_for_update().filter(day=day).first()
        if run is not None and run.digest == digest:
            return SnapshotResult(day, False, False, len(values))
        created = run is None
        if run is None:
            run = SnapshotRun(day=day)
        else:
            run.values.all().delete()
            run.scores.all().delete()
        run.period_start, run.period_end, run.digest = period.start, period.end, digest
        run.save()
        IndicatorSnapshot.objects.bulk_create(
            IndicatorSnapshot(
                run=run,
                day=day,
                body_id=v["body"],
                code=v["code"],
                value=None if v["value"] is None else Decimal(v["value"]),
                numerator=v["numerator"],
                denominator=v["denominator"],
                status=v["status"],
            )
            for v in values
        )
        ScoreSnapshot.objects.bulk_create(
            ScoreSnapshot(
                run=run, day=day, body_id=s["body"], score=None if s["score"] is None else Decimal(s["score"])
            )
            for s in scores
        )
        entry = append(
            "supervision.snapshot",
            subject_type="indicator_snapshot",
            subject_id=day.isoformat(),
            payload={"day": day, "period_start": period.start, "period_end": period.end, "sha256": digest},
            actor_label=SYSTEM_ACTOR,
        )
        run.ledger_index = entry.index
        run.save(update_fields=["ledger_index"])
    return SnapshotResult(day, created, True, len(values))


def score_trends(
    body_ids: list[int | None], since: datetime.date
) -> dict[int | None, list[tuple[datetime.date, Decimal]]]:
    """body id (None = city) -> [(day, score)] since `since`, oldest first; one query."""
    rows = ScoreSnapshot.objects.filter(day__gte=since, score__isnull=False).order_by("day")
    wanted = [b for b in body_ids if b is not None]
    if None in body_ids:
        from django.db.models import Q

        rows = rows.filter(Q(body_id__in=wanted) | Q(body__isnull=True))
    else:
        rows = rows.filter(body_id__in=wanted)
    found: dict[int | None, list] = defaultdict(list)
    for body_id, day, value in rows.values_list("body_id", "day", "score"):
        found[body_id].append((day, value))
    return found


def indicator_trends(
    body_id: int | None, since: datetime.date
) -> dict[str, list[tuple[datetime.date, Decimal]]]:
    """code -> [(day, value)] for one body (None = city) since `since`; one query."""
    rows = IndicatorSnapshot.objects.filter(day__gte=since, value__isnull=False).order_by("day")
    rows = rows.filter(body__isnull=True) if body_id is None else rows.filter(body_id=body_id)
    found: dict[str, list] = defaultdict(list)
    for code, day, value in rows.values_list("code", "day", "value"):
        found[code].append((day, value))
    return found
