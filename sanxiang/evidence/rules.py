"""Whole-process recording rules: REC-01 (a gate), REC-02 and REC-05 (flags), R12 (device ratio).

REC-01 refuses 查封扣押 (take_measure) and 强制拆除 (demolish) unless an original audio or video
file for that very step (Evidence.step == transition name) is attached and not blocked.
REC-02 flags, without blocking, field steps that have happened without AV. REC-05 flags files
uploaded more than 24 h after the recording ended.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.utils import timezone

from sanxiang.cases.choices import CaseState, ServiceMethod
from sanxiang.orgs.choices import CREDENTIAL_ELIGIBLE_STAFF, CredentialStatus
from sanxiang.orgs.models import Officer

from . import conf
from .choices import AV_KINDS, FIELD_STEP, DeviceKind, DeviceStatus, EvidenceStatus
from .models import Evidence, RecorderPolicy

AV_REQUIRED = {"take_measure": "实施查封扣押", "demolish": "强制拆除"}
FIELD_STEPS = {
    "record_hearing": "举行听证",
    "preserve_evidence": "先行登记保存证据（调查取证）",
}
SERVICE_STEPS = ("serve_notice", "serve_decision")
AV_SERVICE_METHODS = {ServiceMethod.LEFT: "留置送达", ServiceMethod.PUBLIC_NOTICE: "公告送达"}


@dataclass(frozen=True)
class Flag:
    rule: str
    step: str
    message: str


def av_steps(case) -> set[str]:
    """Steps of the case with at least one intact original audio/video file."""
    return set(
        Evidence.objects.filter(
            case=case, kind__in=AV_KINDS, status=EvidenceStatus.ACTIVE, derived_from__isnull=True
        ).values_list("step", flat=True)
    )


def guard_av_record(step) -> list[str]:
    """Gate slot "av_record" (REC-01): full-process AV must be attached before the act is recorded."""
    name = _transition_of(step)
    if name in av_steps(step.case):
        return []
    label = AV_REQUIRED.get(name, "该执法行为")
    return [f"REC-01：{label}须附全程音像记录，请先在本环节上传录像或录音（证据与音像记录）"]


def _transition_of(step) -> str:
    """The transition a gate runs for; Step does not carry it yet, so fall back to its input and state."""
    name = getattr(step, "transition", "") or ""
    if name:
        return getattr(name, "name", name)
    if "measure_kind" in step.data:
        return "take_measure"
    if "public_notice_on" in step.data or step.case.state == CaseState.SERVED:
        return "demolish"
    return "take_measure"


def av_flags(case) -> list[Flag]:
    """REC-01/02/04/05 warnings for a case page: they inform, they never block."""
    with_av = av_steps(case)
    flags: list[Flag] = []
    seen: set[str] = set()
    for event in case.events.filter(transition__in=[*AV_REQUIRED, *FIELD_STEPS, *SERVICE_STEPS]).order_by(
        "id"
    ):
        name = event.transition
        if name in with_av or name in seen:
            continue
        if name in AV_REQUIRED:
            flags.append(Flag("REC-01", name, f"REC-01：“{AV_REQUIRED[name]}”没有全程音像记录"))
        elif name in FIELD_STEPS:
            flags.append(Flag("REC-02", name, f"REC-02：“{FIELD_STEPS[name]}”未附音像记录"))
        elif (method := (event.data or {}).get("service_method")) in AV_SERVICE_METHODS:
            flags.append(Flag("REC-02", name, f"REC-02：{AV_SERVICE_METHODS[method]}未附音像记录"))
        else:
            continue
        seen.add(name)
    files = list(
        Evidence.objects.filter(case=case).only(
            "step", "kind", "status", "name", "created_at", "recorded_end"
        )
    )
    if FIELD_STEP not in with_av and any(e.step == FIELD_STEP for e in files):
        flags.append(Flag("REC-02", FIELD_STEP, "REC-02：现场执法仅有照片或文件，未附音像记录"))
    limit = conf.upload_delay_hours()
    for evidence in files:
        if evidence.status == EvidenceStatus.BLOCKED:
            flags.append(Flag("REC-04", evidence.step, f"REC-04：“{evidence.name}”完整性校验失败，已封存"))
        if evidence.recorded_end:
            hours = (evidence.created_at - evidence.recorded_end).total_seconds() / 3600
            if hours > limit:
                flags.append(
                    Flag(
                        "REC-05",
                        evidence.step,
                        f"REC-05：“{evidence.name}”在结束记录 {hours:.0f} 小时后才上传（应在 {limit} 小时内）",
                    )
                )
    return flags


def missing_av_flags(case) -> list[str]:
    """The Chinese warnings of av_flags(), for the case page."""
    return [flag.message for flag in av_flags(case)]


@dataclass(frozen=True)
class Ratio:
    """R12: active recorders against active officers holding a valid credential."""

    officers: int
    devices: int
    officers_per_device: int

    @property
    def required(self) -> int:
        return math.ceil(self.officers / self.officers_per_device)

    @property
    def met(self) -> bool:
        return self.devices >= self.required

    @property
    def message(self) -> str:
        verdict = "达标" if self.met else "未达标"
        return (
            f"执法记录仪配备{verdict}：在岗持证执法人员 {self.officers} 名，按每 {self.officers_per_device} 名 1 台"
            f"应配 {self.required} 台，在用 {self.devices} 台"
        )


def recorder_ratio(body) -> Ratio:
    today = timezone.localdate()
    policy = RecorderPolicy.objects.filter(body=body).first()
    officers = (
        Officer.objects.filter(
            body=body,
            is_active=True,
            staff_type__in=CREDENTIAL_ELIGIBLE_STAFF,
            credentials__status=CredentialStatus.VALID,
            credentials__valid_from__lte=today,
            credentials__valid_until__gte=today,
        )
        .distinct()
        .count()
    )
    devices = body.recording_devices.filter(kind=DeviceKind.RECORDER, status=DeviceStatus.ACTIVE).count()
    return Ratio(officers, devices, policy.officers_per_device if policy else 3)
