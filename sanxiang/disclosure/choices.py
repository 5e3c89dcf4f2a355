"""Stable ASCII codes with Chinese labels for disclosure before and during enforcement."""

from django.db import models


class ItemKind(models.TextChoices):
    """What a disclosure item is (DISC-12: the parts of a body's public profile)."""

    BODY_INFO = "body_info", "主体信息"
    ENFORCEMENT_ITEM = "enforcement_item", "行政执法事项"
    RANDOM_ITEM = "random_item", "随机抽查事项"
    SERVICE_GUIDE = "service_guide", "服务指南"
    FLOWCHART = "flowchart", "执法流程图"


class EnforcementKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚"
    PERMIT = "permit", "行政许可"
    INSPECTION = "inspection", "行政检查"
    COERCION = "coercion", "行政强制"
    LEVY = "levy", "行政征收"
    OTHER = "other", "其他"


class RandomCategory(models.TextChoices):
    """RAND-04: general items are sampled under a ratio cap, key items are not."""

    GENERAL = "general", "一般检查事项"
    KEY = "key", "重点检查事项"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    RETURNED = "returned", "已退回"
    APPROVED = "approved", "已审核"
    PUBLISHED = "published", "已公开"
    SUPERSEDED = "superseded", "历史版本"


# A version in one of these states is the item's work in progress: at most one per item.
OPEN_STATUSES = frozenset({VersionStatus.DRAFT, VersionStatus.SUBMITTED, VersionStatus.APPROVED})


class ChangeKind(models.TextChoices):
    """DISC-12: what changed, so that published items must be reviewed again."""

    LAW = "law", "法律法规规章立改废"
    DUTIES = "duties", "职责调整"


class NodeKind(models.TextChoices):
    START = "start", "开始"
    STEP = "step", "步骤"
    DECISION = "decision", "判断"
    END = "end", "结束"


class PublicCredentialStatus(models.TextChoices):
    """CRED-02: what the public check shows, computed live from the credential and today's date."""

    VALID = "valid", "有效"
    SUSPENDED = "suspended", "暂扣"
    REVOKED = "revoked", "注销"
    EXPIRED = "expired", "已过期"
    NOT_YET_VALID = "not_yet_valid", "尚未生效"
