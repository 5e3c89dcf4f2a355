"""Public portal pages (no login): the complaint form, the progress query, good-practice articles.

PUB-01: nothing here shows a complainant's name, phone or complaint text; the progress page shows
status, dates, the handling body and the public answer only.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from sanxiang.cases.views.common import show_errors
from sanxiang.core.errors import InvalidInput, NotFound

from .. import selectors, services
from ..forms import ComplaintForm, TrackForm
from ..services.complaints import public_bodies


def client_ip(request) -> str:
    """REMOTE_ADDR only: behind a reverse proxy, the proxy must set it (forwarded headers are spoofable)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def over_limit(request, scope: str, limit: int, window: int) -> bool:
    """A fixed window per IP in Django's cache: at most `limit` hits per `window` seconds."""
    key = f"evaluation:rate:{scope}:{client_ip(request)}:{int(time.time() // window)}"
    cache.add(key, 0, timeout=window)
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        hits = 1
    return hits > limit


def _limit(name: str, default: tuple[int, int]) -> tuple[int, int]:
    return tuple(getattr(settings, name, default))


def _body_choices():
    return [(b.pk, b.name) for b in public_bodies()]


@never_cache
@csrf_protect
def complaint_form(request):
    status = 200
    form = ComplaintForm(body_choices=_body_choices())
    if request.method == "POST":
        form = ComplaintForm(request.POST, body_choices=_body_choices())
        limit, window = _limit("SANXIANG_COMPLAINT_RATE", (5, 3600))
        if over_limit(request, "complaint", limit, window):
            context = {"form": form, "limited": True}
            return render(request, "evaluation/public/complaint_form.html", context, status=429)
        if request.POST.get("website"):
            # A bot filled the hidden field: answer like a success, store nothing.
            return render(request, "evaluation/public/complaint_done.html", {"code": None})
        try:
            complaint = services.submit_complaint(request.POST)
        except InvalidInput as exc:
            show_errors(form, exc.fields)
            status = 400
        else:
            return render(request, "evaluation/public/complaint_done.html", {"code": complaint.tracking_code})
    return render(request, "evaluation/public/complaint_form.html", {"form": form}, status=status)


@never_cache
@csrf_protect
def complaint_track(request):
    """POST, not GET: the code stays out of URLs, logs and referrers."""
    status, result, searched = 200, None, False
    form = TrackForm()
    if request.method == "POST":
        form = TrackForm(request.POST)
        limit, window = _limit("SANXIANG_TRACK_RATE", (30, 3600))
        if over_limit(request, "track", limit, window):
            return render(
                request, "evaluation/public/track.html", {"form": form, "limited": True}, status=429
            )
        if form.is_valid():
            searched = True
            result = selectors.progress(form.cleaned_data["code"])
            status = 200 if result else 404
        else:
            status = 400
    context = {"form": form, "result": result, "searched": searched}
    return render(request, "evaluation/public/track.html", context, status=status)


def practice_list(request):
    page = Paginator(selectors.published_articles(), 20).get_page(request.GET.get("page"))
    return render(request, "evaluation/public/practices.html", {"page": page})


def practice_detail(request, article_id):
    try:
        article = selectors.published_article(article_id)
    except NotFound as exc:
        raise Http404(exc.message) from None
    return render(request, "evaluation/public/practice.html", {"article": article})
