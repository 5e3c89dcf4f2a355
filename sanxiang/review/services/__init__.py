"""Every write of the review app; each runs in one transaction with its ledger entry.

UI views and API endpoints call these with the acting user and raw input (a QueryDict or a
decoded JSON object); the shared forms in ..forms validate it.
"""

from .catalogue import (
    add_item,
    configure_rules,
    create_catalogue,
    create_violation_type,
    publish,
    put_in_force,
    remove_item,
    set_range,
    set_violation_active,
)
from .coordination import (
    decide_coordination,
    open_coordination,
    record_collective_discussion,
    state_review_position,
)
from .flags import classify_case, decide_flag_removal, flag_case, reclassify, request_flag_removal
from .review import decide_extension, give_opinion, record_adviser_opinion, request_extension
from .submissions import accept, return_incomplete, submit, withdraw_open

__all__ = [
    "accept",
    "add_item",
    "classify_case",
    "configure_rules",
    "create_catalogue",
    "create_violation_type",
    "decide_coordination",
    "decide_extension",
    "decide_flag_removal",
    "flag_case",
    "give_opinion",
    "open_coordination",
    "publish",
    "put_in_force",
    "reclassify",
    "record_adviser_opinion",
    "record_collective_discussion",
    "remove_item",
    "request_extension",
    "request_flag_removal",
    "return_incomplete",
    "set_range",
    "set_violation_active",
    "state_review_position",
    "submit",
    "withdraw_open",
]
