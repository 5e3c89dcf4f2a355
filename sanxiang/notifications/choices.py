"""Stable ASCII codes with Chinese labels for notifications."""

from django.db import models


class Kind(models.TextChoices):
    SELF_INSPECTION_OVERDUE = "self_inspection_overdue", "自查报告催报"
    RECTIFICATION_ESCALATED = "rectification_escalated", "整改逾期升级"
    COMPLAINT_ROUTED = "complaint_routed", "投诉举报待办理"


class EmailStatus(models.TextChoices):
    SKIPPED = "skipped", "不发送"  # no address, or e-mail switched off
    PENDING = "pending", "待发送"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败"
