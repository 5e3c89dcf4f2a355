"""Stable ASCII codes with Chinese labels for evaluation, outcomes and complaints."""

from django.db import models


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "筹备"
    DRAWN = "drawn", "已抽取案卷"
    CLOSED = "closed", "已结束"


class Section(models.TextChoices):
    """EVAL-01: veto items (基本标准/否决项), form (案卷形式 20) and substance (案卷实体 80)."""

    VETO = "veto", "否决项"
    FORM = "form", "案卷形式"
    SUBSTANCE = "substance", "案卷实体"


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", "评分中"
    SUBMITTED = "submitted", "已提交"


class NoticeKind(models.TextChoices):
    CRITICISM = "criticism", "通报批评"
    RECTIFICATION = "rectification", "责令整改通知"


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    ISSUED = "issued", "已下发"
    RESPONDED = "responded", "已反馈待核查"
    CLOSED = "closed", "已销号"


class ItemStatus(models.TextChoices):
    OPEN = "open", "整改中"
    RESPONDED = "responded", "已反馈"
    ACCEPTED = "accepted", "核查通过"
    REJECTED = "rejected", "核查未通过"


OPEN_ITEM_STATES = frozenset({ItemStatus.OPEN, ItemStatus.REJECTED})


class ComplaintKind(models.TextChoices):
    COMPLAINT = "complaint", "投诉"
    REPORT = "report", "举报"


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", "已登记"
    HANDLING = "handling", "办理中"
    ANSWERED = "answered", "已答复"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"
