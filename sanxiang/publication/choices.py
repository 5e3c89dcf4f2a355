"""Stable codes and Chinese labels of decision publication (事后公开)."""

from django.db import models


class PublicationKind(models.TextChoices):
    PENALTY = "penalty", "行政处罚决定"
    NO_PENALTY = "no_penalty", "不予行政处罚决定"
    COERCION = "coercion", "行政强制措施决定"
    PERMIT = "permit", "行政许可决定"


# DISC-01: penalties and permits within 7 working days; DISC-02: every other decision within 20.
SHORT_DEADLINE_KINDS = frozenset({PublicationKind.PENALTY, PublicationKind.PERMIT})


class PublicationStatus(models.TextChoices):
    PENDING = "pending", "待整理"
    SUBMITTED = "submitted", "待审批"
    PUBLISHED = "published", "已公开"
    WITHDRAWN = "withdrawn", "已撤回"
    ENDED = "ended", "公示期满"
    REMOVED = "removed", "已提前移除（信用修复）"
    BLOCKED = "blocked", "不予公开"
    CANCELLED = "cancelled", "无需公开"


# Statuses whose publication deadline still runs (the deadline scan, DISC-01/02).
AWAITING = frozenset({PublicationStatus.PENDING, PublicationStatus.SUBMITTED})


class VersionState(models.TextChoices):
    DRAFT = "draft", "整理中"
    SUBMITTED = "submitted", "待审批"
    PUBLISHED = "published", "已公开"
    SUPERSEDED = "superseded", "已被新版本替代"
    REJECTED = "rejected", "退回修改"


class BlockReason(models.TextChoices):
    """DISC-11: categories never published online."""

    MINOR = "minor", "当事人为未成年人"
    STATE_SECRET = "state_secret", "涉及国家秘密"
    TRADE_SECRET = "trade_secret", "涉及商业秘密"
    PRIVACY = "privacy", "涉及个人隐私"
    SECURITY = "security", "公开可能危及安全"


class WithdrawalCause(models.TextChoices):
    """DISC-05: why a published decision must come down."""

    CHANGED = "changed", "决定被变更"
    REVOKED = "revoked", "决定被撤销或确认违法"


class Channel(models.TextChoices):
    """DISC-03: where a body publishes; the deadline differs by channel."""

    PLATFORM = "platform", "行政执法信息公示平台"
    NECIPS = "necips", "国家企业信用信息公示系统"


class PartyStyle(models.TextChoices):
    """PUB-02: how a natural-person party is shown."""

    SURNAME = "surname", "姓氏加“某”（如 王某）"
    MASK = "mask", "完全隐去（某某）"


class RemovalStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    ACCEPTED = "accepted", "同意提前移除"
    REFUSED = "refused", "不予提前移除"


LICENCE = "CC BY 4.0（署名 4.0 国际）"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
