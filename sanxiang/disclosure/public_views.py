"""Public pages of disclosure (no login): credential check, item pages with history, board PDFs.

Only published content and the public fields of the officer registry are read (PUB-01).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from sanxiang.core.errors import NotFound
from sanxiang.core.ids import parse_public_id

from . import boards, qr, selectors
from .choices import ItemKind
from .content import spec
from .flowchart import render_svg


def public_view(view: Callable) -> Callable:
    """GET only; the domain's NotFound becomes a Chinese 404 page (not Django's English one)."""

    @require_GET
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return render(request, "portal/not_found.html", {"message": exc.message}, status=404)

    return wrapper


def item_display(item, version) -> dict:
    """What a page shows of one version: its rows, and the drawing for a flowchart."""
    rows = [r for r in spec(item.kind).display(version.content) if r[0] not in ("nodes", "edges")]
    svg = render_svg(version.content, item.title) if item.kind == ItemKind.FLOWCHART else ""
    return {"rows": rows, "svg": svg}


@public_view
def credential_search(request):
    number = request.GET.get("number", "").strip()
    if number:
        return redirect("disclosure_public:credential", number=number)
    return render(request, "disclosure/public/credential_search.html", {})


@public_view
def credential(request, number: str):
    try:
        card = selectors.credential_check(number)
    except NotFound:
        page = {"number": number}
        return render(request, "disclosure/public/credential_unknown.html", page, status=404)
    response = render(request, "disclosure/public/credential.html", {"card": card})
    response["Cache-Control"] = "no-cache"  # CRED-02: the status is live
    return response


@public_view
def credential_qr(request, number: str, fmt: str):
    if fmt not in ("svg", "png"):
        raise NotFound("资源不存在")
    selectors.credential_check(number)
    url = qr.credential_url(number, request)
    if fmt == "svg":
        return HttpResponse(qr.svg(url), content_type="image/svg+xml")
    return HttpResponse(qr.png(url), content_type="image/png")


@public_view
def item_page(request, public_id):
    item = selectors.public_item(parse_public_id(public_id))
    page = {
        "item": item,
        "version": item.published,
        "history": selectors.public_versions(item),
        **item_display(item, item.published),
    }
    return render(request, "disclosure/public/item.html", page)


@public_view
def item_version(request, public_id, number: int):
    item = selectors.public_item(parse_public_id(public_id))
    version = selectors.public_version(item, number)
    page = {"item": item, "version": version, "history": selectors.public_versions(item), "old": True}
    return render(request, "disclosure/public/item.html", page | item_display(item, version))


@public_view
def board_pdf(request, public_id):
    window = selectors.public_window(parse_public_id(public_id))
    response = HttpResponse(boards.render_pdf(window, request), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="board-{window.public_id}.pdf"'
    return response
