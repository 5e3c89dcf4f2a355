"""Plain dicts of review objects for the API (the pages render the objects themselves)."""

from __future__ import annotations

from . import classify
from .models import Catalogue, CatalogueItem, ManualFlag, Submission


def _name(user) -> str:
    return (user.display_name or user.username) if user else ""


def item(row: CatalogueItem) -> dict:
    return {
        "number": row.number,
        "kind": row.kind,
        "title": row.title,
        "penalty_kinds": list(row.penalty_kinds),
        "threshold_person": row.threshold_person,
        "threshold_org": row.threshold_org,
        "factor": row.factor,
        "legal_basis": row.legal_basis,
    }


def catalogue(row: Catalogue, with_items: bool = True) -> dict:
    data = {
        "id": row.pk,
        "body": str(row.body.public_id) if row.body_id else None,
        "owner": row.owner_label,
        "version": row.version,
        "title": row.title,
        "status": row.status,
        "effective_from": row.effective_from,
        "published": row.published,
        "published_on": row.published_on,
    }
    if with_items:
        data["items"] = [item(i) for i in row.items.all()]
    return data


def flag(row: ManualFlag) -> dict:
    return {
        "id": row.pk,
        "factor": row.factor,
        "factor_label": row.get_factor_display(),
        "reason": row.reason,
        "status": row.status,
        "flagged_by": _name(row.flagged_by),
        "flagged_on": row.flagged_on,
        "removal_reason": row.removal_reason,
        "ledger": row.ledger,
    }


def submission(row: Submission, detail: bool = False) -> dict:
    data = {
        "round": row.round,
        "status": row.status,
        "status_label": row.get_status_display(),
        "submitted_by": _name(row.submitted_by),
        "submitted_on": row.submitted_on,
        "penalties": row.penalties,
        "penalties_text": classify.describe(row.penalties),
        "accepted_on": row.accepted_on,
        "due_on": row.due_on,
        "extension_status": row.extension_status,
        "reviewer": _name(row.reviewer),
        "opinion": row.opinion,
        "opinion_label": row.get_opinion_display(),
        "opinion_reasons": row.opinion_reasons,
        "opinion_on": row.opinion_on,
        "returned_missing": row.returned_missing,
        "ledger": row.ledger,
    }
    if detail:
        data |= {
            "materials": {
                m.item: {"link": m.link, "reference": m.reference, "text": m.text}
                for m in row.materials.all()
            },
            "checklist": {
                a.checkpoint: {"conclusion": a.conclusion, "comment": a.comment} for a in row.answers.all()
            },
            "discretion": row.discretion_findings,
            "changes": row.changes,
            "resubmission_note": row.resubmission_note,
            "advisers": [
                {"name": a.adviser_name, "kind": a.adviser_kind, "opinion": a.opinion, "given_on": a.given_on}
                for a in row.adviser_opinions.all()
            ],
        }
    return data
