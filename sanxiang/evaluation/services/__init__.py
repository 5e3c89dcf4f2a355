"""Every write of the evaluation app; import services from here."""

from .complaints import accept, answer, submit_complaint, transfer
from .outcomes import create_notice, escalate_overdue, issue_notice, respond, verify
from .plans import add_member, add_team, assign_body, create_plan, draw_samples, ensure_default_rubric, redraw
from .practices import save_article, set_published
from .scoring import save_evaluation

__all__ = [
    "accept",
    "add_member",
    "add_team",
    "answer",
    "assign_body",
    "create_notice",
    "create_plan",
    "draw_samples",
    "ensure_default_rubric",
    "escalate_overdue",
    "issue_notice",
    "redraw",
    "respond",
    "save_article",
    "save_evaluation",
    "set_published",
    "submit_complaint",
    "transfer",
    "verify",
]
