"""The device ledger (R11) and the recorder ratio policy (R12) of a body."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from sanxiang.cases.services import form_data
from sanxiang.core.errors import Forbidden, InvalidInput
from sanxiang.ledger.services import append as ledger_append
from sanxiang.orgs.models import EnforcementBody, Officer

from ..forms import DeviceChangeForm, DeviceForm, PolicyForm, validated
from ..models import Device, RecorderPolicy
from ..selectors import may_manage_devices


def register_device(actor, body: EnforcementBody, data: dict) -> Device:
    """Add a recording device to the body's ledger."""
    _require_manager(actor, body)
    clean = validated(DeviceForm(form_data(data)))
    officer = _officer(body, clean.get("assigned_officer"))
    try:
        with transaction.atomic():
            device = Device.objects.create(
                body=body,
                number=clean["number"].strip(),
                kind=clean["kind"],
                model=clean.get("model") or "",
                status=clean["status"],
                assigned_officer=officer,
            )
            _audit("evidence.device_registered", actor, device)
    except IntegrityError:
        raise InvalidInput("设备编号已存在", fields={"number": ["本执法主体已登记该设备编号"]}) from None
    return device


def change_device(actor, device: Device, data: dict) -> Device:
    """Change a device's status, user or model; only the fields present in `data` change."""
    _require_manager(actor, device.body)
    clean = validated(DeviceChangeForm(form_data(data)))
    with transaction.atomic():
        device = Device.objects.select_for_update().get(pk=device.pk)
        if "status" in data and clean.get("status"):
            device.status = clean["status"]
        if "assigned_officer" in data:
            device.assigned_officer = _officer(device.body, clean.get("assigned_officer"))
        if "model" in data:
            device.model = clean.get("model") or ""
        device.save()
        _audit("evidence.device_changed", actor, device)
    return device


def set_recorder_policy(actor, body: EnforcementBody, data: dict) -> RecorderPolicy:
    """R12: officers per active recorder for this body (Class A 3, Class B 5)."""
    _require_manager(actor, body)
    clean = validated(PolicyForm(form_data(data)))
    with transaction.atomic():
        policy, _ = RecorderPolicy.objects.select_for_update().get_or_create(body=body)
        policy.officers_per_device = clean["officers_per_device"]
        policy.save()
        ledger_append(
            "evidence.recorder_policy_changed",
            subject_type="body",
            subject_id=str(body.public_id),
            payload={"body": body.credit_code, "officers_per_device": policy.officers_per_device},
            actor=actor,
        )
    return policy


def _require_manager(actor, body: EnforcementBody) -> None:
    if not may_manage_devices(actor, body):
        raise Forbidden("您没有管理该执法主体音像记录设备的权限")


def _officer(body: EnforcementBody, public_id) -> Officer | None:
    if not public_id:
        return None
    officer = Officer.objects.filter(public_id=public_id, body=body).first()
    if officer is None:
        raise InvalidInput("使用人须为本执法主体的执法人员", fields={"assigned_officer": ["执法人员不存在"]})
    return officer


def _audit(kind: str, actor, device: Device) -> None:
    ledger_append(
        kind,
        subject_type="device",
        subject_id=str(device.public_id),
        payload={
            "body": device.body.credit_code,
            "number": device.number,
            "kind": device.kind,
            "status": device.status,
            "assigned": device.assigned_officer_id is not None,
        },
        actor=actor,
    )
