"""What this app registers on lower apps: the REC-01 gate and linking files to the step's history row."""

from __future__ import annotations

from django.utils import timezone

from sanxiang.cases import procedure
from sanxiang.core import hooks
from sanxiang.ledger.services import append as ledger_append

from .models import Evidence
from .rules import guard_av_record

procedure.register_gate("av_record", guard_av_record)


@hooks.handles(procedure.TRANSITION_APPLIED)
def link_step_evidence(case, transition, event, actor=None, **_kwargs) -> int:
    """Files uploaded for a step before it happened point at its history row once it has."""
    rows = Evidence.objects.filter(case=case, step=transition.name, event__isnull=True)
    ids = [str(pid) for pid in rows.values_list("public_id", flat=True)]
    if not ids:
        return 0
    rows.update(event=event, updated_at=timezone.now())
    ledger_append(
        "evidence.linked",
        subject_type="case",
        subject_id=str(case.public_id),
        payload={"event": event.pk, "step": transition.name, "evidence": ids},
        actor=actor,
        actor_label="" if actor is not None else "system:cases",
    )
    return len(ids)


@hooks.handles(procedure.DETAIL_CONTEXT)
def case_page_flags(case, **_kwargs) -> dict:
    """REC-02/05 warnings shown on the case page."""
    from .selectors import av_flags

    return {"av_flags": av_flags(case)}
