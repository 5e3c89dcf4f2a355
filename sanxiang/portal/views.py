"""The portal's own public pages: home with the body directory, a body's page, open-data downloads,
the sitemap and robots.txt."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from sanxiang.core.errors import NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.disclosure import selectors as disclosure
from sanxiang.disclosure.public_views import public_view
from sanxiang.orgs.choices import BodyKind

from . import opendata, sections, sitemap

FORMATS = {
    "csv": ("text/csv; charset=utf-8", opendata.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", opendata.to_xlsx),
}


@public_view
def home(request):
    # The directory shows names and places: the bodies' long texts (basis, duties, remedies) stay unread.
    bodies = list(
        disclosure.public_bodies().only("public_id", "name", "kind", "region_name", "is_justice_bureau")
    )
    order = list(BodyKind.values)
    ordered = sorted(bodies, key=lambda b: (order.index(b.kind) if b.kind in order else len(order), b.name))
    groups = [(BodyKind(kind).label, list(rows)) for kind, rows in groupby(ordered, key=lambda b: b.kind)]
    return render(request, "portal/home.html", {"groups": groups, "count": len(bodies)})


@public_view
def body(request, public_id):
    page = sections.body_page(disclosure.public_body(parse_public_id(public_id)))
    page["datasets"] = [d for d in opendata.DATASETS.values() if d.key != "bodies"]
    return render(request, "portal/body.html", page)


@public_view
def data_index(request):
    page = {
        "datasets": list(opendata.DATASETS.values()),
        "licence": opendata.LICENCE,
        "url": opendata.LICENCE_URL,
    }
    return render(request, "portal/data.html", page)


@public_view
def download(request, dataset: str, fmt: str):
    if dataset not in opendata.DATASETS or fmt not in FORMATS:
        raise NotFound("数据集不存在")
    body_id = request.GET.get("body", "")
    body = disclosure.public_body(parse_public_id(body_id)) if body_id else None
    content_type, write = FORMATS[fmt]
    response = HttpResponse(write(opendata.DATASETS[dataset], body), content_type=content_type)
    name = f"{dataset}-{body.short_name if body else 'all'}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    response["Link"] = f'<{opendata.LICENCE_URL}>; rel="license"'
    return response


def _base(request) -> str:
    """The site's address for sitemap entries: SANXIANG_PUBLIC_URL when set, else the request's."""
    configured = getattr(settings, "SANXIANG_PUBLIC_URL", "")
    return configured.rstrip("/") if configured else f"{request.scheme}://{request.get_host()}"


def _xml(text: str) -> HttpResponse:
    return HttpResponse(text, content_type="application/xml; charset=utf-8")


@require_GET
def sitemap_index(request):
    return _xml(sitemap.index(_base(request), timezone.localdate()))


@require_GET
def sitemap_portal(request):
    return _xml(sitemap.urlset(_base(request), sitemap.portal_entries()))


@require_GET
def sitemap_decisions(request, number: int):
    today = timezone.localdate()
    if not 1 <= number <= sitemap.decision_files(today):
        return render(request, "portal/not_found.html", {}, status=404)
    return _xml(sitemap.urlset(_base(request), sitemap.decision_entries(today, number)))


@require_GET
def robots(request):
    return HttpResponse(sitemap.robots(_base(request)), content_type="text/plain; charset=utf-8")
