"""API of portal, mounted under /api/v1 by the api app: the public body directory (no token)."""

from __future__ import annotations

from ninja import Router

from sanxiang.core.ids import parse_public_id
from sanxiang.disclosure import opendata
from sanxiang.disclosure import selectors as disclosure
from sanxiang.disclosure.choices import ItemKind

router = Router(tags=["统一执法信息公示平台"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["统一执法信息公示平台（公开）"], auth=None)


@public_router.get("/bodies", summary="执法主体名录")
def bodies(request):
    rows = [opendata.body_row(b) for b in disclosure.public_bodies()]
    return {
        "licence": opendata.LICENCE,
        "licence_url": opendata.LICENCE_URL,
        "count": len(rows),
        "items": rows,
    }


@public_router.get("/bodies/{body_id}", summary="一个执法主体：主体信息及各清单的公开数量")
def body(request, body_id: str):
    found = disclosure.public_body(parse_public_id(body_id))
    info = disclosure.published_items(found, ItemKind.BODY_INFO).first()
    counts = {kind: disclosure.published_items(found, kind).count() for kind in ItemKind.values}
    return opendata.body_row(found) | {
        "info": opendata.item_row(info) if info else None,
        "published": counts,
        "officers": len(disclosure.public_officers(found)),
        "licence": opendata.LICENCE,
    }
