"""Staff pages of good-practice articles (典型经验)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sanxiang.cases.views.common import use_select
from sanxiang.core.errors import Conflict
from sanxiang.orgs.models import EnforcementBody

from .. import selectors, services
from ..forms import ArticleForm
from .common import form_page, require, staff_view


@staff_view
def article_list(request):
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以管理典型经验")
    return render(request, "evaluation/articles.html", {"articles": selectors.articles_for(request.user)})


def _article_form(initial=None):
    def build(data):
        form = ArticleForm(data, initial=initial or {})
        use_select(form, "body", [(b.pk, b.name) for b in EnforcementBody.objects.filter(is_active=True)])
        return form

    return build


@staff_view
def article_new(request):
    require(selectors.is_manager(request.user), "仅司法局执法监督人员可以撰写典型经验")
    return form_page(
        request,
        title="撰写典型经验",
        form=_article_form(),
        run=lambda: services.save_article(request.user, request.POST),
        done=lambda _a: reverse("evaluation:articles"),
        back=reverse("evaluation:articles"),
    )


@staff_view
def article_edit(request, article_id: int):
    article = selectors.article_for(request.user, article_id)
    initial = {
        "title": article.title,
        "summary": article.summary,
        "text": article.text,
        "body": article.body_id,
    }
    return form_page(
        request,
        title=f"修改：{article.title}",
        form=_article_form(initial),
        run=lambda: services.save_article(request.user, request.POST, article),
        done=lambda _a: reverse("evaluation:articles"),
        back=reverse("evaluation:articles"),
    )


@staff_view
@require_POST
def article_publish(request, article_id: int):
    article = selectors.article_for(request.user, article_id)
    try:
        services.set_published(request.user, article, request.POST.get("publish") == "1")
    except Conflict as exc:
        messages.error(request, exc.message)
    return redirect(reverse("evaluation:articles"))
