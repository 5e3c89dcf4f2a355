"""Evidence files and AV records of a case, their chain of custody, recording devices and uploads.

An Evidence row describes one stored original (or a derived copy). Its content fields never change
after insert (EVD-02): save() refuses them, delete() always raises, and on PostgreSQL a trigger
refuses DELETE and content UPDATEs (migration 0002). The bytes live in content-addressed storage
under `evidence/<sha256[:2]>/<sha256>` (services/storage.py), never under a user-supplied name.
"""

from __future__ import annotations

import datetime
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models

from sanxiang.cases.models import Case, CaseEvent
from sanxiang.core.models import PublicIdModel
from sanxiang.orgs.access import AccessPaths
from sanxiang.orgs.models import EnforcementBody, Officer

from .choices import (
    CustodyAction,
    DeviceKind,
    DeviceStatus,
    EvidenceKind,
    EvidenceStatus,
    UploadState,
    step_label,
)
from .errors import ImmutableEvidence

CASE_ACCESS = AccessPaths(
    body="case__body", department="case__department", assignee_users="case__assignments__officer__user"
)
MIN_RETENTION_DAYS = 183  # REC-06: on-site AV is kept at least six months


class Device(PublicIdModel):
    """A recording device in a body's device ledger (R11, R12)."""

    access = AccessPaths(body="body")

    body = models.ForeignKey(
        EnforcementBody, verbose_name="执法主体", on_delete=models.PROTECT, related_name="recording_devices"
    )
    number = models.CharField("设备编号", max_length=40)
    kind = models.CharField("设备类型", max_length=16, choices=DeviceKind.choices)
    model = models.CharField("型号", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=DeviceStatus.choices, default=DeviceStatus.ACTIVE
    )
    assigned_officer = models.ForeignKey(
        Officer,
        verbose_name="使用人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recording_devices",
    )

    class Meta:
        verbose_name = "执法音像记录设备"
        verbose_name_plural = "执法音像记录设备"
        ordering = ["body", "number"]
        constraints = [models.UniqueConstraint(fields=["body", "number"], name="device_unique_number")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class RecorderPolicy(models.Model):
    """R12: how many officers with credentials one active recorder may serve (Class A 3, Class B 5)."""

    body = models.OneToOneField(EnforcementBody, on_delete=models.CASCADE, related_name="recorder_policy")
    officers_per_device = models.PositiveSmallIntegerField(
        "每台执法记录仪对应执法人员数", default=3, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = "执法记录仪配备标准"
        verbose_name_plural = "执法记录仪配备标准"

    def __str__(self) -> str:
        return f"{self.body}：每 {self.officers_per_device} 名执法人员 1 台"


class EvidenceQuerySet(models.QuerySet):
    """Bulk changes follow the same rule as save(): only the mutable fields, never a delete."""

    def update(self, **kwargs):
        refused = set(kwargs) - Evidence.MUTABLE_FIELDS
        if refused:
            raise ImmutableEvidence(f"证据原件内容不可修改：{', '.join(sorted(refused))}")
        return super().update(**kwargs)

    def delete(self):
        raise ImmutableEvidence("证据不可删除（EVD-02、REC-06）")


class Evidence(PublicIdModel):
    """One stored file of a case step: a photo, an audio or video record, or a document."""

    access = CASE_ACCESS
    # Everything else is the content and provenance of the record and is written once.
    MUTABLE_FIELDS = frozenset({"event", "status", "verified_at", "blocked_at", "ledger_index", "updated_at"})

    case = models.ForeignKey(Case, verbose_name="案件", on_delete=models.PROTECT, related_name="evidence")
    step = models.CharField("办案环节", max_length=40)
    event = models.ForeignKey(
        CaseEvent, verbose_name="办案记录", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("类型", max_length=12, choices=EvidenceKind.choices)
    name = models.CharField("文件名", max_length=160)
    extension = models.CharField("扩展名", max_length=8)
    content_type = models.CharField("媒体类型", max_length=100)
    size = models.BigIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    sm3 = models.CharField("SM3", max_length=64)
    device = models.ForeignKey(
        Device, verbose_name="记录设备", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        Officer, verbose_name="记录人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_start = models.DateTimeField("开始记录时间", null=True, blank=True)
    recorded_end = models.DateTimeField("结束记录时间", null=True, blank=True)
    place = models.CharField("记录地点", max_length=200, blank=True)
    description = models.TextField("内容说明", blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    derived_from = models.ForeignKey(
        "self",
        verbose_name="原件",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derivatives",
    )
    derivation = models.CharField("处理说明", max_length=200, blank=True)
    status = models.CharField(
        "状态", max_length=12, choices=EvidenceStatus.choices, default=EvidenceStatus.ACTIVE
    )
    verified_at = models.DateTimeField("最近校验通过", null=True, blank=True)
    blocked_at = models.DateTimeField("封存时间", null=True, blank=True)
    ledger_index = models.BigIntegerField("日志序号", null=True, blank=True)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = "证据文件"
        verbose_name_plural = "证据文件"
        ordering = ["case", "created_at", "id"]
        indexes = [models.Index(fields=["case", "step"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if fields is None or set(fields) - self.MUTABLE_FIELDS:
                raise ImmutableEvidence("证据原件写入后不可修改（EVD-02）；仅可更新状态与校验时间")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEvidence("证据不可删除（EVD-02、REC-06）")

    @property
    def is_original(self) -> bool:
        return self.derived_from_id is None

    @property
    def is_blocked(self) -> bool:
        return self.status == EvidenceStatus.BLOCKED

    @property
    def step_label(self) -> str:
        return step_label(self.step)

    @property
    def storage_key(self) -> str:
        return f"evidence/{self.sha256[:2]}/{self.sha256}"

    @property
    def retain_until(self) -> datetime.date | None:
        """REC-06: None means permanent. Every file linked to a case as evidence is kept permanently;
        only a file without a case would fall back to the six-month minimum."""
        if self.case_id:
            return None
        return (self.created_at + datetime.timedelta(days=MIN_RETENTION_DAYS)).date()


class CustodyEvent(models.Model):
    """Chain of custody: one row per ingest, view, playback, download, export or integrity failure."""

    access = AccessPaths(
        body="evidence__case__body",
        department="evidence__case__department",
        assignee_users="evidence__case__assignments__officer__user",
    )

    evidence = models.ForeignKey(Evidence, on_delete=models.PROTECT, related_name="custody")
    action = models.CharField("操作", max_length=20, choices=CustodyAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=60, blank=True)
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    reason = models.CharField("事由", max_length=200, blank=True)
    ip = models.GenericIPAddressField("IP 地址", null=True, blank=True)
    byte_range = models.CharField("字节范围", max_length=60, blank=True)
    ledger_index = models.BigIntegerField("日志序号", null=True)

    class Meta:
        verbose_name = "证据调阅记录"
        verbose_name_plural = "证据调阅记录"
        ordering = ["evidence", "at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ImmutableEvidence("调阅记录只允许追加")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableEvidence("调阅记录不可删除")


class UploadSession(models.Model):
    """A resumable upload in progress: its bytes are in `<upload tmp>/<public_id>.part`."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+")
    step = models.CharField(max_length=40)
    kind = models.CharField(max_length=12, choices=EvidenceKind.choices)
    name = models.CharField(max_length=160)
    extension = models.CharField(max_length=8)
    size = models.BigIntegerField()
    sha256_declared = models.CharField(max_length=64, blank=True)
    meta = models.JSONField(default=dict, blank=True)
    derived_from = models.ForeignKey(
        Evidence, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received = models.BigIntegerField(default=0)
    state = models.CharField(max_length=12, choices=UploadState.choices, default=UploadState.OPEN)
    failure = models.CharField(max_length=40, blank=True)
    evidence = models.ForeignKey(Evidence, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "上传会话"
        verbose_name_plural = "上传会话"
        indexes = [models.Index(fields=["user", "state"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.received}/{self.size})"
