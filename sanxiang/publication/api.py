"""API of publication, mounted under /api/v1 by the api app."""

from ninja import Router

router = Router(tags=["执法决定公开（事后）"])
# Open data and other public endpoints (auth=None); mounted at /api/v1/public.
public_router = Router(tags=["执法决定公开（事后）（公开）"], auth=None)
