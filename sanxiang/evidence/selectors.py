"""Every read of evidence data, scoped to the acting user through orgs.access (AUTHZ-02)."""

from __future__ import annotations

from django.db.models import QuerySet

from sanxiang.cases.models import Case
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.orgs import access
from sanxiang.orgs import permissions as perm
from sanxiang.orgs.models import EnforcementBody

from .models import CustodyEvent, Device, Evidence
from .rules import Flag, Ratio, av_flags, missing_av_flags, recorder_ratio

__all__ = [
    "Flag",
    "Ratio",
    "av_flags",
    "missing_av_flags",
    "recorder_ratio",
    "case_for",
    "case_evidence",
    "evidence_for",
    "custody_log",
    "registry_bodies",
    "body_for_registry",
    "device_for",
    "devices_of",
    "derivatives_of",
    "may_manage_devices",
]

_RELATED = ("case", "case__body", "device", "recorded_by", "uploaded_by", "derived_from", "event")


def case_for(user, *, case_id=None, pk: int | None = None) -> Case:
    """A case the user may view, by public id (API) or pk (staff UI); 404 otherwise."""
    lookup = {"pk": pk} if pk is not None else {"public_id": parse_public_id(case_id)}
    return access.get_for(
        user, Case.objects.select_related("body", "department"), action=perm.CASE_VIEW, **lookup
    )


def case_evidence(user, case: Case) -> QuerySet[Evidence]:
    """The files of a case the user has already been allowed to see."""
    return access.scope(user, Evidence.objects.filter(case=case), perm.CASE_VIEW).select_related(*_RELATED)


def evidence_for(user, evidence_id) -> Evidence:
    return access.get_for(
        user,
        Evidence.objects.select_related(*_RELATED),
        action=perm.CASE_VIEW,
        public_id=parse_public_id(evidence_id),
    )


def derivatives_of(user, evidence: Evidence) -> QuerySet[Evidence]:
    return case_evidence(user, evidence.case).filter(derived_from=evidence)


def custody_log(user, evidence: Evidence) -> QuerySet[CustodyEvent]:
    return access.scope(user, CustodyEvent.objects.filter(evidence=evidence), perm.CASE_VIEW).select_related(
        "actor"
    )


def registry_bodies(user) -> list[EnforcementBody]:
    """Bodies whose device registry the user may read (their own; city-wide readers: all)."""
    return [
        b for b in EnforcementBody.objects.filter(is_active=True) if access.can(user, perm.OFFICER_VIEW, b.pk)
    ]


def body_for_registry(user, body_id) -> EnforcementBody:
    body = EnforcementBody.objects.filter(public_id=parse_public_id(body_id)).first()
    if body is None or not access.can(user, perm.OFFICER_VIEW, body.pk):
        raise NotFound("执法主体不存在")
    return body


def device_for(user, device_id) -> Device:
    device = Device.objects.select_related("body").filter(public_id=parse_public_id(device_id)).first()
    if device is None or not access.can(user, perm.OFFICER_VIEW, device.body_id):
        raise NotFound("设备不存在")
    return device


def devices_of(body: EnforcementBody) -> QuerySet[Device]:
    return Device.objects.filter(body=body).select_related("assigned_officer").order_by("kind", "number")


def may_manage_devices(user, body: EnforcementBody) -> bool:
    """The device ledger is kept by the body's heads and the system administrator."""
    return access.can(user, perm.CASE_APPROVE, body.pk) or access.can(user, perm.ORGS_MANAGE, body.pk)
