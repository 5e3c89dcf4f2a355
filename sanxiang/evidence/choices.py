"""Stable ASCII codes with Chinese labels for evidence, devices and custody."""

from django.db import models

FIELD_STEP = "field"  # a free field step (现场检查/现场执法) that is not a transition of the procedure
FIELD_STEP_LABEL = "现场执法/现场检查"


def step_choices() -> list[tuple[str, str]]:
    """Where a file can belong: the free field step or any transition of the procedure table."""
    from sanxiang.cases.procedure import TRANSITIONS  # the table lives in a lower app

    return [(FIELD_STEP, FIELD_STEP_LABEL), *[(t.name, t.label) for t in TRANSITIONS]]


def step_label(step: str) -> str:
    return dict(step_choices()).get(step, step)


class EvidenceKind(models.TextChoices):
    PHOTO = "photo", "照片"
    AUDIO = "audio", "录音"
    VIDEO = "video", "录像"
    DOCUMENT = "document", "文件"


AV_KINDS = frozenset({EvidenceKind.AUDIO, EvidenceKind.VIDEO})


class EvidenceStatus(models.TextChoices):
    ACTIVE = "active", "正常"
    BLOCKED = "blocked", "完整性异常，已封存"


class DeviceKind(models.TextChoices):
    RECORDER = "recorder", "执法记录仪"
    HANDHELD = "handheld", "手持终端"
    CAMERA = "camera", "相机"
    AUDIO_RECORDER = "audio_recorder", "录音笔"


class DeviceStatus(models.TextChoices):
    ACTIVE = "active", "在用"
    REPAIR = "repair", "维修"
    RETIRED = "retired", "停用"


class CustodyAction(models.TextChoices):
    INGESTED = "ingested", "入库"
    VIEWED = "viewed", "查看"
    PLAYED = "played", "播放"
    DOWNLOADED = "downloaded", "下载"
    EXPORTED = "exported", "导出"
    DERIVED = "derived", "生成副本"
    INTEGRITY_FAILURE = "integrity_failure", "完整性校验失败"


# Reads that serve file content; each is one custody row and one ledger entry (EVD-02).
READ_ACTIONS = frozenset(
    {CustodyAction.VIEWED, CustodyAction.PLAYED, CustodyAction.DOWNLOADED, CustodyAction.EXPORTED}
)


class UploadState(models.TextChoices):
    OPEN = "open", "上传中"
    COMPLETED = "completed", "已完成"
    ABORTED = "aborted", "已取消"
    FAILED = "failed", "已失败"
