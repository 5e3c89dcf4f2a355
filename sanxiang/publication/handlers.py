"""What publication does when the case procedure moves (hooks of sanxiang.core.hooks).

Registered in PublicationConfig.ready(), after the documents app, so the decision document the step
issues already exists. The handler runs inside the transition's transaction: the record is made
with the decision or not at all.
"""

from __future__ import annotations

from sanxiang.cases.procedure import TRANSITION_APPLIED
from sanxiang.cases.selectors import EXTRA_ALERTS
from sanxiang.core import hooks
from sanxiang.documents.models import Document

from . import selectors, services, text
from .choices import WithdrawalCause

# Steps that make a decision to be published, and the outcomes that take one down (DISC-05).
DECISION_STEPS = frozenset({"decide", "decide_on_the_spot", "take_measure"})
OUTCOME_STEPS = {"change_decision": WithdrawalCause.CHANGED, "revoke_decision": WithdrawalCause.REVOKED}


def on_transition_applied(case, transition, event, actor, **_kwargs) -> None:
    name = transition.name
    if name in DECISION_STEPS:
        document = (
            Document.objects.filter(case=case, event=event, kind__in=list(text.DECISION_KINDS))
            .order_by("-id")
            .first()
        )
        if document is not None:
            services.record_decision(case, document, event.effective_on, actor)
    elif name in OUTCOME_STEPS:
        services.decision_changed(case, OUTCOME_STEPS[name], event.effective_on, actor)


def deadline_alerts(today, body_id, user, **_kwargs) -> list:
    """Publication and withdrawal deadlines in the body's deadline scan (cases.deadline_alerts)."""
    if user is None:
        return selectors.system_deadline_alerts(today, body_id=body_id)
    return selectors.deadline_alerts(user, today, body_id=body_id)


def register() -> None:
    hooks.register(TRANSITION_APPLIED, on_transition_applied)
    hooks.register(EXTRA_ALERTS, deadline_alerts)
