"""JSON shapes of disclosure for the staff API (the public shapes are in opendata.py)."""

from __future__ import annotations

from .content import spec
from .models import Item, ItemVersion, Window


def version(v: ItemVersion) -> dict:
    return {
        "number": v.number,
        "status": v.status,
        "status_label": v.get_status_display(),
        "content": v.content,
        "content_sha256": v.content_hash,
        "created_at": v.created_at,
        "submitted_at": v.submitted_at,
        "decided_at": v.decided_at,
        "return_reason": v.return_reason,
        "published_at": v.published_at,
        "superseded_at": v.superseded_at,
    }


def item(i: Item, versions: list[ItemVersion] | None = None) -> dict:
    data = {
        "id": str(i.public_id),
        "body": str(i.body.public_id),
        "kind": i.kind,
        "kind_label": i.get_kind_display(),
        "title": i.title,
        "fields": spec(i.kind).labels,
        "latest": version(i.latest),
        "published_version": i.published.number if i.published_id else None,
        "under_recheck": i.recheck_id is not None,
        "recheck_law": i.recheck.law if i.recheck_id else None,
    }
    if versions is not None:
        data["versions"] = [version(v) for v in versions]
    return data


def window(w: Window) -> dict:
    return {
        "id": str(w.public_id),
        "body": str(w.body.public_id),
        "name": w.name,
        "location": w.location,
        "duties": w.duties,
        "sample_forms": w.sample_forms,
        "progress_query": w.progress_query,
        "complaint": w.complaint,
        "is_active": w.is_active,
        "staff": [{"officer": s.officer_id, "name": s.officer.name, "post": s.post} for s in w.staff.all()],
    }
