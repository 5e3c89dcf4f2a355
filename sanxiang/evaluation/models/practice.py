"""Good practices (典型经验) the bureau publishes on the portal (seed notice 三(四))."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from sanxiang.core.models import PublicIdModel
from sanxiang.orgs.models import EnforcementBody

from ..choices import ArticleStatus


class PracticeArticle(PublicIdModel):
    """An article; only published ones reach the portal. Plain text, rendered with line breaks."""

    title = models.CharField("标题", max_length=200)
    summary = models.CharField("摘要", max_length=300, blank=True)
    text = models.TextField("正文")
    body = models.ForeignKey(
        EnforcementBody,
        verbose_name="经验单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=12, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "典型经验"
        verbose_name_plural = "典型经验"
        ordering = ["-published_at", "-id"]

    def __str__(self) -> str:
        return self.title
