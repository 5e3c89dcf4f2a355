"""Models of the evaluation app, one module per concern; import them from here."""

from .complaints import Complaint, ComplaintEvent
from .outcomes import (
    Escalation,
    ItemResponse,
    Notice,
    NoticeEvent,
    NoticeItem,
    ResponseAttachment,
    Verification,
)
from .plan import Draw, InspectionPlan, PlanBody, SampledFile, Team
from .practice import PracticeArticle
from .rubric import Rubric, RubricItem
from .scoring import Evaluation, Finding

__all__ = [
    "Complaint",
    "ComplaintEvent",
    "Draw",
    "Escalation",
    "Evaluation",
    "Finding",
    "InspectionPlan",
    "ItemResponse",
    "Notice",
    "NoticeEvent",
    "NoticeItem",
    "PlanBody",
    "PracticeArticle",
    "ResponseAttachment",
    "Rubric",
    "RubricItem",
    "SampledFile",
    "Team",
    "Verification",
]
