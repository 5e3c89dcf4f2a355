"""Every write of supervision, each in one transaction with its history row and ledger entry (AUD-01).

Payloads carry ids and hashes, never text that could hold personal data.
"""

from .campaigns import (
    close_campaign,
    open_campaign,
    remove_checklist_item,
    save_checklist_item,
    set_scope,
    update_campaign,
)
from .reports import record_report, remind_overdue, return_report, save_report, submit_report

__all__ = [
    "close_campaign",
    "open_campaign",
    "record_report",
    "remind_overdue",
    "remove_checklist_item",
    "return_report",
    "save_checklist_item",
    "save_report",
    "set_scope",
    "submit_report",
    "update_campaign",
]
