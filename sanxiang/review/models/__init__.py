"""Models of the legal review app, one module per concern; import them from here."""

from .benchmark import BenchmarkRange, ViolationType
from .catalogue import Catalogue, CatalogueItem, ReviewRules
from .coordination import CollectiveDiscussion, Coordination
from .flags import Classification, ManualFlag
from .submission import AdviserOpinion, ChecklistAnswer, MaterialItem, Submission

__all__ = [
    "AdviserOpinion",
    "BenchmarkRange",
    "Catalogue",
    "CatalogueItem",
    "ChecklistAnswer",
    "Classification",
    "CollectiveDiscussion",
    "Coordination",
    "ManualFlag",
    "MaterialItem",
    "ReviewRules",
    "Submission",
    "ViolationType",
]
