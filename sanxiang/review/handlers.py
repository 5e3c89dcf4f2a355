"""What the review app does when the case procedure moves (hooks of sanxiang.core.hooks).

Registered in ReviewConfig.ready(). The applied-transition handler runs inside the transition's
transaction, so a failure here refuses the transition: it must only write review rows.
"""

from __future__ import annotations

from django.db import transaction

from sanxiang.cases.choices import DecisionKind
from sanxiang.cases.models import Case
from sanxiang.cases.procedure import TRANSITION_APPLIED, TRANSITION_REFUSED
from sanxiang.core import hooks

from . import classify
from .models import Classification
from .services.flags import classify_case
from .services.submissions import withdraw_open

# The proposed penalties (submit_for_review) or a catalogue criterion (a hearing held) changed.
RECLASSIFY_ON = frozenset({"submit_for_review", "record_hearing"})
# Final penalties set other than by `decide`: their classification is stored too (REV-01, decisions.py).
RECORD_DECISION_ON = frozenset({"decide_on_the_spot", "change_decision"})
# The case leaves the review stage: open review rounds are withdrawn.
WITHDRAW_ON = frozenset({"return_for_investigation", "terminate", "transfer"})


def on_transition_applied(case, transition, event, actor, **_kwargs) -> None:
    name = transition.name
    if name in RECLASSIFY_ON:
        classify_case(case, trigger=name, day=event.effective_on, actor=actor)
    elif name == "decide":
        classify_case(
            case, trigger="decide", day=event.effective_on, actor=actor, penalties=case.final_penalties
        )
    elif name in RECORD_DECISION_ON:
        # The final penalties as of the decision date: the stored fact rev_missing counts (decisions.py).
        classify_case(case, trigger=name, day=case.decided_on, actor=actor, penalties=case.final_penalties)
    if name in WITHDRAW_ON:
        withdraw_open(case, day=event.effective_on, actor=actor, why=name)


def on_transition_refused(
    case_id, transition, actor, data, penalties, problems, gate_problems=None, **_kwargs
) -> None:
    """The gate refused a decision whose FINAL penalties are major: keep that flag (own transaction).

    Only when the review gate was the sole reason: penalties refused by the procedure's own guards
    too (e.g. CASE-08, heavier than notified) were never a decision the body could make.
    """
    gate_problems = gate_problems or {}
    review_problems = gate_problems.get("legal_review", [])
    other = len(problems) - sum(len(found) for found in gate_problems.values())
    if transition.name != "decide" or other or not any(str(p).startswith("REV-01") for p in review_problems):
        return
    final = penalties if data.get("decision_kind") == DecisionKind.PENALTY else []
    with transaction.atomic():
        case = Case.objects.select_for_update().select_related("body").get(pk=case_id)
        latest = Classification.objects.filter(case=case).order_by("-id").first()
        if classify.classify(case, final, data["date"]).major and not (latest and latest.major):
            classify_case(case, trigger="gate", day=data["date"], actor=actor, penalties=final)


def register() -> None:
    from sanxiang.cases.procedure import register_gate

    from .gate import legal_review_gate

    register_gate("legal_review", legal_review_gate)
    hooks.register(TRANSITION_APPLIED, on_transition_applied)
    hooks.register(TRANSITION_REFUSED, on_transition_refused)
