"""/api/v1 endpoints for enforcement bodies and officers."""

from __future__ import annotations

import datetime

from django.utils import timezone
from ninja import Router, Schema

from sanxiang.core.errors import NotFound
from sanxiang.core.ids import parse_public_id

from . import access
from . import permissions as perm
from .models import EnforcementBody, Officer

router = Router(tags=["执法主体与人员"])


class BodyOut(Schema):
    id: str
    name: str
    short_name: str
    kind: str
    kind_label: str
    credit_code: str
    region_name: str
    address: str
    phone: str

    @staticmethod
    def from_body(body: EnforcementBody) -> dict:
        return {
            "id": str(body.public_id),
            "name": body.name,
            "short_name": body.short_name,
            "kind": body.kind,
            "kind_label": body.get_kind_display(),
            "credit_code": body.credit_code,
            "region_name": body.region_name,
            "address": body.address,
            "phone": body.phone,
        }


class CredentialOut(Schema):
    number: str
    issuer: str
    fields: str
    valid_from: datetime.date
    valid_until: datetime.date
    status: str
    status_label: str
    valid_today: bool


class OfficerOut(Schema):
    id: str
    name: str
    body: str
    department: str | None
    post: str
    staff_type_label: str
    id_number: str
    has_legal_qualification: bool
    credentials: list[CredentialOut]


def officer_out(user, officer: Officer, today: datetime.date) -> dict:
    unmasked = access.can(user, perm.OFFICER_VIEW_PII, officer.body_id)
    return {
        "id": str(officer.public_id),
        "name": officer.name,
        "body": officer.body.name,
        "department": officer.department.name if officer.department else None,
        "post": officer.post,
        "staff_type_label": officer.get_staff_type_display(),
        "id_number": officer.id_number if unmasked else officer.masked_id_number,
        "has_legal_qualification": officer.has_legal_qualification,
        "credentials": [
            {
                "number": c.number,
                "issuer": c.issuer,
                "fields": c.fields,
                "valid_from": c.valid_from,
                "valid_until": c.valid_until,
                "status": c.status,
                "status_label": c.get_status_display(),
                "valid_today": c.is_valid_on(today),
            }
            for c in officer.credentials.all()
        ],
    }


@router.get("/bodies", response=list[BodyOut], summary="执法主体列表")
def list_bodies(request):
    return [BodyOut.from_body(b) for b in EnforcementBody.objects.filter(is_active=True)]


@router.get("/bodies/{body_id}", response=BodyOut, summary="执法主体详情")
def get_body(request, body_id: str):
    body = EnforcementBody.objects.filter(public_id=parse_public_id(body_id)).first()
    if body is None:
        raise NotFound("执法主体不存在")
    return BodyOut.from_body(body)


@router.get("/officers", response=list[OfficerOut], summary="执法人员列表（身份证号按权限脱敏）")
def list_officers(request, body: str | None = None):
    if not access.can(request.user, perm.OFFICER_VIEW):
        return []
    officers = Officer.objects.select_related("body", "department").prefetch_related("credentials")
    if body:
        officers = officers.filter(body__public_id=parse_public_id(body))
    today = timezone.localdate()
    return [officer_out(request.user, o, today) for o in officers]
