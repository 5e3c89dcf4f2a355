"""JSON shapes shared by the API and the staff UI's uploader, so both answer the same."""

from __future__ import annotations

from django.urls import reverse

from .choices import step_label
from .models import CustodyEvent, Device, Evidence, UploadSession
from .rules import Flag, Ratio
from .services import offset_of

API = "/api/v1"


def session_json(session: UploadSession) -> dict:
    return {
        "id": str(session.public_id),
        "case": str(session.case.public_id),
        "step": session.step,
        "name": session.name,
        "kind": session.kind,
        "size": session.size,
        "offset": offset_of(session),
        "state": session.state,
        "expires_at": session.expires_at,
        "evidence": str(session.evidence.public_id) if session.evidence_id else None,
        "upload_url": f"{API}/evidence/uploads/{session.public_id}",
    }


def upload_headers(response, session: UploadSession) -> None:
    response["Upload-Offset"] = str(offset_of(session))
    response["Upload-Length"] = str(session.size)
    response["Cache-Control"] = "no-store"


def evidence_json(evidence: Evidence) -> dict:
    base = f"{API}/evidence/{evidence.public_id}"
    return {
        "id": str(evidence.public_id),
        "case": str(evidence.case.public_id),
        "step": evidence.step,
        "step_label": step_label(evidence.step),
        "event": evidence.event_id,
        "kind": evidence.kind,
        "kind_label": evidence.get_kind_display(),
        "name": evidence.name,
        "content_type": evidence.content_type,
        "size": evidence.size,
        "sha256": evidence.sha256,
        "sm3": evidence.sm3,
        "status": evidence.status,
        "status_label": evidence.get_status_display(),
        "device": evidence.device.number if evidence.device_id else None,
        "recorded_by": evidence.recorded_by.name if evidence.recorded_by_id else None,
        "recorded_start": evidence.recorded_start,
        "recorded_end": evidence.recorded_end,
        "place": evidence.place,
        "description": evidence.description,
        "uploaded_by": str(evidence.uploaded_by),
        "uploaded_at": evidence.created_at,
        "derived_from": str(evidence.derived_from.public_id) if evidence.derived_from_id else None,
        "derivation": evidence.derivation,
        "verified_at": evidence.verified_at,
        "retain_until": evidence.retain_until,
        "retention": "永久保存" if evidence.retain_until is None else f"保存至 {evidence.retain_until}",
        "content_url": f"{base}/content",
        "download_url": f"{base}/download",
        "thumbnail_url": f"{base}/thumbnail",
        "page_url": reverse("evidence:detail", args=[evidence.public_id]),
    }


def custody_json(event: CustodyEvent) -> dict:
    return {
        "action": event.action,
        "action_label": event.get_action_display(),
        "actor": str(event.actor) if event.actor_id else event.actor_label,
        "at": event.at,
        "reason": event.reason,
        "ip": event.ip,
        "byte_range": event.byte_range,
        "ledger_index": event.ledger_index,
    }


def flag_json(flag: Flag) -> dict:
    return {"rule": flag.rule, "step": flag.step, "message": flag.message}


def device_json(device: Device) -> dict:
    return {
        "id": str(device.public_id),
        "number": device.number,
        "kind": device.kind,
        "kind_label": device.get_kind_display(),
        "model": device.model,
        "status": device.status,
        "status_label": device.get_status_display(),
        "assigned_officer": device.assigned_officer.name if device.assigned_officer_id else None,
    }


def ratio_json(ratio: Ratio) -> dict:
    return {
        "officers": ratio.officers,
        "devices": ratio.devices,
        "officers_per_device": ratio.officers_per_device,
        "required": ratio.required,
        "met": ratio.met,
        "message": ratio.message,
    }
