"""Good-practice articles (典型经验): written and published by the bureau (seed notice 三(四))."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from sanxiang.core.errors import Conflict, InvalidInput
from sanxiang.core.public_content import invalidate as invalidate_portal  # portal page cache (PUB-03)
from sanxiang.orgs.models import EnforcementBody

from ..choices import ArticleStatus
from ..forms import ArticleForm
from ..models import PracticeArticle
from .common import checked, record, require_manager


def _values(data) -> dict:
    values = checked(ArticleForm, data).cleaned_data
    body = None
    if values.get("body"):
        body = EnforcementBody.objects.filter(pk=values["body"]).first()
        if body is None:
            raise InvalidInput("经验单位不存在", fields={"body": ["经验单位不存在"]})
    values["body"] = body
    return values


def save_article(actor, data, article: PracticeArticle | None = None) -> PracticeArticle:
    require_manager(actor)
    values = _values(data)
    with transaction.atomic():
        if article is None:
            article = PracticeArticle(author=actor)
        for key in ("title", "summary", "text", "body"):
            setattr(article, key, values[key])
        article.save()
        record(
            "evaluation.article_saved", "practice_article", article.public_id, actor, status=article.status
        )
        if article.status == ArticleStatus.PUBLISHED:
            invalidate_portal("evaluation.article_saved")  # a published article was edited
    return article


def set_published(actor, article: PracticeArticle, published: bool) -> PracticeArticle:
    require_manager(actor)
    with transaction.atomic():
        article = PracticeArticle.objects.select_for_update().get(pk=article.pk)
        target = ArticleStatus.PUBLISHED if published else ArticleStatus.WITHDRAWN
        if article.status == target:
            raise Conflict("文章已是该状态")
        article.status = target
        if published:
            article.published_at = timezone.now()
        article.save(update_fields=["status", "published_at", "updated_at"])
        record("evaluation.article_" + target, "practice_article", article.public_id, actor)
        invalidate_portal("evaluation.article_" + target)  # portal page cache (sanxiang/portal/cache.py)
    return article
