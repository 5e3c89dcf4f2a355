"""The portal's own public pages: home with the body directory, a body's page, open-data downloads."""

from __future__ import annotations

from itertools import groupby
from urllib.parse import quote

from django.http import HttpResponse
from django.shortcuts import render

from sanxiang.core.errors import NotFound
from sanxiang.core.ids import parse_public_id
from sanxiang.disclosure import selectors as disclosure
from sanxiang.disclosure.public_views import public_view
from sanxiang.orgs.choices import BodyKind

from . import opendata, sections

FORMATS = {
    "csv": ("text/csv; charset=utf-8", opendata.to_csv),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", opendata.to_xlsx),
}


@public_view
def home(request):
    bodies = list(disclosure.public_bodies())
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
