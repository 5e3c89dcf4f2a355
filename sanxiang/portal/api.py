"""API of portal, mounted under /api/v1 by the api app."""

from ninja import Router

router = Router(tags=["统一执法信息公示平台"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["统一执法信息公示平台（公开）"], auth=None)
