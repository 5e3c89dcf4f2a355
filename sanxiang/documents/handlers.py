"""What this app attaches to the case procedure: documents issued by steps, and the REC-03 gate."""

from sanxiang.cases import procedure
from sanxiang.core import hooks

from . import kinds, services
from .gate import require_written_records


@hooks.handles(procedure.TRANSITION_APPLIED)
def issue_step_documents(case, transition, event, actor, **_kwargs) -> None:
    """Issue the document(s) the step produces, inside the step's transaction: a document that
    cannot be produced stops the step (RenderFailed is a Conflict), so no case moves on without it."""
    for kind in kinds.for_transition(transition.name, case):
        services.issue_for_step(case, kind, event=event, actor=actor)


procedure.register_gate("records", require_written_records)
